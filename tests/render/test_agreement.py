"""The bilateral agreement (seed 002): content, layout read back with python-docx, determinism, validation,
the closing sentences, and LibreOffice keeping both signature blocks side by side on one page."""

from __future__ import annotations

import copy
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from conftest import EXAMPLES, ROOT, load_yaml, seed_file

SPEC = EXAMPLES / "hai-duong-vientiane-2024-2028" / "van-ban-hop-tac.yaml"
TEMPLATE = ROOT / "templates" / "thoa-thuan.docx"
EMU_PER_MM = 36000
FIELDS = [
    "1. Về công tác tổ chức, cán bộ và xây dựng Đảng",
    "2. Về lĩnh vực Giáo dục",
    "3. Về lĩnh vực Y tế",
    "4. Về lĩnh vực Đầu tư - Thương mại",
    "5. Về lĩnh vực Nông - Lâm nghiệp",
    "6. Về lĩnh vực Tư pháp",
    "7. Về lĩnh vực Văn hóa, Thể thao và Du lịch",
    "8. Về lĩnh vực Thông tin và Truyền thông",
    "9. Về công tác thanh niên",
    "10. Hỗ trợ xây dựng cơ sở hạ tầng",
    "11. Lĩnh vực khác",
]
SIGNERS = ("TRẦN ĐỨC THẮNG", "KHĂM PHĂN SÍT THI ĐĂM PHA")
COPIES = (
    "Văn bản hợp tác được lập thành 04 bản, 02 bản bằng tiếng Lào và 02 bản bằng tiếng Việt Nam, có giá trị "
    "pháp lý như nhau. Mỗi bên giữ 02 bản, 01 bản bằng tiếng Lào và 01 bản bằng tiếng Việt Nam."
)
SIGNED = "Văn bản hợp tác này được ký ngày 18 tháng 9 năm 2024 tại tỉnh Hải Dương."


# ------------------------------------------------------------------------------------------ helpers
def _render(spec: Path, out: Path) -> Path:
    from drafting import api

    (docx,) = api.render(spec, out)
    return docx


def _text(p) -> str:
    """Text of a paragraph element (w:p), runs joined, as a reader sees it (a non-breaking hyphen is a
    hyphen, a no-break space a space)."""
    return "".join(
        "-" if t.tag == qn("w:noBreakHyphen") else (t.text or "") for t in p.iter(qn("w:t"), qn("w:noBreakHyphen"))
    ).replace("\u00a0", " ")


def _paragraphs(doc) -> list[str]:
    """Every paragraph of the body in document order, table cells included."""
    return [_text(p) for p in doc.element.body.iter(qn("w:p"))]


def _flat(text: str) -> str:
    return " ".join(text.split())


def _eff(paragraph, attr):
    """Effective bold/italic/size of a paragraph's text: every run, else its style chain."""
    values = []
    for run in [r for r in paragraph.runs if r.text]:
        v = getattr(run.font, attr)
        st = paragraph.style
        while v is None and st is not None:
            v = getattr(st.font, attr)
            st = st.base_style
        values.append(v)
    return values


def _align(paragraph):
    st = paragraph.style
    a = paragraph.paragraph_format.alignment
    while a is None and st is not None:
        a = st.paragraph_format.alignment
        st = st.base_style
    return a


@pytest.fixture(scope="module")
def docx_path(tmp_path_factory) -> Path:
    return _render(SPEC, tmp_path_factory.mktemp("agreement"))


@pytest.fixture(scope="module")
def doc(docx_path):
    return Document(str(docx_path))


def _signature_table(doc):
    tables = [t for t in doc.tables if SIGNERS[0] in _flat(" ".join(_paragraphs_of(t)))]
    assert len(tables) == 1, "exactly one table holds the signatures"
    return tables[0]


def _paragraphs_of(table) -> list[str]:
    return [_text(p) for p in table._tbl.iter(qn("w:p"))]


