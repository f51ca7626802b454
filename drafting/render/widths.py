"""Column widths from the content: measure each column's text and share the page width between them.

One function, ``column_widths``, serves every table the project prints (plan and appendix task tables, the
budget sheet, the report's appendix, the report form): a column is never narrower than its longest word
(or its widest figure, which must stay on one line), and the width left over goes to the columns in
proportion to how much text they typically hold, so the table is as short as it can be.
Widths are measured in Times New Roman (the templates' font; LibreOffice's Liberation Serif has the same
metrics), from the advance widths below (per mille of the em).
"""

from __future__ import annotations

import functools
import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

_ASCII_REGULAR = [
    250,
    333,
    408,
    500,
    500,
    833,
    778,
    180,
    333,
    333,
    500,
    564,
    250,
    333,
    250,
    278,
    500,
    500,
    500,
    500,
    500,
    500,
    500,
    500,
    500,
    500,
    278,
    278,
    564,
    564,
    564,
    444,
    921,
    722,
    667,
    667,
    722,
    611,
    556,
    722,
    722,
    333,
    389,
    722,
    611,
    889,
    722,
    722,
    556,
    722,
    667,
    556,
    611,
    722,
    722,
    944,
    722,
    722,
    611,
    333,
    278,
    333,
    469,
    500,
    333,
    444,
    500,
    444,
    500,
    444,
    333,
    500,
    500,
    278,
    278,
    500,
    278,
    778,
    500,
    500,
    500,
    500,
    333,
    389,
    278,
    500,
    500,
    722,
    500,
    500,
    444,
    480,
    200,
    480,
    541,
]
_ASCII_BOLD = [
    250,
    333,
    555,
    500,
    500,
    1000,
    833,
    278,
    333,
    333,
    500,
    570,
    250,
    333,
    250,
    278,
    500,
    500,
    500,
    500,
    500,
    500,
    500,
    500,
    500,
    500,
    333,
    333,
    570,
    570,
    570,
    500,
    930,
    722,
    667,
    722,
    722,
    667,
    611,
    778,
    778,
    389,
    500,
    778,
    667,
    944,
    722,
    778,
    611,
    778,
    722,
    556,
    667,
    722,
    722,
    1000,
    722,
    722,
    667,
    333,
    278,
    333,
    581,
    500,
    333,
    500,
    556,
    444,
    556,
    444,
    333,
    500,
    556,
    278,
    333,
    556,
    278,
    833,
    556,
    500,
    556,
    556,
    444,
    389,
    333,
    556,
    500,
    722,
    500,
    500,
    444,
    394,
    220,
    394,
    520,
]
_OTHER = {
    "đ": "d",
    "Đ": "D",
    "\u00a0": " ",
    "\u2011": "-",
    "–": "n",
    "—": "m",
    "“": '"',
    "”": '"',
    "‘": "'",
    "’": "'",
    "…": "...",
    "\t": " ",
}
MM_PER_PT = 25.4 / 72
#: cell margins of the templates' grid tables (1.2 mm each side) and a little slack for rounding
CELL_PADDING_MM = 2.4 + 0.8
#: of that slack, what a column of figures may give up when the page is tight
FIGURE_SLACK_MM = 0.6


def _char_milli(ch: str, bold: bool) -> float:
    table = _ASCII_BOLD if bold else _ASCII_REGULAR
    if " " <= ch <= "~":
        return table[ord(ch) - 32]
    if ch in _OTHER:
        return sum(_char_milli(c, bold) for c in _OTHER[ch])
    base = unicodedata.normalize("NFD", ch)
    if base and " " <= base[0] <= "~":
        return table[ord(base[0]) - 32] * (1.12 if "\u031b" in base else 1.0)  # ơ, ư: the horn
    return 500 if not unicodedata.combining(ch) else 0


