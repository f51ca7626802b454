"""The agreement kind (``loai: thoa_thuan``): a bilateral cooperation document (Biên bản, Thỏa thuận…) with a
partner province, in the languages its spec gives."""

from __future__ import annotations

from ..model.agreement import Agreement, agreement_checks, build_agreement
from ..render.agreement_context import TEMPLATE, agreement_outputs
from .base import Kind


def build(doc: dict, spec=None, resolve=None) -> Agreement:
    return build_agreement(doc)


KIND = Kind(
    "thoa_thuan",
    "Văn bản hợp tác",
    "thoa_thuan",
    build,
    agreement_outputs,
    agreement_checks,
    templates=(TEMPLATE,),
)
