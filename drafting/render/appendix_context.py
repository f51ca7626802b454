"""Appendix model → template context: task tables and budget sheets as rows of display strings."""

from __future__ import annotations

from ..model.budget import grand_total, group_year_totals, total_in_dong, year_totals
from ..model.plan import BudgetSheet, Plan, TaskAppendix
from ..vi.numbering import roman
from ..vi.text import lower_first
from ..vi.words import amount_in_words, format_number
from .binding import bind_text, title_lines
from .inline import parse_marks, run
from .phrases import plan_reference, unfilled_reference
from .widths import Column, column_widths

#: usable width of a landscape A4 page (297 mm − 25 mm left − 20 mm right)
LANDSCAPE_WIDTH_MM = 252.0

COLUMN_TITLES = {
    "ten": "Tên nhiệm vụ",
    "chu_tri": "Cơ quan chủ trì",
    "phoi_hop": "Cơ quan phối hợp",
    "ket_qua": "Kết quả thực hiện",
    "thoi_gian": "Lộ trình thực hiện",
    "linh_vuc": "Lĩnh vực",
}


def reference_line(plan: Plan, kem_theo: str) -> str:
    """ "(Kèm theo Kế hoạch số 122/KH-UBND ngày 27 tháng 3 năm 2026 của UBND thành phố Hà Nội)"."""
    if plan.ban_dien_tu:  # an electronic document's appendix does not fill the reference in
        return f"({kem_theo} {unfilled_reference(plan.loai_van_ban, plan.ky_hieu, plan.co_quan_ban_hanh)})"
    return f"({kem_theo} {plan_reference(plan)})"


def appendix_titles(count: int) -> list[str]:
    """ "Phụ lục" for a single appendix; "Phụ lục I", "Phụ lục II" … for two or more."""

    return ["Phụ lục"] if count == 1 else [f"Phụ lục {roman(i)}" for i in range(1, count + 1)]


def task_table_context(app: TaskAppendix) -> dict:
    """The task table of an appendix: its rows already bound (``bind_text``: cells of the same text are one
    read-only dict, bound once — a large plan names the same agencies and periods in thousands of rows), its
    widths measured from the text as written."""
    cols = list(app.cot)
    rows = []
    cells_of: dict[str, dict] = {}
    texts_of: dict[str, str] = {}
    texts: list[list[str]] = [[] for _ in cols]  # per column, the printed text of each task row
    stt_cells: list[str] = []
    stt_bold: list[bool] = []
    group_names: list[str] = []
    for g in app.groups:
        ten = g.ten.upper()
        rows.append(
            bind_text({"nhom": True, "stt": g.number, "ten": {"runs": [run(ten, bold=True)]}, "so_cot": len(cols)})
        )
        stt_cells.append(str(g.number))
        stt_bold.append(True)
        group_names.append(ten)
        for t in g.tasks:
            cells = []
            for k, c in enumerate(cols):
                value = getattr(t, c) or ""
                cell = cells_of.get(value)
                if cell is None:
                    runs = parse_marks(value)
                    texts_of[value] = "".join(r["text"] for r in runs)
                    cell = cells_of[value] = bind_text({"runs": runs})
                cells.append(cell)
                texts[k].append(texts_of[value])
            rows.append({"nhom": False, "stt": bind_text(t.number), "o": cells})
            stt_cells.append(str(t.number))
            stt_bold.append(False)
    # no cell here is marked as a figure (``so``): a column is printed on one line only when it is empty
    figures = [bool(col) and not any(col) for col in texts]
    widths = _table_widths(
        "STT", [COLUMN_TITLES[c] for c in cols], stt_cells, stt_bold, texts, figures, group_names, LANDSCAPE_WIDTH_MM
    )
    return {"loai": "nhiem_vu", "cot": [COLUMN_TITLES[c] for c in cols], "dong": rows, "do_rong": widths}


def _cell_text(cell) -> str:
    if isinstance(cell, dict):
        return "".join(r["text"] for r in cell.get("runs", ()))
    return str(cell or "")


