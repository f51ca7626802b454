"""What a document is made from, as hashes: a file's content, the tool itself, the sources of one output.

Below every layer that renders or builds (api records the hashes, workflows.build compares them)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from . import cache
from .resources import data_files
from .version import __version__

PACKAGE = Path(__file__).resolve().parent
#: files in a workspace that are not document specs
NOT_SPECS = {"co-quan.yaml"}


def find_specs(root: Path | str) -> list[Path]:
    """Every spec (*.yaml, *.yml) under ``root``, sorted; agency registries are left out.

    Here, below the engine, so that a build that finds nothing changed never loads it."""
    root = Path(root)
    if root.is_file():
        return [root]
    found = [
        p
        for p in root.rglob("*")
        if p.suffix in (".yaml", ".yml")
        and p.is_file()
        and p.name not in NOT_SPECS
        and not any(part.startswith(".") for part in p.relative_to(root).parts)
    ]
    return sorted(found)


def file_hash(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 16), b""):
            h.update(chunk)
    return h.hexdigest()


_TOOL: list[str] = []
#: the user's cache of the tool fingerprint (drafting.cache), by the files' stamps
FINGERPRINT = "tool"


def tool_fingerprint() -> str:
    """Hash of the tool itself (its code and schemas): a new version rebuilds everything.

    Hashing the 100 files took 3.5 ms of every ``check``, ``build`` and ``render``; the fingerprint is kept in the
    user's cache with each file's stamp (modification and change times, size, inode), and used while every stamp
    is the same, as Python trusts its bytecode while a module's time and size are. The stamps are taken before
    the files are read, so a file changed while it is hashed is hashed again by the next run."""
    if not _TOOL:
        files = _tool_files()
        stamps = [[name, *(cache.stamp(f) or [])] for name, f in files]
        entry = cache.entry_name(FINGERPRINT)
        kept = cache.read(FINGERPRINT, entry)
        if kept is not None and kept.get("stamps") == stamps and isinstance(kept.get("fingerprint"), str):
            _TOOL.append(kept["fingerprint"])
        else:
            h = hashlib.sha256(__version__.encode())
            for name, f in files:
                h.update(name.encode())
                h.update(file_hash(f).encode())
            _TOOL.append(h.hexdigest())
            cache.write(FINGERPRINT, entry, {"stamps": stamps, "fingerprint": _TOOL[0]})
    return _TOOL[0]


def _tool_files() -> list[tuple[str, Path]]:
    """drafting's modules and the data files that change what it produces, by names relative to the package
    (an editable checkout and a wheel give the same fingerprint)."""
    files = [
        (f.relative_to(PACKAGE).as_posix(), f)
        for f in sorted(PACKAGE.rglob("*.py"))
        if f.relative_to(PACKAGE).parts[0] not in ("templates", "specs")
    ]  # package data, not code
    return files + data_files()


def source_hash(inputs: list[Path], missing: list[Path], base: Path | None = None) -> str:
    """One hash for an output's sources: the tool, every input's content, and which places are empty.

    Places are written relative to ``base`` (the spec's folder), never as absolute paths: the same
    workspace gives the same hash wherever it lies and whatever the working folder.
    """

    h = hashlib.sha256(tool_fingerprint().encode())
    for f in inputs:
        h.update(b"\0in\0" + Path(f).name.encode() + b"\0" + file_hash(f).encode())
    for f in missing:
        where = Path(f).resolve()
        name = os.path.relpath(where, Path(base).resolve()) if base is not None else where.name
        h.update(b"\0missing\0" + Path(name).as_posix().encode())
    return h.hexdigest()
