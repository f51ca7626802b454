"""Reading agency names out of "Cơ quan chủ trì / phối hợp" lines against the registry."""
from __future__ import annotations

import pytest

from drafting.api import SHIPPED_REGISTRY
from drafting.model.agencies import AgencyLineProblem, load_registry, parse_agency_line


@pytest.fixture(scope="module")
def reg():
    return load_registry([SHIPPED_REGISTRY])


@pytest.mark.parametrize("line,agencies,groups", [
    ("Sở Văn hóa, Thể thao và Du lịch; Văn phòng UBND tỉnh và các cơ quan liên quan.",
     ["Sở Văn hóa, Thể thao và Du lịch", "Văn phòng UBND tỉnh"], 1),
    ("Văn phòng UBND tỉnh, Sở Tài chính, Sở Nội vụ và cơ quan có liên quan",
     ["Văn phòng UBND tỉnh", "Sở Tài chính", "Sở Nội vụ"], 1),
    ("Các cơ quan, đơn vị, địa phương liên quan", [], 1),
    ("Sở Y tế", ["Sở Y tế"], 0),
    ("VPUBND tỉnh, các tổ chức chính trị - xã hội", ["Văn phòng UBND tỉnh"], 1),
    ("Sở Văn hoá, Thể thao và Du lịch", ["Sở Văn hóa, Thể thao và Du lịch"], 0),
])
def test_parse_agency_line(reg, line, agencies, groups):
    got = parse_agency_line(line, reg)
    assert [m.agency.ten for m in got if m.agency] == agencies
    assert sum(1 for m in got if m.agency is None) == groups


def test_unknown_agency_with_suggestion(reg):
    with pytest.raises(AgencyLineProblem) as info:
        parse_agency_line("Sở Tài chín, Sở Y tế", reg)
    assert info.value.name == "Sở Tài chín"
    assert info.value.suggestion == "Sở Tài chính"
