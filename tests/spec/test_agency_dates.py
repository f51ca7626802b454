"""A spec is checked against the agency registry as of its own date, and against its province's profile."""

from __future__ import annotations

import copy

import pytest

from drafting import api
from drafting.errors import SpecError

from conftest import EXAMPLES

AGENCY_FIELDS = ("chu_tri", "phoi_hop", "don_vi")


def with_task(data, chu_tri, phoi_hop="Sở Tài chính", ngay=None, dia_danh=None):
    d = copy.deepcopy(data)
    task = d["phan"][1]["noi_dung"][0]["noi_dung"][0]["nhiem_vu"]
    task["chu_tri"], task["phoi_hop"] = chu_tri, phoi_hop
    if ngay is not None:
        d["ngay"] = ngay
    if dia_danh is not None:
        d["dia_danh"] = dia_danh
    return d


def agency_warnings(checked):
    return [w for w in checked.warnings if w.path.split(".")[-1] in AGENCY_FIELDS]


def test_a_2026_plan_naming_so_ke_hoach_va_dau_tu_warns_with_so_tai_chinh(write_spec, minimal_data):
    spec = write_spec(with_task(minimal_data, "Sở Kế hoạch và Đầu tư"))
    got = agency_warnings(api.check(spec))
    assert len(got) == 1
    w = got[0]
    assert w.path == "phan[2].noi_dung[1].noi_dung[1].nhiem_vu.chu_tri" and w.line > 0
    assert '"Sở Kế hoạch và Đầu tư" là tên cũ' in w.message and "nay là Sở Tài chính" in w.message
    with pytest.raises(SpecError) as info:  # --strict
        api.check(spec, strict=True)
    assert "nay là Sở Tài chính" in info.value.format()


def test_a_hint_towards_an_old_name_says_it_is_old(write_spec, minimal_data):
    with pytest.raises(SpecError) as info:
        api.check(write_spec(with_task(minimal_data, "Sở Kế hoạch Đầu tư")))
    assert (
        'không có cơ quan "Sở Kế hoạch Đầu tư" trong danh mục cơ quan (có phải là "Sở Kế hoạch và Đầu tư"? '
        "(tên cũ; nay là Sở Tài chính))" in info.value.format()
    )


@pytest.mark.parametrize(
    "ngay,warns",
    [
        ("5/2024", False),
        ({"thang": 2, "nam": 2025}, False),
        ({"thang": 3, "nam": 2025}, True),
        ("2026-01-05", True),
    ],
)
def test_the_document_date_decides(write_spec, minimal_data, ngay, warns):
    data = with_task(minimal_data, "Sở Y tế", "Sở KH&ĐT; Sở Giao thông vận tải", ngay=ngay)
    data["giai_doan"] = {"tu": 2024, "den": 2028}
    data["phan"][1]["noi_dung"][0]["noi_dung"][1]["nhiem_vu"]["thoi_gian"] = "năm 2025"
    got = agency_warnings(api.check(write_spec(data)))
    assert len(got) == (2 if warns else 0), got
    if warns:
        assert {"Sở Tài chính" in got[0].message, "Sở Xây dựng" in got[1].message} == {True}


def test_an_undated_document_uses_the_first_year_of_its_period():
    import datetime as dt

    from drafting.model.agencies import document_span

    assert document_span({"giai_doan": {"tu": 2024, "den": 2028}}) == (dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    assert document_span({"ngay": {"thang": 9, "nam": 2026}, "giai_doan": {"tu": 2027, "den": 2027}}) == (
        dt.date(2026, 9, 1),
        dt.date(2026, 9, 30),
    )
    assert document_span({}) is None


def test_a_vietnamese_district_warns_a_lao_one_does_not(write_spec, minimal_data):
    got = agency_warnings(api.check(write_spec(with_task(minimal_data, "UBND huyện Yên Thế", "Sở Y tế"))))
    assert len(got) == 1 and "không còn cấp huyện" in got[0].message and "UBND huyện Yên Thế" in got[0].message
    assert agency_warnings(api.check(write_spec(with_task(minimal_data, "UBND huyện Loong Chặng", "Sở Y tế")))) == []
    lao = "Sở Nông nghiệp và Môi trường tỉnh Xay Sôm Bun, UBND huyện Loong Chặng"
    assert agency_warnings(api.check(write_spec(with_task(minimal_data, "Sở Y tế", lao)))) == []
    # before the two-tier government a district was right
    old = with_task(minimal_data, "UBND huyện Cam Lâm", "Sở Y tế", ngay="30/6/2022")
    old["giai_doan"] = {"tu": 2022, "den": 2030}
    assert agency_warnings(api.check(write_spec(old))) == []


def test_a_body_the_province_lacks_warns_and_names_who_does_its_work(write_spec, minimal_data):
    got = agency_warnings(api.check(write_spec(with_task(minimal_data, "Sở Ngoại vụ", "Sở Y tế"))))
    assert [w.message for w in got] == ["Bắc Ninh không có Sở Ngoại vụ; việc này do Văn phòng UBND tỉnh đảm nhiệm"]
    gia_lai = with_task(minimal_data, "Sở Ngoại vụ", "Sở Y tế", dia_danh="Gia Lai")
    assert agency_warnings(api.check(write_spec(gia_lai))) == []
    # a province without a profile: no guess
    assert (
        agency_warnings(
            api.check(write_spec(with_task(minimal_data, "Sở Ngoại vụ", "Sở Y tế", dia_danh="Thái Nguyên")))
        )
        == []
    )


def test_the_2022_example_of_seed_004_keeps_its_own_names_without_warnings():
    checked = api.check(EXAMPLES / "khanh-hoa-2022" / "ke-hoach.yaml")
    assert agency_warnings(checked) == []
    # it does name the old bodies: checked as of 2022, not as of today
    assert "Sở Kế hoạch và Đầu tư" in (EXAMPLES / "khanh-hoa-2022" / "ke-hoach.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "spec",
    sorted(p for p in EXAMPLES.glob("*/*.yaml") if p.name != "co-quan.yaml"),
    ids=lambda p: f"{p.parent.name}/{p.name}",
)
def test_every_example_checks_clean_of_agency_warnings(spec):
    checked = api.check(spec, strict=False)
    assert agency_warnings(checked) == []
