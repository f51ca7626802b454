"""The agreement kind (``loai: thoa_thuan``): a bilateral cooperation document (Biên bản, Thỏa thuận…) with a
partner province, in the languages its spec gives."""

from __future__ import annotations

from ..model.agreement import Agreement, agreement_checks, build_agreement
from ..render.output import Output
from .base import Kind


def build(doc: dict, spec=None, resolve=None) -> Agreement:
    return build_agreement(doc)


def outputs(agreement: Agreement) -> list[Output]:
    from ..render.agreement_context import agreement_outputs  # noqa: PLC0415 - the render layer loads only when outputs are made (check stays light)

    return agreement_outputs(agreement)


KIND = Kind(
    "thoa_thuan",
    "Văn bản hợp tác",
    "thoa_thuan",
    build,
    outputs,
    agreement_checks,
    templates=("thoa-thuan.docx",),  # render/agreement_context.TEMPLATE (tests/test_kinds.py holds them equal)
)
