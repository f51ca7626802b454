"""Reading agency names out of "Cơ quan chủ trì / phối hợp" lines against the registry."""

from __future__ import annotations

import datetime as dt

import pytest

from drafting.api import SHIPPED_REGISTRY
from drafting.model.agencies import (
    Agency,
    AgencyLineProblem,
    Registry,
    doc_span,
    head_noun,
    parse_agency_line,
)
from drafting.spec.registry import focal_point, load_registry


@pytest.fixture(scope="module")
def reg():
    return load_registry([SHIPPED_REGISTRY])


@pytest.mark.parametrize(
    "line,agencies,groups",
    [
        (
            "Sở Văn hóa, Thể thao và Du lịch; Văn phòng UBND tỉnh và các cơ quan liên quan.",
            ["Sở Văn hóa, Thể thao và Du lịch", "Văn phòng UBND tỉnh"],
            1,
        ),
        (
            "Văn phòng UBND tỉnh, Sở Tài chính, Sở Nội vụ và cơ quan có liên quan",
            ["Văn phòng UBND tỉnh", "Sở Tài chính", "Sở Nội vụ"],
            1,
        ),
        ("Các cơ quan, đơn vị, địa phương liên quan", [], 1),
        ("Sở Y tế", ["Sở Y tế"], 0),
        ("VPUBND tỉnh, các tổ chức chính trị - xã hội", ["Văn phòng UBND tỉnh"], 1),
        ("Sở Văn hoá, Thể thao và Du lịch", ["Sở Văn hóa, Thể thao và Du lịch"], 0),
    ],
)
def test_parse_agency_line(reg, line, agencies, groups):
    got = parse_agency_line(line, reg)
    assert [m.agency.ten for m in got if m.agency] == agencies
    assert sum(1 for m in got if m.agency is None) == groups


def test_unknown_agency_with_suggestion(reg):
    with pytest.raises(AgencyLineProblem) as info:
        parse_agency_line("Sở Tài chín, Sở Y tế", reg)
    assert info.value.name == "Sở Tài chín"
    assert info.value.suggestion == "Sở Tài chính"


# ---------------------------------------------------------------------------------- issue 15: dated registry
ROOT = SHIPPED_REGISTRY.parent.parent


def span(text):
    return doc_span(text)


def notes_of(reg, line, when, province=None):
    return reg.notes(parse_agency_line(line, reg), span(when), reg.province(province, span(when)))


@pytest.mark.parametrize(
    "value,first,last",
    [
        ("27/3/2026", dt.date(2026, 3, 27), dt.date(2026, 3, 27)),
        ({"thang": 2, "nam": 2025}, dt.date(2025, 2, 1), dt.date(2025, 2, 28)),
        ("2024", dt.date(2024, 1, 1), dt.date(2024, 12, 31)),
        (dt.date(2025, 7, 1), dt.date(2025, 7, 1), dt.date(2025, 7, 1)),
    ],
)
def test_a_document_date_covers_its_day_month_or_year(value, first, last):
    assert doc_span(value) == (first, last)
    assert doc_span("ba mươi") is None


@pytest.mark.parametrize(
    "name,head",
    [
        ("Bộ Chỉ huy Bộ đội Biên phòng tỉnh", "bộ chỉ huy"),
        ("Ban Chỉ huy Bộ đội Biên phòng tỉnh", "ban chỉ huy"),
        ("Hiệp hội Du lịch tỉnh", "hiệp hội"),
        ("Hội Nông dân tỉnh", "hội"),
        ("Sở Y tế", "sở"),
        ("Ban Quản lý Khu kinh tế tỉnh", "ban quản lý"),
        ("Trường Chính trị tỉnh", "trường"),
    ],
)
def test_head_noun(name, head):
    assert head_noun(name) == head


def test_the_three_wrong_suggestions_of_the_old_flat_list_are_gone():
    # the flat list of before: the names of the issue were "close" to these
    old = Registry()
    for name in ("Bộ Chỉ huy Quân sự tỉnh", "Ban Quản lý các Khu công nghiệp", "Hiệp hội doanh nghiệp tỉnh", "Sở Y tế"):
        old.add(Agency(name))
    for wrong in ("Bộ Chỉ huy Bộ đội Biên phòng tỉnh", "Ban Quản lý Khu kinh tế tỉnh", "Hiệp hội Du lịch tỉnh"):
        with pytest.raises(AgencyLineProblem) as info:
            parse_agency_line(f"{wrong}, Sở Y tế", old)
        assert info.value.name == wrong
        assert info.value.suggestion is None


