"""drafting moi: a commented skeleton that checks clean and renders; its JSON Schema line (issue 16, item 3)."""

from __future__ import annotations

import json

import jsonschema
import pytest
from docx import Document
from ruamel.yaml import YAML
from typer.testing import CliRunner

from drafting import api
from drafting.cli import app
from drafting.spec.json_schema import json_schema_text

from conftest import as_read

runner = CliRunner()


def _moi(*args):
    return runner.invoke(app, ["moi", "ke_hoach", *args])


@pytest.fixture(scope="module")
def three_years(tmp_path_factory):
    folder = tmp_path_factory.mktemp("moi") / "quang-tri"
    r = _moi(str(folder), "--tinh", "Quảng Trị", "--giai-doan", "2027 - 2029", "--doi-tac", "Savannakhet")
    assert r.exit_code == 0, r.output
    return folder


def test_writes_the_spec_its_schema_and_the_registry(three_years):
    spec = three_years / "ke-hoach.yaml"
    text = spec.read_text(encoding="utf-8")
    first = text.splitlines()[0]
    assert first == "# yaml-language-server: $schema=.drafting/ke_hoach.schema.json"
    schema = three_years / ".drafting" / "ke_hoach.schema.json"
    assert schema.read_text(encoding="utf-8") == json_schema_text("ke_hoach")
    registry = (three_years / "co-quan.yaml").read_text(encoding="utf-8")
    assert "- ten: Chính quyền tỉnh Savannakhet" in registry
    assert "- ten: Báo và Phát thanh, Truyền hình Quảng Trị" in registry
    # every block is explained: comment lines before the blocks a clerk fills in
    for block in ("co_quan_ban_hanh:", "so: null", "trich_yeu:", "phan:", "noi_nhan:", "nguoi_ky:"):
        before = text.split("\n" + block, 1)[0].rstrip().splitlines()[-1]
        assert before.lstrip().startswith("#"), block
    data = YAML(typ="safe").load(text)
    assert data["giai_doan"] == {"tu": 2027, "den": 2029}
    assert data["trich_yeu"] == (
        "Triển khai thực hiện hợp tác giữa tỉnh Quảng Trị và tỉnh Savannakhet giai đoạn 2027-2029"
    )
    assert data["co_quan_ban_hanh"]["dong"] == ["ỦY BAN NHÂN DÂN", "TỈNH QUẢNG TRỊ"]
    errors = list(jsonschema.Draft202012Validator(json.loads(schema.read_text(encoding="utf-8"))).iter_errors(data))
    assert not errors


def test_checks_clean_and_renders(three_years, tmp_path):
    spec = three_years / "ke-hoach.yaml"
    r = runner.invoke(app, ["check", "--strict", str(spec)])
    assert r.exit_code == 0, r.output
    assert "cảnh báo" not in r.output and "hợp lệ (Kế hoạch)" in r.output
    r = runner.invoke(app, ["render", str(spec), "-o", str(tmp_path)])
    assert r.exit_code == 0, r.output
    doc = Document(str(tmp_path / "ke-hoach.docx"))
    body = [" ".join(as_read(p.text).split()) for p in doc.paragraphs]  # a title's line breaks read as spaces
    header = " ".join(c.text for t in doc.tables for row in t.rows for c in row.cells)
    assert "TỈNH QUẢNG TRỊ" in header and "Quảng Trị, ngày" in header
    assert "KẾ HOẠCH" in body
    assert "Triển khai thực hiện hợp tác giữa tỉnh Quảng Trị và tỉnh Savannakhet giai đoạn 2027-2029" in body
    assert any(t.startswith("I. MỤC ĐÍCH, YÊU CẦU") for t in body)
    assert any("Nêu nhiệm vụ thứ nhất." in t for t in body)
    assert any(t.startswith("III. TỔ CHỨC THỰC HIỆN") for t in body)


def test_one_year_plan(tmp_path):
    r = _moi(str(tmp_path), "--tinh", "Quảng Trị", "--giai-doan", "2027", "--doi-tac", "Savannakhet")
    assert r.exit_code == 0, r.output
    spec = tmp_path / "ke-hoach.yaml"
    checked = api.check(spec, strict=True)
    plan = checked.model
    assert plan.giai_doan == (2027, 2027)
    assert plan.trich_yeu.endswith("năm 2027") and "2027-2027" not in spec.read_text(encoding="utf-8")
    assert [t.thoi_gian for t in plan.tasks] == ["Cả năm"]  # a label inside the year: the plan's year
    from drafting.model.progress import task_years

    assert task_years(plan.tasks[0], plan) == (2027,)


def test_a_city_is_a_city(tmp_path):
    r = _moi(str(tmp_path), "--tinh", "Hà Nội", "--giai-doan", "2027-2028", "--doi-tac", "Viêng Chăn")
    assert r.exit_code == 0, r.output
    plan = api.check(tmp_path / "ke-hoach.yaml", strict=True).model
    assert plan.co_quan_ban_hanh.ten == "Ủy ban nhân dân thành phố Hà Nội"


def test_never_overwrites_a_spec(three_years):
    spec = three_years / "ke-hoach.yaml"
    before = spec.read_bytes()
    r = _moi(str(three_years), "--tinh", "Quảng Bình")
    assert r.exit_code == 3 and "tệp đã có; không ghi đè" in r.output
    assert spec.read_bytes() == before


@pytest.mark.parametrize("period", ["2027/2029", "2029-2027", "hai năm"])
def test_a_bad_period_is_a_usage_error(tmp_path, period):
    r = _moi(str(tmp_path), "--giai-doan", period)
    assert r.exit_code == 2 and "--giai-doan" in r.output, r.output
    assert not (tmp_path / "ke-hoach.yaml").exists()


def test_an_unknown_kind_is_a_usage_error(tmp_path):
    r = runner.invoke(app, ["moi", "cong_van", str(tmp_path)])
    assert r.exit_code == 2 and 'chưa có bản khung cho loại "cong_van"' in r.output


def test_without_options_the_placeholders_say_what_to_fill_in(tmp_path):
    r = runner.invoke(app, ["moi", "ke_hoach", str(tmp_path)])
    assert r.exit_code == 0, r.output
    plan = api.check(tmp_path / "ke-hoach.yaml", strict=True).model
    assert plan.co_quan_ban_hanh.ten == "Ủy ban nhân dân tỉnh (tên tỉnh)"
    assert plan.trich_yeu.startswith("Triển khai thực hiện hợp tác giữa tỉnh (tên tỉnh) và (tên địa phương đối tác)")
    assert plan.giai_doan[0] == plan.giai_doan[1]  # one year: the next one
