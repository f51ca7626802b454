"""Model-level checks a careful clerk wants: names spelt several ways, near-duplicate tasks."""

from __future__ import annotations

from drafting import api
from drafting.model.checks import name_variants

from conftest import EXAMPLES


def test_seed_001_partner_name_variants_are_reported_once():
    checked = api.check(EXAMPLES / "bac-ninh-2026-2030" / "ke-hoach.yaml")
    notes = [w.message for w in checked.warnings if "viết nhiều cách" in w.message]
    partner = [n for n in notes if "Xay Sôm Bun" in n]
    assert len(partner) == 1
    for form in ("Xay Sôm Bun", "Xây Sômbun", "Xây SỔM Bun", "Xây Sớm Bun"):
        assert f'"{form}"' in partner[0]


def test_seed_004_task_3_and_6_are_near_duplicates():
    checked = api.check(EXAMPLES / "khanh-hoa-2022" / "ke-hoach.yaml")
    assert any("nhiệm vụ 6 gần trùng nội dung với nhiệm vụ 3" in w.message for w in checked.warnings)


def test_variants_ignore_tone_placement_and_hyphenated_forms_count():
    assert name_variants(["Sở Văn hoá, Thể thao", "Sở Văn hóa, Thể thao"]) == {}
    found = name_variants(["tỉnh Chămpasăc, Lào", "tỉnh Chăm-pa-sắc của Lào"])
    assert list(found.values()) == [["Chămpasăc", "Chăm-pa-sắc"]] or list(found.values()) == [
        ["Chăm-pa-sắc", "Chămpasăc"]
    ]
    assert name_variants(["Hà Nội và Hà Nội"]) == {}