# ------------------------------------------------------------------------------------------ content
def test_title_parties_and_period(doc):
    paras = [p.strip() for p in _paragraphs(doc) if p.strip()]
    start = paras.index("VĂN BẢN HỢP TÁC")
    assert paras[start : start + 8] == [
        "VĂN BẢN HỢP TÁC",
        "Giữa",
        "TỈNH HẢI DƯƠNG,",
        "NƯỚC CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Và",
        "TỈNH VIÊN CHĂN,",
        "NƯỚC CỘNG HÒA DÂN CHỦ NHÂN DÂN LÀO",
        "GIAI ĐOẠN 2024-2028",
    ]
    # both parties' issuing bodies head the page, side by side, before the title; no Quốc hiệu
    header = doc.tables[0]
    assert doc.element.body[0] is header._tbl
    assert len(header.rows) == 1 and len(header.rows[0].cells) == 2
    assert [p.text for p in header.rows[0].cells[0].paragraphs if p.text] == ["TỈNH ỦY HẢI DƯƠNG"]
    assert [p.text for p in header.rows[0].cells[1].paragraphs if p.text] == [
        "TỈNH ỦY - ỦY BAN CHÍNH QUYỀN",
        "TỈNH VIÊN CHĂN",
    ]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" not in paras
    assert "Độc lập - Tự do - Hạnh phúc" not in paras


def test_every_field_heading_is_numbered_and_bold(doc):
    by_text = {p.text.strip(): p for p in doc.paragraphs}
    for heading in FIELDS:
        assert heading in by_text, heading
        assert all(_eff(by_text[heading], "bold")), heading
    numbered = [p.text for p in doc.paragraphs if re.match(r"\d+\. ", p.text)]
    assert numbered == FIELDS


def test_bullets_preamble_and_closing(doc):
    texts = [p.text for p in doc.paragraphs]
    bullets = [t for t in texts if t.startswith("- ")]
    assert len(bullets) == 21
    # the seed's own two spellings, kept as written in each sentence
    everything = " ".join(_paragraphs(doc))
    assert [everything.count(w) for w in ("Viên Chăn", "Viêng Chăn", "VIÊN CHĂN", "VIÊNG CHĂN")] == [6, 17, 2, 1]
    # the split line of the seed ("… huấn luyện" / "ngắn hạn …") is one bullet
    assert (
        "- Hằng năm, tỉnh Hải Dương hỗ trợ tỉnh Viêng Chăn đào tạo, huấn luyện ngắn hạn (từ 2 đến 3 tháng) "
        "đối với 01 huấn luyện viên và 08 vận động viên tại Hải Dương."
    ) in texts
    preamble = next(p for p in doc.paragraphs if p.text.startswith("Để tiếp tục thực hiện"))
    bold = [r.text for r in preamble.runs if r.bold]
    assert bold == ["Văn bản hợp tác giai đoạn 2024-2028"]
    assert texts.index(COPIES) + 1 == texts.index(SIGNED)
    assert texts.index(SIGNED) > texts.index(FIELDS[-1])


def test_both_signature_blocks(doc):
    table = _signature_table(doc)
    cells = [[p.text for p in c.paragraphs if p.text] for c in table.rows[0].cells]
    assert cells == [
        ["TỈNH HẢI DƯƠNG", "BÍ THƯ TỈNH ỦY", "TRẦN ĐỨC THẮNG"],
        ["TỈNH VIÊNG CHĂN", "BÍ THƯ TỈNH ỦY - TỈNH TRƯỞNG", "KHĂM PHĂN SÍT THI ĐĂM PHA"],
    ]


