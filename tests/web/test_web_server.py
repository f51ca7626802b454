"""`drafting web`, server side: the safety rules (host, CSRF, paths, sizes), the editor's round trip, live checks,
table actions, conflicts, and the reporting loop, through Starlette's test client (no browser)."""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from docx import Document
from starlette.testclient import TestClient

from drafting.web import editor
from drafting.web.app import create_app

from conftest import EXAMPLES

BASE = "http://127.0.0.1"


@pytest.fixture
def ws(tmp_path) -> Path:
    """A workspace with the Bắc Ninh plans (tasks in the body, a budget sheet) and the Hà Nội plan (tasks in an
    appendix)."""
    root = tmp_path / "ws"
    root.mkdir()
    (root / ".drafting-workspace").write_text("", encoding="utf-8")
    for name in ("bac-ninh-2026-2030", "ha-noi-2026-2030", "gia-lai-2026-2030"):
        shutil.copytree(EXAMPLES / name, root / name, ignore=shutil.ignore_patterns("*.docx", "*.xlsx", "*.pdf"))
    return root


def _client(root: Path, **kw) -> tuple[TestClient, str]:
    c = TestClient(create_app(root, **kw), base_url=BASE)
    token = re.search(r'name="csrf" value="([^"]+)"', c.get("/moi").text)[1]
    return c, token


