"""Display strings that break well: titles broken at phrase boundaries, hyphens inside words bound, for every
context (plan, appendices, agreement)."""

from __future__ import annotations

from ..vi.text import bind_hyphens, bind_units, break_title
from .widths import text_width_mm

#: width of a line of the trích yếu (14 pt bold, centred in the 155 mm text width, a little air each side)
TITLE_LINE_MM = 150.0


def title_lines(text: str, size_pt: float = 14, width_mm: float = TITLE_LINE_MM) -> str:
    """A centred bold title with its units bound ("giai đoạn 2026 - 2030") and lines broken at phrase
    boundaries ("\n" between lines)."""

    return break_title(bind_units(text), width_mm, lambda s: text_width_mm(s, size_pt, True))


_NOT_TEXT = {"kieu", "loai"}


def bind_text(value, shared: dict | None = None):
    """Every display string of a context with non-breaking hyphens inside words ("149/KH-UBND",
    "2026-2030", "Ăt-ta-pư"): a line never ends at such a hyphen, in the body or in a table cell.

    A paragraph (a dict with ``runs``) the context holds more than once (the cells of the same text in a
    table are one dict) is bound once and stays one: ``shared`` maps the ids of those seen to their copy."""
    t = type(value)
    if t is str:
        return bind_hyphens(value)
    if t is dict:
        if "runs" not in value:
            if shared is None:
                shared = {}
            return {k: (v if k in _NOT_TEXT else bind_text(v, shared)) for k, v in value.items()}
        if shared is None:
            shared = {}
        done = shared.get(id(value))
        if done is None:
            done = shared[id(value)] = {k: (v if k in _NOT_TEXT else bind_text(v, shared)) for k, v in value.items()}
        return done
    if t is list:
        if shared is None:
            shared = {}
        return [bind_text(v, shared) for v in value]
    return value
