"""The plan kind (``loai: ke_hoach``): a KẾ HOẠCH, its appendices (in the plan or as separate files) and, for a
budget sheet, the Excel workbook beside it."""

from __future__ import annotations

from ..model.checks import plan_checks
from ..model.derive import number_plan
from ..model.plan import BudgetSheet, Plan, build_plan, electronic
from ..render.output import Output
from ..vi.dates import timestamp
from .base import Kind


def build(doc: dict, spec=None, resolve=None) -> Plan:
    return number_plan(build_plan(doc))


def outputs(plan: Plan) -> list[Output]:
    from ..render.appendix_context import appendix_contexts  # noqa: PLC0415 - the render layer loads only when outputs are made (check stays light)
    from ..render.docx import CoreProps  # noqa: PLC0415 - the render layer loads only when outputs are made (check stays light)
    from ..render.metadata import as_properties, outgoing  # noqa: PLC0415 - the render layer loads only when outputs are made (check stays light)
    from ..render.phrases import so_ky_hieu  # noqa: PLC0415 - the render layer loads only when outputs are made (check stays light)
    from ..render.plan_context import plan_context  # noqa: PLC0415 - the render layer loads only when outputs are made (check stays light)
    from ..render.xlsx import budget_xlsx  # noqa: PLC0415 - the render layer loads only when outputs are made (check stays light)

    if plan.ban_dien_tu:
        plan = electronic(plan)
    created = timestamp(plan.ngay)
    core = CoreProps(
        title=plan.trich_yeu,
        subject=f"{plan.loai_van_ban} {so_ky_hieu(plan.so, plan.ky_hieu).strip()}",
        author=plan.co_quan_ban_hanh.ten,
        created=created,
        keywords=plan.loai_van_ban,
        custom=as_properties(outgoing(plan)),
    )
    apps = appendix_contexts(plan)
    inside = [a for a in apps if not a["tep_rieng"]]
    ctx = plan_context(plan, inside, bound=True)
    body_tables = [b["do_rong"] for b in ctx["than"] if b["kieu"] == "bang"]
    result = [
        Output(
            "",
            "ke-hoach.docx",
            ctx,
            core,
            layout={
                "table_widths": body_tables + [a["do_rong"] for a in inside],
                "last_section_landscape": bool(inside),
            },
        )
    ]
    for i, (app, ctx) in enumerate(zip(plan.phu_luc, apps, strict=False), start=1):
        if ctx["tep_rieng"]:
            sub = CoreProps(
                title=f"{ctx['tieu_de']}: {ctx['ten']}",
                subject=core.subject,
                author=core.author,
                created=created,
                keywords="PHỤ LỤC",
            )
            result.append(
                Output(
                    f"-phu-luc-{i}", "phu-luc.docx", {"phu_luc": [ctx]}, sub, layout={"table_widths": [ctx["do_rong"]]}
                )
            )
        if isinstance(app, BudgetSheet):
            result.append(
                Output(
                    f"-kinh-phi-{i}" if len(plan.phu_luc) > 1 else "-kinh-phi",
                    "",
                    {},
                    core,
                    ext=".xlsx",
                    writer=lambda app=app, ctx=ctx: budget_xlsx(plan, app, ctx, created),
                )
            )
    return result


def checks(plan: Plan) -> list:
    return plan_checks(plan, plan.giai_doan)


KIND = Kind(
    "ke_hoach",
    "Kế hoạch",
    "ke_hoach",
    build,
    outputs,
    checks,
    templates=("ke-hoach.docx", "phu-luc.docx"),
    spec_file="ke-hoach.yaml",
)
