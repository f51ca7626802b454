"""Word's automatic numbering resolved to the labels a reader sees (drafting/render/docx/numbering.py)."""

from __future__ import annotations

from docx import Document
from lxml import etree

from drafting.render.docx.numbering import Numbering
from drafting.render.docx.reader import read_docx

NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def xml(s):
    return etree.fromstring(s)


NUMBERING = xml(f"""<w:numbering {NS}>
<w:abstractNum w:abstractNumId="1">
 <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl>
 <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/></w:lvl>
 <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2.%3."/></w:lvl>
 <w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%4)"/></w:lvl>
 <w:lvl w:ilvl="4"><w:numFmt w:val="bullet"/><w:lvlText w:val="\uf0b7"/></w:lvl>
</w:abstractNum>
<w:num w:numId="5"><w:abstractNumId w:val="1"/></w:num>
<w:num w:numId="6"><w:abstractNumId w:val="1"/>
 <w:lvlOverride w:ilvl="1"><w:startOverride w:val="4"/></w:lvlOverride></w:num>
</w:numbering>""")
STYLES = xml(f"""<w:styles {NS}>
<w:style w:styleId="Muc"><w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="5"/></w:numPr></w:pPr></w:style>
<w:style w:styleId="MucCon"><w:basedOn w:val="Muc"/></w:style>
</w:styles>""")


def p(level=None, num="5", style=None):
    ppr = ""
    if style:
        ppr += f'<w:pStyle w:val="{style}"/>'
    if level is not None:
        ppr += f'<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num}"/></w:numPr>'
    return xml(f"<w:p {NS}><w:pPr>{ppr}</w:pPr></w:p>")


def test_levels_counters_and_resets():
    n = Numbering(NUMBERING, STYLES)
    labels = [n.label(p(lv)) for lv in (0, 1, 2, 2, 3, 3, 4, 1, 2, 0, 1)]
    assert labels == ["I.", "1.", "1.1.", "1.2.", "a)", "b)", "•", "2.", "2.1.", "II.", "1."]


def test_numbering_through_a_style_and_its_base():
    n = Numbering(NUMBERING, STYLES)
    assert [n.label(p(style="Muc")), n.label(p(style="MucCon")), n.label(p(style="Khac"))] == ["1.", "2.", ""]


def test_start_override_and_numid_zero():
    n = Numbering(NUMBERING, STYLES)
    assert n.label(p(1, num="6")) == "4."
    assert n.label(p(1, num="0")) == "" and n.label(p(1, num="99")) == ""


def test_reader_gives_each_paragraph_its_label(tmp_path):
    doc = Document()
    for text in ("Một", "Hai"):
        doc.add_paragraph(text, style="List Number")
    doc.add_paragraph("Không đánh số")
    doc.save(str(tmp_path / "ds.docx"))
    paras = [b for b in read_docx(tmp_path / "ds.docx").blocks]
    assert [(b.label, b.text) for b in paras] == [("1.", "Một"), ("2.", "Hai"), ("", "Không đánh số")]
