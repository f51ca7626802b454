"""The `drafting` command: thin Typer app; every error maps to an exit code in one place."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Optional

import typer

from .errors import DraftingError, ExitCode

app = typer.Typer(
    name="drafting",
    help="Soạn văn bản hành chính theo Nghị định 30/2020/NĐ-CP (kế hoạch, phụ lục, biểu kinh phí…) "
         "từ đặc tả YAML.\n\nMã thoát: 0 thành công; 1 đặc tả có lỗi; 2 sai cách gọi lệnh; 3 lỗi đọc/ghi tệp; "
         "4 lỗi mẫu Word; 5 lỗi xuất PDF; 130 bị ngắt (Ctrl-C); 70 lỗi nội bộ.",
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
)

_state = {"debug": False}


def _err(text: str) -> None:
    typer.echo(text, err=True)


def _run(fn):
    """Call ``fn``; turn domain errors into messages and exit codes (``--debug`` re-raises)."""
    try:
        return fn()
    except DraftingError as exc:
        if _state["debug"]:
            raise
        _err(exc.format())
        raise typer.Exit(int(exc.exit_code))
    except KeyboardInterrupt:
        _err("Đã dừng (Ctrl-C); không có tệp nào bị ghi dở.")
        raise typer.Exit(int(ExitCode.INTERRUPTED))
    except typer.Exit:
        raise
    except Exception as exc:  # noqa: BLE001 - last line of defence: no traceback for users
        if _state["debug"]:
            raise
        _err(f"Lỗi nội bộ của drafting: {type(exc).__name__}: {exc}\n"
             "Hãy chạy lại với --debug và gửi nội dung cho nhóm phát triển.")
        raise typer.Exit(int(ExitCode.INTERNAL))


@app.callback()
def _main(debug: bool = typer.Option(False, "--debug", help="Hiện chi tiết lỗi (traceback) để gỡ lỗi.")) -> None:
    _state["debug"] = debug


@app.command("check")
def check_cmd(
    specs: List[Path] = typer.Argument(..., help="Các tệp đặc tả YAML cần kiểm tra."),
    strict: bool = typer.Option(False, "--strict", help="Coi cảnh báo là lỗi."),
) -> None:
    """Kiểm tra đặc tả: báo mọi lỗi cùng lúc, dạng tệp:dòng:cột: trường: thông báo."""
    def go():
        from . import api
        from .errors import SpecError

        failed: DraftingError | None = None
        for spec in specs:
            try:
                checked = api.check(spec, strict=strict)
            except SpecError as exc:
                _err(exc.format())
                failed = failed or exc
                continue
            except DraftingError as exc:
                _err(exc.format())
                failed = failed or exc
                continue
            for w in checked.warnings:
                _err(w.format())
            typer.echo(f"{spec}: hợp lệ ({checked.kind.title})")
        if failed:
            raise typer.Exit(int(failed.exit_code))
    _run(go)


@app.command("render")
def render_cmd(
    specs: List[Path] = typer.Argument(..., help="Các tệp đặc tả YAML."),
    out: Optional[Path] = typer.Option(None, "-o", "--out", help="Thư mục ghi văn bản (mặc định: cạnh tệp đặc tả)."),
    pdf: bool = typer.Option(False, "--pdf", help="Xuất thêm PDF (cần LibreOffice)."),
    templates: Optional[Path] = typer.Option(None, "--templates", help="Thư mục mẫu Word riêng của cơ quan."),
    strict: bool = typer.Option(False, "--strict", help="Coi cảnh báo là lỗi."),
) -> None:
    """Tạo văn bản .docx (và PDF) từ đặc tả."""
    def go():
        from . import api

        for spec in specs:
            for path in api.render(spec, out, pdf=pdf, templates=templates, strict=strict):
                typer.echo(str(path))
    _run(go)


@app.command("build")
def build_cmd(
    root: Path = typer.Argument(Path("examples"), help="Thư mục chứa đặc tả (mặc định: examples)."),
    out: Path = typer.Option(Path("out"), "-o", "--out", help="Thư mục ghi kết quả (mặc định: out)."),
    pdf: bool = typer.Option(False, "--pdf", help="Xuất thêm PDF (cần LibreOffice)."),
    templates: Optional[Path] = typer.Option(None, "--templates", help="Thư mục mẫu Word riêng của cơ quan."),
    strict: bool = typer.Option(False, "--strict", help="Coi cảnh báo là lỗi."),
    force: bool = typer.Option(False, "--force", help="Tạo lại tất cả, kể cả văn bản không đổi."),
    watch: bool = typer.Option(False, "--watch", help="Theo dõi thư mục, tạo lại khi có tệp được lưu."),
) -> None:
    """Tạo văn bản từ mọi đặc tả trong thư mục; chỉ tạo lại những gì đã thay đổi."""
    def report(outcome) -> int:
        for path in outcome.written:
            typer.echo(str(path))
        for spec, exc in outcome.failed:
            _err(exc.format())
        if not outcome.rebuilt and not outcome.failed:
            typer.echo(f"Không có gì thay đổi: {len(outcome.unchanged)} đặc tả đã cập nhật, không ghi tệp nào.")
        else:
            typer.echo(f"Đã tạo lại {len(outcome.rebuilt)} đặc tả ({len(outcome.written)} tệp)"
                       + (f", giữ nguyên {len(outcome.unchanged)}" if outcome.unchanged else "")
                       + (f"; {len(outcome.failed)} đặc tả có lỗi" if outcome.failed else "") + ".")
        return int(outcome.failed[0][1].exit_code) if outcome.failed else 0

    def go():
        from . import api
        from .errors import FileAccessError
        from .workflows.build import build_tree, watch_tree

        if not root.exists():
            raise FileAccessError(f"{root}: không có thư mục này")
        if not api.find_specs(root):
            raise FileAccessError(f"{root}: không có tệp đặc tả (.yaml) nào")
        if watch:
            typer.echo(f"Đang theo dõi {root} (Ctrl-C để dừng)…")
            try:
                watch_tree(root, out, templates=templates, strict=strict, report=report)
            except KeyboardInterrupt:
                typer.echo("Đã dừng theo dõi.")
                raise typer.Exit(int(ExitCode.INTERRUPTED))
            return
        code = report(build_tree(root, out, force=force, pdf=pdf, templates=templates, strict=strict))
        if code:
            raise typer.Exit(code)
    _run(go)


@app.command("shells")
def shells_cmd(
    plan: Path = typer.Argument(..., help="Đặc tả kế hoạch."),
    period: str = typer.Option(..., "--period", help="Kỳ báo cáo: 2026, hoặc \"6 tháng đầu năm 2026\"."),
    out: Path = typer.Option(Path("phieu-bao-cao"), "-o", "--out", help="Thư mục ghi phiếu (mặc định: phieu-bao-cao)."),
    templates: Optional[Path] = typer.Option(None, "--templates", help="Thư mục mẫu Word riêng của cơ quan."),
) -> None:
    """Tạo phiếu báo cáo (công văn + bảng nhiệm vụ) cho từng đơn vị chủ trì, phối hợp trong kỳ."""
    def go():
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        from .errors import Problem, SpecError
        from .vi.timeline import TimelineProblem, parse_period
        from .workflows.shells import write_shells

        try:
            p = parse_period(period)
        except TimelineProblem as exc:
            raise SpecError([Problem("--period", 0, 0, "", str(exc))]) from exc
        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                      transient=True, disable=not sys.stderr.isatty()) as bar:
            job = bar.add_task("Tạo phiếu báo cáo", total=None)

            def step(i, n, name):
                bar.update(job, total=n, completed=i, description=f"Tạo phiếu: {name}")
            written = write_shells(plan, p, out, templates=templates, progress=step)
        for path in written:
            typer.echo(str(path))
        typer.echo(f"Đã tạo {len(written)} phiếu báo cáo {p.label()}.")
    _run(go)


@app.command("collect")
def collect_cmd(
    plan: Path = typer.Argument(..., help="Đặc tả kế hoạch."),
    files: List[Path] = typer.Argument(..., help="Các phiếu báo cáo đã điền (.docx)."),
    out: Path = typer.Option(..., "-o", "--out", help="Tệp tiến độ (YAML) sẽ ghi."),
    period: Optional[str] = typer.Option(None, "--period", help="Kỳ báo cáo (mặc định: lấy từ phiếu)."),
) -> None:
    """Đọc các phiếu báo cáo đã điền thành đặc tả tiến độ (YAML có ghi chú nguồn)."""
    def go():
        import os

        from .fileio import write_atomic
        from .workflows.collect import collect, dump_yaml

        from . import api

        api.refuse_overwriting_inputs(out, [plan, *files])
        doc, notes, n_entries, n_unplaced = collect(plan, files, period_label=period)
        # the progress file refers to the plan relative to itself
        doc["ke_hoach"] = os.path.relpath(Path(plan).resolve(), Path(out).resolve().parent)
        write_atomic(out, dump_yaml(doc))
        for note in notes:
            _err(f"cảnh báo: {note}")
        if n_unplaced:
            _err(f"cảnh báo: {n_unplaced} đoạn không gắn được vào nhiệm vụ nào, đã giữ trong mục chua_xep của {out}")
        typer.echo(f"{out}: {n_entries} kết quả từ {len(files)} phiếu.")
    _run(go)


@app.command("report")
def report_cmd(
    plan: Path = typer.Argument(..., help="Đặc tả kế hoạch."),
    progress: Path = typer.Argument(..., help="Đặc tả tiến độ (từ drafting collect)."),
    out: Optional[Path] = typer.Option(None, "-o", "--out", help="Thư mục ghi báo cáo (mặc định: cạnh tệp tiến độ)."),
    pdf: bool = typer.Option(False, "--pdf", help="Xuất thêm PDF (cần LibreOffice)."),
    templates: Optional[Path] = typer.Option(None, "--templates", help="Thư mục mẫu Word riêng của cơ quan."),
) -> None:
    """Dự thảo báo cáo kết quả thực hiện kế hoạch từ đặc tả tiến độ."""
    def go():
        from . import api
        from .errors import Problem, SpecError

        checked = api.check(progress)
        if checked.kind.name != "tien_do":
            raise SpecError([Problem(str(progress), 1, 1, "loai", "tệp này không phải đặc tả tiến độ (loai: tien_do)")])
        if Path(checked.model.plan_file).name != Path(plan).name and \
                (Path(progress).parent / checked.model.plan_file).resolve() != Path(plan).resolve():
            _err(f"cảnh báo: {progress} ghi kế hoạch {checked.model.plan_file}, không phải {plan}")
        for path in api.render(progress, out, pdf=pdf, templates=templates):
            typer.echo(str(path))
    _run(go)


@app.command("next-year")
def next_year_cmd(
    plan: Path = typer.Argument(..., help="Đặc tả kế hoạch giai đoạn."),
    year: int = typer.Option(..., "--year", help="Năm của kế hoạch mới, ví dụ 2027."),
    progress: Optional[Path] = typer.Option(None, "--progress", help="Đặc tả tiến độ năm nay (nhiệm vụ chưa xong được chuyển tiếp)."),
    out: Path = typer.Option(..., "-o", "--out", help="Tệp đặc tả kế hoạch năm sẽ ghi (YAML)."),
) -> None:
    """Dự thảo kế hoạch năm từ kế hoạch giai đoạn (và tiến độ năm nay), thành đặc tả YAML để biên tập."""
    def go():
        from .fileio import write_atomic
        from .workflows.collect import dump_yaml
        from .workflows.next_year import draft_next_year

        from . import api

        api.refuse_overwriting_inputs(out, [plan, progress])
        doc, scheduled, carried = draft_next_year(plan, year, progress)
        api.record_registries(doc, plan, out)
        write_atomic(out, dump_yaml(doc))
        typer.echo(f"{out}: {len(scheduled)} nhiệm vụ theo lịch năm {year}"
                   + (f", {len(carried)} nhiệm vụ chuyển tiếp" if carried else "") + ".")
    _run(go)


@app.command("diff")
def diff_cmd(
    old: Path = typer.Argument(..., help="Đặc tả bản trước."),
    new: Path = typer.Argument(..., help="Đặc tả bản sau."),
    out: Optional[Path] = typer.Option(None, "-o", "--out", help="Ghi thêm bảng so sánh (.docx)."),
) -> None:
    """So sánh hai bản đặc tả: nhiệm vụ thêm, bỏ, sửa, chuyển; cơ quan, thời gian, kinh phí thay đổi."""
    def go():
        from .workflows.diff import GROUP_TITLES, diff_specs, write_diff_docx

        if out:
            from . import api

            api.refuse_overwriting_inputs(out, [old, new])
        changes, _, new_plan = diff_specs(old, new)
        if not changes:
            typer.echo("Hai bản không khác nhau.")
        for group, title in GROUP_TITLES.items():
            items = [c for c in changes if c.nhom == group]
            if items:
                typer.echo(f"== {title} ({len(items)})")
            for c in items:
                typer.echo(f"- {c.ghi_chu}")
                if c.cu and c.loai != "them":
                    typer.echo(f"    trước: {c.cu[:160]}")
                if c.moi and c.loai != "bo" and c.moi != c.cu:
                    typer.echo(f"    sau:   {c.moi[:160]}")
        if out:
            typer.echo(str(write_diff_docx(changes, old, new, new_plan, out)))
    _run(go)


templates_app = typer.Typer(help="Mẫu Word của cơ quan.", add_completion=False, rich_markup_mode=None)
app.add_typer(templates_app, name="templates")


@templates_app.command("check")
def templates_check_cmd(
    folder: Path = typer.Argument(..., help="Thư mục (hoặc tệp) mẫu Word cần kiểm tra."),
) -> None:
    """Kiểm tra mẫu Word: cú pháp thẻ, thẻ lạ, biến không có trong dữ liệu, thẻ bị tách, thao tác bị cấm."""
    def go():
        from .errors import FileAccessError
        from .render.template_lint import lint_dir

        if not folder.exists():
            raise FileAccessError(f"{folder}: không có thư mục hoặc tệp này")
        findings = lint_dir(folder)
        for f in findings:
            _err(f.format())
        errors = [f for f in findings if f.severity == "error"]
        count = len(list(folder.glob("*.docx"))) if folder.is_dir() else 1
        typer.echo(f"Đã kiểm tra {count} mẫu: {len(errors)} lỗi, {len(findings) - len(errors)} cảnh báo.")
        if errors:
            raise typer.Exit(int(ExitCode.TEMPLATE))
    _run(go)


@app.command("words")
def words_cmd(
    numbers: List[str] = typer.Argument(..., help="Các số tiền (có thể viết 221.542.169 hoặc 221542169)."),
    unit: int = typer.Option(1, "--unit", help="Đơn vị của số (1000 khi số liệu tính bằng nghìn đồng)."),
    le: bool = typer.Option(False, "--le", help="Đọc \"lẻ\" thay cho \"linh\"."),
    bon: bool = typer.Option(False, "--bon", help="Đọc \"bốn\" thay cho \"tư\"."),
    ngan: bool = typer.Option(False, "--ngan", help="Đọc \"ngàn\" thay cho \"nghìn\"."),
    chan: bool = typer.Option(False, "--chan", help="Thêm \"chẵn\" sau số tròn nghìn."),
) -> None:
    """In số tiền bằng chữ, mỗi số một dòng (ví dụ: drafting words 221542169000)."""
    def go():
        import re

        from .errors import SpecError, Problem
        from .vi.words import amount_in_words

        for raw in numbers:
            s = raw.strip()
            if not re.fullmatch(r"-?\d{1,3}(\.\d{3})+|-?\d+", s):
                raise SpecError([Problem("<dòng lệnh>", 0, 0, "", f"\"{raw}\" không phải số nguyên (viết 221542169 hoặc 221.542.169)")])
            typer.echo(amount_in_words(int(s.replace(".", "")), unit=unit, le=le, bon=bon, ngan=ngan, chan=chan))
    _run(go)


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:  # pragma: no cover - outside any command
        sys.exit(int(ExitCode.INTERRUPTED))
