"""The `drafting` command: thin Typer app; every error maps to an exit code in one place."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from . import commands
from .cli_vi import ViCommand, ViGroup
from .errors import STOPPED, DraftingError, ExitCode, FileAccessError, Problem, SpecError, UsageProblem
from .fileio import quiet_stdout as _quiet_stdout
from .fileio import write_atomic

CONTEXT = {"help_option_names": ["-h", "--help"]}

app = typer.Typer(
    name="drafting",
    cls=ViGroup,
    context_settings=CONTEXT,
    help="Soạn văn bản hành chính theo Nghị định 30/2020/NĐ-CP (kế hoạch, phụ lục, biểu kinh phí…) "
    "từ đặc tả YAML.\n\nMã thoát: 0 thành công; 1 đặc tả có lỗi; 2 sai cách gọi lệnh; 3 lỗi đọc/ghi tệp; "
    "4 lỗi mẫu Word; 5 lỗi xuất PDF; 70 lỗi nội bộ; 130 bị ngắt (Ctrl-C); 141 nơi nhận đầu ra đã đóng "
    "(ví dụ khi chuyển sang head).",
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
        raise typer.Exit(int(exc.exit_code)) from None
    except KeyboardInterrupt:
        _err(commands.INTERRUPTED)
        raise typer.Exit(int(ExitCode.INTERRUPTED)) from None
    except typer.Exit:
        raise
    except BrokenPipeError:  # the reader of our output has gone (| head): stop quietly
        _quiet_stdout()
        raise typer.Exit(int(ExitCode.BROKEN_PIPE)) from None
    except Exception as exc:  # noqa: BLE001 - last line of defence: no traceback for users
        if _state["debug"]:
            raise
        _err(commands.INTERNAL.format(name=type(exc).__name__, exc=exc))
        raise typer.Exit(int(ExitCode.INTERNAL)) from None


def _exit(code: int) -> None:
    """End the command with ``code`` (a command of drafting.commands returns its exit code)."""
    if code:
        raise typer.Exit(code)


@app.callback()
def _main(debug: bool = typer.Option(False, "--debug", help="Hiện chi tiết lỗi (traceback) để gỡ lỗi.")) -> None:
    _state["debug"] = debug


@app.command(cls=ViCommand, name="check")
def check_cmd(
    specs: list[Path] = typer.Argument(..., metavar="ĐẶC_TẢ…", help="Các tệp đặc tả YAML cần kiểm tra."),
    strict: bool = typer.Option(False, "--strict", help="Coi cảnh báo là lỗi."),
) -> None:
    """Kiểm tra đặc tả: báo mọi lỗi cùng lúc, dạng tệp:dòng:cột: trường: thông báo.

    Đặc tả đã hợp lệ mà không đổi (cùng danh mục cơ quan, cùng phiên bản drafting) được trả lời ngay bằng kết
    quả lần kiểm tra trước."""

    _run(lambda: _exit(commands.check(specs, strict, typer.echo)))


#: options render and build share (one declaration, one help text)
DIEN_TU_OPTION = typer.Option(
    False,
    "--dien-tu",
    help="Bản điện tử theo Nghị định 30 (kế hoạch, báo cáo): để trống số và ngày cho hệ thống quản lý văn bản cấp.",
)
METADATA_OPTION = typer.Option(
    False,
    "--metadata",
    help="Ghi thêm tệp .metadata.json cạnh mỗi văn bản: thông tin đầu ra theo Phụ lục VI Nghị định 30.",
)


@app.command(cls=ViCommand, name="render")
def render_cmd(
    specs: list[Path] = typer.Argument(..., metavar="ĐẶC_TẢ…", help="Các tệp đặc tả YAML."),
    out: Path | None = typer.Option(
        None, "-o", "--out", metavar="THƯ_MỤC", help="Thư mục ghi văn bản (mặc định: cạnh tệp đặc tả)."
    ),
    pdf: bool = typer.Option(False, "--pdf", help="Xuất thêm PDF/A-2b để lưu trữ (cần LibreOffice)."),
    pdf_plain: bool = typer.Option(False, "--pdf-thuong", help="Xuất thêm PDF thường thay cho PDF/A."),
    templates: Path | None = typer.Option(
        None, "--templates", metavar="THƯ_MỤC", help="Thư mục mẫu Word riêng của cơ quan."
    ),
    strict: bool = typer.Option(False, "--strict", help="Coi cảnh báo là lỗi."),
    dien_tu: bool = DIEN_TU_OPTION,
    metadata: bool = METADATA_OPTION,
) -> None:
    """Tạo văn bản .docx (và PDF) từ đặc tả."""

    _run(
        lambda: _exit(
            commands.render(
                specs,
                out,
                pdf=commands.pdf_mode(pdf, pdf_plain),
                templates=templates,
                strict=strict,
                dien_tu=dien_tu,
                metadata=metadata,
                echo=typer.echo,
            )
        )
    )


@app.command(cls=ViCommand, name="build")
def build_cmd(
    root: Path = typer.Argument(Path("examples"), metavar="THƯ_MỤC", help="Thư mục chứa đặc tả (mặc định: examples)."),
    out: Path = typer.Option(
        Path("out"), "-o", "--out", metavar="THƯ_MỤC", help="Thư mục ghi kết quả (mặc định: out)."
    ),
    pdf: bool = typer.Option(False, "--pdf", help="Xuất thêm PDF/A-2b để lưu trữ (cần LibreOffice)."),
    pdf_plain: bool = typer.Option(False, "--pdf-thuong", help="Xuất thêm PDF thường thay cho PDF/A."),
    templates: Path | None = typer.Option(
        None, "--templates", metavar="THƯ_MỤC", help="Thư mục mẫu Word riêng của cơ quan."
    ),
    strict: bool = typer.Option(False, "--strict", help="Coi cảnh báo là lỗi."),
    force: bool = typer.Option(False, "--force", help="Tạo lại tất cả, kể cả văn bản không đổi."),
    watch: bool = typer.Option(False, "--watch", help="Theo dõi thư mục, tạo lại khi có tệp được lưu."),
    dien_tu: bool = DIEN_TU_OPTION,
    metadata: bool = METADATA_OPTION,
) -> None:
    """Tạo văn bản từ mọi đặc tả trong thư mục; chỉ tạo lại những gì đã thay đổi."""

    def report(outcome) -> int:
        return commands.build_report(outcome, typer.echo)

    def go():
        if watch:
            from .workflows.build import watch_tree  # noqa: PLC0415 - the engine loads only for the command that runs (--help stays fast)

            commands.build_root(root)
            typer.echo(f"Đang theo dõi {root} (Ctrl-C để dừng)…")
            try:
                watch_tree(root, out, templates=templates, strict=strict, report=report)
            except KeyboardInterrupt:
                _err("Đã dừng theo dõi (Ctrl-C).")
                raise typer.Exit(int(ExitCode.INTERRUPTED)) from None
            return
        _exit(
            commands.build(
                root,
                out,
                force=force,
                pdf=commands.pdf_mode(pdf, pdf_plain),
                templates=templates,
                strict=strict,
                dien_tu=dien_tu,
                metadata=metadata,
                echo=typer.echo,
            )
        )

    _run(go)


@app.command(cls=ViCommand, name="shells")
def shells_cmd(
    plan: Path = typer.Argument(..., metavar="KẾ_HOẠCH", help="Đặc tả kế hoạch (YAML)."),
    period: str = typer.Option(
        ...,
        "--period",
        metavar="KỲ",
        help='Kỳ báo cáo: "năm 2026", "6 tháng đầu năm 2026", '
        '"6 tháng cuối năm 2026", "quý I năm 2026", "9 tháng đầu năm 2026", '
        '"từ 01/3/2026 đến 31/8/2026".',
    ),
    out: Path = typer.Option(
        Path("phieu-bao-cao"), "-o", "--out", metavar="THƯ_MỤC", help="Thư mục ghi phiếu (mặc định: phieu-bao-cao)."
    ),
    templates: Path | None = typer.Option(
        None, "--templates", metavar="THƯ_MỤC", help="Thư mục mẫu Word riêng của cơ quan."
    ),
    own: str = typer.Option(
        "noi-bo",
        "--don-vi-theo-doi",
        metavar="CÁCH",
        help="Nhiệm vụ của chính cơ quan theo dõi: noi-bo (phiếu theo dõi nội bộ, mặc định) "
        "hoặc bo-qua (không tạo phiếu).",
    ),
) -> None:
    """Tạo phiếu báo cáo (công văn + bảng nhiệm vụ) cho từng đơn vị chủ trì, phối hợp trong kỳ."""

    def go():
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn  # noqa: PLC0415 - the engine loads only for the command that runs (--help stays fast)

        from .vi.timeline import TimelineProblem, parse_period  # noqa: PLC0415 - the engine loads only for the command that runs (--help stays fast)
        from .workflows.shells import write_shells  # noqa: PLC0415 - the engine loads only for the command that runs (--help stays fast)

        if own not in ("noi-bo", "bo-qua"):
            _usage(f'--don-vi-theo-doi: "{own}" không hợp lệ (noi-bo hoặc bo-qua)')
        try:
            p = parse_period(period)
        except TimelineProblem as exc:
            _usage(f"--period: {exc}")
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            transient=True,
            disable=not sys.stderr.isatty(),
        ) as bar:
            job = bar.add_task("Tạo phiếu báo cáo", total=None)

            def step(i, n, name):
                bar.update(job, total=n, completed=i, description=f"Tạo phiếu: {name}")

            try:
                written = write_shells(plan, p, out, templates=templates, progress=step, own=own.replace("-", "_"))
            except TimelineProblem as exc:
                _usage(f"--period: {exc}")
        for path in written:
            typer.echo(str(path))
        typer.echo(f"Đã tạo {len(written)} phiếu báo cáo {p.label()}.")

    _run(go)


def _usage(message: str):
    """A usage error (exit 2) with its message."""
    raise UsageProblem(message)


@app.command(cls=ViCommand, name="collect")
def collect_cmd(
    plan: Path = typer.Argument(..., metavar="KẾ_HOẠCH", help="Đặc tả kế hoạch (YAML)."),
    files: list[Path] = typer.Argument(
        ..., metavar="PHIẾU…", help="Các phiếu báo cáo đã điền (.docx; .doc, .odt, .rtf được chuyển bằng LibreOffice)."
    ),
    out: Path = typer.Option(..., "-o", "--out", metavar="TỆP", help="Tệp tiến độ (YAML) sẽ ghi."),
    period: str | None = typer.Option(
        None, "--period", metavar="KỲ", help="Kỳ báo cáo (mặc định: kỳ ghi trong phiếu)."
    ),
    strict: bool = typer.Option(
        False, "--strict", help="Thoát mã 1 cả khi chỉ có số tiền hoặc tình trạng không đọc được (đã giữ nguyên văn)."
    ),
    review_docx: Path | None = typer.Option(
        None, "--ra-soat", metavar="TỆP", help="Ghi thêm danh sách rà soát (.docx) cho chuyên viên."
    ),
) -> None:
    """Đọc các phiếu báo cáo đã điền thành đặc tả tiến độ (YAML có ghi chú nguồn).

    Phiếu hỏng, quá lớn, của kế hoạch hoặc kỳ khác bị từ chối (nêu tên và lý do); các phiếu còn lại vẫn được
    tổng hợp, tệp tiến độ vẫn được ghi, và lệnh thoát mã 1 (có hay không --strict)."""

    def go():
        import os  # noqa: PLC0415 - the engine loads only for the command that runs (--help stays fast)

        from . import api  # noqa: PLC0415 - the engine loads only for the command that runs (--help stays fast)
        from .spec.writer import dump_yaml  # noqa: PLC0415 - the engine loads only for the command that runs (--help stays fast)
        from .vi.timeline import TimelineProblem  # noqa: PLC0415 - the engine loads only for the command that runs (--help stays fast)
        from .workflows.collect import collect, summary_lines, write_review_docx  # noqa: PLC0415 - the engine loads only for the command that runs (--help stays fast)

        api.refuse_overwriting_inputs(out, [plan, *files])
        try:
            result = collect(plan, files, period_label=period)
        except TimelineProblem as exc:
            _usage(f"--period: {exc}")
        # the progress file refers to the plan relative to itself
        result.doc["ke_hoach"] = os.path.relpath(Path(plan).resolve(), Path(out).resolve().parent)
        write_atomic(out, dump_yaml(result.doc).encode("utf-8"))
        if review_docx:
            write_review_docx(result, review_docx)
        for line in summary_lines(result, out):
            typer.echo(line)
        if review_docx:
            typer.echo(f"Danh sách rà soát: {review_docx}")
        if result.refused or (strict and result.unreadable):
            raise typer.Exit(int(ExitCode.SPEC_INVALID))

    _run(go)


@app.command(cls=ViCommand, name="report")
def report_cmd(
    plan: Path = typer.Argument(..., metavar="KẾ_HOẠCH", help="Đặc tả kế hoạch (YAML)."),
    progress: Path = typer.Argument(..., metavar="TIẾN_ĐỘ", help="Đặc tả tiến độ (từ drafting collect)."),
    out: Path | None = typer.Option(
        None, "-o", "--out", metavar="THƯ_MỤC", help="Thư mục ghi báo cáo (mặc định: cạnh tệp tiến độ)."
    ),
    pdf: bool = typer.Option(False, "--pdf", help="Xuất thêm PDF/A-2b để lưu trữ (cần LibreOffice)."),
    pdf_plain: bool = typer.Option(False, "--pdf-thuong", help="Xuất thêm PDF thường thay cho PDF/A."),
    templates: Path | None = typer.Option(
        None, "--templates", metavar="THƯ_MỤC", help="Thư mục mẫu Word riêng của cơ quan."
    ),
    period: str | None = typer.Option(
        None,
        "--period",
        metavar="KỲ",
        help='Kỳ báo cáo cần lập (kiểm tra với kỳ của tệp tiến độ), ví dụ "6 tháng đầu năm 2026".',
    ),
) -> None:
    """Dự thảo báo cáo kết quả thực hiện kế hoạch từ đặc tả tiến độ."""

    def go():
        from . import api  # noqa: PLC0415 - the engine loads only for the command that runs (--help stays fast)
        from .kinds import expect_kind  # noqa: PLC0415 - the engine loads only for the command that runs (--help stays fast)
        from .vi.timeline import TimelineProblem, parse_period  # noqa: PLC0415 - the engine loads only for the command that runs (--help stays fast)

        wanted = None
        if period:
            try:
                wanted = parse_period(period)
            except TimelineProblem as exc:
                _usage(f"--period: {exc}")

        checked = api.check(progress)
        expect_kind(checked.kind, "tien_do", str(progress), "báo cáo lập từ tệp tiến độ")
        from .model.progress import plan_id  # noqa: PLC0415 - the engine loads only for the command that runs (--help stays fast)

        given = api.check(plan).model
        own_plan = (Path(progress).parent / checked.model.plan_file).resolve()
        if own_plan != Path(plan).resolve() and plan_id(given) != plan_id(checked.model.plan):
            raise SpecError(
                [
                    Problem(
                        str(progress),
                        1,
                        1,
                        "ke_hoach",
                        f"tệp tiến độ thuộc kế hoạch {checked.model.plan_file}, không phải {plan}: không lập báo cáo",
                    )
                ]
            )
        if wanted is not None and wanted != checked.model.ky:
            _usage(f"--period: tệp tiến độ {progress} là kỳ {checked.model.ky.label()}, không phải {wanted.label()}")
        written = api.render(progress, out, pdf=commands.pdf_mode(pdf, pdf_plain), templates=templates)
        for path in written:
            typer.echo(str(path))
        commands.pdf_font_check(written, False, typer.echo)

    _run(go)


@app.command(cls=ViCommand, name="next-year")
def next_year_cmd(
    plan: Path = typer.Argument(..., metavar="KẾ_HOẠCH", help="Đặc tả kế hoạch giai đoạn."),
    year: int = typer.Option(..., "--year", metavar="NĂM", help="Năm của kế hoạch mới, ví dụ 2027."),
    progress: Path | None = typer.Option(
        None, "--progress", metavar="TIẾN_ĐỘ", help="Đặc tả tiến độ năm nay (nhiệm vụ chưa xong được chuyển tiếp)."
    ),
    out: Path = typer.Option(..., "-o", "--out", metavar="TỆP", help="Tệp đặc tả kế hoạch năm sẽ ghi (YAML)."),
) -> None:
    """Dự thảo kế hoạch năm từ kế hoạch giai đoạn (và tiến độ năm nay), thành đặc tả YAML để biên tập."""

    def go():
        from . import api  # noqa: PLC0415 - the engine loads only for the command that runs (--help stays fast)
        from .spec.writer import dump_yaml  # noqa: PLC0415 - the engine loads only for the command that runs (--help stays fast)
        from .workflows.next_year import draft_next_year  # noqa: PLC0415 - the engine loads only for the command that runs (--help stays fast)

        api.refuse_overwriting_inputs(out, [plan, progress])
        doc, scheduled, carried, warnings = draft_next_year(plan, year, progress)
        api.record_registries(doc, plan, out)
        write_atomic(out, dump_yaml(doc).encode("utf-8"))
        for w in warnings:
            _err(w.format())
        typer.echo(
            f"{out}: {len(scheduled)} nhiệm vụ theo lịch năm {year}"
            + (f", {len(carried)} nhiệm vụ chuyển tiếp" if carried else "")
            + "."
        )

    _run(go)


@app.command(cls=ViCommand, name="import")
def import_cmd(
    source: Path = typer.Argument(
        ...,
        metavar="TỆP_NGUỒN",
        help="Kế hoạch hoặc văn bản hợp tác Word (.docx, .doc, .odt) hoặc danh sách nhiệm vụ Excel (.xlsx, .xls, .ods).",
    ),
    out: Path | None = typer.Option(
        None, "-o", "--out", metavar="TỆP", help="Tệp đặc tả YAML sẽ ghi (mặc định: cạnh tệp nguồn, đuôi .yaml)."
    ),
    into: Path | None = typer.Option(
        None, "--vao", metavar="ĐẶC_TẢ", help="Gộp nhiệm vụ và dòng kinh phí từ Excel vào đặc tả kế hoạch này."
    ),
) -> None:
    """Chuyển kế hoạch, văn bản hợp tác (Word) hoặc danh sách nhiệm vụ (Excel) sẵn có thành đặc tả YAML có chú thích."""

    def go():
        from .workflows.import_cmd import import_file  # noqa: PLC0415 - the engine loads only for the command that runs (--help stays fast)

        target = out or (
            into
            if into is not None and source.suffix.lower() in (".xlsx", ".xlsm", ".xls", ".ods")
            else source.with_suffix(".yaml")
        )
        if target.resolve() == source.resolve():
            _usage("tệp đặc tả ghi ra trùng với tệp nguồn; chọn tên khác bằng -o")
        outcome = import_file(source, target, into)
        imp = outcome.imported
        typer.echo(
            f"{outcome.written}: đã ghi đặc tả ({outcome.tasks} nhiệm vụ, {outcome.budget_lines} dòng kinh phí)."
        )
        for finding in imp.findings:
            _err(f"{source}: cảnh báo: {finding}")
        if imp.unplaced:
            _err(f"{source}: {len(imp.unplaced)} đoạn chưa xếp được chỗ, giữ nguyên văn trong mục chua_xep của đặc tả.")
        for name in imp.unknown_agencies:
            _err(f"{outcome.written}: cơ quan chưa có trong danh mục: {name}")
        if outcome.problems:
            _err(f"drafting check {outcome.written}:")
            for p in outcome.problems:
                _err("  " + p.format())
            if any(p.severity == "error" for p in outcome.problems):
                raise typer.Exit(int(ExitCode.SPEC_INVALID))
        else:
            typer.echo(f"drafting check {outcome.written}: không có lỗi.")

    _run(go)


@app.command(cls=ViCommand, name="diff")
def diff_cmd(
    old: Path = typer.Argument(..., metavar="BẢN_TRƯỚC", help="Đặc tả bản trước."),
    new: Path = typer.Argument(..., metavar="BẢN_SAU", help="Đặc tả bản sau."),
    out: Path | None = typer.Option(None, "-o", "--out", metavar="TỆP", help="Ghi thêm bảng so sánh (.docx)."),
) -> None:
    """So sánh hai bản đặc tả: nhiệm vụ thêm, bỏ, sửa, chuyển; cơ quan, thời gian, kinh phí thay đổi."""

    def go():
        from .workflows.diff import GROUP_TITLES, diff_specs, excerpt, write_diff_docx  # noqa: PLC0415 - the engine loads only for the command that runs (--help stays fast)

        if out:
            from . import api  # noqa: PLC0415 - the engine loads only for the command that runs (--help stays fast)

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
                    typer.echo(f"    trước: {excerpt(c.cu)}")
                if c.moi and c.loai != "bo" and c.moi != c.cu:
                    typer.echo(f"    sau:   {excerpt(c.moi)}")
        if out:
            typer.echo(str(write_diff_docx(changes, old, new, new_plan, out)))

    _run(go)


@app.command(cls=ViCommand, name="web")
def web_cmd(
    root: Path = typer.Argument(Path("."), metavar="THƯ_MỤC", help="Thư mục làm việc (mặc định: thư mục hiện tại)."),
    port: int = typer.Option(0, "--cong", metavar="CỔNG", help="Cổng (mặc định: tự chọn một cổng còn trống)."),
    host: str = typer.Option(
        "127.0.0.1",
        "--dia-chi",
        metavar="ĐỊA_CHỈ",
        help="Địa chỉ nghe (mặc định 127.0.0.1: chỉ máy này; 0.0.0.0 mở cho cả mạng).",
    ),
    no_browser: bool = typer.Option(False, "--khong-mo", help="Không tự mở trình duyệt."),
) -> None:
    """Mở ứng dụng soạn thảo trên trình duyệt (chạy trên máy này, không cần mạng): danh sách văn bản, soạn kế
    hoạch, xem trước, phiếu báo cáo, báo cáo, kế hoạch năm sau, bảng so sánh."""

    def go():
        from .web.server import serve  # noqa: PLC0415 - the web server (Starlette, uvicorn) loads only for this command

        try:
            serve(root, host=host, port=port, open_browser=not no_browser, echo=typer.echo)
        except KeyboardInterrupt:
            _err("Đã dừng ứng dụng (Ctrl-C).")

    _run(go)


@app.command(cls=ViCommand, name="kiem-tra")
def kiem_tra_cmd(
    files: list[Path] = typer.Argument(..., metavar="VĂN_BẢN…", help="Các tệp .docx cần kiểm tra thể thức."),
    as_json: bool = typer.Option(False, "--json", help="In kết quả dạng JSON (cho công cụ khác đọc)."),
) -> None:
    """Kiểm tra thể thức văn bản .docx bất kỳ theo Nghị định 30/2020/NĐ-CP (khổ giấy, lề, phông, phần đầu,
    số/ký hiệu, ngày tháng, trích yếu, thân văn bản, số trang, nơi nhận, chữ ký, phụ lục) và tên cơ quan theo
    danh mục có ngày hiệu lực."""

    def go():
        import json  # noqa: PLC0415 - the engine loads only for the command that runs (--help stays fast)

        from .workflows.kiem_tra import check_document  # noqa: PLC0415 - the engine loads only for the command that runs (--help stays fast)

        findings = []
        unreadable = False
        for f in files:
            found = check_document(f)
            unreadable |= any(x.rule == "tệp" for x in found)
            findings += found
            if not as_json:
                for x in found:
                    typer.echo(x.format())
                if not found:
                    typer.echo(f"{f}: đúng thể thức")
        if as_json:
            typer.echo(json.dumps([x.as_dict() for x in findings], ensure_ascii=False, indent=2))
        else:
            bad = len({x.file for x in findings})
            if not findings:
                typer.echo(f"Đã kiểm tra {len(files)} văn bản: tất cả đúng thể thức.")
            else:
                typer.echo(
                    f"Đã kiểm tra {len(files)} văn bản: {len(files) - bad} đúng thể thức, {bad} văn bản "
                    f"có tổng cộng {len(findings)} chỗ cần sửa."
                )
        if unreadable:
            raise typer.Exit(int(ExitCode.IO))
        if findings:
            raise typer.Exit(int(ExitCode.SPEC_INVALID))

    _run(go)


@app.command(cls=ViCommand, name="schema")
def schema_cmd(
    kind: str = typer.Argument(..., metavar="LOẠI", help="Loại văn bản: ke_hoach, tien_do hoặc thoa_thuan."),
    out: Path | None = typer.Option(
        None, "-o", "--out", metavar="TỆP", help="Ghi JSON Schema vào tệp này (mặc định: in ra màn hình)."
    ),
) -> None:
    """In JSON Schema của một loại đặc tả, để trình soạn thảo (VS Code, tiện ích YAML) gợi ý và kiểm tra khóa khi gõ."""

    def go():
        from .kinds import KINDS  # noqa: PLC0415 - the engine loads only for the command that runs (--help stays fast)
        from .spec.json_schema import json_schema_text  # noqa: PLC0415 - the engine loads only for the command that runs (--help stays fast)

        name = kind.strip().replace("-", "_")
        if name not in KINDS:
            raise UsageProblem(f'không có loại đặc tả "{kind}"; chọn một trong: {", ".join(sorted(KINDS))}')
        text = json_schema_text(name)
        if out is None:
            typer.echo(text, nl=False)
        else:
            write_atomic(out, text.encode("utf-8"))
            typer.echo(str(out))

    _run(go)


@app.command(cls=ViCommand, name="moi")
def moi_cmd(
    kind: str = typer.Argument(..., metavar="LOẠI", help="Loại văn bản của bản khung: ke_hoach."),
    folder: Path = typer.Argument(
        Path("."), metavar="THƯ_MỤC", help="Thư mục làm việc (tạo mới nếu chưa có); mặc định: thư mục hiện tại."
    ),
    tinh: str | None = typer.Option(
        None, "--tinh", metavar="TỈNH", help='Tên tỉnh (thành phố) ban hành, ví dụ "Quảng Trị".'
    ),
    giai_doan: str | None = typer.Option(
        None, "--giai-doan", metavar="GIAI_ĐOẠN", help="Giai đoạn, ví dụ 2027-2029; một năm: 2027 (mặc định: năm sau)."
    ),
    doi_tac: str | None = typer.Option(
        None, "--doi-tac", metavar="ĐỐI_TÁC", help='Tên tỉnh đối tác, ví dụ "Savannakhet".'
    ),
) -> None:
    """Tạo bản khung đặc tả có chú thích từng khối (hợp lệ ngay, kiểm tra và in được), kèm JSON Schema và danh mục cơ quan."""

    def go():
        import datetime as _dt  # noqa: PLC0415 - the engine loads only for the command that runs (--help stays fast)

        from .workflows.scaffold import create  # noqa: PLC0415 - the engine loads only for the command that runs (--help stays fast)

        written = create(kind.strip().replace("-", "_"), folder, tinh, giai_doan, doi_tac, _dt.date.today().year)
        for path in written:
            typer.echo(str(path))
        typer.echo(f"Tiếp theo: sửa {written[0].name}, rồi chạy: drafting check {written[0]}")

    _run(go)


templates_app = typer.Typer(
    help="Mẫu Word của cơ quan.",
    cls=ViGroup,
    context_settings=CONTEXT,
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(templates_app, name="templates")


@templates_app.command(cls=ViCommand, name="check")
def templates_check_cmd(
    folder: Path = typer.Argument(..., metavar="MẪU", help="Thư mục (hoặc tệp) mẫu Word cần kiểm tra."),
) -> None:
    """Kiểm tra mẫu Word: cú pháp thẻ, thẻ lạ, biến không có trong dữ liệu, thẻ bị tách, thao tác bị cấm."""

    def go():
        from .render.docx.lint import lint_dir  # noqa: PLC0415 - the engine loads only for the command that runs (--help stays fast)

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


@app.command(cls=ViCommand, name="words")
def words_cmd(
    numbers: list[str] = typer.Argument(
        ..., metavar="SỐ…", help="Các số tiền (có thể viết 221.542.169 hoặc 221542169)."
    ),
    unit: int = typer.Option(
        1, "--unit", metavar="ĐƠN_VỊ", help="Đơn vị của số (1000 khi số liệu tính bằng nghìn đồng)."
    ),
    le: bool = typer.Option(False, "--le", help='Đọc "lẻ" thay cho "linh".'),
    bon: bool = typer.Option(False, "--bon", help='Đọc "bốn" thay cho "tư".'),
    ngan: bool = typer.Option(False, "--ngan", help='Đọc "ngàn" thay cho "nghìn".'),
    chan: bool = typer.Option(False, "--chan", help='Thêm "chẵn" sau số tròn nghìn.'),
) -> None:
    """In số tiền bằng chữ, mỗi số một dòng (ví dụ: drafting words 221542169000)."""

    _run(lambda: _exit(commands.words(numbers, unit, le, bon, ngan, chan, typer.echo)))


@app.command(cls=ViCommand, name="co-quan")
def co_quan_cmd(
    word: str | None = typer.Argument(
        None,
        metavar="TỪ_KHÓA",
        help='Một phần tên hoặc tên viết tắt (ví dụ: "Tài chính", "KH&ĐT"); bỏ trống: mọi cơ quan.',
    ),
    tinh: str | None = typer.Option(
        None, "--tinh", metavar="TỈNH", help="Tỉnh: chỉ các cơ quan tỉnh đó có, kèm cơ quan đầu mối đối ngoại."
    ),
    ngay: str | None = typer.Option(
        None, "--ngay", metavar="NGÀY", help="Đối chiếu vào ngày này (27/3/2026, 3/2026 hoặc 2026; mặc định: hôm nay)."
    ),
    nguon: bool = typer.Option(False, "--nguon", help="In cả nguồn (nghị định, quyết định) của từng cơ quan."),
) -> None:
    """Tra cơ quan theo ngày (tên đúng để ghi vào đặc tả, tên viết tắt, tên cũ và cơ quan kế nhiệm)."""

    def go():
        import datetime as dt  # noqa: PLC0415 - the engine loads only for the command that runs (--help stays fast)

        from . import api  # noqa: PLC0415 - the engine loads only for the command that runs (--help stays fast)
        from .model.agencies import doc_span, registry_files_for  # noqa: PLC0415 - the engine loads only for the command that runs (--help stays fast)
        from .spec.registry import check_registry_files, load_registry  # noqa: PLC0415 - the engine loads only for the command that runs (--help stays fast)

        when = doc_span(ngay.strip()) if ngay else (dt.date.today(), dt.date.today())
        if when is None:
            raise UsageProblem(f'--ngay: không đọc được ngày "{ngay}" (viết 27/3/2026, 3/2026 hoặc 2026)')
        files = registry_files_for(Path.cwd() / "co-quan.yaml", api.SHIPPED_REGISTRY)
        problems = [p for p in check_registry_files(files) if p.severity == "error"]
        if problems:
            raise SpecError(problems)
        registry = load_registry(files)
        day = (
            when[0].strftime("%d/%m/%Y")
            if when[0] == when[1]
            else (f"{when[0]:%m/%Y}" if when[0].month == when[1].month else str(when[0].year))
        )
        province = registry.province(tinh, when) if tinh else None
        if tinh and province is None:
            _err(
                f'chưa có hồ sơ của tỉnh "{tinh}" vào {day}: in mọi cơ quan (thêm hồ sơ vào co-quan.yaml, khóa "tinh")'
            )
        if province is not None:
            merged = f"; hợp nhất từ {', '.join(province.hop_nhat)}" if province.hop_nhat else ""
            typer.echo(f"{province.ten} ({day}): cơ quan đầu mối đối ngoại: {province.dau_moi or 'chưa rõ'}{merged}")
        found = registry.as_of(when, province, word)
        for agency, note in found:
            short = f" ({', '.join(agency.ten_khac)})" if agency.ten_khac else ""
            line = f"{agency.ten}{short}"
            if note:
                line += f" — {note}"
            elif agency.dieu_kien and (province is None or agency.ten not in province.co_quan):
                line += " — chỉ có ở tỉnh đủ tiêu chí" + (
                    f"; nơi khác: {agency.khi_khong_co}" if agency.khi_khong_co else ""
                )
            if nguon and agency.nguon:
                line += f"\n    nguồn: {agency.nguon}"
            typer.echo(line)
        if not found:
            _err(
                f'không có cơ quan nào khớp "{word}" vào {day}' if word else f"danh mục không có cơ quan nào vào {day}"
            )

    _run(go)


def main() -> None:
    """``drafting``: run the command line, with the exit codes of the README on every path."""
    try:
        app(prog_name="drafting")
    except KeyboardInterrupt:  # Ctrl-C outside a command's own handler (while parsing, importing)
        _err(STOPPED)
        sys.exit(int(ExitCode.INTERRUPTED))
    except BrokenPipeError:
        _quiet_stdout()
        sys.exit(int(ExitCode.BROKEN_PIPE))
