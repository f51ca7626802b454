"""Next year's plan (kế hoạch năm) drafted from the multi-year plan and this year's progress."""

from __future__ import annotations

import re
from pathlib import Path

from .. import api
from ..errors import Problem, SpecError
from ..model.budget import budget_sheet
from ..model.derive import body_task_groups
from ..model.plan import Plan, Task, TaskAppendix, task_years
from ..model.progress import STATUSES, UNFINISHED
from ..render.phrases import plan_reference
from ..spec.loader import load_spec
from ..spec.writer import YamlMap, YamlSeq
from ..vi.text import lower_first
from ..vi.timeline import period_words


def _field_of(plan: Plan) -> dict[str, str]:
    """Task id → the field (heading or appendix group title) it belongs to: the "Lĩnh vực" column."""
    out: dict[str, str] = {}
    for g in body_task_groups(plan.phan):
        for t in g.tasks:
            out.setdefault(t.id, g.ten)
    for app in plan.phu_luc:
        if isinstance(app, TaskAppendix):
            for g in app.groups:
                for t in g.tasks:
                    out.setdefault(t.id, g.ten)
    return out


def _label_for(task: Task, year: int) -> tuple[str, str | None]:
    """The timeline of the task in the annual plan, and the original label (for a comment)."""
    original = task.thoi_gian or ("; ".join(task.thoi_gian_chi_tiet) if task.thoi_gian_chi_tiet else None)
    for line in task.thoi_gian_chi_tiet:
        if re.match(rf"\s*[-–+]?\s*(?:năm\s+)?{year}\b", line, re.IGNORECASE):
            return re.sub(r"^\s*[-–+]\s*", "", line).rstrip(" ;."), original
    label = (task.thoi_gian or "").lower()
    if any(w in label for w in ("hàng năm", "hằng năm", "thường xuyên", "định kỳ")) or not label:
        return "Thường xuyên" if ("thường xuyên" in label or "định kỳ" in label) else f"Năm {year}", original
    quarter = re.search(
        rf"(quý\s+[IVX]+(?:\s*(?:-|hoặc|,)\s*[IVX]+)*)\s*(?:năm\s+|/)?{year}", task.thoi_gian or "", re.IGNORECASE
    )
    if quarter:
        return f"{quarter[1][0].upper()}{quarter[1][1:]} năm {year}", original
    return f"Năm {year}", original


def _first_upper(s: str) -> str:
    return s[:1].upper() + s[1:]


#: verbs a plan's subject (trích yếu) may open with; the annual plan's title puts its own in front
_LEADING_VERBS = re.compile(
    r"^\s*(?:kế\s+hoạch\s+)?(?:(?:triển\s+khai|tổ\s+chức)\s+)?(?:thực\s+hiện\s+)?", re.IGNORECASE
)
_TRAILING_PERIOD = re.compile(
    r"[\s,]*(?:(?:giai\s+đoạn|trong\s+giai\s+đoạn)\s+\d{4}\s*[-–—]\s*\d{4}|(?:trong\s+)?năm\s+\d{4}"
    r"|(?:thời\s+kỳ|từ\s+năm)\s+\d{4}\s*(?:[-–—]|đến(?:\s+năm)?)\s*\d{4})\s*\.?\s*$",
    re.IGNORECASE,
)


def plan_object(subject: str) -> str:
    """What a plan implements, without its leading verb or its period.

    "Thực hiện Thỏa thuận hợp tác … giai đoạn 2026-2030" → "Thỏa thuận hợp tác …"; "Kế hoạch triển khai
    Bản ghi nhớ … năm 2027" → "Bản ghi nhớ …".
    """
    rest = _LEADING_VERBS.sub("", subject.strip(), count=1)
    while True:
        cut = _TRAILING_PERIOD.sub("", rest)
        if cut == rest:
            break
        rest = cut
    return rest.strip() or subject.strip()


def next_year_title(subject: str, year: int) -> str:
    """The annual plan's subject: one verb, the object, one year ("Triển khai thực hiện … năm 2027")."""
    obj = plan_object(subject)
    return f"Triển khai thực hiện {lower_first(obj) if _starts_lower(obj) else obj} năm {year}"


def _starts_lower(obj: str) -> bool:
    """A common word (not a name like "Thỏa thuận", "Bản ghi nhớ") opens the object: write it in lower case."""
    first = obj.split(" ", 1)[0]
    return first.lower() in {"các", "những", "một", "hoạt", "chương", "công", "việc", "nội"}


