"""Where a spec's registries and referenced files come from is a property of the spec, not of the working
folder; no command writes over one of its own inputs."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

from drafting import api
from drafting.cli import app
from drafting.errors import ExitCode, SpecError

from conftest import EXAMPLES, FIXTURES, dump_yaml, load_yaml

runner = CliRunner()
BAC_NINH = EXAMPLES / "bac-ninh-2026-2030"
GIA_LAI = EXAMPLES / "gia-lai-2026-2030"


@pytest.fixture
def ws(tmp_path):
    """tmp/khong-ai/ws/bac-ninh: a copy of the Bắc Ninh workspace, below a folder that belongs to nobody."""
    root = tmp_path / "khong-ai" / "ws"
    shutil.copytree(BAC_NINH, root / "bac-ninh")
    return root


def _outputs(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.suffix in (".docx", ".xlsx")}


def test_same_bytes_from_three_working_folders_and_from_a_copied_workspace(ws, tmp_path, monkeypatch):
    spec = ws / "bac-ninh" / "ke-hoach.yaml"
    # a broken registry in a folder that belongs to nobody, above the workspace: never read
    (tmp_path / "khong-ai" / "co-quan.yaml").write_text("co_quan: [khong: hop: le\n", encoding="utf-8")
    results = []
    for i, cwd in enumerate([tmp_path, Path("/"), ws / "bac-ninh"]):
        monkeypatch.chdir(cwd)
        r = runner.invoke(app, ["check", str(spec)])
        assert r.exit_code == 0, r.output
        out = tmp_path / f"out{i}"
        api.render(spec, out)
        results.append(_outputs(out))
    copy = tmp_path / "ban-sao" / "bac-ninh"
    shutil.copytree(ws / "bac-ninh", copy)
    monkeypatch.chdir(tmp_path / "ban-sao")
    api.render(copy / "ke-hoach.yaml", tmp_path / "out-copy")
    results.append(_outputs(tmp_path / "out-copy"))
    assert len(results[0]) >= 2
    assert all(r == results[0] for r in results[1:])


def test_a_registry_in_an_ancestor_is_read_only_below_a_workspace_marker(tmp_path):
    spec_dir = tmp_path / "so-ngoai-vu" / "2026"
    spec_dir.mkdir(parents=True)
    data = load_yaml(FIXTURES / "minimal.yaml")
    task = data["phan"][1]["noi_dung"][0]["noi_dung"][0]["nhiem_vu"]
    task["chu_tri"] = "Trung tâm Xúc tiến Đầu tư Quảng Bình"
    spec = dump_yaml(data, spec_dir / "ke-hoach.yaml")
    (tmp_path / "so-ngoai-vu" / "co-quan.yaml").write_text(
        "co_quan:\n  - ten: Trung tâm Xúc tiến Đầu tư Quảng Bình\n", encoding="utf-8"
    )
    (spec_dir / "co-quan.yaml").write_text("co_quan:\n  - ten: Sở Du lịch\n", encoding="utf-8")
    with pytest.raises(SpecError) as err:  # the nearest registry only
        api.check(spec)
    assert "Trung tâm Xúc tiến" in err.value.format()
    (tmp_path / "so-ngoai-vu" / ".drafting-workspace").write_text("", encoding="utf-8")
    checked = api.check(spec)  # marked root: its registry, then the spec folder's
    assert [f.name for f in checked.registries[0]] == ["co-quan.yaml", "co-quan.yaml"]
    assert checked.model.tasks[0].chu_tri == "Trung tâm Xúc tiến Đầu tư Quảng Bình"


def test_a_spec_may_name_its_registries(tmp_path):
    (tmp_path / "danh-muc").mkdir()
    (tmp_path / "danh-muc" / "co-quan.yaml").write_text(
        "co_quan:\n  - ten: Ban Quản lý Khu kinh tế tỉnh Cao Bằng\n", encoding="utf-8"
    )
    data = load_yaml(FIXTURES / "minimal.yaml")
    data["danh_muc_co_quan"] = ["../danh-muc/co-quan.yaml"]
    data["phan"][1]["noi_dung"][0]["noi_dung"][0]["nhiem_vu"]["chu_tri"] = "Ban Quản lý Khu kinh tế tỉnh Cao Bằng"
    (tmp_path / "kh").mkdir()
    spec = dump_yaml(data, tmp_path / "kh" / "ke-hoach.yaml")
    assert api.check(spec).model.tasks[0].chu_tri == "Ban Quản lý Khu kinh tế tỉnh Cao Bằng"
    del data["danh_muc_co_quan"]  # without naming it, the registry is not found
    dump_yaml(data, spec)
    with pytest.raises(SpecError):
        api.check(spec)
    data["danh_muc_co_quan"] = ["../danh-muc/co-quan.yaml"]
    data["danh_muc_co_quan"] = ["../danh-muc/khong-co.yaml"]
    dump_yaml(data, spec)
    r = runner.invoke(app, ["check", str(spec)])
    assert r.exit_code == ExitCode.SPEC_INVALID
    assert "danh_muc_co_quan" in r.output and "không tìm thấy tệp" in r.output


def test_next_year_written_outside_the_workspace_records_its_registry_and_renders(tmp_path):
    out = tmp_path / "noi-khac" / "ke-hoach-2027.yaml"
    out.parent.mkdir()
    r = runner.invoke(app, ["next-year", str(BAC_NINH / "ke-hoach.yaml"), "--year", "2027", "-o", str(out)])
    assert r.exit_code == 0, r.output
    doc = load_yaml(out)
    assert [(out.parent / p).resolve() for p in doc["danh_muc_co_quan"]] == [(BAC_NINH / "co-quan.yaml").resolve()]
    r = runner.invoke(app, ["render", str(out), "-o", str(tmp_path / "out")])
    assert r.exit_code == 0, r.output
    assert (tmp_path / "out" / "ke-hoach-2027.docx").is_file()


def test_next_year_written_beside_its_plan_names_no_registry(tmp_path):
    ws = tmp_path / "bac-ninh"
    shutil.copytree(BAC_NINH, ws)
    out = ws / "ke-hoach-2028.yaml"
    r = runner.invoke(app, ["next-year", str(ws / "ke-hoach.yaml"), "--year", "2028", "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert "danh_muc_co_quan" not in load_yaml(out)


@pytest.fixture
def progress_ws(tmp_path):
    ws = tmp_path / "gia-lai"
    shutil.copytree(GIA_LAI, ws)
    (ws / ".drafting-workspace").write_text("", encoding="utf-8")
    return ws


def _point_to(progress: Path, target: str) -> None:
    text = progress.read_text(encoding="utf-8")
    progress.write_text(text.replace("ke_hoach: ke-hoach.yaml", f"ke_hoach: {target}"), encoding="utf-8")


@pytest.mark.parametrize(
    "target,expected",
    [
        ("/etc/passwd", "không phải tệp đặc tả YAML"),
        ("tien-do-2026.yaml", "tham chiếu vòng"),
        ("khong-co.yaml", "không tìm thấy tệp"),
        ("thu-muc.yaml", "không phải tệp thường"),
        ("../ngoai/ke-hoach.yaml", "nằm ngoài thư mục làm việc"),
    ],
    ids=["etc-passwd", "itself", "missing", "folder", "outside"],
)
def test_a_progress_file_refers_only_to_a_plan_inside_its_workspace(progress_ws, target, expected):
    (progress_ws / "thu-muc.yaml").mkdir()
    outside = progress_ws.parent / "ngoai"
    outside.mkdir()
    shutil.copy(progress_ws / "ke-hoach.yaml", outside / "ke-hoach.yaml")
    progress = progress_ws / "tien-do-2026.yaml"
    _point_to(progress, target)
    r = runner.invoke(app, ["check", str(progress)])
    assert r.exit_code == ExitCode.SPEC_INVALID, r.output
    assert "ke_hoach" in r.output and expected in r.output and "Lỗi nội bộ" not in r.output


def test_a_fifo_as_plan_is_refused_without_opening_it(progress_ws):
    os.mkfifo(progress_ws / "ong.yaml")
    progress = progress_ws / "tien-do-2026.yaml"
    _point_to(progress, "ong.yaml")
    result = {}
    th = threading.Thread(target=lambda: result.update(r=runner.invoke(app, ["check", str(progress)])), daemon=True)
    th.start()
    th.join(timeout=60)
    assert not th.is_alive(), "check hangs on a FIFO"
    assert result["r"].exit_code == ExitCode.SPEC_INVALID
    assert "không phải tệp thường" in result["r"].output


def test_two_progress_files_naming_each_other_are_a_loop(progress_ws):
    a, b = progress_ws / "tien-do-2026.yaml", progress_ws / "tien-do-2027.yaml"
    shutil.copy(a, b)
    _point_to(a, "tien-do-2027.yaml")
    _point_to(b, "tien-do-2026.yaml")
    r = runner.invoke(app, ["check", str(a)])
    assert r.exit_code == ExitCode.SPEC_INVALID, r.output
    assert "tham chiếu vòng" in r.output or "không phải đặc tả kế hoạch" in r.output


# ------------------------------------------------------------------------------ -o equal to an input


def test_collect_refuses_to_write_over_its_plan(tmp_path):
    ws = tmp_path / "gia-lai"
    shutil.copytree(GIA_LAI, ws)
    plan = ws / "ke-hoach.yaml"
    before = plan.read_bytes()
    form = tmp_path / "phieu.docx"
    shutil.copy(EXAMPLES.parent / "templates" / "phieu-bao-cao.docx", form)
    r = runner.invoke(app, ["collect", str(plan), str(form), "-o", str(plan)])
    assert r.exit_code == ExitCode.USAGE, r.output
    assert "đầu vào" in r.output
    assert plan.read_bytes() == before


@pytest.mark.parametrize("how", ["same-path", "symlink", "hard-link", "other-spelling"])
def test_next_year_refuses_to_write_over_its_plan(tmp_path, how):
    ws = tmp_path / "bac-ninh"
    shutil.copytree(BAC_NINH, ws)
    plan = ws / "ke-hoach.yaml"
    before = plan.read_bytes()
    out = {
        "same-path": plan,
        "symlink": tmp_path / "lien-ket.yaml",
        "hard-link": tmp_path / "cung-tep.yaml",
        "other-spelling": ws / "." / ".." / "bac-ninh" / "ke-hoach.yaml",
    }[how]
    if how == "symlink":
        out.symlink_to(plan)
    elif how == "hard-link":
        os.link(plan, out)
    r = runner.invoke(app, ["next-year", str(plan), "--year", "2027", "-o", str(out)])
    assert r.exit_code == ExitCode.USAGE, r.output
    assert plan.read_bytes() == before


def test_next_year_refuses_to_write_over_its_progress_file(tmp_path):
    ws = tmp_path / "gia-lai"
    shutil.copytree(GIA_LAI, ws)
    progress = ws / "tien-do-2026.yaml"
    before = progress.read_bytes()
    r = runner.invoke(
        app,
        ["next-year", str(ws / "ke-hoach.yaml"), "--year", "2027", "--progress", str(progress), "-o", str(progress)],
    )
    assert r.exit_code == ExitCode.USAGE
    assert progress.read_bytes() == before


def test_diff_refuses_to_write_over_a_spec(tmp_path):
    old = shutil.copy(BAC_NINH / "ke-hoach.yaml", tmp_path / "cu.yaml")
    new = shutil.copy(BAC_NINH / "ke-hoach-2027.yaml", tmp_path / "moi.yaml")
    r = runner.invoke(app, ["diff", str(old), str(new), "-o", str(new)])
    assert r.exit_code == ExitCode.USAGE
    assert Path(new).read_bytes() == (BAC_NINH / "ke-hoach-2027.yaml").read_bytes()
