"""Report forms (phiếu báo cáo): one công văn + form per department that leads or coordinates a task."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .. import api
from ..fileio import write_atomic
from ..model.agencies import parse_agency_line
from ..model.plan import Plan, Task
from ..model.progress import money_unit, plan_id, tasks_in
from ..render.docx import CoreProps, render_docx
from ..render.inline import parse_marks, plain, run
from ..render.output import Output
from ..render.phrases import plan_reference, so_ky_hieu
from ..render.plan_context import recipients
from ..vi.dates import BLANK, DocDate, place_date, timestamp
from ..vi.money import unit_label
from ..vi.text import fold, safe_filename
from ..vi.timeline import Period, TimelineProblem, period_words

STATUS_HELP = (
    "Cột Tình trạng ghi một trong: Hoàn thành; Đang thực hiện; Chưa thực hiện; Không thực hiện; "
    "Chuyển sang năm sau. Giữ nguyên cột Mã; có thể thêm dòng dưới một nhiệm vụ để ghi thêm (để trống "
    'cột Mã và cột Nhiệm vụ, hoặc ghi "nt"). Số tiền ghi theo đơn vị ở tiêu đề cột, hoặc ghi rõ '
    "đơn vị (ví dụ: 120 triệu đồng)."
)
FORM_KIND = "phieu_bao_cao"


@dataclass
class Assignment:
    """A department's tasks in a period: those it leads and those it coordinates."""

    don_vi: str
    lead: list[Task] = field(default_factory=list)
    coordinate: list[Task] = field(default_factory=list)


def assignments(plan: Plan, period: Period, registry) -> list[Assignment]:
    """Departments (registry agencies, not generic groups) with their tasks in the period, in plan order."""
    found: dict[str, Assignment] = {}
    for t in tasks_in(plan, period):
        leads = [m.agency.ten for m in parse_agency_line(t.chu_tri, registry) if m.agency] if t.chu_tri else []
        coords = [m.agency.ten for m in parse_agency_line(t.phoi_hop, registry) if m.agency] if t.phoi_hop else []
        for name in dict.fromkeys(leads):
            found.setdefault(name, Assignment(name)).lead.append(t)
        for name in dict.fromkeys(coords):
            if name not in leads:
                found.setdefault(name, Assignment(name)).coordinate.append(t)
    return list(found.values())


def deadline(plan: Plan, period: Period) -> str:
    """ "10/11/2026" from the plan's bao_cao.han: the year and its last six months take its last date, the first
    six months its first, another period the first date after it ends (a blank date when there is none)."""
    han = plan.bao_cao.han if plan.bao_cao else ()
    year, last_month = period.months()[-1]
    if not han:
        return f"{BLANK}/{BLANK}/{year}"
    if period.whole_year or period.half == 2:
        return f"{han[-1]}/{year}"
    if period.half == 1:  # the first half-year is reported on its first date, as plans write it ("10/5")
        return f"{han[0]}/{year}"
    for day_month in han:
        try:
            month = int(str(day_month).split("/")[1])
        except (IndexError, ValueError):
            continue
        if month > last_month:
            return f"{day_month}/{year}"
    return f"{BLANK}/{BLANK}/{year}"


def _short_office(office) -> str:
    name = office.ten_viet_tat or office.ten
    if name.startswith("Sở ") and " tỉnh " in name:
        name = name.split(" tỉnh ")[0]
    return name


def is_monitoring_office(plan: Plan, don_vi: str) -> bool:
    """Whether ``don_vi`` is the office that follows the plan up (it does not send a form to itself)."""

    office = plan.bao_cao.co_quan if plan.bao_cao else plan.co_quan_ban_hanh
    names = {fold(n).lower() for n in (office.ten, office.ten_viet_tat or "", _short_office(office)) if n}
    return fold(don_vi).lower() in names


def form_file_name(don_vi: str) -> str:
    return f"phieu-{safe_filename(don_vi)}.docx"


def _plan_ref(plan: Plan) -> str:
    return plan_reference(plan)


