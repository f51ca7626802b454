"""`drafting kiem-tra`: every output of the project passes; each rule catches a deliberately broken copy."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm
from typer.testing import CliRunner

from drafting import api
from drafting.cli import app
from drafting.errors import ExitCode
from drafting.workflows.kiem_tra import RULES, check_document

from conftest import EXAMPLES

runner = CliRunner()


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> dict[str, Path]:
    """Every .docx the examples make, the report forms of a period, and the bảng so sánh of two drafts."""
    out = tmp_path_factory.mktemp("outputs")
    found: dict[str, Path] = {}
    for spec in api.find_specs(EXAMPLES):
        rel = spec.relative_to(EXAMPLES).parent
        for p in api.render(spec, out / rel):
            if p.suffix == ".docx":
                found[str(p.relative_to(out))] = p
    from drafting.vi.timeline import parse_period
    from drafting.workflows.shells import write_shells

    for p in write_shells(EXAMPLES / "gia-lai-2026-2030" / "ke-hoach.yaml", parse_period("2026"), out / "phieu"):
        found[f"phieu/{p.name}"] = p
    return found


def test_every_output_of_the_project_passes(outputs):
    assert len(outputs) >= 10
    for name, path in outputs.items():
        findings = check_document(path, name)
        assert not findings, "\n".join(f.format() for f in findings)


def _copy(outputs, tmp_path, name="bac-ninh-2026-2030/ke-hoach.docx") -> tuple[Path, Document]:
    path = tmp_path / "sua.docx"
    shutil.copy(outputs[name], path)
    return path, Document(str(path))


def _set_text(p, text: str) -> None:
    runs = p.runs
    runs[0].text = text
    for r in runs[1:]:
        r._r.getparent().remove(r._r)


def _para(doc, start: str):
    for p in doc.paragraphs:
        if p.text.startswith(start):
            return p
    for t in doc.tables:
        for row in t.rows:
            for cell in row.cells:
                for p in cell.paragraphs:
                    if p.text.startswith(start):
                        return p
    raise AssertionError(start)


def _break_page(doc):
    doc.sections[0].page_width = Mm(216)


def _break_margin(doc):
    doc.sections[0].left_margin = Mm(20)


def _break_font(doc):
    for r in _para(doc, "Cụ thể hóa").runs:
        r.font.name = "Arial"


def _break_header(doc):
    p = _para(doc, "CỘNG HÒA")
    _set_text(p, "Cộng hòa xã hội chủ nghĩa Việt Nam")


def _break_number(doc):
    _set_text(_para(doc, "Số:"), "Số: 5/KH-UBND")


def _break_date(doc):
    _set_text(_para(doc, "Bắc Ninh, ngày"), "Bắc Ninh, ngày 5 tháng 4 năm 2026")


def _break_title(doc):
    _para(doc, "KẾ HOẠCH").alignment = WD_ALIGN_PARAGRAPH.LEFT


def _break_body(doc):
    _para(doc, "Cụ thể hóa").alignment = WD_ALIGN_PARAGRAPH.LEFT


def _break_page_numbers(doc):
    doc.sections[0].different_first_page_header_footer = False


def _break_recipients(doc):
    p = _para(doc, "- Bộ Ngoại giao")
    _set_text(p, p.text.rstrip(";"))


def _break_signer(doc):
    for r in _para(doc, "TM. ỦY BAN NHÂN DÂN").runs:
        r.font.bold = False


def _break_appendix(doc):
    for r in _para(doc, "(Ban hành kèm theo").runs:
        r.font.italic = False


BREAKS = {
    "khổ giấy": (_break_page, "phải là A4"),
    "lề": (_break_margin, "lề trái 20 mm, phải từ 30 đến 35 mm"),
    "phông chữ": (_break_font, "phông Arial, phải là Times New Roman"),
    "quốc hiệu, tiêu ngữ": (_break_header, "Quốc hiệu phải viết in hoa"),
    "số, ký hiệu": (_break_number, '"05/KH-UBND"'),
    "địa danh, ngày tháng": (_break_date, '"ngày 05"'),
    "tên loại, trích yếu": (_break_title, "tên loại văn bản: in hoa, đậm, căn giữa"),
    "thân văn bản": (_break_body, "căn đều hai bên"),
    "số trang": (_break_page_numbers, "không hiện số trang ở trang đầu"),
    "nơi nhận": (_break_recipients, 'kết thúc bằng ";"'),
    "chữ ký": (_break_signer, "in hoa, đậm"),
    "phụ lục": (_break_appendix, "nghiêng, trong ngoặc đơn"),
}


def test_every_rule_has_a_broken_copy():
    assert set(BREAKS) == set(RULES)


@pytest.mark.parametrize("rule", list(BREAKS))
def test_each_rule_catches_its_broken_copy(outputs, tmp_path, rule):
    name = "ha-noi-2026-2030/ke-hoach.docx" if rule == "phụ lục" else "bac-ninh-2026-2030/ke-hoach.docx"
    path, doc = _copy(outputs, tmp_path, name)
    breaker, expected = BREAKS[rule]
    breaker(doc)
    doc.save(str(path))
    findings = check_document(path, "sua.docx")
    assert findings, rule
    assert {f.rule for f in findings} == {rule}, [f.format() for f in findings]
    assert any(expected in f.message for f in findings), [f.format() for f in findings]
    located = [f for f in findings if f.paragraph]
    if rule not in ("khổ giấy", "lề", "số trang"):
        assert located and located[0].excerpt, "a finding names its paragraph and first words"


def test_the_command_prints_the_rule_and_the_paragraph_and_exits_1(outputs, tmp_path):
    path, doc = _copy(outputs, tmp_path)
    _break_date(doc)
    doc.save(str(path))
    r = runner.invoke(app, ["kiem-tra", str(path)])
    assert r.exit_code == ExitCode.SPEC_INVALID
    assert "[địa danh, ngày tháng] ngày nhỏ hơn 10 phải có số 0 phía trước" in r.output
    assert '("Bắc Ninh, ngày 5 tháng 4 năm 2026")' in r.output
    r = runner.invoke(app, ["kiem-tra", "--json", str(path)])
    data = json.loads(r.output)
    assert data[0]["quy_tac"] == "địa danh, ngày tháng" and data[0]["doan"] > 0
    r = runner.invoke(app, ["kiem-tra", str(outputs["bac-ninh-2026-2030/ke-hoach.docx"])])
    assert r.exit_code == 0 and "tất cả đúng thể thức" in r.output


@pytest.mark.parametrize(
    "content,expected",
    [
        (b"not a zip", "không phải tệp Word (.docx)"),
        (b"PK\x03\x04" + b"\0" * 100, "bị hỏng"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "Word 97-2003 (.doc)"),
    ],
)
def test_a_file_that_is_not_a_docx_is_named_and_exits_3(tmp_path, content, expected):
    path = tmp_path / "nhan-duoc.docx"
    path.write_bytes(content)
    r = runner.invoke(app, ["kiem-tra", str(path)])
    assert r.exit_code == ExitCode.IO and expected in r.output and "Traceback" not in r.output


def test_a_zip_bomb_is_refused_before_parsing(tmp_path):
    """The caps of the reporting loop (render/docx/safezip.py) apply: 21 MB of one part is refused."""
    import zipfile

    path = tmp_path / "bom.docx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b"<w:document/>" + b" " * (21 * 1024 * 1024))
    findings = check_document(path)
    assert len(findings) == 1 and findings[0].rule == "tệp"
    assert "quá lớn" in findings[0].message or "bom nén" in findings[0].message, findings[0].message
