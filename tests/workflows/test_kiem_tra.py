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
    # electronic documents (Decree 30 Art. 15.3): every plan and report, and a plan whose appendix is a file of
    # its own (the reserved area for the digital signature line)
    for spec in api.find_specs(EXAMPLES):
        rel = spec.relative_to(EXAMPLES).parent
        for p in api.render(spec, out / "dien-tu" / rel, dien_tu=True):
            if p.suffix == ".docx":
                found[f"dien-tu/{p.relative_to(out / 'dien-tu')}"] = p
    separate = out / "rieng" / "ke-hoach.yaml"
    shutil.copytree(EXAMPLES / "ha-noi-2026-2030", separate.parent, ignore=shutil.ignore_patterns("*.docx", "*.xlsx"))
    text = separate.read_text(encoding="utf-8")
    separate.write_text(
        text.replace("    kem_theo: Ban hành kèm theo\n", "    kem_theo: Ban hành kèm theo\n    tep_rieng: true\n", 1),
        encoding="utf-8",
    )
    for dien_tu in (False, True):
        for p in api.render(separate, out / "rieng" / str(dien_tu), dien_tu=dien_tu):
            if p.suffix == ".docx":
                found[f"rieng/{dien_tu}/{p.name}"] = p
    assert "rieng/True/ke-hoach-phu-luc-1.docx" in found
    # working papers: the bảng so sánh of two drafts, the review list of the returned forms
    from drafting.workflows.collect import collect, write_review_docx
    from drafting.workflows.diff import diff_specs, write_diff_docx

    old_plan, new_plan = (
        EXAMPLES / "bac-ninh-2026-2030" / "ke-hoach.yaml",
        EXAMPLES / "bac-ninh-2026-2030" / "ke-hoach-2027.yaml",
    )
    changes, _, model = diff_specs(old_plan, new_plan)
    found["bang-so-sanh.docx"] = write_diff_docx(changes, old_plan, new_plan, model, out / "bang-so-sanh.docx")
    forms = [p for k, p in found.items() if k.startswith("phieu/")]
    result = collect(EXAMPLES / "gia-lai-2026-2030" / "ke-hoach.yaml", forms[:3])
    found["ra-soat.docx"] = write_review_docx(result, out / "ra-soat.docx")
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


def _append(p, text: str) -> None:
    p.runs[-1].text += text


def _break_names(doc):
    _append(_para(doc, "Cụ thể hóa"), " Sở Kế hoạch và Đầu tư và UBND huyện Quế Võ phối hợp thực hiện.")


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
    "tên cơ quan": (
        _break_names,
        '"Sở Kế hoạch và Đầu tư" là tên cũ: không còn dùng từ ngày 01/03/2025; nay là Sở Tài chính',
    ),
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


# ------------------------------------------------------------------------------- names against the dated registry


def _names(outputs, tmp_path, text: str, *, date: str | None = None, name="bac-ninh-2026-2030/ke-hoach.docx"):
    """The "tên cơ quan" findings of the Bắc Ninh plan (dated 2026) with ``text`` added to a body paragraph, and
    its place-and-date line replaced by ``date``."""
    path, doc = _copy(outputs, tmp_path, name)
    _append(_para(doc, "Cụ thể hóa"), " " + text)
    if date is not None:
        _set_text(_para(doc, "Bắc Ninh, ngày"), date)
    doc.save(str(path))
    return [f for f in check_document(path, "sua.docx") if f.rule == "tên cơ quan"]


def test_old_names_and_district_bodies_are_named_with_their_successor(outputs, tmp_path):
    found = _names(
        outputs,
        tmp_path,
        "Sở Thông tin và Truyền thông, UBND các huyện, thị xã và Phòng Văn hóa và Thông tin huyện Quế Võ phối hợp.",
    )
    messages = [f.message for f in found]
    assert messages == [
        '"Sở Thông tin và Truyền thông" là tên cũ: không còn dùng từ ngày 01/03/2025; nay là Sở Khoa học và Công '
        "nghệ (văn bản được đối chiếu theo ngày của nó)",
        '"UBND các huyện": từ ngày 01/07/2025 không còn cấp huyện (chính quyền địa phương hai cấp); nay là UBND các '
        "xã, phường, đặc khu",
        '"Phòng Văn hóa và Thông tin huyện Quế Võ": từ ngày 01/07/2025 không còn cấp huyện (chính quyền địa phương '
        "hai cấp); nay là UBND các xã, phường, đặc khu",
    ]
    assert all(f.paragraph and f.excerpt.startswith("Cụ thể hóa") for f in found)


