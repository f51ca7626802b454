"""The one module that drives docxtpl/python-docx: sandboxed, autoescaped rendering to .docx bytes."""
from __future__ import annotations

import datetime as _dt
import functools
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from ..errors import TemplateProblem
from ..fileio import normalize_zip, rewrite_zip, write_zip


class Runs:
    """Runs of a paragraph as WordprocessingML; Jinja's autoescape leaves it alone (``__html__``)."""

    __slots__ = ("xml",)

    def __init__(self, runs: list[dict]):
        parts = []
        for r in runs:
            props = ("<w:b/><w:bCs/>" if r.get("bold") else "") + ("<w:i/><w:iCs/>" if r.get("italic") else "")
            rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
            pieces = []
            for k, line in enumerate(str(r["text"]).split("\n")):
                if k:
                    pieces.append("<w:br/>")
                for j, chunk in enumerate(line.split("\t")):
                    if j:
                        pieces.append("<w:tab/>")
                    for h, piece in enumerate(chunk.split(NB_HYPHEN)):
                        if h:
                            pieces.append("<w:noBreakHyphen/>")
                        if piece:
                            # braces as character references: docxtpl rewrites "{_{" and friends in its output
                            text = escape(piece).replace("{", "&#123;").replace("}", "&#125;")
                            pieces.append(f'<w:t xml:space="preserve">{text}</w:t>')
            parts.append(f"<w:r>{rpr}{''.join(pieces)}</w:r>")
        self.xml = "".join(parts)

    def __html__(self) -> str:
        return self.xml

    def __str__(self) -> str:
        return self.xml


NB_HYPHEN = "\u2011"


def _prepare(value: Any) -> Any:
    """Copy the context, adding ``rich`` (a Runs object) beside every ``runs`` list; a string with a
    non-breaking hyphen becomes Word's own <w:noBreakHyphen/> (as in the fast path)."""
    if isinstance(value, str) and NB_HYPHEN in value:
        return _text_value(value)
    if isinstance(value, dict):
        out = {k: _prepare(v) for k, v in value.items()}
        if isinstance(value.get("runs"), list):
            out["rich"] = Runs(value["runs"])
        return out
    if isinstance(value, list):
        return [_prepare(v) for v in value]
    return value


@dataclass(frozen=True)
class CoreProps:
    """Document properties written into docProps/core.xml (fixed, so renders are reproducible)."""

    title: str
    subject: str
    author: str
    created: _dt.datetime
    keywords: str = ""
    custom: tuple[tuple[str, str], ...] = ()   # custom document properties (name, text)


def make_env():
    """The Jinja environment every template renders in: sandboxed, autoescaped, strict about names."""
    from jinja2 import StrictUndefined
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    return ImmutableSandboxedEnvironment(autoescape=True, undefined=StrictUndefined)


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TWIPS_PER_MM = 56.6929


def _grid_span(tc) -> int:
    pr = tc.find(_W + "tcPr")
    if pr is not None:
        gs = pr.find(_W + "gridSpan")
        if gs is not None:
            return int(gs.get(_W + "val"))
    return 1


def _set_grid(tbl, tw: list[int]) -> None:
    from lxml import etree

    grid = tbl.find(_W + "tblGrid")
    for gc in list(grid):
        grid.remove(gc)
    for w in tw:
        etree.SubElement(grid, _W + "gridCol").set(_W + "w", str(w))


def _apply_table_widths(body, widths: list[list[float]]) -> None:
    """Set column widths (mm) of the tables captioned "drafting:…", in document order.

    docxtpl's {%tc%} loops leave the grid with equal columns (its fix_tables spreads the width evenly);
    this puts the widths the context computed back on the grid and on every cell.
    """
    from lxml import etree

    tables = []
    for cap in body.iter(_W + "tblCaption"):
        if cap.get(_W + "val", "").startswith("drafting:"):
            tables.append(cap.getparent().getparent())
    for tbl, ws in zip(tables, widths):
        tw = [int(round(w * _TWIPS_PER_MM)) for w in ws]
        _set_grid(tbl, tw)
        tblw = tbl.find(f"{_W}tblPr/{_W}tblW")
        if tblw is not None:
            tblw.set(_W + "w", str(sum(tw)))
            tblw.set(_W + "type", "dxa")
        wkey, tkey = _W + "w", _W + "type"
        for tr in tbl.iterchildren(_W + "tr"):
            pos = 0
            for tc in tr.iterchildren(_W + "tc"):
                span = _grid_span(tc)
                width = sum(tw[pos:pos + span])
                pos += span
                tc_pr = tc.find(_W + "tcPr")
                if tc_pr is None:
                    tc_pr = etree.Element(_W + "tcPr")
                    tc.insert(0, tc_pr)
                tcw = tc_pr.find(_W + "tcW")
                if tcw is None:
                    tcw = etree.Element(_W + "tcW")
                    tc_pr.insert(0, tcw)
                tcw.set(wkey, str(width))
                tcw.set(tkey, "dxa")