def test_the_missing_bodies_are_in_the_shipped_registry(reg):
    for name in (
        "Ban Chỉ huy Bộ đội Biên phòng tỉnh",
        "Ban Quản lý Khu kinh tế tỉnh",
        "Ủy ban Kiểm tra Tỉnh ủy",
        "Trường Chính trị tỉnh",
        "Tòa án nhân dân tỉnh",
        "Viện kiểm sát nhân dân tỉnh",
        "Kho bạc Nhà nước tỉnh",
        "Bảo hiểm xã hội tỉnh",
        "Thuế tỉnh",
        "Thống kê tỉnh",
        "Bộ Chỉ huy Bộ đội Biên phòng tỉnh",
    ):
        assert reg.lookup(name) is not None, name
    # a near miss of the same kind still gets its hint; one of another kind or far off does not
    assert reg.suggest("Sở Y tê") == "Sở Y tế"
    assert reg.suggest("Sở Kế hoạch Đầu tư") == "Sở Kế hoạch và Đầu tư"
    assert reg.suggest("Hiệp hội Du lịch tỉnh") is None
    assert reg.suggest("Ban Chỉ huy Quân sự tỉnh") is None  # Ban ≠ Bộ Chỉ huy


def test_an_unknown_name_is_quoted_whole(reg):
    with pytest.raises(AgencyLineProblem) as info:
        parse_agency_line("Trung tâm Xúc tiến Thương mại và Đầu tư, Sở Y tế", reg)
    assert info.value.name == "Trung tâm Xúc tiến Thương mại và Đầu tư"
    with pytest.raises(AgencyLineProblem) as info:
        parse_agency_line("Sở Y tế; Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch tỉnh", reg)
    assert info.value.name == "Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch tỉnh"
    # an unambiguous separator: "và" before a word that starts an agency
    with pytest.raises(AgencyLineProblem) as info:
        parse_agency_line("Sở Tài chín và Sở Cô Thương", reg)
    assert info.value.name == "Sở Tài chín"


def test_old_names_warn_with_their_successor_as_of_the_document_date(reg):
    assert notes_of(reg, "Sở Kế hoạch và Đầu tư; Sở Y tế", "2/2025") == []
    assert notes_of(reg, "Sở Kế hoạch và Đầu tư", "30/6/2022") == []
    got = notes_of(reg, "Sở KH&ĐT, Sở Y tế", "3/2025")
    assert len(got) == 1 and "Sở KH&ĐT" in got[0] and "nay là Sở Tài chính" in got[0] and "01/03/2025" in got[0]
    got = notes_of(reg, "Bộ Chỉ huy Bộ đội Biên phòng tỉnh", "2026")
    assert got and "nay là Ban Chỉ huy Bộ đội Biên phòng tỉnh" in got[0]
    assert notes_of(reg, "Bộ Chỉ huy Bộ đội Biên phòng tỉnh", "5/2025") == []
    # a new body named before it exists
    got = notes_of(reg, "Sở Nông nghiệp và Môi trường", "2022")
    assert got and "chỉ có từ ngày 01/03/2025" in got[0] and "Sở Tài nguyên và Môi trường" in got[0]


def test_district_level_bodies_warn_from_july_2025_for_vietnam_only(reg):
    got = notes_of(reg, "UBND huyện Yên Thế; Sở Y tế", "1/7/2025")
    assert len(got) == 1 and "UBND huyện Yên Thế" in got[0] and "UBND các xã, phường, đặc khu" in got[0]
    assert notes_of(reg, "UBND huyện Yên Thế", "30/6/2025") == []
    assert notes_of(reg, "UBND các huyện, thị xã, thành phố", "2026")
    # Lao districts and units are legitimate
    assert notes_of(reg, "UBND huyện Loong Chặng", "2026") == []
    assert notes_of(reg, "Phòng Nông nghiệp và Môi trường huyện Thulakhom", "2026") == []


def test_lao_partners_are_dated_too(reg):
    got = parse_agency_line("Sở Nông nghiệp tỉnh Viên Chăn và Sở Y tế", reg)
    assert [m.agency.ten for m in got] == ["Sở Nông nghiệp tỉnh Viêng Chăn", "Sở Y tế"]
    assert got[0].agency.doi_tac
    got = parse_agency_line("Sở Ngoại vụ Thủ đô Viêng Chăn; Sở Y tế tỉnh Xây Sớm Bun", reg)
    assert [m.agency.ten for m in got] == ["Sở Ngoại vụ Thủ đô Viêng Chăn", "Sở Y tế tỉnh Xay Sôm Bun"]
    assert notes_of(reg, "Sở Nông nghiệp tỉnh Viêng Chăn", "18/9/2024") == []
    got = notes_of(reg, "Sở Nông nghiệp tỉnh Viêng Chăn", "4/2026")
    assert got and "nay là Sở Nông nghiệp và Môi trường" in got[0]
    assert notes_of(reg, "Sở Nông nghiệp và Môi trường tỉnh Xây Sớm Bun", "4/2026") == []
    with pytest.raises(AgencyLineProblem):  # a Lao department of a province nobody knows
        parse_agency_line("Sở Nông nghiệp tỉnh Atlantis", reg)


