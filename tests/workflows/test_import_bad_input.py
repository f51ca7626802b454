"""`drafting import` refuses what it cannot read, cleanly: one Vietnamese line, exit code 3, no traceback."""

from __future__ import annotations

import struct
import zipfile

import pytest
from officedoc import Office
from typer.testing import CliRunner

from drafting.cli import app
from drafting.render.docx.ole import is_encrypted_package


def run(*args):
    r = CliRunner().invoke(app, ["import", *map(str, args)])
    assert "Traceback" not in r.output
    return r


def ole_file(path, names):
    """A compound file (MS-CFB, 512-byte sectors) whose directory holds the streams ``names``: the layout
    Word and Excel use for a password-protected .docx/.xlsx ("EncryptionInfo", "EncryptedPackage")."""
    header = bytearray(512)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIII", header, 44, 1, 1, 0, 0x1000)  # 1 FAT sector, directory starts at sector 1
    struct.pack_into("<III", header, 60, 0xFFFFFFFE, 0, 0xFFFFFFFE)
    struct.pack_into("<I", header, 76, 0)  # the FAT is sector 0
    for i in range(1, 109):
        struct.pack_into("<I", header, 76 + 4 * i, 0xFFFFFFFF)
    fat = bytearray(b"\xff" * 512)
    struct.pack_into("<II", fat, 0, 0xFFFFFFFD, 0xFFFFFFFE)
    directory = bytearray(512)
    for k, name in enumerate(["Root Entry", *names]):
        entry = bytearray(128)
        raw = name.encode("utf-16-le") + b"\0\0"
        entry[0 : len(raw)] = raw
        struct.pack_into("<HBB", entry, 64, len(raw), 5 if k == 0 else 2, 1)
        struct.pack_into("<III", entry, 68, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF)
        directory[128 * k : 128 * (k + 1)] = entry
    path.write_bytes(bytes(header) + bytes(fat) + bytes(directory))
    return path


def test_password_protected_docx_is_refused(tmp_path):
    locked = ole_file(tmp_path / "ke-hoach.docx", ["EncryptionInfo", "EncryptedPackage"])
    assert is_encrypted_package(locked)
    r = run(locked, "-o", tmp_path / "x.yaml")
    assert r.exit_code == 3
    assert "được bảo vệ bằng mật khẩu" in r.output and "bỏ mật khẩu" in r.output
    assert not (tmp_path / "x.yaml").exists()


def test_password_protected_xlsx_is_refused(tmp_path):
    locked = ole_file(tmp_path / "nhiem-vu.xlsx", ["EncryptionInfo", "EncryptedPackage"])
    r = run(locked, "-o", tmp_path / "x.yaml")
    assert r.exit_code == 3 and "được bảo vệ bằng mật khẩu" in r.output


def test_plain_ole_is_not_taken_for_encrypted(tmp_path):
    assert not is_encrypted_package(ole_file(tmp_path / "cu.doc", ["WordDocument", "1Table"]))


def test_damaged_docx_is_refused(tmp_path):
    bad = tmp_path / "hong.docx"
    bad.write_bytes(b"PK\x03\x04" + b"\x00" * 200)
    r = run(bad, "-o", tmp_path / "x.yaml")
    assert r.exit_code == 3 and r.output.startswith("hong.docx: ")


def test_damaged_xlsx_is_refused(tmp_path):
    bad = tmp_path / "hong.xlsx"
    bad.write_bytes(b"PK\x03\x04 not a workbook")
    r = run(bad, "-o", tmp_path / "x.yaml")
    assert r.exit_code == 3 and "tệp hỏng hoặc không phải bảng tính" in r.output


def test_zip_bomb_is_refused_by_the_size_caps(tmp_path):
    o = Office()
    o.para("KẾ HOẠCH")
    src = o.save(tmp_path / "goc.docx")
    bomb = tmp_path / "bom.docx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "word/document.xml":
                data = data.replace(b"<w:body>", b"<w:body>" + b" " * (8 * 1024 * 1024))
            zout.writestr(item, data, compress_type=zipfile.ZIP_DEFLATED)
    r = run(bomb, "-o", tmp_path / "x.yaml")
    assert r.exit_code == 3
    assert "bom.docx: " in r.output and "nén" in r.output


@pytest.mark.parametrize(
    "title, message",
    [
        ("BÁO CÁO", "văn bản là báo cáo, không phải kế hoạch"),
        ("Danh sách cán bộ đi công tác", "không nhận ra văn bản này là một kế hoạch"),
    ],
)
def test_a_document_that_is_not_a_plan(tmp_path, title, message):
    o = Office()
    o.table(
        [
            ["ỦY BAN NHÂN DÂN\nTỈNH LÀO CAI", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
            ["Số: 3/BC-UBND", "Lào Cai, ngày 2 tháng 1 năm 2026"],
        ]
    )
    o.para(title)
    o.para("Kết quả công tác đối ngoại năm 2025")
    r = run(o.save(tmp_path / "bc.docx"), "-o", tmp_path / "x.yaml")
    assert r.exit_code == 3 and message in r.output


def test_a_workbook_without_a_task_header(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.append(["Họ tên", "Năm sinh"])
    wb.active.append(["Nguyễn Văn A", 1980])
    wb.save(str(tmp_path / "ds.xlsx"))
    r = run(tmp_path / "ds.xlsx", "-o", tmp_path / "x.yaml")
    assert r.exit_code == 3 and "không tìm thấy dòng tiêu đề" in r.output


def test_missing_file_and_unknown_kind(tmp_path):
    assert run(tmp_path / "khong-co.docx").exit_code == 3
    (tmp_path / "a.pdf").write_bytes(b"%PDF-1.4")
    r = run(tmp_path / "a.pdf")
    assert r.exit_code == 3 and "không đọc được loại tệp" in r.output
