"""Read a .docx nobody here wrote into plain blocks and table cells by grid position, losing no visible text.

Every visible character in document order: runs, hyperlinks, inserted and moved-in text (w:ins, w:moveTo),
content controls (not their placeholder), smart tags and custom XML, fields' results (not their codes), text
boxes (once, not their fallback copy), nested tables. Deleted and moved-away text (w:del, w:moveFrom) and rows
deleted with Track Changes are left out. Revisions and comments are listed with who and when.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path

from .ns import W
from .numbering import Numbering
from .safezip import DEFAULT_LIMITS, Limits, Refused, SafeDocx

MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_COMMENTS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
_NUMBERING = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering"
_STYLES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
_OFFICE_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
_NOTES = {
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes": "footnote",
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/endnotes": "endnote",
}
_FORMAT_CHANGES = {
    W + t
    for t in (
        "rPrChange",
        "pPrChange",
        "tcPrChange",
        "trPrChange",
        "tblPrChange",
        "sectPrChange",
        "tblGridChange",
        "numberingChange",
    )
}


@dataclass
class Revision:
    """One tracked change: ``loai`` is "chèn", "xóa", "chuyển đến", "chuyển đi", "định dạng", "chèn dòng", "xóa dòng"."""

    loai: str
    tac_gia: str
    ngay: str
    so_ky_tu: int = 0


@dataclass
class Comment:
    tac_gia: str
    ngay: str
    van_ban: str
    vi_tri: str = ""  # the commented text


@dataclass
class Cell:
    """A table cell at its grid position; a merged cell is one Cell covering ``span`` × ``rowspan`` positions."""

    row: int
    col: int
    span: int
    text: str
    rowspan: int = 1
    tables: list[Table] = field(default_factory=list)


@dataclass
class Table:
    rows: list[list[Cell]]  # the cells that start in each row, left to right
    ncols: int

    def grid(self) -> list[list[Cell | None]]:
        """Row × grid column → the cell covering it (the same object for every position a merge covers)."""
        g: list[list[Cell | None]] = [[None] * self.ncols for _ in self.rows]
        for r, cells in enumerate(self.rows):
            for c in cells:
                for rr in range(r, min(r + c.rowspan, len(self.rows))):
                    for cc in range(c.col, min(c.col + c.span, self.ncols)):
                        g[rr][cc] = c
        return g

    def texts(self) -> list[str]:
        return [c.text for cells in self.rows for c in cells]


@dataclass
class Para:
    text: str
    label: str = ""  # the number Word's automatic numbering shows before it ("1.", "a)", "-"), if any


@dataclass
class WordDocument:
    blocks: list  # Para and Table, in document order
    revisions: list[Revision] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # footnotes and endnotes typed in the document
    properties: dict[str, str] = field(default_factory=dict)  # custom document properties
    core: dict[str, str] = field(default_factory=dict)  # title, creator, modified …

    @property
    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    @property
    def paragraphs(self) -> list[str]:
        return [b.text for b in self.blocks if isinstance(b, Para)]

    def all_text(self) -> str:
        """Every visible character, tables flattened (for counting and tests)."""
        out: list[str] = []

        def table(t: Table):
            for cells in t.rows:
                for c in cells:
                    out.append(c.text)

        for b in self.blocks:
            table(b) if isinstance(b, Table) else out.append(b.text)
        return "\n".join(out)


class _Walker:
    """Turns WordprocessingML into text; keeps the state that spans paragraphs (fields, comment anchors)."""

    def __init__(self, numbering=None):
        self.numbering = numbering  # a Numbering, to resolve w:numPr labels (body text only)
        self.revisions: list[Revision] = []
        self.fields: list[str] = []  # stack: "code" until w:fldChar separate, then "result"
        self.anchors: dict[str, list[str]] = {}
        self.open_anchors: set[str] = set()

    def _rev(self, el, loai: str, n: int = 0) -> None:
        self.revisions.append(Revision(loai, el.get(W + "author") or "", (el.get(W + "date") or "")[:10], n))

    # ---- inline content -------------------------------------------------------------------------------
    def inline(self, el, out: list[str], extra: list) -> None:
        for child in el:
            tag = child.tag
            if not isinstance(tag, str):
                continue
            if tag == W + "r":
                self.run(child, out, extra)
            elif tag in (W + "del", W + "moveFrom"):
                n = sum(len(t.text or "") for t in child.iter(W + "delText", W + "t"))
                self._rev(child, "xóa" if tag == W + "del" else "chuyển đi", n)
            elif tag in (W + "ins", W + "moveTo"):
                before = sum(map(len, out))
                self.inline(child, out, extra)
                self._rev(child, "chèn" if tag == W + "ins" else "chuyển đến", sum(map(len, out)) - before)
            elif tag == W + "sdt":
                if not _placeholder(child):
                    content = child.find(W + "sdtContent")
                    if content is not None:
                        self.inline(content, out, extra)
            elif tag in (
                W + "hyperlink",
                W + "smartTag",
                W + "customXml",
                W + "fldSimple",
                W + "sdtContent",
                W + "dir",
                W + "bdo",
            ):
                self.inline(child, out, extra)
            elif tag == MC + "AlternateContent":
                self.inline(_alternative(child), out, extra)
            elif tag == W + "commentRangeStart":
                cid = child.get(W + "id")
                self.open_anchors.add(cid)
                self.anchors.setdefault(cid, [])
            elif tag == W + "commentRangeEnd":
                self.open_anchors.discard(child.get(W + "id"))
            elif tag in _FORMAT_CHANGES:
                self._rev(child, "định dạng")
            elif tag == W + "pPr":
                self._marks(child)
            elif tag in (W + "oMath", W + "oMathPara") or tag.endswith("}oMath") or tag.endswith("}oMathPara"):
                out.append(
                    "".join(t.text or "" for t in child.iter() if isinstance(t.tag, str) and t.tag.endswith("}t"))
                )

    def _marks(self, ppr) -> None:
        for child in ppr.iter():
            if child.tag in _FORMAT_CHANGES:
                self._rev(child, "định dạng")
        rpr = ppr.find(W + "rPr")
        if rpr is not None:
            for child in rpr:
                if child.tag == W + "ins":
                    self._rev(child, "chèn", 1)
                elif child.tag == W + "del":
                    self._rev(child, "xóa", 1)

    def run(self, r, out: list[str], extra: list) -> None:
        start = len(out)
        for child in r:
            tag = child.tag
            if not isinstance(tag, str):
                continue
            if tag == W + "fldChar":
                kind = child.get(W + "fldCharType")
                if kind == "begin":
                    self.fields.append("code")
                elif kind == "separate" and self.fields:
                    self.fields[-1] = "result"
                elif kind == "end" and self.fields:
                    self.fields.pop()
                continue
            if self.fields and self.fields[-1] == "code":
                continue
            if tag == W + "t":
                out.append(child.text or "")
            elif tag == W + "tab" or tag == W + "ptab":
                out.append("\t")
            elif tag in (W + "br", W + "cr"):
                out.append("\n")
            elif tag == W + "noBreakHyphen":
                out.append("-")
            elif tag == W + "sym":
                ch = child.get(W + "char")
                with contextlib.suppress(ValueError):  # a symbol code that is no hexadecimal number shows nothing
                    out.append(chr(int(ch, 16)) if ch else "")
            elif tag == W + "rPr":
                for c in child:
                    if c.tag in _FORMAT_CHANGES:
                        self._rev(c, "định dạng")
            elif tag in (W + "drawing", W + "pict", W + "object") or tag == MC + "AlternateContent":
                self.boxes(_alternative(child) if tag == MC + "AlternateContent" else child, extra)
        if self.open_anchors and len(out) > start:
            piece = "".join(out[start:])
            for cid in self.open_anchors:
                self.anchors[cid].append(piece)

    def boxes(self, el, extra: list) -> None:
        """Text boxes (w:txbxContent) inside a drawing, each once: a choice's fallback copy is not read."""
        stack = [el]
        while stack:
            node = stack.pop()
            for child in reversed(list(node)):
                if not isinstance(child.tag, str):
                    continue
                if child.tag == W + "txbxContent":
                    extra.extend(self.blocks(child))
                elif child.tag == MC + "AlternateContent":
                    stack.append(_alternative(child))
                else:
                    stack.append(child)
        # the stack walks children in order (reversed push), so boxes come in document order

    # ---- block content --------------------------------------------------------------------------------
    def paragraph(self, p) -> list:
        out: list[str] = []
        extra: list = []
        self.inline(p, out, extra)
        label = self.numbering.label(p) if self.numbering is not None else ""
        return [Para("".join(out), label)] + extra

    def blocks(self, container) -> list:
        found: list = []
        for child in container:
            tag = child.tag
            if not isinstance(tag, str):
                continue
            if tag == W + "p":
                found.extend(self.paragraph(child))
            elif tag == W + "tbl":
                found.append(self.table(child))
            elif tag == W + "sdt":
                if not _placeholder(child):
                    content = child.find(W + "sdtContent")
                    if content is not None:
                        found.extend(self.blocks(content))
            elif tag in (W + "customXml", W + "ins", W + "moveTo"):
                found.extend(self.blocks(child))
            elif tag == MC + "AlternateContent":
                found.extend(self.blocks(_alternative(child)))
        return found

    def table(self, tbl) -> Table:
        rows: list[list[Cell]] = []
        open_cols: dict[int, Cell] = {}  # grid column → the cell a vertical merge continues
        ncols = len(tbl.findall(f"{W}tblGrid/{W}gridCol"))
        for tr in _children(tbl, W + "tr"):
            trpr = tr.find(W + "trPr")
            if trpr is not None:
                if trpr.find(W + "del") is not None:
                    self._rev(
                        trpr.find(W + "del"),
                        "xóa dòng",
                        sum(len(t.text or "") for t in tr.iter(W + "delText", W + "t")),
                    )
                    continue
                if trpr.find(W + "ins") is not None:
                    self._rev(trpr.find(W + "ins"), "chèn dòng")
            r = len(rows)
            col = 0
            if trpr is not None and trpr.find(W + "gridBefore") is not None:
                col = _int(trpr.find(W + "gridBefore").get(W + "val"), 0)
            cells: list[Cell] = []
            for tc in _children(tr, W + "tc"):
                tcpr = tc.find(W + "tcPr")
                span = 1
                vmerge = None
                if tcpr is not None:
                    gs = tcpr.find(W + "gridSpan")
                    if gs is not None:
                        span = max(1, _int(gs.get(W + "val"), 1))
                    vm = tcpr.find(W + "vMerge")
                    if vm is not None:
                        vmerge = vm.get(W + "val") or "continue"
                    for c in tcpr:
                        if c.tag in _FORMAT_CHANGES:
                            self._rev(c, "định dạng")
                content = self.blocks(tc)
                text = _cell_text(content)
                origin = open_cols.get(col)
                if (
                    vmerge == "continue"
                    and origin is not None
                    and origin.row + origin.rowspan == r
                    and not text.strip()
                ):
                    origin.rowspan += 1
                else:  # a continuation that holds text of its own stays its own cell: nothing is dropped
                    cell = Cell(r, col, span, text, tables=[b for b in content if isinstance(b, Table)])
                    cells.append(cell)
                    for cc in range(col, col + span):
                        open_cols.pop(cc, None)
                    if vmerge == "restart":
                        open_cols[col] = cell
                col += span
            ncols = max(ncols, col)
            rows.append(cells)
        return Table(rows, ncols)


