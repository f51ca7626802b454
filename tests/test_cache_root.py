"""The cache folder drafting works out on Linux is the one platformdirs names (drafting.cache.user_cache_root)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from platformdirs import user_cache_path

from drafting import cache

#: on Linux drafting works the folder out itself (the XDG rule); elsewhere platformdirs answers, and the same
#: comparisons hold
LINUX = sys.platform == "linux"


@pytest.mark.parametrize(
    ("xdg", "home"),
    [
        (None, "/home/van-thu"),  # nothing set: ~/.cache
        ("/srv/bo-nho-dem", "/home/van-thu"),  # an absolute XDG_CACHE_HOME
        ("", "/home/van-thu"),  # set but empty: ignored
        ("bo-nho-dem", "/home/van-thu"),  # relative: ignored, as the XDG rule says
        ("  /srv/co khoang trang", "/home/van-thu"),  # not absolute as written (a leading space)
        ("/srv/thư mục/bộ nhớ", "/home/Nguyễn Văn A"),  # Vietnamese names
        (None, "/"),  # a home at the root
        (None, "relative-home"),  # a HOME that is not a path: platformdirs decides
        (None, None),  # no HOME at all: platformdirs decides
    ],
)
def test_the_folder_is_the_one_platformdirs_names(monkeypatch, xdg, home):
    for name, value in (("XDG_CACHE_HOME", xdg), ("HOME", home)):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    assert cache.user_cache_root() == Path(user_cache_path("drafting", appauthor=False))


def test_drafting_cache_overrides_it(monkeypatch, tmp_path):
    monkeypatch.setenv("DRAFTING_CACHE", str(tmp_path / "rieng"))
    where = cache.folder("thu")
    assert where == tmp_path / "rieng" / "thu"
    assert where.is_dir()


def test_the_folder_is_used_without_drafting_cache(monkeypatch, tmp_path):
    monkeypatch.delenv("DRAFTING_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    root = tmp_path / "xdg" / "drafting" if LINUX else Path(user_cache_path("drafting", appauthor=False))
    assert cache.folder("thu") == root / "thu"
    assert (root / "thu").is_dir()