def _form(html: str) -> dict[str, str]:
    """The values a browser would post from the editor page (inputs, textareas, selected options)."""
    out: dict[str, str] = {}
    for m in re.finditer(r"<input([^>]*)>", html):
        attrs = dict(re.findall(r'(\w[\w-]*)="([^"]*)"', m[1]))
        if "name" in attrs and attrs.get("type") not in ("file",):
            out[attrs["name"]] = _unescape(attrs.get("value", ""))
    for m in re.finditer(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', html, re.S):
        out[m[1]] = _unescape(m[2])
    for m in re.finditer(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        sel = re.search(r'<option value="([^"]*)"[^>]*selected', m[2])
        out[m[1]] = _unescape(sel[1]) if sel else ""
    return out


def _unescape(s: str) -> str:
    import html

    return html.unescape(s)


PLAN = "bac-ninh-2026-2030/ke-hoach.yaml"


# ------------------------------------------------------------------------------------------ safety


def test_a_request_for_another_host_name_is_refused(ws):
    c = TestClient(create_app(ws), base_url="http://evil.example")
    r = c.get("/")
    assert r.status_code == 421 and "không phải của ứng dụng drafting" in r.text


def test_a_post_without_the_pages_token_writes_nothing(ws):
    c, token = _client(ws)
    spec = ws / PLAN
    before = spec.read_bytes()
    page = c.get(f"/sua?p={PLAN}").text
    form = _form(page)
    form["trich_yeu"] = "Bị sửa từ trang khác"
    for bad in ({**form, "csrf": ""}, {**form, "csrf": "sai"}):
        r = c.post(f"/sua/luu?p={PLAN}", data=bad)
        assert r.status_code == 403 and "mã xác nhận" in r.text
        assert spec.read_bytes() == before
    r = c.post("/moi", data={"thu_muc": "x", "tinh": "Quảng Trị"})
    assert r.status_code == 403 and not (ws / "x").exists()
    r = c.post(f"/sua/luu?p={PLAN}", data={**form, "csrf": token})
    assert r.status_code == 200 and "Bị sửa từ trang khác" in spec.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "rel",
    [
        "../x.yaml",
        "/etc/passwd",
        "bac-ninh-2026-2030/../../x",
        "a\\..\\b",
        ".drafting-workspace",
        "bac-ninh-2026-2030/./ke-hoach.yaml",
        "",
    ],
)
def test_no_path_outside_the_workspace(ws, rel):
    c, token = _client(ws)
    for method, url in (("get", "/sua"), ("get", "/yaml"), ("get", "/tai"), ("get", "/van-ban"), ("post", "/yaml/luu")):
        r = getattr(c, method)(
            url, params={"p": rel}, **({"data": {"csrf": token, "noi_dung": "x"}} if method == "post" else {})
        )
        assert r.status_code == 403, (url, rel, r.status_code)
        assert "không phải tệp của thư mục làm việc" in r.text


def test_a_link_out_of_the_workspace_is_not_followed(ws, tmp_path):
    secret = tmp_path / "bi-mat.yaml"
    secret.write_text("loai: ke_hoach\n", encoding="utf-8")
    (ws / "lien-ket.yaml").symlink_to(secret)
    c, _ = _client(ws)
    assert c.get("/tai", params={"p": "lien-ket.yaml"}).status_code == 403
    assert c.get("/yaml", params={"p": "lien-ket.yaml"}).status_code == 403


def test_only_documents_are_downloaded(ws):
    (ws / "ghi-chu.py").write_text("print(1)\n", encoding="utf-8")
    c, _ = _client(ws)
    assert c.get("/tai", params={"p": "ghi-chu.py"}).status_code == 404
    r = c.get("/tai", params={"p": PLAN})
    assert r.status_code == 200 and r.content == (ws / PLAN).read_bytes()


def test_an_oversized_upload_is_refused_before_it_is_read(ws):
    c, token = _client(ws, max_upload=256 * 1024)
    big = io.BytesIO(b"PK\x03\x04" + b"\0" * (400 * 1024))
    r = c.post(
        f"/bao-cao/thu?p={PLAN}",
        data={"csrf": token},
        files=[("phieu", ("phieu-lon.docx", big, "application/octet-stream"))],
    )
    assert r.status_code == 413 and "quá lớn" in r.text
    assert not list((ws / "bac-ninh-2026-2030").glob("tien-do*.yaml"))


def test_a_body_without_a_length_is_counted_as_it_comes(ws):
    c, token = _client(ws, max_body=64 * 1024)

    def chunks():
        yield f"csrf={token}&noi_dung=".encode()
        for _ in range(40):
            yield b"x" * 4096

    r = c.post(f"/yaml/luu?p={PLAN}", content=chunks(), headers={"content-type": "application/x-www-form-urlencoded"})
    assert r.status_code == 413
    assert (ws / PLAN).read_bytes() == (EXAMPLES / PLAN).read_bytes()


def test_a_zip_bomb_among_the_returned_forms_is_refused_and_the_rest_is_read(ws):
    c, token = _client(ws)
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b"<w:document/>" + b" " * (30 * 1024 * 1024))
    bomb.seek(0)
    r = c.post(
        f"/bao-cao/thu?p={PLAN}",
        data={"csrf": token},
        files=[("phieu", ("phieu-so-y-te.docx", bomb, "application/octet-stream"))],
    )
    assert r.status_code == 200
    assert "phieu-so-y-te.docx" in r.text and "Phiếu bị từ chối (1)" in r.text


# ------------------------------------------------------------------------------------------ the editor


@pytest.mark.parametrize("plan", [PLAN, "ha-noi-2026-2030/ke-hoach.yaml", "gia-lai-2026-2030/ke-hoach.yaml"])
def test_saving_an_unchanged_plan_writes_it_back_byte_for_byte(ws, plan):
    c, _ = _client(ws)
    before = (ws / plan).read_bytes()
    form = _form(c.get(f"/sua?p={plan}").text)
    r = c.post(f"/sua/luu?p={plan}", data=form)
    assert r.status_code == 200 and "Đã lưu" in r.text
    assert (ws / plan).read_bytes() == before


def test_an_edit_keeps_the_comments_and_changes_only_its_line(ws):
    c, _ = _client(ws)
    spec = ws / PLAN
    before = spec.read_text(encoding="utf-8").splitlines()
    form = _form(c.get(f"/sua?p={PLAN}").text)
    form["nv-0-0-thoi_gian"] = "Quý II/2027"
    c.post(f"/sua/luu?p={PLAN}", data=form)
    after = spec.read_text(encoding="utf-8").splitlines()
    changed = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
    assert len(changed) == 1 and "Quý II/2027" in changed[0][1]


