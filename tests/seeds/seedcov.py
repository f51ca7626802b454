"""Seed coverage: how much of a seed's text the .docx rendered from its example carries.

A seed (``shared/seeds/NNN_*.txt``) is a plain-text extraction of a real document, with
Markdown/HTML residue and lines broken by the extraction. It is split into *content units*:
one per non-empty line of prose, one per non-empty table cell (a line holding tabs is a table
row of the extraction). Each unit is looked for in the text of the rendered document
(paragraphs and table cells, in document order, as python-docx reads them).

Clean seeds (``match="exact"``): after normalising both sides (see ``norm``), a unit is found
when it is a substring of the document's full text (its blocks joined by spaces). A table cell
that the extraction split over two lines (a page break inside a row) is one unit per fragment.

OCR seeds (``match="ocr"``): both sides are folded to ASCII (diacritics and đ dropped, a few
OCR confusions mapped, punctuation dropped); a unit is found when a difflib similarity with the
document reaches ``OCR_THRESHOLD``: against a contiguous stretch of a paragraph, or, inside one
table row, as the share of the unit's characters found in order (an OCR line of a table reads
the first line of every cell of the row, so the cells' words are interleaved).

Units that are page furniture (page numbers, header/footer residue, OCR debris) are left out by
each seed's own list of exclusions, given as data in its test file.
"""

from __future__ import annotations

import difflib
import html
import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from docx import Document
from docx.table import Table
from docx.text.paragraph import Paragraph

from conftest import EXAMPLES, seed_file  # noqa: E402 - tests/ is on sys.path (rootdir conftest)

OCR_THRESHOLD = 0.85
#: one line per seed checked in this run, printed in pytest's terminal summary (tests/seeds/conftest.py)
SUMMARIES: list[str] = []
SHOW_MISSING = 30


# --------------------------------------------------------------------------- exclusions


@dataclass(frozen=True)
class Exclude:
    """Seed text that is not content, compared with a line once markup is stripped and whitespace
    collapsed. ``pattern``: an exact line (str) or a regex (re.Pattern) matching the whole line;
    with ``part=True`` a regex for debris inside a line, cut out of it (the rest stays content)."""

    pattern: str | re.Pattern
    why: str
    part: bool = False

    def matches(self, line: str) -> bool:
        if isinstance(self.pattern, re.Pattern):
            return self.pattern.fullmatch(line) is not None
        return line == self.pattern


@dataclass(frozen=True)
class Reading:
    """A seed line the document deliberately prints otherwise (a typo the example corrects, a draft blank
    the tool fills from the plan, OCR damage beyond repair): the document must contain ``reading``
    instead, exactly (after normalisation). ``pattern`` matches the cleaned seed line like Exclude."""

    pattern: str | re.Pattern
    reading: str
    why: str

    def matches(self, line: str) -> bool:
        if isinstance(self.pattern, re.Pattern):
            return self.pattern.fullmatch(line) is not None
        return line == self.pattern


# --------------------------------------------------------------------------- normalisation

_WS = re.compile(r"\s+")  # \s covers tabs, NBSP (U+00A0) and the other Unicode spaces
_TAG = re.compile(r"<[^>]+>")
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "–": "-", "—": "-", "…": "..."})
# "150,000" in the seed, "150.000" from the tool (Vietnamese digit grouping, on purpose)
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
# leading zeros in dates are dropped on both sides: Decree 30 writes "ngày 05 tháng 01" (days 1–9, months
# 1–2) but "tháng 3", while seeds write "tháng 03"; the tool's own rule is tested in tests/vi
_DATE_WORD_ZERO = re.compile(r"\b(ngày|tháng)\s+0(\d)\b")
_DATE_NUM = re.compile(r"\b0?(\d{1,2})/0?(\d{1,2})/(\d{4})\b")
# numbering the tool adds itself: "I.", "1.", "1.2.", "a)" at the head of a line
_NUMBERING = re.compile(r"^(?:[ivxlc]+|\d+(?:\.\d+)*|[a-zđ])[.)](?:\s+|$)")
_BULLET = re.compile(r"^[-+•]\s*")
# the ";" / "." / "./." the tool puts (or drops) at the end of task lines and recipients
_TRAILING = re.compile(r"[\s.;,:/]+$")
# a cell of the number column of a table: the tool numbers rows and sections itself
_NUMBER_CELL = re.compile(r"^(?:[ivxlc]+|\d+)\.?$")


