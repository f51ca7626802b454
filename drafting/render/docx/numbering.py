"""Word's automatic numbering (w:numPr) resolved to the labels a reader sees: "1.", "1.2.", "a)", "II.", "-"."""

from __future__ import annotations

from typing import Any

from ...vi.numbering import letter, roman
from .ns import W

_BULLETS = {"\uf0b7": "•", "\uf0a7": "▪", "\uf0d8": "➢", "\uf02d": "-", "o": "o", "-": "-", "–": "-", "•": "•"}


def _roman(n: int) -> str:
    return roman(n) if n >= 1 else str(n)


def _letter(n: int) -> str:
    return letter(n)


def _format(fmt: str, n: int) -> str:
    if fmt == "lowerLetter":
        return _letter(n)
    if fmt == "upperLetter":
        return _letter(n).upper()
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "none":
        return ""
    return str(n)


def _int(s: Any, default: int) -> int:
    try:
        return int(s)
    except (TypeError, ValueError):
        return default


class Numbering:
    """Counters for every list of a document; ``label(p)`` gives the number shown before paragraph ``p``."""

    def __init__(self, numbering: Any | None, styles: Any | None):
        self.levels: dict[str, dict[int, dict[str, Any]]] = {}  # abstractNumId → ilvl → lvl facts
        self.nums: dict[str, str] = {}  # numId → abstractNumId
        self.overrides: dict[str, dict[int, int]] = {}  # numId → ilvl → start
        self.style_num: dict[str, tuple[str | None, int]] = {}  # styleId → (numId, ilvl)
        self.style_based: dict[str, str] = {}
        self.counters: dict[str, list[int]] = {}  # abstractNumId → counter per level
        if numbering is not None:
            for an in numbering.iter(W + "abstractNum"):
                aid = an.get(W + "abstractNumId") or ""
                lv: dict[int, dict[str, Any]] = {}
                for lvl in an.findall(W + "lvl"):
                    i = _int(lvl.get(W + "ilvl"), 0)
                    fmt = lvl.find(W + "numFmt")
                    text = lvl.find(W + "lvlText")
                    start = lvl.find(W + "start")
                    lv[i] = {
                        "fmt": fmt.get(W + "val") if fmt is not None else "decimal",
                        "text": text.get(W + "val") if text is not None else "",
                        "start": _int(start.get(W + "val"), 1) if start is not None else 1,
                    }
                self.levels[aid] = lv
            for num in numbering.iter(W + "num"):
                nid = num.get(W + "numId") or ""
                ref = num.find(W + "abstractNumId")
                self.nums[nid] = ref.get(W + "val") if ref is not None else ""
                for ov in num.findall(W + "lvlOverride"):
                    so = ov.find(W + "startOverride")
                    if so is not None:
                        self.overrides.setdefault(nid, {})[_int(ov.get(W + "ilvl"), 0)] = _int(so.get(W + "val"), 1)
        if styles is not None:
            for st in styles.iter(W + "style"):
                sid = st.get(W + "styleId") or ""
                based = st.find(W + "basedOn")
                if based is not None:
                    self.style_based[sid] = based.get(W + "val") or ""
                ppr = st.find(W + "pPr")
                npr = ppr.find(W + "numPr") if ppr is not None else None
                if npr is not None:
                    nid = npr.find(W + "numId")
                    ilvl = npr.find(W + "ilvl")
                    self.style_num[sid] = (
                        nid.get(W + "val") if nid is not None else None,
                        _int(ilvl.get(W + "val"), 0) if ilvl is not None else 0,
                    )

    def _from_style(self, sid: str | None) -> tuple[str | None, int] | None:
        seen = set()
        while sid and sid not in seen:
            seen.add(sid)
            if sid in self.style_num:
                return self.style_num[sid]
            sid = self.style_based.get(sid)
        return None

    def label(self, p: Any) -> str:
        """The label Word prints before ``p`` ("" when it is not numbered); advances the list's counters."""
        ppr = p.find(W + "pPr")
        num_id: str | None = None
        ilvl = 0
        style = None
        if ppr is not None:
            ps = ppr.find(W + "pStyle")
            style = ps.get(W + "val") if ps is not None else None
            npr = ppr.find(W + "numPr")
            if npr is not None:
                nid = npr.find(W + "numId")
                lv = npr.find(W + "ilvl")
                num_id = nid.get(W + "val") if nid is not None else None
                ilvl = _int(lv.get(W + "val"), 0) if lv is not None else 0
                if num_id is None:
                    found = self._from_style(style)
                    num_id = found[0] if found else None
        if num_id is None and (ppr is None or ppr.find(W + "numPr") is None):
            found = self._from_style(style)
            if found:
                num_id, ilvl = found
        if not num_id or num_id == "0" or num_id not in self.nums:
            return ""
        aid = self.nums[num_id]
        levels = self.levels.get(aid, {})
        if ilvl not in levels:
            return ""
        counters = self.counters.setdefault(aid, [0] * 9)
        starts = [self.overrides.get(num_id, {}).get(i, levels.get(i, {}).get("start", 1)) for i in range(9)]
        if counters[ilvl] == 0:
            counters[ilvl] = starts[ilvl]
        else:
            counters[ilvl] += 1
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = 0
        lvl = levels[ilvl]
        if lvl["fmt"] == "bullet":
            return _BULLETS.get(lvl["text"], "•")
        text = lvl["text"]
        for i in range(ilvl, -1, -1):
            n = counters[i] or starts[i]
            text = text.replace(f"%{i + 1}", _format(levels.get(i, {}).get("fmt", "decimal"), n))
        return text
