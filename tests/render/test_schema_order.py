"""Office XML in ECMA-376 order: every part of every template and every output, and the checker fails on
planted violations (drafting/render/docx/schema.py holds the sequences of wml.xsd it checks)."""

from __future__ import annotations

import re
import sys
import zipfile
from pathlib import Path

import pytest

from drafting import api
from drafting.render.docx.schema import canonical_part, check_package, check_part

from conftest import EXAMPLES, FIXTURES, dump_yaml, load_yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from stress import registry, stress_specs  # noqa: E402

TEMPLATES = sorted(api.TEMPLATES_DIR.glob("*.docx"))
SPECS = [p for p in sorted(EXAMPLES.rglob("*.yaml")) if p.name != "co-quan.yaml"] + [
    FIXTURES / "minimal.yaml",
    FIXTURES / "with_appendices.yaml",
]


@pytest.mark.parametrize("template", TEMPLATES, ids=[t.name for t in TEMPLATES])
def test_templates_are_in_schema_order(template):
    assert [str(v) for v in check_package(template)] == []


@pytest.mark.parametrize("spec", SPECS, ids=[p.parent.name + "/" + p.name for p in SPECS])
def test_every_output_is_in_schema_order(spec, tmp_path):
    written = api.render(spec, tmp_path)
    assert written
    for path in written:
        if path.suffix in (".docx", ".xlsx"):
            assert [str(v) for v in check_package(path)] == [], path.name


def test_stress_outputs_and_report_forms_are_in_schema_order(tmp_path):
    from drafting.vi.timeline import parse_period
    from drafting.workflows.shells import write_shells

    dump_yaml(registry(), tmp_path / "co-quan.yaml")
    paths = []
    for name, data in stress_specs(load_yaml(FIXTURES / "with_appendices.yaml")).items():
        paths += api.render(dump_yaml(data, tmp_path / f"{name}.yaml"), tmp_path / name)
    paths += write_shells(EXAMPLES / "gia-lai-2026-2030" / "ke-hoach.yaml", parse_period("2026"), tmp_path / "p")
    assert len(paths) > 10
    for path in paths:
        if path.suffix in (".docx", ".xlsx"):
            assert [str(v) for v in check_package(path)] == [], path.name


# ------------------------------------------------------------------------------ planted violations
@pytest.fixture(scope="module")
def document_xml(tmp_path_factory) -> bytes:
    out = tmp_path_factory.mktemp("planted")
    [docx] = api.render(FIXTURES / "minimal.yaml", out)
    with zipfile.ZipFile(docx) as z:
        return z.read("word/document.xml")


PLANTS = [
    # (what, regex on document.xml, replacement, message the checker must give)
    ("tblLook before tblW", r"(<w:tblW [^>]*/>)(.*?)(<w:tblLook [^>]*/>)", r"\3\2\1", "<tblW> after <tblLook>"),
    ("tblLayout twice", r"(<w:tblLayout [^>]*/>)", r"\1\1", "<tblLayout> appears more than once"),
    ("ind before spacing in a pPr", r"(<w:spacing [^>]*/>)(<w:ind [^>]*/>)", r"\2\1", "<spacing> after <ind>"),
    ("pgMar before pgSz", r"(<w:pgSz [^>]*/>)(<w:pgMar [^>]*/>)", r"\2\1", "<pgSz> after <pgMar>"),
    (
        "cantSplit twice in a trPr",
        r"<w:cantSplit/>",
        "<w:cantSplit/><w:cantSplit/>",
        "<cantSplit> appears more than once",
    ),
    (
        "rPr after the text of a run",
        r"<w:r>(<w:rPr>.*?</w:rPr>)(<w:t[ >].*?</w:t>)</w:r>",
        r"<w:r>\2\1</w:r>",
        "<rPr> after <t>",
    ),
]


@pytest.mark.parametrize("what,pattern,repl,message", PLANTS, ids=[p[0] for p in PLANTS])
def test_checker_catches_a_planted_violation(document_xml, what, pattern, repl, message):
    xml = document_xml.decode("utf-8")
    planted, n = re.subn(pattern, repl, xml, count=1, flags=re.S)
    assert n == 1, f"could not plant {what}"
    assert check_part("word/document.xml", document_xml) == []
    found = [str(v) for v in check_part("word/document.xml", planted.encode("utf-8"))]
    assert any(message.replace("<", "").replace(">", "") in f.replace("<", "").replace(">", "") for f in found), found
    if "after <t>" not in message:  # canonical order mends property containers (not run content)
        assert check_part("word/document.xml", canonical_part(planted.encode("utf-8"))) == []


def test_checker_reads_spreadsheet_order(tmp_path):
    [xlsx] = [p for p in api.render(FIXTURES / "with_appendices.yaml", tmp_path) if p.suffix == ".xlsx"]
    with zipfile.ZipFile(xlsx) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert check_part("xl/worksheets/sheet1.xml", sheet.encode()) == []
    moved = re.sub(r"(<mergeCells .*?</mergeCells>)(.*?)(<pageMargins [^>]*/>)", r"\3\2\1", sheet, count=1, flags=re.S)
    assert moved != sheet
    found = [str(v) for v in check_part("xl/worksheets/sheet1.xml", moved.encode())]
    assert any("<mergeCells> after <pageMargins>" in f for f in found), found


def test_working_papers_are_in_schema_order(tmp_path):
    """The bảng so sánh and the review list (with its page-number header) follow the schema's order too."""
    from drafting.vi.timeline import parse_period
    from drafting.workflows.collect import collect, write_review_docx
    from drafting.workflows.diff import diff_specs, write_diff_docx
    from drafting.workflows.shells import write_shells

    plan = EXAMPLES / "gia-lai-2026-2030" / "ke-hoach.yaml"
    forms = write_shells(plan, parse_period("2026"), tmp_path / "p")
    review = write_review_docx(collect(plan, forms[:2]), tmp_path / "ra-soat.docx")
    old, new = EXAMPLES / "bac-ninh-2026-2030" / "ke-hoach.yaml", EXAMPLES / "bac-ninh-2026-2030" / "ke-hoach-2027.yaml"
    changes, _, model = diff_specs(old, new)
    table = write_diff_docx(changes, old, new, model, tmp_path / "bang-so-sanh.docx")
    for path in (review, table):
        assert [str(v) for v in check_package(path)] == [], path.name
