"""The one module that drives docxtpl/python-docx: sandboxed, autoescaped rendering to .docx bytes."""
from __future__ import annotations

import datetime as _dt
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from ..errors import TemplateProblem
from ..fileio import normalize_zip


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
                    if chunk:
                        pieces.append(f'<w:t xml:space="preserve">{escape(chunk)}</w:t>')
            parts.append(f"<w:r>{rpr}{''.join(pieces)}</w:r>")
        self.xml = "".join(parts)

    def __html__(self) -> str:
        return self.xml

    def __str__(self) -> str:
        return self.xml


def _prepare(value: Any) -> Any:
    """Copy the context, adding ``rich`` (a Runs object) beside every ``runs`` list."""
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


def _apply_table_widths(body, widths: list[list[float]]) -> None:
    """Set column widths (mm) of the tables captioned "drafting:…", in document order.

    docxtpl's {%tc%} loops leave the grid with equal columns (its fix_tables spreads the width evenly);
    this puts the widths the context computed back on the grid and on every cell.
    """
    from lxml import etree

    tables = [t for t in body.iter(_W + "tbl")
              if (t.find(f"{_W}tblPr/{_W}tblCaption") is not None
                  and t.find(f"{_W}tblPr/{_W}tblCaption").get(_W + "val", "").startswith("drafting:"))]
    for tbl, ws in zip(tables, widths):
        tw = [int(round(w * _TWIPS_PER_MM)) for w in ws]
        grid = tbl.find(_W + "tblGrid")
        for gc in list(grid):
            grid.remove(gc)
        for w in tw:
            etree.SubElement(grid, _W + "gridCol").set(_W + "w", str(w))
        tblw = tbl.find(f"{_W}tblPr/{_W}tblW")
        if tblw is not None:
            tblw.set(_W + "w", str(sum(tw)))
            tblw.set(_W + "type", "dxa")
        for tr in tbl.iter(_W + "tr"):
            pos = 0
            for tc in tr.findall(_W + "tc"):
                tc_pr = tc.find(_W + "tcPr")
                span_el = tc_pr.find(_W + "gridSpan") if tc_pr is not None else None
                span = int(span_el.get(_W + "val")) if span_el is not None else 1
                width = sum(tw[pos:pos + span])
                pos += span
                if tc_pr is None:
                    tc_pr = etree.SubElement(tc, _W + "tcPr")
                    tc.remove(tc_pr)
                    tc.insert(0, tc_pr)
                tcw = tc_pr.find(_W + "tcW")
                if tcw is None:
                    tcw = etree.Element(_W + "tcW")
                    tc_pr.insert(0, tcw)
                tcw.set(_W + "w", str(width))
                tcw.set(_W + "type", "dxa")


def _landscape_last_section(body, margins_mm: dict[str, float]) -> None:
    """Turn the document's last section (the body's own sectPr) to landscape, page numbers from 1."""
    from lxml import etree

    sp = body.find(_W + "sectPr")
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


def render_docx(template: Path, context: dict, core: CoreProps, layout: dict | None = None) -> bytes:
    """Render ``template`` with ``context``; return the .docx as deterministic bytes."""
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
    import zipfile

    src = zipfile.ZipFile(io.BytesIO(data))
    items = "".join(
        f'<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="{i}" name="{escape(k, {chr(34): "&quot;"})}">'
        f"<vt:lpwstr>{escape(v)}</vt:lpwstr></property>"
        for i, (k, v) in enumerate(sorted(props.items()), start=2))
    custom = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
              f'<Properties xmlns="{_CUSTOM_NS}" xmlns:vt="{_VT_NS}">{items}</Properties>').encode("utf-8")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        names = src.namelist()
        for name in names:
            blob = src.read(name)
            if name == "docProps/custom.xml":
                continue
            if name == "[Content_Types].xml" and b"/docProps/custom.xml" not in blob:
                blob = blob.replace(b"</Types>", f'<Override PartName="/docProps/custom.xml" ContentType="{_CUSTOM_CT}"/></Types>'.encode())
            if name == "_rels/.rels" and b"docProps/custom.xml" not in blob:
                ids = [int(x) for x in re.findall(rb'Id="rId(\d+)"', blob)] or [0]
                rel = f'<Relationship Id="rId{max(ids) + 1}" Type="{_CUSTOM_REL}" Target="docProps/custom.xml"/>'
                blob = blob.replace(b"</Relationships>", rel.encode() + b"</Relationships>")
            dst.writestr(name, blob)
        dst.writestr("docProps/custom.xml", custom)
    return out.getvalue()


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