def task_table_widths(
    stt_title: str, titles: list[str], rows: list[dict], total_mm: float, size_pt: float = 12
) -> list[float]:
    """Widths (mm) of a task table: STT, then one column per title, measured from the rows' text
    (``rows`` as the templates get them: group rows ``{"nhom": True, "stt", "ten"}``, task rows
    ``{"stt", "o": [cell…]}``). Cells marked ``so`` (figures) stay on one line."""

    data = [r for r in rows if not r.get("nhom")]
    groups = [r for r in rows if r.get("nhom")]
    texts, figures = [], []
    for k in range(len(titles)):
        cells = [r["o"][k] if k < len(r["o"]) else "" for r in data]
        figures.append(bool(cells) and all(isinstance(c, dict) and c.get("so") for c in cells if _cell_text(c)))
        texts.append([_cell_text(c) for c in cells])
    return _table_widths(
        stt_title,
        titles,
        [str(r.get("stt", "")) for r in rows],
        [bool(r.get("nhom")) for r in rows],
        texts,
        figures,
        [_cell_text(g.get("ten")) for g in groups],
        total_mm,
        size_pt,
    )


def _table_widths(
    stt_title: str,
    titles: list[str],
    stt_cells: list[str],
    stt_bold: list[bool],
    texts: list[list[str]],
    figures: list[bool],
    group_names: list[str],
    total_mm: float,
    size_pt: float = 12,
) -> list[float]:
    """Widths (mm) of a task table from its text: the STT column (group rows bold), one column per title (the
    printed text of each task row; a figures column stays on one line), the group names (they span the
    columns after STT: their longest word must fit in the first of them)."""
    stt = Column(stt_cells, stt_title, size_pt, one_line=True, bold_cells=stt_bold)
    cols = [
        Column(cells, title, size_pt, one_line=one) for cells, title, one in zip(texts, titles, figures, strict=True)
    ]
    if cols and group_names:
        first = cols[0]
        first.cells = first.cells + group_names
    return column_widths([stt] + cols, total_mm)


#: usable width of a portrait A4 page (210 mm − 35 mm left − 20 mm right)
PORTRAIT_WIDTH_MM = 155.0


def body_table_context(table) -> dict:
    """A task table printed inside the body (portrait): header titles, one row per task, widths."""
    cols = list(table.cot)
    titles = {**COLUMN_TITLES, "thoi_gian": "Thời gian thực hiện", **dict(table.tieu_de_cot)}
    rows = [
        {"nhom": False, "stt": t.number, "o": [{"runs": parse_marks(getattr(t, c) or "")} for c in cols]}
        for t in table.tasks
    ]
    stt = titles.get("stt", "STT")
    widths = task_table_widths(stt, [titles[c] for c in cols], rows, PORTRAIT_WIDTH_MM)
    return {"stt": stt, "cot": [titles[c] for c in cols], "dong": rows, "do_rong": widths}


def _amount(n: int) -> str:
    return format_number(n) if n else ""


BUDGET_TITLES = ["TT", "Nội dung/nhiệm vụ", "Thời gian thực hiện (năm)", "Cơ quan chủ trì", "Cơ quan phối hợp"]


def budget_widths(rows: list[dict], years: list[str], totals: list[str]) -> list[float]:
    """Column widths (mm): TT, Nội dung, Thời gian, Chủ trì, Phối hợp, then one per year, measured from
    the rows (11 pt text, 10.5 pt figures on one line; group rows and totals bold)."""

    bold = [bool(r.get("nhom")) for r in rows]
    # the five text columns' headers are merged over the two header rows: two lines at most
    cols = [
        Column(
            [_cell_text(r["tt"]) for r in rows], BUDGET_TITLES[0], 11, one_line=True, bold_cells=bold, header_lines=2
        ),
        Column([_cell_text(r["noi_dung"]) for r in rows], BUDGET_TITLES[1], 11, bold_cells=bold, header_lines=2),
    ]
    for key, title in zip(("thoi_gian", "chu_tri", "phoi_hop"), BUDGET_TITLES[2:], strict=False):
        cols.append(Column([str(r[key]) for r in rows], title, 11, header_lines=2))
    for k, y in enumerate(years):
        cells = [_cell_text(r["so_tien"][k]) for r in rows] + [totals[k]]
        cols.append(Column(cells, y, 10.5, header_size_pt=11, one_line=True, bold_cells=bold + [True]))
    return column_widths(cols, LANDSCAPE_WIDTH_MM)


