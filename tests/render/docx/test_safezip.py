"""Bombs and damaged files are refused with a Vietnamese reason naming the file; the reader never expands
entities, never follows DTDs, never inflates past its caps. Times and memory: bench/bench_bombs.py."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bombs  # noqa: E402

from drafting.render.docx.reader import read_docx  # noqa: E402
from drafting.render.docx.safezip import Limits, Refused, SafeDocx  # noqa: E402

TEMPLATE = Path(__file__).resolve().parents[3] / "templates" / "phieu-bao-cao.docx"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("bombs")
    return bombs.ALL(tmp, TEMPLATE)


@pytest.mark.parametrize(
    "name",
    ["ratio", "giant", "lying", "members", "laughs", "xxe", "deep", "truncated", "crc", "notxml", "nodoc", "pdf"],
)
def test_hostile_file_is_refused_with_its_reason(hostile, name):
    path, words = hostile[name]
    with pytest.raises(Refused) as info:
        read_docx(path)
    assert info.value.name == path.name
    assert words in info.value.reason, info.value.reason
    assert info.value.format().startswith(f"{path.name}: ")
    assert "Traceback" not in info.value.format() and "Package not found" not in info.value.format()


def test_files_are_small_on_disk(hostile):
    """The point of a bomb: tiny files. The giant one is a 1 GB part in about 1 MB."""
    assert hostile["ratio"][0].stat().st_size < 200_000
    assert hostile["giant"][0].stat().st_size < 3_000_000


def test_no_entity_is_expanded_even_under_generous_limits(hostile):
    with pytest.raises(Refused):
        SafeDocx(hostile["xxe"][0], Limits(member_size=10**9, total_size=10**9)).xml("word/document.xml")


def test_text_cap(tmp_path):
    path = bombs.much_text(tmp_path / "text.docx", 200_000)
    assert len(read_docx(path).all_text()) == 200_000
    with pytest.raises(Refused, match="quá nhiều chữ"):
        read_docx(path, Limits(text=100_000))


def test_file_size_cap(tmp_path):
    path = bombs.much_text(tmp_path / "text.docx", 50_000)
    with pytest.raises(Refused, match="tệp quá lớn"):
        read_docx(path, Limits(file_size=1000))


def test_depth_just_under_the_cap_is_read(tmp_path):
    path = bombs.deep(tmp_path / "d.docx", 60)  # 60 content controls: 120 levels + document, body, p
    assert read_docx(path).blocks
    with pytest.raises(Refused, match="lồng quá sâu"):
        read_docx(bombs.deep(tmp_path / "d2.docx", 70))


def test_a_doc_file_is_named_as_such(hostile, tmp_path):
    path = bombs.fake_doc(tmp_path / "phieu.doc")
    with pytest.raises(Refused) as info:
        read_docx(path)
    assert "Word 97-2003 (.doc)" in info.value.reason and "lưu lại dạng .docx" in info.value.format()
