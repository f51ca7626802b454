"""The agency registry, dated and per province, and reading agency names out of a "Cơ quan chủ trì/phối hợp" line.

A document is checked against the registry as of its own date (``doc_span``): old names after their change,
bodies before they exist, district-level bodies after 01/07/2025 and a province's missing conditional bodies are
warnings (``Registry.notes``); partner (Lao) units are exempt. The format is documented in docs/co-quan.md."""

from __future__ import annotations

import datetime as _dt
import difflib
import re
import stat
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from ..errors import Problem, SpecError
from ..record import Record
from ..vi.dates import DateProblem, parse_date

REGISTRY_FILE = "co-quan.yaml"


def _spaces(s: str) -> str:
    """NFC, single spaces, hyphens written " - " (length-changing steps, done before ``_key``)."""
    s = unicodedata.normalize("NFC", s)
    s = re.sub(r"\s*[-–—]\s*", " - ", s)
    return re.sub(r"\s+", " ", s).strip()


def _key(s: str) -> str:
    """Comparison key: ``_spaces``, lower case, and one spelling of hoà/hòa, uỷ/ủy (same length)."""
    s = _spaces(s).lower()
    # old/new tone placement: hoá/hóa, hoà/hòa, thoả/thỏa, khoẻ/khỏe, uỷ/ủy, tuỳ/tùy
    for old, new in (
        ("oá", "óa"),
        ("oà", "òa"),
        ("oả", "ỏa"),
        ("oã", "õa"),
        ("oạ", "ọa"),
        ("oé", "óe"),
        ("oè", "òe"),
        ("oẻ", "ỏe"),
        ("uỷ", "ủy"),
        ("uý", "úy"),
        ("uỳ", "ùy"),
    ):
        s = s.replace(old, new)
    return s


#: the date Vietnam's district level ended when the registry does not say (agencies-2025.md, first paragraph)
_DISTRICT_END = _dt.date(2025, 6, 30)

#: head nouns, longest first: a suggestion must have the same head as the name it replaces
HEADS = tuple(
    sorted(
        (
            "sở",
            "ban",
            "ban chỉ huy",
            "bộ chỉ huy",
            "ban quản lý",
            "ban liên lạc",
            "hội",
            "hiệp hội",
            "trường",
            "đại học",
            "học viện",
            "trung tâm",
            "văn phòng",
            "ubnd",
            "ủy ban",
            "ủy ban nhân dân",
            "hđnd",
            "công an",
            "báo",
            "đài",
            "liên hiệp",
            "liên đoàn",
            "tòa án",
            "viện kiểm sát",
            "viện",
            "cục",
            "chi cục",
            "kho bạc",
            "ngân hàng",
            "bảo hiểm",
            "thống kê",
            "thuế",
            "hải quan",
            "thanh tra",
            "phòng",
            "đoàn",
            "tỉnh đoàn",
            "thành đoàn",
            "công ty",
            "tổng công ty",
            "bệnh viện",
            "mặt trận",
            "tỉnh ủy",
            "bộ",
            "cơ quan",
            "chi nhánh",
        ),
        key=len,
        reverse=True,
    )
)
#: heads that, after "," / "và", surely start another agency (an unknown name is cut there, nowhere else)
_SPLIT_HEADS = (
    "sở ",
    "ban ",
    "hội ",
    "hiệp hội ",
    "trường ",
    "trung tâm ",
    "công an ",
    "bộ chỉ huy ",
    "ubnd ",
    "ủy ban ",
    "văn phòng ",
    "liên hiệp ",
    "liên đoàn ",
    "tòa án ",
    "viện ",
    "báo ",
    "đài ",
    "công ty ",
    "bệnh viện ",
    "các ",
)
#: a suggestion's name after the head noun must be at least this similar (difflib ratio)
SIMILARITY = 0.7

_DISTRICT = re.compile(r"\b(?:huyện|thị xã|quận|cấp huyện)\b")
_DISTRICT_BODY = re.compile(
    r"(?:ubnd|ủy ban nhân dân|hđnd|hội đồng nhân dân|phòng [^,;()]*?)\s+(?:các\s+)?"
    r"(?:huyện|thị xã|quận|cấp huyện)\b"
)

Span = tuple[_dt.date, _dt.date]