def budget_context(sheet: BudgetSheet, period: tuple[int, int]) -> dict:
    years = list(sheet.years)
    rows = []
    for g in sheet.groups:
        subtotal = group_year_totals(g, sheet.years)
        rows.append(
            {
                "nhom": True,
                "tt": {"runs": [run(g.number, bold=True)]},
                "noi_dung": {"runs": [run(g.ten, bold=True)]},
                "thoi_gian": "",
                "chu_tri": "",
                "phoi_hop": "",
                "so_tien": [{"runs": [run(_amount(subtotal[y]) if sheet.cong_nhom else "", bold=True)]} for y in years],
            }
        )
        for line in g.lines:
            rows.append(
                {
                    "nhom": False,
                    "tt": {"runs": [run(line.number)]},
                    "noi_dung": {"runs": parse_marks(line.noi_dung)},
                    "thoi_gian": line.thoi_gian or "",
                    "chu_tri": line.chu_tri or "",
                    "phoi_hop": line.phoi_hop or "",
                    "so_tien": [{"runs": [run(_amount(line.amount(y)))]} for y in years],
                }
            )
    totals = year_totals(sheet)
    unit = "đồng" if sheet.don_vi == 1 else f"{format_number(sheet.don_vi)} đồng"
    tong = [_amount(totals[y]) or "0" for y in years]
    widths = budget_widths(rows, [str(y) for y in years], tong)
    start, end = period
    total_dong = total_in_dong(sheet)
    return {
        "loai": "kinh_phi",
        "tieu_de_cot": f"{sheet.tieu_de_cot} ({unit})",
        "so_nam": len(years),
        "nam": [str(y) for y in years],
        "dong": rows,
        "tong": tong,
        "tong_cong": format_number(grand_total(sheet)),
        "tong_chu": f"Tổng {lower_first(sheet.tieu_de_cot.replace(' kinh phí', ''))}"
        + (f" cả giai đoạn {start}-{end}" if end > start else f" năm {start}")
        + f": {format_number(total_dong)} đồng",
        "bang_chu": f"(Bằng chữ: {amount_in_words(grand_total(sheet), unit=sheet.don_vi)})",
        "do_rong": widths,
    }


def appendix_contexts(plan: Plan) -> list[dict]:
    """Every appendix of the plan, in order, with its heading, title, reference line and table."""
    titles = appendix_titles(len(plan.phu_luc)) if plan.phu_luc else []
    out = []
    for title, app in zip(titles, plan.phu_luc, strict=False):
        body = task_table_context(app) if isinstance(app, TaskAppendix) else budget_context(app, plan.giai_doan)
        out.append(
            {
                "tieu_de": title,
                "ten": title_lines(app.ten.upper(), width_mm=LANDSCAPE_WIDTH_MM - 20),
                "kem_theo": reference_line(plan, app.kem_theo),
                "tep_rieng": app.tep_rieng,
                # a separate file of an electronic document: room at the top right of its first page for the
                # agency's digital signature line (Decree 30, Phụ lục I II.8.b)
                "vung_ky_so": plan.ban_dien_tu and app.tep_rieng,
                **body,
            }
        )
    bound = []
    for a in out:
        if a["loai"] != "nhiem_vu":
            bound.append(bind_text(a))
            continue
        # a task table's rows are bound as they are made (task_table_context)
        rest = bind_text({k: v for k, v in a.items() if k != "dong"})
        bound.append({k: a[k] if k == "dong" else rest[k] for k in a})
    return bound
