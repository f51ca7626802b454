"""Read a rendered document page by page (LibreOffice → PDF → pdfplumber) and list pagination faults.

The rules are a typesetter's: the closing block (Nơi nhận / signer) never opens a page; a heading, a
group row or a total row never ends one; no page of ≤ 3 lines unless it is the only page; a page that does
not end a part is at least 70 % full; no word is broken inside a table cell.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

PT_PER_MM = 72 / 25.4


def norm(s: str) -> str:
    s = unicodedata.normalize("NFC", s).replace("\u2011", "-").replace("\u00a0", " ").replace("\u00ad", "")
    return " ".join(s.split())


@dataclass
class Line:
    text: str
    top: float
    bottom: float
    bold: bool  # every letter of the line is bold


@dataclass
class Page:
    number: int
    width: float
    height: float
    lines: list[Line]
    cells: list[list[str]] = field(default_factory=list)  # text lines of each ruled-table cell

    @property
    def landscape(self) -> bool:
        return self.width > self.height

    def fullness(self) -> float:
        top = (20 if self.landscape else 25) * PT_PER_MM
        bottom = 20 * PT_PER_MM
        if not self.lines:
            return 0.0
        return (self.lines[-1].bottom - top) / (self.height - top - bottom)


def _lines(pg) -> list[Line]:
    """Text lines of a page (or a crop of it), top to bottom; pieces far apart on a line (cells side by
    side) are joined by two spaces. Spaces come from the PDF's own blanks: LibreOffice writes the
    marks of Vietnamese letters out of order, so pdfplumber's gap-based word split would cut syllables."""
    chars = sorted(pg.chars, key=lambda c: (round(c["top"]), c["x0"]))
    rows: list[list[dict]] = []
    for c in chars:
        if rows and abs(rows[-1][0]["top"] - c["top"]) < 3:
            rows[-1].append(c)
        else:
            rows.append([c])
    out = []
    for r in rows:
        r.sort(key=lambda c: c["x0"])
        text, prev = "", None
        for c in r:
            if prev is not None and c["x0"] - prev["x1"] > 8:  # another cell or column
                text += "  "
            text += c["text"]
            prev = c
        text = "  ".join(norm(piece) for piece in text.split("  ") if norm(piece))
        if not text:
            continue
        bold = all("Bold" in c["fontname"] for c in r if re.match(r"\w", c["text"]))
        out.append(Line(text, min(c["top"] for c in r), max(c["bottom"] for c in r), bold))
    return out


def read_pages(pdf: Path) -> list[Page]:
    import pdfplumber

    pages = []
    with pdfplumber.open(str(pdf)) as doc:
        for i, pg in enumerate(doc.pages, start=1):
            lines = [
                l
                for l in _lines(pg)
                # the page number in the header (above the text area)
                if not (l.top < 15 * PT_PER_MM and l.text.isdigit())
            ]
            cells = []
            for t in pg.find_tables():
                for row in t.rows:
                    for c in row.cells:
                        if c is not None:
                            cells.append([l.text for l in _lines(pg.crop(c))])
            pages.append(Page(i, float(pg.width), float(pg.height), lines, cells))
    return pages


@dataclass
class DocFacts:
    """What the .docx says about itself: heading texts, group and total rows, part starts, its words."""

    headings: list[str]
    part_starts: list[str]
    closing_starts: list[str]  # first line of the Nơi nhận / signer block
    words: set[str]
    texts: list[str]  # every other paragraph (to tell a heading's line from a body line)


