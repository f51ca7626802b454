"""Records (drafting/record.py) answer as the dataclass methods they stand for: equality, hash and printed form
of each model class are those ``dataclass(frozen=True)`` would have generated for the same fields."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from drafting import errors
from drafting.kinds import base
from drafting.model import agencies, agreement, plan, progress
from drafting.record import Record
from drafting.render import output
from drafting.vi import dates, timeline

MODULES = (plan, agencies, agreement, progress, timeline, dates, output, errors, base)
RECORDS = sorted(
    {
        c
        for m in MODULES
        for c in vars(m).values()
        if isinstance(c, type) and issubclass(c, Record) and c is not Record and dataclasses.is_dataclass(c)
    },
    key=lambda c: c.__qualname__,
)


def _twin(cls: type) -> type:
    """The same fields declared as a plain ``@dataclass(frozen=True)``: the methods dataclass generates."""
    twin = dataclasses.make_dataclass(
        cls.__name__,
        [
            (f.name, object, field(default=None, repr=f.repr, compare=f.compare, hash=f.hash))
            for f in dataclasses.fields(cls)
        ],
        frozen=True,
    )
    twin.__qualname__ = cls.__qualname__
    return twin


def test_every_model_class_is_a_record():
    assert len(RECORDS) >= 30
    for cls in RECORDS:
        params = cls.__dataclass_params__
        assert params.frozen and not params.eq and not params.repr, cls
        assert "__eq__" not in vars(cls) and "__hash__" not in vars(cls) and "__repr__" not in vars(cls), cls


values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-3, 3)
    | st.text(alphabet="aăâđêôơư ạ'\"", max_size=4)
    | st.dates(dt.date(2024, 1, 1), dt.date(2026, 12, 31)),
    lambda inner: st.tuples(inner, inner) | st.lists(inner, max_size=2).map(tuple),
    max_leaves=4,
)


@pytest.mark.parametrize("cls", RECORDS, ids=lambda c: c.__qualname__)
@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_equal_hashed_and_printed_as_the_generated_methods(cls, data):
    twin = _twin(cls)
    names = [f.name for f in dataclasses.fields(cls)]
    a = {n: data.draw(values, label=n) for n in names}
    b = dict(a)
    if names and data.draw(st.booleans(), label="differ"):
        b[data.draw(st.sampled_from(names), label="which")] = data.draw(values, label="other")

    def make(kind, kw):
        obj = object.__new__(kind)  # the values need not be of the declared types: only the methods are compared
        for n, v in kw.items():
            object.__setattr__(obj, n, v)
        return obj

    ra, rb, ta, tb = make(cls, a), make(cls, b), make(twin, a), make(twin, b)
    assert (ra == rb) == (ta == tb)
    assert (ra != rb) == (ta != tb)
    assert repr(ra) == repr(ta)
    assert hash(ra) == hash(ta)
    assert ra.__eq__(ta) is NotImplemented and ra != object()


def test_a_field_left_out_of_comparison_or_print_is_left_out_here_too():
    @dataclass(frozen=True, eq=False, repr=False)
    class Trich(Record):
        so: int
        ghi_chu: str = field(default="", compare=False, repr=False)
        ma: str = field(default="", hash=False)

    assert Trich(1, "a", "x") == Trich(1, "b", "x") != Trich(1, "a", "y")
    assert hash(Trich(1, "a", "x")) == hash(Trich(1, "b", "y")) == hash((1,))
    assert (
        repr(Trich(2, "a", "z"))
        == "test_a_field_left_out_of_comparison_or_print_is_left_out_here_too.<locals>.Trich(so=2, ma='z')"
    )
    with pytest.raises(dataclasses.FrozenInstanceError):
        Trich(1).so = 2  # type: ignore[misc]


def test_a_record_that_holds_itself_prints_dots():
    @dataclass(frozen=True, eq=False, repr=False)
    class Vong(Record):
        items: list

    v = Vong([])
    v.items.append(v)
    assert repr(v).endswith("Vong(items=[...])")


def test_the_model_compares_as_before():
    a = plan.Task(ten="Trao đổi đoàn", chu_tri="Sở Ngoại vụ", nam=(2026,))
    assert a == plan.Task(ten="Trao đổi đoàn", chu_tri="Sở Ngoại vụ", nam=(2026,))
    assert a != dataclasses.replace(a, number="1")
    assert len({a, plan.Task(ten="Trao đổi đoàn", chu_tri="Sở Ngoại vụ", nam=(2026,))}) == 1
    assert repr(a).startswith("Task(ten='Trao đổi đoàn', thoi_gian=None,")
