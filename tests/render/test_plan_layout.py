"""The rendered plan follows Decree 30's layout rules: read back from the .docx with python-docx."""

from __future__ import annotations

import re
import zipfile

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

EMU_PER_MM = 36000


@pytest.fixture(scope="module")
def doc(bac_ninh_docx):
    return Document(str(bac_ninh_docx))


def _mm(length) -> float:
    return round(length / EMU_PER_MM, 1)


def _runs(p):
    return [r for r in p.runs if r.text]


def _eff(paragraph, run, attr):
    """Effective run property: run, then paragraph style chain, then None."""
    v = getattr(run.font, attr)
    if v is not None:
        return v
    st = paragraph.style
    while st is not None:
        v = getattr(st.font, attr)
        if v is not None:
            return v
        st = st.base_style
    return None


def _eff_pf(paragraph, attr):
    v = getattr(paragraph.paragraph_format, attr)
    if v is not None:
        return v
    st = paragraph.style
    while st is not None:
        v = getattr(st.paragraph_format, attr)
        if v is not None:
            return v
        st = st.base_style
    return None


def _find(doc, text):
    for p in doc.paragraphs:
        if p.text.strip() == text:
            return p
    for t in doc.tables:
        for row in t.rows:
            for cell in row.cells:
                for p in cell.paragraphs:
                    if p.text.strip() == text:
                        return p
    raise AssertionError(f"paragraph {text!r} not found")


def test_page_is_a4_portrait_with_decree_margins(doc):
    # the plan itself is the first section; the budget sheet (appendix) follows as a landscape section
    assert len(doc.sections) == 2
    s = doc.sections[0]
    assert s.orientation == WD_ORIENT.PORTRAIT
    assert (_mm(s.page_width), _mm(s.page_height)) == (210.0, 297.0)
    assert 20 <= _mm(s.top_margin) <= 25
    assert 20 <= _mm(s.bottom_margin) <= 25
    assert 30 <= _mm(s.left_margin) <= 35
    assert 15 <= _mm(s.right_margin) <= 20


def test_page_number_centred_in_header_not_on_first_page(doc):
    s = doc.sections[0]
    assert s.different_first_page_header_footer is True
    assert s.first_page_header.is_linked_to_previous is False
    assert "".join(p.text for p in s.first_page_header.paragraphs).strip() == ""
    xml = s.header._element.xml
    assert re.search(r'w:instr="\s*PAGE\s*"', xml), "no PAGE field in the default header"
    p = s.header.paragraphs[0]
    assert p.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert 'w:sz w:val="28"' in xml or 'w:sz w:val="26"' in xml  # 13–14 pt


def test_times_new_roman_everywhere(bac_ninh_docx):
    with zipfile.ZipFile(bac_ninh_docx) as z:
        for name in z.namelist():
            if not name.endswith(".xml"):
                continue
            xml = z.read(name).decode("utf-8")
            if name == "word/numbering.xml":
                continue  # bullet glyph fonts (Symbol) of Word's built-in list styles
            for tag in re.findall(r"<w:rFonts\b[^>]*>", xml):
                for font in re.findall(r'w:(?:ascii|hAnsi|cs|eastAsia)="([^"]+)"', tag):
                    assert font == "Times New Roman", f"{name} uses font {font}"
            assert "Theme=" not in "".join(re.findall(r"<w:rFonts\b[^>]*>", xml)), name
    doc = Document(str(bac_ninh_docx))
    defaults = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    assert defaults.find(qn("w:rFonts")).get(qn("w:ascii")) == "Times New Roman"


