"""Verdicts of ``drafting check`` kept between runs (drafting/check_results.py): the same output while nothing
changed, without the engine; a full check again after any change to the spec, its registries, its plan or
drafting itself. Fresh interpreters, each run's modules listed (tests/test_startup.run_loaded)."""

from __future__ import annotations

import json
import shutil

from test_startup import run_loaded

from conftest import EXAMPLES

ENGINE = "drafting.api"


def _workspace(tmp_path):
    work = tmp_path / "ws"
    shutil.copytree(EXAMPLES / "khanh-hoa-2022", work)
    return work, {"DRAFTING_CACHE": str(tmp_path / "cache")}


def test_an_unchanged_spec_gets_the_same_verdict_without_the_engine(tmp_path):
    work, env = _workspace(tmp_path)
    first = run_loaded(["check", "ke-hoach.yaml"], work, env)
    again = run_loaded(["check", "ke-hoach.yaml"], work, env)
    assert first[0] == again[0] == 0
    assert first[1] == again[1] == "ke-hoach.yaml: hợp lệ (Kế hoạch)\n"
    assert "cảnh báo: tên riêng được viết nhiều cách" in first[2]
    assert first[2] == again[2]  # the same warnings, in the same order
    assert ENGINE in first[3] and ENGINE not in again[3] and "cerberus" not in again[3]
    # another spelling of the file on the command line is another entry (messages name it as written)
    other = run_loaded(["check", str(work / "ke-hoach.yaml")], work, env)
    assert other[1] == f"{work / 'ke-hoach.yaml'}: hợp lệ (Kế hoạch)\n" and ENGINE in other[3]


def test_an_edit_of_the_spec_is_checked_again(tmp_path):
    work, env = _workspace(tmp_path)
    run_loaded(["check", "ke-hoach.yaml"], work, env)
    spec = work / "ke-hoach.yaml"
    spec.write_text(spec.read_text(encoding="utf-8").replace("ky_hieu:", "ky_hieu_sai:", 1), encoding="utf-8")
    code, out, err, modules = run_loaded(["check", "ke-hoach.yaml"], work, env)
    assert code == 1 and ENGINE in modules and "ky_hieu_sai" in err and "hợp lệ" not in out
    again = run_loaded(["check", "ke-hoach.yaml"], work, env)  # a spec with errors is never kept
    assert again[0] == 1 and again[2] == err and ENGINE in again[3]


def test_a_registry_that_changes_or_appears_makes_the_spec_checked_again(tmp_path):
    work, env = _workspace(tmp_path)
    sub = work / "nam-2022"  # the spec one folder below its workspace's registry
    sub.mkdir()
    (work / "ke-hoach.yaml").rename(sub / "ke-hoach.yaml")
    spec = "nam-2022/ke-hoach.yaml"
    assert run_loaded(["check", spec], work, env)[0] == 0
    own = work / "co-quan.yaml"  # the workspace's registry, edited
    own.write_text(own.read_text(encoding="utf-8") + "\n# sửa\n", encoding="utf-8")
    code, _, _, modules = run_loaded(["check", spec], work, env)
    assert code == 0 and ENGINE in modules
    assert ENGINE not in run_loaded(["check", spec], work, env)[3]
    # a co-quan.yaml appearing in the spec's own folder, the nearest place a registry is looked for: it counts
    nearer = sub / "co-quan.yaml"
    nearer.write_text("co_quan: [\n", encoding="utf-8")
    code, _, err, modules = run_loaded(["check", spec], work, env)
    assert ENGINE in modules and code == 1 and "co-quan.yaml" in err
    nearer.unlink()
    assert run_loaded(["check", spec], work, env)[0] == 0
    assert ENGINE not in run_loaded(["check", spec], work, env)[3]


def test_an_entry_made_by_other_code_is_not_used(tmp_path):
    work, env = _workspace(tmp_path)
    run_loaded(["check", "ke-hoach.yaml"], work, env)
    (entry,) = (tmp_path / "cache" / "checks").iterdir()
    data = json.loads(entry.read_text(encoding="utf-8"))
    data["tool"] = "0" * 64  # as if drafting's code had changed since
    data["ok"] = "sai: không được in"
    entry.write_text(json.dumps(data), encoding="utf-8")
    code, out, _, modules = run_loaded(["check", "ke-hoach.yaml"], work, env)
    assert code == 0 and out == "ke-hoach.yaml: hợp lệ (Kế hoạch)\n" and ENGINE in modules
    # and the entry was made again for this code
    assert ENGINE not in run_loaded(["check", "ke-hoach.yaml"], work, env)[3]


def test_strict_is_its_own_verdict(tmp_path):
    work, env = _workspace(tmp_path)
    assert run_loaded(["check", "ke-hoach.yaml"], work, env)[0] == 0
    strict = run_loaded(["check", "--strict", "ke-hoach.yaml"], work, env)
    assert strict[0] == 1 and ENGINE in strict[3]  # its warnings are errors: not the kept verdict


def test_a_report_is_checked_again_when_its_plan_changes(tmp_path):
    from conftest import FIXTURES

    work = tmp_path / "bc"
    work.mkdir()
    for name in ("tien-do.yaml", "with_appendices.yaml"):
        shutil.copy(FIXTURES / name, work / name)
    env = {"DRAFTING_CACHE": str(tmp_path / "cache")}
    first = run_loaded(["check", "tien-do.yaml"], work, env)
    assert first[0] == 0 and ENGINE not in run_loaded(["check", "tien-do.yaml"], work, env)[3]
    plan = work / "with_appendices.yaml"
    plan.write_text(plan.read_text(encoding="utf-8") + "\n# kế hoạch sửa\n", encoding="utf-8")
    again = run_loaded(["check", "tien-do.yaml"], work, env)
    assert again[0] == 0 and ENGINE in again[3]  # the report's verdict depends on its plan


def test_a_working_folder_removed_under_the_command_only_loses_the_kept_verdict(tmp_path, monkeypatch):
    from drafting import commands

    gone = tmp_path / "da-xoa"
    gone.mkdir()
    monkeypatch.chdir(gone)
    gone.rmdir()
    printed: list[tuple[str, bool]] = []
    spec = EXAMPLES / "khanh-hoa-2022" / "ke-hoach.yaml"
    code = commands.check([spec], False, lambda text, err=False: printed.append((text, err)))
    assert code == 0 and printed[-1] == (f"{spec}: hợp lệ (Kế hoạch)", False)
