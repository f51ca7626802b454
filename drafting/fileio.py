"""Atomic, deterministic file output: write to a temporary file beside the target, then rename."""

from __future__ import annotations

import contextlib
import io
import os
import sys
from pathlib import Path

from .errors import FileAccessError
from .util import unlink_quietly

#: the timestamp written into every zip entry, so that the same input gives the same bytes
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def quiet_stdout() -> None:
    """After a broken pipe: point stdout at /dev/null so that Python's flush at exit prints nothing."""
    with contextlib.suppress(OSError, ValueError):  # no real file descriptor (tests): nothing to flush either
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _file_mode() -> int:
    """Mode of a new output file: what ``open()`` would give (0o666 less the umask), not a fixed 0o644."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def _temp_for(path: Path) -> tuple[int, str]:
    """A temporary file beside ``path``; its name stays short whatever the length of the target's name."""
    stem = path.name[:40]
    import tempfile  # noqa: PLC0415 - tempfile (shutil, random: 4 ms of -X importtime) loads only to write a file

    return tempfile.mkstemp(prefix=f".~{stem}.", suffix=".tmp", dir=path.parent)


def _stage(path: Path, data: bytes, mode: int) -> str:
    """Write ``data`` to a synced temporary file beside ``path``; return its name (removed on failure)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = _temp_for(path)
    except OSError as exc:
        raise FileAccessError(f"{path}: không tạo được tệp ({exc.strerror})") from exc
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
    except BaseException as exc:
        unlink_quietly(tmp)
        if isinstance(exc, OSError):
            raise FileAccessError(f"{path}: không ghi được tệp ({exc.strerror or exc})") from exc
        raise
    return tmp


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never a part."""
    write_set([(Path(path), data)])


def write_set(items) -> list[Path]:
    """Write several files as one set: all of them, or (on any failure) none, the previous ones staying.

    Every file is first written in full to a synced temporary file beside its target (a full disk or a
    Ctrl-C stops here, before any target changed); then the targets are replaced one by one. Should a
    replace fail, the targets already replaced get their previous content back (kept as hard links).
    """
    items = [(Path(p), d) for p, d in items]
    mode = _file_mode()
    staged: list[tuple[Path, str]] = []
    try:
        for path, data in items:
            staged.append((path, _stage(path, data, mode)))
    except BaseException:
        for _, tmp in staged:
            unlink_quietly(tmp)
        raise
    backups: list[tuple[Path, str | None]] = []
    try:
        for path, tmp in staged:
            backup = None
            if path.exists():
                backup = tmp + ".old"
                try:
                    os.link(path, backup)
                except OSError:  # no hard links here: no way back for this one
                    backup = None
            backups.append((path, backup))
            os.replace(tmp, path)
    except BaseException as exc:
        unrestored: list[tuple[Path, str]] = []
        for path, backup in backups[:-1]:  # the last one was not replaced
            if backup is not None:
                try:
                    os.replace(backup, path)
                except OSError:  # the new file stays; its previous content is kept beside it, and said below
                    unrestored.append((path, backup))
            else:
                unlink_quietly(path)
        for _, backup in backups[-1:]:
            if backup is not None:
                unlink_quietly(backup)
        for _, tmp in staged:
            unlink_quietly(tmp)
        kept = "".join(f"; {path} không khôi phục được, bản trước giữ ở {backup}" for path, backup in unrestored)
        if isinstance(exc, OSError):
            raise FileAccessError(
                f"{staged[len(backups) - 1][0]}: không ghi được tệp ({exc.strerror or exc}){kept}"
            ) from exc
        if unrestored:
            raise FileAccessError(f"bộ văn bản ghi dở{kept}") from exc
        raise
    for _, backup in backups:
        if backup is not None:
            unlink_quietly(backup)
    return [p for p, _ in items]


def write_zip(entries) -> bytes:
    """A zip of ``(name, bytes)`` entries, in order, with fixed timestamps and attributes."""
    import zipfile  # noqa: PLC0415 - zipfile (2 ms of -X importtime) loads only to write a zip (a no-op build has none)

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as dst:
        for name, blob in entries:
            zi = zipfile.ZipInfo(name, date_time=ZIP_EPOCH)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            zi.create_system = 0
            dst.writestr(zi, blob)
    return out.getvalue()


def rewrite_zip(data: bytes, edit=None, add: dict[str, bytes] | None = None) -> bytes:
    """Rewrite an OOXML zip with fixed timestamps and attributes (same content ⇒ same bytes).

    ``edit(name, blob)`` may return new bytes for an entry, or None to drop it; ``add`` appends entries.
    """
    import zipfile  # noqa: PLC0415 - zipfile (2 ms of -X importtime) loads only to write a zip (a no-op build has none)

    src = zipfile.ZipFile(io.BytesIO(data))

    def entries():
        for info in src.infolist():
            blob = src.read(info.filename)
            if edit is not None:
                blob = edit(info.filename, blob)
            if blob is not None:
                yield info.filename, blob
        yield from (add or {}).items()

    return write_zip(entries())


def normalize_zip(data: bytes) -> bytes:
    """Rewrite an OOXML zip with fixed timestamps and attributes (same content ⇒ same bytes)."""
    return rewrite_zip(data)
