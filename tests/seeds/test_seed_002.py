"""Seed 002 (Hải Dương – Viêng Chăn cooperation document 2024-2028) is carried by its example."""
from __future__ import annotations

from seedcov import EXAMPLES, Exclude, check_exclusions, check_seed

SPEC = EXAMPLES / "hai-duong-vientiane-2024-2028" / "van-ban-hop-tac.yaml"

# None: the extraction kept no page number, header or footer.
EXCLUDE: list[Exclude] = []


def test_seed_002_exclusions_match_the_seed():
    check_exclusions("002", EXCLUDE)


def test_seed_002_coverage(tmp_path):
    check_seed("002", SPEC, tmp_path, EXCLUDE)
