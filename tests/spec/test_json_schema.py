"""The JSON Schema of each kind, generated from the Cerberus schemas: every example validates, mistakes do not."""

from __future__ import annotations

import copy
import datetime
import json
from pathlib import Path

import jsonschema
import pytest
from ruamel.yaml import YAML
from typer.testing import CliRunner

from drafting.cli import app
from drafting.spec.json_schema import json_schema, json_schema_text
from drafting.spec.key_docs import KEY_DOCS

from conftest import EXAMPLES, FIXTURES

KINDS = ["ke_hoach", "tien_do", "thoa_thuan"]
SPECS = sorted([*EXAMPLES.glob("*/*.yaml"), *FIXTURES.glob("*.yaml")])
SPECS = [p for p in SPECS if p.name != "co-quan.yaml"]


def as_editor_sees(node):
    """A YAML value as an editor's YAML 1.2 reader gives it: dates are text, keys are text."""
    if isinstance(node, dict):
        return {str(k): as_editor_sees(v) for k, v in node.items()}
    if isinstance(node, list):
        return [as_editor_sees(v) for v in node]
    if isinstance(node, datetime.date):
        return node.isoformat()
    return node


def load(path: Path):
    return as_editor_sees(YAML(typ="safe").load(path.read_text(encoding="utf-8")))


def validator(kind: str) -> jsonschema.Draft202012Validator:
    schema = json_schema(kind)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_there_are_specs_of_every_kind():
    assert len(SPECS) >= 10
    assert {load(p)["loai"] for p in SPECS} == set(KINDS)


@pytest.mark.parametrize("spec", SPECS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_example_validates(spec):
    data = load(spec)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator(data["loai"]).iter_errors(data)]
    assert not errors, errors[:5]


PLAN = FIXTURES / "quang-tri-2027-2029.yaml"


def _errors(data) -> list:
    return list(validator(data["loai"]).iter_errors(data))


@pytest.mark.parametrize(
    "edit, where",
    [
        (lambda d: d.update(trich_yue=d.pop("trich_yeu")), []),  # misspelt key
        (lambda d: d.pop("ky_hieu"), []),  # required key missing
        (lambda d: d["phu_luc"][0].update(don_vi=100), ["phu_luc", 0, "don_vi"]),  # 1, 1000 or 1000000
        (lambda d: d["phu_luc"][0].update(danh_so="theo_thu_tu"), ["phu_luc", 0, "danh_so"]),
        (lambda d: d["giai_doan"].update(tu="2027"), ["giai_doan", "tu"]),  # a year is a number
        (
            lambda d: d["phu_luc"][0]["nhom"][0]["dong"][0]["so_tien"].update({"2027": 1.005}),
            ["phu_luc", 0, "nhom", 0, "dong", 0, "so_tien", "2027"],
        ),
        (
            lambda d: d["phan"][1]["noi_dung"][0]["noi_dung"][0]["nhiem_vu"].update(hien_thi="ngan"),
            ["phan", 1, "noi_dung", 0, "noi_dung", 0, "nhiem_vu", "hien_thi"],
        ),
    ],
)
def test_mistakes_are_refused_where_they_are(edit, where):
    data = copy.deepcopy(load(PLAN))
    assert not _errors(data)
    edit(data)
    errors = _errors(data)
    assert errors

    def paths(errs):
        for e in errs:
            yield list(e.absolute_path)
            yield from paths(e.context or ())

    assert where in list(paths(errors)), list(paths(errors))


def test_what_cerberus_coerces_is_accepted():
    data = copy.deepcopy(load(PLAN))
    task = data["phan"][1]["noi_dung"][0]["noi_dung"][0]["nhiem_vu"]
    task["chu_tri"] = ["Sở Y tế", "Sở Ngoại vụ"]  # agencies as a list are joined
    task["id"] = 11  # a number where text is expected
    data["noi_nhan"] = "Bộ Ngoại giao (b/c)"  # one line where a list is expected
    assert not _errors(data)


def _properties(node, path=()):
    if isinstance(node, dict):
        for key, sub in node.get("properties", {}).items():
            yield path + (key,), sub
        for key, sub in node.items():
            if isinstance(sub, (dict, list)):
                yield from _properties(sub, path + ((key,) if key not in ("properties",) else ()))
    elif isinstance(node, list):
        for sub in node:
            yield from _properties(sub, path)


@pytest.mark.parametrize("kind", KINDS)
def test_every_key_is_explained_with_an_example(kind):
    props = list(_properties(json_schema(kind)))
    assert len(props) > 20
    missing = sorted({p[-1] for p, sub in props if "markdownDescription" not in sub})
    assert not missing
    for _, sub in props:
        assert "Ví dụ:\n```yaml\n" in sub["markdownDescription"]


def test_key_docs_are_vietnamese_sentences():
    for key, (text, example) in KEY_DOCS.items():
        assert (text[:1].isupper() or text.startswith(("true", "id "))) and text.endswith("."), key
        assert example.strip(), key


def test_schema_command_prints_and_writes(tmp_path):
    r = CliRunner().invoke(app, ["schema", "ke_hoach"])
    assert r.exit_code == 0, r.output
    assert r.output == json_schema_text("ke_hoach")
    assert json.loads(r.output)["title"] == "Đặc tả kế hoạch (loai: ke_hoach)"
    out = tmp_path / "ke_hoach.schema.json"
    r = CliRunner().invoke(app, ["schema", "tien-do", "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert out.read_text(encoding="utf-8") == json_schema_text("tien_do")
    assert json_schema_text("tien_do") == json_schema_text("tien_do")


def test_schema_command_refuses_an_unknown_kind():
    r = CliRunner().invoke(app, ["schema", "cong_van"])
    assert r.exit_code == 2
    assert 'không có loại đặc tả "cong_van"; chọn một trong: ke_hoach, thoa_thuan, tien_do' in r.output


def test_docs_key_reference_is_up_to_date():
    from test_docs import schema_keys

    from drafting.spec.key_docs import key_reference_markdown

    from conftest import ROOT

    text = (ROOT / "docs" / "khoa-dac-ta.md").read_text(encoding="utf-8")
    assert text == key_reference_markdown(), "run: python -m drafting.spec.key_docs > docs/khoa-dac-ta.md"
    documented = {k.rsplit(".", 1)[-1] for k in KEY_DOCS}
    keys = schema_keys(registry=False)  # the registry's keys are in docs/co-quan.md and the glossary
    assert not keys - documented, sorted(keys - documented)
