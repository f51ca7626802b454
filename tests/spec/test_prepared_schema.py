"""The prepared schemas kept between runs (drafting/spec/validator.py ``prepared_schema``, drafting/cache.py):
validation with a kept schema finds exactly what it finds with one Cerberus has just checked; an entry is used only
while the schema files, the validator's code and Cerberus are those it was made from; a cache that cannot be used
changes nothing."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from cerberus import SchemaError

from drafting import api, cache
from drafting.spec import validator
from drafting.spec.loader import load_spec

from conftest import EXAMPLES, FIXTURES

CACHED = (validator.load_schema, validator._library, validator._rules_registry, validator._schema_registry)


def _forget() -> None:
    for f in (*CACHED, validator.prepared_schema):
        f.cache_clear()


@pytest.fixture
def schemas(tmp_path, monkeypatch):
    """A private copy of the shipped schemas and an empty cache; the process forgets both afterwards."""
    folder = tmp_path / "schemas"
    shutil.copytree(validator.SCHEMA_DIR, folder)
    monkeypatch.setattr(validator, "SCHEMA_DIR", folder)
    monkeypatch.setenv("DRAFTING_CACHE", str(tmp_path / "cache"))
    _forget()
    yield folder
    _forget()


def _entries(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "cache" / validator.PREPARED).glob("*.json"))


def _refuse_checking(monkeypatch) -> None:
    def checked(*a, **k):
        raise AssertionError("Cerberus was asked to check the schema again")

    monkeypatch.setattr(validator, "DefinitionSchema", checked)


def _findings(spec: Path, kind: str = "ke_hoach"):
    loaded = load_spec(spec)
    document, problems = validator.validate(loaded, kind, api.registry_for(spec, loaded.data))
    return document, [p.format() for p in problems]


SPECS = [
    FIXTURES / "minimal.yaml",
    FIXTURES / "with_appendices.yaml",
    FIXTURES / "quang-tri-2027.yaml",
    EXAMPLES / "khanh-hoa-2022" / "ke-hoach.yaml",
]


def test_a_kept_schema_finds_what_a_freshly_checked_one_finds(schemas, tmp_path, monkeypatch, write_spec, minimal_data):
    broken = dict(minimal_data, ngay="31/02/2026", loai_van_ban=7, khoa_la="x")
    specs = [*SPECS, write_spec(broken, "hong.yaml")]
    fresh = [_findings(s) for s in specs]
    assert [e.name for e in _entries(tmp_path)] and any(problems for _, problems in fresh)
    _forget()
    _refuse_checking(monkeypatch)
    assert [_findings(s) for s in specs] == fresh


def test_a_changed_schema_is_checked_again_and_its_rules_apply(
    schemas, tmp_path, monkeypatch, write_spec, minimal_data
):
    spec = write_spec(minimal_data)
    assert _findings(spec)[1] == []
    (first,) = _entries(tmp_path)
    text = (schemas / "ke_hoach.yaml").read_text(encoding="utf-8")
    old = "trich_yeu: {type: string, required: true, empty: false}"
    assert old in text
    (schemas / "ke_hoach.yaml").write_text(text.replace(old, old[:-1] + ", maxlength: 3}"), "utf-8")
    _forget()
    document, problems = _findings(spec)
    assert document is None and any("trich_yeu" in p for p in problems)
    assert len(_entries(tmp_path)) == 2 and first in _entries(tmp_path)


def test_a_change_of_the_validator_or_the_shared_rules_names_another_entry(schemas, tmp_path, monkeypatch):
    base = validator._prepared_name("ke_hoach")
    here = Path(validator.__file__).parent
    names = {}
    for changed in ("validator.py", "loader.py"):
        code = tmp_path / changed / "spec"
        code.mkdir(parents=True)
        for f in ("validator.py", "loader.py"):
            (code / f).write_text((here / f).read_text(encoding="utf-8"), encoding="utf-8")
        monkeypatch.setattr(validator, "__file__", str(code / "validator.py"))
        assert validator._prepared_name("ke_hoach") == base  # the same code elsewhere: the same entry
        (code / changed).write_text((code / changed).read_text(encoding="utf-8") + "\n# khác\n", encoding="utf-8")
        names[changed] = validator._prepared_name("ke_hoach")
    monkeypatch.setattr(validator, "__file__", str(here / "validator.py"))
    common = schemas / "common.yaml"
    common.write_text(common.read_text(encoding="utf-8") + "\n# khác\n", encoding="utf-8")
    names["common.yaml"] = validator._prepared_name("ke_hoach")
    assert None not in names.values()
    assert len({base, *names.values()}) == 4
    assert validator._prepared_name("tien_do") not in (base, *names.values())


def test_a_schema_cerberus_refuses_is_never_kept(schemas, tmp_path):
    text = (schemas / "ke_hoach.yaml").read_text(encoding="utf-8")
    old = "trich_yeu: {type: string, required: true, empty: false}"
    (schemas / "ke_hoach.yaml").write_text(text.replace(old, old[:-1] + ", khong_co_luat: 1}"), "utf-8")
    with pytest.raises(SchemaError):
        validator.prepared_schema("ke_hoach")
    assert _entries(tmp_path) == []


def test_an_entry_that_is_not_trusted_is_not_used(schemas, tmp_path, monkeypatch):
    fresh = _findings(SPECS[3])
    (entry,) = _entries(tmp_path)
    data = json.loads(entry.read_text(encoding="utf-8"))
    data["schema"]["trich_yeu"]["maxlength"] = 3
    entry.write_text(json.dumps(data), encoding="utf-8")
    entry.chmod(0o666)  # writable by others
    _forget()
    assert _findings(SPECS[3]) == fresh


def test_an_unusable_cache_changes_nothing(schemas, tmp_path, monkeypatch):
    fresh = _findings(SPECS[3])
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    for where in (blocker, blocker / "below"):
        monkeypatch.setenv("DRAFTING_CACHE", str(where))
        _forget()
        assert _findings(SPECS[3]) == fresh
    monkeypatch.setenv("DRAFTING_CACHE", str(tmp_path / "full"))

    def disk_full(path, data):
        Path(path).write_bytes(data[:10])  # the disk filled up part-way
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cache, "_write_entry", disk_full)
    _forget()
    assert _findings(SPECS[3]) == fresh
    assert not list((tmp_path / "full").rglob("*.json"))
    assert not [p for p in (tmp_path / "full").rglob("*") if p.is_file()]  # nothing half-written is left
