"""Inline marks in spec text: **bold**, *italic*, \\* for a literal asterisk → runs."""

from __future__ import annotations

import re

_TOKEN = re.compile(r"\\\*|\*\*|\*")


def parse_marks(text: str, *, bold: bool = False, italic: bool = False) -> list[dict]:
    """Split ``text`` into runs ``{"text", "bold", "italic"}``; an unclosed mark prints literally."""
    if "*" not in text:  # no mark (most cells): one run
        return [{"text": text, "bold": bold, "italic": italic}] if text else []
    # find matching pairs first so that a lone "*" stays text
    tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]
    opens: dict[str, int] = {}
    pairs: set[int] = set()
    for idx, (_, _, tok) in enumerate(tokens):
        if tok == "\\*":
            continue
        if tok in opens:
            pairs.add(opens.pop(tok))
            pairs.add(idx)
        else:
            opens[tok] = idx
    runs: list[dict] = []
    buf = []
    b, i = bold, italic
    pos = 0

    def flush():
        if buf:
            s = "".join(buf)
            if runs and runs[-1]["bold"] == b and runs[-1]["italic"] == i:
                runs[-1]["text"] += s
            else:
                runs.append({"text": s, "bold": b, "italic": i})
            buf.clear()

    for idx, (start, end, tok) in enumerate(tokens):
        buf.append(text[pos:start])
        pos = end
        if tok == "\\*":
            buf.append("*")
        elif idx in pairs:
            flush()
            if tok == "**":
                b = not b
            else:
                i = not i
        else:
            buf.append(tok)
    buf.append(text[pos:])
    flush()
    return [r for r in runs if r["text"]]


def plain(text: str) -> str:
    """The text without its marks (what the reader sees)."""
    return "".join(r["text"] for r in parse_marks(text))


def run(text: str, *, bold: bool = False, italic: bool = False) -> dict:
    return {"text": text, "bold": bold, "italic": italic}
