"""The registry of document kinds: each maps to its schema, model builder, context and template."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .errors import Problem, SpecError
from .render.output import Output
from .spec.loader import display_name


@dataclass(frozen=True)
class Kind:
    """A document kind: ``loai`` value in a spec, its Cerberus schema and how to turn it into outputs."""

    name: str
    title: str
    schema: str
    build: Callable[..., Any]  # (validated document, spec path, resolve) → model; resolve checks a referenced spec
    outputs: Callable[[Any], list[Output]]
    checks: Callable[[Any], list] | None = None  # model-level checks: (path, message, "error"|"warning")


def _plan_build(doc: dict, spec=None, resolve=None):
    from .model.derive import number_plan
    from .model.plan import build_plan

    return number_plan(build_plan(doc))


def _plan_outputs(plan) -> list[Output]:
    from .model.plan import BudgetSheet
    from .render.appendix_context import appendix_contexts
    from .render.docx import CoreProps
    from .render.plan_context import plan_context, so_ky_hieu

    d = plan.ngay
    created = _dt.datetime(d.year, d.month or 1, d.day or 1, 8, 0, 0)
    core = CoreProps(
        title=plan.trich_yeu,
        subject=f"{plan.loai_van_ban} {so_ky_hieu(plan.so, plan.ky_hieu).strip()}",
        author=plan.co_quan_ban_hanh.ten,
        created=created,
        keywords=plan.loai_van_ban,
    )
    apps = appendix_contexts(plan)
    inside = [a for a in apps if not a["tep_rieng"]]
    ctx = plan_context(plan, inside)
    body_tables = [b["do_rong"] for b in ctx["than"] if b["kieu"] == "bang"]
    outputs = [
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
            outputs.append(
                Output(
                    f"-phu-luc-{i}", "phu-luc.docx", {"phu_luc": [ctx]}, sub, layout={"table_widths": [ctx["do_rong"]]}
                )
            )
        if isinstance(app, BudgetSheet):
            from .render.xlsx import budget_xlsx

            outputs.append(
                Output(
                    f"-kinh-phi-{i}" if len(plan.phu_luc) > 1 else "-kinh-phi",
                    "",
                    {},
                    core,
                    ext=".xlsx",
                    writer=lambda app=app, ctx=ctx: budget_xlsx(plan, app, ctx, created),
                )
            )
    return outputs


def _progress_build(doc: dict, spec, resolve):
    """A progress spec's model, with its plan: ``resolve(spec, reference, field)`` (given by the API, which
    checks referenced specs) returns the plan's kind name, model and file."""
    from pathlib import Path

    from .model.progress import build_progress

    kind_name, plan, plan_file, registry = resolve(Path(spec), doc["ke_hoach"], "ke_hoach")
    if kind_name != "ke_hoach":
        raise SpecError(
            [
                Problem(
                    display_name(Path(spec)),
                    0,
                    0,
                    "ke_hoach",
                    f'"{doc["ke_hoach"]}" không phải đặc tả kế hoạch (loai: {kind_name})',
                )
            ]
        )
    return build_progress(doc, plan, doc["ke_hoach"], str(plan_file), registry)


def _progress_checks(progress) -> list:
    from .model.progress import progress_checks

    return progress_checks(progress)


def _progress_outputs(progress) -> list[Output]:
    from .render.report_context import report_outputs

    return report_outputs(progress)


def _agreement_build(doc: dict, spec=None, resolve=None):
    from .model.agreement import build_agreement

    return build_agreement(doc)


def _agreement_outputs(agreement) -> list[Output]:
    from .render.agreement_context import agreement_outputs

    return agreement_outputs(agreement)


def _agreement_checks(agreement) -> list:
    from .model.agreement import agreement_checks

    return agreement_checks(agreement)


def _plan_checks(plan) -> list:
    from .model.checks import plan_checks

    return plan_checks(plan, plan.giai_doan)


KINDS: dict[str, Kind] = {
    "tien_do": Kind(
        "tien_do", "Tiến độ thực hiện (báo cáo)", "tien_do", _progress_build, _progress_outputs, _progress_checks
    ),
    "ke_hoach": Kind("ke_hoach", "Kế hoạch", "ke_hoach", _plan_build, _plan_outputs, _plan_checks),
    "thoa_thuan": Kind(
        "thoa_thuan", "Văn bản hợp tác", "thoa_thuan", _agreement_build, _agreement_outputs, _agreement_checks
    ),
}
