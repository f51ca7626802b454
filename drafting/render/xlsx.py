"""The budget sheet as an Excel workbook (openpyxl) with live SUM formulas, for the finance department."""
from __future__ import annotations

import datetime as _dt
import io

from ..model.plan import BudgetSheet, Plan


#: the largest whole number a workbook cell (an IEEE double) holds exactly: beyond it 9 007 199 254 740 993
#: would be stored as …992, and the SUM formulas would add rounded numbers
MAX_EXACT = 2 ** 53


def _check_exact(sheet: BudgetSheet) -> None:
    """Refuse amounts (and a total) a workbook cannot hold exactly, rather than write rounded numbers."""
    from ..errors import Problem, SpecError

    total = 0
    for g in sheet.groups:
        for line in g.lines:
            for year, amount in line.so_tien:
                total += abs(amount)
                if abs(amount) > MAX_EXACT or total > MAX_EXACT:
                    big = abs(amount) > MAX_EXACT
                    what = f"số tiền năm {year} của dòng \"{line.noi_dung[:60]}\"" if big else "tổng các số tiền"
                    digits = len(str(abs(amount) if big else total))
                    raise SpecError([Problem(f"biểu kinh phí \"{sheet.ten}\"", 0, 0, "so_tien",
                                             f"{what} vượt quá {MAX_EXACT:,} ({digits} chữ số); "
                                             "bảng tính Excel không lưu chính xác số lớn như vậy".replace(",", "."),
                                             hint="kiểm tra lại số liệu, hoặc ghi theo đơn vị lớn hơn (don_vi)")])


def budget_xlsx(plan: Plan, sheet: BudgetSheet, ctx: dict, created: _dt.datetime) -> bytes:
    """Workbook bytes: title, reference line, two header rows, group and line rows, SUM totals."""
    _check_exact(sheet)
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = "Kinh phí"
    years = list(sheet.years)
    ncols = 5 + len(years)
    last_col = get_column_letter(ncols)
    font = "Times New Roman"
    thin = Side(style="thin", color="000000")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")
    centre = Alignment(wrap_text=True, vertical="center", horizontal="center")

    ws.merge_cells(f"A1:{last_col}1")
    ws["A1"] = ctx["ten"]
    ws["A1"].font = Font(name=font, size=13, bold=True)
    ws["A1"].alignment = centre
    ws.merge_cells(f"A2:{last_col}2")
    ws["A2"] = ctx["kem_theo"]
    ws["A2"].font = Font(name=font, size=12, italic=True)
    ws["A2"].alignment = centre

    head = ["TT", "Nội dung/nhiệm vụ", "Thời gian thực hiện (năm)", "Cơ quan chủ trì", "Cơ quan phối hợp"]
    for i, title in enumerate(head, start=1):
        ws.merge_cells(start_row=4, start_column=i, end_row=5, end_column=i)
        ws.cell(4, i, title)
    ws.merge_cells(start_row=4, start_column=6, end_row=4, end_column=ncols)
    ws.cell(4, 6, ctx["tieu_de_cot"])
    for j, y in enumerate(years):
        ws.cell(5, 6 + j, y)
    for r in (4, 5):
        for c in range(1, ncols + 1):
            cell = ws.cell(r, c)
            cell.font = Font(name=font, size=11, bold=True)
            cell.alignment = centre
            cell.border = box

    row = 6
    line_rows: list[int] = []
    subtotal_rows: list[int] = []
    for g in sheet.groups:
        grow = row
        ws.cell(row, 1, g.number)
        ws.cell(row, 2, g.ten)
        for c in range(1, ncols + 1):
            ws.cell(row, c).font = Font(name=font, size=11, bold=True)
        row += 1
        first = row
        for line in g.lines:
            ws.cell(row, 1, line.number or None)
            ws.cell(row, 2, "".join(part for part in line.noi_dung.replace("**", "").split("*")))
            ws.cell(row, 3, line.thoi_gian)
            ws.cell(row, 4, line.chu_tri)
            ws.cell(row, 5, line.phoi_hop)
            for j, y in enumerate(years):
                amount = line.amount(y)
                ws.cell(row, 6 + j, amount if amount else None)
            for c in range(1, ncols + 1):
                ws.cell(row, c).font = Font(name=font, size=11)
            line_rows.append(row)
            row += 1
        if sheet.cong_nhom and g.lines:
            for j in range(len(years)):
                col = get_column_letter(6 + j)
                ws.cell(grow, 6 + j, f"=SUM({col}{first}:{col}{row - 1})")
            subtotal_rows.append(grow)
    total_row = row
    ws.cell(total_row, 2, "Tổng cộng")
    for j in range(len(years)):
        col = get_column_letter(6 + j)
        if sheet.cong_nhom:
            ws.cell(total_row, 6 + j, "=" + "+".join(f"{col}{r}" for r in subtotal_rows) if subtotal_rows else 0)
        else:
            ws.cell(total_row, 6 + j, f"=SUM({col}6:{col}{total_row - 1})")
    for c in range(1, ncols + 1):
        ws.cell(total_row, c).font = Font(name=font, size=11, bold=True)
    for r in range(6, total_row + 1):
        for c in range(1, ncols + 1):
            cell = ws.cell(r, c)
            cell.border = box
            cell.alignment = wrap if c in (2, 4, 5) else Alignment(vertical="top", horizontal="center" if c <= 3 else "right")
            if c >= 6:
                cell.number_format = "#,##0"
    grand = total_row + 2
    ws.cell(grand, 2, f"Tổng cộng ({ctx['tieu_de_cot'].split('(')[-1].rstrip(')')})")
    ws.cell(grand, 3, f"=SUM({get_column_letter(6)}{total_row}:{last_col}{total_row})")
    ws.cell(grand, 3).number_format = "#,##0"
    ws.cell(grand + 1, 2, ctx["tong_chu"])
    ws.cell(grand + 2, 2, ctx["bang_chu"])
    for r in range(grand, grand + 3):
        ws.cell(r, 2).font = Font(name=font, size=12, bold=(r < grand + 2), italic=(r == grand + 2))
        ws.cell(r, 3).font = Font(name=font, size=12, bold=True)

    widths = [6, 48, 14, 20, 26] + [14] * len(years)
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    ws.freeze_panes = "C6"
    ws.print_title_rows = "4:5"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True

    wb.properties.creator = plan.co_quan_ban_hanh.ten
    wb.properties.title = ctx["ten"]
    wb.properties.created = created
    wb.properties.modified = created
    wb.properties.lastModifiedBy = plan.co_quan_ban_hanh.ten
    buf = io.BytesIO()
    wb.save(buf)
    return _fixed_modified(buf.getvalue(), created)


def _fixed_modified(data: bytes, when: _dt.datetime) -> bytes:
    """openpyxl stamps docProps/core.xml with the save time; put the spec's date back (reproducible bytes)."""
    import re

    from ..fileio import rewrite_zip

    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")

    def edit(name: str, blob: bytes) -> bytes:
        if name != "docProps/core.xml":
            return blob
        text = blob.decode("utf-8")
        for tag in ("dcterms:modified", "dcterms:created"):
            text = re.sub(rf"(<{tag}[^>]*>)[^<]*(</{tag}>)", rf"\g<1>{stamp}\g<2>", text)
        return text.encode("utf-8")

    return rewrite_zip(data, edit)
