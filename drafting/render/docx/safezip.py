"""Open an untrusted .docx: caps on file size, members, inflated bytes, compression ratio, XML depth and text."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ...errors import FileAccessError

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """What a returned form may weigh before it is refused (defaults documented in docs/spec-tien-do.md)."""

    file_size: int = 30 * MB  # the .docx on disk
    members: int = 1000  # entries in the zip
    member_size: int = 20 * MB  # one inflated part
    total_size: int = 60 * MB  # every part read, inflated
    ratio: int = 100  # inflated/compressed, for parts over 1 MB
    depth: int = 128  # XML element nesting
    text: int = 4_000_000  # characters of text in one part


DEFAULT_LIMITS = Limits()


class Refused(FileAccessError):
    """Raised when an untrusted file is damaged, not a .docx, or over a limit; ``reason`` says why in Vietnamese."""

    def __init__(self, name: str, reason: str, *, hint: str | None = None):
        super().__init__(f"{name}: {reason}", hint=hint)
        self.name = name
        self.reason = reason


def sniff(data: bytes) -> str:
    """ "docx", "odt", "doc", "rtf", "pdf", "zip" or "unknown" from the first bytes (and the zip's mimetype)."""
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "doc"
    if data.lstrip()[:5] == b"{\\rtf":
        return "rtf"
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"PK"):
        if data[30:38] == b"mimetype" and b"opendocument.text" in data[38:120]:
            return "odt"
        return "zip"
    return "unknown"


class SafeDocx:
    """A .docx opened under ``limits``: ``read(name)`` inflates one part with bounded memory, ``xml(name)`` parses
    it without DTDs, entities or network and within the depth and text caps."""

    def __init__(self, path: Path, limits: Limits = DEFAULT_LIMITS):
        self.path = Path(path)
        self.name = self.path.name
        self.limits = limits
        self._inflated = 0
        try:
            size = self.path.stat().st_size
        except OSError as exc:
            raise Refused(self.name, f"không đọc được tệp ({exc.strerror or exc})") from exc
        if size > limits.file_size:
            raise Refused(self.name, f"tệp quá lớn ({size // MB} MB, giới hạn {limits.file_size // MB} MB)")
        try:
            with open(self.path, "rb") as fh:
                head = fh.read(128)
        except OSError as exc:
            raise Refused(self.name, f"không đọc được tệp ({exc.strerror or exc})") from exc
        kind = sniff(head)
        if kind != "zip":
            raise Refused(self.name, _not_docx(kind), hint="mở tệp trong Word và lưu lại dạng .docx")
        try:
            self._zip = zipfile.ZipFile(self.path)
            infos = self._zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
            raise Refused(
                self.name, "tệp .docx bị hỏng (không mở được gói zip)", hint="mở tệp trong Word và lưu lại dạng .docx"
            ) from exc
        if len(infos) > limits.members:
            raise Refused(self.name, f"gói .docx có {len(infos)} thành phần (giới hạn {limits.members})")
        self._infos = {i.filename: i for i in infos}

    def close(self) -> None:
        self._zip.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def names(self) -> list[str]:
        return list(self._infos)

    def has(self, name: str) -> bool:
        return name in self._infos

    def read(self, name: str) -> bytes:
        info = self._infos.get(name)
        if info is None:
            raise Refused(self.name, f"tệp .docx thiếu phần {name}", hint="mở tệp trong Word và lưu lại dạng .docx")
        lim = self.limits
        if info.flag_bits & 0x1:
            raise Refused(self.name, "tệp có mật khẩu", hint="bỏ mật khẩu rồi gửi lại")
        cap = min(lim.member_size, lim.total_size - self._inflated)
        if info.file_size > lim.member_size:
            raise Refused(
                self.name,
                f"phần {name} quá lớn khi giải nén ({info.file_size // MB} MB, giới hạn {lim.member_size // MB} MB)",
            )
        if info.file_size > cap:
            raise Refused(self.name, f"tổng dung lượng giải nén vượt {lim.total_size // MB} MB")
        buf = io.BytesIO()
        try:
            with self._zip.open(info) as fh:
                while True:
                    chunk = fh.read(256 * 1024)
                    if not chunk:
                        break
                    buf.write(chunk)
                    n = buf.tell()
                    if n > cap:  # the header lied about the size
                        raise Refused(
                            self.name,
                            f"phần {name} giải nén vượt giới hạn "
                            f"({min(cap, lim.member_size) // MB} MB): có thể là bom nén",
                        )
                    if n > MB and n > lim.ratio * max(info.compress_size, 1):
                        raise Refused(
                            self.name, f"phần {name} có tỉ lệ nén bất thường (trên {lim.ratio} lần): có thể là bom nén"
                        )
        except Refused:
            raise
        except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError, RuntimeError) as exc:
            # zipfile raises BadZipFile on a CRC mismatch, NotImplementedError on unknown compression
            raise Refused(
                self.name,
                f"phần {name} bị hỏng (sai mã kiểm tra hoặc dữ liệu nén)",
                hint="mở tệp trong Word và lưu lại dạng .docx",
            ) from exc
        self._inflated += buf.tell()
        return buf.getvalue()

    def xml(self, name: str):
        """The part parsed into an lxml element, within the depth and text caps; no DTD, no entities."""
        from lxml import etree  # noqa: PLC0415 - lxml loads only when Word XML is read or made

        data = self.read(name)
        if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
            raise Refused(self.name, f"phần {name} khai báo DTD/thực thể (không có trong tệp Word thật)")
        lim = self.limits
        parser = etree.XMLParser(
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            huge_tree=False,
            remove_comments=True,
            remove_pis=True,
        )
        try:
            # parsed by libxml2 at C speed; its own caps without huge_tree (256 levels, 10 MB per text node) hold
            # while it parses, ours are checked on the tree it made
            root = etree.fromstring(data, parser)
        except etree.XMLSyntaxError as exc:
            if "depth" in str(exc).lower():
                raise Refused(self.name, f"phần {name} lồng quá sâu (trên {lim.depth} cấp)") from exc
            raise Refused(
                self.name,
                f"phần {name} không phải XML hợp lệ ({str(exc)[:80]})",
                hint="mở tệp trong Word và lưu lại dạng .docx",
            ) from exc
        if root.xpath("boolean(" + "/*" * (lim.depth + 1) + ")"):
            raise Refused(self.name, f"phần {name} lồng quá sâu (trên {lim.depth} cấp)")
        # characters of text: never more than the part's bytes, so they are counted only in a part that large
        if len(data) > lim.text and sum(len(t) for t in root.itertext()) > lim.text:
            raise Refused(self.name, f"phần {name} có quá nhiều chữ (trên {lim.text:,} ký tự)".replace(",", "."))
        return root


def _not_docx(kind: str) -> str:
    return {
        "doc": "tệp Word 97-2003 (.doc), không phải .docx",
        "rtf": "tệp RTF, không phải .docx",
        "pdf": "tệp PDF, không đọc được nội dung phiếu",
        "odt": "tệp OpenDocument (.odt), không phải .docx",
    }.get(kind, "không phải tệp Word (.docx)")
