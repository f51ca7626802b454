"""`drafting web` in a real browser: Debian's chromium driven by Playwright (no browser is downloaded).

The three journeys of the issue: a plan made from nothing (three tasks in two fields, an unknown agency fixed from
the registry's suggestion, the budget's total and words as they are typed, the .docx downloaded and read); the
reporting loop (shells, two filled forms uploaded, the report); one spec edited in two tabs (the conflict).
With ``DRAFTING_WEB_SHOTS=<folder>`` every screen is saved there as a PNG, to be looked at."""

from __future__ import annotations

import io
import os
import shutil
import threading
import time
import zipfile
from pathlib import Path

import pytest
from docx import Document

from conftest import EXAMPLES, require_tools

pytestmark = pytest.mark.slow

CHROMIUM = shutil.which("chromium")
ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser():
    require_tools("chromium", "soffice")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def server(tmp_path):
    """The app over a fresh workspace, served by uvicorn on a free loopback port; yields (base URL, folder)."""
    import uvicorn

    from drafting.web.app import create_app
    from drafting.web.server import bind

    root = tmp_path / "ws"
    root.mkdir()
    (root / ".drafting-workspace").write_text("", encoding="utf-8")
    sock = bind("127.0.0.1", 0)
    srv = uvicorn.Server(uvicorn.Config(create_app(root), log_config=None, log_level="critical", lifespan="off"))
    thread = threading.Thread(target=srv.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not srv.started:
        time.sleep(0.02)
    yield f"http://127.0.0.1:{sock.getsockname()[1]}", root
    srv.should_exit = True
    thread.join(10)
    sock.close()


class Shots:
    def __init__(self, name: str):
        folder = os.environ.get("DRAFTING_WEB_SHOTS")
        self.folder = Path(folder) / name if folder else None
        self.n = 0

    def __call__(self, page, label: str) -> None:
        if self.folder is None:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        self.n += 1
        page.screenshot(path=str(self.folder / f"{self.n:02d}-{label}.png"), full_page=True)


def _wait_text(page, selector: str, text: str, timeout: float = 15000) -> None:
    page.wait_for_function(
        "([s, t]) => { const e = document.querySelector(s); return e && e.textContent.includes(t); }",
        arg=[selector, text],
        timeout=timeout,
    )


def _settled(page) -> None:
    """Wait until htmx has no request in flight (the live check answers after a short pause in typing)."""
    page.wait_for_timeout(500)
    page.wait_for_function("() => !document.querySelector('.htmx-request')", timeout=15000)


def test_a_plan_made_from_nothing_in_the_browser(browser, server, tmp_path):
    base, root = server
    shot = Shots("ke-hoach-moi")
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(base + "/")
    shot(page, "thu-muc-trong")
    page.click("text=Kế hoạch mới")
    page.fill("input[name=thu_muc]", "quang-tri-2027")
    page.fill("input[name=tinh]", "Quảng Trị")
    page.fill("input[name=doi_tac]", "Savannakhet")
    page.fill("input[name=giai_doan]", "2027-2029")
    shot(page, "ke-hoach-moi")
    page.click("button:has-text('Tạo kế hoạch')")
    page.wait_for_url("**/sua?p=quang-tri-2027/ke-hoach.yaml")
    _wait_text(page, "#tong-quat", "Hợp lệ")
    shot(page, "soan-thao")

    # field 1: the skeleton's task, rewritten, and a second task
    page.fill("[name=nv-0-0-ten]", "Tổ chức đoàn lãnh đạo tỉnh thăm, làm việc tại tỉnh Savannakhet")
    page.fill("[name=nv-0-0-thoi_gian]", "Quý II/2027")
    _settled(page)
    _wait_text(page, "#nam-nv-0-0", "năm 2027")
    page.click("button:has-text('+ Thêm nhiệm vụ')")
    page.wait_for_selector("[name=nv-0-1-ten]")
    page.fill("[name=nv-0-1-ten]", "Trao đổi thông tin về công tác biên giới")
    page.fill("[name=nv-0-1-chu_tri]", "Sở Ngoại vụ")
    page.fill("[name=nv-0-1-thoi_gian]", "Hằng năm")
    _settled(page)
    _wait_text(page, "#nam-nv-0-1", "2027, 2028, 2029")
    # field 2, with a task whose agency is misspelt
    page.click("button:has-text('+ Thêm lĩnh vực')")
    page.wait_for_selector("[name=lv-1-ten]")
    page.fill("[name=lv-1-ten]", "Hợp tác về giáo dục, đào tạo")
    page.fill("[name=nv-1-0-ten]", "Tiếp nhận lưu học sinh Lào theo học tại tỉnh")
    page.fill("[name=nv-1-0-chu_tri]", "Sở Giáo dục và Đào tao")
    page.fill("[name=nv-1-0-thoi_gian]", "Năm 2028")
    _settled(page)
    _wait_text(page, "#loi-nv-1-0-chu_tri", "không có cơ quan")
    shot(page, "loi-co-quan")
    page.click("#loi-nv-1-0-chu_tri button.goi-y")
    assert page.input_value("[name=nv-1-0-chu_tri]") == "Sở Giáo dục và Đào tạo"
    _settled(page)
    page.wait_for_function("() => document.querySelector('#loi-nv-1-0-chu_tri').textContent.trim() === ''")

    # the budget: total and words as the amounts are typed
    page.click("button:has-text('+ Thêm biểu kinh phí')")
    page.wait_for_selector("[name=dg-0-0-noi_dung]")
    page.fill("[name=kp-0-ten]", "Công tác đối ngoại")
    page.fill("[name=dg-0-0-noi_dung]", "Đoàn lãnh đạo tỉnh thăm tỉnh Savannakhet")
    page.fill("[name=dg-0-0-y2027]", "150000")
    _settled(page)
    _wait_text(page, "#tong-ca", "150.000")
    _wait_text(page, "#tong-bang-chu", "Một trăm năm mươi triệu đồng")
    page.fill("[name=dg-0-0-y2028]", "80.000")
    _settled(page)
    _wait_text(page, "#tong-ca", "230.000")
    _wait_text(page, "#tong-bang-chu", "Hai trăm ba mươi triệu đồng")
    _wait_text(page, "#tong-quat", "Hợp lệ")
    shot(page, "kinh-phi")
    page.click("#luu")
    _wait_text(page, ".thong-bao", "Đã lưu")
    shot(page, "da-luu")

    # the documents, previewed, and the .docx downloaded and read
    page.click("button:has-text('Lưu rồi tạo văn bản')")
    page.wait_for_url("**/van-ban?p=quang-tri-2027/ke-hoach.yaml", timeout=120000)
    page.wait_for_selector("img[alt*='trang 1']")
    shot(page, "van-ban")
    with page.expect_download() as got:
        page.click("a[href$='ke-hoach.docx']")
    target = tmp_path / "ke-hoach.docx"
    got.value.save_as(str(target))
    doc = Document(str(target))
    text = "\n".join(p.text for p in doc.paragraphs)
    cells = "\n".join(c.text for t in doc.tables for r in t.rows for c in r.cells)
    assert "Tổ chức đoàn lãnh đạo tỉnh thăm, làm việc tại tỉnh Savannakhet" in text
    assert "Trao đổi thông tin về công tác biên giới" in text
    assert "Tiếp nhận lưu học sinh Lào theo học tại tỉnh" in text
    assert "Hợp tác về giáo dục, đào tạo" in text
    assert "Sở Giáo dục và Đào tạo" in text
    assert "230.000" in cells and "Hai trăm ba mươi triệu đồng" in text + cells
    page.close()


def _fill_form(data: bytes, department: str) -> bytes:
    doc = Document(io.BytesIO(data))
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "Mã")
    for row in table.rows[1:]:
        if row.cells[0].text[:1].isdigit():
            row.cells[2].paragraphs[0].text = "Hoàn thành"
            row.cells[3].paragraphs[0].text = f"{department} đã hoàn thành nhiệm vụ {row.cells[0].text}"
            row.cells[4].paragraphs[0].text = "12.500"
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def test_the_reporting_loop_in_the_browser(browser, server, tmp_path):
    base, root = server
    shutil.copytree(EXAMPLES / "gia-lai-2026-2030", root / "gia-lai", ignore=shutil.ignore_patterns("tien-do*"))
    shot = Shots("bao-cao")
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(base + "/")
    shot(page, "danh-sach")
    page.click("tr:has-text('gia-lai/ke-hoach.yaml') >> text=Báo cáo")
    page.fill("input[name=ky]", "năm 2026")
    shot(page, "buoc-1")
    with page.expect_download() as got:
        page.click("button:has-text('Tạo phiếu')")
    zipped = tmp_path / "phieu.zip"
    got.value.save_as(str(zipped))
    names = sorted(zipfile.ZipFile(zipped).namelist())
    assert len(names) >= 2
    chosen = [n for n in names if "so-y-te" in n or "so-tai-chinh" in n][:2] or names[:2]
    filled = []
    for n in chosen:
        target = tmp_path / "da-dien" / n
        target.parent.mkdir(exist_ok=True)
        target.write_bytes(_fill_form(zipfile.ZipFile(zipped).read(n), Path(n).stem))
        filled.append(target)
    page.set_input_files("input[name=phieu]", [str(f) for f in filled])
    page.click("button:has-text('Đọc phiếu')")
    _wait_text(page, ".tong-quat", "Đã đọc 2/2 phiếu")
    shot(page, "da-doc-phieu")
    assert (root / "gia-lai" / "tien-do-nam-2026.yaml").is_file()
    page.click("button:has-text('Tạo dự thảo báo cáo')")
    page.wait_for_url("**/van-ban?p=gia-lai/tien-do-nam-2026.yaml", timeout=120000)
    page.wait_for_selector("img[alt*='trang 1']")
    shot(page, "bao-cao")
    with page.expect_download() as got:
        page.click("a[href$='-bao-cao.docx']")
    report = tmp_path / "bao-cao.docx"
    got.value.save_as(str(report))
    doc = Document(str(report))
    cells = "\n".join(c.text for t in doc.tables for r in t.rows for c in r.cells)
    assert "BÁO CÁO" in "\n".join(p.text for p in doc.paragraphs)
    assert f"{filled[0].stem} đã hoàn thành nhiệm vụ" in cells and f"{filled[1].stem} đã hoàn thành nhiệm vụ" in cells
    page.close()