def test_province_profiles_say_which_bodies_exist_and_who_is_the_focal_point(reg):
    got = notes_of(reg, "Sở Ngoại vụ; Sở Y tế", "4/2026", "Bắc Ninh")
    assert got == ["Bắc Ninh không có Sở Ngoại vụ; việc này do Văn phòng UBND tỉnh đảm nhiệm"]
    assert notes_of(reg, "Sở Ngoại vụ", "4/2026", "Gia Lai") == []
    assert notes_of(reg, "Sở Ngoại vụ", "2024", "Bắc Ninh") == []  # no profile before the merger
    got = notes_of(reg, "Sở Văn hóa, Thể thao và Du lịch", "27/3/2026", "thành phố Hà Nội")
    assert got and "Sở Văn hóa và Thể thao; Sở Du lịch" in got[0]
    assert notes_of(reg, "Sở Du lịch; Sở Văn hóa và Thể thao", "27/3/2026", "Hà Nội") == []
    assert reg.focal_point("Bắc Ninh", "4/2026") == "Văn phòng UBND tỉnh"
    assert reg.focal_point("Ủy ban nhân dân tỉnh Gia Lai", {"thang": 11, "nam": 2026}) == "Sở Ngoại vụ"
    assert reg.focal_point("Bắc Ninh", "2024") is None
    assert focal_point("Gia Lai", dt.date(2027, 1, 5)) == "Sở Ngoại vụ"


def test_a_workspace_overrides_fields_and_adds_a_profile(tmp_path):
    ws = tmp_path / "co-quan.yaml"
    ws.write_text(
        "co_quan:\n  - ten: Sở Kế hoạch và Đầu tư\n    den: 2025-03-14\n    ten_khac: [Sở KH-ĐT]\n"
        "tinh:\n  - ten: Quảng Trị\n    tu: 2025-07-01\n    co_quan: [Sở Ngoại vụ]\n"
        "    dau_moi: Sở Ngoại vụ\n",
        encoding="utf-8",
    )
    reg = load_registry([SHIPPED_REGISTRY, ws])
    a = reg.lookup("Sở KH-ĐT")
    assert a is reg.lookup("Sở KHĐT") and a.den == dt.date(2025, 3, 14) and a.ke_nhiem == ("Sở Tài chính",)
    assert notes_of(reg, "Sở Kế hoạch và Đầu tư", "10/3/2025") == []
    assert notes_of(reg, "Sở Kế hoạch và Đầu tư", "15/3/2025")
    assert reg.focal_point("Quảng Trị", "2026") == "Sở Ngoại vụ"
    assert load_registry([SHIPPED_REGISTRY]).focal_point("Quảng Trị", "2026") is None
    khanh_hoa = load_registry([SHIPPED_REGISTRY, ROOT / "examples" / "khanh-hoa-2022" / "co-quan.yaml"])
    assert khanh_hoa.focal_point("Khánh Hòa", "30/6/2022") == "Sở Ngoại vụ"


def test_a_broken_workspace_registry_is_a_clean_error(tmp_path):
    from drafting.errors import SpecError

    ws = tmp_path / "co-quan.yaml"
    ws.write_text("tinh:\n  - tu: 2025-07-01\n", encoding="utf-8")
    with pytest.raises(SpecError) as info:
        load_registry([SHIPPED_REGISTRY, ws])
    assert 'thiếu khóa "ten"' in info.value.format() and "co-quan.yaml" in info.value.format()
    ws.write_text("co_quan:\n  - ten: Sở A\n    den: hôm qua\n", encoding="utf-8")
    with pytest.raises(SpecError) as info:
        load_registry([SHIPPED_REGISTRY, ws])
    assert "hôm qua" in info.value.format()

    ws.write_text("kem_theo: [thieu.yaml]\n", encoding="utf-8")
    with pytest.raises(SpecError) as info:
        load_registry([SHIPPED_REGISTRY, ws])
    assert 'kem_theo: không đọc được tệp "thieu.yaml" ghi trong kem_theo' in info.value.format()
    assert str(ws) in info.value.format()


def test_a_date_with_a_month_and_no_day_spans_the_whole_month():
    import calendar
    import datetime as dt

    from drafting.model.agencies import doc_span

    for year in (1999, 2000, 2024, 2025, 2026, 2100):
        for month in range(1, 13):
            last = calendar.monthrange(year, month)[1]
            assert doc_span({"thang": month, "nam": year}) == (dt.date(year, month, 1), dt.date(year, month, last))
