"""The shipped registry files pass their own schema (specs/schemas/co_quan.yaml); every body has a source note."""

from __future__ import annotations

import re

import pytest

from drafting.resources import shipped_registry
from drafting.spec.registry import check_registry_files, load_registry, registry_data

from conftest import EXAMPLES

SHIPPED = shipped_registry()
#: the legal documents the reference (shared/reference/agencies-2025.md) and the examples cite; a source note
#: citing any other number was made up
CITED = {"45/2025", "150/2025", "122/KH-UBND"}


def test_the_shipped_registry_passes_its_schema_with_a_source_for_every_body():
    files = [f.name for f, _ in registry_data([SHIPPED])]
    assert files == ["co-quan.yaml", "tinh.yaml", "doi-tac.yaml"]
    assert check_registry_files([SHIPPED], require_source=True) == []


def test_every_source_note_cites_a_known_document_or_a_reference_section():
    reg = load_registry([SHIPPED])
    bodies = reg.agencies + reg.partner_bodies
    assert len(bodies) > 80
    for body in [*bodies, *reg.provinces]:
        assert body.nguon, body.ten
        cited = r"(?:Nghị định|Quyết định|Thông tư|Kế hoạch|Luật)\s+(?:số\s+)?(\d+/[\w-]+)"
        numbers = set(re.findall(cited, body.nguon))
        numbers = {re.sub(r"/(?:NĐ-CP|QĐ-TTg)$", "", n) for n in numbers}
        assert numbers <= CITED, (body.ten, numbers)
        assert numbers or "agencies-2025.md" in body.nguon or "seed" in body.nguon, body.ten


@pytest.mark.parametrize("workspace", sorted(EXAMPLES.glob("*/co-quan.yaml")), ids=lambda p: p.parent.name)
def test_the_examples_registries_pass_the_schema(workspace):
    assert check_registry_files([SHIPPED, workspace]) == []


def test_no_name_with_a_comma_was_split_by_a_flow_list():
    # [Sở Văn hoá, Thể thao và Du lịch] in YAML is two names: every alias must start like an agency name
    reg = load_registry([SHIPPED])
    for a in reg.agencies:
        for name in a.ten_khac:
            assert not re.match(r"(Thể thao|Thương binh|Truyền hình|Văn hóa và|phường)", name), (a.ten, name)


def test_a_broken_registry_is_reported_by_file_line_and_field(tmp_path):
    ws = tmp_path / "co-quan.yaml"
    ws.write_text(
        "co_quan:\n  - ten: Sở A\n    den: hôm qua\n  - ten_khac: [B]\ntinh:\n  - ten: Bắc Ninh\n    dau_moi: 5\n",
        encoding="utf-8",
    )
    got = {(p.line, p.path): p.message for p in check_registry_files([SHIPPED, ws])}  # the shipped files have none
    assert got[(3, "co_quan[1].den")].startswith('ngày "hôm qua" không đọc được')
    assert got[(4, "co_quan[2].ten")] == "thiếu trường bắt buộc"
    assert got[(7, "tinh[1].dau_moi")] == "phải là văn bản"


def test_cross_checks_successors_dates_and_sources(tmp_path):
    ws = tmp_path / "co-quan.yaml"
    ws.write_text(
        "co_quan:\n"
        "  - ten: Sở A\n    tu: 2026-01-01\n    den: 2025-01-01\n    ke_nhiem: [Sở Không Có]\n"
        "tinh:\n  - ten: Bắc Ninh\n    khong_co: [Sở Ma]\n",
        encoding="utf-8",
    )
    got = [p.message for p in check_registry_files([SHIPPED, ws], require_source=True)]
    assert any("ngày kết thúc (den) trước ngày bắt đầu (tu)" in m for m in got)
    assert any('cơ quan kế nhiệm "Sở Không Có" không có trong danh mục' in m for m in got)
    assert any('"Sở Ma" không có trong danh mục cơ quan' in m for m in got)
    assert any('"Sở A" thiếu nguồn (nguon)' in m for m in got)
