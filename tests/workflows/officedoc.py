"""Word files laid out the way offices type them, for the importer's tests.

No styles: direct formatting on runs (bold, italic, size, Times New Roman); Word's automatic numbering for
parts, headings and tasks (numbering.xml written here); tabs after labels; manual line breaks inside one
paragraph; the header typed with tabs or in a borderless table; tables with merged header cells (vMerge,
gridSpan), group rows spanning the row, a totals row. Every generator returns the .docx and the truth: the
tasks as they were typed (title, time, lead, coordinators, money per year).
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt

NUMBERING = (
    '<w:abstractNum {ns} w:abstractNumId="90">'
    '<w:multiLevelType w:val="multilevel"/>'
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl>'
    '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/></w:lvl>'
    '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2.%3."/></w:lvl>'
    '<w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%4)"/></w:lvl>'
    '<w:lvl w:ilvl="4"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="-"/></w:lvl>'
    "</w:abstractNum>"
)


class Office:
    """A document typed by hand: every paragraph formatted directly, lists numbered by Word."""

    def __init__(self) -> None:
        self.doc = Document()
        numbering = self.doc.part.numbering_part.element
        numbering.insert(0, parse_xml(NUMBERING.format(ns=nsdecls("w"))))
        numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))

    def para(self, *runs, level: int | None = None, align: str | None = None):
        """``runs``: strings or (text, "b"/"i"/"bi"); "\\t" and "\\n" become a tab and a manual line break."""
        p = self.doc.add_paragraph()
        if level is not None:
            ppr = p._p.get_or_add_pPr()
            ppr.append(parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'))
        if align:
            p.alignment = {"center": 1, "right": 2, "justify": 3}[align]
        for r in runs:
            text, fmt = (r, "") if isinstance(r, str) else r
            for k, piece in enumerate(text.split("\n")):
                if k:
                    p.add_run().add_break()
                chunks = piece.split("\t")
                for j, chunk in enumerate(chunks):
                    if j:
                        p.add_run().add_tab()
                    if chunk:
                        run = p.add_run(chunk)
                        run.bold = "b" in fmt or None
                        run.italic = "i" in fmt or None
                        run.font.size = Pt(14 if "b" in fmt else 13)
                        run.font.name = "Times New Roman"
        return p

    def table(self, rows: list[list[str]], merges: list[tuple[int, int, int, int]] = (), borders: bool = True):
        """A table of texts; ``merges`` are (row, col, last row, last col) ranges merged into one cell."""
        t = self.doc.add_table(rows=len(rows), cols=max(len(r) for r in rows))
        if borders:
            t.style = None
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                if text:
                    t.cell(r, c).text = text
        for r0, c0, r1, c1 in merges:
            a = t.cell(r0, c0)
            a.merge(t.cell(r1, c1))
            # python-docx merges the texts of the merged cells: keep only the first's
            first = rows[r0][c0]
            for p in a.paragraphs[1:]:
                p._p.getparent().remove(p._p)
            if a.paragraphs:
                for run in a.paragraphs[0].runs[1:]:
                    run._r.getparent().remove(run._r)
                if a.paragraphs[0].runs:
                    a.paragraphs[0].runs[0].text = first
        return t

    def save(self, path: Path) -> Path:
        self.doc.save(str(path))
        return path


def header(o: Office, agency: list[str], so: str, place_date: str, *, as_table: bool) -> None:
    if as_table:
        o.table(
            [
                ["\n".join(agency), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"],
                [f"Số: {so}", place_date],
            ],
            borders=False,
        )
    else:
        o.para((agency[0], "b"), "\t\t", ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "b"))
        for extra in agency[1:]:
            o.para((extra, "b"), "\t\t\t", ("Độc lập - Tự do - Hạnh phúc", "b"))
        o.para(f"Số: {so}\t\t", (place_date, "i"))


def signature(o: Office, noi_nhan: list[str], luu: str, chuc: list[str], name: str) -> None:
    left = "Nơi nhận:\n" + "\n".join(f"- {x};" for x in noi_nhan) + f"\n- Lưu: {luu}."
    o.table([[left, "\n".join(chuc) + "\n\n\n\n" + name]], borders=False)


# ---- three structures of the seeds, typed by an office -----------------------------------------------------


def sections_with_tasks(path: Path) -> tuple[Path, list[dict]]:
    """Bắc Ninh's shape (seed 000): parts, headings, numbered tasks with their lines, a budget appendix."""
    tasks = [
        {
            "ten": "Tổ chức đoàn công tác của Lãnh đạo tỉnh Quảng Trị sang thăm tỉnh Savannakhet",
            "thoi_gian": "Năm 2026, 2028",
            "chu_tri": "Văn phòng UBND tỉnh",
            "phoi_hop": "Sở Ngoại vụ, Sở Tài chính và các cơ quan liên quan",
            "so_tien": {2026: 450, 2028: 480},
        },
        {
            "ten": "Đón đoàn Lãnh đạo tỉnh Savannakhet sang thăm, làm việc tại tỉnh Quảng Trị",
            "thoi_gian": "Năm 2027",
            "chu_tri": "Sở Ngoại vụ",
            "phoi_hop": "Văn phòng UBND tỉnh",
            "so_tien": {2027: 320},
        },
        {
            "ten": "Hỗ trợ đào tạo 10 lưu học sinh Lào tại Trường Đại học Quảng Trị",
            "thoi_gian": "Hàng năm",
            "chu_tri": "Sở Giáo dục và Đào tạo",
            "phoi_hop": "Sở Tài chính; Sở Ngoại vụ",
            "so_tien": {2026: 600, 2027: 600, 2028: 600},
        },
        {
            "ten": "Cử chuyên gia y tế sang hỗ trợ Bệnh viện tỉnh Savannakhet",
            "thoi_gian": "Quý III năm 2027",
            "chu_tri": "Sở Y tế",
            "phoi_hop": "Các cơ quan liên quan",
            "so_tien": {2027: 250},
        },
    ]
    o = Office()
    header(
        o, ["ỦY BAN NHÂN DÂN", "TỈNH QUẢNG TRỊ"], "45/KH-UBND", "Quảng Trị, ngày 12 tháng 3 năm 2026", as_table=False
    )
    o.para(("KẾ HOẠCH", "b"), align="center")
    o.para(
        ("Triển khai Biên bản thỏa thuận hợp tác giữa tỉnh Quảng Trị và tỉnh Savannakhet\ngiai đoạn 2026-2028", "b"),
        align="center",
    )
    o.para("_______________", align="center")
    o.para(("Căn cứ Luật Thỏa thuận quốc tế ngày 13 tháng 11 năm 2020;", "i"))
    o.para(("Căn cứ Biên bản thỏa thuận hợp tác ký ngày 20 tháng 12 năm 2025.", "i"))
    o.para("Ủy ban nhân dân tỉnh ban hành Kế hoạch thực hiện như sau:")
    o.para(("MỤC ĐÍCH, YÊU CẦU", "b"), level=0)
    o.para(("Mục đích", "b"), level=1)
    o.para("Cụ thể hóa các nội dung hợp tác đã ký kết giữa hai tỉnh.", level=4)
    o.para(("Yêu cầu", "b"), level=1)
    o.para("Các cơ quan chủ động, phối hợp chặt chẽ.", level=4)
    o.para(("NỘI DUNG HỢP TÁC", "b"), level=0)
    o.para(("Trao đổi đoàn", "b"), level=1)
    for t in tasks[:2]:
        o.para((t["ten"], "b"), level=2)
        # one paragraph, manual line breaks, a tab after each label
        o.para(
            (
                f"Thời gian:\t{t['thoi_gian']};\nCơ quan chủ trì:\t{t['chu_tri']};\n"
                f"Cơ quan phối hợp:\t{t['phoi_hop']}.",
                "i",
            )
        )
    o.para(("Giáo dục, y tế", "b"), level=1)
    t = tasks[2]
    o.para((t["ten"], "b"), level=2)
    o.para((f"Thời gian thực hiện: {t['thoi_gian']};", "i"))
    o.para((f"Đơn vị chủ trì: {t['chu_tri']};", "i"))
    o.para((f"Đơn vị phối hợp: {t['phoi_hop']}.", "i"))
    t = tasks[3]
    o.para((t["ten"], "b"), level=2)
    o.para(("Thời gian: ", "i"), (t["thoi_gian"] + ";", "i"))
    o.para(("Chủ trì: ", "i"), (t["chu_tri"] + ";", "i"))
    o.para(("Phối hợp: ", "i"), (t["phoi_hop"] + ".", "i"))
    o.para(("KINH PHÍ", "b"), level=0)
    o.para("Kinh phí thực hiện từ ngân sách tỉnh theo phân cấp (có biểu kèm theo).")
    o.para(("TỔ CHỨC THỰC HIỆN", "b"), level=0)
    o.para(("Sở Ngoại vụ", "b"), level=1)
    o.para("Là cơ quan đầu mối theo dõi, tổng hợp và báo cáo UBND tỉnh.", level=4)
    o.para(("Sở Tài chính: ", "b"), "Tham mưu bố trí kinh phí thực hiện Kế hoạch theo quy định.", level=1)
    o.para(
        "Trên đây là Kế hoạch triển khai Biên bản thỏa thuận hợp tác giữa tỉnh Quảng Trị và tỉnh "
        "Savannakhet giai đoạn 2026-2028./."
    )
    signature(
        o,
        ["Bộ Ngoại giao (b/c)", "TT Tỉnh ủy, TT HĐND tỉnh (b/c)", "Các sở, ban, ngành"],
        "VT, NgV",
        ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"],
        "Hoàng Nam",
    )
    o.doc.add_page_break()
    o.para(("PHỤ LỤC", "b"), align="center")
    o.para(("DỰ TOÁN KINH PHÍ THỰC HIỆN KẾ HOẠCH GIAI ĐOẠN 2026-2028", "b"), align="center")
    o.para(("(Ban hành kèm theo Kế hoạch số 45/KH-UBND ngày 12/3/2026 của UBND tỉnh Quảng Trị)", "i"), align="center")
    o.para(("Đơn vị tính: triệu đồng", "i"), align="right")
    rows = [
        ["STT", "Nội dung", "Thời gian", "Đơn vị chủ trì", "Đơn vị phối hợp", "Kinh phí", "", ""],
        ["", "", "", "", "", "Năm 2026", "Năm 2027", "Năm 2028"],
        ["I", "TRAO ĐỔI ĐOÀN", "", "", "", "", "", ""],
    ]
    money_rows = []
    for k, t in enumerate(tasks[:2], start=1):
        money_rows.append(
            [str(k), t["ten"], t["thoi_gian"], t["chu_tri"], t["phoi_hop"]]
            + [f"{t['so_tien'].get(y, 0):,}".replace(",", ".") if y in t["so_tien"] else "" for y in (2026, 2027, 2028)]
        )
    rows += money_rows
    rows.append(["II", "GIÁO DỤC, Y TẾ", "", "", "", "", "", ""])
    for k, t in enumerate(tasks[2:], start=1):
        rows.append(
            [str(k), t["ten"], t["thoi_gian"], t["chu_tri"], t["phoi_hop"]]
            + [str(t["so_tien"][y]) if y in t["so_tien"] else "" for y in (2026, 2027, 2028)]
        )
    totals = [sum(t["so_tien"].get(y, 0) for t in tasks) for y in (2026, 2027, 2028)]
    rows.append(["TỔNG CỘNG", "", "", "", ""] + [f"{v:,}".replace(",", ".") for v in totals])
    merges = [(0, c, 1, c) for c in range(5)] + [
        (0, 5, 0, 7),
        (2, 1, 2, 7),
        (5, 1, 5, 7),
        (len(rows) - 1, 0, len(rows) - 1, 4),
    ]
    o.table(rows, merges)
    o.para(f"Tổng kinh phí cả giai đoạn: {sum(totals) * 1_000_000:,} đồng".replace(",", "."))
    return o.save(path), tasks


