"""Minimal reproductions of the bugs the property tests (test_property_mutations.py) found.

Each test states the behaviour the product promises (a clean ``DraftingError``, or a .docx python-docx can
open, or an unknown agency reported). The first seven bugs (A–G) are fixed; these stay as regression tests.
Bugs H (a huge ``giai_doan`` exhausted memory) is fixed too. Bugs I and J are open: strict xfails, so the
suite turns red when one is fixed and its mark (and its recogniser in test_property_mutations.KNOWN_BUGS) can go.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from drafting import api
from drafting.errors import DraftingError, SpecError

#: a small complete plan; every reproduction changes one line of it
PLAN = """\
loai: ke_hoach
co_quan_ban_hanh: {ten: Sở Ngoại vụ tỉnh Bắc Ninh, dong: [SỞ NGOẠI VỤ]}
so: 5
ky_hieu: KH-SNgV
dia_danh: Bắc Ninh
ngay: 2026-01-05
trich_yeu: Thực hiện hợp tác với tỉnh Xay Sôm Bun năm 2026
giai_doan: {tu: 2026, den: 2030}
can_cu: [Căn cứ Luật Thỏa thuận quốc tế ngày 13 tháng 11 năm 2020]
phan:
  - tieu_de: MỤC ĐÍCH, YÊU CẦU
    noi_dung: [Tăng cường hợp tác.]
  - tieu_de: NỘI DUNG
    noi_dung:
      - nhiem_vu: {ten: Đào tạo cán bộ y tế., thoi_gian: Hàng năm, chu_tri: Sở Y tế}
  - tieu_de: TỔ CHỨC THỰC HIỆN
    noi_dung: [Các sở thực hiện Kế hoạch này.]
noi_nhan: [Bộ Ngoại giao (b/c)]
luu: VT
nguoi_ky: {chuc_danh: [GIÁM ĐỐC], ho_ten: Nguyễn Văn A}
"""

BUDGET = """\
phu_luc:
  - loai: kinh_phi
    ten: Biểu khái toán kinh phí
    don_vi: 1000
    nhom:
      - ten: Hợp tác về y tế
        dong:
          - noi_dung: Đào tạo cán bộ y tế
            thoi_gian: Hàng năm
            chu_tri: Sở Y tế
            so_tien: {2026: 320000, 2027: 320000}
