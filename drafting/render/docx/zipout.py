"""The .docx zip, written in one pass with static parts deflated once: a template's parts that no render changes
keep their compressed bytes (and CRC) between renders. Same entries ⇒ the same bytes as ``fileio.write_zip``
(the same deflate settings, timestamps and attributes zipfile writes)."""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterable

from ...fileio import ZIP_EPOCH

_DOS_TIME = (ZIP_EPOCH[3] << 11) | (ZIP_EPOCH[4] << 5) | (ZIP_EPOCH[5] // 2)
_DOS_DATE = ((ZIP_EPOCH[0] - 1980) << 9) | (ZIP_EPOCH[1] << 5) | ZIP_EPOCH[2]


class Deflated:
    """One entry's bytes deflated as zipfile deflates them, with its CRC and size."""

    __slots__ = ("crc", "data", "size")

    def __init__(self, blob: bytes):
        c = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
        self.data = c.compress(blob) + c.flush()
        self.crc = zlib.crc32(blob)
        self.size = len(blob)

    @classmethod
    def of(cls, data: bytes, crc: int, size: int) -> Deflated:
        """An entry deflated elsewhere (piece by piece, with the same settings): its data, CRC and size."""
        d = cls.__new__(cls)
        d.data, d.crc, d.size = data, crc, size
        return d


def write_package(entries: Iterable[tuple[str, bytes | Deflated]]) -> bytes:
    """A zip of ``(name, bytes or Deflated)`` entries, in order; bytes are deflated here, Deflated copied."""
    out: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    count = 0
    for name, blob in entries:
        d = blob if isinstance(blob, Deflated) else Deflated(blob)
        try:
            raw, flags = name.encode("ascii"), 0
        except UnicodeEncodeError:
            raw, flags = name.encode("utf-8"), 0x800
        head = struct.pack(
            "<4s5H3L2H", b"PK\x03\x04", 20, flags, 8, _DOS_TIME, _DOS_DATE, d.crc, len(d.data), d.size, len(raw), 0
        )
        out += (head, raw, d.data)
        central.append(
            struct.pack(
                "<4s6H3L5H2L",
                b"PK\x01\x02",
                20,
                20,
                flags,
                8,
                _DOS_TIME,
                _DOS_DATE,
                d.crc,
                len(d.data),
                d.size,
                len(raw),
                0,
                0,
                0,
                0,
                0o644 << 16,
                offset,
            )
            + raw
        )
        offset += len(head) + len(raw) + len(d.data)
        count += 1
    directory = b"".join(central)
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, count, count, len(directory), offset, 0)
    return b"".join(out) + directory + end
