"""Read the years a task's timeline label covers ("Hàng năm", "năm 2027, 2029", "Từ năm 2026" …)."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_RECURRING = ("hàng năm", "hằng năm", "thường xuyên", "định kỳ", "liên tục", "theo dự án",
              "cả giai đoạn", "hàng quý", "hằng quý", "hàng tháng", "hằng tháng")
_YEAR = r"(?:19|20|21)\d{2}"
_RANGE = re.compile(rf"({_YEAR})\s*[-–—]\s*({_YEAR})")
_FROM = re.compile(rf"\btừ\s+(?:năm\s+)?({_YEAR})(?!\s*[-–—]\s*{_YEAR})")
_UNTIL = re.compile(rf"\b(?:đến|tới)\s+(?:năm\s+)?({_YEAR})")
_SINGLE = re.compile(rf"(?<!\d)({_YEAR})(?!\d)")


class TimelineProblem(ValueError):
    """Raised when a timeline label says nothing the tool can turn into years."""


@dataclass(frozen=True)
class Timeline:
    """What a label covers: the years, and whether the task recurs every year of the period."""

    years: tuple[int, ...]
    recurring: bool = False


def _strip_remarks(label: str) -> str:
    # remove parenthesised remarks, repeatedly for nesting: "(lồng ghép … (bao gồm …))"
    prev = None
    s = label
    while prev != s:
        prev = s
        s = re.sub(r"\([^()]*\)", " ", s)
    return s


def parse_timeline(label: str | None, period: tuple[int, int], schedule: list[str] | None = None) -> Timeline:
    """Years covered by ``label`` (and by schedule lines "Năm 2026: …") within ``period`` = (from, to).

    "Hàng năm", "Thường xuyên", "Định kỳ/thường xuyên", "Theo dự án", "Trong giai đoạn 2026-2030" cover
    the whole period; "Từ năm 2027" runs to its end; "năm 2027, 2029", "2026-2027", "Quý III-IV/2026",
    "Quý II hoặc III năm 2022" name their years. Raises TimelineProblem when nothing can be read.
    """
    start, end = period
    years: set[int] = set()
    text = unicodedata.normalize("NFC", label or "").lower()
    core = _strip_remarks(text)
    for line in schedule or []:
        m = re.match(rf"\s*[-–+•]?\s*(?:năm\s+)?({_YEAR})(?:\s*[-–]\s*({_YEAR}))?", unicodedata.normalize("NFC", line).lower())
        if m:
            a = int(m[1])
            b = int(m[2]) if m[2] else a
            years.update(range(a, b + 1))
    m_from = _FROM.search(core)
    if m_from:
        first = int(m_from[1])
        m_until = _UNTIL.search(core)
        last = int(m_until[1]) if m_until else end
        years.update(range(first, last + 1))
        return Timeline(tuple(sorted(years)), recurring=True)
    found = False
    rest = core
    for m in _RANGE.finditer(core):
        a, b = int(m[1]), int(m[2])
        if b < a:
            raise TimelineProblem(f"khoảng năm \"{m[0]}\" bị ngược")
        years.update(range(a, b + 1))
        found = True
    rest = _RANGE.sub(" ", rest)
    # "Quý III-IV/2026": a single year after a slash is a year, not a date piece
    for m in _SINGLE.finditer(rest):
        years.add(int(m[1]))
        found = True
    if any(word in core for word in _RECURRING) and not found:
        return Timeline(tuple(range(start, end + 1)), recurring=True)
    if years:
        return Timeline(tuple(sorted(years)), recurring=False)
    if not text.strip() and not schedule:
        raise TimelineProblem("thiếu thời gian thực hiện")
    raise TimelineProblem(f"không hiểu thời gian \"{label}\"; ghi rõ các năm bằng khóa nam: [2026, 2027]")


@dataclass(frozen=True)
class Period:
    """A reporting period: a whole year, or its first half ("6 tháng đầu năm 2026")."""

    year: int
    half: int | None = None   # 1 = first six months

    def label(self) -> str:
        return f"6 tháng đầu năm {self.year}" if self.half == 1 else f"năm {self.year}"

    def next(self) -> "Period":
        """The period after this one: the whole year after its first half, the next year after a year."""
        return Period(self.year, None) if self.half == 1 else Period(self.year + 1, None)


def parse_period(text: str | int) -> Period:
    """"2026", "năm 2026" → the year; "6 tháng đầu năm 2026", "2026-H1" → its first half."""
    s = unicodedata.normalize("NFC", str(text)).strip().lower()
    m = re.fullmatch(rf"(?:năm\s+)?({_YEAR})", s)
    if m:
        return Period(int(m[1]))
    m = re.fullmatch(rf"(?:6|sáu) tháng đầu năm\s+({_YEAR})|({_YEAR})-h1", s)
    if m:
        return Period(int(m[1] or m[2]), 1)
    raise TimelineProblem(f"kỳ báo cáo \"{text}\" không hợp lệ (viết \"2026\" hoặc \"6 tháng đầu năm 2026\")")
