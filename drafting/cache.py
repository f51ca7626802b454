"""The user's private cache of things worked out once and kept between runs (prepared schemas, help pages).

Every entry is a JSON file named by a hash of its key, in a folder of ours (``platformdirs``' user cache folder,
``user_cache_root``, or ``DRAFTING_CACHE``), and records what it was made from; an entry is used only when the folder and the file
are ours and nobody else may write them, and when what it was made from is unchanged. A cache that cannot be
read or written only makes the next run slower: it never changes what drafting prints or writes.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import sys
from pathlib import Path

from .version import __version__

PACKAGE = Path(__file__).resolve().parent


def file_digest(path: Path | str) -> str | None:
    """The SHA-256 of a file's content, or None when it cannot be read."""
    try:
        with open(path, "rb") as fh:
            return hashlib.sha256(fh.read()).hexdigest()
    except OSError:
        return None


def folder(name: str) -> Path | None:
    """The private cache folder ``name`` (created ``0700``); None when it cannot be made or trusted."""
    base = os.environ.get("DRAFTING_CACHE")
    root = Path(base) if base else user_cache_root()
    where = root / name
    try:
        where.mkdir(mode=0o700, parents=True, exist_ok=True)
        st = where.lstat()
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
    if sys.platform == "linux" and not hasattr(sys, "getandroidapilevel"):
        xdg = os.environ.get("XDG_CACHE_HOME", "")
        if os.path.isabs(xdg):
            return Path(xdg) / "drafting"
        home = os.environ.get("HOME", "")
        if os.path.isabs(home):
            return Path(home) / ".cache" / "drafting"
    from platformdirs import user_cache_path  # noqa: PLC0415 - platformdirs loads only where the XDG rule does not answer

    return user_cache_path("drafting", appauthor=False)


def entry_name(*key: object) -> str:
    """The file name of the entry for ``key`` (with this interpreter, this drafting and where it is installed)."""
    ident = [__version__, sys.version, sys.executable, str(PACKAGE), *key]
    return hashlib.sha256(json.dumps(ident, ensure_ascii=False).encode("utf-8")).hexdigest()[:32]


def sources_unchanged(sources: object) -> bool:
    """Whether every file an entry was made from (``{path: sha256}``) still has that content."""
    return isinstance(sources, dict) and all(
        isinstance(p, str) and isinstance(d, str) and file_digest(p) == d for p, d in sources.items()
    )


def read(kind: str, name: str) -> dict | None:
    """The entry ``name`` of the cache ``kind``, if it is there and can be trusted (its sources are the caller's
    to check); otherwise None."""
    where = folder(kind)
    if where is None:
        return None
    f = where / f"{name}.json"
    try:
        st = f.lstat()
        if not stat.S_ISREG(st.st_mode) or st.st_uid != os.getuid() or st.st_mode & 0o022:
            return None
        data = json.loads(f.read_text(encoding="utf-8"))
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
    where = folder(kind)
    if where is None:
        return
    target = where / f"{name}.json"
    partial = where / f".{name}.{os.getpid()}.tmp"
    payload = json.dumps({"key": name, **data}, ensure_ascii=False).encode("utf-8")
    try:
        _write_entry(partial, payload)
        os.replace(partial, target)
    except OSError:
        from .fileio import unlink_quietly  # noqa: PLC0415 - only on a failed write: fileio brings errors and dataclasses, 7 ms of a help page

        unlink_quietly(partial)


def _write_entry(path: Path, payload: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0), 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(payload)


# --- help pages ------------------------------------------------------------------------------------------------
# A help page is a function of the command line's code (drafting's modules and Typer's that were loaded to write
# it), of the command it describes and of the terminal's width: `drafting --help` prints it from here without
# loading Typer. The command line stores a page each time it writes one with the default width settings.

HELP = "help"


def _help_name(command_path: str, columns: int) -> str:
    return entry_name(HELP, command_path, columns)


def _columns() -> int:
    import shutil  # noqa: PLC0415 - shutil loads only for a help request (the width Click's formatter starts from)

    return shutil.get_terminal_size().columns


def keep_help_page(command_path: str, help_names: list[str], text: str) -> None:
    """Store the help page ``text`` of ``command_path`` (``drafting``, ``drafting check``) for this width."""
    name = _help_name(command_path, _columns())
    sources: dict[str, str | None] = {}
    for module_name, module in list(sys.modules.items()):
        f = getattr(module, "__file__", None)
        if f and module_name.split(".")[0] in ("drafting", "typer"):
            sources[os.path.abspath(f)] = file_digest(f)  # the very files loaded, wherever they lie
    cli = getattr(sys.modules.get("drafting.cli"), "__file__", None)
    if None in sources.values() or cli is None or os.path.abspath(cli) not in sources:
        return  # a page whose sources cannot all be named is not kept
    data = {
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
    data = read(HELP, _help_name(command_path, _columns()))
    if data is None or data.get("command") != command_path or not isinstance(data.get("text"), str):
        return None
    names = data.get("help_names")
    if not isinstance(names, list) or flag not in names:
        return None
    import importlib.util  # noqa: PLC0415 - loads only for a stored help page: is Typer still the one it came from?

    spec = importlib.util.find_spec("typer")
    if spec is None or spec.origin != data.get("typer") or not sources_unchanged(data.get("sources")):
        return None
    return data["text"]
