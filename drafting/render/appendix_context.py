"""Appendix model → template context: task tables and budget sheets as rows of display strings."""
from __future__ import annotations

from ..model.budget import grand_total, group_year_totals, total_in_dong, year_totals
from ..model.plan import BudgetSheet, Plan, TaskAppendix
from ..vi.dates import long_date
from ..vi.words import amount_in_words, format_number
from .inline import parse_marks, run
from .plan_context import so_ky_hieu

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
COLUMN_WEIGHTS = {"ten": 3.4, "chu_tri": 1.6, "phoi_hop": 1.8, "ket_qua": 1.4, "thoi_gian": 1.2, "linh_vuc": 1.2}


def reference_line(plan: Plan, kem_theo: str) -> str:
    """"(Kèm theo Kế hoạch số 122/KH-UBND ngày 27 tháng 3 năm 2026 của UBND thành phố Hà Nội)"."""
    doc_type = plan.loai_van_ban.capitalize()
    issuer = plan.co_quan_ban_hanh.ten_viet_tat or plan.co_quan_ban_hanh.ten
    return f"({kem_theo} {doc_type} số {so_ky_hieu(plan.so, plan.ky_hieu)} {long_date(plan.ngay)} của {issuer})"


def appendix_titles(count: int) -> list[str]:
    """"Phụ lục" for a single appendix; "Phụ lục I", "Phụ lục II" … for two or more."""
    from ..vi.numbering import roman

    return ["Phụ lục"] if count == 1 else [f"Phụ lục {roman(i)}" for i in range(1, count + 1)]


def _scale(fixed: list[float], weights: list[float], total: float) -> list[float]:
    rest = total - sum(fixed)
    return fixed + [round(rest * w / sum(weights), 1) for w in weights]


def task_table_context(app: TaskAppendix) -> dict:
    cols = list(app.cot)
    rows = []
    for g in app.groups:
        rows.append({"nhom": True, "stt": g.number, "ten": {"runs": [run(g.ten.upper(), bold=True)]},
                     "so_cot": len(cols)})
        for t in g.tasks:
            cells = []
            for c in cols:
                value = getattr(t, c) or ""
                cells.append({"runs": parse_marks(value)})
            rows.append({"nhom": False, "stt": t.number, "o": cells})
    widths = _scale([12.0], [COLUMN_WEIGHTS[c] for c in cols], LANDSCAPE_WIDTH_MM)
    return {"loai": "nhiem_vu", "cot": [COLUMN_TITLES[c] for c in cols], "dong": rows, "do_rong": widths}


#: usable width of a portrait A4 page (210 mm − 35 mm left − 20 mm right)
PORTRAIT_WIDTH_MM = 155.0
BODY_COLUMN_WEIGHTS = {"ten": 3.1, "chu_tri": 1.75, "phoi_hop": 1.8, "ket_qua": 1.3, "thoi_gian": 1.45, "linh_vuc": 1.4}


def body_table_context(table) -> dict:
    """A task table printed inside the body (portrait): header titles, one row per task, widths."""
    cols = list(table.cot)
    titles = {**COLUMN_TITLES, "thoi_gian": "Thời gian thực hiện", **dict(table.tieu_de_cot)}
    rows = [{"nhom": False, "stt": t.number, "o": [{"runs": parse_marks(getattr(t, c) or "")} for c in cols]}
            for t in table.tasks]
    widths = _scale([11.0], [BODY_COLUMN_WEIGHTS[c] for c in cols], PORTRAIT_WIDTH_MM)
    return {"stt": titles.get("stt", "STT"), "cot": [titles[c] for c in cols], "dong": rows, "do_rong": widths}


def _lower_first(s: str) -> str:
    return s[:1].lower() + s[1:]


def _amount(n: int) -> str:
    return format_number(n) if n else ""


def figure_width_mm(text: str, size_pt: float = 10.5) -> float:
    """Printed width of a figure in Times New Roman: digits are half an em, dots a quarter."""
    em = size_pt * 25.4 / 72
    return sum(0.5 * em if ch.isdigit() else 0.25 * em for ch in text)


def budget_widths(figures: list[str], n_years: int) -> list[float]:
    """Column widths (mm): TT, Nội dung, Thời gian, Chủ trì, Phối hợp, then one per year.

    A year column is as wide as the widest total it must hold (plus cell margins); the text columns share
    what is left, but never less than 130 mm together (then the figures wrap instead).
    """
    tt = 10.0
    need = max([figure_width_mm(f) for f in figures] + [figure_width_mm("0.000.000")]) + 3.0
    text_total = LANDSCAPE_WIDTH_MM - tt - need * n_years
    if text_total < 130:
        text_total = 130.0
        need = (LANDSCAPE_WIDTH_MM - tt - text_total) / n_years
    weights = [3.1, 1.15, 1.3, 1.6]
    return [tt] + [round(text_total * w / sum(weights), 1) for w in weights] + [round(need, 1)] * n_years


def budget_context(sheet: BudgetSheet, period: tuple[int, int]) -> dict:
    years = list(sheet.years)
    rows = []
    for g in sheet.groups:
        subtotal = group_year_totals(g, sheet.years)
        rows.append({
            "tt": {"runs": [run(g.number, bold=True)]}, "noi_dung": {"runs": [run(g.ten, bold=True)]},
            "thoi_gian": "", "chu_tri": "", "phoi_hop": "",
            "so_tien": [{"runs": [run(_amount(subtotal[y]) if sheet.cong_nhom else "", bold=True)]} for y in years],
        })
        for line in g.lines:
            rows.append({
                "tt": {"runs": [run(line.number)]}, "noi_dung": {"runs": parse_marks(line.noi_dung)},
                "thoi_gian": line.thoi_gian or "", "chu_tri": line.chu_tri or "", "phoi_hop": line.phoi_hop or "",
                "so_tien": [{"runs": [run(_amount(line.amount(y)))]} for y in years],
            })
    totals = year_totals(sheet)
    unit = "đồng" if sheet.don_vi == 1 else f"{format_number(sheet.don_vi)} đồng"
    widths = budget_widths([_amount(v) for v in totals.values()], len(years))
    start, end = period
    total_dong = total_in_dong(sheet)
    return {
        "loai": "kinh_phi",
        "tieu_de_cot": f"{sheet.tieu_de_cot} ({unit})",
        "so_nam": len(years),
        "nam": [str(y) for y in years],
        "dong": rows,
        "tong": [_amount(totals[y]) or "0" for y in years],
        "tong_cong": format_number(grand_total(sheet)),
        "tong_chu": f"Tổng {_lower_first(sheet.tieu_de_cot.replace(' kinh phí', ''))}"
                    + (f" cả giai đoạn {start}-{end}" if end > start else f" năm {start}")
                    + f": {format_number(total_dong)} đồng",
        "bang_chu": f"(Bằng chữ: {amount_in_words(grand_total(sheet), unit=sheet.don_vi)})",
        "do_rong": widths,
    }


def appendix_contexts(plan: Plan) -> list[dict]:
    """Every appendix of the plan, in order, with its heading, title, reference line and table."""
    titles = appendix_titles(len(plan.phu_luc)) if plan.phu_luc else []
    out = []
    for title, app in zip(titles, plan.phu_luc):
        body = task_table_context(app) if isinstance(app, TaskAppendix) else budget_context(app, plan.giai_doan)
        out.append({
            "tieu_de": title,
            "ten": app.ten.upper(),
            "kem_theo": reference_line(plan, app.kem_theo),
            "tep_rieng": app.tep_rieng,
            **body,
        })
    return out
