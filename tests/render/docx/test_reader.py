"""The lossless reader on small documents written by hand: each Word feature, what it shows, what it hides."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "workflows"))
from drafting.render.docx.reader import read_docx  # noqa: E402

import formfill as ff  # noqa: E402

CT = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/></Types>'
)


def _docx(tmp: Path, body: str, name: str = "t.docx") -> Path:
    path = tmp / name
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", CT)
        z.writestr("word/document.xml", f"<w:document {ff.NS}><w:body>{body}</w:body></w:document>")
    return path


def _tc(text: str, extra: str = "") -> str:
    return f"<w:tc><w:tcPr>{extra}</w:tcPr><w:p>{ff.r(text)}</w:p></w:tc>" if text is not None else ""


def test_tracked_changes_keep_the_accepted_text(tmp_path):
    body = _p(ff.r("Đã cử "), ff.dele("3 "), ff.ins("5 "), ff.r("đoàn"), ff.move_from(" cũ"), ff.move_to("."))
    doc = read_docx(_docx(tmp_path, body))
    assert doc.paragraphs == ["Đã cử 5 đoàn."]
    assert [(r.loai, r.tac_gia, r.ngay, r.so_ky_tu) for r in doc.revisions] == [
        ("xóa", "Nguyễn Văn An", "2026-06-02", 2),
        ("chèn", "Nguyễn Văn An", "2026-06-02", 2),
        ("chuyển đi", "Nguyễn Văn An", "2026-06-02", 3),
        ("chuyển đến", "Nguyễn Văn An", "2026-06-02", 1),
    ]


def _p(*inline: str) -> str:
    return "<w:p>" + "".join(inline) + "</w:p>"


def test_controls_tags_fields_links_and_boxes(tmp_path):
    body = (
        _p(ff.sdt(ff.r("trong ô nhập")))
        + ff.sdt(_p(ff.r("khối nhập")))
        + _p(ff.sdt(ff.r("Nhập tại đây"), True))
        + _p(ff.smart_tag("Hà Nội"), ff.r(" - "), ff.hyperlink("liên kết"))
        + _p(ff.r("trang "), ff.simple_field("3"), ff.r(" / "), ff.complex_field(" NUMPAGES ", "9"))
        + _p(ff.r("trước hộp"), ff.text_box("trong hộp"))
    )
    doc = read_docx(_docx(tmp_path, body))
    assert doc.paragraphs == [
        "trong ô nhập",
        "khối nhập",
        "",
        "Hà Nội - liên kết",
        "trang 3 / 9",
        "trước hộp",
        "trong hộp",
    ]


def test_table_cells_by_grid_position(tmp_path):
    span = '<w:gridSpan w:val="2"/>'
    restart, cont = '<w:vMerge w:val="restart"/>', "<w:vMerge/>"
    gone = '<w:trPr><w:del w:id="9" w:author="X" w:date="2026-01-01T00:00:00Z"/></w:trPr>'
    body = (
        "<w:tbl><w:tblGrid>" + '<w:gridCol w:w="1"/>' * 3 + "</w:tblGrid>"
        f"<w:tr>{_tc('A')}{_tc('B')}{_tc('C')}</w:tr>"
        f"<w:tr>{_tc('gộp ngang', span)}{_tc('C2', restart)}</w:tr>"
        "<w:tr><w:trPr><w:gridBefore w:val='1'/></w:trPr>"
        f"{_tc('B3')}{_tc('', cont)}</w:tr>"
        f"<w:tr>{gone}{_tc('xóa')}"
        f"{_tc('')}{_tc('')}</w:tr>"
        "</w:tbl>"
    )
    (t,) = read_docx(_docx(tmp_path, body)).tables
    g = t.grid()
    assert len(g) == 3 and t.ncols == 3
    assert [c.text if c else None for c in g[1]] == ["gộp ngang", "gộp ngang", "C2"]
    assert [c.text if c else None for c in g[2]] == [None, "B3", "C2"]
    assert g[1][2] is g[2][2] and g[1][2].rowspan == 2
    assert "xóa" not in [c.text for row in t.rows for c in row]


def test_nested_table_text_is_in_its_cell(tmp_path):
    inner = f"<w:tbl><w:tr>{_tc('Đợt 1')}{_tc('500')}</w:tr><w:tr>{_tc('Đợt 2')}{_tc('700')}</w:tr></w:tbl>"
    body = f"<w:tbl><w:tr><w:tc><w:p>{ff.r('Theo đợt:')}</w:p>{inner}<w:p/></w:tc></w:tr></w:tbl>"
    (t,) = read_docx(_docx(tmp_path, body)).tables
    assert t.rows[0][0].text == "Theo đợt:\nĐợt 1 | 500\nĐợt 2 | 700\n"
    assert len(t.rows[0][0].tables) == 1


def test_comments_with_author_date_and_anchor(tmp_path):
    from docx import Document

    doc = Document()
    p = doc.add_paragraph("Đoạn có nhận xét")
    doc.add_comment(p.runs, text="Xem lại số liệu", author="Lê Thị Hoa", initials="LTH")
    path = tmp_path / "c.docx"
    doc.save(str(path))
    (c,) = read_docx(path).comments
    assert (c.tac_gia, c.van_ban, c.vi_tri) == ("Lê Thị Hoa", "Xem lại số liệu", "Đoạn có nhận xét")
    assert len(c.ngay) == 10


def test_footnotes_are_read(tmp_path):
    path = tmp_path / "f.docx"
    rels = (
        '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'footnotes" Target="footnotes.xml"/></Relationships>'
    )
    notes = (
        f'<w:footnotes {ff.NS}><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
        f'</w:footnote><w:footnote w:id="1"><w:p>{ff.r("Số liệu đến 31/5")}{ff.dele("cũ")}</w:p></w:footnote>'
        "</w:footnotes>"
    )
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", CT)
        z.writestr("word/document.xml", f"<w:document {ff.NS}><w:body><w:p>{ff.r('Thân')}</w:p></w:body></w:document>")
        z.writestr("word/_rels/document.xml.rels", rels)
        z.writestr("word/footnotes.xml", notes)
    doc = read_docx(path)
    assert doc.notes == ["Số liệu đến 31/5"] and doc.paragraphs == ["Thân"]


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed (.ci/run installs it)")
def test_a_doc_form_is_converted_and_collected(tmp_path):
    """A department saves its form as Word 97-2003 (.doc): collect converts it with LibreOffice and reads it."""
    from ruamel.yaml import YAML
    from typer.testing import CliRunner

    from drafting.cli import app
    from drafting.vi.timeline import parse_period
    from drafting.workflows.shells import write_shells

    plan = Path(__file__).resolve().parents[2] / "fixtures" / "quang-tri-2026-2028.yaml"
    form = {p.name: p for p in write_shells(plan, parse_period("quý I năm 2026"), tmp_path / "forms")}[
        "phieu-so-y-te.docx"
    ]
    doc = ff.open_form(form)
    row = ff.rows_by_id(ff.form_table(doc))["2.1"]
    ff.set_cell(row.cells[2], "Hoàn thành")
    ff.set_cell(row.cells[3], "Đã đào tạo 12 điều dưỡng")
    ff.set_cell(row.cells[4], "45.500.000")
    filled = tmp_path / "phieu-so-y-te.docx"
    doc.save(str(filled))
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--headless",
            "--convert-to",
            "doc",
            "--outdir",
            str(tmp_path / "doc"),
            str(filled),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    doc_file = tmp_path / "doc" / "phieu-so-y-te.doc"
    assert doc_file.read_bytes()[:4] == b"\xd0\xcf\x11\xe0"
    out = tmp_path / "td.yaml"
    r = CliRunner().invoke(app, ["collect", str(plan), str(doc_file), "-o", str(out)])
    assert r.exit_code == 0, r.output
    data = YAML(typ="safe").load(out.read_text(encoding="utf-8"))
    (e,) = data["ket_qua"]
    assert (e["nhiem_vu"], e["don_vi"], e["ket_qua"], e["kinh_phi"]) == (
        "2.1",
        "Sở Y tế",
        "Đã đào tạo 12 điều dưỡng",
        45_500_000,
    )
    assert data["ky"] == "quý I năm 2026"
