"""The public API used by the CLI and the tests: check, render and build specs."""

from __future__ import annotations

import dataclasses
import hashlib
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import FileAccessError, Problem, SpecError, UsageProblem
from .fileio import write_set
from .kinds import KINDS
from .model.agencies import (
    REGISTRY_FILE,
    WORKSPACE_MARKER,
    registry_candidates,
    registry_files_for,
    workspace_of,
)
from .resources import shipped_registry, templates_dir
from .sources import NOT_SPECS, file_hash, find_specs, source_hash  # noqa: F401 - NOT_SPECS, find_specs: public here too
from .spec.loader import display_name, dotted, load_spec
from .spec.registry import load_registry
from .spec.validator import validate
from .util import gc_paused

# the render layer (render.docx, render.pdf) loads at the first render: checking a spec does not load it

TEMPLATES_DIR = templates_dir()
SHIPPED_REGISTRY = shipped_registry()


@dataclass
class Checked:
    """A spec that validated: its kind, model and warnings."""

    file: Path
    kind: Any
    model: Any
    warnings: list[Problem] = field(default_factory=list)
    #: the workspace registries it was checked with, and the places whose appearing would change them
    registries: tuple[list[Path], list[Path]] = field(default_factory=lambda: ([], []))
    #: the agency registry it was checked with (``registry_for``)
    registry: Any = None


#: the field by which a spec names its registries itself (paths relative to the spec)
REGISTRY_FIELD = "danh_muc_co_quan"


def registry_sources(spec: Path, data: dict | None = None) -> tuple[list[Path], list[Path]]:
    """The workspace registries of ``spec`` (outermost first) and the places whose appearing would change
    them — a property of the spec, never of the working folder.

    A spec may name them (``danh_muc_co_quan: [../co-quan.yaml]``, relative to the spec); otherwise they
    are found from the spec's folder up (``model.agencies.workspace_of``).
    """

    named = (data or {}).get(REGISTRY_FIELD)
    if named:
        names = [named] if isinstance(named, str) else [n for n in named if isinstance(n, str)]
        return [Path(spec).parent / n for n in names], []
    files = registry_files_for(spec, SHIPPED_REGISTRY)[1:]
    missing = [c for c in registry_candidates(spec) if not c.exists()]
    return files, missing


def registry_for(spec: Path, spec_data: dict | None = None):
    """The agency registry ``spec`` is checked with: the shipped one, then the workspace's (or those the spec
    names in ``danh_muc_co_quan``), each checked; raises SpecError naming a broken registry file."""
    if spec_data is None:
        spec_data = load_spec(spec).data
    files, _ = registry_sources(spec, spec_data)
    problems = []
    data: dict[Path, dict] = {}
    for f in files:
        if spec_data and spec_data.get(REGISTRY_FIELD):
            referenced_file(spec, f, REGISTRY_FIELD, inside_workspace=False)
        loaded = load_spec(f)  # clean errors for a broken workspace registry
        data[Path(f)] = loaded.data
        items = loaded.data.get("co_quan", [])
        if not isinstance(items, list) or not all(
            isinstance(i, str) or (isinstance(i, dict) and isinstance(i.get("ten"), str)) for i in items
        ):
            line, col = loaded.position(("co_quan",))
            problems.append(
                Problem(
                    display_name(f), line, col, "co_quan", 'danh mục cơ quan phải là danh sách, mỗi mục có khóa "ten"'
                )
            )
    if problems:
        raise SpecError(problems)
    return load_registry([SHIPPED_REGISTRY, *files], data)


#: specs being checked right now (resolved), outermost first: a reference back to one of them is a loop
_CHECKING: list[Path] = []


def _resolve_reference(spec: Path, reference: str, field_name: str) -> tuple[str, Any, Path, Any]:
    """A spec another spec refers to (a progress file's ``ke_hoach``), checked: (kind name, model, file, the
    agency registry it was checked with)."""
    target = referenced_file(Path(spec), Path(spec).parent / reference, field_name)
    _CHECKING.append(Path(spec).resolve())
    try:
        checked = check(target)
    finally:
        _CHECKING.pop()
    return checked.kind.name, checked.model, target, checked.registry