def test_the_seed_is_there_in_full_and_in_order(doc):
    """Every line of seed 002 (Markdown residue removed) is found in the document, in the seed's order."""
    text = _flat(" ".join(_paragraphs(doc)))
    assert unicodedata.is_normalized("NFC", text)
    pos = 0
    lines = unicodedata.normalize("NFC", seed_file("002").read_text(encoding="utf-8")).splitlines()
    needles = [_flat(re.sub(r"^#+\s*", "", line).replace("**", "")) for line in lines]
    needles = [n for n in needles if n]
    assert len(needles) > 50
    for needle in needles:
        found = text.find(needle, pos)
        assert found >= 0, f"not found (in order): {needle[:80]!r}"
        pos = found + len(needle)
    seed_bullets = sum(1 for line in lines if line.startswith("- "))
    assert seed_bullets == sum(1 for p in doc.paragraphs if p.text.startswith("- "))


# ------------------------------------------------------------------------------------------- layout
def test_page_a4_portrait_decree_margins(doc):
    assert len(doc.sections) == 1
    s = doc.sections[0]
    assert s.orientation == WD_ORIENT.PORTRAIT
    mm = lambda v: round(v / EMU_PER_MM, 1)  # noqa: E731
    assert (mm(s.page_width), mm(s.page_height)) == (210.0, 297.0)
    assert (mm(s.top_margin), mm(s.bottom_margin), mm(s.left_margin), mm(s.right_margin)) == (25, 20, 35, 20)
    # page number centred in the header, not on page 1
    assert s.different_first_page_header_footer
    assert not _flat(" ".join(p.text for p in s.first_page_header.paragraphs))
    fld = s.header._element.find(".//" + qn("w:fldSimple"))
    assert fld is not None and fld.get(qn("w:instr")).strip() == "PAGE"


def test_times_new_roman_everywhere(docx_path):
    import zipfile

    with zipfile.ZipFile(docx_path) as z:
        xml = z.read("word/styles.xml").decode() + z.read("word/document.xml").decode()
    fonts = {
        name
        for tag in re.findall(r"<w:rFonts\b[^>]*>", xml)
        for name in re.findall(r'w:(?:ascii|hAnsi|cs|eastAsia)="([^"]+)"', tag)
    }
    assert fonts == {"Times New Roman"}
    assert "w:docDefaults" in xml


