"""The budget sheet as an Excel workbook (openpyxl) with live SUM formulas, for the finance department."""

from __future__ import annotations

import datetime as _dt
import io

from ..errors import Problem, SpecError
from ..model.plan import BudgetSheet, Plan
from .docx.props import with_core_dates
from .inline import plain
from .widths import line_count

#: the largest whole number a workbook cell (an IEEE double) holds exactly: beyond it 9 007 199 254 740 993
#: would be stored as …992, and the SUM formulas would add rounded numbers
MAX_EXACT = 2**53


def _check_exact(sheet: BudgetSheet) -> None:
    """Refuse amounts (and a total) a workbook cannot hold exactly, rather than write rounded numbers."""

    total = 0
    for g in sheet.groups:
        for line in g.lines:
            for year, amount in line.so_tien:
                total += abs(amount)
                if abs(amount) > MAX_EXACT or total > MAX_EXACT:
                    big = abs(amount) > MAX_EXACT
                    what = f'số tiền năm {year} của dòng "{line.noi_dung[:60]}"' if big else "tổng các số tiền"
                    digits = len(str(abs(amount) if big else total))
                    raise SpecError(
                        [
                            Problem(
                                f'biểu kinh phí "{sheet.ten}"',
                                0,
                                0,
                                "so_tien",
                                f"{what} vượt quá {MAX_EXACT:,} ({digits} chữ số); "
                                "bảng tính Excel không lưu chính xác số lớn như vậy".replace(",", "."),
                                hint="kiểm tra lại số liệu, hoặc ghi theo đơn vị lớn hơn (don_vi)",
                            )
                        ]
                    )


#: Decree 30 margins of a landscape page (mm), as the .docx appendices have them
MARGINS_MM = {"top": 20, "bottom": 20, "left": 25, "right": 20, "header": 10, "footer": 10}
#: column widths in characters (Excel's unit): TT, Nội dung, Thời gian, Chủ trì, Phối hợp, each year
COLUMN_CHARS = [6, 48, 14, 20, 26]
YEAR_CHARS = 14
FONT_PT = 11


def _plain(text: str) -> str:
    """A display string of the .docx context as a cell holds it (no Word-only characters, one line)."""
    return " ".join(text.replace("\u2011", "-").replace("\u00a0", " ").split())


def _chars_to_mm(chars: float) -> float:
    """Excel column width (characters of the default font) → printed mm (7 px a character + 5 px, 96 dpi)."""
    return (chars * 7 + 5) * 25.4 / 96


def row_height_pt(texts: list[tuple[str, float]], size_pt: float = FONT_PT) -> float:
    """Height of a row whose wrapped cells hold ``texts`` ((text, column width in characters) pairs): the
    tallest cell's line count (measured in Times New Roman) × the line height. LibreOffice and Excel do not
    grow a row for wrapped text when they print a file they did not lay out, so the height is written."""

    lines = max([1] + [line_count(text, _chars_to_mm(chars) - 2.0, size_pt) for text, chars in texts])
    return round(lines * size_pt * 1.2 + 3, 1)


def budget_xlsx(plan: Plan, sheet: BudgetSheet, ctx: dict, created: _dt.datetime) -> bytes:
    """Workbook bytes: title, reference line, two header rows, group and line rows, one SUM total row, the
    amount in words; printed like the .docx (A4 landscape, Decree 30 margins, header rows repeated, one page
    wide, Times New Roman)."""
    _check_exact(sheet)
    from openpyxl import Workbook  # noqa: PLC0415 - openpyxl loads only for Excel work
    from openpyxl.styles import Alignment, Border, Font, Side  # noqa: PLC0415 - openpyxl loads only for Excel work
    from openpyxl.utils import get_column_letter  # noqa: PLC0415 - openpyxl loads only for Excel work
    from openpyxl.worksheet.page import PageMargins  # noqa: PLC0415 - openpyxl loads only for Excel work

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
    ws["A1"] = _plain(ctx["ten"])
    ws["A1"].font = Font(name=font, size=13, bold=True)
    ws["A1"].alignment = centre
    ws.merge_cells(f"A2:{last_col}2")
    ws["A2"] = _plain(ctx["kem_theo"])
    ws["A2"].font = Font(name=font, size=12, italic=True)
    ws["A2"].alignment = centre

    head = ["TT", "Nội dung/nhiệm vụ", "Thời gian thực hiện (năm)", "Cơ quan chủ trì", "Cơ quan phối hợp"]
    for i, title in enumerate(head, start=1):
        ws.merge_cells(start_row=4, start_column=i, end_row=5, end_column=i)
        ws.cell(4, i, title)
    if ncols > 6:  # one year: no one-cell merge
        ws.merge_cells(start_row=4, start_column=6, end_row=4, end_column=ncols)
    ws.cell(4, 6, _plain(ctx["tieu_de_cot"]))
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
            ws.cell(row, 2, plain(line.noi_dung))
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
            cell.alignment = (
                wrap if c in (2, 4, 5) else Alignment(vertical="top", horizontal="center" if c <= 3 else "right")
            )
            if c >= 6:
                cell.number_format = "#,##0"
    # under the table: the period's total (one figure, a live sum of the total row) and the amount in words
    grand = total_row + 2
    label = _plain(ctx["tong_chu"]).rsplit(":", 1)[0]
    ws.cell(grand, 2, f"{label} ({ctx['tieu_de_cot'].split('(')[-1].rstrip(')')}):")
    ws.cell(grand, 3, f"=SUM({get_column_letter(6)}{total_row}:{last_col}{total_row})")
    ws.cell(grand, 3).number_format = "#,##0"
    ws.cell(grand + 1, 2, _plain(ctx["bang_chu"]))
    ws.merge_cells(start_row=grand + 1, start_column=2, end_row=grand + 1, end_column=ncols)
    ws.cell(grand + 1, 2).alignment = Alignment(wrap_text=True, vertical="top")
    for r in (grand, grand + 1):
        ws.cell(r, 2).font = Font(name=font, size=12, bold=(r == grand), italic=(r == grand + 1))
        ws.cell(r, 3).font = Font(name=font, size=12, bold=True)
        ws.cell(r, 3).alignment = Alignment(horizontal="left")

    widths = COLUMN_CHARS + [YEAR_CHARS] * len(years)
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    # row heights for wrapped text (header rows, lines, the title lines)
    for r in range(4, total_row + 1):
        cells = [
            (str(ws.cell(r, c).value or ""), widths[c - 1])
            for c in range(1, 6)
            if isinstance(ws.cell(r, c).value, str) and r > 5
        ]
        if r == 4:  # titles merged over rows 4 and 5: half the height each
            cells = [(t, widths[i]) for i, t in enumerate(head)]
        height = row_height_pt(cells)
        ws.row_dimensions[r].height = round(height / 2, 1) if r in (4, 5) else height
    ws.row_dimensions[5].height = ws.row_dimensions[4].height
    total_chars = sum(widths)
    for r, size in ((1, 13), (2, 12)):
        ws.row_dimensions[r].height = row_height_pt([(str(ws.cell(r, 1).value), total_chars)], size)
    ws.row_dimensions[grand + 1].height = row_height_pt(
        [(str(ws.cell(grand + 1, 2).value), total_chars - widths[0])], 12
    )
    ws.freeze_panes = "C6"
    ws.print_title_rows = "4:5"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins = PageMargins(**{k: round(v / 25.4, 3) for k, v in MARGINS_MM.items()})
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = "&P"  # page numbers, as the .docx has them
    ws.oddFooter.center.font = "Times New Roman"
    ws.oddFooter.center.size = 12

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

    return with_core_dates(data, when)