def _fix_grids(body, skip_captioned: bool) -> None:
    """Make each table's grid hold as many columns as its widest row ({%tc%} loops change the count),
    keeping the table's total width — docxtpl's fix_tables, done on the tree we already have."""
    from lxml import etree

    for tbl in body.iter(_W + "tbl"):
        if skip_captioned:
            cap = tbl.find(f"{_W}tblPr/{_W}tblCaption")
            if cap is not None and cap.get(_W + "val", "").startswith("drafting:"):
                continue
        grid = tbl.find(_W + "tblGrid")
        if grid is None:
            continue
        cols = grid.findall(_W + "gridCol")
        widest = 0
        for tr in tbl.iterchildren(_W + "tr"):
            widest = max(widest, sum(_grid_span(tc) for tc in tr.iterchildren(_W + "tc")))
        if widest == len(cols) or widest == 0:
            continue
        total = sum(float(c.get(_W + "w") or 0) for c in cols)
        if widest > len(cols):
            for _ in range(widest - len(cols)):
                etree.SubElement(grid, _W + "gridCol").set(_W + "w", "0")
        else:
            for c in cols[widest:]:
                grid.remove(c)
        cols = grid.findall(_W + "gridCol")
        if total:
            each = int(total / len(cols))
            for c in cols:
                c.set(_W + "w", str(each))


def _landscape_last_section(body, margins_mm: dict[str, float]) -> None:
    """Turn the document's last section (the body's own sectPr) to landscape, page numbers from 1."""
    _landscape_sect(body.find(_W + "sectPr"), margins_mm)


def _landscape_sect(sp, margins_mm: dict[str, float]) -> None:
    from lxml import etree

    pg = sp.find(_W + "pgSz")
    w, h = int(pg.get(_W + "w")), int(pg.get(_W + "h"))
    if w < h:
        pg.set(_W + "w", str(h))
        pg.set(_W + "h", str(w))
    pg.set(_W + "orient", "landscape")
    mar = sp.find(_W + "pgMar")
    for side, mm in margins_mm.items():
        mar.set(_W + side, str(int(round(mm * _TWIPS_PER_MM))))
    num = sp.find(_W + "pgNumType")
    if num is None:
        num = etree.Element(_W + "pgNumType")
        cols = sp.find(_W + "cols")
        if cols is not None:
            cols.addprevious(num)
        else:
            sp.append(num)
    num.set(_W + "start", "1")


def _apply_layout(docx_document, layout: dict) -> None:
    body = docx_document.element.body
    if layout.get("table_widths"):
        _apply_table_widths(body, layout["table_widths"])
    if layout.get("last_section_landscape"):
        _landscape_last_section(body, layout.get("landscape_margins_mm") or
                                {"top": 20, "bottom": 20, "left": 25, "right": 20})


def _parser():
    from lxml import etree

    return etree.XMLParser(huge_tree=True, remove_blank_text=False)


_PARTS = re.compile(r"^word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$")
_LISTING = re.compile(r"[\t\a\f]|\n")


LAYOUT_VAR = "drafting_layout"