def _children(el, tag: str):
    """Direct children named ``tag``, looking through content controls and custom XML wrapping them."""
    for child in el:
        if child.tag == tag:
            yield child
        elif child.tag in (W + "sdt",):
            content = child.find(W + "sdtContent")
            if content is not None:
                yield from _children(content, tag)
        elif child.tag == W + "customXml":
            yield from _children(child, tag)


def _cell_text(blocks: list) -> str:
    lines = []
    for b in blocks:
        if isinstance(b, Para):
            lines.append(b.text)
        else:
            for cells in b.rows:
                lines.append(" | ".join(c.text.replace("\n", " ") for c in cells if c.text.strip()))
    return "\n".join(lines)


def _placeholder(sdt) -> bool:
    pr = sdt.find(W + "sdtPr")
    return pr is not None and pr.find(W + "showingPlcHdr") is not None


def _alternative(ac):
    """The branch of mc:AlternateContent a reader should use: the first choice, else the fallback."""
    choice = ac.find(MC + "Choice")
    if choice is not None:
        return choice
    fb = ac.find(MC + "Fallback")
    return fb if fb is not None else ac


def _int(s, default: int) -> int:
    try:
        return int(s)
    except (TypeError, ValueError):
        return default


def _rels(z: SafeDocx, name: str) -> dict[str, str]:
    """Relationship type → target part name, for the part ``name``."""
    folder, _, base = name.rpartition("/")
    rels = f"{folder}/_rels/{base}.rels" if folder else f"_rels/{base}.rels"
    if not z.has(rels):
        return {}
    out = {}
    for rel in z.xml(rels).iter(_REL + "Relationship"):
        target = rel.get("Target") or ""
        if rel.get("TargetMode") == "External":
            continue
        target = target.lstrip("/") if target.startswith("/") else (f"{folder}/{target}" if folder else target)
        out.setdefault(rel.get("Type") or "", target)
    return out


