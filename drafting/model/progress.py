"""What departments reported on a plan's tasks for a period (tiến độ), as dataclasses."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from ..record import Record
from ..vi.dates import DocDate, parse_date
from ..vi.timeline import Period, parse_months, parse_period
from .agencies import Registry
from .budget import budget_sheet
from .checks import Finding, electronic_checks
from .plan import Block, Plan, Task, _block, task_years

STATUSES = {
    "hoan_thanh": "Hoàn thành",
    "dang_thuc_hien": "Đang thực hiện",
    "chua_thuc_hien": "Chưa thực hiện",
    "khong_thuc_hien": "Không thực hiện",
    "chuyen_nam_sau": "Chuyển sang năm sau",
}
#: statuses that carry a task over to the next period
UNFINISHED = ("dang_thuc_hien", "chua_thuc_hien", "chuyen_nam_sau")


@dataclass(frozen=True, eq=False, repr=False)
class Entry(Record):
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
    dong_them: bool = False  # a row the department added under the task (its own entry)


@dataclass(frozen=True, eq=False, repr=False)
class Unplaced(Record):
    """Text from a filled form that could not be tied to a task: kept and reported."""

    nguon: str
    van_ban: str
    don_vi: str | None = None
    nhiem_vu: str | None = None  # the task a stray cell belongs to, when known


@dataclass(frozen=True, eq=False, repr=False)
class Progress(Record):
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
    ma_ke_hoach: str | None = None
    plan_path: str | None = None  # the plan file as found from the progress file
    ra_soat: tuple[dict[str, Any], ...] = ()  # review list for the clerk: never printed in the report
    registry: Registry | None = None  # the plan's agencies: the report names them as the registry spells them
    ban_dien_tu: bool = False  # the report as an electronic document: the document system gives number and day


def task_months(task: Task, plan: Plan) -> set[tuple[int, int]]:
    """(year, month) pairs a task runs in: its years, narrowed by quarters or months its timeline names."""
    years = task_years(task, plan)
    months = parse_months(task.thoi_gian or "", years, list(task.thoi_gian_chi_tiet))
    return {(y, m) for y, ms in months.items() for m in ms}


def tasks_in(plan: Plan, period: Period) -> list[Task]:
    """Tasks of the plan whose schedule overlaps the period (a quarter, a half-year …), in plan order."""
    wanted = set(period.months())
    return [t for t in plan.tasks if task_months(t, plan) & wanted]


def plan_id(plan: Plan) -> str:
    """A short fingerprint of a plan's identity (number, code, subject, period): forms and progress files carry
    it so that a file of another plan is refused even when task ids overlap."""

    ident = "|".join(
        str(x)
        for x in (
            plan.so,
            plan.ky_hieu,
            plan.trich_yeu,
            plan.giai_doan[0],
            plan.giai_doan[1],
            plan.co_quan_ban_hanh.ten,
        )
    )
    return hashlib.sha256(ident.encode("utf-8")).hexdigest()[:12]


def money_unit(plan: Plan) -> int:
    """The unit a plan counts money in: its budget sheet's, else thousand đồng."""

    sheet = budget_sheet(plan)
    return sheet.don_vi if sheet is not None else 1000


def build_progress(
    doc: dict[str, Any], plan: Plan, plan_file: str, plan_path: str | None = None, registry: Registry | None = None
) -> Progress:

    ky = parse_period(doc["ky"])
    ngay = parse_date(doc["ngay"]) if doc.get("ngay") else DocDate(ky.months()[-1][0], None, None)
    dg = doc.get("danh_gia") or {}
    so = doc.get("so")
    return Progress(
        plan=plan,
        plan_file=plan_file,
        ky=ky,
        ngay=ngay,
        so=None if so in (None, "") else str(so),
        don_vi_tien=doc.get("don_vi_tien", 1000),
        entries=tuple(
            Entry(**{k: e[k] for k in Entry.__dataclass_fields__ if e.get(k) is not None})
            for e in doc.get("ket_qua") or ()
        ),
        nhan_xet_chung=doc.get("nhan_xet_chung"),
        uu_diem=tuple(_block(b) for b in dg.get("uu_diem") or ()),
        han_che=tuple(_block(b) for b in dg.get("han_che") or ()),
        nguyen_nhan=tuple(_block(b) for b in dg.get("nguyen_nhan") or ()),
        chua_xep=tuple(
            Unplaced(u["nguon"], u["van_ban"], u.get("don_vi"), u.get("nhiem_vu")) for u in doc.get("chua_xep") or ()
        ),
        ma_ke_hoach=doc.get("ma_ke_hoach"),
        plan_path=plan_path,
        ra_soat=tuple(doc.get("ra_soat") or ()),
        registry=registry,
        ban_dien_tu=bool(doc.get("ban_dien_tu")),
    )


def progress_checks(p: Progress) -> list[Finding]:
    """Task ids that the plan does not have or that do not run in the period; duplicate reports."""
    out: list[Finding] = []
    by_id = {t.id: t for t in p.plan.tasks}
    in_period = {t.id for t in tasks_in(p.plan, p.ky)}
    seen: dict[tuple[str, str], int] = {}
    out.extend(electronic_checks(p))
    if p.ma_ke_hoach and p.ma_ke_hoach != plan_id(p.plan):
        out.append(
            (
                ("ma_ke_hoach",),
                f"tệp tiến độ thuộc một kế hoạch khác (mã {p.ma_ke_hoach}), không phải "
                f"kế hoạch {p.plan_file} (mã {plan_id(p.plan)})",
                "error",
            )
        )
    for i, e in enumerate(p.entries):
        path = ("ket_qua", i, "nhiem_vu")
        if e.nhiem_vu not in by_id:
            out.append((path, f'kế hoạch không có nhiệm vụ mã "{e.nhiem_vu}"', "error"))
        elif e.nhiem_vu not in in_period:
            out.append((path, f"nhiệm vụ {e.nhiem_vu} không thực hiện trong {p.ky.label()}", "warning"))
        key = (e.nhiem_vu, e.don_vi)
        if e.dong_them:
            continue
        if key in seen:
            out.append(
                (
                    ("ket_qua", i),
                    f"{e.don_vi} báo cáo nhiệm vụ {e.nhiem_vu} hai lần (mục {seen[key] + 1} và {i + 1})",
                    "warning",
                )
            )
        seen.setdefault(key, i)
    return out
