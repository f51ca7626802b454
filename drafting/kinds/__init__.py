"""The document kinds, one module each (``ke_hoach``, ``tien_do``, ``thoa_thuan``); this table is the registry.

A new kind is one module declaring ``KIND = Kind(...)`` (its schema in ``specs/schemas/``, model builder,
checks, outputs and templates; see ``base.Kind``) and one line below.
"""

from __future__ import annotations

from ..errors import Problem, SpecError
from . import ke_hoach, thoa_thuan, tien_do
from .base import Kind

KINDS: dict[str, Kind] = {k.name: k for k in (tien_do.KIND, ke_hoach.KIND, thoa_thuan.KIND)}


def expect_kind(kind: Kind, wanted: str, file: str, purpose: str) -> None:
    """Refuse a spec of another kind where a command needs ``wanted`` (a report needs a progress spec):
    "tệp này không phải đặc tả tiến độ thực hiện (loai: tien_do): <purpose>"."""
    if kind.name != wanted:
        title = KINDS[wanted].title.split(" (")[0].lower()
        raise SpecError([Problem(file, 1, 1, "loai", f"tệp này không phải đặc tả {title} (loai: {wanted}): {purpose}")])


__all__ = ["KINDS", "Kind", "expect_kind"]
