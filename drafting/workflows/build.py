"""Incremental builds: what each output was built from (content hashes), rebuild only what changed."""

from __future__ import annotations

import errno
import fcntl
import hashlib
import json
import os
import time
from collections.abc import Callable
from pathlib import Path

from ..errors import DraftingError, FileAccessError, PdfError, Problem, SpecError
from ..fileio import write_atomic
from ..resources import templates_dir
from ..sources import file_hash, find_specs, source_hash, tool_fingerprint  # noqa: F401 - the build manifest's hashes

# A build that finds nothing changed reads the manifest and hashes files, nothing more: the engine (api, the
# spec reader, LibreOffice's driver) loads at the first spec that must be rendered again.

MANIFEST = ".drafting-build.json"


class Outcome:
    """What a build did, filled in as it goes (a plain class: a build that finds nothing to do loads no
    dataclasses, 7 ms of its start)."""

    def __init__(self) -> None:
        self.rebuilt: list[Path] = []  # specs rendered
        self.unchanged: list[Path] = []  # specs skipped
        self.written: list[Path] = []  # files written
        self.failed: list[tuple[Path, Exception]] = []
        self.stale: list[Path] = []  # outputs no spec makes any more that could not be removed
        self.converted: list[Path] = []  # PDFs made (also in ``written``)
        self.described: list[Path] = []  # metadata JSON files made (also in ``written``)
        self.warnings: list[Problem] = []  # the warnings of the specs rendered

    def __repr__(self) -> str:
        return f"Outcome({', '.join(f'{k}={v!r}' for k, v in vars(self).items())})"


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


def spec_state(outdir: Path, spec: Path) -> tuple[str, list[Path]]:
    """How the outputs of ``spec`` built into ``outdir`` stand: ("cap_nhat", files) when they match what they were
    built from, ("cu", files) when the spec, its registry or template changed since, ("chua_tao", []) when no
    build made them."""
    entry = _load_manifest(Path(outdir)).get("specs", {}).get(str(Path(spec).absolute()))
    if not entry:
        return "chua_tao", []
    made = [Path(p) for p in sorted(entry.get("outputs", {}))]
    made += [Path(p) for p in sorted(entry.get("pdfs", {}))]
    made = [p for p in made if p.exists()]
    return ("cap_nhat" if _up_to_date(entry, Path(spec)) else "cu"), made


class _Lock:
    """An exclusive lock on the output folder: two builds into it at once take turns (no torn manifest).

    The lock file is opened without following a symlink (a link planted there cannot make a build
    create or truncate a file elsewhere)."""

    def __init__(self, outdir: Path):
        self.path = Path(outdir) / ".drafting-build.lock"
        self.fd = None

    def __enter__(self):

        self.path.parent.mkdir(parents=True, exist_ok=True)
        flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
        self.fd = os.open(self.path, flags, 0o644)
        fcntl.flock(self.fd, fcntl.LOCK_EX)
        return self

    def __exit__(self, *exc):

        fcntl.flock(self.fd, fcntl.LOCK_UN)
        os.close(self.fd)


def build_tree(
    root: Path,
    outdir: Path,
    *,
    force: bool = False,
    pdf: bool = False,
    templates: Path | None = None,
    strict: bool = False,
    on_spec: Callable[[Path, str], None] | None = None,
    dien_tu: bool = False,
    metadata: bool = False,
) -> Outcome:
    """Render every spec under ``root`` into ``outdir`` whose sources changed since the last build; with
    ``pdf``, the PDF of each .docx whose PDF is missing or older; with ``metadata``, the Phụ lục VI JSON beside
    each document, made again only when its .docx or PDF changed."""

    try:
        lock = _Lock(outdir)
        lock.__enter__()
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise FileAccessError(f"{lock.path}: là liên kết tượng trưng (symlink); hãy xóa nó") from exc
        lock = None  # a read-only or odd file system: build without the lock
    try:
        return _build_tree(
            root,
            outdir,
            force=force,
            pdf=pdf,
            templates=templates,
            strict=strict,
            on_spec=on_spec,
            dien_tu=dien_tu,
            metadata=metadata,
        )
    finally:
        if lock is not None:
            lock.__exit__(None, None, None)


