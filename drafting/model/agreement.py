"""The bilateral agreement (Văn bản hợp tác / Bản ghi nhớ) as dataclasses, built from a validated spec."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from ..record import Record
from ..vi.dates import DocDate, long_date, parse_date
from .checks import FieldPath, Finding
from .derive import _number_blocks
from .plan import Block, Bullets, Heading, Paragraph, Point, Task, TaskBullets, _block

#: hinh_thuc → (title as printed, name used in sentences)
FORMS: dict[str, tuple[str, str]] = {
    "van_ban_hop_tac": ("VĂN BẢN HỢP TÁC", "Văn bản hợp tác"),
    "ban_ghi_nho": ("BẢN GHI NHỚ", "Bản ghi nhớ hợp tác"),
    "thoa_thuan_hop_tac": ("THỎA THUẬN HỢP TÁC", "Thỏa thuận hợp tác"),
}
DEFAULT_FORM = "van_ban_hop_tac"
#: default wording of the equal-validity clause
EQUAL_VALIDITY = "có giá trị pháp lý như nhau"


@dataclass(frozen=True, eq=False, repr=False)
class PartySigner(Record):
    """A party's signature block: the side line, the signer's title lines, the signer's name."""

    dai_dien: str
    chuc_danh: tuple[str, ...]
    ho_ten: str


@dataclass(frozen=True, eq=False, repr=False)
class Party(Record):
    """One side of the agreement: its issuing bodies (header lines), full name, signature block."""

    co_quan: tuple[str, ...]
    ten: str
    nguoi_ky: PartySigner


@dataclass(frozen=True, eq=False, repr=False)
class Signing(Record):
    """The structured closing: copies, languages, validity, date and place of signing (each optional)."""

    so_ban: int | None = None
    ngon_ngu: tuple[str, ...] = ()
    gia_tri: str = EQUAL_VALIDITY
    ngay: DocDate | None = None
    dia_diem: str | None = None


@dataclass(frozen=True, eq=False, repr=False)
class Agreement(Record):
    """A bilateral agreement ready for numbering and rendering; ``linh_vuc`` are the numbered fields."""

    hinh_thuc: str
    ten_van_ban: str
    ten_goi: str
    ben: tuple[Party, Party]
    giai_doan: tuple[int, int] | None
    mo_dau: tuple[Block, ...]
    linh_vuc: tuple[Heading, ...]
    ket_thuc: tuple[Block, ...] = ()
    ky_ket: Signing | None = None
    tasks: tuple[Task, ...] = ()  # derived: tasks written inside the fields, in document order


def _party(raw: dict[str, Any]) -> Party:
    s = raw["nguoi_ky"]
    return Party(
        tuple(raw["co_quan"]), raw["ten"], PartySigner(s["dai_dien"], tuple(s.get("chuc_danh") or ()), s["ho_ten"])
    )


def _signing(raw: dict[str, Any] | None) -> Signing | None:
    if not raw:
        return None
    return Signing(
        so_ban=raw.get("so_ban"),
        ngon_ngu=tuple(raw.get("ngon_ngu") or ()),
        gia_tri=raw.get("gia_tri") or EQUAL_VALIDITY,
        ngay=parse_date(raw["ngay"]) if raw.get("ngay") is not None else None,
        dia_diem=raw.get("dia_diem"),
    )


def number_agreement(ag: Agreement) -> Agreement:
    """Number the fields (1., 2. …) and what they hold (1.1., a) …) the way plans number headings."""
    tasks: list[Task] = []
    fields = _number_blocks(ag.linh_vuc, 1, "", tasks)
    return replace(ag, linh_vuc=fields, tasks=tuple(tasks))


def build_agreement(doc: dict[str, Any]) -> Agreement:
    """Validated spec document → numbered Agreement."""
    form = doc.get("hinh_thuc") or DEFAULT_FORM
    title, name = FORMS[form]
    gd = doc.get("giai_doan")
    ag = Agreement(
        hinh_thuc=form,
        ten_van_ban=doc.get("ten_van_ban") or title,
        ten_goi=doc.get("ten_goi") or name,
        ben=(_party(doc["ben"][0]), _party(doc["ben"][1])),
        giai_doan=(gd["tu"], gd["den"]) if gd else None,
        mo_dau=tuple(_block(b) for b in doc.get("mo_dau") or ()),
        linh_vuc=tuple(
            Heading(f["tieu_de"], tuple(_block(b) for b in f.get("noi_dung") or ()), so=f.get("so"))
            for f in doc["linh_vuc"]
        ),
        ket_thuc=tuple(_block(b) for b in doc.get("ket_thuc") or ()),
        ky_ket=_signing(doc.get("ky_ket")),
    )
    return number_agreement(ag)