class CompiledTemplate:
    """A Word template turned into compiled Jinja templates, once (cached by path, size and mtime).

    It drives docxtpl's own tag language (``DocxTemplate.patch_xml``: {%p %}, {%tr %}, {%tc %}, {{r }},
    colspan…) but renders each XML part as one string and writes the zip directly, where docxtpl parses the
    output into python-docx objects (slow and quadratic on long tables). Its output text is the same as
    docxtpl's (tests/render/test_fast_render.py keeps docxtpl as the reference).

    Layout that docxtpl fixes after rendering by re-parsing (table grids after {%tc%} loops, the last
    section) becomes slots in the compiled source: the grid and width of each table captioned
    "drafting:…" and the body's section properties are filled from ``layout`` as ready XML, so a render is
    one Jinja pass and no XML parse. Templates with {%tc%} loops in other tables, or pictures, take the
    parse-and-fix path.
    """

    CACHE_FIELDS = ("sources", "grids", "tblws", "sect", "sect_landscape", "needs_parse", "tables")

    def __init__(self, path: Path):
        import zipfile

        self.path = Path(path)
        self._docxtpl = None
        with zipfile.ZipFile(path) as z:
            self.entries = [(i.filename, z.read(i.filename)) for i in z.infolist()]
        self._compiled: dict[str, Any] = {}
        cached = _read_cache(self.path)
        if cached is not None:
            for k in self.CACHE_FIELDS:
                setattr(self, k, cached[k])
            return
        self._prepare()
        _write_cache(self.path, {k: getattr(self, k) for k in self.CACHE_FIELDS})

    @property
    def _tpl(self):
        """docxtpl's DocxTemplate, for its patch_xml / resolve_listing / fix_docpr_ids (imported when needed)."""
        if self._docxtpl is None:
            from docxtpl import DocxTemplate

            self._docxtpl = DocxTemplate(str(self.path))
        return self._docxtpl

    def _prepare(self) -> None:
        import copy

        from lxml import etree

        self.sources: dict[str, str] = {}
        self.tables = 0
        self.grids: list[str] = []           # the template's own grid XML of each captioned table
        self.tblws: list[str | None] = []     # … and its tblW element (None: it has none)
        self.sect = ""                        # the body's sectPr XML
        self.sect_landscape = ""
        self.needs_parse = False
        for name, blob in self.entries:
            if not _PARTS.match(name):
                continue
            root = etree.fromstring(blob)
            if name == "word/document.xml":
                self._slots(root, copy, etree)
            xml = etree.tostring(root, encoding="unicode", pretty_print=False)
            if name == "word/document.xml":
                xml = re.sub(r'<w:tblGrid [^>]*dgrid="(\d+)"[^>]*>.*?</w:tblGrid>',
                             lambda m: "{{ " + LAYOUT_VAR + ".grid(" + m[1] + ") }}", xml, flags=re.S)
                xml = re.sub(r'<w:tblW [^>]*dtblw="(\d+)"[^>]*/>',
                             lambda m: "{{ " + LAYOUT_VAR + ".tblw(" + m[1] + ") }}", xml)
                xml = re.sub(r'<w:sectPr [^>]*dsect="1"[^>]*>.*?</w:sectPr>(?=</w:body>)',
                             "{{ " + LAYOUT_VAR + ".sect }}", xml, flags=re.S)
            if "{" in xml:
                src = self._tpl.patch_xml(xml)
                self.sources[name] = re.sub(r"<w:p([ >])", r"\n<w:p\1", src)

    def _slots(self, root, copy, etree) -> None:
        body = root.find(_W + "body")
        if body is None:
            return
        k = 0
        for tbl in body.iter(_W + "tbl"):
            cap = tbl.find(f"{_W}tblPr/{_W}tblCaption")
            ours = cap is not None and cap.get(_W + "val", "").startswith("drafting:")
            text = "".join(tbl.itertext())
            if not ours:
                if "{%tc" in text.replace(" ", "") or "tc " in text and "{%" in text:
                    self.needs_parse = True
                continue
            for tcw in tbl.iter(_W + "tcW"):  # cells follow the grid
                tcw.getparent().remove(tcw)
            grid = tbl.find(_W + "tblGrid")
            self.grids.append(etree.tostring(grid, encoding="unicode").replace(
                ' xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"', ""))
            grid.set("dgrid", str(k))
            tblw = tbl.find(f"{_W}tblPr/{_W}tblW")
            if tblw is not None:
                self.tblws.append(etree.tostring(tblw, encoding="unicode").replace(
                    ' xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"', ""))
                tblw.set("dtblw", str(k))
            else:
                self.tblws.append(None)
            k += 1
        if "docPr" in etree.tostring(body, encoding="unicode"):
            self.needs_parse = True
        sect = body.find(_W + "sectPr")
        if sect is not None and len(body) and body[-1] is sect:
            land = copy.deepcopy(sect)
            _landscape_sect(land, {"top": 20, "bottom": 20, "left": 25, "right": 20})
            strip = re.compile(r' xmlns:\w+="[^"]*"')
            self.sect = strip.sub("", etree.tostring(sect, encoding="unicode"))
            self.sect_landscape = strip.sub("", etree.tostring(land, encoding="unicode"))
            sect.set("dsect", "1")
        self.tables = k

    def layout_values(self, layout: dict | None) -> "LayoutSlots":
        """What the slots print for ``layout`` (computed widths, landscape tail)."""
        return LayoutSlots(self, layout or {})

    def compiled(self, env) -> dict[str, Any]:
        if not self._compiled:
            for name, src in self.sources.items():
                self._compiled[name] = env.from_string(src)
        return self._compiled