def test_names_are_read_as_of_the_documents_date(outputs, tmp_path):
    """The Khánh Hòa plan of 30/6/2022 names Sở Kế hoạch và Đầu tư and "UBND các huyện, thị xã, thành phố": the
    names of its day. A body that exists only from 2025 is what is wrong in it."""
    name = "khanh-hoa-2022/ke-hoach.docx"
    path, doc = _copy(outputs, tmp_path, name)
    doc.save(str(path))
    assert [f for f in check_document(path) if f.rule == "tên cơ quan"] == []
    _append(_para(doc, "Thực hiện ý kiến"), " Sở Kế hoạch và Đầu tư phối hợp với Sở Nông nghiệp và Môi trường.")
    doc.save(str(path))
    assert [f.message for f in check_document(path) if f.rule == "tên cơ quan"] == [
        '"Sở Nông nghiệp và Môi trường" chỉ có từ ngày 01/03/2025, sau ngày của văn bản; trước đó là Sở Tài '
        "nguyên và Môi trường, Sở Nông nghiệp và Phát triển nông thôn"
    ]


def test_what_is_not_an_old_name_in_use_passes(outputs, tmp_path):
    text = (
        "Sở Kế hoạch và Đầu tư (cũ) đã bàn giao hồ sơ; UBND huyện Thulakhom và Ban Tuyên giáo tỉnh Xây Sớm Bun "
        "(Lào) phối hợp; công tác phòng, chống dịch tại các huyện biên giới của tỉnh bạn."
    )
    assert _names(outputs, tmp_path, text) == []


def test_a_citation_of_an_old_bodys_document_passes(outputs, tmp_path):
    path, doc = _copy(outputs, tmp_path)
    p = _para(doc, "Cụ thể hóa")
    _set_text(p, "Căn cứ Quyết định số 12/QĐ-UBND ngày 05/01/2024 của UBND huyện Quế Võ về hợp tác với Lào;")
    doc.save(str(path))
    assert [f for f in check_document(path) if f.rule == "tên cơ quan"] == []


def test_a_repeated_name_is_reported_once_with_its_count(outputs, tmp_path):
    path, doc = _copy(outputs, tmp_path)
    for p in doc.paragraphs:
        if p.text.startswith(("Cụ thể hóa", "- Bộ Ngoại giao")):
            _append(p, " Sở Ngoại vụ và Sở Kế hoạch và Đầu tư.")
    for t in doc.tables:
        for row in t.rows:
            for cell in row.cells:
                for p in cell.paragraphs:
                    if p.text.startswith("- Bộ Ngoại giao"):
                        _append(p, " Sở Kế hoạch và Đầu tư")
    doc.save(str(path))
    (found,) = [f for f in check_document(path) if f.rule == "tên cơ quan"]
    assert found.message.endswith("(và 1 chỗ khác)") and found.excerpt.startswith("Cụ thể hóa")


def test_the_workspaces_registry_beside_the_document_is_read(outputs, tmp_path):
    (tmp_path / "co-quan.yaml").write_text(
        "co_quan:\n  - ten: Trung tâm Xúc tiến Đầu tư tỉnh\n    den: 2025-09-30\n"
        "    ke_nhiem: [Trung tâm Phát triển Kinh tế tỉnh]\n",
        encoding="utf-8",
    )
    found = _names(outputs, tmp_path, "Trung tâm Xúc tiến Đầu tư tỉnh phối hợp.")
    assert [f.message for f in found] == [
        '"Trung tâm Xúc tiến Đầu tư tỉnh" là tên cũ: không còn dùng từ ngày 01/10/2025; nay là Trung tâm Phát triển '
        "Kinh tế tỉnh (văn bản được đối chiếu theo ngày của nó)"
    ]


def test_an_appendix_issued_as_its_own_file_is_held_to_the_appendix_rules(outputs, tmp_path):
    """No header block, no Nơi nhận (they are the plan's); its heading, title and reference line still count."""
    for key in ("rieng/False/ke-hoach-phu-luc-1.docx", "rieng/True/ke-hoach-phu-luc-1.docx"):
        path, doc = _copy(outputs, tmp_path, key)
        assert check_document(path) == []
        _break_appendix(doc)
        doc.save(str(path))
        assert [f.rule for f in check_document(path)] == ["phụ lục"]


def test_a_working_paper_is_held_to_the_page_rules_only(outputs, tmp_path):
    """A bảng so sánh is not issued: no header block, no signer; its page, margins and fonts still count."""
    path, doc = _copy(outputs, tmp_path, "bang-so-sanh.docx")
    assert check_document(path) == []
    doc.sections[0].left_margin = Mm(10)  # a landscape page may go down to 20 mm, not to 10
    doc.save(str(path))
    assert {f.rule for f in check_document(path)} == {"lề"}
