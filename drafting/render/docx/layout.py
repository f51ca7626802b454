"""Layout on the tree: column widths of the tables captioned "drafting:…", grids after {%tc%} loops, and the
landscape last section (lxml; the slots of ``compile`` print the same XML without a parse)."""

from __future__ import annotations

from .ns import W as _W
from .ns import twips


def _grid_span(tc) -> int:
    pr = tc.find(_W + "tcPr")
    if pr is not None:
        gs = pr.find(_W + "gridSpan")
        if gs is not None:
            return int(gs.get(_W + "val"))
    return 1


def _set_grid(tbl, tw: list[int]) -> None:
    from lxml import etree  # noqa: PLC0415 - lxml loads only when Word XML is read or made

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
    from lxml import etree  # noqa: PLC0415 - lxml loads only when Word XML is read or made

    tables = []
    for cap in body.iter(_W + "tblCaption"):
        if cap.get(_W + "val", "").startswith("drafting:"):
            tables.append(cap.getparent().getparent())
    for tbl, ws in zip(tables, widths, strict=False):
        tw = [twips(w) for w in ws]
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
                width = sum(tw[pos : pos + span])
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
    from lxml import etree  # noqa: PLC0415 - lxml loads only when Word XML is read or made

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
    from lxml import etree  # noqa: PLC0415 - lxml loads only when Word XML is read or made

    pg = sp.find(_W + "pgSz")
    w, h = int(pg.get(_W + "w")), int(pg.get(_W + "h"))
    if w < h:
        pg.set(_W + "w", str(h))
        pg.set(_W + "h", str(w))
    pg.set(_W + "orient", "landscape")
    mar = sp.find(_W + "pgMar")
    for side, mm in margins_mm.items():
        mar.set(_W + side, str(twips(mm)))
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
        _landscape_last_section(
            body, layout.get("landscape_margins_mm") or {"top": 20, "bottom": 20, "left": 25, "right": 20}
        )


def _parser():
    from lxml import etree  # noqa: PLC0415 - lxml loads only when Word XML is read or made

    return etree.XMLParser(huge_tree=True, remove_blank_text=False)