class LayoutSlots:
    """Filled in while rendering: the i-th table captioned "drafting:…" in document order gets the i-th
    width list of the layout (tables inside loops repeat a slot, so the slot counts instances)."""

    def __init__(self, ct: "CompiledTemplate", layout: dict):
        from markupsafe import Markup

        self._ct = ct
        self._widths = layout.get("table_widths") or []
        self._next = 0
        self._current: dict[int, int] = {}
        self.sect = Markup(ct.sect_landscape if layout.get("last_section_landscape") else ct.sect)

    def _twips(self, i: int) -> list[int] | None:
        if i < len(self._widths):
            return [int(round(w * _TWIPS_PER_MM)) for w in self._widths[i]]
        return None

    def tblw(self, k: int):
        from markupsafe import Markup

        i = self._next
        self._next += 1
        self._current[k] = i
        tw = self._twips(i)
        if tw is None:
            return Markup(self._ct.tblws[k] or "")
        return Markup(f'<w:tblW w:w="{sum(tw)}" w:type="dxa"/>')

    def grid(self, k: int):
        from markupsafe import Markup

        if self._ct.tblws[k] is None:  # no tblW to count instances: the grid does it
            i = self._next
            self._next += 1
        else:
            i = self._current.get(k, 0)
        tw = self._twips(i)
        if tw is None:
            return Markup(self._ct.grids[k])
        return Markup("<w:tblGrid>" + "".join(f'<w:gridCol w:w="{w}"/>' for w in tw) + "</w:tblGrid>")


def _cache_file(path: Path) -> Path | None:
    """Where the prepared form of a template is kept between runs (keyed by its content and the tools)."""
    import hashlib
    import os
    import tempfile

    try:
        from importlib.metadata import version

        tools = f"{version('docxtpl')}|{version('drafting')}"
    except Exception:  # noqa: BLE001 - no metadata: no cache
        return None
    h = hashlib.sha256(tools.encode() + Path(__file__).read_bytes() + path.read_bytes()).hexdigest()[:32]
    base = Path(os.environ.get("DRAFTING_CACHE") or Path(tempfile.gettempdir()) / f"drafting-cache-{os.getuid()}")
    return base / f"{h}.json"


def _read_cache(path: Path) -> dict | None:
    import json

    f = _cache_file(path)
    if f is None or not f.is_file():
        return None
    try:
        data = json.loads(f.read_text(encoding="utf-8"))
        return data if set(CompiledTemplate.CACHE_FIELDS) <= set(data) else None
    except (OSError, ValueError):
        return None


def _write_cache(path: Path, data: dict) -> None:
    import json

    from ..fileio import write_atomic

    f = _cache_file(path)
    if f is None:
        return
    try:
        write_atomic(f, json.dumps(data, ensure_ascii=False).encode("utf-8"))
    except Exception:  # noqa: BLE001 - a cache that cannot be written is only slower
        pass


@functools.lru_cache(maxsize=32)
def _compiled_template(path: str, size: int, mtime: int) -> CompiledTemplate:
    return CompiledTemplate(Path(path))


_ENV = []


def _env():
    if not _ENV:
        _ENV.append(make_env())
    return _ENV[0]


_SPECIAL = re.compile("[{}\n\t\u2011]")


def _text_value(value: str) -> Any:
    """A plain string for the XML: escaped, braces as character references (docxtpl rewrites "{_{" in its
    output), line breaks and tabs as Word's own elements (what docxtpl's resolve_listing does later)."""
    from markupsafe import Markup, escape

    text = str(escape(value)).replace("{", "&#123;").replace("}", "&#125;")
    text = text.replace("\n", '</w:t><w:br/><w:t xml:space="preserve">')
    text = text.replace("\t", '</w:t><w:tab/><w:t xml:space="preserve">')
    # a hyphen that never ends a line ("149/KH-UBND"): Word's element, which LibreOffice reads too
    text = text.replace(NB_HYPHEN, '</w:t><w:noBreakHyphen/><w:t xml:space="preserve">')
    return Markup(text)


