"""Vietnamese text helpers: folding diacritics to ASCII, safe and readable file names."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable

_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}


def fold(text: str) -> str:
    """ "Sở Văn hóa, Thể thao và Du lịch" → "So Van hoa, The thao va Du lich" (đ/Đ become d/D)."""
    s = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return unicodedata.normalize("NFC", "".join(ch for ch in s if not unicodedata.combining(ch)))


def safe_filename(name: str, *, max_len: int = 60, default: str = "van-ban") -> str:
    """A readable ASCII file-name stem: lower case, words joined by "-", no separators, no "..", no reserved name."""
    s = fold(name).lower()
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-")
    s = s[:max_len].rstrip("-") or default
    if s in _RESERVED:
        s = f"{s}-{default}"
    return s


NB_HYPHEN = "\u2011"
NBSP = "\u00a0"
#: a hyphen inside a word: "149/KH-UBND", "2026-2030", "Ăt-ta-pư", "III-IV/2026"
_INNER_HYPHEN = re.compile(r"(?<=\w)-(?=\w)")
#: title units that read as one: "giai đoạn 2026 - 2030", "năm 2027", "số 149/KH-UBND", "quý III"
_UNITS = [
    (re.compile(r"\b(\d{4})\s+([-–])\s+(\d{4})\b"), lambda m: f"{m[1]}{NBSP}{m[2]}{NBSP}{m[3]}"),
    (re.compile(r"\b(giai)\s+(đoạn)(\s+)(?=\d)", re.I), lambda m: f"{m[1]}{NBSP}{m[2]}{NBSP}"),
    (re.compile(r"\b(giai)\s+(đoạn)\b", re.I), lambda m: f"{m[1]}{NBSP}{m[2]}"),
    (
        re.compile(r"\b(năm|số|quý|tháng|ngày|khóa|lần|Kế hoạch|Nghị định|Quyết định)\s+(?=[\dIVX])"),
        lambda m: f"{m[1]}{NBSP}",
    ),
]


def bind_hyphens(text: str) -> str:
    """Hyphens inside a word become non-breaking (U+2011): "149/KH-UBND" never splits at the line end."""
    return _INNER_HYPHEN.sub(NB_HYPHEN, text) if "-" in text else text


def bind_units(text: str) -> str:
    """Non-breaking spaces inside the units of a title ("giai đoạn 2026 - 2030", "năm 2027"), and
    non-breaking hyphens inside words."""
    for pattern, repl in _UNITS:
        text = pattern.sub(repl, text)
    return bind_hyphens(text)


#: words a Vietnamese title line may begin with (a phrase starts there): prepositions and conjunctions
_PHRASE_STARTS = (
    "giữa",
    "với",
    "về",
    "của",
    "và",
    "tại",
    "trên",
    "theo",
    "cho",
    "trong",
    "đến",
    "nhằm",
    "giai\u00a0đoạn",
    "giai",
    "năm\u00a0",
    "thực",
    "thời",
    "đối",
    "từ",
)


def break_title(text: str, line_width: float, width_of: Callable[[str], float]) -> str:
    """``text`` (a centred title) with "\\n" where its lines should end: lines no wider than ``line_width``
    (measured by ``width_of``), as few as a greedy fill needs, balanced, and ending before a phrase
    (a preposition, "giai đoạn …") where that costs little; never inside a bound unit. A title that
    fits on one line is returned as it is."""
    if width_of(text) <= line_width or "\n" in text:
        return text
    words = text.split(" ")
    n = len(words)
    # lines needed by a greedy fill
    lines, cur = 1, ""
    for w in words:
        trial = f"{cur} {w}" if cur else w
        if cur and width_of(trial) > line_width:
            lines += 1
            cur = w
        else:
            cur = trial
    target = width_of(text) / lines

    def cost_of(start: int, end: int) -> float | None:
        line = " ".join(words[start:end])
        w = width_of(line)
        if w > line_width:
            return None
        c = ((w - target) / line_width) ** 2
        nxt = words[end].lower() if end < n else ""
        if end < n and not nxt.startswith(_PHRASE_STARTS) and not words[end - 1].endswith((",", ";", ":")):
            c += 0.04  # a break that is not at a phrase boundary
            if words[end][:1].isupper() and words[end - 1][:1].isupper():
                c += 0.04  # … and inside a proper name ("Chính | quyền", "Bắc | Ninh")
        if end - start == 1 and (end == n or start == 0):
            c += 1.0  # a word alone on a line
        return c

    # dynamic programming over break positions, exactly ``lines`` lines

    @functools.cache
    def solve(start: int, left: int) -> tuple[float, tuple[int, ...]] | None:
        if left == 1:
            c = cost_of(start, n)
            return None if c is None else (c, ())
        out = None
        for end in range(start + 1, n - left + 2):
            c = cost_of(start, end)
            if c is None:
                break
            rest = solve(end, left - 1)
            if rest is not None and (out is None or c + rest[0] < out[0]):
                out = (c + rest[0], (end,) + rest[1])
        return out

    found = solve(0, lines)
    if found is None:
        return text
    cuts = (0,) + found[1] + (n,)
    return "\n".join(" ".join(words[a:b]) for a, b in zip(cuts, cuts[1:], strict=False))


def lower_first(text: str) -> str:
    """The text continuing a sentence: its first letter in lower case ("Đã tổ chức" → "đã tổ chức"), unless the
    first word is an abbreviation or a name written in capitals ("UBND tỉnh", "ASEAN", "HĐND")."""
    word = text.split(" ", 1)[0]
    if sum(ch.isupper() for ch in word) > 1:
        return text
    return text[:1].lower() + text[1:]
