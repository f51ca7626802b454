"""What a .docx looks like, as plain facts: pages, margins, and every paragraph's effective formatting.

Word stores formatting in layers: a run's own properties, its character style, the paragraph's style and the
styles it is based on, then the document defaults (and, for fonts, the theme). ``inspect_docx`` resolves those
layers for each paragraph (body, tables, nested tables, in reading order) and each section, so that rules about
layout (``drafting kiem-tra``) never touch XML. The file is untrusted: its size and its parts are capped before
anything is parsed, and no entity is expanded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .ns import TWIPS_PER_MM, W_NS
from .safezip import Refused, SafeDocx

W = W_NS
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_W = f"{{{W}}}"


class UnreadableDocument(Exception):
    """Raised when a file is not a .docx that can be read safely (not a zip, over a limit of ``safezip``,
    damaged XML); the message says why in Vietnamese."""


@dataclass(frozen=True)
class RunFacts:
    text: str
    font: str | None  # the Latin font the run is shown in (ascii slot, theme resolved)
    size: float | None  # points
    bold: bool
    italic: bool


@dataclass(frozen=True)
class ParagraphFacts:
    number: int  # 1-based, in reading order (body and table cells)
    text: str
    style: str  # style name as Word shows it
    align: str | None  # left, center, right, both (justified) …
    first_line_cm: float  # first-line indent (negative: hanging)
    space_before: float  # points
    space_after: float
    runs: tuple[RunFacts, ...]
    cell: tuple[int, int, int] | None  # (table, row, column) of the innermost table, None in the body
    section: int  # 0-based section the paragraph belongs to
    page_break_before: bool = False

    @property
    def text_runs(self) -> tuple[RunFacts, ...]:
        return tuple(r for r in self.runs if r.text.strip())

    @property
    def bold(self) -> bool:
        runs = self.text_runs
        return bool(runs) and all(r.bold for r in runs)

    @property
    def italic(self) -> bool:
        runs = self.text_runs
        return bool(runs) and all(r.italic for r in runs)

    @property
    def sizes(self) -> set[float | None]:
        return {r.size for r in self.text_runs}

    @property
    def excerpt(self) -> str:
        words = self.text.split()
        return " ".join(words[:8]) + (" …" if len(words) > 8 else "")


@dataclass(frozen=True)
class SectionFacts:
    width_mm: float
    height_mm: float
    top_mm: float
    bottom_mm: float
    left_mm: float
    right_mm: float
    title_page: bool  # "different first page"
    first_header_text: str  # what the first page's header shows ("" if none)
    page_field_in_header: bool  # a PAGE field in the default header
    header_align: str | None
    header_size: float | None

    @property
    def landscape(self) -> bool:
        return self.width_mm > self.height_mm


@dataclass
class DocumentFacts:
    paragraphs: list[ParagraphFacts] = field(default_factory=list)
    sections: list[SectionFacts] = field(default_factory=list)
    #: fonts named by the styles and the document defaults (style name → font)
    style_fonts: dict[str, str] = field(default_factory=dict)


# ------------------------------------------------------------------------------------------ reading safely


def _parse(z: SafeDocx, name: str) -> Any:
    return z.xml(name)


def _rels(z: SafeDocx, part: str) -> dict[str, str]:
    folder, _, name = part.rpartition("/")
    rels_name = f"{folder}/_rels/{name}.rels"
    if not z.has(rels_name):
        return {}
    root = _parse(z, rels_name)
    return {r.get("Id"): f"{folder}/{r.get('Target')}".replace("word/../", "") for r in root}


# ------------------------------------------------------------------------------------------ styles


def _val(el: Any, tag: str, attr: str = "val") -> str | None:
    child = el.find(_W + tag) if el is not None else None
    if child is None:
        return None
    return child.get(_W + attr)


def _toggle(el: Any, tag: str) -> bool | None:
    child = el.find(_W + tag) if el is not None else None
    if child is None:
        return None
    v = child.get(_W + "val")
    return v not in ("0", "false", "off")


class _Styles:
    """Style chains and document defaults of one document."""

    def __init__(self, styles: Any | None, theme_fonts: dict[str, str]):
        self.by_id: dict[str, Any] = {}
        self.default_para: str | None = None
        self.theme = theme_fonts
        self.r_default = self.p_default = None
        if styles is None:
            return
        defaults = styles.find(_W + "docDefaults")
        if defaults is not None:
            self.r_default = defaults.find(f"{_W}rPrDefault/{_W}rPr")
            self.p_default = defaults.find(f"{_W}pPrDefault/{_W}pPr")
        for st in styles.findall(_W + "style"):
            sid = st.get(_W + "styleId")
            self.by_id[sid] = st
            if st.get(_W + "type") == "paragraph" and st.get(_W + "default") in ("1", "true"):
                self.default_para = sid

    def chain(self, sid: str | None) -> list[Any]:
        out: list[Any] = []
        seen: set[str] = set()
        while sid and sid in self.by_id and sid not in seen:
            seen.add(sid)
            st = self.by_id[sid]
            out.append(st)
            sid = _val(st, "basedOn")
        return out

    def name(self, sid: str | None) -> str:
        st = self.by_id.get(sid or "")
        return (_val(st, "name") or sid or "") if st is not None else (sid or "")

    def font_of(self, rpr: Any) -> str | None:
        fonts = rpr.find(_W + "rFonts") if rpr is not None else None
        if fonts is None:
            return None
        name = fonts.get(_W + "ascii") or fonts.get(_W + "hAnsi")
        if name:
            return str(name)
        theme = fonts.get(_W + "asciiTheme") or fonts.get(_W + "hAnsiTheme")
        if theme:
            return self.theme.get("minor" if "minor" in theme else "major", f"(phông chủ đề {theme})")
        return None

    def style_fonts(self) -> dict[str, str]:
        out = {}
        if self.r_default is not None and self.font_of(self.r_default):
            out["(mặc định của văn bản)"] = self.font_of(self.r_default) or ""
        for sid, st in self.by_id.items():
            f = self.font_of(st.find(_W + "rPr"))
            if f:
                out[self.name(sid)] = f
        return out


def _theme_fonts(z: SafeDocx) -> dict[str, str]:
    name = "word/theme/theme1.xml"
    if not z.has(name):
        return {}
    root = _parse(z, name)
    out = {}
    for kind in ("minor", "major"):
        latin = root.find(f".//{{{A}}}{kind}Font/{{{A}}}latin")
        if latin is not None and latin.get("typeface"):
            out[kind] = latin.get("typeface")
    return out


# ------------------------------------------------------------------------------------------ paragraphs


def _first(layers: list[Any], getter: Any) -> Any:
    for layer in layers:
        if layer is None:
            continue
        v = getter(layer)
        if v is not None:
            return v
    return None


def _paragraph(p: Any, styles: _Styles, number: int, cell: tuple[int, int, int] | None, section: int) -> ParagraphFacts:
    ppr = p.find(_W + "pPr")
    sid = _val(ppr, "pStyle") or styles.default_para
    chain = styles.chain(sid)
    p_layers = [ppr] + [st.find(_W + "pPr") for st in chain] + [styles.p_default]
    para_r = [st.find(_W + "rPr") for st in chain] + [styles.r_default]

    align = _first(p_layers, lambda el: _val(el, "jc"))
    ind = _first(p_layers, lambda el: el.find(_W + "ind"))
    first = 0.0
    if ind is not None:
        if ind.get(_W + "firstLine"):
            first = int(ind.get(_W + "firstLine")) / TWIPS_PER_MM / 10
        elif ind.get(_W + "hanging"):
            first = -int(ind.get(_W + "hanging")) / TWIPS_PER_MM / 10

    def spacing(attr: str) -> float:
        v = _first(p_layers, lambda el: _val(el, "spacing", attr))
        return int(v) / 20 if v and v.lstrip("-").isdigit() else 0.0

    runs = []
    for r in p.iter(_W + "r"):
        if any(a.tag in (_W + "del", _W + "moveFrom") for a in r.iterancestors()):
            continue
        text = "".join(t.text or "" for t in r.iter(_W + "t"))
        text += "\t" * len(r.findall(_W + "tab"))
        rpr = r.find(_W + "rPr")
        rchain = styles.chain(_val(rpr, "rStyle"))
        layers = [rpr] + [st.find(_W + "rPr") for st in rchain] + para_r
        size = _first(layers, lambda el: _val(el, "sz"))
        runs.append(
            RunFacts(
                text=text,
                font=_first(layers, styles.font_of),
                size=int(size) / 2 if size and size.isdigit() else None,
                bold=bool(_first(layers, lambda el: _toggle(el, "b"))),
                italic=bool(_first(layers, lambda el: _toggle(el, "i"))),
            )
        )
    text = "".join(r.text for r in runs)
    return ParagraphFacts(
        number=number,
        text=text,
        style=styles.name(sid),
        align=align,
        first_line_cm=round(first, 2),
        space_before=spacing("before"),
        space_after=spacing("after"),
        runs=tuple(runs),
        cell=cell,
        section=section,
        page_break_before=bool(_first(p_layers, lambda el: _toggle(el, "pageBreakBefore"))),
    )


def _section(sect: Any, z: SafeDocx, rels: dict[str, str], styles: _Styles) -> SectionFacts:
    pg = sect.find(_W + "pgSz")
    mar = sect.find(_W + "pgMar")

    def mm(el: Any, attr: str) -> float:
        v = el.get(_W + attr) if el is not None else None
        return round(int(v) / TWIPS_PER_MM, 1) if v and v.lstrip("-").isdigit() else 0.0

    headers = {h.get(_W + "type"): rels.get(h.get(f"{{{_R}}}id"), "") for h in sect.findall(_W + "headerReference")}
    first_text = ""
    page_field = False
    h_align = h_size = None
    if z.has(headers.get("first") or ""):
        first_text = "".join(t.text or "" for t in _parse(z, headers["first"]).iter(_W + "t")).strip()
    default = headers.get("default")
    if default and z.has(default):
        root = _parse(z, default)
        instr = " ".join((i.text or "") for i in root.iter(_W + "instrText"))
        instr += " ".join(f.get(_W + "instr") or "" for f in root.iter(_W + "fldSimple"))
        page_field = "PAGE" in instr.upper().split()
        for n, p in enumerate(root.iter(_W + "p")):
            facts = _paragraph(p, styles, n, None, 0)
            if (
                "PAGE"
                in (
                    " ".join(i.text or "" for i in p.iter(_W + "instrText"))
                    + " ".join(f.get(_W + "instr") or "" for f in p.iter(_W + "fldSimple"))
                ).upper()
            ):
                h_align = facts.align
                sizes = [r.size for r in facts.runs if r.size]
                h_size = sizes[0] if sizes else None
    return SectionFacts(
        width_mm=mm(pg, "w"),
        height_mm=mm(pg, "h"),
        top_mm=mm(mar, "top"),
        bottom_mm=mm(mar, "bottom"),
        left_mm=mm(mar, "left"),
        right_mm=mm(mar, "right"),
        title_page=_toggle(sect, "titlePg") or False,
        first_header_text=first_text,
        page_field_in_header=page_field,
        header_align=h_align,
        header_size=h_size,
    )


_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def inspect_docx(path: Path | str) -> DocumentFacts:
    """The facts of ``path`` (raises UnreadableDocument for a file that is not a readable .docx)."""
    path = Path(path)
    try:
        return _inspect(path)
    except Refused as exc:
        raise UnreadableDocument(exc.reason + (f" ({exc.hint})" if exc.hint else "")) from exc


def _inspect(path: Path) -> DocumentFacts:
    with SafeDocx(path) as z:
        document = _parse(z, "word/document.xml")
        styles = _Styles(_parse(z, "word/styles.xml") if z.has("word/styles.xml") else None, _theme_fonts(z))
        rels = _rels(z, "word/document.xml")
        facts = DocumentFacts(style_fonts=styles.style_fonts())
        body = document.find(_W + "body")
        if body is None:
            raise UnreadableDocument("tệp không có thân văn bản (w:body)")
        counter = [0]
        section = [0]
        tables = [0]

        def walk(container: Any, cell: tuple[int, int, int] | None) -> None:
            for child in container:
                if child.tag == _W + "p":
                    counter[0] += 1
                    facts.paragraphs.append(_paragraph(child, styles, counter[0], cell, section[0]))
                    ppr = child.find(_W + "pPr")
                    sect = ppr.find(_W + "sectPr") if ppr is not None else None
                    if sect is not None:
                        facts.sections.append(_section(sect, z, rels, styles))
                        section[0] += 1
                elif child.tag == _W + "tbl":
                    t = tables[0]
                    tables[0] += 1
                    for r, tr in enumerate(child.findall(_W + "tr")):
                        for c, tc in enumerate(tr.findall(_W + "tc")):
                            walk(tc, (t, r, c))
                elif child.tag in (_W + "sdt", _W + "customXml", _W + "ins", _W + "moveTo"):
                    content = child.find(_W + "sdtContent")
                    walk(content if content is not None else child, cell)
                elif child.tag == _W + "sectPr":
                    facts.sections.append(_section(child, z, rels, styles))

        walk(body, None)
    return facts
