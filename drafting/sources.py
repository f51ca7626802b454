"""What a document is made from, as hashes: a file's content, the tool itself, the sources of one output.

Below every layer that renders or builds (api records the hashes, workflows.build compares them)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

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


def tool_fingerprint() -> str:
    """Hash of the tool itself (its code and schemas): a new version rebuilds everything."""
    if not _TOOL:
        h = hashlib.sha256(__version__.encode())

        # names relative to the package, so an editable checkout and a wheel give the same fingerprint
        files = [
            (f.relative_to(PACKAGE).as_posix(), f)
            for f in sorted(PACKAGE.rglob("*.py"))
            if f.relative_to(PACKAGE).parts[0] not in ("templates", "specs")
        ]  # package data, not code
        for name, f in files + data_files():
            h.update(name.encode())
            h.update(file_hash(f).encode())
        _TOOL.append(h.hexdigest())
    return _TOOL[0]


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
