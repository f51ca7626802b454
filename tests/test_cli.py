"""The `drafting` command: exit codes, messages, outputs (Typer's CliRunner)."""

from __future__ import annotations

from typer.testing import CliRunner

from drafting.cli import app
from drafting.errors import ExitCode

from conftest import EXAMPLES

runner = CliRunner()


def test_help_is_vietnamese():
    r = runner.invoke(app, ["--help"])
    assert r.exit_code == 0
    assert "Kiểm tra đặc tả" in r.output and "Mã thoát" in r.output


def test_check_valid_example():
    r = runner.invoke(app, ["check", str(EXAMPLES / "bac-ninh-2026-2030" / "ke-hoach.yaml")])
    assert r.exit_code == 0, r.output
    assert "hợp lệ" in r.output


def test_check_invalid_spec_exit_code_and_message(write_spec, minimal_data):
    minimal_data["ngay"] = "29/2/2026"
    spec = write_spec(minimal_data)
    r = runner.invoke(app, ["check", str(spec)])
    assert r.exit_code == ExitCode.SPEC_INVALID
    assert "ngay: ngày 29/2/2026 không tồn tại" in r.output
    assert "Traceback" not in r.output


def test_check_missing_file():
    r = runner.invoke(app, ["check", "khong-co-tep-nay.yaml"])
    assert r.exit_code == ExitCode.IO
    assert "không tìm thấy tệp" in r.output


def test_render_writes_docx_and_failed_render_keeps_old_output(write_spec, minimal_data, tmp_path):
    spec = write_spec(minimal_data)
    out = tmp_path / "out"
    r = runner.invoke(app, ["render", str(spec), "-o", str(out)])
    assert r.exit_code == 0, r.output
    target = out / "ke-hoach.docx"
    before = target.read_bytes()
    minimal_data["ngay"] = "31/6/2026"
    write_spec(minimal_data)
    r = runner.invoke(app, ["render", str(spec), "-o", str(out)])
    assert r.exit_code == ExitCode.SPEC_INVALID
    assert target.read_bytes() == before
    assert [p.name for p in out.iterdir()] == ["ke-hoach.docx"]  # no temp file left


def test_build_examples(tmp_path):
    r = runner.invoke(app, ["build", str(EXAMPLES), "-o", str(tmp_path)])
    assert r.exit_code == 0, r.output
    assert (tmp_path / "bac-ninh-2026-2030" / "ke-hoach.docx").is_file()
    assert "Đã tạo" in r.output


def test_build_reports_failures_and_goes_on(tmp_path, minimal_data):
    from conftest import dump_yaml

    ws = tmp_path / "ws"
    (ws / "a").mkdir(parents=True)
    (ws / "b").mkdir()
    dump_yaml(minimal_data, ws / "a" / "ke-hoach.yaml")
    (ws / "b" / "hong.yaml").write_text("loai: ke_hoach\n", encoding="utf-8")
    r = runner.invoke(app, ["build", str(ws), "-o", str(tmp_path / "out")])
    assert r.exit_code == ExitCode.SPEC_INVALID
    assert (tmp_path / "out" / "a" / "ke-hoach.docx").is_file()
    assert "hong.yaml" in r.output and "thiếu trường bắt buộc" in r.output


def test_words_command():
    r = runner.invoke(app, ["words", "221542169000", "1010"])
    assert r.exit_code == 0
    assert r.output.splitlines() == [
        "Hai trăm hai mươi mốt tỷ năm trăm bốn mươi hai triệu một trăm sáu mươi chín nghìn đồng",
        "Một nghìn không trăm mười đồng",
    ]
    r = runner.invoke(app, ["words", "--unit", "1000", "221.542.169"])
    assert r.output.strip().endswith("một trăm sáu mươi chín nghìn đồng")
    r = runner.invoke(app, ["words", "12,5"])
    assert r.exit_code == ExitCode.USAGE and "không phải số nguyên" in r.output


def test_unknown_option_is_usage_error():
    r = runner.invoke(app, ["render", "--khong-co"])
    assert r.exit_code == ExitCode.USAGE


def test_debug_shows_the_traceback_of_an_internal_error(monkeypatch, engine_always_runs):
    """Without --debug an internal error is one Vietnamese line and exit 70; with it, the exception itself."""
    from drafting import api

    def broken(*a, **k):
        raise RuntimeError("planted")

    monkeypatch.setattr(api, "check", broken)
    spec = str(EXAMPLES / "bac-ninh-2026-2030" / "ke-hoach.yaml")
    r = runner.invoke(app, ["check", spec])
    assert r.exit_code == ExitCode.INTERNAL
    assert "Lỗi nội bộ của drafting: RuntimeError: planted" in r.output and "Traceback" not in r.output
    r = runner.invoke(app, ["--debug", "check", spec])
    assert isinstance(r.exception, RuntimeError) and str(r.exception) == "planted"