def _prepare_fast(value: Any) -> Any:
    """Copy the context for rendering: runs become ``rich`` (Runs), special strings become safe markup."""
    t = type(value)
    if t is str:
        return _text_value(value) if _SPECIAL.search(value) else value
    if t is dict:
        out = {}
        for k, v in value.items():
            out[k] = v if k == "runs" else _prepare_fast(v)
        runs = value.get("runs")
        if type(runs) is list:
            out["rich"] = Runs(runs)
        return out
    if t is list:
        return [_prepare_fast(v) for v in value]
    return value


def _core_xml(core: CoreProps) -> bytes:
    stamp = core.created.strftime("%Y-%m-%dT%H:%M:%SZ")

    def el(tag: str, text: str) -> str:
        return f"<{tag}>{escape(text)}</{tag}>" if text else ""

    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            + el("dc:title", core.title) + el("dc:subject", core.subject) + el("dc:creator", core.author)
            + el("cp:keywords", core.keywords) + el("cp:lastModifiedBy", core.author)
            + "<cp:revision>1</cp:revision>"
            + f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
            + f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
            + "<dc:language>vi-VN</dc:language></cp:coreProperties>").encode("utf-8")


def render_docx(template: Path, context: dict, core: CoreProps, layout: dict | None = None) -> bytes:
    """Render ``template`` with ``context``; return the .docx as deterministic bytes (the fast path).

    The cyclic garbage collector is paused meanwhile: a render makes hundreds of thousands of short-lived
    strings and dicts without cycles, and the collector's full passes over them made time grow faster than
    the table (×6.2 from 1 000 to 5 000 rows; ×5.1 without).
    """
    from ..util import gc_paused

    with gc_paused():
        return _render_docx(template, context, core, layout)


def _render_docx(template: Path, context: dict, core: CoreProps, layout: dict | None = None) -> bytes:

    from jinja2 import TemplateError
    from jinja2.exceptions import SecurityError, UndefinedError
    from lxml import etree

    template = Path(template)
    try:
        st = template.stat()
        ct = _compiled_template(str(template.resolve()), st.st_size, st.st_mtime_ns)
        compiled = ct.compiled(_env())
    except FileNotFoundError as exc:
        raise TemplateProblem(f"{template}: không tìm thấy mẫu") from exc
    except TemplateError as exc:
        raise TemplateProblem(f"{template}: lỗi cú pháp thẻ trong mẫu: {exc}") from exc
    except Exception as exc:  # a damaged .docx: not a zip, broken XML
        if isinstance(exc, (KeyboardInterrupt, SystemExit)):
            raise
        raise TemplateProblem(f"{template}: không đọc được mẫu Word ({type(exc).__name__}: {exc})") from exc
    ctx = _prepare_fast(context)
    ctx[LAYOUT_VAR] = ct.layout_values(layout)
    parts: dict[str, bytes] = {}
    try:
        for name, tmpl in compiled.items():
            xml = tmpl.render(ctx)
            xml = xml.replace("\n<w:p ", "<w:p ").replace("\n<w:p>", "<w:p>")
            if "_" in xml:
                xml = xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
            if _LISTING.search(xml):
                xml = ct._tpl.resolve_listing(xml)
            if name == "word/document.xml" and ct.needs_parse:
                tree = etree.fromstring(xml.encode("utf-8"), parser=_parser())
                if "docPr" in xml:
                    ct._tpl.docx_ids_index = 1000
                    ct._tpl.fix_docpr_ids(tree)
                body = tree.find(_W + "body")
                if body is not None:
                    _fix_grids(body, skip_captioned=True)
                parts[name] = etree.tostring(tree, xml_declaration=True, encoding="UTF-8", standalone=True)
            else:
                parts[name] = xml.encode("utf-8")
    except SecurityError as exc:
        raise TemplateProblem(f"{template}: mẫu dùng thao tác bị cấm trong môi trường an toàn ({exc})") from exc
    except UndefinedError as exc:
        raise TemplateProblem(f"{template}: mẫu dùng biến không có trong dữ liệu ({exc})") from exc
    except TemplateError as exc:
        raise TemplateProblem(f"{template}: lỗi khi dựng mẫu: {exc}") from exc
    parts["docProps/core.xml"] = _core_xml(core)
    data = write_zip((name, parts.get(name, blob)) for name, blob in ct.entries if name != "docProps/custom.xml")
    if core.custom:
        data = with_custom_properties(data, dict(core.custom))
    return data


