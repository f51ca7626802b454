"""The user's private cache of things worked out once and kept between runs (prepared schemas, help pages).

Every entry is a JSON file named by a hash of its key, in a folder of ours (``platformdirs``' user cache folder,
``user_cache_root``, or ``DRAFTING_CACHE``), and records what it was made from; an entry is used only when the
folder and the file are ours and nobody else may write them, and when what it was made from is unchanged. A cache
that cannot be read or written only makes the next run slower: it never changes what drafting prints or writes.

A stored help page is read with nothing but ``os``, ``sys``, ``json`` and ``zlib`` (no pathlib, hashlib, shutil
or importlib.util, 9 ms of a 10 ms interpreter between them): ``drafting --help`` is read from here.
"""

from __future__ import annotations

import json
import os
import stat
import sys

from .util import unlink_quietly
from .version import __version__

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path

PACKAGE = os.path.dirname(os.path.realpath(__file__))


def file_digest(path: Path | str) -> str | None:
    """The SHA-256 of a file's content, or None when it cannot be read."""
    import hashlib  # noqa: PLC0415 - hashlib (OpenSSL, 3 ms) loads only for a digest (a help page needs none)

    try:
        with open(path, "rb") as fh:
            return hashlib.sha256(fh.read()).hexdigest()
    except OSError:
        return None


def stamp(path: str | Path) -> list[int] | None:
    """What a file is known by without reading it (modification and change times, size, inode: as Python
    trusts its bytecode); None when it cannot be reached."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return [st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino]


def folder(name: str) -> Path | None:
    """The private cache folder ``name`` (created ``0700``); None when it cannot be made or trusted."""
    from pathlib import Path  # noqa: PLC0415 - pathlib loads only for a caller that wants a Path (a help page needs none)

    where = _folder(name)
    return None if where is None else Path(where)


def _folder(name: str) -> str | None:
    base = os.environ.get("DRAFTING_CACHE")
    where = os.path.join(base if base else _cache_root(), name)
    try:
        os.makedirs(where, mode=0o700, exist_ok=True)
        st = os.lstat(where)
    except OSError:
        return None
    if not stat.S_ISDIR(st.st_mode) or st.st_uid != os.getuid() or st.st_mode & 0o022:
        return None
    return where


def user_cache_root() -> Path:
    """The user's cache folder for drafting, as platformdirs names it.

    On Linux, with an absolute ``$XDG_CACHE_HOME`` or ``$HOME``, that is ``$XDG_CACHE_HOME/drafting`` or
    ``$HOME/.cache/drafting`` (the XDG rule), worked out here: importing platformdirs (its Unix module imports
    tempfile) cost 4–6 ms of every ``check``, a twentieth of the command. tests/test_cache_root.py holds this
    answer to platformdirs' own for the settings that decide it. Anywhere else (Windows, macOS, Android, a home
    that is not an absolute path) platformdirs answers.
    """
    from pathlib import Path  # noqa: PLC0415 - pathlib loads only for a caller that wants a Path (a help page needs none)

    return Path(_cache_root())


def _cache_root() -> str:
    if sys.platform == "linux" and not hasattr(sys, "getandroidapilevel"):
        xdg = os.environ.get("XDG_CACHE_HOME", "")
        if os.path.isabs(xdg):
            return os.path.join(xdg, "drafting")
        home = os.environ.get("HOME", "")
        if os.path.isabs(home):
            return os.path.join(home, ".cache", "drafting")
    from platformdirs import user_cache_dir  # noqa: PLC0415 - platformdirs loads only where the XDG rule does not answer

    return user_cache_dir("drafting", appauthor=False)


def _ident() -> list[str]:
    """What every entry belongs to: this drafting, this interpreter, where drafting is installed."""
    return [__version__, sys.version, sys.executable, PACKAGE]


def entry_name(*key: object) -> str:
    """The file name of the entry for ``key`` (with this interpreter, this drafting and where it is installed)."""
    import hashlib  # noqa: PLC0415 - hashlib (OpenSSL, 3 ms) loads only for a hashed name (a help page needs none)

    ident = [*_ident(), *key]
    return hashlib.sha256(json.dumps(ident, ensure_ascii=False).encode("utf-8")).hexdigest()[:32]


def sources_unchanged(sources: object) -> bool:
    """Whether every file an entry was made from (``{path: sha256}``) still has that content."""
    return isinstance(sources, dict) and all(
        isinstance(p, str) and isinstance(d, str) and file_digest(p) == d for p, d in sources.items()
    )


def read(kind: str, name: str) -> dict | None:
    """The entry ``name`` of the cache ``kind``, if it is there and can be trusted (its sources are the caller's
    to check); otherwise None."""
    where = _folder(kind)
    if where is None:
        return None
    f = os.path.join(where, f"{name}.json")
    try:
        st = os.lstat(f)
        if not stat.S_ISREG(st.st_mode) or st.st_uid != os.getuid() or st.st_mode & 0o022:
            return None
        with open(f, encoding="utf-8") as fh:
            data = json.loads(fh.read())
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("key") != name:
        return None
    return data


def write(kind: str, name: str, data: dict) -> None:
    """Keep an entry for the next process. A cache folder that cannot be written (full disk, read-only home)
    only makes the next run slower, so that case returns.

    The entry is written beside its place under a name of this process, then moved onto it (readers see the
    old entry or the new one). Unlike a document (drafting.fileio.write_set) it is not synced to disk and no
    random temporary name is drawn: the folder is ours alone (``folder``), and an entry cut short by a crash
    is refused when read (``read``: not JSON, or not its key). This keeps tempfile and an fsync out of every
    ``check`` that stores a verdict."""
    where = _folder(kind)
    if where is None:
        return
    target = os.path.join(where, f"{name}.json")
    partial = os.path.join(where, f".{name}.{os.getpid()}.tmp")
    payload = json.dumps({"key": name, **data}, ensure_ascii=False).encode("utf-8")
    try:
        _write_entry(partial, payload)
        os.replace(partial, target)
    except OSError:
        unlink_quietly(partial)


def _write_entry(path: str, payload: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0), 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(payload)


# --- help pages ------------------------------------------------------------------------------------------------
# A help page is a function of the command line's code (drafting's modules and Typer's that were loaded to write
# it), of the command it describes and of the terminal's width: `drafting --help` prints it from here without
# loading Typer. The command line stores a page each time it writes one with the default width settings. An entry
# is named by its command and width, and the files it was written from are known by their stamps (size, times,
# inode; as Python trusts its bytecode), not hashed: a help request reads no file but the entry.

HELP = "help"


def _help_name(command_path: str, columns: int) -> str | None:
    """``drafting-check-80-1a2b3c4d``: the command's words, the width and a checksum of ``_ident``; None for a
    command path that is not made of command names (it came from the command line: no file is named by it)."""
    try:
        import zlib  # noqa: PLC0415 - a checksum (the stored identity is compared whole in help_page)
    except ImportError:  # a Python built without zlib: no stored pages, Typer writes each one
        return None
    words = command_path.split(" ")
    if not all(w and all(c.isascii() and (c.isalnum() or c == "-") for c in w) for w in words):
        return None
    ident = json.dumps(_ident(), ensure_ascii=False).encode("utf-8")
    return f"{'-'.join(words)}-{columns}-{zlib.crc32(ident):08x}"


def _columns() -> int:
    """The width Click's formatter starts from: ``shutil.get_terminal_size().columns`` (COLUMNS, else the
    terminal's, else 80), worked out without importing shutil (2 ms); tests/test_help_cache.py holds the two
    equal."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns > 0:
        return columns
    try:
        return os.get_terminal_size(sys.__stdout__.fileno()).columns or 80  # type: ignore[union-attr]
    except (AttributeError, ValueError, OSError):
        return 80