def head_noun(name: str) -> str:
    """The kind word a name starts with ("sở", "ban chỉ huy", "hiệp hội" …), or its first word."""
    key = _key(name)
    for h in HEADS:
        if key == h or key.startswith(h + " "):
            return h
    return key.split(" ", 1)[0] if key else ""


def _as_date(value: Any, end: bool = False) -> _dt.date | None:
    """A registry date (YAML date, "1/7/2025", "7/2025", "2025"): the first day, or with ``end`` the last."""
    if value is None:
        return None
    span = doc_span(value)
    if span is None:
        raise ValueError(f'ngày "{value}" không đọc được')
    return span[1] if end else span[0]


def doc_span(value: Any) -> Span | None:
    """The days a document date covers: one day, or the whole month (year) of a draft dated that way."""

    if isinstance(value, _dt.datetime):
        value = value.date()
    if isinstance(value, str) and re.fullmatch(r"\s*\d{4}\s*", value):
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        value = {"nam": value}
    try:
        d = parse_date(value)
    except DateProblem:
        return None
    if d.month is None:
        return _dt.date(d.year, 1, 1), _dt.date(d.year, 12, 31)
    if d.day is None:
        first = _dt.date(d.year, d.month, 1)
        # the month's last day: the day before the next month's first (calendar would bring locale: 2 ms)
        following = _dt.date(d.year + d.month // 12, d.month % 12 + 1, 1)
        return first, following - _dt.timedelta(days=1)
    day = _dt.date(d.year, d.month, d.day)
    return day, day


def _fmt(d: _dt.date) -> str:
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


@dataclass(frozen=True, eq=False, repr=False)
class Agency(Record):
    """A department or body that can lead or coordinate a task, with the period it exists in."""

    ten: str
    ten_khac: tuple[str, ...] = ()
    ten_day_du: str | None = None
    tu: _dt.date | None = None  # first day it exists (None: long before any document)
    den: _dt.date | None = None  # last day (None: still exists)
    ke_nhiem: tuple[str, ...] = ()  # successor(s) after ``den``
    dieu_kien: bool = False  # exists only in provinces whose profile lists it
    khi_khong_co: str | None = None  # who does its work where it does not exist
    nguon: str | None = None  # decree or decision (or reference section) it comes from
    doi_tac: bool = False  # a partner (Lao) body: exempt from Vietnamese rules

    def names(self) -> tuple[str, ...]:
        return (self.ten, *self.ten_khac, *([self.ten_day_du] if self.ten_day_du else []))

    def exists(self, when: Span) -> bool:
        """True when the body exists on some day of ``when``."""
        return (self.tu is None or when[1] >= self.tu) and (self.den is None or when[0] <= self.den)


@dataclass(frozen=True, eq=False, repr=False)
class Province(Record):
    """A province profile for a period: its conditional bodies and its foreign-affairs focal point."""

    ten: str
    ten_khac: tuple[str, ...] = ()
    tu: _dt.date | None = None
    den: _dt.date | None = None
    co_quan: tuple[str, ...] = ()  # conditional bodies it has (Sở Ngoại vụ, Sở Du lịch …)
    khong_co: tuple[str, ...] = ()  # bodies it surely does not have (only these are warned about)
    dau_moi: str | None = None  # foreign-affairs focal point: who monitors, whom forms go to
    hop_nhat: tuple[str, ...] = ()  # provinces merged into it
    nguon: str | None = None

    def covers(self, when: Span) -> bool:
        return (self.tu is None or when[0] >= self.tu) and (self.den is None or when[1] <= self.den)


@dataclass(frozen=True, eq=False, repr=False)
class PartnerProvince(Record):
    """A partner (Lao) province: its spellings and the districts documents name."""

    ten: str
    ten_khac: tuple[str, ...] = ()
    huyen: tuple[str, ...] = ()


@dataclass(frozen=True, eq=False, repr=False)
class AgencyMention(Record):
    """One name found in an agency line: a registry agency, or a generic group ("các cơ quan liên quan")."""

    text: str
    agency: Agency | None  # None for a generic group (or a district-level body not in the registry)


@dataclass
class Registry:
    """Every agency known to a workspace, looked up by name or alias; province profiles; partners."""

    agencies: list[Agency] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)
    provinces: list[Province] = field(default_factory=list)
    partners: list[PartnerProvince] = field(default_factory=list)
    partner_bodies: list[Agency] = field(default_factory=list)  # department names without the province
    district_end: _dt.date = _DISTRICT_END
    district_successor: str = "UBND các xã, phường, đặc khu"
    _index: dict[str, Agency] = field(default_factory=dict, repr=False)
    _cache: dict[str, Any] = field(default_factory=dict, repr=False)  # sorted keys and parsed lines

    def add(self, agency: Agency) -> None:
        self._cache.clear()
        self.agencies.append(agency)
        for name in agency.names():
            self._index.setdefault(_key(name), agency)

    def lookup(self, name: str) -> Agency | None:
        return self._index.get(_key(name))

    def names(self) -> list[str]:
        return list(self._index)

    def suggest(self, name: str) -> str | None:
        """The registry name closest to ``name`` (for "bạn có ý nói …?"): only one of the same kind (head
        noun) whose rest is at least ``SIMILARITY`` alike; otherwise None."""
        key = _key(name)
        head = head_noun(key)
        rest = key[len(head) :].strip()
        best: tuple[float, str] | None = None
        for cand in self._index:
            if head_noun(cand) != head:
                continue
            ratio = difflib.SequenceMatcher(None, rest, cand[len(head) :].strip()).ratio()
            if ratio >= SIMILARITY and (best is None or ratio > best[0]):
                best = (ratio, cand)
        return self._index[best[1]].ten if best else None

    # -- partners --------------------------------------------------------------------------------
    def _partner_spellings(self) -> list[tuple[str, PartnerProvince]]:
        got = self._cache.get("partner_spellings")
        if got is None:
            got = sorted(
                ((_key(s), p) for p in self.partners for s in (p.ten, *p.ten_khac)),
                key=lambda x: len(x[0]),
                reverse=True,
            )
            self._cache["partner_spellings"] = got
        return cast("list[tuple[str, PartnerProvince]]", got)

    def is_partner(self, text: str) -> bool:
        """True when ``text`` names a partner (Lao) unit: a Lao province or one of its districts, or "Lào"."""
        seen = self._cache.setdefault("is_partner", {})
        if text not in seen:
            pattern = self._cache.get("partner_re")
            if pattern is None:
                provinces = "|".join(re.escape(sp) for sp, _ in self._partner_spellings())
                districts = "|".join(
                    sorted((re.escape(_key(h)) for p in self.partners for h in p.huyen), key=len, reverse=True)
                )
                alternatives = [r"\blào\b"]
                if provinces:
                    alternatives.append(rf"\b(?:tỉnh|thủ đô|thành phố)\s+(?:{provinces})\b")
                if districts:
                    alternatives.append(rf"\bhuyện\s+(?:{districts})\b")
                pattern = self._cache["partner_re"] = re.compile("|".join(alternatives))
            seen[text] = bool(pattern.search(_key(text)))
        return bool(seen[text])

    def _partner_match(self, rest: str) -> tuple[int, Agency] | None:
        """A partner department followed by a partner province at the start of ``rest``: (length, agency)."""
        bodies = self._cache.get("partner_bodies")
        if bodies is None:
            bodies = sorted(
                ((_key(n), b) for b in self.partner_bodies for n in b.names()), key=lambda x: len(x[0]), reverse=True
            )
            self._cache["partner_bodies"] = bodies
        for name, body in cast("list[tuple[str, Agency]]", bodies):
            if not rest.startswith(name + " "):
                continue
            m = re.match(r"tỉnh\s+", rest[len(name) + 1 :])  # "Thủ đô Viêng Chăn" is a spelling of its own
            at = len(name) + 1 + (m.end() if m else 0)
            for spelling, p in self._partner_spellings():
                if rest.startswith(spelling, at):
                    end = at + len(spelling)
                    if end == len(rest) or not rest[end].isalnum():
                        label = f"{body.ten} {'tỉnh ' if m else ''}{p.ten}"
                        return end, Agency(
                            label, (), None, body.tu, body.den, body.ke_nhiem, nguon=body.nguon, doi_tac=True
                        )
        return None

    # -- dates and provinces ---------------------------------------------------------------------
    def province(self, name: str | None, when: Span | None) -> Province | None:
        """The profile of province ``name`` covering ``when`` (a workspace profile wins over a shipped one)."""
        if not name or when is None:
            return None
        found = self._cache.setdefault("provinces", {})
        if (name, when, len(self.provinces)) not in found:
            key = _key(name)
            key = re.sub(r"^(?:ủy ban nhân dân|ubnd)\s+", "", key)
            key = re.sub(r"^(?:tỉnh|thành phố|tp\.?)\s+", "", key)
            found[(name, when, len(self.provinces))] = next(
                (
                    p
                    for p in reversed(self.provinces)
                    if key in {_key(n) for n in (p.ten, *p.ten_khac)} and p.covers(when)
                ),
                None,
            )
        return cast("Province | None", found[(name, when, len(self.provinces))])

    def focal_point(self, province: str | None, when: Any) -> str | None:
        """Who monitors foreign affairs in ``province`` on ``when`` (a date or a spec date): the body the
        reporting loop sends forms from and reports to; None when no profile covers that date."""
        span = when if isinstance(when, tuple) else doc_span(when)
        p = self.province(province, span)
        return p.dau_moi if p else None

    def notes(self, mentions: list[AgencyMention], when: Span | None, province: Province | None = None) -> list[str]:
        """Warnings for the names of one agency line in a document dated ``when`` (of ``province``)."""
        out: list[str] = []
        if when is None:
            return out
        for m in mentions:
            a = m.agency
            partner = (a is not None and a.doi_tac) or self.is_partner(m.text)
            if a is not None and a.den is not None and when[0] > a.den:
                succ = f"; nay là {', '.join(a.ke_nhiem)}" if a.ke_nhiem else ""
                since = _fmt(a.den + _dt.timedelta(days=1))
                out.append(
                    f'"{m.text}" là tên cũ: không còn dùng từ ngày {since}'
                    f"{succ} (văn bản được đối chiếu theo ngày của nó)"
                )
            elif a is not None and a.tu is not None and when[1] < a.tu:
                before = [b.ten for b in self.agencies if a.ten in b.ke_nhiem]
                was = f"; trước đó là {', '.join(before)}" if before else ""
                out.append(f'"{m.text}" chỉ có từ ngày {_fmt(a.tu)}, sau ngày của văn bản{was}')
            elif a is not None and not partner and province is not None and a.ten in province.khong_co:
                instead = a.khi_khong_co or (province.dau_moi if a.dieu_kien else None)
                out.append(
                    f"{province.ten} không có {a.ten}" + (f"; việc này do {instead} đảm nhiệm" if instead else "")
                )
            if not partner and when[0] > self.district_end and _DISTRICT.search(_key(m.text)):
                since = _fmt(self.district_end + _dt.timedelta(days=1))
                out.append(
                    f'"{m.text}": từ ngày {since} không còn cấp huyện '
                    f"(chính quyền địa phương hai cấp); nay là {self.district_successor}"
                )
        return out

    def as_of(
        self,
        when: Span | None,
        province: Province | None = None,
        word: str | None = None,
    ) -> list[tuple[Agency, str | None]]:
        """Bodies matching ``word`` (any name or abbreviation) that exist on ``when`` in ``province``,
        each with a note; old names are listed with their successor as the note."""
        key = _key(word) if word else ""
        out: list[tuple[Agency, str | None]] = []
        for a in self.agencies:
            if key and not any(key in _key(n) for n in a.names()):
                continue
            note: str | None = None
            if when is not None and not a.exists(when):
                if a.den is not None and when[0] > a.den:
                    note = "tên cũ đến " + _fmt(a.den) + (f"; nay là {', '.join(a.ke_nhiem)}" if a.ke_nhiem else "")
                else:
                    continue
            elif province is not None and a.ten in province.khong_co:
                continue
            out.append((a, note))
        return out