def test_the_same_spec_in_two_tabs_shows_the_conflict(browser, server):
    base, root = server
    shutil.copytree(EXAMPLES / "khanh-hoa-2022", root / "khanh-hoa", ignore=shutil.ignore_patterns("*.docx"))
    spec = root / "khanh-hoa" / "ke-hoach.yaml"
    shot = Shots("hai-the")
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    one, two = context.new_page(), context.new_page()
    for p in (one, two):
        p.goto(base + "/sua?p=khanh-hoa/ke-hoach.yaml")
        _wait_text(p, "#tong-quat", "Hợp lệ")
    one.fill("[name=luu]", "VT, NgV (thẻ một)")
    one.click("#luu")
    _wait_text(one, ".thong-bao", "Đã lưu")
    two.fill("[name=nguoi_ky\\.ho_ten]", "Người ký ở thẻ hai")
    two.click("#luu")
    _wait_text(two, ".xung-dot", "đã được sửa ở nơi khác")
    shot(two, "xung-dot")
    text = spec.read_text(encoding="utf-8")
    assert "VT, NgV (thẻ một)" in text and "Người ký ở thẻ hai" not in text
    assert two.input_value("[name=nguoi_ky\\.ho_ten]") == "Người ký ở thẻ hai"  # nothing typed is lost
    context.close()
