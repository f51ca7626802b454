#!/usr/bin/env bash
# Fetches the htmx the web app serves (drafting/web/static/htmx.min.js) from the npm registry and checks its hash.
set -euo pipefail
cd "$(dirname "$0")/.."
version=2.0.11
want=d6fdc75f204e6bdefa99b69bf1e6d4ac69b8a364f77929f45c13476b4000f717
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "htmx.org@$version" >/dev/null && tar xzf "htmx.org-$version.tgz")
got="$(sha256sum "$tmp/package/dist/htmx.min.js" | cut -d' ' -f1)"
if [ "$got" != "$want" ]; then
  echo "htmx $version: sha256 $got, không phải $want" >&2
  exit 1
fi
cp "$tmp/package/dist/htmx.min.js" drafting/web/static/htmx.min.js
echo "drafting/web/static/htmx.min.js: htmx $version"