#: a district-level body named in running text: "UBND huyện Cam Lâm", "Ủy ban nhân dân các huyện", "HĐND thị xã"
_DISTRICT_IN_TEXT = re.compile(
    r"(?<!\w)(?:ubnd|ủy ban nhân dân|hđnd|hội đồng nhân dân)\s+(?:các\s+)?(?:huyện|thị xã|quận|cấp huyện)(?!\w)"
)
#: "Phòng Văn hóa và Thông tin huyện Nam Đàn": a capitalised "Phòng …" followed, before any punctuation, by "huyện"
_DISTRICT_OFFICE_IN_TEXT = re.compile(r"(?<!\w)Phòng\s+(?=[A-ZĐÀ-Ỹ])[^,;.()\n]{1,70}?\s(?:huyện|thị xã|quận)(?!\w)")
#: after a name, what marks a deliberate mention of the old body: "(cũ)", "(nay là …)", "trước đây"
_DELIBERATE_OLD = re.compile(r"\s*(?:\(\s*cũ\s*\)|\(\s*nay là|,?\s*nay là|\(\s*trước đây|trước đây)")


def _unit_name(s: str, end: int) -> int | None:
    """Where the name of a unit written after ``s[:end]`` ends ("UBND huyện| Cam Lâm", "Sở Ngoại vụ| tỉnh
    Attapeu"): capitalised words, and "tỉnh"/"thủ đô" before one, up to six words; None when there is none."""
    words = re.match(r"(?:\s+[^\s,;.()]+){0,6}", s[end:])
    tail = s[end : end + (words.end() if words else 0)].split()
    keep: list[str] = []
    for i, w in enumerate(tail):  # "huyện Cam Lâm trong năm" stops at "trong"
        province_word = w in ("tỉnh", "thủ đô") and i + 1 < len(tail) and tail[i + 1][:1].isupper()
        if not (w[:1].isupper() or province_word):
            break
        keep.append(w)
    while keep and keep[-1] in ("tỉnh", "thủ đô"):
        keep.pop()
    return end + 1 + len(" ".join(keep)) if keep else None


