"""An office's task list or budget sheet in Excel (.xlsx; .xls/.ods through LibreOffice) → tasks of a spec."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from ..errors import FileAccessError
from ..render.docx.ole import OLE_MAGIC, is_encrypted_package
from ..render.docx.reader import Cell, Table
from ..render.pdf import soffice
from ..spec.writer import YamlMap, YamlSeq, load_for_edit
from .importer import Imported, escape, group_items, read_task_table, unit_of

MB = 1024 * 1024
#: caps before openpyxl sees the file (the reporting loop's limits: docs/spec-tien-do.md)
FILE_SIZE = 30 * MB
MEMBERS = 1000
INFLATED = 60 * MB
RATIO = 100
MAX_ROWS = 5000
MAX_COLS = 60


def _refuse(path: Path, reason: str, hint: str | None = None) -> FileAccessError:
    return FileAccessError(f"{path.name}: {reason}", hint=hint)


def check_caps(path: Path) -> None:
    """Refuse a workbook that is encrypted, damaged or over the size caps, before parsing any of it."""

    if path.stat().st_size > FILE_SIZE:
        raise _refuse(path, f"tệp quá lớn (giới hạn {FILE_SIZE // MB} MB)")
    with open(path, "rb") as fh:
        head = fh.read(8)
    if head == OLE_MAGIC:
        if is_encrypted_package(path):
            raise _refuse(
                path,
                "tệp được bảo vệ bằng mật khẩu (đã mã hóa), không đọc được",
                "mở tệp trong Excel, bỏ mật khẩu rồi lưu lại",
            )
        raise _refuse(path, "tệp Excel 97-2003 (.xls) cần chuyển sang .xlsx", "lưu lại dạng .xlsx trong Excel")
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise _refuse(path, "tệp hỏng hoặc không phải bảng tính .xlsx", "mở tệp trong Excel và lưu lại") from exc
    if len(infos) > MEMBERS:
        raise _refuse(path, f"tệp có quá nhiều thành phần ({len(infos)}, giới hạn {MEMBERS})")
    total = sum(i.file_size for i in infos)
    if total > INFLATED:
        raise _refuse(path, f"nội dung giải nén quá lớn (giới hạn {INFLATED // MB} MB)")
    for i in infos:
        if i.file_size > MB and i.compress_size and i.file_size / i.compress_size > RATIO:
            raise _refuse(path, f"thành phần {i.filename} nén bất thường (tỷ lệ > {RATIO}), có thể là tệp độc hại")
    if not any(i.filename.startswith("xl/worksheets/") for i in infos):
        raise _refuse(path, "tệp không phải bảng tính Excel (.xlsx)")


def _convert(path: Path, workdir: Path) -> Path:

    exe = soffice()
    if not exe:
        raise _refuse(
            path,
            "tệp cần LibreOffice để chuyển sang .xlsx, máy này chưa cài",
            "lưu lại dạng .xlsx trong Excel, hoặc cài LibreOffice",
        )
    src = workdir / ("bang" + path.suffix.lower())
    src.write_bytes(path.read_bytes())
    profile = workdir / "profile"
    proc = subprocess.run(
        [
            exe,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(workdir),
            str(src),
        ],
        capture_output=True,
        timeout=120,
        check=False,
    )
    produced = workdir / "bang.xlsx"
    if proc.returncode != 0 or not produced.is_file():
        raise _refuse(path, "LibreOffice không chuyển được tệp sang .xlsx", "lưu lại dạng .xlsx trong Excel")
    return produced


def _text(v: Any) -> str:

    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, dt.datetime | dt.date):  # a date typed in a time column: "15/3/2026"
        return f"{v.day}/{v.month}/{v.year}"
    return str(v).strip()


def sheet_tables(path: Path) -> list[tuple[str, Table]]:
    """Every worksheet as a Table of cells by grid position, merged ranges as one spanning cell."""
    import openpyxl  # noqa: PLC0415 - openpyxl loads only for Excel work

    # read_only mode would be lighter but openpyxl does not expose merged ranges there; the caps above bound
    # what this loads.
    try:
        wb = openpyxl.load_workbook(path, read_only=False, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a damaged file
        raise _refuse(
            path, f"không đọc được bảng tính ({type(exc).__name__})", "mở tệp trong Excel và lưu lại"
        ) from exc
    out = []
    for ws in wb.worksheets:
        if (ws.max_row or 0) > MAX_ROWS or (ws.max_column or 0) > MAX_COLS:
            wb.close()
            raise _refuse(
                path,
                f'trang "{ws.title}" quá lớn ({ws.max_row} dòng × {ws.max_column} cột; giới hạn '
                f"{MAX_ROWS} × {MAX_COLS})",
                "tách danh sách thành nhiều tệp nhỏ hơn",
            )
        nrows = ws.max_row or 0
        ncols = ws.max_column or 0
        merged: dict[tuple[int, int], tuple[int, int]] = {}
        covered: set[tuple[int, int]] = set()
        for rng in ws.merged_cells.ranges:
            r0, c0, r1, c1 = rng.min_row, rng.min_col, rng.max_row, rng.max_col
            merged[(r0, c0)] = (r1 - r0 + 1, c1 - c0 + 1)
            for r in range(r0, r1 + 1):
                for c in range(c0, c1 + 1):
                    if (r, c) != (r0, c0):
                        covered.add((r, c))
        rows: list[list[Cell]] = []
        for r in range(1, nrows + 1):
            cells = []
            for c in range(1, ncols + 1):
                if (r, c) in covered:
                    continue
                rowspan, span = merged.get((r, c), (1, 1))
                cells.append(Cell(r - 1, c - 1, span, _text(ws.cell(r, c).value), rowspan))
            rows.append(cells)
        out.append((ws.title, Table(rows, ncols)))
    wb.close()
    return out


def import_workbook(path: Path, into: Path | None = None) -> Imported:
    """Tasks and budget lines of the first sheet that has a task header, as a spec (new, or merged into ``into``)."""
    CM, CS = YamlMap, YamlSeq

    path = Path(path)
    with tempfile.TemporaryDirectory(prefix="drafting-xlsx-") as tmp:
        if path.suffix.lower() in (".xls", ".ods"):
            with open(path, "rb") as fh:
                head = fh.read(8)

            if head == OLE_MAGIC and is_encrypted_package(path):
                raise _refuse(
                    path,
                    "tệp được bảo vệ bằng mật khẩu (đã mã hóa), không đọc được",
                    "mở tệp trong Excel, bỏ mật khẩu rồi lưu lại",
                )
            if path.stat().st_size > FILE_SIZE:
                raise _refuse(path, f"tệp quá lớn (giới hạn {FILE_SIZE // MB} MB)")
            work = _convert(path, Path(tmp))
        else:
            work = path
        check_caps(work)
        sheets = sheet_tables(work)
    imp = Imported(CM())
    found = None
    for title, table in sheets:
        read = read_task_table(table, f'trang "{title}"', imp)
        if read is not None and read.tasks:
            found = (title, read)
            break
    if found is None:
        raise _refuse(
            path,
            "không tìm thấy dòng tiêu đề có cột nội dung/nhiệm vụ và cột chủ trì hoặc thời gian",
            'dòng tiêu đề cần các cột như "Nội dung", "Cơ quan chủ trì", "Thời gian"',
        )
    title, read = found
    unit_title = unit_of(read.title) if re.search(r"đơn vị|đvt", read.title, re.I) else None
    read.unit = read.unit or unit_title
    app = CM([("loai", read.kind), ("ten", escape((read.title or title).upper()))])
    app.yaml_add_eol_comment(f'{path.name}, trang "{title}"', "loai")
    if read.kind == "kinh_phi":
        if read.money_head:
            app["tieu_de_cot"] = read.money_head
        if read.unit:
            app["don_vi"] = read.unit
    else:
        app["cot"] = read.columns
    app["danh_so"] = "lien_tuc" if read.continuous or not read.groups_named else "theo_nhom"
    groups = CS()
    for where, name, rows in read.groups:
        g = CM([("ten", escape(name) or "Nhiệm vụ")])
        items = group_items(read.kind, rows)
        g["dong" if read.kind == "kinh_phi" else "nhiem_vu"] = items
        groups.append(g)
        if where:
            g.yaml_add_eol_comment(where, "ten")
    app["nhom"] = groups
    if read.totals and read.kind == "kinh_phi":
        app["tong_cong"] = sum(read.totals.values())
    years = read.years or sorted(
        {int(y) for _, t in read.tasks for y in re.findall(r"\b(20\d\d)\b", str(t.get("thoi_gian", "")))}
    )
    if into is not None:
        try:
            spec = load_for_edit(Path(into).read_text(encoding="utf-8-sig"))
        except OSError as exc:
            raise FileAccessError(f"{into}: không đọc được đặc tả ({exc.strerror or exc})") from exc
        if not isinstance(spec, dict):
            raise FileAccessError(f"{into}: không phải đặc tả kế hoạch")
        apps = spec.get("phu_luc") or CS()
        apps.append(app)
        spec["phu_luc"] = apps
        imp.spec = spec
        imp.note = ""
        return imp
    spec = imp.spec
    imp.note = (
        f"Đặc tả dựng từ bảng tính {path.name} (drafting import): các nhiệm vụ nằm ở phu_luc.\n"
        "Các trường đánh dấu ĐIỀN là chỗ trống cần điền (số, ngày, cơ quan ban hành, người ký)."
    )
    spec.yaml_set_start_comment(imp.note)
    spec["loai"] = "ke_hoach"
    spec["co_quan_ban_hanh"] = CM([("ten", "ĐIỀN tên cơ quan ban hành")])
    spec["so"] = None
    spec["ky_hieu"] = "KH-UBND"
    spec["dia_danh"] = "ĐIỀN"
    first = min(years) if years else None
    spec["ngay"] = CM([("nam", first or 2026)])
    spec["trich_yeu"] = "ĐIỀN trích yếu"
    spec["giai_doan"] = CM([("tu", first or 2026), ("den", max(years) if years else 2026)])
    spec["phan"] = CS(
        [
            CM([("tieu_de", "MỤC ĐÍCH, YÊU CẦU"), ("noi_dung", ["ĐIỀN"])]),
            CM([("tieu_de", "TỔ CHỨC THỰC HIỆN"), ("noi_dung", ["ĐIỀN"])]),
        ]
    )
    spec["noi_nhan"] = ["ĐIỀN"]
    spec["luu"] = "VT"
    spec["nguoi_ky"] = CM([("chuc_danh", ["ĐIỀN"]), ("ho_ten", "ĐIỀN")])
    spec["phu_luc"] = CS([app])
    return imp