def test_a_save_over_an_edit_made_meanwhile_is_refused(ws):
    c, _ = _client(ws)
    spec = ws / PLAN
    form = _form(c.get(f"/sua?p={PLAN}").text)
    spec.write_text(spec.read_text(encoding="utf-8").replace("luu: VT, NgV.Thu", "luu: VT, NgV"), encoding="utf-8")
    form["trich_yeu"] = "Bản của thẻ cũ"
    r = c.post(f"/sua/luu?p={PLAN}", data=form)
    assert r.status_code == 409 and "đã được sửa ở nơi khác" in r.text
    text = spec.read_text(encoding="utf-8")
    assert "luu: VT, NgV\n" in text and "Bản của thẻ cũ" not in text
    assert "Bản của thẻ cũ" in r.text  # what was typed is still on the page


def test_the_live_check_puts_the_message_beside_its_field_with_the_registrys_suggestion(ws):
    c, _ = _client(ws)
    form = _form(c.get(f"/sua?p={PLAN}").text)
    form["nv-0-0-chu_tri"] = "Sở Ngoai vụ"
    form["nv-0-1-thoi_gian"] = "Quý II/2027"
    r = c.post(f"/sua/kiem-tra?p={PLAN}", data=form)
    slot = re.search(r'id="loi-nv-0-0-chu_tri"[^>]*>(.*?)</div>', r.text, re.S)[1]
    assert "không có cơ quan &#34;Sở Ngoai vụ&#34; trong danh mục" in slot or "Sở Ngoai vụ" in slot
    assert 'data-value="Sở Ngoại vụ"' in slot
    assert re.search(r'id="nam-nv-0-1"[^>]*>năm 2027<', r.text)


def test_the_budget_totals_and_words_follow_what_is_typed(ws):
    c, _ = _client(ws)
    form = _form(c.get(f"/sua?p={PLAN}").text)
    years = editor.plan_years({"giai_doan": {"tu": 2026, "den": 2030}})
    lines = [k for k in form if re.fullmatch(r"dg-\d+-\d+-y2026", k)]
    for k in lines:
        form[k] = ""
    form[lines[0]] = "1.250.000"
    form[lines[1]] = "750000"
    r = c.post(f"/sua/kiem-tra?p={PLAN}", data=form)
    assert re.search(r'id="tong-y2026"[^>]*>2\.000\.000<', r.text)
    totals = editor.budget_totals(form, years)
    assert re.search(rf'id="tong-ca"[^>]*>{re.escape(totals.total)}<', r.text)
    assert f">{totals.words}<" in r.text and totals.words.endswith("đồng")


def test_table_actions_add_move_and_delete_tasks(ws):
    c, _ = _client(ws)
    spec = ws / PLAN
    form = _form(c.get(f"/sua?p={PLAN}").text)
    first = form["nv-0-0-ten"]
    r = c.post(f"/sua/thao-tac?p={PLAN}&a=them-nhiem-vu:1", data=form)
    form = _form(r.text)
    added = max(int(m[1]) for m in re.finditer(r"nv-1-(\d+)-ten", " ".join(form)))
    form[f"nv-1-{added}-ten"] = "Trao đổi đoàn nghệ thuật"
    form[f"nv-1-{added}-chu_tri"] = "Sở Văn hóa, Thể thao và Du lịch"
    form[f"nv-1-{added}-thoi_gian"] = "Năm 2028"
    form["dich-0-0"] = "1"
    r = c.post(f"/sua/thao-tac?p={PLAN}&a=chuyen:0:0", data=form)  # the first task to the second field
    form = _form(r.text)
    assert form["nv-0-0-ten"] != first
    moved = [k for k, v in form.items() if v == first]
    assert moved and moved[0].startswith("nv-1-")
    r = c.post(f"/sua/luu?p={PLAN}", data=form)
    assert r.status_code == 200
    text = spec.read_text(encoding="utf-8")
    assert "Trao đổi đoàn nghệ thuật" in text
    from drafting import api

    plan = api.check(spec).model
    field_two = [t.ten for t in plan.tasks]
    assert "Trao đổi đoàn nghệ thuật" in field_two