"""


def spec(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "ke-hoach.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def replaced(old: str, new: str, base: str = PLAN) -> str:
    assert old in base, old
    return base.replace(old, new, 1)


def test_the_base_plan_renders(tmp_path):
    """The reproductions below change one line of a plan that renders."""
    import docx

    paths = api.render(spec(tmp_path, PLAN), tmp_path / "out")
    docx.Document(str(paths[0]))
    paths = api.render(spec(tmp_path, PLAN + BUDGET), tmp_path / "out2")
    assert [p.suffix for p in paths] == [".docx", ".xlsx"]


def _render_or_clean_error(path: Path, outdir: Path) -> list[Path]:
    try:
        return api.render(path, outdir)
    except DraftingError:
        return []


# --- A. U+FFFE / U+FFFF: XML-illegal noncharacters pass the loader -------------------------------------
@pytest.mark.parametrize("char", ["\\uFFFE", "\\uFFFF"], ids=["U+FFFE", "U+FFFF"])
def test_a_noncharacter_gives_a_readable_docx_or_a_clean_error(tmp_path, char):
    import docx

    text = replaced(
        "trich_yeu: Thực hiện hợp tác với tỉnh Xay Sôm Bun năm 2026", f'trich_yeu: "Thực hiện{char} hợp tác"'
    )
    for p in _render_or_clean_error(spec(tmp_path, text), tmp_path / "out"):
        if p.suffix == ".docx":
            docx.Document(str(p))  # lxml.etree.XMLSyntaxError: PCDATA invalid Char value 65534


def test_a_noncharacter_with_a_budget_sheet_is_not_a_crash(tmp_path):
    # In a child process: after this lxml ValueError the interpreter's recursion bookkeeping is off (the next
    # ast.parse raises "SystemError: AST constructor recursion depth mismatch"), which would break pytest's
    # own reporting of later tests in this session.
    import subprocess
    import sys

    text = replaced(
        "co_quan_ban_hanh: {ten: Sở Ngoại vụ tỉnh Bắc Ninh,",
        'co_quan_ban_hanh: {ten: "Sở Ngoại vụ\\uFFFE",',
        PLAN + BUDGET,
    )
    path = spec(tmp_path, text)
    code = (
        "import sys\nfrom drafting import api\nfrom drafting.errors import DraftingError\n"
        "try:\n    api.render(sys.argv[1], sys.argv[2])\nexcept DraftingError:\n    pass\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, str(path), str(tmp_path / "out")],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert proc.returncode == 0, proc.stderr[-600:]


# --- B. a date mapping with a non-integer month or day ------------------------------------------------
@pytest.mark.parametrize(
    "date",
    ["{thang: tư, nam: 2026}", "{thang: [4], nam: 2026}", "{ngay: {}, thang: 1, nam: 2026}"],
    ids=["month-text", "month-list", "day-mapping"],
)
def test_b_non_integer_month_is_a_spec_error(tmp_path, date):
    with pytest.raises(SpecError):
        api.check(spec(tmp_path, replaced("ngay: 2026-01-05", f"ngay: {date}")))


# --- C. an unclosed flow mapping ------------------------------------------------------------------------
def test_c_unclosed_flow_mapping_is_a_spec_error(tmp_path):
    with pytest.raises(SpecError):
        api.check(spec(tmp_path, replaced("giai_doan: {tu: 2026, den: 2030}", "giai_doan: {tu: 2026, den: 2030")))


# --- D. loai as a list or a mapping (found by the property test; fixed meanwhile: a regression test) -----
@pytest.mark.parametrize("loai", ["[ke_hoach]", "{}"], ids=["list", "mapping"])
def test_d_loai_list_is_a_spec_error(tmp_path, loai):
    """Was bug D: api.check looked 'loai' up in the KINDS dict → TypeError: unhashable type."""
    with pytest.raises(SpecError):
        api.check(spec(tmp_path, replaced("loai: ke_hoach", f"loai: {loai}")))


# --- E. a mapping where a list is expected --------------------------------------------------------------
@pytest.mark.parametrize(
    "old,new",
    [
        ("can_cu: [Căn cứ Luật Thỏa thuận quốc tế ngày 13 tháng 11 năm 2020]", "can_cu: {}"),
        ("noi_dung: [Tăng cường hợp tác.]", "noi_dung: {doan: Tăng cường hợp tác.}"),
    ],
    ids=["can_cu", "noi_dung"],
)
def test_e_mapping_for_a_list_is_a_spec_error(tmp_path, old, new):
    with pytest.raises(SpecError):
        api.check(spec(tmp_path, replaced(old, new)))


# --- F. agencies of a task without a time are never checked ---------------------------------------------
def test_f_unknown_agency_of_a_task_without_time_is_an_error(tmp_path):
    text = replaced(
        "- nhiem_vu: {ten: Đào tạo cán bộ y tế., thoi_gian: Hàng năm, chu_tri: Sở Y tế}",
        "- nhiem_vu: {ten: Đào tạo cán bộ y tế., chu_tri: Sở Không Có Thật}",
    )
    with pytest.raises(SpecError):
        api.check(spec(tmp_path, text))


def test_f_control_unknown_agency_of_a_task_with_time_is_an_error(tmp_path):
    text = replaced("chu_tri: Sở Y tế}", "chu_tri: Sở Không Có Thật}")
    with pytest.raises(SpecError):
        api.check(spec(tmp_path, text))


# --- G. a boolean accepted as a document number ---------------------------------------------------------
def test_g_boolean_document_number_is_a_spec_error(tmp_path):
    with pytest.raises(SpecError):
        api.check(spec(tmp_path, replaced("so: 5", "so: true")))


# --- H. a huge giai_doan exhausted memory before its bounds were checked (fixed) ------------------------
@pytest.mark.parametrize(
    "giai_doan",
    ["{tu: 2026, den: 1000000000000}", "{tu: -1180591620717411303424, den: 2030}"],
    ids=["den-1e12", "tu-minus-2e70"],
)
def test_h_huge_period_is_a_spec_error(tmp_path, giai_doan):
    # in a child process with a 2 GB address-space limit: a smaller huge year would eat the machine's memory
    import subprocess
    import sys

    path = spec(tmp_path, replaced("giai_doan: {tu: 2026, den: 2030}", f"giai_doan: {giai_doan}"))
    code = (
        "import resource, sys\n"
        "resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))\n"
        "from drafting import api\nfrom drafting.errors import SpecError\n"
        "try:\n    api.check(sys.argv[1])\nexcept SpecError:\n    sys.exit(0)\n"
        "sys.exit('no SpecError')\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert proc.returncode == 0, proc.stderr[-600:]


# --- I. a scalar where the validator's own checks iterate a list ----------------------------------------
#: a plan whose body states the budget total (so that the "doan_kinh_phi" check runs)
PLAN_WITH_TOTAL = replaced(
    "    noi_dung: [Các sở thực hiện Kế hoạch này.]",
    "    noi_dung: [Các sở thực hiện Kế hoạch này.]\n"
    "  - tieu_de: KINH PHÍ\n"
    "    noi_dung:\n"
    '      - doan_kinh_phi: "Tổng kinh phí: {tong_dong} đồng."',
)


@pytest.mark.parametrize(
    "text",
    [
        PLAN + "phu_luc:\n  - loai: kinh_phi\n    ten: Biểu khái toán kinh phí\n    nhom: 1\n",
        PLAN + "phu_luc:\n  - loai: kinh_phi\n    ten: Biểu khái toán kinh phí\n    nhom:\n"
        "      - ten: Hợp tác về y tế\n        dong: true\n",
        PLAN + "phu_luc:\n  - loai: nhiem_vu\n    ten: Nhiệm vụ thực hiện Kế hoạch\n    nhom: true\n",
        PLAN_WITH_TOTAL + "phu_luc: 1.5\n",
    ],
    ids=["budget-nhom-1", "budget-dong-true", "task-appendix-nhom-true", "phu_luc-1.5-with-budget-paragraph"],
)
def test_i_scalar_for_a_list_in_appendices_is_a_spec_error(tmp_path, text):
    with pytest.raises(SpecError):
        api.check(spec(tmp_path, text))


def test_i_control_the_unchanged_appendix_plans_check(tmp_path):
    api.check(spec(tmp_path, PLAN + BUDGET))
    api.check(spec(tmp_path, PLAN_WITH_TOTAL + BUDGET))


# --- J. a boolean stated total ------------------------------------------------------------------------
def test_j_boolean_tong_cong_is_a_spec_error(tmp_path):
    with pytest.raises(SpecError):
        api.check(
            spec(tmp_path, replaced("    don_vi: 1000\n", "    don_vi: 1000\n    tong_cong: true\n", PLAN + BUDGET))
        )
