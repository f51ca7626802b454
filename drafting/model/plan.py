"""The plan (Kế hoạch) as dataclasses: parts, headings, paragraphs, tasks. Built from a validated spec."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union

from ..vi.dates import DocDate, parse_date


@dataclass(frozen=True)
class Paragraph:
    """A body paragraph (text may carry **bold** / *italic* marks)."""

    text: str


@dataclass(frozen=True)
class Bullets:
    """Lines each printed after "- "."""

    items: tuple[str, ...]


@dataclass(frozen=True)
class Task:
    """A task (nhiệm vụ): what, when, who leads, who coordinates, what comes out of it."""

    ten: str
    thoi_gian: str | None = None
    thoi_gian_chi_tiet: tuple[str, ...] = ()
    nam: tuple[int, ...] = ()
    chu_tri: str | None = None
    phoi_hop: str | None = None
    ket_qua: str | None = None
    ghi_chu: tuple[str, ...] = ()
    mo_ta: tuple["Block", ...] = ()
    so: str | None = None          # number override ("" = unnumbered); None = automatic
    id: str | None = None
    number: str = ""               # derived


@dataclass(frozen=True)
class Heading:
    """A numbered heading (mục) with its blocks; ``van_ban`` is run-in text on the heading's line."""

    muc: str
    noi_dung: tuple["Block", ...] = ()
    van_ban: str | None = None
    so: str | None = None
    number: str = ""               # derived


@dataclass(frozen=True)
class Point:
    """A numbered paragraph without a title ("1. Đề nghị …")."""

    text: str
    so: str | None = None
    number: str = ""               # derived


Block = Union[Paragraph, Bullets, Heading, Point, Task]


@dataclass(frozen=True)
class Part:
    """A Roman-numbered part: "I. MỤC ĐÍCH, YÊU CẦU"."""

    tieu_de: str
    noi_dung: tuple[Block, ...]
    number: str = ""               # derived


@dataclass(frozen=True)
class Issuer:
    ten: str
    dong: tuple[str, ...]


@dataclass(frozen=True)
class Signer:
    chuc_danh: tuple[str, ...]
    ho_ten: str


@dataclass(frozen=True)
class Plan:
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
    loai_van_ban: str = "KẾ HOẠCH"
    tasks: tuple[Task, ...] = field(default=())   # derived: every task in document order


def header_lines(ten: str) -> tuple[str, ...]:
    """Header lines of an issuing agency from its name: "Ủy ban nhân dân tỉnh Bắc Ninh" → ỦY BAN NHÂN DÂN / TỈNH BẮC NINH."""
    up = ten.upper()
    for head in ("ỦY BAN NHÂN DÂN", "UỶ BAN NHÂN DÂN", "HỘI ĐỒNG NHÂN DÂN", "ỦY BAN MẶT TRẬN TỔ QUỐC VIỆT NAM"):
        if up.startswith(head + " "):
            return (head.replace("UỶ", "ỦY"), up[len(head) + 1:])
    if up.startswith("VĂN PHÒNG ") or up.startswith("SỞ "):
        return (up,)
    return (up,)


def _block(raw) -> Block:
    if isinstance(raw, str):
        return Paragraph(raw)
    if "doan" in raw:
        return Paragraph(raw["doan"])
    if "gach" in raw:
        return Bullets(tuple(raw["gach"]))
    if "diem" in raw:
        return Point(raw["diem"], so=raw.get("so"))
    if "muc" in raw:
        return Heading(raw["muc"] or "", tuple(_block(b) for b in raw.get("noi_dung") or ()),
                       van_ban=raw.get("van_ban"), so=raw.get("so"))
    t = raw["nhiem_vu"]
    return Task(
        ten=t["ten"], thoi_gian=t.get("thoi_gian"), thoi_gian_chi_tiet=tuple(t.get("thoi_gian_chi_tiet") or ()),
        nam=tuple(t.get("nam") or ()), chu_tri=t.get("chu_tri"), phoi_hop=t.get("phoi_hop"),
        ket_qua=t.get("ket_qua"), ghi_chu=tuple(t.get("ghi_chu") or ()),
        mo_ta=tuple(_block(b) for b in t.get("mo_ta") or ()), so=t.get("so"), id=t.get("id"),
    )


def build_plan(doc: dict) -> Plan:
    """Validated spec document → Plan (no numbering yet; see ``derive.number_plan``)."""
    issuer = doc["co_quan_ban_hanh"]
    so = doc.get("so")
    return Plan(
        co_quan_chu_quan=tuple(doc.get("co_quan_chu_quan") or ()),
        co_quan_ban_hanh=Issuer(issuer["ten"], tuple(issuer.get("dong") or header_lines(issuer["ten"]))),
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
    )
