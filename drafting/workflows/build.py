"""Incremental builds: what each output was built from (content hashes), rebuild only what changed."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

MANIFEST = ".drafting-build.json"
PACKAGE = Path(__file__).resolve().parent.parent


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
        from .. import __version__

        h = hashlib.sha256(__version__.encode())
        from ..resources import data_files

        # names relative to the package, so an editable checkout and a wheel give the same fingerprint
        files = [(f.relative_to(PACKAGE).as_posix(), f) for f in sorted(PACKAGE.rglob("*.py"))
                 if f.relative_to(PACKAGE).parts[0] not in ("templates", "specs")]  # package data, not code
        for name, f in files + data_files():
            h.update(name.encode())
            h.update(file_hash(f).encode())
        _TOOL.append(h.hexdigest())
    return _TOOL[0]


def source_hash(inputs: list[Path], missing: list[Path]) -> str:
    """One hash for an output's sources: the tool, every input's content, and which places are empty."""
    h = hashlib.sha256(tool_fingerprint().encode())
    for f in inputs:
        h.update(b"\0in\0" + Path(f).name.encode() + b"\0" + file_hash(f).encode())
    for f in missing:
        h.update(b"\0missing\0" + str(Path(f).resolve()).encode())
    return h.hexdigest()


@dataclass
class Outcome:
    rebuilt: list[Path] = field(default_factory=list)      # specs rendered
    unchanged: list[Path] = field(default_factory=list)    # specs skipped
    written: list[Path] = field(default_factory=list)      # files written
    failed: list[tuple[Path, Exception]] = field(default_factory=list)


def _load_manifest(outdir: Path) -> dict:
    try:
        data = json.loads((outdir / MANIFEST).read_text(encoding="utf-8"))
        return data if data.get("version") == 1 else {"version": 1, "specs": {}}
    except (OSError, ValueError):
        return {"version": 1, "specs": {}}


def _up_to_date(entry: dict, spec: Path) -> bool:
    """True when nothing the outputs of ``spec`` were built from has changed, and the outputs are intact."""
    try:
        for path, digest in entry["inputs"].items():
            if file_hash(Path(path)) != digest:
                return False
        if any(Path(p).exists() for p in entry.get("missing", [])):
            return False
        for path, digest in entry["outputs"].items():
            if file_hash(Path(path)) != digest:
                return False
        if entry.get("tool") != tool_fingerprint():
            return False
    except (OSError, KeyError):
        return False
    return True


class _Lock:
    """An exclusive lock on the output folder: two builds into it at once take turns (no torn manifest)."""

    def __init__(self, outdir: Path):
        self.path = Path(outdir) / ".drafting-build.lock"
        self.fh = None

    def __enter__(self):
        import fcntl

        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.fh = open(self.path, "a+")
        fcntl.flock(self.fh.fileno(), fcntl.LOCK_EX)
        return self

    def __exit__(self, *exc):
        import fcntl

        fcntl.flock(self.fh.fileno(), fcntl.LOCK_UN)
        self.fh.close()


def build_tree(root: Path, outdir: Path, *, force: bool = False, pdf: bool = False, templates: Path | None = None,
               strict: bool = False, on_spec: Callable[[Path, str], None] | None = None) -> Outcome:
    """Render every spec under ``root`` into ``outdir`` whose sources changed since the last build."""
    try:
        lock = _Lock(outdir)
        lock.__enter__()
    except OSError:  # a read-only or odd file system: build without the lock
        lock = None
    try:
        return _build_tree(root, outdir, force=force, pdf=pdf, templates=templates, strict=strict, on_spec=on_spec)
    finally:
        if lock is not None:
            lock.__exit__(None, None, None)


def _build_tree(root: Path, outdir: Path, *, force: bool, pdf: bool, templates: Path | None, strict: bool,
                on_spec: Callable[[Path, str], None] | None) -> Outcome:
    from .. import api
    from ..errors import DraftingError
    from ..fileio import write_atomic

    root, outdir = Path(root), Path(outdir)
    base = root if root.is_dir() else root.parent
    manifest = _load_manifest(outdir)
    specs_state = manifest.setdefault("specs", {})
    outcome = Outcome()
    changed = False
    for spec in api.find_specs(root):
        key = str(spec.resolve())
        entry = specs_state.get(key)
        if not force and entry and not pdf and entry.get("templates") == str(templates) and _up_to_date(entry, spec):
            outcome.unchanged.append(spec)
            if on_spec:
                on_spec(spec, "unchanged")
            continue
        target = outdir / spec.parent.relative_to(base)
        record: dict = {}
        try:
            written = api.render(spec, target, pdf=pdf, templates=templates, strict=strict, record=record)
        except DraftingError as exc:
            outcome.failed.append((spec, exc))
            specs_state.pop(key, None)
            changed = True
            if on_spec:
                on_spec(spec, "failed")
            continue
        outcome.rebuilt.append(spec)
        outcome.written += written
        specs_state[key] = {
            "tool": tool_fingerprint(),
            "inputs": {str(Path(p).resolve()): file_hash(Path(p)) for p in record["inputs"]},
            "missing": [str(Path(p).resolve()) for p in record["missing"]],
            "outputs": {str(Path(p).resolve()): file_hash(Path(p)) for p in written},
            "hash": record["hash"],
            "templates": str(templates),
        }
        changed = True
        if on_spec:
            on_spec(spec, "rebuilt")
    if changed:
        write_atomic(outdir / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode())
    return outcome


def watch_tree(root: Path, outdir: Path, *, templates: Path | None = None, strict: bool = False,
               report: Callable[[Outcome], None], stop_event=None) -> None:
    """Build, then rebuild on every save under ``root`` (and the templates folder) until stopped."""
    from watchfiles import watch

    from .. import api

    report(build_tree(root, outdir, templates=templates, strict=strict))
    paths = [str(root), str(templates or api.TEMPLATES_DIR)]
    out_abs = str(Path(outdir).resolve())

    def relevant(change, path: str) -> bool:
        p = str(Path(path).resolve())
        return not p.startswith(out_abs) and Path(p).suffix in (".yaml", ".yml", ".docx") and \
            not Path(p).name.startswith((".~", "~$"))

    for _changes in watch(*paths, watch_filter=relevant, stop_event=stop_event, rust_timeout=500,
                          yield_on_timeout=False, debounce=300):
        report(build_tree(root, outdir, templates=templates, strict=strict))
