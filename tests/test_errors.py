"""Problem (drafting/errors.py), written out rather than a dataclass, behaves as ``@dataclass(frozen=True)``
with the same fields would: built, compared, hashed, printed, copied and pickled alike, and never changed."""

from __future__ import annotations

import copy
import dataclasses
import pickle

import pytest

from drafting.errors import Problem, SpecError


@dataclasses.dataclass(frozen=True)
class Twin:
    file: str
    line: int
    col: int
    path: str
    message: str
    severity: str = "error"
    hint: str | None = None


CASES = [
    ("ke-hoach.yaml", 12, 5, "phan[1].tieu_de", "thiếu trường"),
    ("ke-hoach.yaml", 12, 5, "phan[1].tieu_de", "thiếu trường", "warning"),
    ("bao-cao.yaml", 0, 0, "", "tệp không đọc được", "error", "kiểm tra quyền đọc"),
    ("a 'b' \"c\".yaml", 1, 1, "x", "<&> {{ x }}", "warning", None),
]


@pytest.mark.parametrize("args", CASES)
def test_it_answers_as_a_frozen_dataclass(args):
    p, t = Problem(*args), Twin(*args)
    assert repr(p) == repr(t).replace("Twin(", "Problem(", 1)
    assert hash(p) == hash(t)
    assert p == Problem(*args) and not (p != Problem(*args))
    assert p.__eq__(t) is NotImplemented
    for other in CASES:
        assert (p == Problem(*other)) == (t == Twin(*other))
    assert [getattr(p, f.name) for f in dataclasses.fields(Twin)] == [
        getattr(t, f.name) for f in dataclasses.fields(Twin)
    ]
    assert Problem(**dict(zip(["file", "line", "col", "path", "message"], args[:5], strict=True))) == Problem(*args[:5])


def test_it_cannot_be_changed():
    p = Problem("a.yaml", 1, 2, "x", "sai")
    with pytest.raises(AttributeError):
        p.line = 3  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del p.message
    assert (p.line, p.col) == (1, 2)


def test_it_is_copied_and_pickled_whole():
    p = Problem("a.yaml", 1, 2, "x", "sai", "warning", "gợi ý")
    for q in (copy.copy(p), copy.deepcopy(p), pickle.loads(pickle.dumps(p))):
        assert q == p and q is not p and q.format() == p.format()


def test_a_spec_error_counts_its_errors_and_prints_every_problem():
    problems = [Problem("a.yaml", 3, 1, "so", "sai số"), Problem("a.yaml", 4, 1, "", "chú ý", "warning")]
    exc = SpecError(problems)
    assert str(exc) == "1 lỗi trong đặc tả"
    assert exc.format() == "a.yaml:3:1: so: sai số\na.yaml:4:1: cảnh báo: chú ý"
