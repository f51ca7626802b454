"""Trusted YAML files kept as data between runs (drafting/spec/loader.py ``load_trusted_yaml`` with a source):
what is taken from the cache is what parsing the file gives, an entry is used only while the file's text is the
one it was made from, and what JSON cannot give back exactly is parsed every time."""

from __future__ import annotations

import datetime as dt
import json
import os

import pytest

from drafting import cache
from drafting.resources import shipped_registry
from drafting.spec import loader
from drafting.spec.loader import load_trusted_yaml


@pytest.fixture
def parses(monkeypatch, tmp_path):
    """A private cache, and the number of times PyYAML parses (``parses["n"]``)."""
    import yaml

    monkeypatch.setenv("DRAFTING_CACHE", str(tmp_path / "cache"))
    count = {"n": 0}
    real = yaml.load

    def counting(*a, **k):
        count["n"] += 1
        return real(*a, **k)

    monkeypatch.setattr(yaml, "load", counting)
    return count


def _entry(source) -> dict:
    import yaml

    name = cache.entry_name(loader.PARSED, str(source.resolve()), yaml.__version__, loader._has_libyaml())
    return cache.read(loader.PARSED, name)


def test_the_shipped_registry_read_back_is_what_parsing_gives(parses):
    source = shipped_registry()
    text = source.read_text(encoding="utf-8-sig")
    first = load_trusted_yaml(text, source)
    again = load_trusted_yaml(text, source)
    assert parses["n"] == 1  # the second time from the cache
    assert again == first == load_trusted_yaml(text)
    dates = [v for v in _walk(again) if isinstance(v, dt.date)]
    assert dates, "the registry has dates (tu, den): they come back as dates"
    assert all(type(d) is dt.date for d in dates)


def _walk(x):
    if isinstance(x, dict):
        for v in x.values():
            yield from _walk(v)
    elif isinstance(x, list):
        for v in x:
            yield from _walk(v)
    else:
        yield x


def test_a_changed_file_is_parsed_again(parses, tmp_path):
    source = tmp_path / "co-quan.yaml"
    source.write_text("co_quan:\n- ten: Sở Ngoại vụ\n", encoding="utf-8")
    assert load_trusted_yaml(source.read_text(encoding="utf-8"), source) == {"co_quan": [{"ten": "Sở Ngoại vụ"}]}
    source.write_text("co_quan:\n- ten: Sở Nội vụ\n  tu: 2025-07-01\n", encoding="utf-8")
    got = load_trusted_yaml(source.read_text(encoding="utf-8"), source)
    assert got == {"co_quan": [{"ten": "Sở Nội vụ", "tu": dt.date(2025, 7, 1)}]}
    assert parses["n"] == 2
    assert load_trusted_yaml(source.read_text(encoding="utf-8"), source) == got
    assert parses["n"] == 2


@pytest.mark.parametrize(
    "text",
    [
        "1: một\n2: hai\n",  # number keys: JSON would make them text
        "luc: 2025-07-01 08:30:00\n",  # a date and time
        "__ngay__: 2025-07-01\n",  # a mapping that looks like a kept date
        "x: .nan\n",  # NaN is not equal to itself
        "x: .inf\n",
        "? [a, b]\n: c\n",  # a list as a key (PyYAML refuses it: nothing kept, the error is PyYAML's)
    ],
)
def test_what_json_cannot_give_back_is_parsed_each_time(parses, tmp_path, text):
    source = tmp_path / "tep.yaml"
    source.write_text(text, encoding="utf-8")
    try:
        first = load_trusted_yaml(text, source)
    except Exception:  # noqa: BLE001 - PyYAML's own refusal, the same with or without the cache
        assert _entry(source) is None
        return
    second = load_trusted_yaml(text, source)
    assert parses["n"] == 2
    assert _entry(source) is None
    assert repr(second) == repr(first)


def test_an_entry_for_another_text_or_tampered_is_not_used(parses, tmp_path):
    source = tmp_path / "tinh.yaml"
    text = "ten: Quảng Trị\nngay: 2025-07-01\n"
    source.write_text(text, encoding="utf-8")
    load_trusted_yaml(text, source)
    entry = _entry(source)
    assert entry["sha256"] and json.loads(entry["data"]) == {"ten": "Quảng Trị", "ngay": {"__ngay__": "2025-07-01"}}
    # an entry whose data says something else, under the digest of another text: not used
    path = next((tmp_path / "cache" / loader.PARSED).glob("*.json"))
    forged = dict(entry, data=json.dumps({"ten": "Hà Tĩnh"}), sha256="0" * 64)
    path.write_text(json.dumps(forged, ensure_ascii=False), encoding="utf-8")
    assert load_trusted_yaml(text, source) == {"ten": "Quảng Trị", "ngay": dt.date(2025, 7, 1)}
    # an entry others may write: not used either
    path.write_text(json.dumps(dict(entry, data=json.dumps({"ten": "Hà Tĩnh"}))), encoding="utf-8")
    os.chmod(path, 0o666)
    assert load_trusted_yaml(text, source)["ten"] == "Quảng Trị"
    # a kept date that does not read back: parsed again
    os.chmod(path, 0o600)
    path.write_text(json.dumps(dict(entry, data='{"ngay": {"__ngay__": "2025-13-01"}}')), encoding="utf-8")
    assert load_trusted_yaml(text, source)["ngay"] == dt.date(2025, 7, 1)


def test_an_unusable_cache_changes_nothing(parses, tmp_path, monkeypatch):
    blocker = tmp_path / "khong-phai-thu-muc"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("DRAFTING_CACHE", str(blocker))
    source = tmp_path / "a.yaml"
    source.write_text("a: 1\n", encoding="utf-8")
    assert load_trusted_yaml("a: 1\n", source) == {"a": 1}
    assert load_trusted_yaml("a: 1\n", source) == {"a": 1}
    assert parses["n"] == 2