def _collisions(specs: list[Path]) -> dict[Path, list[Path]]:
    """Specs of one folder whose outputs would overwrite each other (a.yaml and a.yml, A.yaml and a.yaml)."""
    groups: dict[tuple[Path, str], list[Path]] = {}
    for s in specs:
        groups.setdefault((s.parent, s.stem.casefold()), []).append(s)
    return {s: g for g in groups.values() if len(g) > 1 for s in g}


def _prune(paths, keep: set[str], recorded: dict) -> list[Path]:
    """Remove outputs a build wrote before and no longer writes, if nobody changed them since; return those that
    are still there but could not be removed (an output already gone is what was wanted)."""

    stale = []
    for p in paths:
        if p in keep or not Path(p).exists():
            continue
        try:
            if file_hash(Path(p)) == recorded.get(p):
                os.unlink(p)
        except OSError:
            stale.append(Path(p))
    return stale


def _build_tree(
    root: Path,
    outdir: Path,
    *,
    force: bool,
    pdf: bool,
    templates: Path | None,
    strict: bool,
    on_spec: Callable[[Path, str], None] | None,
    dien_tu: bool = False,
    metadata: bool = False,
) -> Outcome:

    root, outdir = Path(root), Path(outdir)
    base = root if root.is_dir() else root.parent
    manifest = _load_manifest(outdir)
    specs_state = manifest.setdefault("specs", {})
    outcome = Outcome()
    changed = False
    specs = find_specs(root)
    clashes = _collisions(specs)
    seen: set[str] = set()
    for spec in specs:
        key = str(spec.absolute())
        seen.add(key)
        entry = specs_state.get(key)
        if spec in clashes:
            from ..spec.loader import display_name  # noqa: PLC0415 - the engine loads only when a spec must be rendered or reported

            others = ", ".join(p.name for p in clashes[spec] if p != spec)
            exc = SpecError(
                [
                    Problem(
                        display_name(spec),
                        0,
                        0,
                        "",
                        f"cùng tên với {others}: văn bản của hai tệp sẽ ghi đè lên nhau, "
                        "không tạo tệp nào; hãy đổi tên một tệp",
                    )
                ]
            )
            outcome.failed.append((spec, exc))
            changed |= specs_state.pop(key, None) is not None
            if on_spec:
                on_spec(spec, "failed")
            continue
        if (
            not force
            and entry
            and entry.get("templates") == str(templates)
            and entry.get("dien_tu", False) == dien_tu  # the same mode (paper, electronic) as last time
            and _up_to_date(entry, spec)
        ):
            outcome.unchanged.append(spec)
            if on_spec:
                on_spec(spec, "unchanged")
            continue
        target = outdir / spec.parent.relative_to(base)
        record: dict = {}
        from .. import api  # noqa: PLC0415 - the engine loads only when a spec must be rendered or reported

        try:
            # PDFs are made afterwards, for all specs at once (``_pdfs``)
            written = api.render(
                spec, target, pdf=False, templates=templates, strict=strict, record=record, dien_tu=dien_tu
            )
        except DraftingError as exc:
            outcome.failed.append((spec, exc))
            specs_state.pop(key, None)
            changed = True
            if on_spec:
                on_spec(spec, "failed")
            continue
        outcome.rebuilt.append(spec)
        outcome.written += written
        outcome.warnings += record["warnings"]
        new_entry = {
            "tool": tool_fingerprint(),
            # the hashes the outputs were rendered from, taken before reading (not re-read now: a file
            # saved since then must not pass for what was built)
            "inputs": record["input_hashes"],
            "missing": [str(Path(p).resolve()) for p in record["missing"]],
            # what was really written
            "outputs": record["output_hashes"],
            "hash": record["hash"],
            "templates": str(templates),
            "dien_tu": dien_tu,
            "pdfs": (entry or {}).get("pdfs", {}),  # checked against the new .docx files below
            "metadata": (entry or {}).get("metadata", {}),  # likewise
        }
        if entry:
            outcome.stale += _prune(entry.get("outputs", {}), set(new_entry["outputs"]), entry.get("outputs", {}))
        specs_state[key] = new_entry
        changed = True
        if on_spec:
            on_spec(spec, "rebuilt")
    # specs deleted (or renamed) under this root: their outputs go too, unless edited by hand since
    root_abs = str(base.absolute())
    for key in [k for k in specs_state if k not in seen and k.startswith(root_abs + "/") and not Path(k).exists()]:
        gone = specs_state.pop(key)
        outputs = gone.get("outputs", {})
        outcome.stale += _prune(outputs, set(), outputs)
        for step in ("pdfs", "metadata"):
            made = {p: r["hash"] for p, r in gone.get(step, {}).items()}
            outcome.stale += _prune(made, set(), made)
        changed = True
    current = {k: specs_state[k] for k in sorted(seen) if k in specs_state}
    changed |= _pdfs(current, pdf, outcome)
    changed |= _metadata(current, metadata, outcome)
    if changed:
        write_atomic(outdir / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode())
    return outcome


