"""The consolidated progress report (BÁO CÁO kết quả thực hiện) drafted from a plan and its progress spec."""

from __future__ import annotations

import re as _re
from collections import OrderedDict

from ..model.agencies import parse_agency_line
from ..model.budget import budget_sheet
from ..model.derive import body_task_groups, number_plan
from ..model.plan import Bullets, Heading, Paragraph, Part, Plan, Task, TaskAppendix, electronic
from ..model.progress import STATUSES, UNFINISHED, Entry, Progress, tasks_in
from ..vi.dates import timestamp
from ..vi.numbering import roman
from ..vi.text import fold, lower_first
from ..vi.words import amount_in_words, format_number
from .appendix_context import LANDSCAPE_WIDTH_MM, reference_line, task_table_widths
from .docx import CoreProps
from .inline import parse_marks, plain, run
from .metadata import as_properties, outgoing
from .output import Output
from .phrases import plan_reference
from .plan_context import plan_context

PLACEHOLDER = "*[Chuyên viên bổ sung: {0}]*"


def _groups(plan: Plan) -> list[tuple[str, list[Task]]]:
    """Tasks by field, in document order: the headings of the body that hold tasks, then the groups of
    task appendices written apart from the body."""
    out: OrderedDict[str, list[Task]] = OrderedDict()
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


def _inline(text: str) -> str:
    """A department's several lines (and nested-table rows "a | b") as one sentence for a bullet."""
    lines = [ln.strip().rstrip(".;").replace(" | ", ": ", 1).replace(" | ", ", ") for ln in text.split("\n")]
    return "; ".join(ln for ln in lines if ln).replace(":;", ":")


def _short(task: Task) -> str:
    text = plain(task.ten).strip().rstrip(".;")
    return text


def _result_line(task: Task, entries: list[Entry], registry, *, added: bool = False) -> str:
    """A task's line in "Kết quả theo lĩnh vực": its name, one status for all who reported it, then each
    department's result with its name: "Trao đổi đoàn: **Đang thực hiện**. Đã chuẩn bị chương trình (Sở Y tế);
    đã thẩm định dự toán (Sở Tài chính)."."""
    status = _status_of(entries)
    text = _short(task) + (" (bổ sung)" if added else "")
    if status:
        text += f": **{STATUSES[status]}**"
    said = []
    for e in entries:
        body = _inline(e.ket_qua) if e.ket_qua and e.ket_qua.strip() else ""
        who = _agency_name(e.don_vi, registry)
        said.append((body, who))
    with_text = [(b, w) for b, w in said if b]
    silent = [w for b, w in said if not b]
    if with_text:
        pieces = [f"{b if i == 0 else lower_first(b)} ({w})" for i, (b, w) in enumerate(with_text)]
        text += (". " if status else ": ") + "; ".join(pieces)
        if silent:
            text += f"; {', '.join(silent)} chưa nêu kết quả"
    else:
        text += f" ({', '.join(silent)})"
    return text + "."


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


_ORDER = ("hoan_thanh", "dang_thuc_hien", "chua_thuc_hien", "khong_thuc_hien", "chuyen_nam_sau")
_DONE_WORDS = {
    "hoan_thanh": "đã hoàn thành",
    "dang_thuc_hien": "đang thực hiện",
    "chua_thuc_hien": "chưa thực hiện",
    "khong_thuc_hien": "không thực hiện",
    "chuyen_nam_sau": "chuyển sang năm sau",
}


def count_phrase(n: dict[str, int], during: str) -> str:
    """ "Trong năm 2026, Kế hoạch có 12 nhiệm vụ cần triển khai; đã hoàn thành 05 nhiệm vụ, đang thực hiện 04
    nhiệm vụ; 03 nhiệm vụ chưa có báo cáo." — categories with no task are left out, never "00"."""
    if not n["tong"]:
        return f"{during}, Kế hoạch không có nhiệm vụ nào cần triển khai."
    text = f"{during}, Kế hoạch có {n['tong']:02d} nhiệm vụ cần triển khai"
    parts = [f"{_DONE_WORDS[k]} {n[k]:02d} nhiệm vụ" for k in _ORDER if n[k]]
    if parts:
        text += "; " + ", ".join(parts)
    if n["chua_bao_cao"] == n["tong"]:
        text += "; chưa có nhiệm vụ nào được báo cáo"
    elif n["chua_bao_cao"]:
        text += f"; {n['chua_bao_cao']:02d} nhiệm vụ chưa có báo cáo"
    return text + "."


