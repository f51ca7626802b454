"""What ``drafting check`` found in a spec, kept for the next run while nothing it was made from has changed
(issue 20, item 4) — as ruff and eslint keep their verdicts per file.

An entry is made only for a spec that passed (its warnings and its "hợp lệ" line, as printed); a spec with
errors is always checked again. It is named by the working folder, the spec as written on the command line,
``--strict`` and the spec's content (``cache.entry_name`` adds this drafting, this Python and where drafting is
installed), and records:

* ``tool``: the fingerprint of drafting's own code and data (``sources.tool_fingerprint``): any change to the
  engine, its schemas or the shipped registry makes every entry stale;
* ``inputs``: every other file the verdict was made from, with its SHA-256 (the agency registries, a progress
  report's plan and that plan's registries: ``api.dependencies``);
* ``missing``: the places where a registry would change the verdict if one appeared (``co-quan.yaml`` in a
  folder above).

An entry is used only when all three still hold; otherwise the spec is checked in full, and the entry
rewritten. The cache is ``drafting.cache``'s (private folder, 0700; ``DRAFTING_CACHE`` moves it); an entry
that cannot be read or written only makes that run slower. Here, below the engine: a run that finds every
verdict still valid never loads it.
"""

from __future__ import annotations

import os
from pathlib import Path

from . import cache
from .sources import file_hash, tool_fingerprint

KIND = "checks"


def key(spec: Path, strict: bool) -> str | None:
    """The entry name of ``spec`` as it is now (read before it is checked: a spec saved during the check is not
    recorded under its new content); None when the spec cannot be read (the check reports it)."""
    try:
        digest = file_hash(spec)
        here = os.getcwd()  # a working folder removed under us: no entry, the spec is checked as before
    except OSError:
        return None
    return cache.entry_name("check", here, str(spec), bool(strict), digest)


def lookup(name: str | None) -> tuple[list[str], str] | None:
    """The warnings and the "hợp lệ" line of the entry ``name`` when it still holds, else None."""
    if name is None:
        return None
    data = cache.read(KIND, name)
    if data is None or data.get("tool") != tool_fingerprint():
        return None
    warnings, ok, missing = data.get("warnings"), data.get("ok"), data.get("missing")
    if not (
        isinstance(warnings, list)
        and all(isinstance(w, str) for w in warnings)
        and isinstance(ok, str)
        and isinstance(missing, list)
        and all(isinstance(m, str) for m in missing)
    ):
        return None
    if any(os.path.lexists(m) for m in missing) or not cache.sources_unchanged(data.get("inputs")):
        return None
    return warnings, ok


def store(
    name: str | None, spec: Path, strict: bool, inputs: list[Path], missing: list[Path], warnings: list[str], ok: str
) -> None:
    """Keep the verdict of ``spec`` (it passed) under ``name``, taken before the check; nothing when the spec
    has changed since, or an input cannot be read."""
    if name is None or key(spec, strict) != name:
        return
    sources: dict[str, str] = {}
    try:
        for f in inputs:
            if Path(f).resolve() != Path(spec).resolve():  # the spec itself is in the name
                sources[str(Path(f).resolve())] = file_hash(Path(f))
    except OSError:
        return
    cache.write(
        KIND,
        name,
        {
            "tool": tool_fingerprint(),
            "inputs": sources,
            "missing": [str(Path(m).resolve()) for m in missing],
            "warnings": list(warnings),
            "ok": ok,
        },
    )
