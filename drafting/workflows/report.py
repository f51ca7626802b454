"""The consolidated progress report (BÁO CÁO kết quả thực hiện) drafted from a plan and its progress spec."""
from __future__ import annotations

import datetime as _dt
from collections import OrderedDict

from ..model.budget import budget_sheet
from ..model.derive import body_task_groups, number_plan
from ..model.plan import Bullets, Heading, Paragraph, Part, Plan, Task, TaskAppendix
from ..model.progress import STATUSES, UNFINISHED, Entry, Progress, task_years, tasks_in
from ..vi.dates import long_date
from ..vi.words import amount_in_words, format_number

PLACEHOLDER = "*[Chuyên viên bổ sung: {0}]*"


def _groups(plan: Plan) -> list[tuple[str, list[Task]]]:
    """Tasks by field, in document order: the headings of the body that hold tasks, then the groups of
    task appendices written apart from the body."""
    out: "OrderedDict[str, list[Task]]" = OrderedDict()
    for g in body_task_groups(plan.phan):
        out.setdefault(g.ten, []).extend(g.tasks)
    for app in plan.phu_luc:
        if isinstance(app, TaskAppendix) and not app.tu_noi_dung:
            for g in app.groups:
                out.setdefault(g.ten, []).extend(g.tasks)
    return [(k, v) for k, v in out.items() if v]


def _money(amount: int, unit: int) -> str:
    return f"{format_number(amount * unit)} đồng"


def _entries_by_task(p: Progress) -> dict[str, list[Entry]]:
    out: dict[str, list[Entry]] = {}
    for e in p.entries:
        out.setdefault(e.nhiem_vu, []).append(e)
    return out


def _status_of(entries: list[Entry]) -> str | None:
    """One status for a task reported by several departments: the lead's, else the least advanced."""
    order = ["khong_thuc_hien", "chua_thuc_hien", "chuyen_nam_sau", "dang_thuc_hien", "hoan_thanh"]
    statuses = [e.trang_thai for e in entries if e.trang_thai]
    if not statuses:
        return None
    return statuses[0] if len(set(statuses)) == 1 else min(statuses, key=order.index)


def _short(task: Task) -> str:
    text = task.ten.replace("**", "").replace("*", "").strip().rstrip(".;")
    return text


def counts(p: Progress) -> dict[str, int]:
    """Tasks of the period by status (one status per task), plus "chua_bao_cao" and "tong"."""
    by_task = _entries_by_task(p)
    due = tasks_in(p.plan, p.ky)
    out = {k: 0 for k in STATUSES}
    out["chua_bao_cao"] = 0
    for t in due:
        st = _status_of(by_task.get(t.id, []))
        out[st or "chua_bao_cao"] += 1
    out["tong"] = len(due)
    return out


def spent_total(p: Progress) -> int:
    return sum(e.kinh_phi or 0 for e in p.entries)


def _planned_by_task(p: Progress) -> tuple[dict[str, int], int, int]:
    """Planned money of the period's year per task id (budget lines linked to tasks), unlinked, unit."""
    sheet = budget_sheet(p.plan)
    if sheet is None:
        return {}, 0, p.don_vi_tien
    per: dict[str, int] = {}
    loose = 0
    for g in sheet.groups:
        for line in g.lines:
            amount = line.amount(p.ky.year)
            if line.nhiem_vu:
                per[line.nhiem_vu] = per.get(line.nhiem_vu, 0) + amount
            else:
                loose += amount
    return per, loose, sheet.don_vi