def _registry(p: Progress):
    """The plan's agency registry (given with the model; without it names stay as the plan wrote them)."""
    return p.registry


def _agency_name(text: str | None, registry) -> str | None:
    """The registry's spelling of an agency line ("Sở Văn hoá, Thể thao và Du lịch" → "…hóa…")."""

    if not text or registry is None:
        return text
    try:
        found = parse_agency_line(text, registry)
    except Exception:  # noqa: BLE001
        return text
    if found and all(m.agency for m in found):
        return "; ".join(dict.fromkeys(m.agency.ten for m in found))
    return text


def _field_title(title: str, registry) -> str:
    """A field heading as the report prints it: a plan's "Đề nghị Tỉnh đoàn" is the agency "Tỉnh đoàn"."""

    t = _re.sub(r"^(?:đề nghị|giao|phân công)\s+", "", title.strip(), flags=_re.I).strip()
    t = t[0].upper() + t[1:] if t else title
    named = _agency_name(t, registry)
    return named if named and named != t and ";" not in named else t


def _planned_by_field(p: Progress, groups, registry) -> tuple[dict[str, int], dict[str, int], int]:
    """Planned money of the period per field title: budget lines linked to a task go to its field; the others
    to the field whose agency leads them or whose name their group bears; what fits nowhere is listed apart."""

    sheet = budget_sheet(p.plan)
    if sheet is None:
        return {}, {}, p.don_vi_tien
    field_of_task = {t.id: title for title, tasks in groups for t in tasks}
    by_agency: dict[str, str] = {}
    for title, tasks in groups:
        for t in tasks:
            lead = _agency_name(t.chu_tri, registry)
            if lead:
                by_agency.setdefault(fold(lead).lower(), title)
        by_agency.setdefault(fold(title).lower(), title)
    per: dict[str, int] = {}
    loose: dict[str, int] = {}
    for g in sheet.groups:
        for line in g.lines:
            amount = sum(line.amount(y) for y in p.ky.years)
            if not amount:
                continue
            title = field_of_task.get(line.nhiem_vu or "")
            if title is None and line.chu_tri:
                title = by_agency.get(fold(_agency_name(line.chu_tri, registry) or "").lower())
            if title is None:
                title = by_agency.get(fold(g.ten).lower())
            if title is None:
                loose[g.ten] = loose.get(g.ten, 0) + amount
            else:
                per[title] = per.get(title, 0) + amount
    return per, loose, sheet.don_vi


