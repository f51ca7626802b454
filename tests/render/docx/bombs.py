"""Hostile and damaged .docx files, built small on disk: shared by test_safezip.py and bench/bench_bombs.py."""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
CT = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/></Types>'
)


def _zip(path: Path, parts: dict[str, bytes | object]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CT)
        for name, data in parts.items():
            if callable(data):  # a generator of chunks, for parts too big to hold
                with z.open(name, "w", force_zip64=True) as fh:
                    for chunk in data():
                        fh.write(chunk)
            else:
                z.writestr(name, data)
    return path


def document(body: str) -> bytes:
    return f'<?xml version="1.0" encoding="UTF-8"?><w:document {W}><w:body>{body}</w:body></w:document>'.encode()


def ratio_bomb(path: Path, mb: int = 20) -> Path:
    """~100 KB on disk, ``mb`` MB of plausible paragraphs inflated (the issue's 100 KB → 20 MB case)."""
    para = b"<w:p><w:r><w:t>Nhiem vu</w:t></w:r></w:p>" * 1000

    def chunks():
        yield document("")[: -len(b"</w:body></w:document>")]
        for _ in range(mb * 1024 * 1024 // len(para)):
            yield para
        yield b"</w:body></w:document>"

    return _zip(path, {"word/document.xml": chunks})


def giant_member(path: Path, mb: int = 1024) -> Path:
    """A part that honestly declares ``mb`` MB (the 3 MB → 1 GB case)."""
    zeros = b" " * (1024 * 1024)

    def chunks():
        yield document("")[: -len(b"</w:body></w:document>")]
        for _ in range(mb):
            yield zeros
        yield b"</w:body></w:document>"

    return _zip(path, {"word/document.xml": chunks})


def lying_size(path: Path) -> Path:
    """A part whose directory entries claim 1 000 bytes while it inflates to 30 MB."""
    giant_member(path, 30)
    data = bytearray(path.read_bytes())
    name = b"word/document.xml"
    for sig in (b"PK\x03\x04", b"PK\x01\x02"):
        start = 0
        while (i := data.find(sig, start)) >= 0:
            start = i + 4
            off_size = 22 if sig == b"PK\x03\x04" else 24
            name_off = 30 if sig == b"PK\x03\x04" else 46
            if data[i + name_off : i + name_off + len(name)] == name:
                if struct.unpack_from("<I", data, i + off_size)[0] != 0xFFFFFFFF:
                    struct.pack_into("<I", data, i + off_size, 1000)
                _patch_zip64(data, i, name_off, len(name), sig)
    path.write_bytes(bytes(data))
    return path


def _patch_zip64(data: bytearray, i: int, name_off: int, name_len: int, sig: bytes) -> None:
    """Set the uncompressed size in a zip64 extra field, if there is one, to 1 000 too."""
    extra_len_off = 28 if sig == b"PK\x03\x04" else 30
    extra_len = struct.unpack_from("<H", data, i + extra_len_off)[0]
    j = i + name_off + name_len
    end = j + extra_len
    while j + 4 <= end:
        tag, size = struct.unpack_from("<HH", data, j)
        if tag == 1 and size >= 8:
            struct.pack_into("<Q", data, j + 4, 1000)
        j += 4 + size


def many_members(path: Path, n: int = 5000) -> Path:
    return _zip(path, {"word/document.xml": document(""), **{f"word/media/x{i}.xml": b"<a/>" for i in range(n)}})


def billion_laughs(path: Path) -> Path:
    lol = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
        + f"]><w:document {W}><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"
    )
    return _zip(path, {"word/document.xml": lol.encode()})


def external_entity(path: Path) -> Path:
    xxe = (
        f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><w:document {W}><w:body>'
        "<w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>"
    )
    return _zip(path, {"word/document.xml": xxe.encode()})


def deep(path: Path, depth: int = 300) -> Path:
    body = "<w:sdt><w:sdtContent>" * depth + "<w:p/>" + "</w:sdtContent></w:sdt>" * depth
    return _zip(path, {"word/document.xml": document(body)})


def much_text(path: Path, chars: int) -> Path:
    import random

    rnd = random.Random(7)
    text = "".join(rnd.choice("abcdefghiklmnopqrstuvxy ") for _ in range(chars))
    return _zip(path, {"word/document.xml": document(f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>")})


def truncated(path: Path, good: Path) -> Path:
    path.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    return path


def bad_crc(path: Path, good: Path) -> Path:
    """The same bytes with the stored CRC of word/document.xml changed."""
    data = bytearray(good.read_bytes())
    name = b"word/document.xml"
    for sig, crc_off, name_off in ((b"PK\x03\x04", 14, 30), (b"PK\x01\x02", 16, 46)):
        start = 0
        while (i := data.find(sig, start)) >= 0:
            start = i + 4
            if data[i + name_off : i + name_off + len(name)] == name:
                struct.pack_into("<I", data, i + crc_off, struct.unpack_from("<I", data, i + crc_off)[0] ^ 0xFFFF)
    path.write_bytes(bytes(data))
    return path


def not_xml(path: Path) -> Path:
    return _zip(path, {"word/document.xml": b"\x00\x01 this is not xml <<<"})


def no_document(path: Path) -> Path:
    return _zip(path, {"word/other.xml": b"<a/>"})


def fake_doc(path: Path) -> Path:
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    return path


def pdf(path: Path) -> Path:
    path.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    return path


def ALL(tmp: Path, good: Path) -> dict[str, Path]:
    """Every hostile file, by name, with the words its refusal must contain."""
    return {
        "ratio": (ratio_bomb(tmp / "ratio.docx"), "tỉ lệ nén bất thường"),
        "giant": (giant_member(tmp / "giant.docx"), "quá lớn khi giải nén"),
        "lying": (lying_size(tmp / "lying.docx"), "bị hỏng"),
        "members": (many_members(tmp / "members.docx"), "thành phần"),
        "laughs": (billion_laughs(tmp / "laughs.docx"), "DTD"),
        "xxe": (external_entity(tmp / "xxe.docx"), "DTD"),
        "deep": (deep(tmp / "deep.docx"), "lồng quá sâu"),
        "truncated": (truncated(tmp / "truncated.docx", good), "bị hỏng"),
        "crc": (bad_crc(tmp / "crc.docx", good), "sai mã kiểm tra"),
        "notxml": (not_xml(tmp / "notxml.docx"), "không phải XML hợp lệ"),
        "nodoc": (no_document(tmp / "nodoc.docx"), "thiếu phần word/document.xml"),
        "pdf": (pdf(tmp / "pdf.docx"), "PDF"),
    }
