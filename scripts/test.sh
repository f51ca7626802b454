#!/usr/bin/env bash
# Installs what the tests need, once, into a virtual environment of its own, then runs the tests:
#   bash scripts/test.sh                  the whole suite (what CI runs)
#   bash scripts/test.sh -m "not slow" -n 2    the fast lane (no LibreOffice, a small property run, 2 cores)
# The environment lives in the user's cache folder (DRAFTING_VENV to choose another), so a fresh clone reuses
# it, and it is installed again only when the project's metadata, dependencies or layout in pyproject.toml
# change: a second run needs no network.
set -euo pipefail
cd "$(dirname "$0")/.."

venv="${DRAFTING_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/drafting/test-venv}"
python="${PYTHON:-python3}"
# what decides the installation: the project's metadata and dependencies, the build and the package layout
# (not the tools' settings further down pyproject.toml)
want="$("$python" - <<'PY'
import hashlib, json, tomllib
with open("pyproject.toml", "rb") as fh:
    data = tomllib.load(fh)
key = [data.get("build-system"), data.get("project"), data.get("tool", {}).get("setuptools")]
print(hashlib.sha256(json.dumps(key, sort_keys=True).encode()).hexdigest())
PY
)"
have="$(cat "$venv/.drafting-pyproject" 2>/dev/null || true)"

if [ -x "$venv/bin/python" ] && [ "$have" = "$want" ]; then
  echo "Môi trường thử $venv đã đủ: không cài gì."
else
  echo "Cài môi trường thử vào $venv …"
  "$python" -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -e ".[test]"
  echo "$want" > "$venv/.drafting-pyproject"
fi

# the checkout's own code and data are used (drafting/resources.py), whichever checkout installed the venv
exec "$venv/bin/python" -m pytest "$@"