#: characters as wide as another in both tables, mapped onto it: the digits onto "0"
_SAME_WIDTH = str.maketrans(
    {
        d: "0"
        for d in "123456789"
        if _ASCII_REGULAR[ord(d) - 32] == _ASCII_REGULAR[16] and _ASCII_BOLD[ord(d) - 32] == _ASCII_BOLD[16]
    }
)


@functools.cache
def _widest_letter_milli(bold: bool) -> float:
    """An upper bound of what ``_char_milli`` gives one character: the widest letter (a horned one), a
    character drawn as several (``_OTHER``), or one the tables do not know."""
    table = _ASCII_BOLD if bold else _ASCII_REGULAR
    return max(max(table) * 1.12, 500, *(sum(_char_milli(c, bold) for c in v) for v in _OTHER.values()))


@functools.lru_cache(maxsize=65536)
def _milli(text: str, bold: bool) -> float:
    return sum(_char_milli(ch, bold) for ch in text)


def text_width_mm(text: str, size_pt: float, bold: bool = False) -> float:
    """Printed width of ``text`` on one line (words and syllables repeat: their widths are cached)."""
    if len(text) > 40:
        return (
            sum(_milli(w, bold) for w in text.split(" ")) / 1000 * size_pt * MM_PER_PT
            + text.count(" ") * _milli(" ", bold) / 1000 * size_pt * MM_PER_PT
        )
    return _milli(text, bold) / 1000 * size_pt * MM_PER_PT


def words(text: str) -> list[str]:
    """What a line may not break inside: runs of non-blanks (a no-break space or hyphen binds)."""
    return [w for line in text.split("\n") for w in line.replace("\t", " ").split(" ") if w]


def line_count(text: str, width_mm: float, size_pt: float, bold: bool = False) -> int:
    """Lines ``text`` takes in a column ``width_mm`` wide (its text width), filled word by word."""
    space = text_width_mm(" ", size_pt, bold)
    total = 0
    for para in text.split("\n"):
        n, cur = 1, 0.0
        for w in words(para):
            ww = text_width_mm(w, size_pt, bold)
            if cur and cur + space + ww > width_mm:
                n, cur = n + 1, ww
            else:
                cur = cur + space + ww if cur else ww
        total += n
    return total


def wrap_width_mm(text: str, lines: int, size_pt: float, bold: bool = False) -> float:
    """The narrowest text width (mm, within 0.1) in which ``text`` takes at most ``lines`` lines."""
    lo = max([text_width_mm(w, size_pt, bold) for w in words(text)] + [0.0])
    hi = max(text_width_mm(text, size_pt, bold), lo)
    while hi - lo > 0.1:
        mid = (lo + hi) / 2
        if line_count(text, mid, size_pt, bold) <= lines:
            hi = mid
        else:
            lo = mid
    return hi