def shell_context(plan: Plan, period: Period, a: Assignment, unit: int | None = None) -> dict:
    """The công văn and form for one department; the monitoring office's own form is an internal sheet for its
    divisions ("Các phòng, đơn vị thuộc Sở Ngoại vụ"), never a request to itself."""

    unit = money_unit(plan) if unit is None else unit

    mon = plan.bao_cao
    office = mon.co_quan if mon else plan.co_quan_ban_hanh
    office_short = _short_office(office)
    # a công văn has no type abbreviation: "…/UBND-NgV", never "…/KH-UBND"
    ky_hieu = mon.ky_hieu if mon else plan.ky_hieu.split("-", 1)[-1]
    when = DocDate(int(deadline(plan, period).split("/")[-1]))
    label = period.label()
    due = deadline(plan, period)
    trich = plan.trich_yeu[0].lower() + plan.trich_yeu[1:]
    internal = is_monitoring_office(plan, a.don_vi)
    addressee = f"Các phòng, đơn vị thuộc {office_short}" if internal else a.don_vi
    if internal:
        body = [
            {
                "kieu": "doan",
                "runs": parse_marks(
                    f"Thực hiện {_plan_ref(plan)} về {trich}, để có cơ sở tổng hợp, báo cáo kết quả thực hiện {label}, "
                    f"các phòng, đơn vị thuộc {office_short} cập nhật kết quả thực hiện các nhiệm vụ {office_short} "
                    f"được giao chủ trì, phối hợp vào Phiếu theo dõi kèm theo, gồm: tình trạng, kết quả thực hiện, "
                    f"kinh phí đã sử dụng, khó khăn, vướng mắc và đề xuất, kiến nghị."
                ),
            },
            {
                "kieu": "doan",
                "runs": [
                    run("Phiếu theo dõi (bản điện tử, giữ nguyên định dạng) hoàn thành "),
                    run(f"trước ngày {due}", bold=True),
                    run(" để tổng hợp chung./."),
                ],
            },
        ]
    else:
        body = [
            {
                "kieu": "doan",
                "runs": parse_marks(
                    f"Thực hiện {_plan_ref(plan)} về {trich}, để có cơ sở tổng hợp, báo cáo kết quả thực hiện {label}, "
                    f"{office_short} đề nghị {a.don_vi} báo cáo kết quả thực hiện các nhiệm vụ được giao chủ trì, phối "
                    f"hợp (Phiếu báo cáo kèm theo), gồm: tình trạng, kết quả thực hiện, kinh phí đã sử dụng, khó khăn, "
                    f"vướng mắc và đề xuất, kiến nghị."
                ),
            },
            {
                "kieu": "doan",
                "runs": [
                    run(
                        f"Văn bản báo cáo và Phiếu báo cáo (bản điện tử, giữ nguyên định dạng) "
                        f"đề nghị gửi về {office_short} "
                    ),
                    run(f"trước ngày {due}", bold=True),
                    run(" để tổng hợp, báo cáo cấp có thẩm quyền./."),
                ],
            },
        ]
    for b in body:
        b["text"] = "".join(r["text"] for r in b["runs"])
    body[-1]["kieu"] = "muc"  # the closing paragraph keeps with the signature
    rows = []
    if a.lead:
        rows.append({"nhom": True, "ten": "A. NHIỆM VỤ ĐƠN VỊ CHỦ TRÌ"})
        rows += [{"nhom": False, "ma": t.id, "ten": plain(t.ten)} for t in a.lead]
    if a.coordinate:
        rows.append({"nhom": True, "ten": ("B" if a.lead else "A") + ". NHIỆM VỤ ĐƠN VỊ PHỐI HỢP"})
        rows += [{"nhom": False, "ma": t.id, "ten": plain(t.ten)} for t in a.coordinate]
    signer = mon.nguoi_ky if mon else plan.nguoi_ky
    so = so_ky_hieu(None, ky_hieu)
    return {
        "chu_quan": "\n".join(s.upper() for s in (mon.co_quan_chu_quan if mon else plan.co_quan_chu_quan)),
        "ban_hanh": "\n".join(s.upper() for s in office.dong),
        "so_ky_hieu": so,
        "ve_viec": f"V/v báo cáo kết quả thực hiện Kế hoạch {label}",
        "dia_danh_ngay": place_date(mon.dia_danh if mon and mon.dia_danh else plan.dia_danh, when),
        "kinh_gui": addressee,
        "can_cu": [],
        "than": body,
        "noi_nhan": recipients(("Như trên",), mon.luu if mon and mon.luu else "VT"),
        "chuc_danh": [s.upper() for s in signer.chuc_danh],
        "nguoi_ky": signer.ho_ten,
        "phieu": {
            "tieu_de": f"PHIẾU {'THEO DÕI' if internal else 'BÁO CÁO'} KẾT QUẢ THỰC HIỆN NHIỆM VỤ {label.upper()}",
            "kem_theo": f"(Kèm theo Công văn số {so} của {office.ten_viet_tat or office.ten})",
            "don_vi": a.don_vi,
            "don_vi_tien": unit_label(unit),
            "huong_dan": STATUS_HELP,
            "dong": rows,
        },
    }


