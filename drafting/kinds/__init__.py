"""The document kinds, one module each (``ke_hoach``, ``tien_do``, ``thoa_thuan``); this table is the registry.

A new kind is one module declaring ``KIND = Kind(...)`` (its schema in ``specs/schemas/``, model builder,
checks, outputs and templates; see ``base.Kind``) and one name below.

The table loads a kind's module the first time the kind is looked up: checking a plan does not load the
progress and agreement models (about 8 ms of start-up, measured with -X importtime, issue 20 item 4).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping

from ..errors import Problem, SpecError
from .base import Kind

#: the kinds, in the table's order; each is the module ``drafting.kinds.<name>``, whose KIND is named so
NAMES = ("tien_do", "ke_hoach", "thoa_thuan")


class _Kinds(Mapping[str, Kind]):
    """``{name: Kind}``, each kind's module loaded at its first lookup."""

    def __init__(self, names: tuple[str, ...]) -> None:
        self._loaded: dict[str, Kind | None] = dict.fromkeys(names)

    def __getitem__(self, name: str) -> Kind:
        kind = self._loaded[name]  # an unknown name: KeyError (an unhashable one: TypeError), as a dict's
        if kind is None:
            kind = importlib.import_module(f"{__name__}.{name}").KIND
            if kind.name != name:
                raise RuntimeError(f"drafting.kinds.{name} declares the kind {kind.name!r}")
            self._loaded[name] = kind
        return kind

    def __contains__(self, name: object) -> bool:
        return name in self._loaded

    def __iter__(self) -> Iterator[str]:
        return iter(self._loaded)

    def __len__(self) -> int:
        return len(self._loaded)

    def __repr__(self) -> str:
        return repr(dict(self))


KINDS: Mapping[str, Kind] = _Kinds(NAMES)


def expect_kind(kind: Kind, wanted: str, file: str, purpose: str) -> None:
    """Refuse a spec of another kind where a command needs ``wanted`` (a report needs a progress spec):
    "tệp này không phải đặc tả tiến độ thực hiện (loai: tien_do): <purpose>"."""
    if kind.name != wanted:
        title = KINDS[wanted].title.split(" (")[0].lower()
        raise SpecError([Problem(file, 1, 1, "loai", f"tệp này không phải đặc tả {title} (loai: {wanted}): {purpose}")])


__all__ = ["KINDS", "Kind", "expect_kind"]
