"""The bodies of the commands `drafting` may run without Typer: ``check``, ``words``, ``render`` and ``build``
(not watching).

Each prints through the ``echo(text, err=False)`` it is given and returns its exit code; a domain error
propagates as a DraftingError. drafting.cli declares them to Typer (with typer.echo, its errors turned into exit
codes by ``cli._run``); drafting.launch runs them itself when the command line is a plain one (``guarded``
stands for ``cli._run`` there), so that a quick command does not load Typer (issue 20 item 4).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from . import check_results
from .errors import DraftingError, ExitCode, FileAccessError, PdfError, SpecError, UsageProblem

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing (2 ms) is not loaded at run time: the annotations are strings
    from typing import Any

Echo = Callable[..., None]

#: what ``cli._run`` prints for Ctrl-C in a command and for an error drafting did not expect
INTERRUPTED = "Đã dừng (Ctrl-C); không có tệp nào bị ghi dở."
INTERNAL = "Lỗi nội bộ của drafting: {name}: {exc}\nHãy chạy lại với --debug và gửi nội dung cho nhóm phát triển."


def guarded(fn: Callable[[], int], echo: Echo) -> int:
    """``cli._run`` without Typer (and without ``--debug``): the exit code of ``fn``, or of the error it raised,
    with the same message."""
    try:
        return fn()
    except DraftingError as exc:
        echo(exc.format(), err=True)
        return int(exc.exit_code)
    except KeyboardInterrupt:
        echo(INTERRUPTED, err=True)
        return int(ExitCode.INTERRUPTED)
    except BrokenPipeError:  # the reader of our output has gone (| head): stop quietly
        from .fileio import quiet_stdout  # noqa: PLC0415 - fileio (tempfile, zipfile: 3 ms) loads only on a broken pipe for words

        quiet_stdout()
        return int(ExitCode.BROKEN_PIPE)
    except Exception as exc:  # noqa: BLE001 - last line of defence: no traceback for users
        echo(INTERNAL.format(name=type(exc).__name__, exc=exc), err=True)
        return int(ExitCode.INTERNAL)


def pdf_mode(pdf: bool, plain: bool) -> bool | str:
    """``--pdf``: PDF/A-2b; ``--pdf-thuong``: a plain PDF; neither: no PDF."""
    return "thuong" if plain else bool(pdf)


def check(specs: list[Path], strict: bool, echo: Echo) -> int:
    """``drafting check``: every spec checked, its problems printed; the exit code of the first that failed."""
    failed: DraftingError | None = None
    reported: set[str] = set()  # a broken co-quan.yaml shared by several specs is reported once
    for spec in specs:
        name = check_results.key(Path(spec), strict)
        kept = check_results.lookup(name)
        if kept is not None:  # nothing it was made from has changed: the same verdict, without the engine
            for line in kept[0]:
                echo(line, err=True)
            echo(kept[1])
            continue
        from . import api  # noqa: PLC0415 - the engine loads only for a spec whose verdict is not kept

        try:
            checked = api.check(spec, strict=strict)
        except SpecError as exc:
            from .spec.loader import display_name  # noqa: PLC0415 - the engine loads only for the command that runs (--help stays fast)

            own = display_name(Path(spec))
            lines = [p.format() for p in exc.problems]
            fresh = [line for line in lines if line not in reported]
            if fresh:
                echo("\n".join(fresh), err=True)
            others = sorted({p.file for p in exc.problems if p.file != own})
            if others and all(p.file != own for p in exc.problems):
                echo(
                    f"{spec}: chưa kiểm tra được vì {', '.join(others)} có lỗi"
                    + (" (đã báo ở trên)" if not fresh else ""),
                    err=True,
                )
            reported.update(line for line, p in zip(lines, exc.problems, strict=True) if p.file != own)
            failed = failed or exc
            continue
        except DraftingError as exc:
            echo(exc.format(), err=True)
            failed = failed or exc
            continue
        lines = [w.format() for w in checked.warnings]
        for line in lines:
            echo(line, err=True)
        ok = f"{spec}: hợp lệ ({checked.kind.title})"
        echo(ok)
        inputs, missing = api.dependencies(Path(spec), checked, [])
        check_results.store(name, Path(spec), strict, inputs, missing, lines, ok)
    return int(failed.exit_code) if failed else 0


#: a number ``drafting words`` reads: 221542169 or 221.542.169
WORDS_NUMBER = r"-?\d{1,3}(\.\d{3})+|-?\d+"


def words(numbers: list[str], unit: int, le: bool, bon: bool, ngan: bool, chan: bool, echo: Echo) -> int:
    """``drafting words``: each amount in words, one a line."""
    import re  # noqa: PLC0415 - the engine loads only for the command that runs (--help stays fast)

    from .vi.words import amount_in_words  # noqa: PLC0415 - the engine loads only for the command that runs (--help stays fast)

    for raw in numbers:
        s = raw.strip()
        if not re.fullmatch(WORDS_NUMBER, s):
            raise UsageProblem(f'"{raw}" không phải số nguyên (viết 221542169 hoặc 221.542.169)')
        echo(amount_in_words(int(s.replace(".", "")), unit=unit, le=le, bon=bon, ngan=ngan, chan=chan))
    return 0


def pdf_font_check(written: list[Path], strict: bool, echo: Echo) -> None:
    """One line per PDF that does not embed Times New Roman (a preview); with --strict, exit 5."""
    pdfs = [p for p in written if p.suffix == ".pdf"]
    if not pdfs:  # nothing to read: the PDF reader is not loaded (a no-op build stays light)
        return
    from .render.pdf import font_warning  # noqa: PLC0415 - the engine loads only for the command that runs (--help stays fast)

    warnings = [w for w in map(font_warning, pdfs) if w]
    for w in warnings:
        echo(f"cảnh báo: {w}", err=True)
    if warnings and strict:
        raise PdfError("PDF chưa đúng phông chính thức (--strict)", hint="cài phông Times New Roman rồi xuất lại")


def metadata_files(written: list[Path]) -> list[Path]:
    """The Phụ lục VI JSON beside every .docx of ``written`` that carries the metadata (``--metadata``)."""
    from .render.metadata_file import write_metadata  # noqa: PLC0415 - the .docx reader (lxml) and pypdf stay out of --help

    made = [write_metadata(p) for p in written if p.suffix == ".docx"]
    return [p for p in made if p is not None]


def render(
    specs: list[Path],
    out: Path | None,
    *,
    pdf: bool | str,
    templates: Path | None,
    strict: bool,
    dien_tu: bool,
    metadata: bool,
    echo: Echo,
) -> int:
    """``drafting render``: every spec's documents written (into ``out``, else beside the spec), their paths
    printed, then its warnings; exit 0 (a problem raises its DraftingError)."""
    from . import api  # noqa: PLC0415 - the engine loads only for the command that runs (--help stays fast)

    for spec, target in api.render_targets(specs, out):
        record: dict = {}
        written = api.render(spec, target, pdf=pdf, templates=templates, strict=strict, dien_tu=dien_tu, record=record)
        for w in record["warnings"]:
            echo(w.format(), err=True)
        if metadata:
            written += metadata_files(written)
        for path in written:
            echo(str(path))
        pdf_font_check(written, strict, echo)
    return 0


def build_report(outcome: Any, echo: Echo) -> int:
    """What a build (or one round of watching) did, printed; its exit code."""
    for path in outcome.written:
        echo(str(path))
    for w in outcome.warnings:
        echo(w.format(), err=True)
    for _spec, exc in outcome.failed:
        echo(exc.format(), err=True)
    for path in outcome.stale:
        echo(f"cảnh báo: {path}: văn bản cũ không còn đặc tả nào tạo ra nhưng không xóa được; hãy xóa tay", err=True)
    if not outcome.rebuilt and not outcome.failed and not outcome.converted and not outcome.described:
        echo(f"Không có gì thay đổi: {len(outcome.unchanged)} đặc tả đã cập nhật, không ghi tệp nào.")
    else:
        echo(
            f"Đã tạo lại {len(outcome.rebuilt)} đặc tả ({len(outcome.written)} tệp)"
            + (f", xuất {len(outcome.converted)} PDF" if outcome.converted else "")
            + (f", ghi {len(outcome.described)} tệp thông tin văn bản" if outcome.described else "")
            + (f", giữ nguyên {len(outcome.unchanged)}" if outcome.unchanged else "")
            + (f"; {len(outcome.failed)} đặc tả có lỗi" if outcome.failed else "")
            + "."
        )
    return int(outcome.failed[0][1].exit_code) if outcome.failed else 0


def build_root(root: Path) -> None:
    """The folder ``drafting build`` reads must exist and hold a spec."""
    from .sources import find_specs  # noqa: PLC0415 - the engine loads only for the command that runs (--help stays fast)

    if not root.exists():
        raise FileAccessError(f"{root}: không có thư mục này")
    if not find_specs(root):
        raise FileAccessError(f"{root}: không có tệp đặc tả (.yaml) nào")


def build(
    root: Path,
    out: Path,
    *,
    force: bool,
    pdf: bool | str,
    templates: Path | None,
    strict: bool,
    dien_tu: bool,
    metadata: bool,
    echo: Echo,
) -> int:
    """``drafting build`` (not watching): build what changed, print what it did; its exit code."""
    from .workflows.build import build_tree  # noqa: PLC0415 - the engine loads only for the command that runs (--help stays fast)

    build_root(root)
    outcome = build_tree(
        root, out, force=force, pdf=pdf, templates=templates, strict=strict, dien_tu=dien_tu, metadata=metadata
    )
    code = build_report(outcome, echo)
    pdf_font_check(outcome.written, strict, echo)
    return code