@dataclass
class Column:
    """One column: its header, its cells (plain text), how it prints."""

    cells: list[str] = field(default_factory=list)
    header: str = ""
    size_pt: float = 12
    header_size_pt: float | None = None
    bold_cells: list[bool] | None = None  # per cell: printed bold (group rows, totals)
    one_line: bool = False  # figures: a cell's whole text stays on one line
    fixed_mm: float | None = None  # a width given (e.g. STT)
    header_lines: int | None = None  # the header must fit in this many lines (a cell merged over
    # two header rows is clipped, not grown, when it holds more)

    def minimum_mm(self) -> float:
        if self.fixed_mm is not None:
            return self.fixed_mm
        hs = self.header_size_pt or self.size_pt
        need = max([text_width_mm(w, hs, True) for w in words(self.header)] + [0.0])
        if self.header_lines:
            need = max(need, wrap_width_mm(self.header, self.header_lines, hs, True))
        # the widest word (figure) of the cells: each distinct text, then each distinct word, measured once (a
        # long table repeats its agencies, its schedules and most of its words)
        bold_cells = self.bold_cells or ()
        plain = (
            set(self.cells) if not any(bold_cells) else {t for k, t in enumerate(self.cells) if not _at(bold_cells, k)}
        )
        bold = {t for k, t in enumerate(self.cells) if _at(bold_cells, k)} if any(bold_cells) else set()
        for texts, is_bold in ((plain, False), (bold, True)):
            pieces: set[str] = set()
            for text in texts:
                # words(): a line breaks at spaces (tabs print as one) and at line ends, never at a no-break space
                pieces.update(
                    text.split("\n") if self.one_line else text.replace("\n", " ").replace("\t", " ").split(" ")
                )
            pieces.discard("")
            # every digit is as wide as "0" (Times New Roman's figures are tabular; _SAME_WIDTH): "1234:" and
            # "5678:" are one piece to measure, not two
            pieces = {p.translate(_SAME_WIDTH) for p in pieces}
            # longest first: once a piece could not be wider than the widest so far even if every letter were
            # the widest letter, no shorter one can (a 5 000-row table has thousands of distinct short pieces:
            # task numbers, figures)
            per_letter = _widest_letter_milli(is_bold) / 1000 * self.size_pt * MM_PER_PT
            for p in sorted(pieces, key=len, reverse=True):
                if len(p) * per_letter <= need:
                    break
                need = max(need, text_width_mm(p, self.size_pt, is_bold))
        return need + CELL_PADDING_MM

    def typical_mm(self, minimum: float | None = None) -> float:
        """How wide the column would like to be: the mean one-line width of its cells (the header counts
        as one cell), at least its minimum (``minimum``, when the caller has it already)."""
        if self.fixed_mm is not None:
            return self.fixed_mm
        cells = self.cells
        if len(cells) > SAMPLE_ROWS:  # a long table: evenly spread rows tell its typical text
            cells = [cells[round(k * (len(cells) - 1) / (SAMPLE_ROWS - 1))] for k in range(SAMPLE_ROWS)]
        texts = [t for t in cells if t.strip()]
        hs = self.header_size_pt or self.size_pt
        widths = [text_width_mm(t, self.size_pt) for t in texts] + [text_width_mm(self.header, hs, True) * 0.5]
        return max(sum(widths) / len(widths) + CELL_PADDING_MM, self.minimum_mm() if minimum is None else minimum)


def _at(flags: Sequence[bool], k: int) -> bool:
    return k < len(flags) and bool(flags[k])


def _lines_of(word_widths: list[list[float]], space: float, width: float) -> int:
    n = 0
    for para in word_widths:
        k, cur = 1, 0.0
        for ww in para:
            if cur and cur + space + ww > width:
                k, cur = k + 1, ww
            else:
                cur = cur + space + ww if cur else ww
        n += k
    return n


#: rows measured when a table is long (evenly spread): enough to know its text, cheap on 5 000 rows
SAMPLE_ROWS = 150
STEPS = 60


