"""Atomic, deterministic file output: write to a temporary file beside the target, then rename."""
from __future__ import annotations

import io
import os
import tempfile
import zipfile
from pathlib import Path

from .errors import FileAccessError

#: the timestamp written into every zip entry, so that the same input gives the same bytes
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never a part."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".~{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise FileAccessError(f"{path}: không tạo được tệp ({exc.strerror})") from exc
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise FileAccessError(f"{path}: không ghi được tệp ({exc.strerror})") from exc
        raise


def write_zip(entries) -> bytes:
    """A zip of ``(name, bytes)`` entries, in order, with fixed timestamps and attributes."""
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