def render_docx_docxtpl(template: Path, context: dict, core: CoreProps, layout: dict | None = None) -> bytes:
    """The reference path: docxtpl's own DocxTemplate.render (sandboxed, autoescaped), then python-docx save."""
    from docxtpl import DocxTemplate
    from jinja2 import TemplateError
    from jinja2.exceptions import SecurityError, UndefinedError

    try:
        tpl = DocxTemplate(str(template))
        tpl.render(_prepare(context), jinja_env=make_env(), autoescape=True)
    except FileNotFoundError as exc:
        raise TemplateProblem(f"{template}: không tìm thấy mẫu") from exc
    except SecurityError as exc:
        raise TemplateProblem(f"{template}: mẫu dùng thao tác bị cấm trong môi trường an toàn ({exc})") from exc
    except UndefinedError as exc:
        raise TemplateProblem(f"{template}: mẫu dùng biến không có trong dữ liệu ({exc})") from exc
    except TemplateError as exc:
        where = " / ".join(s.strip() for s in getattr(exc, "docx_context", []) if s.strip())[:200]
        raise TemplateProblem(f"{template}: lỗi cú pháp thẻ trong mẫu: {exc}" + (f" — gần: {where}" if where else "")) from exc
    except Exception as exc:  # docx/zip/lxml problems: the template file itself is damaged
        if isinstance(exc, (KeyboardInterrupt, SystemExit)):
            raise
        raise TemplateProblem(f"{template}: không đọc được mẫu Word ({type(exc).__name__}: {exc})") from exc
    if layout:
        _apply_layout(tpl.docx, layout)
    cp = tpl.docx.core_properties
    cp.title = core.title
    cp.subject = core.subject
    cp.author = core.author
    cp.last_modified_by = core.author
    cp.keywords = core.keywords
    cp.comments = ""
    cp.revision = 1
    cp.created = core.created
    cp.modified = core.created
    cp.language = "vi-VN"
    buf = io.BytesIO()
    tpl.save(buf)
    data = buf.getvalue()
    if core.custom:
        data = with_custom_properties(data, dict(core.custom))
    return normalize_zip(data)


_CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_CUSTOM_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
_CUSTOM_CT = "application/vnd.openxmlformats-officedocument.custom-properties+xml"


def with_custom_properties(data: bytes, props: dict[str, str]) -> bytes:
    """Add (or replace) docProps/custom.xml: Word shows these under File → Properties → Custom."""
    import re

    items = "".join(
        f'<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="{i}" name="{escape(k, {chr(34): "&quot;"})}">'
        f"<vt:lpwstr>{escape(v)}</vt:lpwstr></property>"
        for i, (k, v) in enumerate(sorted(props.items()), start=2))
    custom = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
              f'<Properties xmlns="{_CUSTOM_NS}" xmlns:vt="{_VT_NS}">{items}</Properties>').encode("utf-8")

    def edit(name: str, blob: bytes):
        if name == "docProps/custom.xml":
            return None
        if name == "[Content_Types].xml" and b"/docProps/custom.xml" not in blob:
            return blob.replace(b"</Types>", f'<Override PartName="/docProps/custom.xml" '
                                              f'ContentType="{_CUSTOM_CT}"/></Types>'.encode())
        if name == "_rels/.rels" and b"docProps/custom.xml" not in blob:
            ids = [int(x) for x in re.findall(rb'Id="rId(\d+)"', blob)] or [0]
            rel = f'<Relationship Id="rId{max(ids) + 1}" Type="{_CUSTOM_REL}" Target="docProps/custom.xml"/>'
            return blob.replace(b"</Relationships>", rel.encode() + b"</Relationships>")
        return blob

    return rewrite_zip(data, edit, {"docProps/custom.xml": custom})


def read_custom_properties(path) -> dict[str, str]:
    """The custom document properties of a .docx (empty when it has none)."""
    import zipfile
    from xml.etree import ElementTree as ET

    try:
        with zipfile.ZipFile(path) as z:
            if "docProps/custom.xml" not in z.namelist():
                return {}
            root = ET.fromstring(z.read("docProps/custom.xml"))
    except (zipfile.BadZipFile, ET.ParseError, OSError, KeyError):
        return {}
    out = {}
    for prop in root:
        name = prop.get("name")
        value = "".join(prop.itertext())
        if name:
            out[name] = value
    return out
