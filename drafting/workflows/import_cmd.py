"""`drafting import`: a Word or Excel file → a spec, written and checked (Word: importer.py; Excel: import_xlsx.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import api
from ..api import SHIPPED_REGISTRY
from ..errors import FileAccessError, SpecError
from ..fileio import write_atomic
from ..model.agencies import registry_files_for
from ..spec.registry import load_registry
from .import_xlsx import import_workbook
from .importer import Imported, build_spec, dump, read_word

WORD = {".docx", ".doc", ".odt", ".rtf", ".docm"}
EXCEL = {".xlsx", ".xlsm", ".xls", ".ods"}


@dataclass
class Outcome:
    """What `drafting import` did: the spec written, the check's findings, the importer's own findings."""

    written: Path
    imported: Imported
    problems: list[Any] = field(default_factory=list)  # drafting check on the result (errors and warnings)
    tasks: int = 0
    budget_lines: int = 0


def count_items(node: Any) -> tuple[int, int]:
    """(tasks, budget lines) in a spec."""
    if isinstance(node, dict):
        tasks = int(
            isinstance(node.get("ten"), str) and any(k in node for k in ("chu_tri", "thoi_gian", "phoi_hop", "ket_qua"))
        )
        lines = int(isinstance(node.get("noi_dung"), str) and "so_tien" in node)
        for k, v in node.items():
            if k != "tieu_de_cot":
                a, b = count_items(v)
                tasks, lines = tasks + a, lines + b
        return tasks, lines
    if isinstance(node, list):
        totals = [count_items(v) for v in node]
        return sum(a for a, _ in totals), sum(b for _, b in totals)
    return 0, 0


def import_file(source: Path, out: Path, into: Path | None = None) -> Outcome:
    """Read ``source`` (Word plan or Excel task list), write the spec to ``out`` and check it."""

    source = Path(source)
    if not source.is_file():
        raise FileAccessError(f"{source}: không có tệp này")
    suffix = source.suffix.lower()
    if suffix in EXCEL:
        imp = import_workbook(source, into)
    elif suffix in WORD or suffix == "":
        imp = build_spec(read_word(source), source.name)
    else:
        raise FileAccessError(
            f'{source}: không đọc được loại tệp "{source.suffix}"',
            hint="drafting import đọc .docx, .doc, .odt, .rtf (kế hoạch) và .xlsx, .xls, .ods "
            "(danh sách nhiệm vụ, biểu kinh phí)",
        )
    _agency_names_from_registry(imp.spec, out)
    write_atomic(out, dump(imp.spec).encode("utf-8"))
    problems = check_written(out)
    unknown = sorted({p.message for p in problems if p.path.endswith(("chu_tri", "phoi_hop"))})
    if unknown:
        imp.unknown_agencies = unknown
    if unknown and imp.note:
        imp.spec.yaml_set_start_comment(
            (imp.note + "\n" if imp.note else "")
            + "Cơ quan chưa có trong danh mục (thêm vào co-quan.yaml hoặc sửa tên):\n"
            + "\n".join(f"  - {u}" for u in unknown)
        )
        write_atomic(out, dump(imp.spec).encode("utf-8"))
        problems = check_written(out)
    return Outcome(out, imp, problems, *count_items(imp.spec))


def _agency_names_from_registry(spec: Any, out: Path) -> None:
    """The issuing body's name as the registry spells it ("SỞ NGOẠI VỤ" → "Sở Ngoại vụ"), when it knows it."""

    agency = spec.get("co_quan_ban_hanh") if hasattr(spec, "get") else None
    if not isinstance(agency, dict) or not agency.get("ten"):
        return
    try:
        registry = load_registry(registry_files_for(Path(out).resolve(), SHIPPED_REGISTRY))
    except Exception:  # noqa: BLE001 - a broken workspace registry is reported by the check that follows
        return
    known = registry.lookup(agency["ten"])
    if known is not None:
        agency["ten"] = known.ten


def check_written(spec: Path) -> list[Any]:
    """Every problem `drafting check` finds in ``spec`` (errors and warnings)."""

    try:
        return list(api.check(spec).warnings)
    except SpecError as exc:
        return list(exc.problems)
