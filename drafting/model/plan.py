"""The plan (Kế hoạch) as dataclasses: parts, headings, paragraphs, tasks. Built from a validated spec."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from ..record import Record
from ..vi.dates import DocDate, parse_date
from ..vi.timeline import TimelineProblem, parse_timeline


@dataclass(frozen=True, eq=False, repr=False)
class Paragraph(Record):
    """A body paragraph (text may carry **bold** / *italic* marks)."""

    text: str


@dataclass(frozen=True, eq=False, repr=False)
class Bullets(Record):
    """Lines each printed after "- "."""

    items: tuple[str, ...]


@dataclass(frozen=True, eq=False, repr=False)
class Task(Record):
    """A task (nhiệm vụ): what, when, who leads, who coordinates, what comes out of it."""

    ten: str
    thoi_gian: str | None = None
    thoi_gian_chi_tiet: tuple[str, ...] = ()
    nam: tuple[int, ...] = ()
    chu_tri: str | None = None
    phoi_hop: str | None = None
    ket_qua: str | None = None
    ghi_chu: tuple[str, ...] = ()
    mo_ta: tuple[Block, ...] = ()
    so: str | None = None  # number override ("" = unnumbered); None = automatic
    id: str | None = None
    linh_vuc: str | None = None
    hien_thi: str = "day_du"  # "day_du": numbered title + task lines; "gach": one "- " line (a viec item)
    number: str = ""  # derived


@dataclass(frozen=True, eq=False, repr=False)
class TaskBullets(Record):
    """Tasks written as "- " lines (``viec``); their agency and timeline come from the heading above."""

    items: tuple[str, ...]
    tasks: tuple[Task, ...] = ()  # derived


@dataclass(frozen=True, eq=False, repr=False)
class TaskTable(Record):
    """A table of tasks inside the body: STT then the chosen columns (seed 004's "NHIỆM VỤ CỤ THỂ")."""

    cot: tuple[str, ...]
    tasks: tuple[Task, ...]
    tieu_de_cot: tuple[tuple[str, str], ...] = ()  # column titles that differ from the defaults
    so_cham: bool = False  # STT printed "1." instead of "1"


@dataclass(frozen=True, eq=False, repr=False)
class BudgetParagraph(Record):
    """A paragraph stating the budget total: {tong_dong}, {tong_bang_chu}, {tong} are filled from the sheet."""

    text: str


@dataclass(frozen=True, eq=False, repr=False)
class Heading(Record):
    """A numbered heading (mục) with its blocks; ``van_ban`` is run-in text on the heading's line."""

    muc: str
    noi_dung: tuple[Block, ...] = ()
    van_ban: str | None = None
    so: str | None = None
    chu_tri: str | None = None  # defaults for the tasks below it
    phoi_hop: str | None = None
    thoi_gian: str | None = None
    linh_vuc: str | None = None  # short field name ("Y tế") for task tables; default: the title
    number: str = ""  # derived


@dataclass(frozen=True, eq=False, repr=False)
class Point(Record):
    """A numbered paragraph without a title ("1. Đề nghị …")."""

    text: str
    so: str | None = None
    number: str = ""  # derived


Block = Paragraph | Bullets | Heading | Point | Task | BudgetParagraph | TaskBullets | TaskTable


@dataclass(frozen=True, eq=False, repr=False)
class TaskGroup(Record):
    """A group row of a task appendix ("I. CÔNG TÁC CHỈ ĐẠO, TUYÊN TRUYỀN") and its tasks."""

    ten: str
    tasks: tuple[Task, ...]
    number: str = ""  # derived: I, II …


@dataclass(frozen=True, eq=False, repr=False)
class TaskAppendix(Record):
    """A task appendix (Phụ lục): one row per task, grouped by field."""

    ten: str
    cot: tuple[str, ...]
    groups: tuple[TaskGroup, ...]
    danh_so: str = "lien_tuc"
    kem_theo: str = "Kèm theo"
    tep_rieng: bool = False
    tu_noi_dung: bool = False
    loai: str = "nhiem_vu"


@dataclass(frozen=True, eq=False, repr=False)
class BudgetLine(Record):
    """A line of a budget sheet: what, when, who, and the amount per year (in the sheet's unit)."""

    noi_dung: str
    so_tien: tuple[tuple[int, int], ...]  # (year, amount) pairs, sorted by year
    thoi_gian: str | None = None
    chu_tri: str | None = None
    phoi_hop: str | None = None
    nhiem_vu: str | None = None  # id of the plan task it pays for
    nam: tuple[int, ...] = ()
    number: str = ""  # derived

    def amount(self, year: int) -> int:
        return dict(self.so_tien).get(year, 0)


@dataclass(frozen=True, eq=False, repr=False)
class BudgetGroup(Record):
    ten: str
    lines: tuple[BudgetLine, ...]
    number: str = ""  # derived


@dataclass(frozen=True, eq=False, repr=False)
class BudgetSheet(Record):
    """A budget sheet (Biểu khái toán / dự toán kinh phí): groups of lines, one column per year."""

    ten: str
    years: tuple[int, ...]
    groups: tuple[BudgetGroup, ...]
    don_vi: int = 1000
    tieu_de_cot: str = "Khái toán kinh phí"
    tong_cong: int | None = None
    cong_nhom: bool = False
    danh_so: str = "theo_nhom"
    kem_theo: str = "Kèm theo"
    tep_rieng: bool = False
    loai: str = "kinh_phi"


Appendix = TaskAppendix | BudgetSheet


@dataclass(frozen=True, eq=False, repr=False)
class Monitoring(Record):
    """Who follows the plan up (bao_cao): issues the report forms and drafts the progress report."""

    co_quan: Issuer
    ky_hieu: str
    nguoi_ky: Signer
    co_quan_chu_quan: tuple[str, ...] = ()
    dia_danh: str | None = None
    han: tuple[str, ...] = ()
    noi_nhan: tuple[str, ...] = ()
    luu: str | None = None


@dataclass(frozen=True, eq=False, repr=False)
class Part(Record):
    """A Roman-numbered part: "I. MỤC ĐÍCH, YÊU CẦU"."""

    tieu_de: str
    noi_dung: tuple[Block, ...]
    number: str = ""  # derived


@dataclass(frozen=True, eq=False, repr=False)
class Issuer(Record):
    ten: str
    dong: tuple[str, ...]
    ten_viet_tat: str | None = None


@dataclass(frozen=True, eq=False, repr=False)
class Signer(Record):
    chuc_danh: tuple[str, ...]
    ho_ten: str


@dataclass(frozen=True, eq=False, repr=False)
class Plan(Record):
    """A plan (Kế hoạch) ready for numbering and rendering."""

    co_quan_chu_quan: tuple[str, ...]
    co_quan_ban_hanh: Issuer
    so: str | None
    ky_hieu: str
    dia_danh: str
    ngay: DocDate
    trich_yeu: str
    giai_doan: tuple[int, int]
    can_cu: tuple[str, ...]
    mo_dau: tuple[Block, ...]
    phan: tuple[Part, ...]
    ket_thuc: str | None
    noi_nhan: tuple[str, ...]
    luu: str
    nguoi_ky: Signer
    phu_luc: tuple[Appendix, ...] = ()
    bao_cao: Monitoring | None = None
    loai_van_ban: str = "KẾ HOẠCH"
    tasks: tuple[Task, ...] = field(default=())  # derived: every task in document order
    ban_dien_tu: bool = False  # an electronic document: the document system gives its number and day


def iter_blocks(blocks: Iterable[Block]) -> Iterator[Block]:
    """Every block in document order, a heading before the blocks under it (depth first)."""
    for b in blocks:
        yield b
        if isinstance(b, Heading):
            yield from iter_blocks(b.noi_dung)


def block_texts(b: Block) -> list[str]:
    """The text a block prints itself (not its children's)."""
    if isinstance(b, (Paragraph, BudgetParagraph, Point)):
        return [b.text]
    if isinstance(b, (Bullets, TaskBullets)):
        return list(b.items)
    if isinstance(b, Heading):
        return [f"{b.muc} {b.van_ban or ''}".strip()]
    return []


def header_lines(ten: str) -> tuple[str, ...]:
    """Header lines of an issuing agency from its name: "Ủy ban nhân dân tỉnh Bắc Ninh" → ỦY BAN NHÂN DÂN / TỈNH BẮC NINH."""
    up = ten.upper()
    for head in ("ỦY BAN NHÂN DÂN", "UỶ BAN NHÂN DÂN", "HỘI ĐỒNG NHÂN DÂN", "ỦY BAN MẶT TRẬN TỔ QUỐC VIỆT NAM"):
        if up.startswith(head + " "):
            return (head.replace("UỶ", "ỦY"), up[len(head) + 1 :])
    if up.startswith("VĂN PHÒNG ") or up.startswith("SỞ "):
        return (up,)
    return (up,)


def _block(raw: str | dict[str, Any]) -> Block:
    if isinstance(raw, str):
        return Paragraph(raw)
    if "doan" in raw:
        return Paragraph(raw["doan"])
    if "gach" in raw:
        return Bullets(tuple(raw["gach"]))
    if "viec" in raw:
        return TaskBullets(tuple(raw["viec"]))
    if "bang_nhiem_vu" in raw:
        b = raw["bang_nhiem_vu"]
        return TaskTable(
            cot=tuple(b.get("cot") or ("ten", "chu_tri", "phoi_hop", "thoi_gian")),
            tasks=tuple(_task(t) for t in b["nhiem_vu"]),
            tieu_de_cot=tuple(sorted((b.get("tieu_de_cot") or {}).items())),
            so_cham=bool(b.get("so_cham")),
        )
    if "diem" in raw:
        return Point(raw["diem"], so=raw.get("so"))
    if "doan_kinh_phi" in raw:
        return BudgetParagraph(raw["doan_kinh_phi"])
    if "muc" in raw:
        return Heading(
            raw["muc"] or "",
            tuple(_block(b) for b in raw.get("noi_dung") or ()),
            van_ban=raw.get("van_ban"),
            so=raw.get("so"),
            chu_tri=raw.get("chu_tri"),
            phoi_hop=raw.get("phoi_hop"),
            thoi_gian=raw.get("thoi_gian"),
            linh_vuc=raw.get("linh_vuc"),
        )
    return _task(raw["nhiem_vu"])


def _task(t: dict[str, Any]) -> Task:
    return Task(
        ten=t["ten"],
        thoi_gian=t.get("thoi_gian"),
        thoi_gian_chi_tiet=tuple(t.get("thoi_gian_chi_tiet") or ()),
        nam=tuple(t.get("nam") or ()),
        chu_tri=t.get("chu_tri"),
        phoi_hop=t.get("phoi_hop"),
        ket_qua=t.get("ket_qua"),
        ghi_chu=tuple(t.get("ghi_chu") or ()),
        mo_ta=tuple(_block(b) for b in t.get("mo_ta") or ()),
        so=t.get("so"),
        id=t.get("id"),
        linh_vuc=t.get("linh_vuc"),
        hien_thi=t.get("hien_thi") or "day_du",
    )


DEFAULT_TASK_COLUMNS = ("ten", "chu_tri", "phoi_hop", "ket_qua", "thoi_gian")


def _appendix(raw: dict[str, Any], period: tuple[int, int]) -> Appendix:
    common = dict(ten=raw["ten"], kem_theo=raw.get("kem_theo") or "Kèm theo", tep_rieng=bool(raw.get("tep_rieng")))
    if raw["loai"] == "nhiem_vu":
        return TaskAppendix(
            cot=tuple(raw.get("cot") or DEFAULT_TASK_COLUMNS),
            groups=tuple(
                TaskGroup(g["ten"], tuple(_task(t) for t in g.get("nhiem_vu") or ())) for g in raw.get("nhom") or ()
            ),
            danh_so=raw.get("danh_so") or "lien_tuc",
            tu_noi_dung=bool(raw.get("tu_noi_dung")),
            **common,
        )
    groups = []
    for g in raw.get("nhom") or ():
        lines = []
        for d in g.get("dong") or ():
            lines.append(
                BudgetLine(
                    noi_dung=d["noi_dung"],
                    so_tien=tuple(sorted((d.get("so_tien") or {}).items())),
                    thoi_gian=d.get("thoi_gian"),
                    chu_tri=d.get("chu_tri"),
                    phoi_hop=d.get("phoi_hop"),
                    nhiem_vu=d.get("nhiem_vu"),
                    nam=tuple(d.get("nam") or ()),
                )
            )
        groups.append(BudgetGroup(g["ten"], tuple(lines)))
    return BudgetSheet(
        years=tuple(range(period[0], period[1] + 1)),
        groups=tuple(groups),
        don_vi=raw.get("don_vi", 1000),
        tieu_de_cot=raw.get("tieu_de_cot") or "Khái toán kinh phí",
        tong_cong=raw.get("tong_cong"),
        cong_nhom=bool(raw.get("cong_nhom")),
        danh_so=raw.get("danh_so") or "theo_nhom",
        **common,
    )


def build_plan(doc: dict[str, Any]) -> Plan:
    """Validated spec document → Plan (no numbering yet; see ``derive.number_plan``)."""
    issuer = doc["co_quan_ban_hanh"]
    so = doc.get("so")
    return Plan(
        co_quan_chu_quan=tuple(doc.get("co_quan_chu_quan") or ()),
        co_quan_ban_hanh=Issuer(
            issuer["ten"], tuple(issuer.get("dong") or header_lines(issuer["ten"])), issuer.get("ten_viet_tat")
        ),
        so=None if so in (None, "") else str(so).strip(),
        ky_hieu=doc["ky_hieu"],
        dia_danh=doc["dia_danh"],
        ngay=parse_date(doc["ngay"]),
        trich_yeu=doc["trich_yeu"],
        giai_doan=(doc["giai_doan"]["tu"], doc["giai_doan"]["den"]),
        can_cu=tuple(doc.get("can_cu") or ()),
        mo_dau=tuple(_block(b) for b in doc.get("mo_dau") or ()),
        phan=tuple(Part(p["tieu_de"], tuple(_block(b) for b in p["noi_dung"])) for p in doc["phan"]),
        ket_thuc=doc.get("ket_thuc"),
        noi_nhan=tuple(doc["noi_nhan"]),
        luu=doc["luu"],
        nguoi_ky=Signer(tuple(doc["nguoi_ky"]["chuc_danh"]), doc["nguoi_ky"]["ho_ten"]),
        phu_luc=tuple(
            _appendix(a, (doc["giai_doan"]["tu"], doc["giai_doan"]["den"])) for a in doc.get("phu_luc") or ()
        ),
        bao_cao=_monitoring(doc.get("bao_cao")),
        ban_dien_tu=bool(doc.get("ban_dien_tu")),
    )


def electronic(plan: Plan) -> Plan:
    """The plan as drafted for the document system (Decree 30 Art. 15.3, ``ban_dien_tu``): its number and day
    left blank whatever the spec says — the system gives them when the document is issued."""
    return replace(plan, so=None, ngay=DocDate(plan.ngay.year, plan.ngay.month, None), ban_dien_tu=True)


def _monitoring(raw: dict[str, Any] | None) -> Monitoring | None:
    if not raw:
        return None
    org = raw["co_quan"]
    return Monitoring(
        co_quan=Issuer(org["ten"], tuple(org.get("dong") or header_lines(org["ten"])), org.get("ten_viet_tat")),
        ky_hieu=raw["ky_hieu"],
        nguoi_ky=Signer(tuple(raw["nguoi_ky"]["chuc_danh"]), raw["nguoi_ky"]["ho_ten"]),
        co_quan_chu_quan=tuple(raw.get("co_quan_chu_quan") or ()),
        dia_danh=raw.get("dia_danh"),
        han=tuple(raw.get("han") or ()),
        noi_nhan=tuple(raw.get("noi_nhan") or ()),
        luu=raw.get("luu"),
    )


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