def mentions_in_text(text: str, registry: Registry) -> list[AgencyMention]:
    """The bodies a paragraph of running text names (any document, not a spec's agency line): every registry
    name and alias at word boundaries, longest first, and Vietnamese district-level bodies by their form
    ("UBND huyện …", "Phòng … huyện …", with the unit's name). A name followed by "(cũ)", "(nay là …)" or
    "trước đây" is a deliberate mention of the old body and is left out; partner (Lao) bodies are kept as
    partners (``Registry.notes`` exempts them). Each mention's text is as written (spaces normalised)."""
    s = _spaces(text)
    key_s = _key(s)  # same length as s
    pattern = registry._cache.get("text_re")
    if pattern is None:
        names = sorted(
            {_key(n) for a in registry.agencies for n in a.names() if len(_key(n)) > 3}, key=len, reverse=True
        )
        alternation = "|".join(re.escape(n) for n in names) or r"(?!x)x"
        pattern = registry._cache["text_re"] = re.compile(rf"(?<!\w)(?:{alternation})(?!\w)")
    out: list[tuple[int, AgencyMention]] = []
    taken: list[tuple[int, int]] = []
    for m in pattern.finditer(key_s):
        if _DELIBERATE_OLD.match(key_s, m.end()):
            continue
        end, agency = m.end(), registry.lookup(m.group())
        # "Ban Tuyên giáo tỉnh Xây Sớm Bun": a name like ours, of a partner's body (not held to our dates)
        unit = _unit_name(s, end)
        if unit and registry.is_partner(s[m.start() : unit]):
            end, agency = unit, None
        out.append((m.start(), AgencyMention(s[m.start() : end], agency)))
        taken.append((m.start(), end))
    district = [(m.start(), m.end()) for m in _DISTRICT_IN_TEXT.finditer(key_s)]
    district += [(m.start(), m.end()) for m in _DISTRICT_OFFICE_IN_TEXT.finditer(s)]
    for start, end in sorted(district):
        if any(a <= start < b for a, b in taken):
            continue
        stop = _unit_name(s, end) or end
        out.append((start, AgencyMention(s[start:stop].strip(), None)))
        taken.append((start, stop))
    return [m for _, m in sorted(out, key=lambda x: x[0])]


