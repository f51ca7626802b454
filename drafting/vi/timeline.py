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
    "Quý II hoặc III năm 2022" name their years. In a one-year plan a label inside the year needs no year
    ("Quý I", "6 tháng đầu năm", "Cả năm", "Tháng 3", "Trước ngày 30/6": see ``within_year``); in a plan of
    several years such a label is refused with the plan's years in the message. Raises TimelineProblem when
    nothing can be read.
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
    within = within_year(core)
    if within is not None:
        if start == end:
            return Timeline((start,), recurring=False)
        raise TimelineProblem(unplaced_within_year(label or "", within, period))
    raise TimelineProblem(unreadable_label(label or "", period))


# ── labels inside one year ("Quý I", "6 tháng đầu năm", "Cả năm", "Tháng 3", "Trước ngày 30/6") ──────────────
_ROMAN_QUARTER = r"(?:i{1,3}|iv|[1-4])"
_WITHIN_YEAR = (
    ("quý", re.compile(rf"\bquý\s+{_ROMAN_QUARTER}(?:\s*(?:[-–,]|và|hoặc|đến)\s*{_ROMAN_QUARTER})*\b")),
    ("nửa năm", re.compile(r"\b(?:6|sáu)\s+tháng\s+(?:đầu|cuối)(?:\s+năm)?\b")),
    ("cả năm", re.compile(r"\b(?:cả|trong|suốt)\s+năm\b|\b(?:đầu|giữa|cuối)\s+năm\b")),
    ("tháng", re.compile(r"\btháng\s+(?:\d{1,2}|giêng|chạp)\b")),
    ("ngày", re.compile(r"\b(?:(?:trước|sau|đến|từ|trong|vào)\s+)?ngày\s+\d{1,2}\s*/\s*\d{1,2}\b"
                        r"|(?<![\d/])\d{1,2}\s*/\s*\d{1,2}(?![\d/])|\bdịp\b")),
)


def within_year(label: str) -> str | None:
    """What kind of in-year time a label without a year names ("quý", "tháng", "ngày" …), or None.

    "Quý I", "Quý II-III", "6 tháng đầu năm", "6 tháng cuối năm", "Cả năm", "Cuối năm", "Tháng 3",
    "Tháng 3-5", "Trước ngày 30/6" are read as times inside one year: the plan's year in a one-year plan.
    """
    text = _strip_remarks(unicodedata.normalize("NFC", label).lower())
    for name, pattern in _WITHIN_YEAR:
        if pattern.search(text):
            return name
    return None


def _years_text(period: tuple[int, int]) -> str:
    start, end = period
    return f"năm {start}" if start == end else f"các năm {start}-{end}"


def unplaced_within_year(label: str, kind: str, period: tuple[int, int]) -> str:
    """The message for an in-year label ("Quý I") in a plan of several years: say which years it has."""
    start, end = period
    example = {"quý": f"\"{label.strip()}/{start + 1}\"", "nửa năm": f"\"{label.strip()} {start + 1}\"",
               "cả năm": (f"\"Năm {start + 1}\"" if label.strip().lower() == "cả năm"
                          else f"\"{label.strip()} {start + 1}\""), "tháng": f"\"{label.strip()}/{start + 1}\"",
               "ngày": (f"\"{label.strip()}/{start + 1}\"" if re.search(r"\d\s*/\s*\d", label)
                        else f"\"{label.strip()} {start + 1}\"")}[kind]
    return (f"thời gian \"{label.strip()}\" không nói năm nào; kế hoạch có {_years_text(period)}: ghi năm vào nhãn "
            f"(ví dụ {example}) hoặc thêm khóa nam: [{start + 1}]")


def unreadable_label(label: str, period: tuple[int, int]) -> str:
    """The message for a label the tool cannot read: the plan's own years in the example."""
    start, end = period
    years = f"[{start}]" if start == end else f"[{start}, {start + 1}]"
    return (f"không hiểu thời gian \"{label}\"; kế hoạch có {_years_text(period)}: ghi năm vào nhãn "
            f"(\"Năm {start}\", \"Quý II/{end}\") hoặc ghi các năm bằng khóa nam: {years}")


def period_words(period: tuple[int, int]) -> str:
    """A plan's period in a sentence: "giai đoạn 2027-2029", or "năm 2027" for a one-year plan."""
    start, end = period
    return f"năm {start}" if start == end else f"giai đoạn {start}-{end}"


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
