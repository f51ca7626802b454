"""Read an amount of money as a department types it ("120 triệu", "1,5 tỷ", "120.000.000 đ") exactly."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from fractions import Fraction

from .text import fold

#: scale words (folded, lower case) → đồng
SCALES = {
    "ty": 10**9,
    "ti": 10**9,
    "trieu": 10**6,
    "tr": 10**6,
    "nghin": 10**3,
    "ngan": 10**3,
    "k": 10**3,
    "dong": 1,
    "d": 1,
    "vnd": 1,
    "vnđ": 1,
}
_ZERO = {"0", "khong", "-", "--", "khong co", "khong su dung", "khong phat sinh", "chua su dung", "chua phat sinh"}
_NUM = r"\d+(?:[.,  ]\d+)*"
_TERM = re.compile(rf"({_NUM})\s*(ty|ti|trieu|tr|nghin|ngan|k)?\.?\s*(dong|d|vnd)?\.?", re.I)


@dataclass(frozen=True)
class Money:
    """A reading: ``value`` in the wanted unit (None when it cannot be read exactly), and what the clerk should
    know: ``flag`` (why it was not read) or ``note`` (a unit it was converted from)."""

    raw: str
    value: int | None
    flag: str | None = None
    note: str | None = None


def _fmt(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def unit_name(unit: int) -> str:
    """1 → "đồng", 1000 → "nghìn đồng", 10**6 → "triệu đồng"."""
    return {1: "đồng", 1000: "nghìn đồng", 10**6: "triệu đồng", 10**9: "tỷ đồng"}.get(unit, f"{unit} đồng")


def unit_label(unit: int) -> str:
    """The unit as a column heading writes it: "đồng", "1.000 đồng", "1.000.000 đồng"."""
    return "đồng" if unit == 1 else f"{unit:,}".replace(",", ".") + " đồng"


def header_unit(header: str) -> int | None:
    """The unit a column heading states: "(1.000 đồng)", "(nghìn đồng)", "(triệu đồng)", "(đồng)", "(VNĐ)"."""
    k = fold(unicodedata.normalize("NFC", header)).lower()
    m = re.search(r"\(([^()]*)\)\s*$", k)
    if not m:
        return None
    inner = m[1].strip()
    if re.fullmatch(r"(dong|d|vnd|vnđ)", inner):
        return 1
    m2 = re.fullmatch(r"(\d{1,3}(?:[., ]\d{3})+|\d+)\s*(dong|d|vnd)", inner)
    if m2:
        return int(re.sub(r"\D", "", m2[1]))
    m3 = re.fullmatch(r"(nghin|ngan|trieu|ty)\s*(dong|d|vnd)?", inner)
    if m3:
        return SCALES[m3[1]]
    return None


def _number(s: str, scaled: bool) -> Fraction | None:
    """ "120.000" / "120,000" / "120 000" → 120000; "1,5" / "1.5" → 3/2 (a decimal only before a scale word)."""
    s = s.replace("\u00a0", " ").replace("\u202f", " ").strip()
    if re.fullmatch(r"\d+", s):
        return Fraction(int(s))
    if re.fullmatch(r"\d{1,3}(?:([., ])\d{3})(?:\1\d{3})*", s):  # one thousands separator throughout
        return Fraction(int(re.sub(r"\D", "", s)))
    m = re.fullmatch(r"(\d{1,3}(?:\.\d{3})+|\d+),(\d+)", s)  # 1.234,5 (Vietnamese decimal comma)
    if m:
        return Fraction(int(m[1].replace(".", "")) * 10 ** len(m[2]) + int(m[2]), 10 ** len(m[2]))
    m = re.fullmatch(r"(\d{1,3}(?:,\d{3})+|\d+)\.(\d{1,2})", s)  # 1,234.5 or 1.5 (English decimal point)
    if m and scaled:
        return Fraction(int(m[1].replace(",", "")) * 10 ** len(m[2]) + int(m[2]), 10 ** len(m[2]))
    return None


def parse_money(text: str, column_unit: int = 1000, unit: int | None = None) -> Money:
    """``text`` typed in a column counted in ``column_unit`` đồng, as a whole number of ``unit`` đồng.

    A bare number is in the column's unit; "đồng", "đ", "VNĐ", "nghìn", "triệu", "tr", "tỷ" name their own
    (also "1 tỷ 200 triệu"). The result is exact or None with a flag; a conversion from a unit the column
    did not state comes with a note.
    """
    unit = column_unit if unit is None else unit
    raw = unicodedata.normalize("NFC", text).strip()
    k = re.sub(r"\s+", " ", fold(raw).lower()).strip(" .;")
    k = k.replace("vnđ", "vnd").replace("đ", "d")
    if not k:
        return Money(raw, None)
    if k in _ZERO:
        return Money(raw, 0)
    if re.search(r"\d\s*[-–]\s*\d|\b(?:khoang|du kien|uoc|uoc tinh|tren|duoi|gan|hon|toi da|x)\b|~|\+", k):
        return Money(raw, None, flag=f'số tiền "{raw}" không phải một số xác định')
    pos = 0
    total = Fraction(0)
    stated = None  # the explicit scale the department wrote, if any
    terms = 0
    while pos < len(k):
        m = _TERM.match(k, pos)
        if not m or m.end() == pos:
            return Money(raw, None, flag=f'không đọc được số tiền "{raw}"')
        scale_word, dong = m[2], m[3]
        nxt = m.end()
        while nxt < len(k) and k[nxt] == " ":
            nxt += 1
        if scale_word:
            scale = SCALES[scale_word]
        elif dong:
            scale = 1
        else:
            scale = None
        value = _number(m[1], scaled=scale is not None and scale > 1)
        if value is None:
            return Money(raw, None, flag=f'không đọc được số tiền "{raw}" (dấu phân cách không rõ)')
        if scale is None:
            if terms or nxt < len(k):
                return Money(raw, None, flag=f'không đọc được số tiền "{raw}"')
            total += value * column_unit
        else:
            total += value * scale
            stated = scale if stated is None else min(stated, scale)
        terms += 1
        pos = nxt
    if total.denominator != 1 or total % unit:
        return Money(raw, None, flag=f'số tiền "{raw}" không phải số nguyên {unit_name(unit)}')
    amount = int(total // unit)
    note = None
    if stated is not None and stated != column_unit:
        note = f'"{raw}" ghi theo đơn vị khác cột, đã đổi thành {_fmt(amount)} {unit_name(unit)}'
    elif column_unit != unit:
        note = f'"{raw}" ({unit_name(column_unit)} theo tiêu đề cột), đã đổi thành {_fmt(amount)} {unit_name(unit)}'
    return Money(raw, amount, note=note)