def test_header_block(doc):
    header = doc.tables[0]
    left = header.cell(0, 0).text.split("\n")
    assert left == ["ỦY BAN NHÂN DÂN", "TỈNH BẮC NINH", ""] or left[:2] == ["ỦY BAN NHÂN DÂN", "TỈNH BẮC NINH"]
    agency = _find(doc, "ỦY BAN NHÂN DÂN\nTỈNH BẮC NINH") if False else header.cell(0, 0).paragraphs[0]
    assert all(_eff(agency, r, "bold") for r in agency.runs if r.text.strip())
    assert 12 <= _eff(agency, _runs(agency)[0], "size").pt <= 13
    qh = _find(doc, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    assert _eff(qh, _runs(qh)[0], "bold") and 12 <= _eff(qh, _runs(qh)[0], "size").pt <= 13
    tn = _find(doc, "Độc lập - Tự do - Hạnh phúc")
    assert _eff(tn, _runs(tn)[0], "bold") and 13 <= _eff(tn, _runs(tn)[0], "size").pt <= 14
    # a solid line under the agency and under the Tiêu ngữ: a paragraph with a top border
    for cell in (header.cell(0, 0), header.cell(0, 1)):
        assert cell._tc.xml.count("<w:top ") >= 1 and 'w:val="single"' in cell._tc.xml
    so = header.cell(1, 0).paragraphs[0]
    assert re.fullmatch(r"Số:\s+/KH-UBND", so.text.replace("\u00a0", " ")), so.text
    assert _eff(so, _runs(so)[0], "size").pt == 13
    date = header.cell(1, 1).paragraphs[0]
    assert re.fullmatch(r"Bắc Ninh, ngày\s+tháng 4 năm 2026", date.text.replace("\u00a0", " ")), date.text
    assert all(_eff(date, r, "italic") for r in date.runs if r.text.strip())
    assert 13 <= _eff(date, _runs(date)[0], "size").pt <= 14


def test_title_and_trich_yeu(doc):
    title = _find(doc, "KẾ HOẠCH")
    assert _eff_pf(title, "alignment") == WD_ALIGN_PARAGRAPH.CENTER
    assert _eff(title, _runs(title)[0], "bold") and 13 <= _eff(title, _runs(title)[0], "size").pt <= 14
    ty = doc.paragraphs[[p.text for p in doc.paragraphs].index("KẾ HOẠCH") + 1]
    assert ty.text.startswith("Thực hiện Thỏa thuận hợp tác giữa UBND tỉnh Bắc Ninh")
    assert _eff_pf(ty, "alignment") == WD_ALIGN_PARAGRAPH.CENTER
    assert _eff(ty, _runs(ty)[0], "bold")
    rule = doc.paragraphs[[p.text for p in doc.paragraphs].index("KẾ HOẠCH") + 2]
    assert rule.text == "" and "<w:top " in rule._p.xml


def test_body_paragraphs_justified_indented_spaced(doc):
    body = [p for p in doc.paragraphs if p.style.name in ("VB Đoạn", "VB Mục") and p.text.strip()]
    assert len(body) > 100
    for p in body:
        assert _eff_pf(p, "alignment") == WD_ALIGN_PARAGRAPH.JUSTIFY
        indent = _eff_pf(p, "first_line_indent")
        assert indent is not None and Mm(9.5) <= indent <= Mm(13), p.text[:40]
        before = _eff_pf(p, "space_before") or Pt(0)
        after = _eff_pf(p, "space_after") or Pt(0)
        assert max(before, after) >= Pt(6)
        for r in p.runs:
            size = _eff(p, r, "size")
            assert size is not None and Pt(13) <= size <= Pt(14)


def test_headings_bold_roman_and_arabic(doc):
    texts = [p.text for p in doc.paragraphs]
    for h in ("I. MỤC ĐÍCH, YÊU CẦU", "II. NỘI DUNG", "III. KINH PHÍ", "IV. TỔ CHỨC THỰC HIỆN"):
        p = _find(doc, h)
        assert all(_eff(p, r, "bold") for r in p.runs if r.text.strip()), h
    assert "1. Mục đích" in texts and "2. Yêu cầu" in texts
    p = _find(doc, "1. Mục đích")
    assert _eff(p, _runs(p)[0], "bold")
    # task numbers are bold, the title that follows is not
    t = next(p for p in doc.paragraphs if p.text.startswith("1.1. Đẩy mạnh tuyên truyền"))
    assert _runs(t)[0].text == "1.1." and _eff(t, _runs(t)[0], "bold")
    assert not _eff(t, _runs(t)[-1], "bold")
    # task lines are italic
    line = next(p for p in doc.paragraphs if p.text.startswith("Cơ quan chủ trì: Báo và Phát thanh"))
    assert all(_eff(line, r, "italic") for r in _runs(line))


def test_recipients_and_signer(doc):
    sig = next(t for t in doc.tables if t.cell(0, 0).text.startswith("Nơi nhận:"))
    left = sig.cell(0, 0).paragraphs
    assert left[0].text == "Nơi nhận:"
    r0 = _runs(left[0])[0]
    assert _eff(left[0], r0, "bold") and _eff(left[0], r0, "italic") and _eff(left[0], r0, "size") == Pt(12)
    items = [p for p in left[1:] if p.text.strip()]
    assert items[0].text == "- Bộ Ngoại giao (đề b/c);"
    assert items[-1].text == "- Lưu: VT, NgV.Thu."
    assert all(p.text.startswith("- ") for p in items)
    assert all(p.text.endswith(";") for p in items[:-1])
    for p in items:
        assert _eff(p, _runs(p)[0], "size") == Pt(11)
    right = [p.text for p in sig.cell(0, 1).paragraphs if p.text.strip()]
    assert right == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Mai Sơn"]
    for p in sig.cell(0, 1).paragraphs:
        for r in p.runs:
            if r.text.strip():
                assert _eff(p, r, "bold")
    # the signer block is the right half of the page
    widths = [c.width for c in sig.rows[0].cells]
    assert widths[1] >= Mm(80)


def test_closing_ends_with_slash_dot(doc):
    body = [p.text for p in doc.paragraphs if p.text.strip()]
    closing = body[body.index("Phụ lục") - 1]
    assert closing.startswith("Trong quá trình thực hiện") and closing.endswith("./.")