def build_report(p: Progress) -> tuple[Plan, list[dict]]:
    """The report as a document model (rendered with the plan template) and its appendix rows; review notes,
    warnings and internal remarks of the progress file never appear in it."""
    plan = p.plan
    mon = plan.bao_cao
    registry = _registry(p)
    by_task = _entries_by_task(p)
    period = p.ky.label()
    n = counts(p)
    ref = plan_reference(plan)
    issuer = mon.co_quan if mon else plan.co_quan_ban_hanh
    issuer_name = issuer.ten_viet_tat or issuer.ten
    short_issuer = (
        issuer_name.split(" tỉnh ")[0].split(" thành phố ")[0] if issuer_name.startswith("Sở ") else issuer_name
    )
    opening = [
        Paragraph(
            f"Thực hiện {ref} về việc {plan.trich_yeu[0].lower() + plan.trich_yeu[1:]}, "
            f"{short_issuer} báo cáo kết quả thực hiện {period} như sau:"
        )
    ]
    groups = [(_field_title(title, registry), tasks) for title, tasks in _groups(plan)]
    stray: dict[str, list[str]] = {}
    loose_texts = []

    for u in p.chua_xep:
        if u.nhiem_vu and u.nhiem_vu in {t.id for t in plan.tasks}:
            stray.setdefault(u.nhiem_vu, []).append(_re.sub(r"^\[[^\]]*\]\s*", "", u.van_ban.strip()))
        else:
            loose_texts.append(u)

    def lead_of(t: Task) -> str:
        return _agency_name(t.chu_tri, registry) or "chưa xác định cơ quan chủ trì"

    # I. results
    part1: list = []
    if p.nhan_xet_chung:
        part1.append(Paragraph(p.nhan_xet_chung))
    part1.append(Heading("Tình hình chung", (Paragraph(count_phrase(n, p.ky.during())),)))
    fields = []
    due_ids = {t.id for t in tasks_in(plan, p.ky)}
    for title, tasks in groups:
        lines = []
        for t in tasks:
            if t.id not in due_ids:
                continue
            entries = by_task.get(t.id, [])
            if not entries:
                lines.append(f"{_short(t)}: *chưa có báo cáo* ({lead_of(t)}).")
                continue
            planned = [e for e in entries if not e.dong_them]
            if planned:  # one line per task, however many departments reported it
                lines.append(_result_line(t, planned, registry))
            for e in entries:
                if e.dong_them:  # a row a department added to its form: its own line
                    lines.append(_result_line(t, [e], registry, added=True))
            for extra in stray.get(t.id, []):
                lines.append(f"{_short(t)}: {extra.rstrip('.')}.")
        if lines:
            fields.append(Heading(title, (Bullets(tuple(lines)),)))
    part1.append(Heading("Kết quả theo lĩnh vực", tuple(fields) or (Paragraph("Chưa có báo cáo của các đơn vị."),)))

    planned, loose, unit = _planned_by_field(p, groups, registry)
    has_budget = budget_sheet(plan) is not None
    money_lines = []
    spent_unit = p.don_vi_tien
    total_planned = sum(planned.values()) + sum(loose.values())
    total_spent = spent_total(p)
    plan_words = f"kế hoạch {period}" if p.ky.whole_year else f"kế hoạch năm {p.ky.year}"
    for title, tasks in groups:
        ids = {t.id for t in tasks}
        plan_f = planned.get(title, 0)
        spent_f = sum(e.kinh_phi or 0 for e in p.entries if e.nhiem_vu in ids)
        bits = []
        if plan_f:
            bits.append(f"{plan_words} {_money(plan_f, unit)}")
        if spent_f:
            bits.append(f"đã sử dụng {_money(spent_f, spent_unit)}")
        elif plan_f:
            bits.append("chưa có báo cáo sử dụng")
        if bits:
            money_lines.append(f"{title}: {'; '.join(bits)}.")
    for name, amount in loose.items():
        money_lines.append(f"{name}: {plan_words} {_money(amount, unit)}.")
    money = [Bullets(tuple(money_lines))] if money_lines else []
    money.append(
        Paragraph(
            f"Tổng kinh phí đã sử dụng {period}: **{_money(total_spent, spent_unit)}** "
            f"(*{amount_in_words(total_spent, unit=spent_unit)}*)"
            + (
                f"; kinh phí theo {plan_words}: {_money(total_planned, unit)} "
                f"(*{amount_in_words(total_planned, unit=unit)}*)."
                if has_budget and total_planned
                else "."
            )
        )
    )
    part1.append(Heading("Kinh phí thực hiện", tuple(money)))

    # II. assessment
    def gathered(attr: str) -> list[str]:
        return [
            f"{_inline(getattr(e, attr))} ({_agency_name(e.don_vi, registry)})." for e in p.entries if getattr(e, attr)
        ]

    kho_khan = gathered("kho_khan")
    part2 = [
        Heading("Ưu điểm", p.uu_diem or (Paragraph(PLACEHOLDER.format("những kết quả nổi bật, ưu điểm")),)),
        Heading(
            "Hạn chế, khó khăn",
            tuple(p.han_che) + ((Bullets(tuple(kho_khan)),) if kho_khan else ())
            or (Paragraph(PLACEHOLDER.format("hạn chế, khó khăn")),),
        ),
        Heading("Nguyên nhân", p.nguyen_nhan or (Paragraph(PLACEHOLDER.format("nguyên nhân của hạn chế")),)),
    ]

    # III. next period: scheduled tasks plus unfinished ones carried over
    nxt = p.ky.next()
    scheduled = tasks_in(plan, nxt)
    carried = [t for t in plan.tasks if t.id in due_ids and _status_of(by_task.get(t.id, [])) in UNFINISHED]
    items = []
    seen = set()
    for t in carried:
        items.append(f"{_short(t)} ({lead_of(t)}; chuyển tiếp từ {period}).")
        seen.add(t.id)
    for t in scheduled:
        if t.id not in seen:
            items.append(f"{_short(t)} ({lead_of(t)}).")
    part3 = [Paragraph(f"{nxt.during()}, tập trung triển khai các nhiệm vụ sau:")] + (
        [Bullets(tuple(items))] if items else [Paragraph("Không có nhiệm vụ nào theo lịch.")]
    )

    # IV. proposals gathered, and every text that could not be placed
    # (a sub-heading is numbered, so there are two of them or none: "1." with no "2." would embarrass the report)
    proposals = gathered("de_xuat")
    asked = [Bullets(tuple(proposals))] if proposals else [Paragraph(PLACEHOLDER.format("đề xuất, kiến nghị"))]
    if loose_texts:
        others = Bullets(
            tuple(
                f"{_inline(u.van_ban.replace(' | ', '; '))} ({_agency_name(u.don_vi, registry) or u.nguon})."
                for u in loose_texts
            )
        )
        part4 = [
            Heading("Đề xuất, kiến nghị của các đơn vị", tuple(asked)),
            Heading("Ý kiến khác của các đơn vị", (others,)),
        ]
    else:
        part4 = asked

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
        co_quan_ban_hanh=issuer,
        so=p.so,
        ky_hieu=f"BC-{code}",
        dia_danh=(mon.dia_danh if mon and mon.dia_danh else plan.dia_danh),
        ngay=p.ngay,
        trich_yeu=f"Kết quả thực hiện {period} Kế hoạch {plan.trich_yeu[0].lower() + plan.trich_yeu[1:]}",
        giai_doan=plan.giai_doan,
        can_cu=(),
        mo_dau=tuple(opening),
        phan=parts,
        ket_thuc=f"Trên đây là báo cáo kết quả thực hiện Kế hoạch {period} của {short_issuer}./.",
        noi_nhan=tuple(mon.noi_nhan) if mon and mon.noi_nhan else tuple(plan.noi_nhan[:3]),
        luu=(mon.luu if mon and mon.luu else "VT"),
        nguoi_ky=signer,
        loai_van_ban="BÁO CÁO",
    )
    report = number_plan(report)
    if p.ban_dien_tu:  # the document system gives its number and day (Decree 30 Art. 15.3)
        report = electronic(report)
    return report, _appendix_rows(p, due_ids, by_task, registry)