def shell_outputs(
    plan: Plan, plan_file: Path, period: Period, registry, *, own: str = "noi_bo"
) -> list[tuple[str, object]]:
    """(file name, Output) for every department's form; the monitoring office's own tasks get an internal
    sheet (``own="noi_bo"``) or no form (``own="bo_qua"``)."""

    outs = []
    names: dict[str, int] = {}
    for a in assignments(plan, period, registry):
        if own == "bo_qua" and is_monitoring_office(plan, a.don_vi):
            continue
        name = form_file_name(a.don_vi)
        if name in names:  # two agencies folding to the same name: keep both
            names[name] += 1
            name = name.replace(".docx", f"-{names[name]}.docx")
        names.setdefault(name, 1)
        ctx = shell_context(plan, period, a)
        core = CoreProps(
            title=f"Phiếu báo cáo {period.label()}: {a.don_vi}",
            subject=ctx["ve_viec"],
            author=(plan.bao_cao.co_quan.ten if plan.bao_cao else plan.co_quan_ban_hanh.ten),
            created=timestamp(DocDate(period.year)),
            keywords="PHIẾU BÁO CÁO",
            custom=(
                ("drafting.loai", FORM_KIND),
                ("drafting.don_vi", a.don_vi),
                ("drafting.ky", period.label()),
                ("drafting.ke_hoach", plan_file.name),
                ("drafting.ma_ke_hoach", plan_id(plan)),
            ),
        )
        outs.append(
            (
                name,
                Output(
                    "",
                    "phieu-bao-cao.docx",
                    ctx,
                    core,
                    layout={"table_widths": [[14, 62, 24, 56, 22, 37, 37]], "last_section_landscape": True},
                ),
            )
        )
    return outs


def check_period(plan: Plan, period: Period) -> None:
    """Raise TimelineProblem when the period lies outside the plan's years."""

    first, last = plan.giai_doan
    if any(not first <= y <= last for y in period.years):
        where = (
            f"kế hoạch {period_words((first, last))}"
            if first == last
            else f"{period_words((first, last))} của kế hoạch"
        )
        raise TimelineProblem(f"kỳ báo cáo {period.label()} nằm ngoài {where}")


def write_shells(
    plan_spec: Path, period: Period, outdir: Path, *, templates: Path | None = None, progress=None, own: str = "noi_bo"
) -> list[Path]:
    """Render every form for the period into ``outdir`` (atomic writes); ``progress(i, n, name)`` reports."""

    checked = api.check(plan_spec)
    registry = api.registry_for(Path(plan_spec))
    check_period(checked.model, period)
    outs = shell_outputs(checked.model, Path(plan_spec), period, registry, own=own)
    written = []
    for i, (name, out) in enumerate(outs, start=1):
        data = render_docx(api.template_path(out.template, templates), out.context, out.core, out.layout)
        path = Path(outdir) / name
        write_atomic(path, data)
        written.append(path)
        if progress:
            progress(i, len(outs), name)
    return written
