"""Seed 003 (Gia Lai – southern Lao provinces plan 2026-2030) is carried by its example."""
from __future__ import annotations

from seedcov import EXAMPLES, Exclude, check_exclusions, check_seed

SPEC = EXAMPLES / "gia-lai-2026-2030" / "ke-hoach.yaml"

# None: the extraction kept no page number, header or footer.
EXCLUDE: list[Exclude] = []


def test_seed_003_exclusions_match_the_seed():
    check_exclusions("003", EXCLUDE)


def test_seed_003_coverage(tmp_path):
    check_seed("003", SPEC, tmp_path, EXCLUDE)