def test_a_new_plan_is_made_from_nothing(ws):
    c, token = _client(ws)
    r = c.post(
        "/moi",
        data={
            "csrf": token,
            "thu_muc": "quang-tri",
            "tinh": "Quảng Trị",
            "doi_tac": "Savannakhet",
            "giai_doan": "2027-2029",
        },
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"] == "/sua?p=quang-tri/ke-hoach.yaml"
    page = c.get(r.headers["location"]).text
    assert "Hợp lệ" in page and "Quảng Trị" in page


def test_a_spec_that_is_not_a_plan_opens_in_the_yaml_editor(ws):
    c, token = _client(ws)
    r = c.get("/sua?p=gia-lai-2026-2030/tien-do-2026.yaml", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/yaml?p=")
    page = c.get(r.headers["location"]).text
    version = re.search(r'name="phien_ban" value="([^"]+)"', page)[1]
    text = (ws / "gia-lai-2026-2030/tien-do-2026.yaml").read_text(encoding="utf-8")
    r = c.post(
        "/yaml/luu?p=gia-lai-2026-2030/tien-do-2026.yaml",
        data={"csrf": token, "phien_ban": version, "noi_dung": text.replace("so: null", "so: 7")},
    )
    assert r.status_code == 200 and "Đã lưu" in r.text
    assert "so: 7" in (ws / "gia-lai-2026-2030/tien-do-2026.yaml").read_text(encoding="utf-8")


def test_the_workspace_lists_its_specs_with_their_state(ws):
    (ws / "bac-ninh-2026-2030" / "hong.yaml").write_text("loai: ke_hoach\ntrich_yeu: 12\n", encoding="utf-8")
    c, _ = _client(ws)
    page = c.get("/").text
    for rel in (PLAN, "ha-noi-2026-2030/ke-hoach.yaml", "gia-lai-2026-2030/tien-do-2026.yaml"):
        assert rel in page
    row = re.search(r"bac-ninh-2026-2030/hong\.yaml.*?</tr>", page, re.S)[0]
    assert "lỗi" in row and "chưa tạo văn bản" in row


def test_every_page_is_vietnamese(ws):
    c, _ = _client(ws)
    for url in (
        "/",
        "/moi",
        f"/sua?p={PLAN}",
        f"/yaml?p={PLAN}",
        f"/bao-cao?p={PLAN}",
        "/so-sanh",
        f"/van-ban?p={PLAN}",
    ):
        r = c.get(url)
        assert r.status_code == 200, url
        assert '<html lang="vi">' in r.text
        visible = re.sub(r"<[^>]+>", " ", re.sub(r"<(script|style|textarea)[^>]*>.*?</\1>", " ", r.text, flags=re.S))
        for english in (" the ", " and ", " Save", " Error", " Submit", " Cancel", " Delete"):
            assert english not in visible, (url, english)


def test_shells_come_as_one_zip(ws):
    c, token = _client(ws)
    r = c.post("/bao-cao/phieu?p=gia-lai-2026-2030/ke-hoach.yaml", data={"csrf": token, "ky": "năm 2026"})
    assert r.status_code == 200 and r.headers["content-type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(r.content)).namelist()
    assert len(names) >= 5 and all(n.endswith(".docx") for n in names)
    doc = Document(io.BytesIO(zipfile.ZipFile(io.BytesIO(r.content)).read(names[0])))
    assert any("năm 2026" in p.text for p in doc.paragraphs)
    bad = c.post("/bao-cao/phieu?p=gia-lai-2026-2030/ke-hoach.yaml", data={"csrf": token, "ky": "quý V/2026"})
    assert bad.status_code == 400 and "Kỳ báo cáo" in bad.text


def test_a_word_plan_is_imported_into_the_workspace_and_opened(ws, tmp_path):
    from drafting import api

    (docx,) = [
        p for p in api.render(EXAMPLES / "khanh-hoa-2022" / "ke-hoach.yaml", tmp_path / "goc") if p.suffix == ".docx"
    ]
    c, token = _client(ws)
    r = c.post(
        "/nhap",
        data={"csrf": token, "thu_muc": "bac-ninh-2026-2030"},
        files=[("tep", ("ke-hoach-khanh-hoa.docx", docx.read_bytes(), "application/octet-stream"))],
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"] == "/sua?p=bac-ninh-2026-2030/ke-hoach-khanh-hoa.yaml"
    spec = ws / "bac-ninh-2026-2030" / "ke-hoach-khanh-hoa.yaml"
    subject = api.check(EXAMPLES / "khanh-hoa-2022" / "ke-hoach.yaml").model.trich_yeu
    assert subject in spec.read_text(encoding="utf-8")
    page = c.get(r.headers["location"]).text  # the editor opens it, with what the check says about it
    assert subject in page and ("lỗi" in page or "Hợp lệ" in page)
    again = c.post(
        "/nhap",
        data={"csrf": token, "thu_muc": "bac-ninh-2026-2030"},
        files=[("tep", ("ke-hoach-khanh-hoa.docx", docx.read_bytes(), "application/octet-stream"))],
    )
    assert again.status_code == 409 and "không ghi đè" in again.text
    wrong = c.post("/nhap", data={"csrf": token}, files=[("tep", ("anh.png", b"\x89PNG", "image/png"))])
    assert wrong.status_code == 400 and "chỉ nhập được" in wrong.text


def test_an_engine_refusal_is_a_vietnamese_page_and_a_bug_is_one_line(ws, monkeypatch):
    from drafting.errors import PdfError
    from drafting.web import app as web_app

    def no_libreoffice(*a, **k):
        raise PdfError("không tìm thấy LibreOffice (soffice) để xuất PDF")

    monkeypatch.setattr(web_app, "convert_many", no_libreoffice)
    seen: list[str] = []
    c = TestClient(create_app(ws, report=seen.append), base_url=BASE, raise_server_exceptions=False)
    r = c.get("/xem", params={"p": "out/x.docx"})
    assert r.status_code == 404 and "không có văn bản này" in r.text
    out = ws / "out"
    out.mkdir()
    (out / "x.docx").write_bytes((EXAMPLES / "../templates/ke-hoach.docx").resolve().read_bytes())
    r = c.get("/tai", params={"p": "out/x.docx", "dang": "pdf"})
    assert r.status_code == 503 and "LibreOffice" in r.text and "Traceback" not in r.text

    def bug(*a, **k):
        raise KeyError("lỗi của chúng tôi")

    monkeypatch.setattr(web_app, "spec_info", bug)
    r = c.get(f"/van-ban?p={PLAN}")
    assert r.status_code == 500 and "Lỗi nội bộ của drafting" in r.text and "Traceback" not in r.text
    assert seen and seen[-1].startswith("Lỗi nội bộ khi xử lý /van-ban: KeyError")


def test_the_comparison_of_two_versions_and_next_years_plan(ws):
    c, token = _client(ws)
    old = ws / "bac-ninh-2026-2030" / "ke-hoach-cu.yaml"
    old.write_text(
        (ws / PLAN).read_text(encoding="utf-8").replace("luu: VT, NgV.Thu", "luu: VT, NgV"), encoding="utf-8"
    )
    r = c.post("/so-sanh", data={"csrf": token, "cu": "bac-ninh-2026-2030/ke-hoach-cu.yaml", "moi": PLAN})
    assert r.status_code == 200 and r.headers["content-disposition"].endswith('"bang-so-sanh.docx"')
    doc = Document(io.BytesIO(r.content))
    assert any("SO SÁNH" in p.text.upper() for p in doc.paragraphs)
    r = c.post(f"/nam-sau?p={PLAN}", data={"csrf": token, "nam": "2028", "tien_do": ""}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/sua?p=bac-ninh-2026-2030/ke-hoach-2028.yaml"
    from drafting import api

    assert api.check(ws / "bac-ninh-2026-2030" / "ke-hoach-2028.yaml").model.giai_doan == (2028, 2028)
    again = c.post(f"/nam-sau?p={PLAN}", data={"csrf": token, "nam": "2028", "tien_do": ""})
    assert again.status_code == 409 and "không ghi đè" in again.text


def test_the_agency_fields_offer_the_bodies_of_the_plans_date(ws):
    c, _ = _client(ws)
    page = c.get(f"/sua?p={PLAN}").text  # Bắc Ninh, 2026: after the 2025 reorganisation
    offered = set(
        re.findall(r'<option value="([^"]+)">', re.search(r'<datalist id="co-quan">(.*?)</datalist>', page, re.S)[1])
    )
    assert "Sở Tài chính" in offered and "Sở Nông nghiệp và Môi trường" in offered
    assert "Sở Kế hoạch và Đầu tư" not in offered and "Sở Thông tin và Truyền thông" not in offered
    form = _form(page)
    form["ngay"] = "5/2024"  # the same plan dated before: the old bodies are offered, the merged ones not yet
    r = c.post(f"/sua/kiem-tra?p={PLAN}", data=form)
    offered = set(
        re.findall(
            r'<option value="([^"]+)">', re.search(r'<datalist id="co-quan"[^>]*>(.*?)</datalist>', r.text, re.S)[1]
        )
    )
    assert "Sở Kế hoạch và Đầu tư" in offered and "Sở Nông nghiệp và Môi trường" not in offered


def test_tasks_written_as_lines_are_shown_and_kept_and_a_table_in_the_body_is_edited(ws):
    shutil.copytree(EXAMPLES / "khanh-hoa-2022", ws / "khanh-hoa", ignore=shutil.ignore_patterns("*.docx"))
    c, _ = _client(ws)
    page = c.get("/sua?p=gia-lai-2026-2030/ke-hoach.yaml").text  # tasks as "viec" lines under each department
    assert "nhiệm vụ ghi dạng gạch đầu dòng" in page and "Là cơ quan đầu mối, có trách nhiệm thường xuyên" in page
    form = _form(c.get("/sua?p=khanh-hoa/ke-hoach.yaml").text)  # one task table in the body, no field title
    assert "Bảng nhiệm vụ 1" in c.get("/sua?p=khanh-hoa/ke-hoach.yaml").text
    form["nv-0-2-thoi_gian"] = "Quý IV/2022"
    r = c.post("/sua/luu?p=khanh-hoa/ke-hoach.yaml", data=form)
    assert r.status_code == 200
    from drafting import api

    plan = api.check(ws / "khanh-hoa" / "ke-hoach.yaml").model
    assert [t.thoi_gian for t in plan.tasks].count("Quý IV/2022") == 1


def test_the_web_command_refuses_a_missing_folder_and_a_busy_port(tmp_path):
    import socket

    from typer.testing import CliRunner

    from drafting.cli import app
    from drafting.errors import ExitCode

    r = CliRunner().invoke(app, ["web", str(tmp_path / "khong-co"), "--khong-mo"])
    assert r.exit_code == ExitCode.IO and "không có thư mục này" in r.output and "Traceback" not in r.output
    busy = socket.socket()
    busy.bind(("127.0.0.1", 0))
    busy.listen(1)
    try:
        port = busy.getsockname()[1]
        r = CliRunner().invoke(app, ["web", str(tmp_path), "--cong", str(port), "--khong-mo"])
        assert r.exit_code == ExitCode.USAGE and f"--cong {port}: cổng này đang có chương trình khác dùng" in r.output
    finally:
        busy.close()


def test_a_one_year_plan_made_in_the_app_reads_labels_inside_its_year_and_has_half_year_forms(ws):
    c, token = _client(ws)
    r = c.post(
        "/moi",
        data={
            "csrf": token,
            "thu_muc": "quang-tri-2027",
            "tinh": "Quảng Trị",
            "doi_tac": "Savannakhet",
            "giai_doan": "2027",
        },
    )
    rel = "quang-tri-2027/ke-hoach.yaml"
    form = _form(r.text)
    form["nv-0-0-ten"] = "Đón đoàn Sở Ngoại vụ tỉnh Savannakhet"
    form["nv-0-0-thoi_gian"] = "Quý II"
    live = c.post(f"/sua/kiem-tra?p={rel}", data=form).text
    assert re.search(r'id="nam-nv-0-0"[^>]*>năm 2027<', live)
    assert not re.search(r'id="loi-nv-0-0-thoi_gian"[^>]*><p', live)
    c.post(f"/sua/luu?p={rel}", data=form)
    r = c.post(f"/bao-cao/phieu?p={rel}", data={"csrf": token, "ky": "6 tháng đầu năm 2027"})
    assert r.status_code == 200, r.text
    (name,) = [n for n in zipfile.ZipFile(io.BytesIO(r.content)).namelist() if "ngoai-vu" in n]
    doc = Document(io.BytesIO(zipfile.ZipFile(io.BytesIO(r.content)).read(name)))
    cells = "\n".join(c.text for t in doc.tables for row in t.rows for c in row.cells)
    assert "Đón đoàn Sở Ngoại vụ tỉnh Savannakhet" in cells
    assert any("6 tháng đầu năm 2027" in p.text for p in doc.paragraphs)


def _filled(shell: bytes, text: str) -> bytes:
    doc = Document(io.BytesIO(shell))
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "Mã")
    for row in table.rows[1:]:
        if row.cells[0].text[:1].isdigit():
            row.cells[2].paragraphs[0].text = "Đang thực hiện"
            row.cells[3].paragraphs[0].text = f"{text} {row.cells[0].text}"
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def test_forms_sent_in_several_batches_add_up_and_a_form_sent_again_replaces_the_first(ws):
    from ruamel.yaml import YAML

    c, token = _client(ws)
    plan = "gia-lai-2026-2030/ke-hoach.yaml"
    shells = zipfile.ZipFile(
        io.BytesIO(c.post(f"/bao-cao/phieu?p={plan}", data={"csrf": token, "ky": "năm 2026"}).content)
    )
    health = next(n for n in shells.namelist() if "so-y-te" in n)
    finance = next(n for n in shells.namelist() if "so-tai-chinh" in n)

    def send(name: str, text: str):
        data = _filled(shells.read(name), text)
        return c.post(
            f"/bao-cao/thu?p={plan}", data={"csrf": token}, files=[("phieu", (name, data, "application/octet-stream"))]
        )

    progress = ws / "gia-lai-2026-2030" / "tien-do-nam-2026.yaml"

    def results() -> dict[str, str]:
        doc = YAML().load(progress.read_text(encoding="utf-8"))
        return {e["don_vi"] + " " + e["nhiem_vu"]: e["ket_qua"] for e in doc["ket_qua"]}

    assert send(health, "Lần một:").status_code == 200
    first = results()
    assert first and all(v.startswith("Lần một:") for v in first.values())
    r = send(finance, "Sở Tài chính báo cáo:")
    assert "Bản tiến độ trước được giữ" in r.text and progress.with_name(progress.name + ".cu").is_file()
    both = results()
    assert set(first) < set(both) and any(v.startswith("Sở Tài chính báo cáo:") for v in both.values())
    send(health, "Lần hai:")  # the health department corrects its form
    again = results()
    assert not any(v.startswith("Lần một:") for v in again.values())
    assert any(v.startswith("Lần hai:") for v in again.values()) and any(
        v.startswith("Sở Tài chính") for v in again.values()
    )
    assert sorted(p.name for p in (ws / "gia-lai-2026-2030" / "phieu-da-nhan" / "nam-2026").iterdir()) == sorted(
        [Path(health).name, Path(finance).name]
    )


def test_a_broken_file_opens_in_the_yaml_page_and_a_vanished_or_foreign_one_is_named(ws):
    c, _ = _client(ws)
    spec = ws / PLAN
    form = _form(c.get(f"/sua?p={PLAN}").text)
    spec.write_text(spec.read_text(encoding="utf-8").replace("luu: VT, NgV.Thu", "luu: [VT, NgV"), encoding="utf-8")
    r = c.get(f"/sua?p={PLAN}", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/yaml?p={PLAN}"
    page = c.get(r.headers["location"]).text
    assert "luu: [VT, NgV" in page and re.search(r"ke-hoach\.yaml:\d+:\d+", page)  # the check names the line
    r = c.post(f"/sua/kiem-tra?p={PLAN}", data=form, headers={"hx-request": "true"})
    assert r.status_code == 422 and "Không soạn được ở đây: YAML không đọc được (dòng" in r.text
    spec.write_bytes("loai: ke_hoach\ntrich_yeu: Kế hoạch\n".encode("cp1258", errors="replace").replace(b"?", b"\xe1"))
    r = c.get(f"/yaml?p={PLAN}")
    assert r.status_code == 422 and "không phải văn bản UTF-8" in r.text
    spec.unlink()
    r = c.post(f"/sua/kiem-tra?p={PLAN}", data=form, headers={"hx-request": "true"})
    assert r.status_code == 404 and "không có tệp này" in r.text and "Traceback" not in r.text


def test_the_parts_texts_are_edited_in_place_and_the_task_list_is_left_to_the_table(ws):
    c, _ = _client(ws)
    spec = ws / PLAN
    before = spec.read_text(encoding="utf-8").splitlines()
    page = c.get(f"/sua?p={PLAN}").text
    assert "các lĩnh vực và nhiệm vụ: xem bảng nhiệm vụ bên dưới" in page
    form = _form(page)
    assert not [k for k in form if k.startswith("kh-1-")]  # part II holds the fields: edited in the task table
    form["ph-0-tieu_de"] = "MỤC ĐÍCH VÀ YÊU CẦU"
    form["kh-0-0.0-doan"] = form["kh-0-0.0-doan"].replace("Cụ thể hóa", "Cụ thể hoá rõ")
    form["kh-0-1.0-gach"] = form["kh-0-1.0-gach"] + "\nBảo đảm tiết kiệm, hiệu quả."
    r = c.post(f"/sua/luu?p={PLAN}", data=form)
    assert r.status_code == 200 and "Đã lưu" in r.text
    import difflib

    after = spec.read_text(encoding="utf-8").splitlines()
    diff = [
        d
        for d in difflib.unified_diff(before, after, lineterm="", n=0)
        if d[:1] in "+-" and d[:3] not in ("+++", "---")
    ]
    removed, added = [d[1:] for d in diff if d[0] == "-"], [d[1:] for d in diff if d[0] == "+"]
    assert len(removed) == 2 and len(added) == 3, diff  # the title, the paragraph, and one new bullet
    assert added[-1].strip() == "- Bảo đảm tiết kiệm, hiệu quả." and any("II. NỘI DUNG" in line for line in after)
    from drafting import api

    plan = api.check(spec).model
    assert plan.phan[0].tieu_de == "MỤC ĐÍCH VÀ YÊU CẦU"
    text = spec.read_text(encoding="utf-8")
    assert "Cụ thể hoá rõ" in text and "- Bảo đảm tiết kiệm, hiệu quả." in text