def _properties(z: SafeDocx) -> tuple[dict[str, str], dict[str, str]]:
    custom: dict[str, str] = {}
    core: dict[str, str] = {}
    if z.has("docProps/custom.xml"):
        for prop in z.xml("docProps/custom.xml"):
            if isinstance(prop.tag, str) and prop.get("name"):
                custom[prop.get("name")] = "".join(prop.itertext())
    if z.has("docProps/core.xml"):
        for el in z.xml("docProps/core.xml"):
            if isinstance(el.tag, str):
                core[el.tag.rsplit("}", 1)[-1]] = (el.text or "").strip()
    return custom, core


def read_docx(path: Path | str, limits: Limits = DEFAULT_LIMITS) -> WordDocument:
    """The document's blocks, revisions, comments and properties; raises Refused (with the reason) for a file
    that is damaged, not a .docx, or over ``limits``."""
    path = Path(path)
    with SafeDocx(path, limits) as z:
        main = _rels(z, "").get(_OFFICE_DOC) or "word/document.xml"
        root = z.xml(main)
        body = root.find(W + "body")
        if body is None:
            raise Refused(
                path.name, "tệp .docx không có phần thân văn bản", hint="mở tệp trong Word và lưu lại dạng .docx"
            )

        rels = _rels(z, main)
        numbering = z.xml(rels[_NUMBERING]) if _NUMBERING in rels and z.has(rels[_NUMBERING]) else None
        styles = z.xml(rels[_STYLES]) if _STYLES in rels and z.has(rels[_STYLES]) else None
        walker = _Walker(Numbering(numbering, styles))
        blocks = walker.blocks(body)
        comments = []
        target = _rels(z, main).get(_COMMENTS)
        if target and z.has(target):
            for c in z.xml(target).iter(W + "comment"):
                inner = _Walker()
                text = "\n".join(
                    b.text if isinstance(b, Para) else "\n".join(b.texts()) for b in inner.blocks(c)
                ).strip()
                anchor = "".join(walker.anchors.get(c.get(W + "id"), [])).strip()
                comments.append(Comment(c.get(W + "author") or "", (c.get(W + "date") or "")[:10], text, anchor))
        notes = []
        for rel_type, tag in _NOTES.items():
            target = _rels(z, main).get(rel_type)
            if target and z.has(target):
                for note in z.xml(target).iter(W + tag):
                    if note.get(W + "type") in ("separator", "continuationSeparator", "continuationNotice"):
                        continue
                    text = "\n".join(
                        b.text if isinstance(b, Para) else "\n".join(b.texts()) for b in walker.blocks(note)
                    ).strip()
                    if text:
                        notes.append(text)
        custom, core = _properties(z)
    return WordDocument(blocks, walker.revisions, comments, notes, custom, core)


def read_properties(path: Path | str, limits: Limits = DEFAULT_LIMITS) -> tuple[dict[str, str], dict[str, str]]:
    """The custom and the core document properties (``created``, ``title`` …) of a .docx, without reading its
    body; raises Refused for a file that is damaged or not a .docx."""
    with SafeDocx(Path(path), limits) as z:
        return _properties(z)


def read_custom_properties(path: Path | str) -> dict[str, str]:
    """The custom document properties of a .docx (empty when it has none or it cannot be read), through the
    size-capped reader (``read_properties``)."""
    try:
        return read_properties(path)[0]
    except (Refused, OSError):
        return {}


def read_core(path: Path | str, limits: Limits = DEFAULT_LIMITS) -> dict[str, str]:
    """The core document properties of a .docx (``read_properties``)."""
    return read_properties(path, limits)[1]
