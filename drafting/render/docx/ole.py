"""Recognise an OLE compound file that holds an encrypted Office package (a password-protected .docx/.xlsx)."""

from __future__ import annotations

from pathlib import Path

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MARKERS = ("EncryptedPackage".encode("utf-16-le"), "EncryptionInfo".encode("utf-16-le"))


def is_encrypted_package(path: Path | str, limit: int = 64 * 1024 * 1024) -> bool:
    """True when ``path`` is an OLE file whose directory names the streams "EncryptionInfo"/"EncryptedPackage".

    Word and Excel save a password-protected .docx/.xlsx this way (MS-OFFCRYPTO); only the directory entries
    are searched, read in blocks, never more than ``limit`` bytes.
    """
    with open(path, "rb") as fh:
        if fh.read(8) != OLE_MAGIC:
            return False
        fh.seek(0)
        tail = b""
        read = 0
        while read < limit:
            block = fh.read(1024 * 1024)
            if not block:
                return False
            read += len(block)
            data = tail + block
            if any(m in data for m in _MARKERS):
                return True
            tail = data[-64:]
    return False
