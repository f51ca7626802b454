"""The progress kind (``loai: tien_do``): what departments reported against a plan, turned into the draft BÁO CÁO
kết quả thực hiện. Its spec names the plan it follows (``ke_hoach``)."""

from __future__ import annotations

from pathlib import Path

from ..errors import Problem, SpecError
from ..model.progress import Progress, build_progress, progress_checks
from ..render.output import Output
from ..spec.loader import display_name
from .base import Kind


def build(doc: dict, spec, resolve) -> Progress:
    """A progress spec's model, with its plan: ``resolve(spec, reference, field)`` (given by the API, which
    checks referenced specs) returns the plan's kind name, model, file and registry."""
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


def outputs(progress: Progress) -> list[Output]:
    from ..render.report_context import report_outputs  # noqa: PLC0415 - the render layer loads only when outputs are made (check stays light)

    return report_outputs(progress)


KIND = Kind(
    "tien_do",
    "Tiến độ thực hiện (báo cáo)",
    "tien_do",
    build,
    outputs,
    progress_checks,
    templates=("bao-cao.docx",),
    references=("ke_hoach",),
)