def build_report(p: Progress) -> tuple[Plan, list[dict]]:
    """The report as a document model (rendered with the plan template) and its appendix rows."""
    plan = p.plan
    mon = plan.bao_cao
    by_task = _entries_by_task(p)
    period = p.ky.label()
    n = counts(p)
    ref = (f"Kế hoạch số {plan.so or '…'}/{plan.ky_hieu} {long_date(plan.ngay)} của "
           f"{plan.co_quan_ban_hanh.ten_viet_tat or plan.co_quan_ban_hanh.ten}")
    issuer = mon.co_quan if mon else plan.co_quan_ban_hanh
    issuer_name = issuer.ten_viet_tat or issuer.ten
    short_issuer = (issuer_name.split(" tỉnh ")[0].split(" thành phố ")[0] if issuer_name.startswith("Sở ")
                    else issuer_name)
    opening = [Paragraph(f"Thực hiện {ref} về việc {plan.trich_yeu[0].lower() + plan.trich_yeu[1:]}, "
                         f"{short_issuer} báo cáo kết quả thực hiện {period} như sau:")]

    # I. results
    part1: list = []
    if p.nhan_xet_chung:
        part1.append(Paragraph(p.nhan_xet_chung))
    summary = (f"Trong {period}, Kế hoạch có {n['tong']:02d} nhiệm vụ cần triển khai; "
               f"đã hoàn thành {n['hoan_thanh']:02d} nhiệm vụ, đang thực hiện {n['dang_thuc_hien']:02d}, "
               f"chưa thực hiện {n['chua_thuc_hien']:02d}, không thực hiện {n['khong_thuc_hien']:02d}, "
               f"chuyển sang năm sau {n['chuyen_nam_sau']:02d}")
    summary += (f"; {n['chua_bao_cao']:02d} nhiệm vụ chưa có báo cáo." if n["chua_bao_cao"] else ".")
    part1.append(Heading("Tình hình chung", (Paragraph(summary),)))
    fields = []
    due_ids = {t.id for t in tasks_in(plan, p.ky)}
    for title, tasks in _groups(plan):
        lines = []
        for t in tasks:
            if t.id not in due_ids:
                continue
            entries = by_task.get(t.id, [])
            if not entries:
                lines.append(f"{_short(t)}: *chưa có báo cáo* ({t.chu_tri or 'chưa rõ cơ quan chủ trì'}).")
                continue
            for e in entries:
                status = STATUSES.get(e.trang_thai or "", "chưa rõ tình trạng")
                text = f"{_short(t)}: **{status}**"
                if e.ket_qua:
                    text += f". {e.ket_qua.strip().rstrip('.')}"
                text += f" ({e.don_vi})."
                if e.canh_bao:
                    text += f" *{e.canh_bao}*"
                lines.append(text)
        if lines:
            fields.append(Heading(title[0].upper() + title[1:] if title.islower() else title, (Bullets(tuple(lines)),)))
    part1.append(Heading("Kết quả theo lĩnh vực", tuple(fields) or (Paragraph("Chưa có báo cáo của các đơn vị."),)))

    planned, loose, unit = _planned_by_task(p)
    has_budget = budget_sheet(plan) is not None
    money_lines = []
    spent_unit = p.don_vi_tien
    total_planned = sum(planned.values()) + loose
    total_spent = spent_total(p)
    for title, tasks in _groups(plan):
        ids = {t.id for t in tasks}
        plan_f = sum(v for k, v in planned.items() if k in ids)
        spent_f = sum(e.kinh_phi or 0 for e in p.entries if e.nhiem_vu in ids)
        if has_budget and (plan_f or spent_f):
            money_lines.append(f"{title}: kế hoạch {_money(plan_f, unit)}; đã sử dụng {_money(spent_f, spent_unit)}.")
        elif spent_f:
            money_lines.append(f"{title}: đã sử dụng {_money(spent_f, spent_unit)}.")
    money = [Bullets(tuple(money_lines))] if money_lines else []
    money.append(Paragraph(
        f"Tổng kinh phí đã sử dụng {period}: **{_money(total_spent, spent_unit)}** "
        f"(*{amount_in_words(total_spent, unit=spent_unit)}*)"
        + (f"; kinh phí theo Kế hoạch: {_money(total_planned, unit)} "
           f"(*{amount_in_words(total_planned, unit=unit)}*)." if budget_sheet(plan) else ".")))
    part1.append(Heading("Kinh phí thực hiện", tuple(money)))

    # II. assessment
    def gathered(attr: str) -> list[str]:
        return [f"{getattr(e, attr).strip().rstrip('.')} ({e.don_vi})." for e in p.entries if getattr(e, attr)]

    kho_khan = gathered("kho_khan")
    part2 = [
        Heading("Ưu điểm", p.uu_diem or (Paragraph(PLACEHOLDER.format("những kết quả nổi bật, ưu điểm")),)),
        Heading("Hạn chế, khó khăn", tuple(p.han_che) + ((Bullets(tuple(kho_khan)),) if kho_khan else ())
                or (Paragraph(PLACEHOLDER.format("hạn chế, khó khăn")),)),
        Heading("Nguyên nhân", p.nguyen_nhan or (Paragraph(PLACEHOLDER.format("nguyên nhân của hạn chế")),)),
    ]

    # III. next period: scheduled tasks plus unfinished ones carried over
    nxt = p.ky.next()
    scheduled = [t for t in plan.tasks if nxt.year in task_years(t, plan)]
    carried = [t for t in plan.tasks if t.id in due_ids and _status_of(by_task.get(t.id, [])) in UNFINISHED]
    items = []
    seen = set()
    for t in carried:
        items.append(f"{_short(t)} ({t.chu_tri or 'chưa rõ cơ quan chủ trì'}; chuyển tiếp từ {period}).")
        seen.add(t.id)
    for t in scheduled:
        if t.id not in seen:
            items.append(f"{_short(t)} ({t.chu_tri or 'chưa rõ cơ quan chủ trì'}).")
    part3 = [Paragraph(f"Trong {nxt.label()}, tập trung triển khai các nhiệm vụ sau:")] + \
            ([Bullets(tuple(items))] if items else [Paragraph("Không có nhiệm vụ theo lịch.")])

    # IV. proposals gathered, and every text that could not be placed
    proposals = gathered("de_xuat")
    part4 = [Bullets(tuple(proposals))] if proposals else [Paragraph(PLACEHOLDER.format("đề xuất, kiến nghị"))]
    if p.chua_xep:
        part4.append(Heading("Ý kiến khác của các đơn vị", (Bullets(tuple(
            f"{u.van_ban.strip()} ({u.don_vi or u.nguon})" for u in p.chua_xep)),)))

    parts = (
        Part("KẾT QUẢ THỰC HIỆN", tuple(part1)),
        Part("ĐÁNH GIÁ CHUNG", tuple(part2)),
        Part(f"NHIỆM VỤ TRỌNG TÂM {nxt.label().upper()}", tuple(part3)),
        Part("ĐỀ XUẤT, KIẾN NGHỊ", tuple(part4)),
    )
    signer = mon.nguoi_ky if mon else plan.nguoi_ky
    code = mon.ky_hieu.split("-")[0] if mon else plan.ky_hieu.split("-")[-1]
    report = Plan(
        co_quan_chu_quan=tuple(mon.co_quan_chu_quan) if mon else plan.co_quan_chu_quan,
        co_quan_ban_hanh=issuer, so=p.so, ky_hieu=f"BC-{code}",
        dia_danh=(mon.dia_danh if mon and mon.dia_danh else plan.dia_danh), ngay=p.ngay,
        trich_yeu=f"Kết quả thực hiện Kế hoạch {plan.trich_yeu[0].lower() + plan.trich_yeu[1:]} {period}",
        giai_doan=plan.giai_doan, can_cu=(), mo_dau=tuple(opening), phan=parts,
        ket_thuc=f"Trên đây là báo cáo kết quả thực hiện Kế hoạch {period} của {short_issuer}./.",
        noi_nhan=tuple(mon.noi_nhan) if mon and mon.noi_nhan else tuple(plan.noi_nhan[:3]),
        luu=(mon.luu if mon and mon.luu else "VT"), nguoi_ky=signer, loai_van_ban="BÁO CÁO",
    )
    report = number_plan(report)
    return report, _appendix_rows(p, due_ids, by_task)