def column_widths(columns: list[Column], total_mm: float, *, decimals: int = 1) -> list[float]:
    """Widths (mm) summing to ``total_mm``.

    Every column starts at its minimum (longest word, widest figure, header); the width left over is
    handed out in small steps, each to the column where it shortens the table most (the sum over rows of
    the tallest cell's line count), ties going to the column that wants most room (its typical text
    width). If even the minimums do not fit, the text columns shrink (figures and fixed columns keep
    theirs) and long words will break.
    """
    n = len(columns)
    minimums = [c.minimum_mm() for c in columns]
    mins = list(minimums)
    fixed = [c.fixed_mm is not None for c in columns]
    if sum(mins) > total_mm:
        # tight (ten years of figures): figures give up their rounding slack before a text column breaks
        figures = [i for i in range(n) if columns[i].one_line and not fixed[i]]
        over = sum(mins) - total_mm
        if figures and over <= FIGURE_SLACK_MM * len(figures):
            for i in figures:
                mins[i] -= over / len(figures)
    if sum(mins) > total_mm + 1e-9:
        hard = [i for i in range(n) if fixed[i] or columns[i].one_line]
        rest = total_mm - sum(mins[i] for i in hard)
        soft = [i for i in range(n) if i not in hard]
        soft_min = sum(mins[i] for i in soft) or 1.0
        widths = [mins[i] if i in hard else max(mins[i] * rest / soft_min, 0.0) for i in range(n)]
        if rest <= 0:  # nothing but figures: scale everything
            widths = [m * total_mm / sum(mins) for m in mins]
    else:
        widths = list(mins)
        rows = max((len(c.cells) for c in columns), default=0)
        picks = (
            sorted(set(round(k * (rows - 1) / (SAMPLE_ROWS - 1)) for k in range(SAMPLE_ROWS)))
            if rows > SAMPLE_ROWS
            else list(range(rows))
        )
        # per column: the word widths of each line of each distinct sampled cell, and for each sampled row which
        # of them it holds (a column of agencies, schedules or results repeats a few texts down the table: each
        # is wrapped once per trial width, not once per row)
        measured: list[list[list[list[float]]]] = []
        rows_of: list[list[int]] = []
        for c in columns:
            distinct: dict[tuple[str, bool], int] = {}
            cells: list[list[list[float]]] = []
            index = []
            for r in picks:
                text = c.cells[r] if r < len(c.cells) else ""
                bold = bool(c.bold_cells and r < len(c.bold_cells) and c.bold_cells[r])
                j = distinct.get((text, bold))
                if j is None:
                    j = distinct[(text, bold)] = len(cells)
                    cells.append(
                        [[text_width_mm(w, c.size_pt, bold) for w in words(para)] for para in text.split("\n")]
                    )
                index.append(j)
            measured.append(cells)
            rows_of.append(index)
        spaces = [text_width_mm(" ", c.size_pt) for c in columns]

        def lines(i: int, width: float) -> list[int]:
            room = width - CELL_PADDING_MM
            counts = [_lines_of(cell, spaces[i], room) for cell in measured[i]]
            return [counts[j] for j in rows_of[i]]

        current = [lines(i, widths[i]) for i in range(n)]
        want = [c.typical_mm(m) for c, m in zip(columns, minimums, strict=True)]
        free = [i for i in range(n) if not fixed[i]]
        step = (total_mm - sum(widths)) / STEPS
        # a column's lines one step wider: measured again only after that column grew (the others keep
        # their width, so their trial is the same as the step before)
        trials: dict[int, list[int]] = {}
        for _ in range(STEPS if free and step > 0 else 0):
            per_row = list(zip(*current, strict=False)) if current and current[0] else []
            # per row its tallest cell and the tallest once that one is left out: a row's height without
            # column i is the second when column i is the tallest, else the first
            top = [max(r) for r in per_row]
            second = [sorted(r)[-2] if len(r) > 1 else 0 for r in per_row]
            base = sum(top)
            best, best_gain = None, 0
            for i in free:
                if i not in trials:
                    trials[i] = lines(i, widths[i] + step)
                trial = trials[i]
                mine = current[i]
                if trial == mine:
                    continue
                height = sum(max(s if c == m else m, t) for m, s, c, t in zip(top, second, mine, trial, strict=False))
                gain = base - height
                if gain > best_gain:
                    best, best_gain, best_lines = i, gain, trial
            if best is None:  # no step shortens the table: the column furthest below what it wants
                best = max(free, key=lambda i: want[i] / widths[i])
                best_lines = trials[best]
            widths[best] += step
            current[best] = best_lines
            trials.pop(best, None)
    # rounded up (a column never loses its minimum to rounding); the column with most room above its
    # minimum gives the excess back, so the table is exactly the page wide
    q = 10**decimals
    units = [math.ceil(w * q - 1e-9) for w in widths]
    excess = sum(units) - round(total_mm * q)
    order = sorted(range(n), key=lambda i: (units[i] / q - mins[i], units[i]), reverse=True)
    k = 0
    while excess > 0:  # one step back from each column in turn, the roomiest first
        units[order[k % n]] -= 1
        excess -= 1
        k += 1
    if excess < 0:
        units[order[0]] -= excess
    return [u / q for u in units]