def clean(raw: str) -> str:
    """Strip the extraction's markup (Markdown #/*, HTML tags and entities); collapse whitespace; NFC."""
    s = unicodedata.normalize("NFC", html.unescape(raw))
    s = _TAG.sub(" ", s)
    s = re.sub(r"^\s*#+\s*", "", s)
    s = s.replace("*", "")
    return _WS.sub(" ", s).strip()


def norm(s: str) -> str:
    """Normalisation shared by both sides for the exact comparison."""
    s = unicodedata.normalize("NFC", s).translate(_QUOTES)
    s = _WS.sub(" ", s).strip().casefold()
    s = _THOUSANDS.sub(".", s)
    s = _DATE_WORD_ZERO.sub(r"\1 \2", s)
    s = _DATE_NUM.sub(r"\1/\2/\3", s)
    # "( <i>thực hiện …</i> )": the extraction pads inline markup with spaces inside brackets
    s = re.sub(r"\(\s+", "(", s)
    s = re.sub(r"\s+\)", ")", s)
    return s


def norm_unit(s: str) -> str:
    """``norm`` plus what only a seed unit needs: no leading numbering or bullet, no end mark."""
    s = norm(s)
    for _ in range(2):  # "- 1." or "1. -"
        s = _NUMBERING.sub("", s)
        s = _BULLET.sub("", s)
    return _TRAILING.sub("", s).strip()


# a digit or sign inside a word is a misread letter: "t6" tổ, "1ap" lập, "S&" Sở, "bi¢t" biệt, "t€" tế
_OCR_MAP = str.maketrans({"6": "o", "0": "o", "1": "l", "4": "o", "&": "o", "¢": "e", "€": "e"})


def fold(s: str) -> str:
    """OCR comparison: ASCII, no diacritics (đ→d), lower case, confusions mapped, no punctuation."""
    s = unicodedata.normalize("NFD", unicodedata.normalize("NFC", s).casefold())
    s = "".join(ch for ch in s if not unicodedata.combining(ch)).replace("đ", "d")
    out = []
    for tok in s.split():
        if re.search(r"[a-z]", tok):
            tok = tok.translate(_OCR_MAP)
        tok = re.sub(r"(?<![a-z])p(?=[aeiouy])", "d", tok)  # 'Đ' read as 'P': "Pang" Đảng, "Pinh" Định
        tok = re.sub(r"q(?!u)", "o", tok)  # 'Ợ/Ộ' read as 'Q': "HQP" hợp, "BQ" bộ
        tok = tok.replace("ir", "u").replace("w", "u")  # 'ư' read as "ir" or "w": "chirc" chức, "Dwong" Dương
        tok = tok.replace("ii", "u")  # 'ủ' read as "ii": "chii" chủ, "Thii" Thủ
        tok = re.sub(r"ct[ir]", "cu", tok)  # 'ủ/ứ' read as "ti"/"tr": "ctia" của, "ctru" cứu
        tok = re.sub(r"(?<=[a-ce-z])d", "", tok)  # a vowel with marks read as 'd': "Gido" giáo, "phd" phố
        out.append(tok)
    s = " ".join(out)
    s = re.sub(r"[^a-z0-9]+", " ", s)
    return _WS.sub(" ", s).strip()


# --------------------------------------------------------------------------- the document


@dataclass
class Block:
    text: str
    row: bool  # True: the cells of one table row, joined; False: a paragraph


