"""Heading numbers of Vietnamese administrative documents: I, II … / 1. / 1.1. / a) / -."""

from __future__ import annotations

_ROMAN = [
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
]


def roman(n: int) -> str:
    """1 → I, 4 → IV, 9 → IX, 14 → XIV (n ≥ 1)."""
    if n < 1:
        raise ValueError("Roman numerals start at 1")
    out = []
    for value, sym in _ROMAN:
        while n >= value:
            out.append(sym)
            n -= value
    return "".join(out)


def letter(n: int) -> str:
    """1 → a, 2 → b … 26 → z, 27 → aa (Vietnamese documents skip no letters in practice)."""
    s = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        s = chr(ord("a") + r) + s
    return s


def heading_number(depth: int, index: int, parent: str = "") -> str:
    """Number of the ``index``-th (1-based) heading at ``depth`` (1 = "1.", 2 = "1.1.", 3 = "a)", 4+ = "-").

    ``parent`` is the parent's number without its trailing dot for depth 2 ("1" → "1.3.").
    """
    if depth <= 1:
        return f"{index}."
    if depth == 2:
        base = parent.rstrip(".")
        return f"{base}.{index}." if base else f"{index}."
    if depth == 3:
        return f"{letter(index)})"
    return "-"
