"""Read the years a task's timeline label covers ("Hàng năm", "năm 2027, 2029", "Từ năm 2026" …)."""

from __future__ import annotations

import datetime as _dt
import functools
import re
import unicodedata
from dataclasses import dataclass

from ..record import Record

_RECURRING = (
    "hàng năm",
    "hằng năm",
    "thường xuyên",
    "định kỳ",
    "liên tục",
    "theo dự án",
    "cả giai đoạn",
    "hàng quý",
    "hằng quý",
    "hàng tháng",
    "hằng tháng",
)
_YEAR = r"(?:19|20|21)\d{2}"
_RANGE = re.compile(rf"({_YEAR})\s*[-–—]\s*({_YEAR})")
_FROM = re.compile(rf"\btừ\s+(?:năm\s+)?({_YEAR})(?!\s*[-–—]\s*{_YEAR})")
_UNTIL = re.compile(rf"\b(?:đến|tới)\s+(?:năm\s+)?({_YEAR})")
_SINGLE = re.compile(rf"(?<!\d)({_YEAR})(?!\d)")


class TimelineProblem(ValueError):
    """Raised when a timeline label says nothing the tool can turn into years."""


@dataclass(frozen=True, eq=False, repr=False)
class Timeline(Record):
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
    try:
        return _parse_cached(label, (start, end), tuple(schedule or ()))
    except TypeError:  # something unhashable (a caller's bad data): read without the memo
        return _parse(label, (start, end), tuple(schedule or ()))


@functools.lru_cache(maxsize=4096)
def _parse_cached(label: str | None, period: tuple[int, int], schedule: tuple[str, ...]) -> Timeline:
    """``_parse``, once per label, period and schedule: a plan's thousands of tasks share a few labels ("Hàng
    năm", "2026-2030"); a Timeline is frozen, and a refusal is not kept (it is raised again)."""
    return _parse(label, period, schedule)


def _parse(label: str | None, period: tuple[int, int], schedule: tuple[str, ...]) -> Timeline:
    start, end = period
    years: set[int] = set()
    text = unicodedata.normalize("NFC", label or "").lower()
    core = _strip_remarks(text)
    for line in schedule or []:
        m = re.match(
            rf"\s*[-–+•]?\s*(?:năm\s+)?({_YEAR})(?:\s*[-–]\s*({_YEAR}))?", unicodedata.normalize("NFC", line).lower()
        )
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
            raise TimelineProblem(f'khoảng năm "{m[0]}" bị ngược')
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
    (
        "ngày",
        re.compile(
            r"\b(?:(?:trước|sau|đến|từ|trong|vào)\s+)?ngày\s+\d{1,2}\s*/\s*\d{1,2}\b"
            r"|(?<![\d/])\d{1,2}\s*/\s*\d{1,2}(?![\d/])|\bdịp\b"
        ),
    ),
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
    example = {
        "quý": f'"{label.strip()}/{start + 1}"',
        "nửa năm": f'"{label.strip()} {start + 1}"',
        "cả năm": (f'"Năm {start + 1}"' if label.strip().lower() == "cả năm" else f'"{label.strip()} {start + 1}"'),
        "tháng": f'"{label.strip()}/{start + 1}"',
        "ngày": (
            f'"{label.strip()}/{start + 1}"' if re.search(r"\d\s*/\s*\d", label) else f'"{label.strip()} {start + 1}"'
        ),
    }[kind]
    return (
        f'thời gian "{label.strip()}" không nói năm nào; kế hoạch có {_years_text(period)}: ghi năm vào nhãn '
        f"(ví dụ {example}) hoặc thêm khóa nam: [{start + 1}]"
    )


def unreadable_label(label: str, period: tuple[int, int]) -> str:
    """The message for a label the tool cannot read: the plan's own years in the example."""
    start, end = period
    years = f"[{start}]" if start == end else f"[{start}, {start + 1}]"
    return (
        f'không hiểu thời gian "{label}"; kế hoạch có {_years_text(period)}: ghi năm vào nhãn '
        f'("Năm {start}", "Quý II/{end}") hoặc ghi các năm bằng khóa nam: {years}'
    )


def period_words(period: tuple[int, int]) -> str:
    """A plan's period in a sentence: "giai đoạn 2027-2029", or "năm 2027" for a one-year plan."""
    start, end = period
    return f"năm {start}" if start == end else f"giai đoạn {start}-{end}"