def _appendix_rows(p: Progress, due_ids: set[str], by_task: dict[str, list[Entry]]) -> list[dict]:
    from ..render.inline import parse_marks, run
    from ..vi.numbering import roman

    rows = []
    k = 0
    for gi, (title, tasks) in enumerate(_groups(p.plan), start=1):
        tasks = [t for t in tasks if t.id in due_ids]
        if not tasks:
            continue
        rows.append({"nhom": True, "stt": roman(len([r for r in rows if r["nhom"]]) + 1),
                     "ten": {"runs": [run(title.upper(), bold=True)]}, "so_cot": 5})
        for t in tasks:
            k += 1
            entries = by_task.get(t.id, [])
            status = STATUSES.get(_status_of(entries) or "", "Chưa có báo cáo")
            results = "\n".join(f"{e.ket_qua.strip()} ({e.don_vi})" for e in entries if e.ket_qua)
            spent = sum(e.kinh_phi or 0 for e in entries)
            cells = [t.ten, t.chu_tri or "", status, results, format_number(spent) if spent else ""]
            o = [{"runs": parse_marks(c)} for c in cells]
            o[-1]["so"] = True  # money: right-aligned, on one line
            rows.append({"nhom": False, "stt": str(k), "o": o})
    return rows


def report_outputs(p: Progress) -> list:
    from ..kinds import Output
    from ..render.appendix_context import LANDSCAPE_WIDTH_MM, task_table_widths
    from ..render.docx_adapter import CoreProps
    from ..render.plan_context import plan_context

    report, rows = build_report(p)
    period = p.ky.label()
    unit = "đồng" if p.don_vi_tien == 1 else f"{format_number(p.don_vi_tien)} đồng"
    cot = ["Nhiệm vụ", "Cơ quan chủ trì", "Tình trạng", "Kết quả thực hiện", f"Kinh phí đã sử dụng ({unit})"]
    widths = task_table_widths("STT", cot, rows, LANDSCAPE_WIDTH_MM)
    appendix = {
        "tieu_de": "Phụ lục",
        "ten": f"DANH MỤC NHIỆM VỤ VÀ TÌNH HÌNH THỰC HIỆN {period.upper()}",
        "kem_theo": f"(Kèm theo Báo cáo số {report.so or chr(160) * 6}/{report.ky_hieu} {long_date(report.ngay)} "
                    f"của {report.co_quan_ban_hanh.ten_viet_tat or report.co_quan_ban_hanh.ten})",
        "tep_rieng": False, "loai": "nhiem_vu",
        "cot": cot,
        "dong": rows, "do_rong": widths,
    }
    d = report.ngay
    created = _dt.datetime(d.year, d.month or 1, d.day or 1, 8, 0, 0)
    core = CoreProps(title=report.trich_yeu, subject=f"BÁO CÁO {report.ky_hieu}", author=report.co_quan_ban_hanh.ten,
                     created=created, keywords="BÁO CÁO")
    return [Output("-bao-cao", "bao-cao.docx", plan_context(report, [appendix]), core,
                   layout={"table_widths": [widths], "last_section_landscape": True})]