def _pdfs(entries: dict[str, dict], mode: bool | str, outcome: Outcome) -> bool:
    """Make the PDF of every .docx of ``entries`` (spec → manifest entry) whose .docx changed since its PDF was
    made, or whose PDF is missing, edited or of the other kind (PDF/A or plain): all of them in ONE LibreOffice
    process. Without ``mode`` the PDFs made before are removed (unless edited since). Returns whether the
    manifest changed."""
    changed = False
    queue: list[tuple[str, Path, Path]] = []  # (spec, .docx, .pdf)
    for key, entry in entries.items():
        made: dict = entry.setdefault("pdfs", {})
        # a manifest of an older build listed its PDFs among the spec's outputs: they are this step's now
        for legacy in [p for p in entry["outputs"] if p.endswith(".pdf")]:
            made.setdefault(legacy, {"docx": None, "mode": None, "hash": entry["outputs"].pop(legacy)})
            changed = True
        docs = {str(Path(p).with_suffix(".pdf")): p for p in entry["outputs"] if p.endswith(".docx")}
        keep = set(docs) if mode else set()
        changed |= _drop_unwanted(made, keep, outcome)
        for pdf_path in sorted(keep):
            docx = docs[pdf_path]
            rec = made.get(pdf_path)
            try:
                fresh = (
                    rec is not None
                    and rec["docx"] == entry["outputs"][docx]
                    and rec["mode"] == mode
                    and file_hash(Path(pdf_path)) == rec["hash"]
                )
            except OSError:
                fresh = False
            if not fresh:
                queue.append((key, Path(docx), Path(pdf_path)))
    if not queue:
        return changed
    from ..render import pdf as render_pdf  # noqa: PLC0415 - LibreOffice's driver loads only when a PDF must be made

    try:
        results, err = render_pdf.convert_batch([d for _, d, _ in queue], pdfa=mode != "thuong")
    except PdfError as exc:
        results, err = [None] * len(queue), ""
        failure: PdfError | None = exc
    else:
        failure = None
    reported: set[str] = set()
    for (key, docx, pdf_path), data in zip(queue, results, strict=True):
        made = entries[key]["pdfs"]
        if data is None:
            made.pop(str(pdf_path), None)
            if key not in reported:
                reported.add(key)
                outcome.failed.append(
                    (
                        Path(key),
                        failure or PdfError(f"LibreOffice không chuyển được {docx.name}" + (f": {err}" if err else "")),
                    )
                )
            changed = True
            continue
        write_atomic(pdf_path, data)
        made[str(pdf_path)] = {
            "docx": entries[key]["outputs"][str(docx)],
            "mode": mode,
            "hash": hashlib.sha256(data).hexdigest(),
        }
        outcome.converted.append(pdf_path)
        outcome.written.append(pdf_path)
        changed = True
    return changed


def _drop_unwanted(made: dict, keep: set[str], outcome: Outcome) -> bool:
    """Remove the files a step made before (``made``: path → record with its hash) that are not in ``keep``, unless
    edited since; forget them in the manifest. Returns whether the manifest changed."""
    dropped = {p: r["hash"] for p, r in made.items() if p not in keep}
    if not dropped:
        return False
    outcome.stale += _prune(dropped, set(), dropped)
    for p in dropped:
        del made[p]
    return True


