"""What departments reported on a plan's tasks for a period (tiến độ), as dataclasses."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..vi.dates import DocDate, parse_date
from ..vi.timeline import Period, TimelineProblem, parse_period, parse_timeline
from .checks import Finding
from .plan import Block, Plan, Task

STATUSES = {
    "hoan_thanh": "Hoàn thành",
    "dang_thuc_hien": "Đang thực hiện",
    "chua_thuc_hien": "Chưa thực hiện",
    "khong_thuc_hien": "Không thực hiện",
    "chuyen_nam_sau": "Chuyển sang năm sau",
}
#: statuses that carry a task over to the next period
UNFINISHED = ("dang_thuc_hien", "chua_thuc_hien", "chuyen_nam_sau")


@dataclass(frozen=True)
class Entry:
    """One department's report on one task."""

    nhiem_vu: str
    don_vi: str
    trang_thai: str | None = None
    ket_qua: str | None = None
    kinh_phi: int | None = None
    kinh_phi_ghi: str | None = None
    kho_khan: str | None = None
    de_xuat: str | None = None
    canh_bao: str | None = None


@dataclass(frozen=True)
class Unplaced:
    """Text from a filled form that could not be tied to a task: kept and reported."""

    nguon: str
    van_ban: str
    don_vi: str | None = None


@dataclass(frozen=True)
class Progress:
    plan: Plan
    plan_file: str
    ky: Period
    ngay: DocDate
    so: str | None
    don_vi_tien: int
    entries: tuple[Entry, ...]
    nhan_xet_chung: str | None = None
    uu_diem: tuple[Block, ...] = ()
    han_che: tuple[Block, ...] = ()
    nguyen_nhan: tuple[Block, ...] = ()
    chua_xep: tuple[Unplaced, ...] = field(default=())


def task_years(task: Task, plan: Plan) -> tuple[int, ...]:
    """The years a task runs in (its ``nam``, its timeline label, or — with neither — the whole period)."""
    if task.nam:
        return tuple(task.nam)
    if not (task.thoi_gian or task.thoi_gian_chi_tiet):
        return tuple(range(plan.giai_doan[0], plan.giai_doan[1] + 1))
    try:
        return parse_timeline(task.thoi_gian or "", plan.giai_doan, list(task.thoi_gian_chi_tiet)).years
    except TimelineProblem:
        return ()


def tasks_in(plan: Plan, period: Period) -> list[Task]:
    """Tasks of the plan that run in the period's year, in plan order."""
    return [t for t in plan.tasks if period.year in task_years(t, plan)]


def build_progress(doc: dict[str, Any], plan: Plan, plan_file: str) -> Progress:
    from .plan import _block

    ky = parse_period(doc["ky"])
    ngay = parse_date(doc["ngay"]) if doc.get("ngay") else DocDate(ky.year + (0 if ky.half else 0), None, None)
    dg = doc.get("danh_gia") or {}
    so = doc.get("so")
    return Progress(
        plan=plan, plan_file=plan_file, ky=ky, ngay=ngay,
        so=None if so in (None, "") else str(so), don_vi_tien=doc.get("don_vi_tien", 1000),
        entries=tuple(Entry(**{k: e.get(k) for k in Entry.__dataclass_fields__}) for e in doc.get("ket_qua") or ()),
        nhan_xet_chung=doc.get("nhan_xet_chung"),
        uu_diem=tuple(_block(b) for b in dg.get("uu_diem") or ()),
        han_che=tuple(_block(b) for b in dg.get("han_che") or ()),
        nguyen_nhan=tuple(_block(b) for b in dg.get("nguyen_nhan") or ()),
        chua_xep=tuple(Unplaced(u["nguon"], u["van_ban"], u.get("don_vi")) for u in doc.get("chua_xep") or ()),
    )


def progress_checks(p: Progress) -> list[Finding]:
    """Task ids that the plan does not have or that do not run in the period; duplicate reports."""
    out: list[Finding] = []
    by_id = {t.id: t for t in p.plan.tasks}
    in_period = {t.id for t in tasks_in(p.plan, p.ky)}
    seen: dict[tuple[str, str], int] = {}
    for i, e in enumerate(p.entries):
        path = ("ket_qua", i, "nhiem_vu")
        if e.nhiem_vu not in by_id:
            out.append((path, f"kế hoạch không có nhiệm vụ mã \"{e.nhiem_vu}\"", "error"))
        elif e.nhiem_vu not in in_period:
            out.append((path, f"nhiệm vụ {e.nhiem_vu} không thực hiện trong {p.ky.label()}", "warning"))
        key = (e.nhiem_vu, e.don_vi)
        if key in seen:
            out.append((("ket_qua", i), f"{e.don_vi} báo cáo nhiệm vụ {e.nhiem_vu} hai lần "
                        f"(mục {seen[key] + 1} và {i + 1})", "warning"))
        seen.setdefault(key, i)
    return out