def docx_facts(docx: Path) -> DocFacts:
    from docx import Document
    from docx.oxml.ns import qn

    d = Document(str(docx))
    body = d.element.body
    headings: list[str] = []
    part_starts: list[str] = []
    words: set[str] = set()
    closing: list[str] = []
    texts: list[str] = []
    W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

    def ptext(p) -> str:
        return norm("".join(t.text or "" for t in p.iter(W + "t")))

    names = {st.style_id: st.name for st in d.styles}
    pending_part = False
    for el in body.iter(W + "p"):
        text = ptext(el)
        ppr = el.find(W + "pPr")
        style = ""
        if ppr is not None and ppr.find(W + "pStyle") is not None:
            style = ppr.find(W + "pStyle").get(qn("w:val"))
        for w in text.split():
            words.add(w)
        if pending_part and text:
            part_starts.append(text)
            pending_part = False
        if ppr is not None and ppr.find(W + "sectPr") is not None:
            pending_part = True
        name = names.get(style, "")
        if name in ("VB Phần", "VB Mục", "VB Phụ lục", "VB Tên phụ lục", "VB Kèm theo", "VB Tên bên") and text:
            headings.append(text)
        elif text:
            texts.append(text)
        if text == "Nơi nhận:":
            closing.append(text)
    # group rows: a row whose second cell spans the rest of the table
    for tbl in body.iter(W + "tbl"):
        for tr in tbl.iterchildren(W + "tr"):
            tcs = tr.findall(W + "tc")
            spans = [tc.find(f"{W}tcPr/{W}gridSpan") for tc in tcs]
            if len(tcs) <= 2 and any(s is not None for s in spans):
                t = norm(" ".join(ptext(p) for tc in tcs for p in tc.iter(W + "p")))
                if t:
                    headings.append(t)
    return DocFacts(headings, part_starts, closing, words, texts)


def _strip(w: str) -> str:
    return w.strip(".,;:()\"'“”")


def _closing_block_could_not_fit(pg: Page, nxt: Page | None) -> bool:
    """The next page opens with the closing paragraph and the Nơi nhận / signer block, which cannot split:
    a page left short because that block was taller than its free room is what a typesetter does."""
    if nxt is None or not nxt.lines:
        return False
    at = next((k for k, l in enumerate(nxt.lines) if l.text.startswith("Nơi nhận")), None)
    if at is None or at > 8:  # the closing paragraph (a few lines) then the block
        return False
    last = next((l for l in reversed(nxt.lines) if l.text.startswith("- Lưu") or "Lưu:" in l.text), nxt.lines[-1])
    block = last.bottom - nxt.lines[0].top
    top = (20 if pg.landscape else 25) * PT_PER_MM
    free = (pg.height - 20 * PT_PER_MM) - pg.lines[-1].bottom
    # the text's extent understates the block by its spacing (space before the paragraph, the table's
    # top cell margin): one line of 14 pt
    return free < block + 14 and block < pg.height - top


def faults(pages: list[Page], facts: DocFacts, name: str = "") -> list[str]:
    out = []
    vocab = {_strip(w) for w in facts.words}
    n = len(pages)
    starts = [s[:25] for s in facts.part_starts]
    for i, pg in enumerate(pages):
        where = f"{name} trang {pg.number}"
        body = pg.lines
        if not body:
            out.append(f"{where}: trang trống")
            continue
        first, last = body[0].text, body[-1].text
        if any(l.text.startswith("Nơi nhận") for l in body[:2]):
            out.append(f"{where}: trang bắt đầu bằng khối Nơi nhận/chữ ký")
        if first.startswith(("Tổng cộng", "(Bằng chữ", "Tổng khái toán", "Tổng kinh phí")):
            out.append(f"{where}: dòng tổng / bằng chữ tách khỏi bảng: {first[:60]!r}")
        nxt = pages[i + 1] if i < n - 1 else None
        ends_part = (
            nxt is None
            or nxt.landscape != pg.landscape
            or bool(nxt.lines and any(nxt.lines[0].text.startswith(s) for s in starts))
        )
        if not ends_part:
            if body[-1].bold and len(last) > 2:
                out.append(f"{where}: dòng cuối trang là tiêu đề / dòng nhóm: {last[:60]!r}")
            elif (
                len(last) >= 4
                and any(h.endswith(last) for h in facts.headings)
                and not any(t.endswith(last) for t in facts.texts)
            ):
                out.append(f"{where}: dòng cuối trang là tiêu đề: {last[:60]!r}")
        if n > 1 and len(body) <= 3:
            out.append(f"{where}: chỉ có {len(body)} dòng")
        if not ends_part and pg.fullness() < 0.70 and not _closing_block_could_not_fit(pg, nxt):
            out.append(f"{where}: chỉ đầy {pg.fullness():.0%} mà không hết phần")
        for cell in pg.cells:
            for a_line, b_line in zip(cell, cell[1:], strict=False):
                a, b = _strip(a_line.split()[-1]), _strip(b_line.split()[0])
                if a and b and _strip(a + b) in vocab and (a not in vocab or b not in vocab):
                    out.append(f"{where}: từ bị ngắt trong ô bảng: {a!r} | {b!r}")
    return out