def _metadata(entries: dict[str, dict], wanted: bool, outcome: Outcome) -> bool:
    """Write the Phụ lục VI JSON (``--metadata``) beside every .docx of ``entries`` that carries the metadata,
    when the .docx or its PDF (the page count) changed since the JSON was made, or the JSON is missing or was
    edited; without ``wanted`` the JSON files made before are removed (unless edited since). Returns whether the
    manifest changed."""
    changed = False
    for entry in entries.values():
        made: dict = entry.setdefault("metadata", {})
        docs = {str(Path(p).with_suffix(".metadata.json")): p for p in entry["outputs"] if p.endswith(".docx")}
        keep = set(docs) if wanted else set()
        changed |= _drop_unwanted(made, keep, outcome)
        for target in sorted(keep):
            docx = docs[target]
            pdf = entry.get("pdfs", {}).get(str(Path(docx).with_suffix(".pdf")))
            sources = {"docx": entry["outputs"][docx], "pdf": pdf["hash"] if pdf else None}
            rec = made.get(target)
            try:
                fresh = rec is not None and rec["from"] == sources and file_hash(Path(target)) == rec["hash"]
            except OSError:
                fresh = False
            if fresh:
                continue
            from ..render.metadata_file import write_metadata  # noqa: PLC0415 - the .docx reader loads only when a JSON must be made

            written = write_metadata(Path(docx))
            if written is None:  # a form or a sheet: no outgoing-document metadata
                if made.pop(target, None) is not None:
                    changed = True
                continue
            made[target] = {"from": sources, "hash": file_hash(written)}
            outcome.described.append(written)
            outcome.written.append(written)
            changed = True
    return changed


def watch_tree(
    root: Path,
    outdir: Path,
    *,
    templates: Path | None = None,
    strict: bool = False,
    report: Callable[[Outcome], None],
    stop_event=None,
    on_idle: Callable[[int], None] | None = None,
) -> None:
    """Build, then rebuild on every save under ``root`` (and the templates folder) until stopped.

    Saves are coalesced (a burst gives one build), and a build that rebuilt something is followed by
    another, until one finds nothing changed: whatever was saved during a build, the outputs end up
    matching the last saved state. Renamed or deleted folders count as changes; a watched folder that is
    deleted and created again is watched again.

    ``on_idle(armed)`` is called each time the watcher has built everything and waited a poll period with no
    change, ``armed`` counting how many times the folder has been (re)watched: from the first call of an
    ``armed`` value on, every save under that folder is seen (an editor, or a test, can wait on it).
    """

    from watchfiles import watch  # noqa: PLC0415 - watchfiles loads only under --watch

    root = Path(root)
    out_abs = str(Path(outdir).resolve())

    def converge() -> None:
        for attempt in range(5):
            outcome = build_tree(root, outdir, templates=templates, strict=strict)
            if attempt == 0 or outcome.rebuilt:  # a follow-up that found nothing to do is not news
                report(outcome)
            if not outcome.rebuilt:
                return

    def relevant(change, path: str) -> bool:
        p = Path(path).resolve()
        if str(p).startswith(out_abs) or p.name.startswith((".~", "~$", ".drafting-build")):
            return False
        if p.suffix in (".yaml", ".yml", ".docx"):
            return True
        return p.is_dir() or not p.exists()  # a folder created, renamed or deleted

    def ident(path: Path):
        try:
            st = os.stat(path)
            return st.st_dev, st.st_ino
        except OSError:
            return None

    def stopped() -> bool:
        return stop_event is not None and stop_event.is_set()

    armed = 0
    while not stopped():
        while not root.exists() and not stopped():  # the watched folder is gone: wait for it
            time.sleep(0.2)
        if stopped():
            return
        converge()
        start = ident(root)
        armed += 1
        paths = [str(root), str(templates or templates_dir())]
        for changes in watch(
            *paths,
            watch_filter=relevant,
            stop_event=stop_event,
            rust_timeout=500,
            yield_on_timeout=True,
            debounce=300,
            raise_interrupt=True,
        ):
            if ident(root) != start:  # deleted, or replaced by a new folder of that name
                break
            if changes:
                converge()
            elif on_idle is not None:  # a poll period passed with nothing to do: the watch is armed and idle
                on_idle(armed)


def build(
    root: Path | str = "examples",
    outdir: Path | str = "out",
    *,
    pdf: bool | str = False,
    templates: Path | None = None,
    strict: bool = False,
    force: bool = True,
) -> Outcome:
    """Render every spec under ``root`` into ``outdir`` (all of them, or with ``force=False`` only changed ones):
    the public ``drafting.build``."""
    return build_tree(Path(root), Path(outdir), force=force, pdf=pdf, templates=templates, strict=strict)
