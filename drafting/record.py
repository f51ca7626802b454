"""Frozen records: the model's dataclasses, with comparison, hash and printed form shared rather than generated.

Python's ``dataclass`` writes out and compiles six methods for each frozen class (``__init__``, ``__repr__``,
``__eq__``, ``__hash__``, ``__setattr__``, ``__delattr__``), about 50 µs each: the 180 of them were 9 ms of every
``drafting check``, which is mostly start-up. A class declared

    @dataclass(frozen=True, eq=False, repr=False)
    class Task(Record): ...

gets the last three from ``Record``, built from its fields at their first use, and answers as the generated ones
do: equal to an object of the same class whose compared fields are equal in order (``NotImplemented`` for another
class), hashed as the tuple of those fields, printed as ``Task(ten='…', …)`` with the fields ``repr`` shows
(tests/test_record.py holds each of them to what ``dataclass`` generates). Below every other layer.
"""

from __future__ import annotations

from _thread import get_ident
from collections.abc import Callable
from dataclasses import fields
from operator import attrgetter

_Key = Callable[[object], tuple[object, ...]]
#: by class: the tuple of the fields it is compared by, of those it is hashed by, and the names ``repr`` shows
_COMPARED: dict[type, _Key] = {}
_HASHED: dict[type, _Key] = {}
_SHOWN: dict[type, tuple[str, ...]] = {}
#: the records being printed, by thread (a record that holds itself prints ``...`` there, as reprlib does)
_PRINTING: set[tuple[int, int]] = set()


def _getter(names: list[str]) -> _Key:
    """The tuple of these fields of an object (always a tuple, as the generated methods build)."""
    if not names:
        return _empty
    if len(names) == 1:
        one = attrgetter(names[0])
        return lambda obj: (one(obj),)
    return attrgetter(*names)


def _empty(obj: object) -> tuple[object, ...]:
    return ()


def _compared(cls: type) -> _Key:
    key = _COMPARED.get(cls)
    if key is None:
        key = _COMPARED[cls] = _getter([f.name for f in fields(cls) if f.compare])
    return key


def _hashed(cls: type) -> _Key:
    key = _HASHED.get(cls)
    if key is None:  # dataclass' rule: a field's ``hash``, or when None its ``compare``
        chosen = [f.name for f in fields(cls) if (f.compare if f.hash is None else f.hash)]
        key = _HASHED[cls] = _getter(chosen)
    return key


class Record:
    """The shared ``__eq__``, ``__hash__`` and ``__repr__`` of a frozen dataclass declared with ``eq=False,
    repr=False`` (the module's docstring)."""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        key = _compared(self.__class__)
        return key(self) == key(other)

    def __hash__(self) -> int:
        return hash(_hashed(self.__class__)(self))

    def __repr__(self) -> str:
        cls = self.__class__
        mark = (id(self), get_ident())
        if mark in _PRINTING:
            return "..."
        shown = _SHOWN.get(cls)
        if shown is None:
            shown = _SHOWN[cls] = tuple(f.name for f in fields(cls) if f.repr)  # type: ignore[arg-type]
        _PRINTING.add(mark)
        try:
            return f"{cls.__qualname__}({', '.join(f'{n}={getattr(self, n)!r}' for n in shown)})"
        finally:
            _PRINTING.discard(mark)