class AgencyLineProblem(ValueError):
    """Raised when an agency line names an agency the registry does not know."""

    def __init__(self, name: str, suggestion: str | None):
        self.name = name
        self.suggestion = suggestion
        msg = f'không có cơ quan "{name}" trong danh mục cơ quan'
        super().__init__(msg)


_SEP = re.compile(r"\s*(?:[,;]|\bvà\b|\bvới\b)\s*")
_GROUP_START = (
    "các ",
    "những ",
    "cơ quan có liên quan",
    "cơ quan liên quan",
    "đơn vị liên quan",
    "đơn vị có liên quan",
    "cơ quan, đơn vị",
    "địa phương liên quan",
)


def parse_agency_line(text: str, registry: Registry) -> list[AgencyMention]:
    """Split "Sở Y tế; Văn phòng UBND tỉnh và các cơ quan liên quan" into known agencies and groups.

    Greedy and longest-first: at each position the longest registry name (or alias) that ends at a
    separator wins, so names with commas ("Sở Văn hóa, Thể thao và Du lịch") stay whole. A phrase starting
    with "các …" (or a registry group) is a generic group and runs to the next ";" or the next known name.
    A partner department with a partner province ("Sở Nông nghiệp tỉnh Viêng Chăn") and a district-level
    body ("UBND huyện Cam Lâm") are read by their form. Raises AgencyLineProblem for the first piece that is
    none of these, quoting it whole: it ends only where the separator is unambiguous (";", or "," / "và"
    followed by a known name, a group or a word that starts an agency: Sở, Ban, Hội …).
    """
    cache = registry._cache
    lines = cache.setdefault("lines", {})
    if text in lines:
        cached = lines[text]
        if isinstance(cached, AgencyLineProblem):
            raise AgencyLineProblem(cached.name, cached.suggestion)
        return list(cached)
    s = _spaces(text).rstrip(".;,").strip()
    key_s = _key(s)  # same length as s: slices of key_s index s too
    if "names" not in cache or cache.get("ngroups") != len(registry.groups):
        cache["names"] = sorted(registry.names(), key=len, reverse=True)
        cache["groups"] = sorted((_key(g) for g in registry.groups), key=len, reverse=True)
        cache["ngroups"] = len(registry.groups)
        lines.clear()
    try:
        result = _parse(s, key_s, cache["names"], cache["groups"], registry)
    except AgencyLineProblem as exc:
        lines[text] = exc
        raise
    lines[text] = tuple(result)
    return result


