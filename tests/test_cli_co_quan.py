"""`drafting co-quan`: look bodies up as of a date, for a province, with abbreviations and successors."""

from __future__ import annotations

from typer.testing import CliRunner

from drafting.cli import app
from drafting.errors import ExitCode

from conftest import EXAMPLES

runner = CliRunner()


def lines(result):
    return [x for x in result.stdout.splitlines() if x.strip()]


def test_an_old_name_is_shown_with_its_successor(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = runner.invoke(app, ["co-quan", "KH&ĐT", "--ngay", "4/2026"])
    assert r.exit_code == 0, r.output
    assert lines(r) == ["Sở Kế hoạch và Đầu tư (Sở KH&ĐT, Sở KHĐT) — tên cũ đến 28/02/2025; nay là Sở Tài chính"]
    r = runner.invoke(app, ["co-quan", "KH&ĐT", "--ngay", "1/2025"])
    assert lines(r) == ["Sở Kế hoạch và Đầu tư (Sở KH&ĐT, Sở KHĐT)"]


def test_a_province_lists_only_its_bodies_and_its_focal_point(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = runner.invoke(app, ["co-quan", "Sở", "--tinh", "Bắc Ninh", "--ngay", "2026"])
    assert r.exit_code == 0, r.output
    out = lines(r)
    assert out[0] == "Bắc Ninh (2026): cơ quan đầu mối đối ngoại: Văn phòng UBND tỉnh; hợp nhất từ Bắc Ninh, Bắc Giang"
    names = [x.split(" (")[0].split(" — ")[0] for x in out[1:]]
    assert "Sở Ngoại vụ" not in names and "Sở Tài chính" in names and "Sở Nông nghiệp và Môi trường" in names
    # the old names are listed as old names, never as bodies of the day
    assert [x for x in out if x.startswith("Sở Giao thông vận tải")][0].endswith("nay là Sở Xây dựng")
    r = runner.invoke(app, ["co-quan", "Ngoại vụ", "--tinh", "Gia Lai", "--ngay", "4/2026"])
    assert lines(r) == [
        "Gia Lai (04/2026): cơ quan đầu mối đối ngoại: Sở Ngoại vụ; hợp nhất từ Gia Lai, Bình Định",
        "Sở Ngoại vụ (Sở NgV)",
    ]


def test_the_workspace_registry_of_the_current_folder_is_read(monkeypatch):
    monkeypatch.chdir(EXAMPLES / "ha-noi-2026-2030")
    r = runner.invoke(app, ["co-quan", "Văn hóa", "--tinh", "Hà Nội", "--ngay", "27/3/2026"])
    assert r.exit_code == 0, r.output
    out = lines(r)
    assert out[0].startswith("Hà Nội (27/03/2026): cơ quan đầu mối đối ngoại: Văn phòng UBND Thành phố")
    assert out[1:] == ["Sở Văn hóa và Thể thao (Sở Văn hoá và Thể thao, Sở VH&TT)"]
    r = runner.invoke(app, ["co-quan", "Quy hoạch", "--ngay", "2026", "--nguon"])
    assert "Sở Quy hoạch - Kiến trúc" in r.stdout and "nguồn: Nghị định 45/2025/NĐ-CP" in r.stdout


def test_wrong_calls_and_a_broken_workspace_registry(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = runner.invoke(app, ["co-quan", "Sở", "--ngay", "hôm nay"])
    assert r.exit_code == ExitCode.USAGE and '--ngay: không đọc được ngày "hôm nay"' in r.output
    r = runner.invoke(app, ["co-quan", "Sở Không Có Thật", "--ngay", "2026"])
    assert r.exit_code == 0 and 'không có cơ quan nào khớp "Sở Không Có Thật" vào 2026' in r.output
    r = runner.invoke(app, ["co-quan", "Sở", "--tinh", "Atlantis", "--ngay", "2026"])
    assert 'chưa có hồ sơ của tỉnh "Atlantis"' in r.output
    (tmp_path / "co-quan.yaml").write_text("co_quan:\n  - ten: Sở A\n    tu: mai\n", encoding="utf-8")
    r = runner.invoke(app, ["co-quan", "Sở"])
    assert r.exit_code == ExitCode.SPEC_INVALID
    assert 'co-quan.yaml:3:5: co_quan[1].tu: ngày "mai" không đọc được' in r.output
    (tmp_path / "co-quan.yaml").write_text("co_quan: []\nkem_theo: [khong-co.yaml]\n", encoding="utf-8")
    r = runner.invoke(app, ["co-quan", "Sở"])
    assert r.exit_code == ExitCode.SPEC_INVALID
    assert 'co-quan.yaml:2:1: kem_theo: không đọc được tệp "khong-co.yaml" ghi trong kem_theo' in r.output