def keep_help_page(command_path: str, help_names: list[str], text: str) -> None:
    """Store the help page ``text`` of ``command_path`` (``drafting``, ``drafting check``) for this width."""
    name = _help_name(command_path, _columns())
    if name is None:
        return
    sources: dict[str, list[int] | None] = {}
    for module_name, module in list(sys.modules.items()):
        f = getattr(module, "__file__", None)
        if f and module_name.split(".")[0] in ("drafting", "typer"):
            sources[os.path.abspath(f)] = stamp(f)  # the very files loaded, wherever they lie
    cli = getattr(sys.modules.get("drafting.cli"), "__file__", None)
    if None in sources.values() or cli is None or os.path.abspath(cli) not in sources:
        return  # a page whose sources cannot all be named is not kept
    data = {
        "ident": _ident(),
        "command": command_path,
        "help_names": list(help_names),
        "typer": sys.modules["typer"].__file__,
        "sources": dict(sorted(sources.items())),
        "text": text,
    }
    old = read(HELP, name)
    if old is not None and {k: old.get(k) for k in data} == data:
        return
    write(HELP, name, data)


def help_page(command_path: str, flag: str) -> str | None:
    """The stored help page of ``command_path`` (``drafting``, ``drafting check``) that ``flag`` (``--help``,
    ``-h``) asks for, if the page is there and still holds (same code, same Typer, same width); otherwise None."""
    name = _help_name(command_path, _columns())
    data = read(HELP, name) if name else None
    if data is None or data.get("command") != command_path or not isinstance(data.get("text"), str):
        return None
    names = data.get("help_names")
    if data.get("ident") != _ident() or not isinstance(names, list) or flag not in names:
        return None
    sources = data.get("sources")
    if not isinstance(sources, dict) or not all(isinstance(f, str) and stamp(f) == v for f, v in sources.items()):
        return None
    from importlib.machinery import PathFinder  # noqa: PLC0415 - part of the import system already loaded

    spec = PathFinder.find_spec("typer")  # is Typer still the one it came from? (sys.path as it is now)
    if spec is None or spec.origin != data.get("typer"):
        return None
    return data["text"]