# ------------------------------------------------------------------------------ derived sentences
def count_text(n: int) -> str:
    """A number of copies as documents write it: 01 … 09, then 10, 11 …"""
    return f"{n:02d}"


def _enumerate(items: list[str]) -> str:
    """ "a", "a và b", "a, b và c"."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " và " + items[-1]


def copies_problem(s: Signing) -> str | None:
    """Why the copies cannot be shared equally between the sides and languages, or None."""
    if s.so_ban is None or not s.ngon_ngu:
        return None
    step = 2 * len(s.ngon_ngu)
    if s.so_ban % step:
        langs = len(s.ngon_ngu)
        return (
            f"{s.so_ban} bản không chia đều được cho hai bên"
            + (f" và {langs} thứ tiếng" if langs > 1 else "")
            + f": số bản phải là bội số của {step} ({step}, {2 * step} …)"
        )
    return None


def copies_sentence(ten_goi: str, s: Signing) -> str | None:
    """ "Văn bản hợp tác được lập thành 04 bản, 02 bản bằng tiếng Lào và 02 bản bằng tiếng Việt Nam, có giá trị
    pháp lý như nhau. Mỗi bên giữ 02 bản, 01 bản bằng tiếng Lào và 01 bản bằng tiếng Việt Nam." (None if unset)."""
    if s.so_ban is None or not s.ngon_ngu or copies_problem(s):
        return None
    langs = list(s.ngon_ngu)
    per_side = s.so_ban // 2
    gia_tri = s.gia_tri.strip().rstrip(".")
    if len(langs) == 1:
        return (
            f"{ten_goi} được lập thành {count_text(s.so_ban)} bản bằng {langs[0]}, {gia_tri}. "
            f"Mỗi bên giữ {count_text(per_side)} bản."
        )
    per_lang = s.so_ban // len(langs)
    per_side_lang = per_side // len(langs)
    return (
        f"{ten_goi} được lập thành {count_text(s.so_ban)} bản, "
        f"{_enumerate([f'{count_text(per_lang)} bản bằng {l}' for l in langs])}, {gia_tri}. "
        f"Mỗi bên giữ {count_text(per_side)} bản, "
        f"{_enumerate([f'{count_text(per_side_lang)} bản bằng {l}' for l in langs])}."
    )


def signing_sentence(ten_goi: str, s: Signing) -> str | None:
    """ "Văn bản hợp tác này được ký ngày 18 tháng 9 năm 2024 tại tỉnh Hải Dương." (None if unset)."""
    if s.ngay is None or not s.dia_diem:
        return None
    place = re.sub(r"[\s.]+$", "", s.dia_diem.strip())
    return f"{ten_goi} này được ký {long_date(s.ngay)} tại {place}."


def period_title(giai_doan: tuple[int, int] | None) -> str:
    """ "GIAI ĐOẠN 2024-2028" ("NĂM 2024" for a single year, "" without a period)."""
    if not giai_doan:
        return ""
    tu, den = giai_doan
    return f"NĂM {tu}" if tu == den else f"GIAI ĐOẠN {tu}-{den}"


#: the blocks an agreement prints (the plan's other blocks, tables and budget paragraphs, have no place here)
SUPPORTED_BLOCKS = (Paragraph, Bullets, Heading, Point, Task, TaskBullets)


def _unsupported(blocks: tuple[Block, ...], path: FieldPath) -> list[FieldPath]:
    out: list[FieldPath] = []
    for i, b in enumerate(blocks):
        if not isinstance(b, SUPPORTED_BLOCKS):
            out.append(path + (i,))
        elif isinstance(b, Heading):
            out += _unsupported(b.noi_dung, path + (i, "noi_dung"))
    return out


def agreement_checks(ag: Agreement) -> list[Finding]:
    """Model-level checks (path, message, severity) beyond the schema: blocks it can print, copies shared equally."""
    out: list[Finding] = []
    where = _unsupported(ag.mo_dau, ("mo_dau",)) + _unsupported(ag.ket_thuc, ("ket_thuc",))
    for i, f in enumerate(ag.linh_vuc):
        where += _unsupported(f.noi_dung, ("linh_vuc", i, "noi_dung"))
    for path in where:
        out.append(
            (
                path,
                "văn bản hợp tác chỉ dùng các khối doan, gach, muc, diem, nhiem_vu, viec "
                "(bảng và đoạn kinh phí thuộc kế hoạch)",
                "error",
            )
        )
    if ag.ky_ket is not None:
        problem = copies_problem(ag.ky_ket)
        if problem:
            out.append((("ky_ket", "so_ban"), problem, "error"))
    return out