def test_signatures_side_by_side_in_one_row_that_cannot_split(doc):
    table = _signature_table(doc)
    assert len(table.rows) == 1
    tr = table.rows[0]._tr
    assert len(tr.findall(qn("w:tc"))) == 2
    assert tr.trPr is not None and tr.trPr.find(qn("w:cantSplit")) is not None
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    assert borders is not None and {b.get(qn("w:val")) for b in borders} == {"nil"}
    widths = [int(g.get(qn("w:w"))) for g in table._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert len(widths) == 2 and widths[0] == widths[1]
    for cell, name in zip(table.rows[0].cells, SIGNERS, strict=False):
        lines = [p for p in cell.paragraphs if p.text]
        assert lines[-1].text == name
        for p in lines:
            assert all(_eff(p, "bold")), p.text
            assert _align(p) == WD_ALIGN_PARAGRAPH.CENTER, p.text
        # a signature gap (empty lines) between the title and the name
        texts = [p.text for p in cell.paragraphs]
        gap = texts.index(name) - max(i for i, t in enumerate(texts[: texts.index(name)]) if t) - 1
        assert gap >= 3
    # the last closing sentence keeps with the signatures (never left alone at the bottom of a page)
    signed = next(p for p in doc.paragraphs if p.text == SIGNED)
    st, keep = signed.style, signed.paragraph_format.keep_with_next
    while keep is None and st is not None:
        keep, st = st.paragraph_format.keep_with_next, st.base_style
    assert keep


def test_title_block_is_centred_and_bold(doc):
    for text in ("VĂN BẢN HỢP TÁC", "Giữa", "Và", "GIAI ĐOẠN 2024-2028", "TỈNH HẢI DƯƠNG,"):
        p = next(p for p in doc.paragraphs if p.text.replace("\u00a0", " ") == text)
        assert all(_eff(p, "bold")), text
        assert _align(p) == WD_ALIGN_PARAGRAPH.CENTER, text


def test_template_declares_every_variable_it_uses():
    from docxtpl import DocxTemplate

    from drafting import api
    from drafting.render.agreement_context import agreement_context
    from drafting.render.docx import make_env
    from drafting.render.docx import prepare_reference as _prepare

    ctx = _prepare(agreement_context(api.check(SPEC).model))
    assert DocxTemplate(str(TEMPLATE)).get_undeclared_template_variables(jinja_env=make_env(), context=ctx) == set()


# ------------------------------------------------------------------------------------- determinism
def test_two_renders_are_identical_bytes(tmp_path):
    a = _render(SPEC, tmp_path / "a").read_bytes()
    b = _render(SPEC, tmp_path / "b").read_bytes()
    assert a == b


# -------------------------------------------------------------------------------------- validation
def _problems(path):
    from drafting import api
    from drafting.errors import SpecError

    with pytest.raises(SpecError) as info:
        api.check(path)
    return info.value.problems, info.value.format()


@pytest.fixture
def data():
    return load_yaml(SPEC)


def test_missing_party_is_a_vietnamese_error_with_position(data, write_spec):
    data["ben"].pop()
    problems, text = _problems(write_spec(data, "van-ban-hop-tac.yaml"))
    assert [p.path for p in problems] == ["ben"]
    assert re.search(r"van-ban-hop-tac\.yaml:\d+:\d+: ben: quá ngắn: cần ít nhất 2 phần tử", text), text
    assert problems[0].line > 1


@pytest.mark.parametrize(
    "change, path, message",
    [
        (lambda d: d.pop("ben"), "ben", r"thiếu trường bắt buộc"),
        (lambda d: d["ben"][1]["nguoi_ky"].pop("ho_ten"), "ben[2].nguoi_ky.ho_ten", r"thiếu trường bắt buộc"),
        (lambda d: d["ben"][0].pop("ten"), "ben[1].ten", r"thiếu trường bắt buộc"),
        (lambda d: d["ben"].append(copy.deepcopy(d["ben"][0])), "ben", r"quá dài: tối đa 2 phần tử"),
        (lambda d: d.pop("linh_vuc"), "linh_vuc", r"thiếu trường bắt buộc"),
        (lambda d: d["ky_ket"].__setitem__("so_ban", 6), "ky_ket.so_ban", r"không chia đều.*bội số của 4"),
        (lambda d: d["ky_ket"].pop("ngon_ngu"), "ky_ket.so_ban", r"cần có thêm trường: ngon_ngu"),
        (lambda d: d["ky_ket"].pop("dia_diem"), "ky_ket.ngay", r"cần có thêm trường: dia_diem"),
        (lambda d: d["ky_ket"].__setitem__("ngay", "31/9/2024"), "ky_ket.ngay", r"ngày 31/9/2024 không tồn tại"),
        (lambda d: d.__setitem__("hinh_thuc", "hiep_dinh"), "hinh_thuc", r"không được phép"),
        (lambda d: d["linh_vuc"][0].__setitem__("tieu_đe", "x"), "linh_vuc[1].tieu_đe", r"khóa không được phép"),
    ],
)
def test_invalid_agreements(data, write_spec, change, path, message):
    change(data)
    problems, text = _problems(write_spec(data, "van-ban-hop-tac.yaml"))
    mine = [p for p in problems if p.path == path]
    assert mine and re.search(message, mine[0].message), text
    assert re.search(rf"van-ban-hop-tac\.yaml:\d+:\d+: {re.escape(path)}: ", text)


# --------------------------------------------------------------------------------- closing variants
def test_standard_sentences_are_the_seed_sentences():
    from drafting.model.agreement import Signing, copies_sentence, signing_sentence
    from drafting.vi.dates import DocDate

    s = Signing(
        so_ban=4, ngon_ngu=("tiếng Lào", "tiếng Việt Nam"), ngay=DocDate(2024, 9, 18), dia_diem="tỉnh Hải Dương"
    )
    assert copies_sentence("Văn bản hợp tác", s) == COPIES
    assert signing_sentence("Văn bản hợp tác", s) == SIGNED


@pytest.mark.parametrize(
    "so_ban, langs, expected",
    [
        (
            2,
            ("tiếng Việt",),
            "X được lập thành 02 bản bằng tiếng Việt, có giá trị pháp lý như nhau. Mỗi bên giữ 01 bản.",
        ),
        (
            6,
            ("tiếng Việt", "tiếng Lào", "tiếng Anh"),
            "X được lập thành 06 bản, 02 bản bằng tiếng Việt, 02 bản bằng tiếng Lào và 02 bản bằng tiếng Anh, có giá trị "
            "pháp lý như nhau. Mỗi bên giữ 03 bản, 01 bản bằng tiếng Việt, 01 bản bằng tiếng Lào và 01 bản bằng tiếng Anh.",
        ),
        (
            8,
            ("tiếng Việt", "tiếng Lào"),
            "X được lập thành 08 bản, 04 bản bằng tiếng Việt và 04 bản bằng tiếng Lào, có giá trị pháp lý như nhau. "
            "Mỗi bên giữ 04 bản, 02 bản bằng tiếng Việt và 02 bản bằng tiếng Lào.",
        ),
        (6, ("tiếng Việt", "tiếng Lào"), None),  # cannot be shared equally: the model check refuses it
    ],
)
def test_copies_sentence_table(so_ban, langs, expected):
    from drafting.model.agreement import Signing, copies_sentence

    assert copies_sentence("X", Signing(so_ban=so_ban, ngon_ngu=langs)) == expected


def test_draft_date_keeps_blanks():
    from drafting.model.agreement import Signing, signing_sentence
    from drafting.vi.dates import BLANK, DocDate

    s = Signing(ngay=DocDate(2024, 9, None), dia_diem="tỉnh Hải Dương.")
    assert signing_sentence("Bản ghi nhớ hợp tác", s) == (
        f"Bản ghi nhớ hợp tác này được ký ngày {BLANK} tháng 9 năm 2024 tại tỉnh Hải Dương."
    )


def test_free_closing_text_prints_as_written(data, write_spec, tmp_path):
    data.pop("ky_ket")
    data["ket_thuc"] = [COPIES, SIGNED]
    doc = Document(str(_render(write_spec(data, "van-ban-hop-tac.yaml"), tmp_path / "out")))
    texts = [p.text for p in doc.paragraphs]
    assert texts.count(COPIES) == 1 and texts.index(COPIES) + 1 == texts.index(SIGNED)


def test_memorandum_wording(data, write_spec, tmp_path):
    data["hinh_thuc"] = "ban_ghi_nho"
    data["ket_thuc"] = ["Trong quá trình thực hiện, hai bên thường xuyên trao đổi thông tin."]
    doc = Document(str(_render(write_spec(data, "ban-ghi-nho.yaml"), tmp_path / "out")))
    texts = [p.text for p in doc.paragraphs]
    assert "BẢN GHI NHỚ" in texts and "VĂN BẢN HỢP TÁC" not in texts
    closing = texts.index("Trong quá trình thực hiện, hai bên thường xuyên trao đổi thông tin.")
    assert texts[closing + 1].startswith("Bản ghi nhớ hợp tác được lập thành 04 bản")
    assert texts[closing + 2] == "Bản ghi nhớ hợp tác này được ký ngày 18 tháng 9 năm 2024 tại tỉnh Hải Dương."


def test_name_lines():
    from drafting.render.agreement_context import name_lines

    assert name_lines(["Tỉnh A", "Tỉnh B"]) == [["TỈNH A"], ["TỈNH B"]]
    long = "Tỉnh Hải Dương, nước Cộng hòa xã hội chủ nghĩa Việt Nam"
    assert name_lines([long, "Tỉnh B, nước C"]) == [
        ["TỈNH HẢI DƯƠNG,", "NƯỚC CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
        ["TỈNH B,", "NƯỚC C"],
    ]
    assert name_lines(["Tỉnh A\nnước B", "Tỉnh C, nước D"]) == [["TỈNH A", "NƯỚC B"], ["TỈNH C, NƯỚC D"]]


def test_unequal_titles_are_padded_so_names_stand_level(data, write_spec):
    from drafting import api
    from drafting.render.agreement_context import agreement_context

    data["ben"][1]["nguoi_ky"]["chuc_danh"] = ["BÍ THƯ TỈNH ỦY", "TỈNH TRƯỞNG"]
    ctx = agreement_context(api.check(write_spec(data, "van-ban-hop-tac.yaml")).model)
    assert ctx["ben_a"]["chuc_danh"] == ["BÍ THƯ TỈNH ỦY", ""]
    assert ctx["ben_b"]["chuc_danh"] == ["BÍ THƯ TỈNH ỦY", "TỈNH TRƯỞNG"]


# ------------------------------------------------------------------------------------- LibreOffice
def _page_texts(pdf: Path) -> list[str]:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(next(line for line in info.splitlines() if line.startswith("Pages:")).split()[1])
    assert "(A4)" in info
    return [
        _flat(
            subprocess.run(
                ["pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-"], capture_output=True, text=True, check=True
            ).stdout
        )
        for n in range(1, pages + 1)
    ]


@pytest.mark.slow
@pytest.mark.skipif(
    shutil.which("soffice") is None,
    reason="LibreOffice (soffice) is not installed: cannot check the PDF; .ci/run installs libreoffice-writer-nogui",
)
@pytest.mark.parametrize("extra", [0, 3], ids=["seed", "pushed-to-page-break"])
def test_pdf_has_both_signers_on_one_page(data, write_spec, tmp_path, extra):
    from conftest import to_pdf

    # "extra" short paragraphs push the closing towards a page break: the signatures still keep together,
    # with the last closing sentence, whatever page they land on
    data["mo_dau"] = data["mo_dau"] + [f"Đoạn thêm số {k}." for k in range(extra)]
    pdf = to_pdf(_render(write_spec(data, "van-ban-hop-tac.yaml"), tmp_path / "out"))
    pages = _page_texts(pdf)
    assert 4 <= len(pages) <= 8
    assert "VĂN BẢN HỢP TÁC" in pages[0] and "TỈNH ỦY HẢI DƯƠNG" in pages[0]
    on = [n for n, text in enumerate(pages, start=1) if all(s in text for s in SIGNERS)]
    assert len(on) == 1, "both signer names on one and the same page"
    page = pages[on[0] - 1]
    for line in ("TỈNH HẢI DƯƠNG", "TỈNH VIÊNG CHĂN", "BÍ THƯ TỈNH ỦY - TỈNH TRƯỞNG"):
        assert line in page, line
    # the last closing sentence is on the signatures' page (spaces aside: a justified line spreads them)
    assert "".join(SIGNED[-40:].split()) in "".join(page.split())
    assert on[0] == len(pages)
    # side by side: with the physical layout kept, the two names share one line of text
    layout = subprocess.run(
        ["pdftotext", "-layout", "-f", str(on[0]), "-l", str(on[0]), str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert any(SIGNERS[0] in line and SIGNERS[1] in line for line in layout.splitlines())
    assert any("TỈNH HẢI DƯƠNG" in line and "TỈNH VIÊNG CHĂN" in line for line in layout.splitlines())


def test_blocks_an_agreement_cannot_print_are_refused_cleanly(data, write_spec):
    data["linh_vuc"][1]["noi_dung"].append({"bang_nhiem_vu": {"nhiem_vu": [{"ten": "Một việc"}]}})
    # a plan's task table is a valid block, but not one an agreement prints: a clean error, not a template crash
    problems, text = _problems(write_spec(data, "van-ban-hop-tac.yaml"))
    assert [p.path for p in problems] == ["linh_vuc[2].noi_dung[2]"], text
    assert "văn bản hợp tác chỉ dùng các khối" in problems[0].message