def _parse(s: str, key_s: str, names: list[str], groups: list[str], registry: Registry) -> list[AgencyMention]:
    out: list[AgencyMention] = []
    i = 0
    n = len(key_s)

    def at_boundary(j: int) -> bool:
        if j >= n:
            return True
        m = _SEP.match(key_s, j)
        if m and m.end() > j:
            return True
        return key_s[j] in " (" and (key_s[j:].lstrip().startswith("(") or bool(_SEP.match(key_s, j)))

    def starts_name(j: int) -> bool:
        after = key_s[j:]
        return (
            any(after.startswith(nm) and at_boundary(j + len(nm)) for nm in names)
            or any(after.startswith(g) for g in groups)
            or after.startswith(_SPLIT_HEADS)
        )

    def piece_end(j: int) -> int:
        """The end of a name starting at ``j``: the next ";", or a separator before another agency."""
        while j < n:
            if key_s[j] == ";":
                return j
            sep = _SEP.match(key_s, j)
            if sep and sep.end() > j and key_s[j : sep.end()].strip():
                if starts_name(sep.end()):
                    return j
                j = sep.end()
                continue
            j += 1
        return n

    while i < n:
        m = _SEP.match(key_s, i)
        if m and m.end() > i:
            i = m.end()
            continue
        rest = key_s[i:]
        # a parenthesised remark belongs to the previous name: "(đề b/c)", "(nếu có)"
        if rest.startswith("("):
            close = key_s.find(")", i)
            i = n if close < 0 else close + 1
            continue
        hit = next((nm for nm in names if rest.startswith(nm) and at_boundary(i + len(nm))), None)
        if hit:
            out.append(AgencyMention(s[i : i + len(hit)], registry.lookup(hit)))
            i += len(hit)
            continue
        partner = registry._partner_match(rest)
        if partner and at_boundary(i + partner[0]):
            out.append(AgencyMention(s[i : i + partner[0]], partner[1]))
            i += partner[0]
            continue
        grp = next((g for g in groups if rest.startswith(g)), None)
        if grp or rest.startswith(_GROUP_START):
            j = i + (len(grp) if grp else 0)
            end = n
            while j < n:
                sep = _SEP.match(key_s, j)
                if key_s[j] == ";":
                    end = j
                    break
                if sep and sep.end() > j:
                    after = key_s[sep.end() :]
                    if any(after.startswith(nm) and at_boundary(sep.end() + len(nm)) for nm in names):
                        end = j
                        break
                    j = sep.end()
                    continue
                j += 1
            out.append(AgencyMention(s[i:end].strip(), None))
            i = end
            continue
        if _DISTRICT_BODY.match(rest):
            # "UBND huyện Cam Lâm", "Phòng Văn hóa huyện X": a district-level body, named by its form
            end = piece_end(_DISTRICT_BODY.match(rest).end() + i)  # type: ignore[union-attr]
            out.append(AgencyMention(s[i:end].strip(), None))
            i = end
            continue
        # unknown: the whole name, up to an unambiguous separator, for the message
        end = piece_end(i)
        piece = s[i:end].strip()
        raise AgencyLineProblem(piece, registry.suggest(piece))
    return out