def referenced_file(spec: Path, target: Path, field_name: str, *, inside_workspace: bool = True) -> Path:
    """Check a file ``spec`` refers to (a progress spec's ``ke_hoach:``, a named registry): it must be a
    regular file (not a folder, FIFO or device), lie inside the spec's workspace (for ``inside_workspace``),
    and not refer back to a spec being checked. Returns the path; raises SpecError."""

    def problem(message: str, hint: str | None = None) -> SpecError:
        return SpecError([Problem(display_name(Path(spec)), 0, 0, field_name, message, hint=hint)])

    target = Path(target)
    shown = (
        str(target.relative_to(Path(spec).parent))
        if not target.is_absolute() or str(target).startswith(str(Path(spec).parent))
        else str(target)
    )
    try:
        real = target.resolve(strict=True)
        mode = real.stat().st_mode
    except FileNotFoundError:
        raise problem(f'không tìm thấy tệp "{shown}"') from None
    except (OSError, RuntimeError) as exc:  # a symlink loop, no permission
        raise problem(f'không đọc được tệp "{shown}" ({getattr(exc, "strerror", None) or exc})') from None
    if not stat.S_ISREG(mode):
        raise problem(f'"{shown}" không phải tệp thường (thư mục, FIFO hay thiết bị)')
    if real == Path(spec).resolve() or real in _CHECKING:
        raise problem(f'"{shown}" tham chiếu vòng trở lại chính đặc tả đang kiểm tra')
    if real.suffix.lower() not in (".yaml", ".yml"):
        raise problem(f'"{shown}" không phải tệp đặc tả YAML (.yaml, .yml)')
    if inside_workspace:
        root = workspace_of(Path(spec))
        # outside the spec's own workspace, only a spec of another real workspace (one with a registry or
        # a marker; e.g. a progress file written elsewhere by collect, naming the plan of its workspace)
        theirs = workspace_of(real)
        other = (theirs / REGISTRY_FILE).is_file() or (theirs / WORKSPACE_MARKER).exists()
        if not real.is_relative_to(root.resolve()) and not other:
            raise problem(
                f'"{shown}" nằm ngoài thư mục làm việc {root}',
                hint="đặt tệp trong thư mục làm việc, hoặc đánh dấu thư mục gốc bằng tệp .drafting-workspace",
            )
    return target


def record_registries(doc, source_spec: Path, out: Path) -> None:
    """Have a spec drafted from ``source_spec`` into ``out`` (next-year) name the registries of its source
    when, from where it is written, the workspace lookup would not find the same ones."""

    theirs, _ = registry_sources(Path(source_spec), load_spec(source_spec).data)
    ours, _ = registry_sources(Path(out))

    def contents(files):
        try:
            return [Path(f).read_bytes() for f in files]
        except OSError:
            return None

    if [f.resolve() for f in theirs] == [f.resolve() for f in ours] or contents(theirs) == contents(ours):
        return  # the same registries (or copies of them) are found from where it is written
    rel = [Path(os.path.relpath(f.resolve(), Path(out).resolve().parent)).as_posix() for f in theirs]
    keys = list(doc.keys())
    pos = keys.index("loai") + 1 if "loai" in keys else 0
    if hasattr(doc, "insert"):
        doc.insert(pos, REGISTRY_FIELD, rel)
    else:
        doc[REGISTRY_FIELD] = rel


def refuse_overwriting_inputs(out: Path | str, inputs: Iterable[Path | str | None], option: str = "-o") -> None:
    """No command writes over one of its own inputs: ``out`` naming an input (same file, also through a
    link) is a usage error (exit 2). The CLI calls this before doing anything."""

    out = Path(out)
    for f in inputs:
        if f is None:
            continue
        f = Path(f)
        try:
            same = out.exists() and f.exists() and os.path.samefile(out, f)
        except OSError:  # a path that cannot be looked at is compared by its resolved name below
            same = False
        if same or out.resolve() == f.resolve():
            raise UsageProblem(
                f"{option} {out}: là tệp đầu vào {f} của lệnh; lệnh không ghi đè lên đầu vào của nó",
                hint="chọn một tên tệp khác",
            )