def draft_next_year(plan_spec: Path, year: int, progress_spec: Path | None = None):
    """The annual plan as an editable YAML document (``spec.writer.YamlMap``, with comments on each task).

    Returns ``(document, scheduled ids, carried-over ids, warnings)``; the warnings (``Problem``s of
    severity "warning") name tasks the clerk must complete, e.g. a task without a lead agency.
    """

    checked = api.check(plan_spec)
    plan: Plan = checked.model
    if not plan.giai_doan[0] <= year <= plan.giai_doan[1]:
        where = (
            f"kế hoạch {period_words(plan.giai_doan)}"
            if plan.giai_doan[0] == plan.giai_doan[1]
            else f"{period_words(plan.giai_doan)} của kế hoạch"
        )
        raise SpecError([Problem(str(plan_spec), 1, 1, "giai_doan", f"năm {year} nằm ngoài {where}")])
    raw = load_spec(Path(plan_spec)).data  # the reader `check` used: the same values, never a second YAML parser
    carried: dict[str, list[str]] = {}
    progress = None
    if progress_spec is not None:
        progress = api.check(progress_spec).model
        for e in progress.entries:
            if e.trang_thai in UNFINISHED:
                carried.setdefault(e.nhiem_vu, []).append(f"{STATUSES[e.trang_thai].lower()} ({e.don_vi})")
    fields = _field_of(plan)
    scheduled = [t for t in plan.tasks if year in task_years(t, plan)]
    carried_only = [t for t in plan.tasks if t.id in carried and t not in scheduled]
    plan_ref = plan_reference(plan)

    doc = YamlMap()
    doc.yaml_set_start_comment(
        f"Kế hoạch năm {year}, dự thảo bằng drafting next-year từ {Path(plan_spec).name}"
        + (f" và {Path(progress_spec).name}" if progress_spec else "")
        + ".\n"
        "Chuyên viên biên tập trực tiếp tệp này (thêm, bớt, sửa nhiệm vụ), rồi chạy: drafting render <tệp này>."
    )
    for key in ("loai", "co_quan_chu_quan", "co_quan_ban_hanh"):
        if key in raw:
            doc[key] = raw[key]
    doc["so"] = None
    doc["ky_hieu"] = raw["ky_hieu"]
    doc["dia_danh"] = raw["dia_danh"]
    doc["ngay"] = YamlMap([("thang", 9), ("nam", year - 1)])
    doc.yaml_add_eol_comment("dự thảo: trình trước ngày 30/9 năm trước", "ngay")
    doc["trich_yeu"] = next_year_title(plan.trich_yeu, year)
    doc["giai_doan"] = YamlMap([("tu", year), ("den", year)])
    intro = (
        f"Căn cứ {plan_ref} về {lower_first(plan.trich_yeu)}"
        + (f" và kết quả thực hiện {progress.ky.label()}" if progress else "")
        + f", {plan.co_quan_ban_hanh.ten_viet_tat or plan.co_quan_ban_hanh.ten} ban hành Kế hoạch "
        f"thực hiện năm {year} như sau:"
    )
    doc["mo_dau"] = [intro]

    parts = YamlSeq()
    purpose = next((p for p in raw["phan"] if "MỤC ĐÍCH" in p["tieu_de"].upper()), None)
    if purpose:
        parts.append(YamlMap([("tieu_de", purpose["tieu_de"]), ("noi_dung", purpose["noi_dung"])]))
    tasks = YamlSeq()
    warnings: list[Problem] = []
    for t in scheduled + carried_only:
        label, original = _label_for(t, year)
        item = YamlMap()
        item["id"] = t.id
        item["ten"] = t.ten
        if t.chu_tri:
            item["chu_tri"] = t.chu_tri
        if t.phoi_hop:
            item["phoi_hop"] = t.phoi_hop
        if t in carried_only:
            label = f"Năm {year} (chuyển tiếp)"
        item["thoi_gian"] = label
        item["linh_vuc"] = _first_upper(t.linh_vuc or fields.get(t.id, "Khác"))
        tasks.append(item)
        note = f"nhiệm vụ {t.id} của kế hoạch giai đoạn" + (f"; thời gian gốc: {original}" if original else "")
        if t.id in carried:
            note += "; chuyển tiếp: " + ", ".join(carried[t.id])
        if not t.chu_tri:
            note += "; CHƯA CÓ CƠ QUAN CHỦ TRÌ: ghi chu_tri"
            warnings.append(
                Problem(
                    str(plan_spec),
                    0,
                    0,
                    f"nhiệm vụ {t.id}",
                    f"nhiệm vụ {'chuyển tiếp' if t.id in carried else 'năm ' + str(year)} «{_excerpt(t.ten)}» chưa có "
                    "cơ quan chủ trì",
                    severity="warning",
                    hint="ghi chu_tri cho nhiệm vụ này trong kế hoạch năm trước khi ban hành",
                )
            )
        tasks.yaml_set_comment_before_after_key(len(tasks) - 1, before=note, indent=12)
    table = YamlMap(
        [
            ("cot", ["ten", "chu_tri", "phoi_hop", "thoi_gian", "linh_vuc"]),
            ("tieu_de_cot", YamlMap([("ten", "Nội dung")])),
            ("so_cham", True),
            ("nhiem_vu", tasks),
        ]
    )
    parts.append(YamlMap([("tieu_de", "NHIỆM VỤ CỤ THỂ"), ("noi_dung", [YamlMap([("bang_nhiem_vu", table)])])]))
    sheet = budget_sheet(plan)
    ids = {t.id for t in scheduled + carried_only}
    budget_lines = []
    if sheet is not None:
        for g in sheet.groups:
            lines = []
            for line in g.lines:
                amount = line.amount(year)
                if not amount:
                    continue
                d = YamlMap()
                d["noi_dung"] = line.noi_dung
                d["thoi_gian"] = f"Năm {year}"
                if line.chu_tri:
                    d["chu_tri"] = line.chu_tri
                if line.phoi_hop:
                    d["phoi_hop"] = line.phoi_hop
                if line.nhiem_vu and line.nhiem_vu in ids:
                    d["nhiem_vu"] = line.nhiem_vu
                d["so_tien"] = YamlMap([(year, amount)])
                lines.append(d)
            if lines:
                budget_lines.append(YamlMap([("ten", g.ten), ("dong", lines)]))
        parts.append(
            YamlMap(
                [
                    ("tieu_de", "KINH PHÍ"),
                    (
                        "noi_dung",
                        [
                            YamlMap(
                                [
                                    (
                                        "doan_kinh_phi",
                                        f"Dự kiến kinh phí thực hiện Kế hoạch năm {year} **khoảng {{tong_dong}} đồng** ({{tong_bang_chu}}) từ "
                                        f"nguồn ngân sách nhà nước và các nguồn hợp pháp khác (*có biểu dự toán kinh phí kèm theo*).",
                                    )
                                ]
                            )
                        ],
                    ),
                ]
            )
        )
    mon = plan.bao_cao
    office = (mon.co_quan.ten_viet_tat or mon.co_quan.ten) if mon else "Văn phòng UBND tỉnh"
    due = mon.han[-1] if mon and mon.han else "15/11"
    organisation = [
        YamlMap(
            [
                ("muc", f"{office}:"),
                (
                    "van_ban",
                    "Chủ trì theo dõi, đôn đốc, tổng hợp tình hình, báo cáo "
                    "cấp có thẩm quyền kết quả thực hiện Kế hoạch này.",
                ),
            ]
        ),
        YamlMap(
            [
                ("muc", "Các sở, ban, ngành, địa phương liên quan:"),
                (
                    "van_ban",
                    f"Căn cứ nhiệm vụ được giao, chủ động triển khai thực hiện; báo cáo kết quả thực hiện "
                    f"trước ngày {due}/{year} (qua {office}).",
                ),
            ]
        ),
    ]
    if sheet is not None:
        organisation.append(
            YamlMap(
                [("muc", "Sở Tài chính:"), ("van_ban", "Tham mưu bố trí kinh phí thực hiện Kế hoạch theo quy định.")]
            )
        )
    parts.append(YamlMap([("tieu_de", "TỔ CHỨC THỰC HIỆN"), ("noi_dung", organisation)]))
    doc["phan"] = parts
    doc["ket_thuc"] = (
        f"Trên đây là Kế hoạch thực hiện năm {year}; yêu cầu các cơ quan, đơn vị liên quan "
        f"tổ chức triển khai thực hiện./."
    )
    for key in ("noi_nhan", "luu", "nguoi_ky"):
        doc[key] = raw[key]
    if budget_lines:
        total = sum(v for g in budget_lines for d in g["dong"] for v in d["so_tien"].values())
        sheet_map = YamlMap()
        sheet_map["loai"] = "kinh_phi"
        sheet_map["ten"] = f"DỰ TOÁN KINH PHÍ THỰC HIỆN KẾ HOẠCH NĂM {year}"
        sheet_map["tieu_de_cot"] = "Dự toán kinh phí"
        sheet_map["don_vi"] = sheet.don_vi
        sheet_map["tong_cong"] = total
        sheet_map.yaml_add_eol_comment(f"= cột năm {year} của biểu khái toán giai đoạn", "tong_cong")
        sheet_map["nhom"] = budget_lines
        doc["phu_luc"] = [sheet_map]
    if mon is not None:
        doc["bao_cao"] = raw["bao_cao"]
    return doc, [t.id for t in scheduled], [t.id for t in carried_only], warnings


def _excerpt(text: str, limit: int = 60) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:") + "…"