def _strings(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (unicodedata.normalize("NFC", value),)
    return tuple(unicodedata.normalize("NFC", str(v)) for v in value)


def _text(value: Any) -> str | None:
    return unicodedata.normalize("NFC", str(value)) if value is not None else None


def _agency(item: Any, doi_tac: bool = False) -> Agency:
    if isinstance(item, str):
        return Agency(unicodedata.normalize("NFC", item), doi_tac=doi_tac)
    return Agency(
        unicodedata.normalize("NFC", item["ten"]),
        _strings(item.get("ten_khac")),
        _text(item.get("ten_day_du")),
        _as_date(item.get("tu")),
        _as_date(item.get("den"), end=True),
        _strings(item.get("ke_nhiem")),
        bool(item.get("dieu_kien")),
        _text(item.get("khi_khong_co")),
        _text(item.get("nguon")),
        doi_tac,
    )


def _merge(into: dict[str, dict[str, Any]], item: Any) -> None:
    """Add a registry entry; an entry whose ``ten`` is already there overrides the fields it gives (and adds
    its ``ten_khac``): a workspace corrects a date or a successor without copying the whole entry."""
    if isinstance(item, str):
        item = {"ten": item}
    key = _key(item["ten"])
    if key in into:
        old = into[key]
        merged = {**old, **item}
        merged["ten_khac"] = list(dict.fromkeys([*_strings(old.get("ten_khac")), *_strings(item.get("ten_khac"))]))
        into[key] = merged
    else:
        into[key] = dict(item)


class RegistryIncludeError(OSError):
    """A file named in ``kem_theo`` that cannot be read; ``file`` names it, ``missing`` is the file not read."""

    def __init__(self, file: Path, missing: Path):
        super().__init__(f'không đọc được tệp "{missing.name}" ghi trong kem_theo')
        self.file, self.missing = file, missing


def build_registry(entries: list[tuple[Path, dict[str, Any]]]) -> Registry:
    """Build a registry from the data of registry files, in order (later files add to, or override, earlier
    ones); ``spec.registry.load_registry`` reads them. An entry that cannot be read (a date that is no date, a
    profile without ``ten``) is a SpecError naming its file, never a traceback."""

    reg = Registry()
    bodies: dict[str, dict[str, Any]] = {}
    partner_bodies: dict[str, dict[str, Any]] = {}
    partners: dict[str, dict[str, Any]] = {}
    where = "co_quan"
    current = Path(entries[0][0]) if entries else Path(REGISTRY_FILE)
    try:
        for current, data in entries:  # noqa: B007 - ``current`` names the file in errors
            where = "co_quan"
            for item in data.get("co_quan", []) or []:
                _merge(bodies, item)
            reg.groups.extend(unicodedata.normalize("NFC", g) for g in data.get("nhom", []) or [])
            district = data.get("cap_huyen")
            where = "cap_huyen"
            if isinstance(district, dict):
                if district.get("den") is not None:
                    reg.district_end = _as_date(district["den"], end=True) or reg.district_end
                if district.get("ke_nhiem"):
                    reg.district_successor = ", ".join(_strings(district["ke_nhiem"]))
            where = "tinh"
            for p in data.get("tinh", []) or []:
                reg.provinces.append(
                    Province(
                        unicodedata.normalize("NFC", p["ten"]),
                        _strings(p.get("ten_khac")),
                        _as_date(p.get("tu")),
                        _as_date(p.get("den"), end=True),
                        _strings(p.get("co_quan")),
                        _strings(p.get("khong_co")),
                        _text(p.get("dau_moi")),
                        _strings(p.get("hop_nhat")),
                        _text(p.get("nguon")),
                    )
                )
            where = "doi_tac"
            partner = data.get("doi_tac")
            if isinstance(partner, dict):
                for p in partner.get("tinh", []) or []:
                    _merge(partners, p)
                    known = partners[_key(p["ten"])]
                    known["huyen"] = list(dict.fromkeys([*_strings(known.get("huyen")), *_strings(p.get("huyen"))]))
                for item in partner.get("co_quan", []) or []:
                    _merge(partner_bodies, item)
        where = "co_quan"
        for item in bodies.values():
            reg.add(_agency(item))
        where = "doi_tac"
        reg.partner_bodies = [_agency(item, doi_tac=True) for item in partner_bodies.values()]
        reg.partners = [
            PartnerProvince(
                unicodedata.normalize("NFC", p["ten"]), _strings(p.get("ten_khac")), _strings(p.get("huyen"))
            )
            for p in partners.values()
        ]
    except KeyError as exc:
        message = f'danh mục cơ quan: một mục thiếu khóa "{exc.args[0]}"'
        raise SpecError([Problem(str(current), 0, 0, where, message)]) from None
    except (ValueError, TypeError, AttributeError) as exc:
        raise SpecError([Problem(str(current), 0, 0, where, f"danh mục cơ quan không đọc được: {exc}")]) from None
    return reg


#: a file that marks the root of a workspace: registries are read from there down to the spec's folder
WORKSPACE_MARKER = ".drafting-workspace"


def _chain(spec: Path) -> list[Path]:
    """The spec's folder and its ancestors, up to the first workspace marker, the user's home or the root."""
    d = Path(spec).resolve().parent
    try:
        home = Path.home().resolve()
    except (RuntimeError, KeyError, OSError):
        home = None
    chain = []
    while True:
        chain.append(d)
        if (d / WORKSPACE_MARKER).exists() or d == home or d.parent == d:
            break
        d = d.parent
    return chain


def workspace_of(spec: Path) -> Path:
    """The workspace a spec belongs to — found from the spec, never from the working folder.

    The nearest folder (the spec's own, or an ancestor) holding a ``.drafting-workspace`` marker; without
    one, the nearest folder holding a ``co-quan.yaml``; without either, the spec's own folder. The search
    never goes above the user's home folder.
    """
    chain = _chain(spec)
    if (chain[-1] / WORKSPACE_MARKER).exists():
        return chain[-1]
    for d in chain:
        if (d / REGISTRY_FILE).is_file():
            return d
    return chain[0]


def registry_candidates(spec: Path, stop: Path | None = None) -> list[Path]:
    """Every place a workspace registry for ``spec`` may be (existing or not), outermost first: from its
    workspace (``workspace_of``; or ``stop``) down to the spec's folder, and the places that, if a
    registry appeared there, would change the workspace."""
    chain = _chain(spec)
    if stop is not None:
        stop = Path(stop).resolve()
        chain = chain[: chain.index(stop) + 1] if stop in chain else chain[:1]
        return [d / REGISTRY_FILE for d in reversed(chain)]
    if not (chain[-1] / WORKSPACE_MARKER).exists():
        for i, d in enumerate(chain):
            if (d / REGISTRY_FILE).is_file():
                chain = chain[: i + 1]
                break
    return [d / REGISTRY_FILE for d in reversed(chain)]


def registry_files_for(spec: Path, shipped: Path, stop: Path | None = None) -> list[Path]:
    """The shipped registry, then the workspace registries of ``spec``, outermost first.

    With a workspace marker: every ``co-quan.yaml`` from the marked folder down to the spec's folder;
    without one: the nearest ``co-quan.yaml`` only. Only regular files count (not a FIFO, a folder…).
    """

    files = [shipped]
    for f in registry_candidates(spec, stop):
        try:
            regular = stat.S_ISREG(f.stat().st_mode)
        except OSError:
            regular = False
        if regular and f.resolve() != shipped.resolve():
            files.append(f)
    return files


def document_span(doc: dict[str, Any]) -> Span | None:
    """The days a spec is dated (``ngay``); undated: the first year of its period (``giai_doan.tu``)."""
    span = doc_span(doc.get("ngay")) if doc.get("ngay") is not None else None
    if span is None:
        gd = doc.get("giai_doan")
        if (
            isinstance(gd, dict)
            and isinstance(gd.get("tu"), int)
            and not isinstance(gd.get("tu"), bool)
            and 1900 <= gd["tu"] <= 2200
        ):
            span = doc_span(gd["tu"])
    return span


def document_province(doc: dict[str, Any]) -> str | None:
    """The province a spec is of: its ``dia_danh``, else the name in its issuing body."""
    place = doc.get("dia_danh")
    if isinstance(place, str) and place.strip():
        return place
    issuer = doc.get("co_quan_ban_hanh")
    name = issuer.get("ten") if isinstance(issuer, dict) else None
    return name if isinstance(name, str) else None