def check(spec: Path | str, *, strict: bool = False, text: str | None = None) -> Checked:
    """Load and validate ``spec``; raise SpecError with every problem, or return the built model. ``text``: the
    spec's text as being edited, checked in place of the file's (same folder, same registry, same messages)."""

    with gc_paused():
        return _check(spec, strict=strict, text=text)


def _check(spec: Path | str, *, strict: bool = False, text: str | None = None) -> Checked:

    spec = Path(spec)
    loaded = load_spec(spec, text)
    kind_name = loaded.data.get("loai")
    if not isinstance(kind_name, str) or kind_name not in KINDS:
        line, col = loaded.position(("loai",))
        msg = (
            'thiếu trường "loai" (loại văn bản)'
            if kind_name is None
            else f'loại văn bản "{kind_name}" không được hỗ trợ'
            if isinstance(kind_name, str)
            else "loại văn bản (loai) phải là một tên, ví dụ ke_hoach"
        )
        raise SpecError(
            [Problem(display_name(spec), line, col, "loai", msg, hint="chọn một trong: " + ", ".join(KINDS))]
        )
    kind = KINDS[kind_name]
    registry = registry_for(spec, loaded.data)
    document, problems = validate(loaded, kind.schema, registry)
    errors = [p for p in problems if p.severity == "error"]
    if strict:
        errors += [p for p in problems if p.severity == "warning"]
    if errors or document is None:
        raise SpecError(problems)
    model = kind.build(document, spec, _resolve_reference)
    if kind.checks:
        for path, message, severity in kind.checks(model):
            line, col = loaded.position(path)
            problems.append(Problem(display_name(spec), line, col, dotted(path), message, severity=severity))
        errors = [p for p in problems if p.severity == "error" or (strict and p.severity == "warning")]
        if errors:
            raise SpecError(problems)
    return Checked(
        spec,
        kind,
        model,
        [p for p in problems if p.severity == "warning"],
        registry_sources(spec, loaded.data),
        registry,
    )


#: names Windows reserves for devices, whatever the extension (CON.docx opens the console)
WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}


def output_stem(stem: str) -> str:
    """The name an output is written under: ``con`` → ``con-van-ban`` (a name Windows can open)."""
    base = stem.split(".")[0].rstrip(" ")
    return stem + "-van-ban" if base.upper() in WINDOWS_RESERVED else stem


def output_paths(spec: Path, outdir: Path, checked: Checked) -> list[tuple[Path, Any]]:
    return [(outdir / f"{output_stem(spec.stem + o.suffix)}{o.ext}", o) for o in checked.kind.outputs(checked.model)]


def dependencies(spec: Path, checked: Checked, templates: list[Path]) -> tuple[list[Path], list[Path]]:
    """Files an output of ``spec`` is built from (existing), and places whose appearing would change it."""
    existing: list[Path] = [Path(spec), SHIPPED_REGISTRY]
    missing: list[Path] = []
    found, absent = checked.registries
    existing += found
    missing += absent
    plan_file = getattr(checked.model, "plan_file", None)
    if plan_file:  # a progress spec is built from its plan too, and the plan from its registries
        plan = Path(spec).parent / plan_file
        existing.append(plan)
        found, absent = registry_sources(plan, load_spec(plan).data)
        existing += found
        missing += absent
    existing += templates
    seen: set[Path] = set()
    unique = []
    for f in existing:
        r = f.resolve()
        if r not in seen:
            seen.add(r)
            unique.append(f)
    return unique, sorted(set(missing))


#: how many times a render starts again when one of its inputs was saved while it ran
RENDER_ATTEMPTS = 3


