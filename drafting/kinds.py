"""The registry of document kinds: each maps to its schema, model builder, context and template."""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import Any, Callable


@dataclass(frozen=True)
class Output:
    """One document a spec produces: file name suffix, template, context, properties."""

    suffix: str            # "" for the main document, e.g. "-phu-luc" for an appendix file
    template: str          # file name under the templates folder
    context: dict
    core: Any              # render.docx_adapter.CoreProps


@dataclass(frozen=True)
class Kind:
    """A document kind: ``loai`` value in a spec, its Cerberus schema and how to turn it into outputs."""

    name: str
    title: str
    schema: str
    build: Callable[[dict], Any]
    outputs: Callable[[Any], list[Output]]


def _plan_build(doc: dict):
    from .model.derive import number_plan
    from .model.plan import build_plan

    return number_plan(build_plan(doc))


def _plan_outputs(plan) -> list[Output]:
    from .render.docx_adapter import CoreProps
    from .render.plan_context import plan_context, so_ky_hieu

    d = plan.ngay
    created = _dt.datetime(d.year, d.month or 1, d.day or 1, 8, 0, 0)
    core = CoreProps(title=plan.trich_yeu, subject=f"{plan.loai_van_ban} {so_ky_hieu(plan.so, plan.ky_hieu).strip()}",
                     author=plan.co_quan_ban_hanh.ten, created=created, keywords=plan.loai_van_ban)
    return [Output("", "ke-hoach.docx", plan_context(plan), core)]


KINDS: dict[str, Kind] = {
    "ke_hoach": Kind("ke_hoach", "Kế hoạch", "ke_hoach", _plan_build, _plan_outputs),
}
