"""The streaming reader (events to data, no node tree) reads what composing the file first read: the same data,
positions and warnings, or the same refusal (message, line, column), on the shipped specs and on a few
hundred damaged copies of them (broken syntax, duplicate keys, tags, anchors and aliases, a second document,
invisible characters), with libyaml and with PyYAML's pure-Python parser."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

from drafting.errors import SpecError
from drafting.spec import loader

ROOT = Path(__file__).resolve().parents[2]
TEXTS = sorted(p for p in [*ROOT.glob("examples/*/*.yaml"), *ROOT.glob("tests/fixtures/*.yaml")])
TOKENS = [":", ": ", " ", "- ", "\n", "[", "]", "{", "}", '"', "'", "&a ", "*a", "!!binary ", "!x ", "? ", "---\n"]
TOKENS += ["...\n", "\u200b", "\u202e", "0x1", "1.5", "~", "# ", "2026-02-30", "true", "x: 1\n", "  ", "\t"]


def _outcome(reader: Any, text: str) -> tuple:
    loaded = loader.Loaded(file=Path("dac-ta.yaml"), data=None)
    loaded.positions[()] = (1, 1)
    try:
        data = reader(text, loaded.file, loaded)
    except SpecError as exc:
        return ("refused", [(p.line, p.col, p.path, p.message) for p in exc.problems])
    warnings = [(p.line, p.col, p.path, p.message) for p in loaded.warnings]
    return ("read", repr(data), sorted(loaded.positions.items(), key=repr), warnings)


def _damaged(text: str, rng: random.Random) -> str:
    lines = text.splitlines(keepends=True)
    for _ in range(rng.choice((1, 1, 2, 3))):
        action = rng.random()
        if action < 0.2 and len(lines) > 2:
            i = rng.randrange(len(lines))
            lines.insert(rng.randrange(len(lines)), lines[i])  # a duplicated line: duplicate keys, indentation
        elif action < 0.3 and len(lines) > 2:
            del lines[rng.randrange(len(lines))]
        else:
            i = rng.randrange(len(lines))
            at = rng.randrange(len(lines[i]) + 1)
            lines[i] = lines[i][:at] + rng.choice(TOKENS) + lines[i][at:]
    return "".join(lines)


@pytest.mark.parametrize("pure", [False, True], ids=["libyaml", "pure-python"])
@pytest.mark.parametrize("spec", TEXTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_streamed_reads_what_composed_reads(spec: Path, pure: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    if pure:
        import yaml

        monkeypatch.setattr(loader, "_loader", lambda: yaml.SafeLoader)
    text = spec.read_text(encoding="utf-8")
    assert _outcome(loader._read, text) == _outcome(loader._read_composed, text)
    rng = random.Random(f"20-{spec.name}")
    refused = 0
    for _ in range(12 if pure else 30):
        damaged = _damaged(text, rng)
        got = _outcome(loader._read, damaged)
        assert got == _outcome(loader._read_composed, damaged), damaged
        refused += got[0] == "refused"
    assert refused >= 3  # the damage was seen: refusals were compared too


@pytest.mark.parametrize(
    "text",
    [
        "a: &x [1, 2]\nb: *x\n",  # an alias: composed, each use converted again
        "a: 1\nb: [1\n",
        "a: {b: 1, b: 2}\nc: [\n",  # our refusal (duplicate key), then a YAML error later: the YAML error
        "a: {b: 1, b: 2}\n---\nc: 1\n",  # a second document wins over our refusal too
        "a: {b: 1, b: 2}\nc: *nothing\n",
        "a: &x 1\nb: &x 2\n",
        "? [1, 2]\n: x\n",
        "a: !!binary aGVsbG8=\n",
        "",
        "# only a comment\n",
        "x\n",
        "a:\n" + "  " * 70 + "b: 1\n",
        "[" * 70 + "]" * 70 + "\n",
    ],
)
def test_edge_cases_read_alike(text: str) -> None:
    assert _outcome(loader._read, text) == _outcome(loader._read_composed, text)


def test_millions_of_nodes_stop_at_the_budget_before_any_tree(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loader, "MAX_NODES", 1000)
    text = "x: [" + "a, " * 5000 + "a]\n"
    got = _outcome(loader._read, text)
    assert got == _outcome(loader._read_composed, text)
    assert got[0] == "refused" and got[1][0][3].startswith("đặc tả quá lớn")
    # refused at once: a YAML error further on is not looked for
    assert _outcome(loader._read, text + "y: [\n") == got
    assert got[1][0][:2] == (1, 5 + 3 * 997)  # the 1 001st node: the mapping, "x", the list, 998th item