def _iter_blocks(container, out: list[Block]) -> None:
    for item in container.iter_inner_content():
        if isinstance(item, Paragraph):
            out.append(Block(item.text, False))
        elif isinstance(item, Table):
            seen = set()
            for row in item.rows:
                cells = []
                for cell in row.cells:
                    tc = cell._tc
                    if tc in seen:  # a merged cell is returned once per grid column / row it spans
                        continue
                    seen.add(tc)
                    inner: list[Block] = []
                    _iter_blocks(cell, inner)
                    out.extend(inner)
                    cells.append(" ".join(b.text for b in inner))
                out.append(Block(" \n ".join(cells), True))


def docx_blocks(path: Path) -> list[Block]:
    """Paragraphs and table cells in document order; each table row is also given as one row block
    (after its cells) for the OCR comparison. The exact comparison uses the non-row blocks only."""
    out: list[Block] = []
    _iter_blocks(Document(str(path)), out)
    return out


# --------------------------------------------------------------------------- the seed


@dataclass
class Unit:
    line: int  # 1-based line number in the seed
    text: str  # cleaned seed text, as shown to the developer
    col: int | None = None  # table column, None for a prose line
    key: str = ""  # normalised text used for matching
    found: bool = False
    score: float | None = None


@dataclass
class SeedUnits:
    units: list[Unit]
    excluded: list[tuple[int, str, str]] = field(default_factory=list)  # (line, text, why)
    unused: list[Exclude] = field(default_factory=list)


def seed_path(number: str) -> Path:
    return seed_file(number)


def split_seed(text: str, exclusions: list[Exclude], ocr: bool = False) -> SeedUnits:
    units: list[Unit] = []
    excluded: list[tuple[int, str, str]] = []
    used: Counter = Counter()
    parts = [e for e in exclusions if e.part]
    whole = [e for e in exclusions if not e.part]

    def cut(n: int, s: str) -> str:
        for e in parts:
            if e.pattern.search(s):
                used[id(e)] += 1
                excluded.append((n, " ".join(m.group() for m in e.pattern.finditer(s)), e.why))
                s = _WS.sub(" ", e.pattern.sub(" ", s)).strip()
        return s

    for n, raw in enumerate(text.splitlines(), 1):
        line = clean(raw.replace("\t", " "))
        if not line:
            continue
        hit = next((e for e in whole if e.matches(line)), None)
        if hit is not None:
            used[id(hit)] += 1
            excluded.append((n, line, hit.why))
            continue
        if ocr:
            line = cut(n, line)
            key = fold(line.replace("|", " "))
            if key:
                units.append(Unit(n, line, None, key))
        elif "\t" in raw:
            for col, cell in enumerate(raw.split("\t")):
                ctext = cut(n, clean(cell))
                key = norm_unit(ctext)
                if not key or (col == 0 and _NUMBER_CELL.match(norm(ctext))):
                    continue
                units.append(Unit(n, ctext, col, key))
        else:
            line = cut(n, line)
            key = norm_unit(line)
            if key:
                units.append(Unit(n, line, None, key))
    unused = [e for e in exclusions if not used[id(e)]]
    return SeedUnits(units, excluded, unused)


def check_exclusions(number: str, exclusions: list[Exclude], ocr: bool = False) -> list[tuple[int, str, str]]:
    """Every exclusion of a seed must cut something: a stale one hides nothing but misleads."""
    seed = split_seed(seed_path(number).read_text(encoding="utf-8"), exclusions, ocr)
    assert not seed.unused, f"exclusions that match no line of seed {number}: {seed.unused!r}"
    return seed.excluded


# --------------------------------------------------------------------------- matching