_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_QUARTER_WORDS = {1: "I", 2: "II", 3: "III", 4: "IV"}
_Q = r"(?:iv|iii|ii|i|[1-4])"
_QUARTERS = re.compile(
    rf"quý\s+({_Q}(?:\s*(?:-|–|,|và|hoặc|đến|tới)\s*(?:quý\s+)?{_Q})*)\b"
    rf"(?:\s*(?:/|năm|,)?\s*({_YEAR}))?"
)
_MONTHS = re.compile(
    rf"tháng\s+(\d{{1,2}}(?:\s*(?:-|–|,|và|hoặc|đến|tới)\s*(?:tháng\s+)?\d{{1,2}})*)"
    rf"\s*(?:/|năm)\s*({_YEAR})"
)
_HALVES = re.compile(rf"(?:6|sáu) tháng (đầu|cuối)(?: năm)?(?:\s*(?:/|năm)?\s*({_YEAR}))?")
_BEFORE = re.compile(rf"(?:trước|chậm nhất)\s+(?:ngày\s+)?\d{{1,2}}\s*/\s*(\d{{1,2}})\s*/\s*({_YEAR})")


def _span(text: str, names: dict[str, int] | None = None) -> set[int]:
    """ "III-IV" → {3, 4}; "II hoặc III" → {2, 3}; "6-8" → {6, 7, 8}."""
    names = names or {}
    found = [names.get(t) if names else int(t) for t in re.findall(r"[ivx]+|\d+", text)]
    nums = [n for n in found if n]
    out: set[int] = set()
    if re.search(r"[-–]|đến|tới", text) and len(nums) == 2 and nums[0] <= nums[1]:
        return set(range(nums[0], nums[1] + 1))
    out.update(nums)
    return out


def parse_months(label: str | None, years: tuple[int, ...], schedule: list[str] | None = None) -> dict[int, set[int]]:
    """The months (1–12) of each of ``years`` a timeline label covers: "Quý III-IV/2026" → {2026: {7…12}},
    "tháng 6/2027", "6 tháng đầu năm 2028", "Quý II hằng năm"; a year named without months covers all twelve."""
    text = _strip_remarks(unicodedata.normalize("NFC", " ".join([label or ""] + list(schedule or []))).lower())
    bound: dict[int, set[int]] = {}
    every: set[int] = set()

    def put(year: str | None, months: set[int]) -> None:
        months = {m for m in months if 1 <= m <= 12}
        if year:
            bound.setdefault(int(year), set()).update(months)
        else:
            every.update(months)

    for m in _QUARTERS.finditer(text):
        qs = _span(m[1], _ROMAN)
        put(m[2], {mm for q in qs for mm in range(3 * q - 2, 3 * q + 1)})
    for m in _MONTHS.finditer(text):
        put(m[2], _span(m[1]))
    for m in _HALVES.finditer(text):
        put(m[2], set(range(1, 7)) if m[1] == "đầu" else set(range(7, 13)))
    for m in _BEFORE.finditer(text):
        put(m[2], set(range(1, int(m[1]) + 1)))
    return {y: (bound.get(y) or every or set(range(1, 13))) for y in years}


@dataclass(frozen=True, eq=False, repr=False)
class Period(Record):
    """A reporting period: a year, its first or last six months, a quarter, its first nine months, or an
    explicit range of dates ``start``–``end`` as (year, month, day)."""

    year: int
    half: int | None = None  # 1 = first six months, 2 = last six months
    quarter: int | None = None  # 1 … 4
    nine: bool = False  # the first nine months
    start: tuple[int, int, int] | None = None
    end: tuple[int, int, int] | None = None

    def months(self) -> list[tuple[int, int]]:
        """(year, month) pairs the period covers, in order."""
        if self.start and self.end:
            (y1, m1, _), (y2, m2, _) = self.start, self.end
            out = []
            y, m = y1, m1
            while (y, m) <= (y2, m2):
                out.append((y, m))
                y, m = (y + 1, 1) if m == 12 else (y, m + 1)
            return out
        if self.quarter:
            first, last = 3 * self.quarter - 2, 3 * self.quarter
        elif self.half:
            first, last = (1, 6) if self.half == 1 else (7, 12)
        elif self.nine:
            first, last = 1, 9
        else:
            first, last = 1, 12
        return [(self.year, m) for m in range(first, last + 1)]

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(sorted({y for y, _ in self.months()}))

    @property
    def whole_year(self) -> bool:
        return not (self.half or self.quarter or self.nine or self.start)

    def label(self) -> str:
        """ "năm 2026", "6 tháng đầu năm 2026", "6 tháng cuối năm 2026", "quý III năm 2026", "9 tháng đầu năm
        2026", "từ ngày 01/3/2026 đến ngày 31/8/2026"."""
        if self.start and self.end:
            return f"từ ngày {_dmy(self.start)} đến ngày {_dmy(self.end)}"
        if self.quarter:
            return f"quý {_QUARTER_WORDS[self.quarter]} năm {self.year}"
        if self.half:
            return f"6 tháng {'đầu' if self.half == 1 else 'cuối'} năm {self.year}"
        if self.nine:
            return f"9 tháng đầu năm {self.year}"
        return f"năm {self.year}"

    def during(self) -> str:
        """The phrase that opens a sentence: "Trong 6 tháng đầu năm 2026", "Từ ngày … đến ngày …"."""
        lab = self.label()
        return lab[0].upper() + lab[1:] if self.start else f"Trong {lab}"

    def next(self) -> Period:
        """The period after this one: the last six months after the first, the next quarter, the last quarter
        after nine months, the next year after a year (or its last six months)."""
        if self.quarter:
            return (
                Period(self.year + 1, quarter=1) if self.quarter == 4 else Period(self.year, quarter=self.quarter + 1)
            )
        if self.half == 1:
            return Period(self.year, 2)
        if self.nine:
            return Period(self.year, quarter=4)
        if self.start and self.end:
            return Period(self.end[0] + 1)
        return Period(self.year + 1)


