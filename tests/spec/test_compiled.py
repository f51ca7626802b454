"""The compiled checks of long lists (spec/compiled.py) change nothing: every problem (message, line, column,
hint, severity, order) and the normalised document are those of plain Cerberus, on the shipped examples and
on a few hundred damaged copies of them (wrong types, empty values, unknown and missing keys in list items)."""

from __future__ import annotations

import copy
import random
from pathlib import Path
from typing import Any

import pytest
from cerberus import Validator

from drafting import api
from drafting.spec import validator as spec_validator
from drafting.spec.compiled import DECLINE, Compiler
from drafting.spec.loader import Loaded, load_spec

ROOT = Path(__file__).resolve().parents[2]
SPECS = sorted(
    p
    for p in [*ROOT.glob("examples/*/*.yaml"), *ROOT.glob("tests/fixtures/*.yaml")]
    if p.name != "co-quan.yaml" and "loai:" in p.read_text(encoding="utf-8")
)


class PlainValidator(spec_validator.SpecValidator):
    """The project's validator with Cerberus' own ``schema`` rule and normalisation (no compiled path)."""

    _validate_schema = Validator._validate_schema
    normalized = Validator.normalized


def _run(loaded: Loaded, kind: str, registry: Any, plain: bool, monkeypatch: pytest.MonkeyPatch) -> Any:
    with monkeypatch.context() as m:
        if plain:
            m.setattr(spec_validator, "SpecValidator", PlainValidator)
        data = copy.deepcopy(loaded.data)
        document, problems = spec_validator.validate(
            Loaded(loaded.file, data, loaded.positions, list(loaded.warnings)), kind, registry
        )
    return document, [(p.file, p.line, p.col, p.path, p.message, p.hint, p.severity) for p in problems]


def _paths(node: Any, path: tuple = (), inside_list: bool = False) -> list[tuple]:
    """Every path below a list item (where the compiled checks work)."""
    out = [path] if inside_list else []
    if isinstance(node, dict):
        for k, v in node.items():
            out += _paths(v, path + (k,), inside_list)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += _paths(v, path + (i,), True)
    return out


REPLACEMENTS = [None, "", " ", 0, -1, 1.5, True, [], {}, ["x"], [1, "a"], {"a b": None}, {"ten": "X"}, "x" * 3]
REPLACEMENTS += ["Sở Ngoại vụ", "Sở Không Có", "2026-2099", "Hàng năm", 1800, 2027, "a b", "nhiem_vu", "day_du"]


def _mutate(data: Any, rng: random.Random) -> Any:
    data = copy.deepcopy(data)
    for _ in range(rng.choice((1, 1, 2, 3))):
        paths = _paths(data)
        if not paths:
            return data
        path = rng.choice(paths)
        parent = data
        for step in path[:-1]:
            parent = parent[step]
        key = path[-1]
        action = rng.random()
        if action < 0.15 and isinstance(parent, dict):
            del parent[key]
        elif action < 0.25 and isinstance(parent, dict):
            parent[rng.choice(["ten_sai", "chu_tr", "ghi_chu", "nam", "mo_ta"])] = rng.choice(REPLACEMENTS)
        else:
            parent[key] = copy.deepcopy(rng.choice(REPLACEMENTS))
    return data


@pytest.mark.parametrize("spec", SPECS, ids=lambda p: str(p.relative_to(ROOT)))
def test_same_problems_and_document_as_plain_cerberus(spec: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    loaded = load_spec(spec)
    kind = api.KINDS[loaded.data["loai"]].schema
    try:
        registry = api.registry_for(spec, loaded.data)
    except Exception:  # noqa: BLE001 - a fixture whose registry does not load: checked without one
        registry = None
    original = _run(loaded, kind, registry, True, monkeypatch)
    assert _run(loaded, kind, registry, False, monkeypatch) == original
    rng = random.Random(f"20-{spec.name}")
    differing = 0
    for _ in range(16):
        mutant = Loaded(loaded.file, _mutate(loaded.data, rng), loaded.positions, loaded.warnings)
        fast = _run(mutant, kind, registry, False, monkeypatch)
        assert fast == _run(mutant, kind, registry, True, monkeypatch)
        differing += fast[1] != original[1]
    assert differing >= 8  # the damage was seen: these runs compared reports with errors in them


def test_checker_verdicts_follow_cerberus() -> None:
    """Item by item: a value the checker clears gets no error from Cerberus; rules it cannot compile are
    left to Cerberus (None)."""
    compiler = spec_validator._compiler()
    registry = spec_validator._rules_registry()
    checker = compiler.checker("nhiem_vu", top=True)
    assert checker is not None
    task = {"ten": "Trao đổi đoàn", "chu_tri": "Sở Ngoại vụ", "thoi_gian": "2026", "nam": [2026], "hien_thi": "gach"}
    assert checker(task)
    for bad in ({**task, "hien_thi": "khac"}, {**task, "ten": ""}, {"chu_tri": "X"}, {**task, "la": 1}, "chuỗi"):
        assert not checker(bad)
        v = PlainValidator(
            {"x": {"type": "list", "schema": "nhiem_vu"}},
            rules_set_registry=registry,
            schema_registry=spec_validator._schema_registry(),
        )
        assert not v.validate({"x": [bad]})
        assert v.validate({"x": [task]}), v.errors
    assert not checker({**task, "mo_ta": ["một đoạn"]})  # below it a check_with: Cerberus validates it
    assert compiler.checker({"type": "string", "forbidden": ["x"]}) is None
    assert compiler.normaliser({"type": "string", "default": "x"}) is None


def test_normaliser_coerces_like_cerberus() -> None:
    registry = spec_validator._rules_registry()
    v = PlainValidator({"x": {"type": "list", "schema": "nhiem_vu"}}, rules_set_registry=registry)
    normaliser = Compiler(lambda r: registry.get(r) if isinstance(r, str) else r, v.types_mapping).normaliser(
        "nhiem_vu"
    )
    assert normaliser is not None
    item = {"ten": "A", "id": 12, "chu_tri": ["Sở A", " Sở B "], "nam": 2026, "so_tien": {2026: 1}}
    plain = v.normalized({"x": [item]})
    assert normaliser(item, v) == plain["x"][0]
    assert normaliser(item, v) is not item and item["nam"] == 2026  # a copy: the loaded data is left as read
    assert Compiler(lambda r: r, v.types_mapping).normaliser({"schema": "khoi"}).containers({"a": 1}, v) is DECLINE