def render(
    spec: Path | str,
    outdir: Path | str | None = None,
    *,
    pdf: bool = False,
    templates: Path | None = None,
    strict: bool = False,
    record: dict | None = None,
    dien_tu: bool = False,
) -> list[Path]:
    """Check ``spec`` and write its documents into ``outdir`` (default: beside the spec), as one set.

    Every input is hashed before it is read and again once everything is rendered; an input saved in
    between makes the render start again (at most ``RENDER_ATTEMPTS`` times), so what is written always
    comes from one state of the inputs. The outputs (every .docx, .xlsx and .pdf of the spec) are then
    written all together or not at all (``fileio.write_set``): on failure the previous set stays.

    Every .docx carries the hash of what it was built from (custom property ``drafting.nguon``); with
    ``record`` (a dict), the inputs with the hashes they were rendered from, that hash, and the hash of
    every file written are put there for the build manifest, and the spec's warnings (``warnings``, to be
    shown to the user). ``dien_tu`` drafts a plan as an electronic
    document (as its spec's ``ban_dien_tu: true``), and a report too; an agreement, signed by both sides, has no
    electronic mode and ignores it.
    """

    spec = Path(spec)
    outdir = Path(outdir) if outdir else spec.parent
    changed: list[Path] = []
    for _ in range(RENDER_ATTEMPTS):
        before = _hashes([spec, *_registry_places(spec)])
        rendered, inputs, missing, digest, warnings = _render_set(
            spec, outdir, pdf=pdf, templates=templates, strict=strict, dien_tu=dien_tu
        )
        for f in inputs:
            key = Path(f).resolve()
            if key not in before:
                before[key] = _hash_or_none(f)
        after = _hashes(list(before))
        changed = [f for f in before if before[f] != after[f]]
        if not changed:
            break
    else:
        raise FileAccessError(
            f"{changed[0]}: tệp liên tục thay đổi trong khi đang tạo văn bản; không ghi gì, hãy lưu xong rồi chạy lại"
        )
    written = write_set(rendered)
    if record is not None:
        record.update(
            inputs=inputs,
            missing=missing,
            hash=digest,
            input_hashes={str(Path(f).resolve()): before[Path(f).resolve()] for f in inputs},
            output_hashes={str(Path(p).resolve()): hashlib.sha256(d).hexdigest() for p, d in rendered},
            warnings=warnings,
        )
    return written


def _registry_places(spec: Path) -> list[Path]:
    """What may be read for ``spec`` before its own data is known: the shipped registry, the workspace's."""

    return [SHIPPED_REGISTRY, *registry_candidates(spec)]


def _hash_or_none(path: Path) -> str | None:

    try:
        return file_hash(Path(path))
    except OSError:
        return None


def _hashes(paths: list[Path]) -> dict[Path, str | None]:
    return {Path(p).resolve(): _hash_or_none(p) for p in paths}


def _render_set(spec: Path, outdir: Path, *, pdf: bool, templates: Path | None, strict: bool, dien_tu: bool = False):
    """Everything ``spec`` produces, rendered in memory: ([(path, bytes)], inputs, missing, source hash, the spec's
    warnings).

    The cyclic garbage collector is paused throughout (as in ``check``): building the contexts of a large
    plan makes millions of objects without cycles, and the collector's passes over them made the time grow
    faster than the plan."""

    with gc_paused():
        return _render_set_now(spec, outdir, pdf=pdf, templates=templates, strict=strict, dien_tu=dien_tu)