def match_exact(units: list[Unit], doc: str) -> None:
    """A unit is found when its key is a substring of the normalised full text of the document,
    its blocks joined by spaces (a seed line the tool sets as two paragraphs, as the two lines of
    "TỈNH HẢI DƯƠNG, / NƯỚC CỘNG HÒA …" in a title, is still found).

    A table cell that a page break split over two lines of the seed gives one unit per fragment:
    each fragment of a cell the document has is a substring of it, so no join is needed, and a
    fragment the document lacks is reported on its own line."""
    hay = norm(doc)
    for u in units:
        u.found = u.key in hay


class _Texts:
    """Folded paragraphs indexed by word, to find where a unit may align (offset voting)."""

    def __init__(self, texts: list[str]):
        self.texts = texts
        self.where: dict[str, list[tuple[int, int]]] = {}
        for i, t in enumerate(texts):
            for m in re.finditer(r"\S+", t):
                self.where.setdefault(m.group(), []).append((i, m.start()))
        df = Counter(w for t in texts for w in set(t.split()))
        self.idf = {w: math.log((1 + len(texts)) / (1 + c)) + 0.1 for w, c in df.items()}

    def score(self, key: str, tries: int = 8) -> float:
        """difflib ratio of ``key`` against the stretch of a text it aligns with best: every word
        the key shares with a text votes (rare words more) for an offset; the best voted offsets
        (give or take 4 characters) are compared."""
        votes: Counter = Counter()
        for m in re.finditer(r"\S+", key):
            w = m.group()
            for i, p in self.where.get(w, ()):
                votes[(i, (p - m.start()) // 4)] += self.idf[w]
        smooth = Counter({(i, b): votes[(i, b - 1)] + v + votes[(i, b + 1)] for (i, b), v in votes.items()})
        best = 0.0
        n = len(key)
        for (i, off4), _ in smooth.most_common(tries):
            text = self.texts[i]
            off = off4 * 4
            window = text[max(0, off - 16) : off + n + 16]
            sm = difflib.SequenceMatcher(None, key, window, autojunk=False)
            blocks = [b for b in sm.get_matching_blocks() if b.size]
            if not blocks:
                continue
            matched = sum(b.size for b in blocks)
            span = blocks[-1].b + blocks[-1].size - blocks[0].b
            best = max(best, 2.0 * matched / (n + span))
        return best


def _interleaved_score(key: str, row: str) -> float:
    """Share of ``key``'s characters found in order in a table row, in blocks of ≥ 3 characters
    (shorter blocks are as often chance as OCR damage: against an unrelated plan's table, ≥ 2
    found twice as many lines of seed 000 as ≥ 3)."""
    sm = difflib.SequenceMatcher(None, key, row, autojunk=False)
    matched = sum(b.size for b in sm.get_matching_blocks() if b.size >= 3)
    return matched / len(key)


OCR_SHORT = 3  # an OCR line of fewer words is a wrapped cell tail ("phd", "xuyeén"): also scored with its neighbour


def match_ocr(units: list[Unit], blocks: list[Block], threshold: float = OCR_THRESHOLD) -> None:
    paras = [fold(b.text) for b in blocks if not b.row]
    paras = [p for p in paras if p]
    rows = [fold(b.text) for b in blocks if b.row]
    # a unit may straddle two paragraphs (a heading and its text); an OCR line stays in its row
    texts = paras + [a + " " + b for a, b in zip(paras, paras[1:], strict=False)]
    row_texts = rows
    index = _Texts(texts)
    row_sets = [set(t.split()) for t in row_texts]
    # rows to try: those sharing the most of the unit's words, rare words weighing more
    df = Counter(w for ws in row_sets for w in ws)
    idf = {w: math.log((1 + len(row_sets)) / (1 + c)) for w, c in df.items()}

    def score(key: str) -> float:
        best = index.score(key)
        if best < threshold and row_texts:
            words = set(key.split())
            ranked = sorted(range(len(row_sets)), key=lambda i: -sum(idf[w] for w in words & row_sets[i]))
            best = max([best] + [_interleaved_score(key, row_texts[i]) for i in ranked[:6]])
        return best

    for i, u in enumerate(units):
        u.score = score(u.key)
        if u.score < threshold and len(u.key.split()) < OCR_SHORT:
            joined = []
            if i > 0 and u.line - units[i - 1].line <= 3:
                joined.append(units[i - 1].key + " " + u.key)
            if i + 1 < len(units) and units[i + 1].line - u.line <= 3:
                joined.append(u.key + " " + units[i + 1].key)
            u.score = max([u.score] + [score(k) for k in joined])
        u.found = u.score >= threshold


# --------------------------------------------------------------------------- the check


def render_main_docx(spec: Path, outdir: Path) -> Path:
    from drafting import api

    written = api.render(spec, outdir)
    main = [p for p in written if p.name == f"{spec.stem}.docx"]
    assert main, f"{spec} wrote no {spec.stem}.docx: {[p.name for p in written]}"
    return main[0]


@dataclass
class Coverage:
    number: str
    units: list[Unit]
    excluded: list[tuple[int, str, str]]
    unused: list[Exclude]

    @property
    def missing(self) -> list[Unit]:
        return [u for u in self.units if not u.found]

    def summary(self) -> str:
        n = len(self.units)
        found = n - len(self.missing)
        pct = 100.0 * found / n if n else 100.0
        return f"seed {self.number}: {found}/{n} content units ({pct:.1f}%)"

    def report(self, limit: int = SHOW_MISSING) -> str:
        lines = [self.summary()]
        if self.excluded:
            lines.append(f"  excluded as page furniture: {len(self.excluded)}")
        miss = self.missing
        if miss:
            lines.append(f"  missing (first {min(limit, len(miss))} of {len(miss)}):")
            for u in miss[:limit]:
                where = f"line {u.line}" + (f", col {u.col}" if u.col is not None else "")
                score = f" [{u.score:.3f}]" if u.score is not None else ""
                lines.append(f"    {where}{score}: {u.text}")
        for e in self.unused:
            lines.append(f"  unused exclusion (remove it from the list): {e.pattern!r} ({e.why})")
        return "\n".join(lines)


def coverage(
    number: str, docx: Path, exclusions: list[Exclude], match: str = "exact", readings: list[Reading] = ()
) -> Coverage:
    text = seed_path(number).read_text(encoding="utf-8")
    seed = split_seed(text, exclusions, ocr=(match == "ocr"))
    blocks = docx_blocks(docx)
    # units a Reading covers are checked against their reading, exactly; the others as usual
    read_units: list[Unit] = []
    rest: list[Unit] = []
    used = set()
    for u in seed.units:
        r = next((r for r in readings if r.matches(u.text)), None)
        if r is None:
            rest.append(u)
        else:
            used.add(id(r))
            read_units.append(Unit(u.line, f"{u.text}  ⇒  {r.reading}", u.col, norm_unit(r.reading)))
    if match == "ocr":
        match_ocr(rest, blocks)
    else:
        match_exact(rest, "\n".join(b.text for b in blocks if not b.row))
    match_exact(read_units, "\n".join(b.text for b in blocks if not b.row))
    unused = list(seed.unused) + [r for r in readings if id(r) not in used]
    return Coverage(number, rest + sorted(read_units, key=lambda u: u.line), seed.excluded, unused)


def check_seed(
    number: str, spec: Path, outdir: Path, exclusions: list[Exclude], match: str = "exact", readings: list[Reading] = ()
) -> Coverage:
    """Render ``spec``, measure the seed's coverage, print it, and fail below 100 %."""
    assert spec.exists(), f"seed {number}: its example {spec.relative_to(EXAMPLES.parent)} does not exist"
    docx = render_main_docx(spec, outdir)
    cov = coverage(number, docx, exclusions, match, readings)
    SUMMARIES.append(cov.summary())
    print("\n" + cov.report())
    assert not cov.unused, cov.report()
    assert not cov.missing, cov.report()
    return cov
