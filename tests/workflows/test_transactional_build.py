"""Builds are transactional per spec: inputs hashed before rendering and checked after, every output of a
spec written as one set (all or none), the manifest recording what was really written, --watch converging."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import time
from pathlib import Path

import openpyxl
import pytest
from docx import Document
from typer.testing import CliRunner

from drafting import api, fileio
from drafting.cli import app
from drafting.errors import ExitCode, FileAccessError
from drafting.render import docx as docx_render  # the API loads its renderer from here at each render
from drafting.workflows.build import MANIFEST, build_tree

from conftest import FIXTURES, WatchRun

runner = CliRunner()


@pytest.fixture
def ws(tmp_path):
    """A workspace of one Quảng Trị plan with a task appendix and a budget workbook."""
    folder = tmp_path / "ws" / "quang-tri"
    folder.mkdir(parents=True)
    text = (FIXTURES / "with_appendices.yaml").read_text(encoding="utf-8")
    text = text.replace("Bắc Ninh", "Quảng Trị")
    (folder / "ke-hoach.yaml").write_text(text, encoding="utf-8")
    return folder


def _raise_total(spec: Path, old: str, new: str) -> None:
    """Change the 2030 scholarship amount and the stated total with it (the spec stays valid)."""
    text = spec.read_text(encoding="utf-8")
    assert old in text
    spec.write_text(
        text.replace(f"tong_cong: {old}", f"tong_cong: {new}").replace(
            f"2030: {int(old) - 3100000}", f"2030: {int(new) - 3100000}"
        ),
        encoding="utf-8",
    )


def _totals(out: Path) -> tuple[str, str]:
    """The total as the plan states it and as its workbook holds it (the sum of its line cells, in đồng)."""
    doc = Document(str(out / "quang-tri" / "ke-hoach.docx"))
    plan = next(p.text for p in doc.paragraphs if p.text.startswith("Tổng kinh phí khoảng"))
    ws = openpyxl.load_workbook(out / "quang-tri" / "ke-hoach-kinh-phi-2.xlsx").active
    header = " ".join(str(c) for row in ws.iter_rows(max_row=8, values_only=True) for c in row if c)
    unit = 1000 if "(1.000 đồng)" in header else 1
    rows = [[v for v in row if isinstance(v, int)] for row in ws.iter_rows(min_col=6, values_only=True)]
    years = list(range(2026, 2031))
    cells = sum(sum(r) for r in rows if r != years)  # the header row holds the years themselves
    return (plan.split("khoảng ")[1].split(" đồng")[0].replace("\u00a0", " "), f"{cells * unit:,}".replace(",", "."))


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_spec_saved_between_render_and_record_is_rebuilt_next_time(ws, tmp_path, monkeypatch):
    out = tmp_path / "out"
    spec = ws / "ke-hoach.yaml"
    real = api.render

    def render_then_save(*a, **k):  # the clerk saves right after the render read the spec
        written = real(*a, **k)
        _raise_total(spec, "3101010", "3102010")
        return written

    monkeypatch.setattr(api, "render", render_then_save)
    first = build_tree(ws.parent, out)
    assert [p.name for p in first.rebuilt] == ["ke-hoach.yaml"]
    assert _totals(out) == ("3.101.010.000", "3.101.010.000")
    monkeypatch.setattr(api, "render", real)
    second = build_tree(ws.parent, out)  # not "nothing changed": the manifest holds what was read
    assert [p.name for p in second.rebuilt] == ["ke-hoach.yaml"]
    assert _totals(out) == ("3.102.010.000", "3.102.010.000")
    assert build_tree(ws.parent, out).rebuilt == []


def test_a_spec_saved_during_the_render_is_read_again_before_anything_is_written(ws, tmp_path, monkeypatch):
    out = tmp_path / "out"
    spec = ws / "ke-hoach.yaml"
    real = docx_render.render_docx
    calls = []

    def save_during_first_render(*a, **k):
        calls.append(1)
        if len(calls) == 1:
            _raise_total(spec, "3101010", "3102010")
        return real(*a, **k)

    monkeypatch.setattr(docx_render, "render_docx", save_during_first_render)
    outcome = build_tree(ws.parent, out)
    assert [p.name for p in outcome.rebuilt] == ["ke-hoach.yaml"]
    assert _totals(out) == ("3.102.010.000", "3.102.010.000")
    entry = json.loads((out / MANIFEST).read_text(encoding="utf-8"))["specs"][str(spec.absolute())]
    assert entry["inputs"][str(spec.resolve())] == _sha(spec)
    # the manifest names exactly the files written, with the hashes of their bytes
    assert entry["outputs"] == {str(p.resolve()): _sha(p) for p in outcome.written}
    assert build_tree(ws.parent, out).rebuilt == []


def test_an_input_that_never_stops_changing_writes_nothing(ws, tmp_path, monkeypatch):
    spec = ws / "ke-hoach.yaml"
    real = docx_render.render_docx

    def always_saving(*a, **k):
        spec.write_text(spec.read_text(encoding="utf-8") + "#\n", encoding="utf-8")
        return real(*a, **k)

    monkeypatch.setattr(docx_render, "render_docx", always_saving)
    with pytest.raises(FileAccessError, match="liên tục thay đổi"):
        api.render(spec, tmp_path / "out")
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def _disk_full_at(monkeypatch, name_part: str):
    real = fileio._stage

    def stage(path, data, mode):
        if name_part in Path(path).name:
            raise FileAccessError(f"{path}: không ghi được tệp ({os.strerror(errno.ENOSPC)})")
        return real(path, data, mode)

    monkeypatch.setattr(fileio, "_stage", stage)


def test_disk_full_mid_set_leaves_the_previous_set_intact(ws, tmp_path, monkeypatch):
    out = tmp_path / "out"
    assert runner.invoke(app, ["build", str(ws.parent), "-o", str(out)]).exit_code == 0
    outputs = lambda: {p: p.read_bytes() for p in out.rglob("*") if p.is_file() and not p.name.startswith(".drafting")}  # noqa: E731
    before = outputs()
    _raise_total(ws / "ke-hoach.yaml", "3101010", "3102010")
    _disk_full_at(monkeypatch, ".xlsx")  # the .docx is staged, the workbook finds the disk full
    r = runner.invoke(app, ["build", str(ws.parent), "-o", str(out)])
    assert r.exit_code == ExitCode.IO
    assert "No space left on device" in r.output or "không ghi được" in r.output
    assert outputs() == before  # no half-updated set, no temp file
    assert _totals(out) == ("3.101.010.000", "3.101.010.000")
    monkeypatch.undo()
    r = runner.invoke(app, ["build", str(ws.parent), "-o", str(out)])
    assert r.exit_code == 0 and "Đã tạo lại 1 đặc tả" in r.output  # the failed set is built again
    assert _totals(out) == ("3.102.010.000", "3.102.010.000")


def test_a_replace_failing_mid_set_puts_the_replaced_files_back(tmp_path, monkeypatch):
    a, b, c = tmp_path / "a.docx", tmp_path / "b.xlsx", tmp_path / "c.pdf"
    a.write_bytes(b"old a")
    b.write_bytes(b"old b")
    real = os.replace

    def replace(src, dst):
        if str(dst) == str(c):
            raise OSError(errno.EIO, "I/O error")
        return real(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(FileAccessError):
        fileio.write_set([(a, b"new a"), (b, b"new b"), (c, b"new c")])
    monkeypatch.undo()
    assert (a.read_bytes(), b.read_bytes(), c.exists()) == (b"old a", b"old b", False)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.docx", "b.xlsx"]  # no temp, no backup left


def test_a_file_that_cannot_be_put_back_is_named_and_its_old_content_kept(tmp_path, monkeypatch):
    a, b = tmp_path / "a.docx", tmp_path / "b.xlsx"
    a.write_bytes(b"old a")
    real = os.replace

    def replace(src, dst):
        if str(dst) == str(b) or str(src).endswith(".old"):  # b cannot be written, a cannot be put back
            raise OSError(errno.EIO, "I/O error")
        return real(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(FileAccessError) as info:
        fileio.write_set([(a, b"new a"), (b, b"new b")])
    monkeypatch.undo()
    message = info.value.format()
    assert f"{a} không khôi phục được, bản trước giữ ở" in message
    kept = next(p for p in tmp_path.iterdir() if p.name.endswith(".old"))
    assert kept.read_bytes() == b"old a" and a.read_bytes() == b"new a"


def test_an_output_that_cannot_be_removed_is_named(ws, tmp_path, monkeypatch):
    out = tmp_path / "out"
    second = ws / "ke-hoach-2.yaml"
    shutil.copy(ws / "ke-hoach.yaml", second)
    build_tree(ws.parent, out)
    second.unlink()
    stuck = out / "quang-tri" / "ke-hoach-2.docx"
    real = os.unlink

    def unlink(path, *a, **k):
        if str(path) == str(stuck):
            raise PermissionError(errno.EACCES, "Permission denied")
        return real(path, *a, **k)

    monkeypatch.setattr(os, "unlink", unlink)
    r = CliRunner().invoke(app, ["build", str(ws.parent), "-o", str(out)])
    monkeypatch.undo()
    assert r.exit_code == 0, r.output
    assert f"cảnh báo: {stuck}: văn bản cũ không còn đặc tả nào tạo ra nhưng không xóa được" in r.output
    assert stuck.exists() and not (out / "quang-tri" / "ke-hoach-2-kinh-phi-2.xlsx").exists()


def test_outputs_follow_the_umask_and_long_names_work(tmp_path):
    old = os.umask(0o027)
    try:
        fileio.write_atomic(tmp_path / "a.docx", b"x")
        long = tmp_path / ("k" * 250 + ".docx")
        fileio.write_atomic(long, b"y")
    finally:
        os.umask(old)
    assert (tmp_path / "a.docx").stat().st_mode & 0o777 == 0o640
    assert long.read_bytes() == b"y"


def test_outputs_of_a_deleted_spec_and_of_a_dropped_appendix_are_removed(ws, tmp_path):
    out = tmp_path / "out"
    second = ws / "ke-hoach-2.yaml"
    shutil.copy(ws / "ke-hoach.yaml", second)
    build_tree(ws.parent, out)
    names = sorted(p.name for p in (out / "quang-tri").iterdir())
    assert "ke-hoach-2-kinh-phi-2.xlsx" in names and "ke-hoach-kinh-phi-2.xlsx" in names
    second.unlink()
    spec = ws / "ke-hoach.yaml"
    text = spec.read_text(encoding="utf-8")
    spec.write_text(text[: text.index("  - loai: kinh_phi")], encoding="utf-8")  # the budget sheet goes
    spec.write_text(spec.read_text(encoding="utf-8").replace(" (*có biểu kèm theo*)", ""), encoding="utf-8")
    text = spec.read_text(encoding="utf-8")
    start = text.index("  - tieu_de: KINH PHÍ")
    spec.write_text(text[:start] + text[text.index("  - tieu_de: TỔ CHỨC") :], encoding="utf-8")
    outcome = build_tree(ws.parent, out)
    assert not outcome.failed, [e.format() for _, e in outcome.failed]
    assert sorted(p.name for p in (out / "quang-tri").iterdir()) == ["ke-hoach.docx"]


def test_an_edited_output_of_a_deleted_spec_is_kept(ws, tmp_path):
    out = tmp_path / "out"
    second = ws / "ke-hoach-2.yaml"
    shutil.copy(ws / "ke-hoach.yaml", second)
    build_tree(ws.parent, out)
    mine = out / "quang-tri" / "ke-hoach-2.docx"
    mine.write_bytes(b"edited by hand")
    second.unlink()
    build_tree(ws.parent, out)
    assert mine.read_bytes() == b"edited by hand"
    assert not (out / "quang-tri" / "ke-hoach-2-kinh-phi-2.xlsx").exists()


def test_a_yaml_and_a_yml_of_one_name_are_refused_not_overwritten(ws, tmp_path):
    out = tmp_path / "out"
    shutil.copy(ws / "ke-hoach.yaml", ws / "ke-hoach.yml")
    r = runner.invoke(app, ["build", str(ws.parent), "-o", str(out)])
    assert r.exit_code == ExitCode.SPEC_INVALID
    assert "cùng tên với ke-hoach.yml" in r.output and "cùng tên với ke-hoach.yaml" in r.output
    assert not list(out.rglob("*.docx"))


def test_a_symlinked_spec_is_built(ws, tmp_path):
    out = tmp_path / "out"
    (ws / "ban-sao.yaml").symlink_to(ws / "ke-hoach.yaml")
    outcome = build_tree(ws.parent, out)
    assert sorted(p.name for p in outcome.rebuilt) == ["ban-sao.yaml", "ke-hoach.yaml"]
    doc = Document(str(out / "quang-tri" / "ban-sao.docx"))
    assert any("Quảng Trị" in p.text for p in doc.paragraphs)


def test_the_lock_file_does_not_follow_a_symlink(ws, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    victim = tmp_path / "victim"
    (out / ".drafting-build.lock").symlink_to(victim)
    r = runner.invoke(app, ["build", str(ws.parent), "-o", str(out)])
    assert r.exit_code == ExitCode.IO and "symlink" in r.output
    assert not victim.exists()


def test_a_burst_of_saves_under_watch_converges_to_the_last_one(ws, tmp_path):
    out = tmp_path / "out"
    spec = ws / "ke-hoach.yaml"

    def number():
        try:
            doc = Document(str(out / "quang-tri" / "ke-hoach.docx"))
        except Exception:  # noqa: BLE001 - not written yet
            return ""
        return next((p.text for p in doc.paragraphs if "/KH-UBND" in p.text), "")

    with WatchRun(ws.parent, out) as watch:
        assert watch.reports and watch.reports[0].rebuilt
        text = spec.read_text(encoding="utf-8")
        for n in range(1, 51):  # 50 saves within about a second (a clerk's editor saving), each a valid spec
            spec.write_text(text.replace("so: 12", f"so: {100 + n}"), encoding="utf-8")
            time.sleep(0.02)
        watch.wait_until(lambda: "150/KH-UBND" in number())
    assert "150/KH-UBND" in str(
        openpyxl.load_workbook(out / "quang-tri" / "ke-hoach-kinh-phi-2.xlsx").active["A2"].value
    )
    assert len(watch.reports) < 50  # coalesced, not one build per save
    assert build_tree(ws.parent, out).rebuilt == []  # converged: the manifest matches the last save


def test_watch_sees_a_renamed_folder_and_a_recreated_root(ws, tmp_path):
    out = tmp_path / "out"
    root = ws.parent

    def has_77():
        try:
            return any(
                "77/KH-UBND" in p.text for p in Document(str(out / "quang-tri-2027" / "ke-hoach.docx")).paragraphs
            )
        except Exception:  # noqa: BLE001 - not written yet
            return False

    with WatchRun(root, out) as watch:
        ws.rename(root / "quang-tri-2027")  # a folder rename: only directory events
        watch.wait_until(lambda: (out / "quang-tri-2027" / "ke-hoach.docx").exists())
        assert not (out / "quang-tri" / "ke-hoach.docx").exists()  # outputs of the old name pruned
        armed = watch.armed
        keep = tmp_path / "keep"
        shutil.move(str(root), str(keep))  # the watched folder goes away …
        shutil.copytree(keep, root)  # … and comes back
        watch.wait_idle(armed_after=armed)  # watched again
        spec = root / "quang-tri-2027" / "ke-hoach.yaml"
        spec.write_text(spec.read_text(encoding="utf-8").replace("so: 12", "so: 77"), encoding="utf-8")
        watch.wait_until(has_77)