def _appendix_rows(p: Progress, due_ids: set[str], by_task: dict[str, list[Entry]], registry=None) -> list[dict]:

    rows = []
    k = 0
    for _gi, (title, tasks) in enumerate(_groups(p.plan), start=1):
        title = _field_title(title, registry)
        tasks = [t for t in tasks if t.id in due_ids]
        if not tasks:
            continue
        rows.append(
            {
                "nhom": True,
                "stt": roman(len([r for r in rows if r["nhom"]]) + 1),
                "ten": {"runs": [run(title.upper(), bold=True)]},
                "so_cot": 5,
            }
        )
        for t in tasks:
            k += 1
            entries = by_task.get(t.id, [])
            status = STATUSES.get(_status_of(entries) or "", "Chưa có báo cáo")
            results = "\n".join(
                f"{e.ket_qua.strip()} ({_agency_name(e.don_vi, registry)})" for e in entries if e.ket_qua
            )
            spent = sum(e.kinh_phi or 0 for e in entries)
            cells = [
                t.ten,
                _agency_name(t.chu_tri, registry) or "",
                status,
                results,
                format_number(spent) if spent else "",
            ]
            o = [{"runs": parse_marks(c)} for c in cells]
            o[-1]["so"] = True  # money: right-aligned, on one line
            rows.append({"nhom": False, "stt": str(k), "o": o})
    return rows


def report_outputs(p: Progress) -> list:

    report, rows = build_report(p)
    period = p.ky.label()
    unit = "đồng" if p.don_vi_tien == 1 else f"{format_number(p.don_vi_tien)} đồng"
    cot = ["Nhiệm vụ", "Cơ quan chủ trì", "Tình trạng", "Kết quả thực hiện", f"Kinh phí đã sử dụng ({unit})"]
    widths = task_table_widths("STT", cot, rows, LANDSCAPE_WIDTH_MM)
    appendix = {
        "tieu_de": "Phụ lục",
        "ten": f"DANH MỤC NHIỆM VỤ VÀ TÌNH HÌNH THỰC HIỆN {period.upper()}",
        "kem_theo": reference_line(report, "Kèm theo"),
        "tep_rieng": False,
        "loai": "nhiem_vu",
        "cot": cot,
        "dong": rows,
        "do_rong": widths,
    }
    core = CoreProps(
        title=report.trich_yeu,
        subject=f"BÁO CÁO {report.ky_hieu}",
        author=report.co_quan_ban_hanh.ten,
        created=timestamp(report.ngay),
        keywords="BÁO CÁO",
        custom=as_properties(outgoing(report)),
    )
    return [
        Output(
            "-bao-cao",
            "bao-cao.docx",
            plan_context(report, [appendix]),
            core,
            layout={"table_widths": [widths], "last_section_landscape": True},
        )
    ]
