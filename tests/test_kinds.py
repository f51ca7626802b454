"""The kinds table: one module per kind, each declaring what its outputs use; the kind checks of commands."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from drafting import api
from drafting.cli import app
from drafting.errors import SpecError
from drafting.kinds import KINDS, expect_kind
from drafting.resources import templates_dir

ROOT = Path(__file__).resolve().parent.parent
SPECS = sorted((ROOT / "examples").rglob("*.yaml")) + sorted((ROOT / "tests" / "fixtures").glob("*.yaml"))
SPECS = [p for p in SPECS if p.name not in api.NOT_SPECS]


def test_each_kind_is_its_own_module_and_the_table_is_keyed_by_name():
    assert set(KINDS) == {"ke_hoach", "tien_do", "thoa_thuan"}
    for name, kind in KINDS.items():
        assert kind.name == name
        module = importlib.import_module(f"drafting.kinds.{name}")
        assert module.KIND is kind
        assert (ROOT / "specs" / "schemas" / f"{kind.schema}.yaml").is_file()
        for template in kind.templates:
            assert (templates_dir() / template).is_file(), template


@pytest.mark.parametrize("spec", SPECS, ids=lambda p: str(p.relative_to(ROOT)))
def test_outputs_use_only_the_templates_their_kind_declares(spec):
    checked = api.check(spec)
    used = {o.template for o in checked.kind.outputs(checked.model) if o.template}
    assert used, spec
    assert used <= set(checked.kind.templates)


def test_the_kinds_of_the_examples_cover_the_table():
    kinds = {api.check(spec).kind.name for spec in SPECS}
    assert kinds == set(KINDS)


def test_expect_kind_names_the_kind_wanted_and_the_purpose():
    with pytest.raises(SpecError) as err:
        expect_kind(KINDS["ke_hoach"], "tien_do", "a.yaml", "báo cáo lập từ tệp tiến độ")
    (problem,) = err.value.problems
    assert problem.path == "loai"
    assert problem.message == "tệp này không phải đặc tả tiến độ thực hiện (loai: tien_do): báo cáo lập từ tệp tiến độ"
    expect_kind(KINDS["tien_do"], "tien_do", "a.yaml", "x")  # the right kind passes


def test_report_and_diff_refuse_a_spec_of_another_kind(tmp_path):
    runner = CliRunner()
    plan = ROOT / "tests" / "fixtures" / "quang-tri-2027.yaml"
    r = runner.invoke(app, ["report", str(plan), str(plan), "-o", str(tmp_path)])
    assert r.exit_code == 1, r.output
    assert "không phải đặc tả tiến độ thực hiện (loai: tien_do)" in r.output
    progress = ROOT / "tests" / "fixtures" / "tien-do.yaml"
    r = runner.invoke(app, ["diff", str(progress), str(plan), "-o", str(tmp_path / "d.docx")])
    assert r.exit_code == 1, r.output
    assert "so sánh hiện chỉ áp dụng cho kế hoạch" in r.output
    assert list(tmp_path.iterdir()) == []


def test_a_referenced_plan_is_checked_with_its_own_registry():
    progress = api.check(ROOT / "tests" / "fixtures" / "tien-do.yaml")
    plan = api.check(ROOT / "tests" / "fixtures" / progress.model.plan_file)
    assert progress.model.registry is not None
    assert progress.model.registry == plan.registry