def _render_set_now(
    spec: Path, outdir: Path, *, pdf: bool, templates: Path | None, strict: bool, dien_tu: bool = False
):
    checked = check(spec, strict=strict)
    if dien_tu and hasattr(checked.model, "ban_dien_tu"):
        checked = dataclasses.replace(checked, model=dataclasses.replace(checked.model, ban_dien_tu=True))
    planned = output_paths(spec, outdir, checked)
    used = sorted({template_path(out.template, templates) for _, out in planned if out.template})
    inputs, missing = dependencies(spec, checked, used)
    digest = source_hash(inputs, missing, base=spec.parent)
    from .render.docx import render_docx  # noqa: PLC0415 - the render layer loads at the first render (check stays light)

    rendered: list[tuple[Path, bytes]] = []
    for path, out in planned:
        if out.writer is not None:
            rendered.append((path, out.writer()))
        else:
            core = dataclasses.replace(out.core, custom=tuple(out.core.custom) + (("drafting.nguon", digest),))
            rendered.append((path, render_docx(template_path(out.template, templates), out.context, core, out.layout)))
    if pdf:
        rendered += _pdfs(rendered, pdfa=pdf != "thuong")
    return rendered, inputs, missing, digest, list(checked.warnings)


def _pdfs(rendered: list[tuple[Path, bytes]], pdfa: bool = True) -> list[tuple[Path, bytes]]:
    """The PDF (PDF/A-2b unless ``pdfa`` is false) of every .docx of the set, all converted by one LibreOffice
    process in a private folder (nothing beside the outputs yet)."""

    docs = [(path, data) for path, data in rendered if path.suffix == ".docx"]
    if not docs:
        return []
    import tempfile  # noqa: PLC0415 - tempfile (shutil, random: 4 ms of -X importtime) loads only for a PDF (check needs none)

    from .render.pdf import convert_many  # noqa: PLC0415 - LibreOffice's driver loads only when a PDF is made

    with tempfile.TemporaryDirectory(prefix="drafting-pdf-") as tmp:
        staged = []
        for i, (path, data) in enumerate(docs):
            src = Path(tmp) / f"{i:03d}-{path.name}"
            src.write_bytes(data)
            staged.append(src)
        pdfs = convert_many(staged, pdfa=pdfa)
        return [(path.with_suffix(".pdf"), pdf.read_bytes()) for (path, _), pdf in zip(docs, pdfs, strict=True)]


def render_targets(specs: Iterable[Path | str], outdir: Path | str | None) -> list[tuple[Path, Path | None]]:
    """Where ``render`` writes each of several specs: beside it without ``outdir``; with one spec, into
    ``outdir``; with several, into ``outdir`` mirroring their folders below the folder they share (as ``build``
    does), so that two specs never write the same file. Raises UsageProblem when two of them still would
    (``a.yaml`` and ``a.yml`` in one folder) — before anything is written."""

    unique: list[Path] = []
    seen: set[Path] = set()
    for spec in map(Path, specs):
        if spec.resolve() not in seen:
            seen.add(spec.resolve())
            unique.append(spec)
    if outdir is None:
        targets: list[tuple[Path, Path | None]] = [(s, None) for s in unique]
    elif len(unique) == 1:
        targets = [(unique[0], Path(outdir))]
    else:
        common = Path(os.path.commonpath([str(s.resolve().parent) for s in unique]))
        targets = [(s, Path(outdir) / s.resolve().parent.relative_to(common)) for s in unique]
    claimed: dict[Path, Path] = {}
    for spec, target in targets:
        key = ((target or spec.parent) / spec.stem).resolve()
        if key in claimed:
            raise UsageProblem(
                f"{claimed[key]} và {spec} sẽ ghi cùng một văn bản {key.name}.docx; "
                "đổi tên một tệp hoặc tạo riêng từng tệp"
            )
        claimed[key] = spec
    return targets


def template_path(name: str, templates: Path | None = None) -> Path:
    """An office's own template when its folder has one of that name, else the shipped one."""
    if templates is not None:
        if not Path(templates).is_dir():
            raise FileAccessError(f"{templates}: không có thư mục mẫu này")
        own = Path(templates) / name
        if own.is_file():
            return own
    return TEMPLATES_DIR / name


def iter_problems(errors: Iterable[Exception]) -> Iterable[str]:
    for e in errors:
        yield e.format() if hasattr(e, "format") else str(e)
