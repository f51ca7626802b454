"""Vietnamese dates as Decree 30 prints them: "ngày 05 tháng 01 năm 2026", drafts with blanks."""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass

from ..record import Record

#: what stands for a blank day or number in a draft (a clerk fills it in by hand after signing)
BLANK = "\u00a0" * 6


@dataclass(frozen=True, eq=False, repr=False)
class DocDate(Record):
    """A document date; ``day`` (and ``month``) may be None in a draft."""

    year: int
    month: int | None = None
    day: int | None = None

    def is_full(self) -> bool:
        return self.day is not None and self.month is not None


def timestamp(d: DocDate) -> _dt.datetime:
    """The time a document is stamped with (its .docx's created and modified, the PDF's dates): 08:00 on its date,
    the first of the month (or of January) for a day (or month) left blank — the same for every output of it."""
    return _dt.datetime(d.year, d.month or 1, d.day or 1, 8, 0, 0)


class DateProblem(ValueError):
    """Raised when a date value cannot be read or does not exist."""


def parse_date(value: object) -> DocDate:
    """Read a spec date: a YAML date, "27/3/2026", "3/2026", "2026-03-27", or {ngay, thang, nam}."""
    if isinstance(value, _dt.datetime):
        value = value.date()
    if isinstance(value, _dt.date):
        return DocDate(value.year, value.month, value.day)
    if isinstance(value, dict):

        def number(key: str, label: str) -> int | None:
            v = value.get(key)
            if v is None:
                return None
            if isinstance(v, bool) or not isinstance(v, int):
                raise DateProblem(f'{label} ({key}) phải là số, đang là "{v}"')
            return v

        nam = number("nam", "năm")
        if nam is None:
            raise DateProblem("thiếu năm (nam)")
        return _checked(nam, number("thang", "tháng"), number("ngay", "ngày"))
    if isinstance(value, str):
        s = value.strip()
        m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", s)
        if m:
            return _checked(int(m[3]), int(m[2]), int(m[1]))
        m = re.fullmatch(r"(\d{1,2})/(\d{4})", s)
        if m:
            return _checked(int(m[2]), int(m[1]), None)
        m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", s)
        if m:
            return _checked(int(m[1]), int(m[2]), int(m[3]))
        m = re.fullmatch(r"(\d{4})-(\d{1,2})", s)
        if m:
            return _checked(int(m[1]), int(m[2]), None)
        raise DateProblem(f'không đọc được ngày "{value}" (viết 27/3/2026, 3/2026 hoặc 2026-03-27)')
    raise DateProblem(f"không đọc được ngày {value!r}")


def _checked(year: int, month: int | None, day: int | None) -> DocDate:
    if not 1900 <= year <= 2200:
        raise DateProblem(f"năm {year} không hợp lệ")
    if month is not None and not 1 <= month <= 12:
        raise DateProblem(f"tháng {month} không tồn tại")
    if day is not None:
        if month is None:
            raise DateProblem("có ngày nhưng thiếu tháng")
        try:
            _dt.date(year, month, day)
        except ValueError as exc:
            raise DateProblem(f"ngày {day}/{month}/{year} không tồn tại") from exc
    return DocDate(year, month, day)


def two(n: int) -> str:
    return f"{n:02d}"


def day_text(d: int) -> str:
    """Days 1–9 take a leading zero."""
    return two(d)


def month_text(m: int) -> str:
    """Months 1–2 take a leading zero (Decree 30: "tháng 01", "tháng 02"; "tháng 3" … "tháng 12")."""
    return two(m) if m <= 2 else str(m)


def long_date(d: DocDate) -> str:
    """ "ngày 05 tháng 01 năm 2026"; blanks for the parts a draft leaves open."""
    day = day_text(d.day) if d.day is not None else BLANK
    month = month_text(d.month) if d.month is not None else BLANK
    return f"ngày {day} tháng {month} năm {d.year}"


def place_date(place: str, d: DocDate) -> str:
    """ "Bắc Ninh, ngày      tháng 4 năm 2026"."""
    return f"{place}, {long_date(d)}"


def short_date(d: DocDate) -> str:
    """ "18/12/2025"; a draft gives "    /4/2026"."""
    day = str(d.day) if d.day is not None else BLANK
    month = str(d.month) if d.month is not None else BLANK
    return f"{day}/{month}/{d.year}"