def body_task_table(path: Path) -> tuple[Path, list[dict]]:
    """Khánh Hòa's shape (seed 004): a task table inside the body, STT "1.", a Lĩnh vực column."""
    tasks = [
        {
            "ten": "Tham mưu UBND tỉnh ban hành Kế hoạch hợp tác với tỉnh Attapeu năm 2027",
            "chu_tri": "Sở Ngoại vụ",
            "phoi_hop": "Các sở, ban, ngành liên quan",
            "thoi_gian": "Quý I năm 2027",
            "linh_vuc": "Ngoại vụ",
        },
        {
            "ten": "Tổ chức Tuần văn hóa Việt Nam tại tỉnh Attapeu",
            "chu_tri": "Sở Văn hóa, Thể thao và Du lịch",
            "phoi_hop": "Sở Ngoại vụ",
            "thoi_gian": "Quý III năm 2027",
            "linh_vuc": "Văn hóa",
        },
        {
            "ten": "Xúc tiến đầu tư, giới thiệu dự án kêu gọi đầu tư tại tỉnh Attapeu",
            "chu_tri": "Sở Tài chính",
            "phoi_hop": "",
            "thoi_gian": "Thường xuyên",
            "linh_vuc": "Đầu tư",
        },
    ]
    o = Office()
    header(o, ["ỦY BAN NHÂN DÂN", "TỈNH KON TUM"], "210/KH-UBND", "Kon Tum, ngày 5 tháng 1 năm 2027", as_table=True)
    o.para(("KẾ HOẠCH", "b"), align="center")
    o.para(("Hợp tác giữa tỉnh Kon Tum và tỉnh Attapeu năm 2027", "b"), align="center")
    o.para("Thực hiện Thỏa thuận hợp tác giữa hai tỉnh, UBND tỉnh Kon Tum ban hành Kế hoạch như sau:")
    o.para(("I.\tMỤC ĐÍCH, YÊU CẦU", "b"))
    o.para("- Tăng cường quan hệ hữu nghị truyền thống giữa hai tỉnh.")
    o.para(("II.\tNHIỆM VỤ CỤ THỂ", "b"))
    rows = [["STT", "Nội dung", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian thực hiện", "Lĩnh vực"]]
    for k, t in enumerate(tasks, start=1):
        rows.append([f"{k}.", t["ten"], t["chu_tri"], t["phoi_hop"], t["thoi_gian"], t["linh_vuc"]])
    o.table(rows)
    o.para(("III.\tTỔ CHỨC THỰC HIỆN", "b"))
    o.para(("1.\tSở Ngoại vụ", "b"))
    o.para("Theo dõi, đôn đốc, tổng hợp báo cáo kết quả thực hiện.")
    signature(
        o, ["Thường trực Tỉnh ủy (b/c)", "Các sở, ban, ngành"], "VT, NgV", ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"], "Trần Bình"
    )
    return o.save(path), tasks


def appendix_task_table(path: Path) -> tuple[Path, list[dict]]:
    """Hà Nội's shape (seed 001): the tasks in an appendix table, groups as merged rows, STT running on."""
    tasks = [
        {
            "ten": "Xây dựng kế hoạch triển khai Thỏa thuận",
            "chu_tri": "Sở Ngoại vụ",
            "phoi_hop": "Các sở, ngành liên quan",
            "ket_qua": "Kế hoạch",
            "thoi_gian": "2026",
        },
        {
            "ten": "Tuyên truyền về quan hệ hợp tác giữa hai địa phương",
            "chu_tri": "Sở Văn hóa và Thể thao",
            "phoi_hop": "Báo và Phát thanh, Truyền hình tỉnh",
            "ket_qua": "Tin, bài",
            "thoi_gian": "Hàng năm",
        },
        {
            "ten": "Trao đổi đoàn cấp sở, ngành",
            "chu_tri": "Sở Ngoại vụ",
            "phoi_hop": "Văn phòng UBND tỉnh",
            "ket_qua": "Báo cáo kết quả",
            "thoi_gian": "2026-2027",
        },
    ]
    o = Office()
    header(o, ["UBND TỈNH ĐẮK LẮK", "SỞ NGOẠI VỤ"], "18/KH-SNgV", "Đắk Lắk, ngày 20 tháng 2 năm 2026", as_table=True)
    o.para(("KẾ HOẠCH", "b"), align="center")
    o.para(("Thực hiện Thỏa thuận hợp tác với tỉnh Mondulkiri giai đoạn 2026-2027", "b"), align="center")
    o.para(("MỤC ĐÍCH, YÊU CẦU", "b"), level=0)
    o.para("Triển khai hiệu quả Thỏa thuận đã ký.", level=4)
    o.para(("NHIỆM VỤ", "b"), level=0)
    o.para("Các nhiệm vụ cụ thể tại Phụ lục kèm theo.")
    o.para(("TỔ CHỨC THỰC HIỆN", "b"), level=0)
    o.para("Các cơ quan, đơn vị triển khai theo chức năng, nhiệm vụ.")
    signature(o, ["UBND tỉnh (b/c)", "Các sở, ngành"], "VT, HTQT", ["GIÁM ĐỐC"], "Lê Hà")
    o.para(("PHỤ LỤC", "b"), align="center")
    o.para(("NHIỆM VỤ TRIỂN KHAI THỎA THUẬN", "b"), align="center")
    o.para(("(Kèm theo Kế hoạch số 18/KH-SNgV ngày 20/02/2026 của Sở Ngoại vụ)", "i"), align="center")
    rows = [
        ["TT", "Tên nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Sản phẩm", "Lộ trình thực hiện"],
        ["I", "CÔNG TÁC CHỈ ĐẠO", "", "", "", ""],
    ]
    rows.append(["1", *[tasks[0][k] for k in ("ten", "chu_tri", "phoi_hop", "ket_qua", "thoi_gian")]])
    rows.append(["II", "HỢP TÁC CỤ THỂ", "", "", "", ""])
    for k, t in enumerate(tasks[1:], start=2):
        rows.append([str(k), *[t[x] for x in ("ten", "chu_tri", "phoi_hop", "ket_qua", "thoi_gian")]])
    o.table(rows, [(1, 1, 1, 5), (3, 1, 3, 5)])
    return o.save(path), tasks


def excel_task_list(path: Path) -> tuple[Path, list[dict]]:
    """A task list in Excel: a title row, the header in row 3 (no diacritics in two names), a merged money
    header over the year columns, group rows merged across the sheet, a totals row with a SUM formula."""
    import openpyxl

    tasks = [
        {
            "ten": "Đón đoàn cán bộ tỉnh Luang Prabang",
            "chu_tri": "Sở Nội vụ",
            "phoi_hop": "Sở Ngoại vụ",
            "thoi_gian": "2026",
            "so_tien": {2026: 350},
        },
        {
            "ten": "Tập huấn chuyển giao kỹ thuật nông nghiệp",
            "chu_tri": "Sở Nông nghiệp và Môi trường",
            "phoi_hop": "Văn phòng UBND tỉnh",
            "thoi_gian": "2026-2027",
            "so_tien": {2026: 120, 2027: 150},
        },
        {
            "ten": "Hỗ trợ xây dựng trường học hữu nghị",
            "chu_tri": "Sở Tài chính",
            "phoi_hop": "Sở Xây dựng; Sở Giáo dục và Đào tạo",
            "thoi_gian": "2027",
            "so_tien": {2027: 5000},
        },
    ]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Danh muc nhiem vu"
    ws["A1"] = "DANH MỤC NHIỆM VỤ HỢP TÁC VỚI TỈNH LUANG PRABANG NĂM 2026-2027"
    ws.merge_cells("A1:G1")
    for c, h in enumerate(
        ["STT", "Noi dung nhiem vu", "Don vi chu tri", "Phối hợp", "Thời gian", "Kinh phí (triệu đồng)"], start=1
    ):
        ws.cell(3, c, h)
    for c in range(1, 6):
        ws.merge_cells(start_row=3, start_column=c, end_row=4, end_column=c)
    ws.merge_cells("F3:G3")
    ws["F4"], ws["G4"] = 2026, 2027
    r = 5
    groups = [("I", "TRAO ĐỔI ĐOÀN", tasks[:1]), ("II", "HỢP TÁC NÔNG NGHIỆP, GIÁO DỤC", tasks[1:])]
    for roman, name, items in groups:
        ws.cell(r, 1, roman)
        ws.cell(r, 2, name)
        ws.merge_cells(start_row=r, start_column=2, end_row=r, end_column=7)
        r += 1
        for k, t in enumerate(items, start=1):
            ws.cell(r, 1, k)
            ws.cell(r, 2, t["ten"])
            ws.cell(r, 3, t["chu_tri"])
            ws.cell(r, 4, t["phoi_hop"])
            ws.cell(r, 5, t["thoi_gian"])
            for col, y in ((6, 2026), (7, 2027)):
                if y in t["so_tien"]:
                    ws.cell(r, col, t["so_tien"][y])
            r += 1
    ws.cell(r, 2, "Tổng cộng")
    ws.cell(r, 6, sum(t["so_tien"].get(2026, 0) for t in tasks))
    ws.cell(r, 7, sum(t["so_tien"].get(2027, 0) for t in tasks))
    wb.save(str(path))
    return path, tasks


__all__ = ["Office", "appendix_task_table", "body_task_table", "excel_task_list", "qn", "sections_with_tasks"]
