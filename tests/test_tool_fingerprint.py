"""The tool fingerprint (drafting/sources.py ``tool_fingerprint``), kept in the user's cache by the files' stamps:
it is the hash of the files, and any change to one of them, even one that keeps its size and time, is seen."""

from __future__ import annotations

import hashlib
import os
import shutil

import pytest

from drafting import sources


@pytest.fixture
def package(tmp_path, monkeypatch):
    """A private copy of the package's code and data, an empty cache, and a process that forgets the fingerprint."""
    copy = tmp_path / "drafting"
    shutil.copytree(sources.PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "templates", "specs"))
    data = tmp_path / "data"
    data.mkdir()
    (data / "common.yaml").write_text("a: 1\n", encoding="utf-8")
    monkeypatch.setattr(sources, "PACKAGE", copy)
    monkeypatch.setattr(sources, "data_files", lambda: [("schemas/common.yaml", data / "common.yaml")])
    monkeypatch.setenv("DRAFTING_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(sources, "_TOOL", [])
    return copy, data / "common.yaml"


def _fresh() -> str:
    sources._TOOL.clear()
    return sources.tool_fingerprint()


def _by_hand(files) -> str:
    h = hashlib.sha256(sources.__version__.encode())
    for name, f in files:
        h.update(name.encode())
        h.update(hashlib.sha256(f.read_bytes()).hexdigest().encode())
    return h.hexdigest()


def test_the_kept_fingerprint_is_the_hash_of_the_files(package, monkeypatch):
    first = _fresh()
    assert first == _by_hand(sources._tool_files())
    reads = []
    real = sources.file_hash
    monkeypatch.setattr(sources, "file_hash", lambda f: reads.append(f) or real(f))
    assert _fresh() == first
    assert reads == []  # the second process took it from the cache


def test_a_changed_module_changes_it_even_with_the_same_size_and_time(package):
    code, _ = package
    first = _fresh()
    module = code / "api.py"
    st = module.stat()
    text = module.read_bytes()
    module.write_bytes(text[:-1] + b"#")  # the last newline becomes a comment sign: same size
    os.utime(module, ns=(st.st_atime_ns, st.st_mtime_ns))  # same time, same size: only the change time moved
    assert module.stat().st_size == st.st_size and module.stat().st_mtime_ns == st.st_mtime_ns
    assert _fresh() != first
    assert _fresh() == _by_hand(sources._tool_files())


def test_a_new_module_or_a_changed_schema_changes_it(package):
    code, schema = package
    first = _fresh()
    (code / "moi.py").write_text("x = 1\n", encoding="utf-8")
    second = _fresh()
    assert second != first
    schema.write_text("a: 2\n", encoding="utf-8")
    assert _fresh() not in (first, second)


def test_an_unusable_cache_still_gives_the_fingerprint(package, monkeypatch, tmp_path):
    blocker = tmp_path / "tep"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("DRAFTING_CACHE", str(blocker))
    assert _fresh() == _by_hand(sources._tool_files())