def _dmy(d: tuple[int, int, int]) -> str:
    return f"{d[2]:02d}/{d[1]}/{d[0]}"


_DATE = rf"(\d{{1,2}})\s*/\s*(\d{{1,2}})\s*/\s*({_YEAR})"


def parse_period(text: str | int) -> Period:
    """ "2026", "năm 2026" → the year; "6 tháng đầu năm 2026" (or "2026-H1"), "6 tháng cuối năm 2026" ("2026-H2"),
    "quý III năm 2026" ("quý 3/2026", "2026-Q3"), "9 tháng đầu năm 2026" ("2026-9T"),
    "từ 01/3/2026 đến 31/8/2026" (or "01/3/2026-31/8/2026")."""

    s = re.sub(r"\s+", " ", unicodedata.normalize("NFC", str(text)).strip().lower())
    s = s.replace("sáu", "6").replace("chín", "9")
    m = re.fullmatch(rf"(?:năm\s+)?({_YEAR})", s)
    if m:
        return Period(int(m[1]))
    m = re.fullmatch(rf"6 tháng (đầu|cuối)(?: năm)?\s*/?\s*({_YEAR})|({_YEAR})-h([12])", s)
    if m:
        return Period(int(m[2] or m[3]), 1 if (m[1] == "đầu" or m[4] == "1") else 2)
    m = re.fullmatch(rf"quý ({_Q})(?:\s*(?:/|năm)\s*|\s+)({_YEAR})|({_YEAR})-q([1-4])|q([1-4])\s*/\s*({_YEAR})", s)
    if m:
        q = _ROMAN[m[1]] if m[1] else int(m[4] or m[5])
        return Period(int(m[2] or m[3] or m[6]), quarter=q)
    m = re.fullmatch(rf"9 tháng(?: đầu)?(?: năm)?\s*/?\s*({_YEAR})|({_YEAR})-9t", s)
    if m:
        return Period(int(m[1] or m[2]), nine=True)
    m = re.fullmatch(rf"(?:từ\s+)?(?:ngày\s+)?{_DATE}\s*(?:-|–|đến|tới)\s*(?:ngày\s+)?{_DATE}", s)
    if m:
        try:
            a = _dt.date(int(m[3]), int(m[2]), int(m[1]))
            b = _dt.date(int(m[6]), int(m[5]), int(m[4]))
        except ValueError as exc:
            raise TimelineProblem(f'kỳ báo cáo "{text}" có ngày không tồn tại') from exc
        if b < a:
            raise TimelineProblem(f'kỳ báo cáo "{text}": ngày kết thúc trước ngày bắt đầu')
        return Period(a.year, start=(a.year, a.month, a.day), end=(b.year, b.month, b.day))
    raise TimelineProblem(
        f'kỳ báo cáo "{text}" không hợp lệ (viết "2026", "6 tháng đầu năm 2026", '
        f'"6 tháng cuối năm 2026", "quý I năm 2026", "9 tháng đầu năm 2026" hoặc '
        f'"từ 01/3/2026 đến 31/8/2026")'
    )
