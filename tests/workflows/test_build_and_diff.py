"""Regeneration (incremental builds, source hashes) and the comparison of two spec versions."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from drafting.cli import app
from drafting.render.docx.reader import read_custom_properties

from conftest import EXAMPLES, WatchRun

runner = CliRunner()


@pytest.fixture
def workspace(tmp_path):
    ws = tmp_path / "ws"
    for name in ("bac-ninh-2026-2030", "gia-lai-2026-2030"):
        shutil.copytree(EXAMPLES / name, ws / name)
    return ws


def _mtimes(folder: Path) -> dict[str, int]:
    return {str(p): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


def test_second_build_rewrites_nothing_and_says_so(workspace, tmp_path):
    out = tmp_path / "out"
    r = runner.invoke(app, ["build", str(workspace), "-o", str(out)])
    assert r.exit_code == 0, r.output
    before = _mtimes(out)
    r = runner.invoke(app, ["build", str(workspace), "-o", str(out)])
    assert r.exit_code == 0
    assert "Không có gì thay đổi" in r.output and "không ghi tệp nào" in r.output
    assert _mtimes(out) == before


def test_editing_one_spec_rebuilds_only_what_depends_on_it(workspace, tmp_path):
    out = tmp_path / "out"
    runner.invoke(app, ["build", str(workspace), "-o", str(out)])
    before = _mtimes(out)
    plan = workspace / "gia-lai-2026-2030" / "ke-hoach.yaml"
    plan.write_text(
        plan.read_text(encoding="utf-8").replace("Nguyễn Thị Thanh Lịch", "Nguyễn Thị Thanh Lịch "), encoding="utf-8"
    )
    plan.write_text(plan.read_text(encoding="utf-8") + "\n# sửa\n", encoding="utf-8")
    r = runner.invoke(app, ["build", str(workspace), "-o", str(out)])
    assert r.exit_code == 0, r.output
    after = _mtimes(out)
    changed = sorted(Path(p).name for p in after if after[p] != before.get(p))
    # the Gia Lai plan and the report built from its progress spec; nothing of Bắc Ninh
    assert "ke-hoach.docx" in changed and "tien-do-2026-bao-cao.docx" in changed
    assert not any(
        "bac-ninh" in p and after[p] != before[p]
        for p in after
        if p in before and "manifest" not in p and not p.endswith(".drafting-build.json")
    )
    assert "Đã tạo lại 2 đặc tả" in r.output


def test_a_new_workspace_registry_triggers_a_rebuild(workspace, tmp_path, monkeypatch):
    (workspace / ".drafting-workspace").write_text("", encoding="utf-8")  # registries: from the marked root down
    out = tmp_path / "out"
    runner.invoke(app, ["build", str(workspace / "bac-ninh-2026-2030"), "-o", str(out)])
    (workspace / "co-quan.yaml").write_text("co_quan:\n  - ten: Sở Bí ẩn\n", encoding="utf-8")
    r = runner.invoke(app, ["build", str(workspace / "bac-ninh-2026-2030"), "-o", str(out)])
    assert "Đã tạo lại 2 đặc tả" in r.output


def test_an_edited_registry_triggers_a_rebuild(workspace, tmp_path):
    out = tmp_path / "out"
    runner.invoke(app, ["build", str(workspace / "bac-ninh-2026-2030"), "-o", str(out)])
    reg = workspace / "bac-ninh-2026-2030" / "co-quan.yaml"
    reg.write_text(reg.read_text(encoding="utf-8") + "\n  - ten: Sở Bí ẩn\n", encoding="utf-8")
    r = runner.invoke(app, ["build", str(workspace / "bac-ninh-2026-2030"), "-o", str(out)])
    assert "Đã tạo lại 2 đặc tả" in r.output


def test_force_rebuilds_everything(workspace, tmp_path):
    out = tmp_path / "out"
    runner.invoke(app, ["build", str(workspace), "-o", str(out)])
    r = runner.invoke(app, ["build", str(workspace), "-o", str(out), "--force"])
    assert "Đã tạo lại 4 đặc tả" in r.output


def test_a_deleted_output_is_rebuilt(workspace, tmp_path):
    out = tmp_path / "out"
    runner.invoke(app, ["build", str(workspace), "-o", str(out)])
    (out / "bac-ninh-2026-2030" / "ke-hoach.docx").unlink()
    r = runner.invoke(app, ["build", str(workspace), "-o", str(out)])
    assert (out / "bac-ninh-2026-2030" / "ke-hoach.docx").is_file()
    assert "Đã tạo lại 1 đặc tả" in r.output


def test_docx_carries_its_source_hash(workspace, tmp_path):
    out = tmp_path / "out"
    runner.invoke(app, ["build", str(workspace), "-o", str(out)])
    props = read_custom_properties(out / "bac-ninh-2026-2030" / "ke-hoach.docx")
    assert len(props["drafting.nguon"]) == 64
    spec = workspace / "bac-ninh-2026-2030" / "ke-hoach.yaml"
    spec.write_text(spec.read_text(encoding="utf-8") + "\n# sửa\n", encoding="utf-8")
    runner.invoke(app, ["build", str(workspace), "-o", str(out)])
    assert (
        read_custom_properties(out / "bac-ninh-2026-2030" / "ke-hoach.docx")["drafting.nguon"]
        != props["drafting.nguon"]
    )


def test_watch_rebuilds_on_save(workspace, tmp_path):
    root = workspace / "bac-ninh-2026-2030"
    with WatchRun(root, tmp_path / "out") as watch:
        assert watch.reports and watch.reports[0].rebuilt
        spec = root / "ke-hoach-2027.yaml"
        spec.write_text(spec.read_text(encoding="utf-8") + "\n# sửa\n", encoding="utf-8")
        watch.wait_until(lambda: len(watch.reports) >= 2)
    assert [p.name for p in watch.reports[1].rebuilt] == ["ke-hoach-2027.yaml"]


# ------------------------------------------------------------------------------------------------ diff


def _variant(tmp_path: Path, edit) -> tuple[Path, Path]:
    folder = tmp_path / "v"
    shutil.copytree(EXAMPLES / "bac-ninh-2026-2030", folder)
    old = folder / "ke-hoach.yaml"
    new = folder / "ke-hoach-moi.yaml"
    new.write_text(edit(old.read_text(encoding="utf-8")), encoding="utf-8")
    return old, new


def test_diff_lists_each_change_once(tmp_path):
    def edit(s: str) -> str:
        s = s.replace(
            "Trao đổi, chia sẻ kinh nghiệm về công tác hội đồng nhân dân với tỉnh Xây Sômbun.",
            "Trao đổi, chia sẻ kinh nghiệm về công tác hội đồng nhân dân và chính quyền với tỉnh Xây Sômbun.",
        )
        s = s.replace("chu_tri: Sở Y tế\n", "chu_tri: Sở Y tế; Sở Nội vụ\n", 1)
        s = s.replace("2027: 150000, 2028: 150000", "2027: 160000, 2028: 150000", 1)
        s = s.replace("tong_cong: 221542169", "tong_cong: 221552169")
        return s

    old, new = _variant(tmp_path, edit)
    from drafting.workflows.diff import diff_specs

    changes, _, _ = diff_specs(old, new)
    notes = [c.ghi_chu for c in changes]
    assert len([n for n in notes if "2.2" in n]) == 1
    assert any('sửa nội dung: thêm "và chính quyền"' in n for n in notes)
    assert any('cơ quan chủ trì: "Sở Y tế" → "Sở Y tế; Sở Nội vụ"' in n for n in notes)
    assert any(n == "năm 2027: 150.000 → 160.000" for n in notes)
    assert any(n.startswith("Tổng kinh phí thay đổi 10.000") for n in notes)
    assert len(changes) == 4


def test_diff_sees_moves_additions_and_removals(tmp_path):
    import re

    def edit(s: str) -> str:
        # remove task 9.5, move 9.4 before 9.3 (swap the two blocks), add a new task
        blocks = re.split(r"(?=\n          - nhiem_vu:)", s)
        i3 = next(i for i, b in enumerate(blocks) if "Đón đoàn Hội Liên hiệp Phụ nữ tỉnh Xây Sớm Bun" in b)
        i4 = next(i for i, b in enumerate(blocks) if "Đón đoàn Hội Hữu nghị Lào - Việt Nam" in b)
        blocks[i3], blocks[i4] = blocks[i4], blocks[i3]
        i5 = next(i for i, b in enumerate(blocks) if "Thăm chiến trường xưa" in b)
        blocks[i5] = blocks[i5].replace(
            "Hỗ trợ đoàn các Cựu quân tình nguyện",
            "Hỗ trợ Đoàn các cựu chiến binh tình nguyện, thanh niên xung phong và chuyên gia",
        )
        s = "".join(blocks)
        anchor = '          - nhiem_vu:\n              ten: "Hợp tác, trao đổi kinh nghiệm giữa các sở'
        assert anchor in s
        s = s.replace(
            anchor,
            "          - nhiem_vu:\n              ten: Tổ chức giải chạy hữu nghị Việt - Lào.\n"
            "              thoi_gian: Năm 2028\n              chu_tri: Sở Văn hóa, Thể thao và Du lịch\n" + anchor,
            1,
        )
        return s

    old, new = _variant(tmp_path, edit)
    r = runner.invoke(app, ["diff", str(old), str(new), "-o", str(tmp_path / "so-sanh.docx")])
    assert r.exit_code == 0, r.output
    assert "Thêm nhiệm vụ 9.6" in r.output and "Giải chạy" not in r.output
    # of the swapped pair one is "moved"; the tasks renumbered by the insertion are not listed
    assert ("chuyển từ nhiệm vụ 9.4 sang nhiệm vụ 9.3" in r.output) != (
        "chuyển từ nhiệm vụ 9.3 sang nhiệm vụ 9.4" in r.output
    )
    assert "sang nhiệm vụ 9.7" not in r.output
    assert len(re.findall(r"^- ", r.output, re.M)) == 3, r.output  # added 9.6, reworded 9.5, one move
    assert r.output.count("Nhiệm vụ 9.5:") == 1  # reworded (not removed + added)
    from docx import Document

    doc = Document(str(tmp_path / "so-sanh.docx"))
    assert doc.sections[0].page_width > doc.sections[0].page_height
    table = doc.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["STT", "Nội dung dự thảo trước", "Nội dung dự thảo sau", "Ghi chú"]


def test_diff_of_identical_specs():
    spec = EXAMPLES / "bac-ninh-2026-2030" / "ke-hoach.yaml"
    r = runner.invoke(app, ["diff", str(spec), str(spec)])
    assert r.exit_code == 0 and "Hai bản không khác nhau." in r.output


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed (.ci/run installs it)")
def test_diff_docx_opens_in_libreoffice(tmp_path):
    from drafting.render.pdf import convert

    def edit(s):
        return s.replace("tong_cong: 221542169", "tong_cong: 221552169").replace(
            "2027: 150000, 2028: 150000", "2027: 160000, 2028: 150000", 1
        )

    old, new = _variant(tmp_path, edit)
    out = tmp_path / "so-sanh.docx"
    assert runner.invoke(app, ["diff", str(old), str(new), "-o", str(out)]).exit_code == 0
    pdf = convert(out)
    assert pdf.read_bytes().startswith(b"%PDF")
