"""The `drafting` command (and `python -m drafting`): a help request the help cache can answer is printed from
it (drafting.cache.help_page: the page Typer wrote last time, still made from the same code); a plain command
line of ``check``, ``words``, ``render`` or ``build`` runs its command (drafting.commands) without Typer (``_quick``);
anything else runs the command line (drafting.cli), which loads Typer (about 2× the start-up of a bare Python).

A plain command line is one Click can read in one way only and accepts: the command's name first, then words
that do not start with "-" and the command's own flags and options exactly as written (``--strict``,
``-o THƯ_MỤC``), every path one Typer's check lets through (absent or readable). Anything else (``--debug``,
``--help``, ``--out=x``, ``-``, a negative number, a missing argument, an unreadable file, shell completion, an
output Click would re-encode) goes to Typer, which answers as it always has.
"""

from __future__ import annotations

import codecs
import os
import sys


def _utf8(stream) -> bool:
    """A stream Click would write to as it is (no re-encoding wrapper of its own)."""
    encoding = getattr(stream, "encoding", None)
    try:
        return encoding is not None and codecs.lookup(encoding).name == "utf-8"
    except LookupError:
        return False


#: a sample of what drafting prints: a stream that cannot encode it would fail at the first message
_VIETNAMESE = "Đã kiểm tra: hợp lệ, cảnh báo, lỗi ở dòng"


def _encodes_vietnamese(encoding: str) -> bool:
    try:
        _VIETNAMESE.encode(encoding)
    except (LookupError, UnicodeEncodeError):
        return False
    return True


def _streams_that_print_vietnamese() -> None:
    """Standard output and error able to print every message: one whose encoding cannot write Vietnamese (Windows
    writing into a file or a pipe in its ANSI code page, PYTHONIOENCODING=latin-1, a C locale's ASCII) would stop
    the command with UnicodeEncodeError. A file or a pipe is then written in UTF-8 (what editors and other tools
    read); a terminal keeps its encoding, and a letter it cannot show is printed as its escape (``\\u1ed7``)."""
    for stream in (sys.stdout, sys.stderr):
        encoding = getattr(stream, "encoding", None)
        reconfigure = getattr(stream, "reconfigure", None)
        if encoding is None or reconfigure is None:
            continue  # a stream of the caller's own (a test's capture): it decides
        if _encodes_vietnamese(encoding):
            continue
        try:
            tty = stream.isatty()
        except (OSError, ValueError):  # a closed stream: nothing will be printed on it
            continue
        reconfigure(**({"errors": "backslashreplace"} if tty else {"encoding": "utf-8"}))


def _utf8_stdout() -> bool:
    """A standard output Click would write to as it is (no re-encoding wrapper of its own)."""
    return _utf8(sys.stdout)


def _help_request(argv: list[str]) -> tuple[str, str] | None:
    """``(command path, flag)`` when ARGV only asks for a help page (``--help``, ``check -h``, ``templates check
    --help``): command words, then one option; None for anything else (then no cache is looked at)."""
    if not argv or not argv[-1].startswith("-") or any(not a or a.startswith("-") for a in argv[:-1]):
        return None
    return " ".join(["drafting", *argv[:-1]]), argv[-1]


def _stored_page() -> bool:
    """Print the stored help page ``drafting ARGV`` asks for, as Click prints it; False when there is none."""
    request = _help_request(sys.argv[1:])
    if request is None or not _utf8_stdout():
        return False
    from .cache import help_page  # noqa: PLC0415 - the cache (hashlib, json) loads only for a help request

    page = help_page(*request)
    if page is None:
        return False
    sys.stdout.write(page + "\n")
    sys.stdout.flush()
    return True


#: the commands run without Typer: (their flags, their options that take a value → the parameter's name)
_QUICK: dict[str, tuple[frozenset[str], dict[str, str]]] = {
    "check": (frozenset({"--strict"}), {}),
    "words": (frozenset({"--le", "--bon", "--ngan", "--chan"}), {"--unit": "unit"}),
    "render": (
        frozenset({"--pdf", "--pdf-thuong", "--strict", "--dien-tu", "--metadata"}),
        {"-o": "out", "--out": "out", "--templates": "templates"},
    ),
    "build": (
        frozenset({"--pdf", "--pdf-thuong", "--strict", "--force", "--dien-tu", "--metadata"}),
        {"-o": "out", "--out": "out", "--templates": "templates"},
    ),
}


def _plain(tokens: list[str], flags: frozenset[str], options: dict[str, str]):
    """``(words, flags given, option values)`` of a plain command line (the module's docstring), else None."""
    words: list[str] = []
    given: set[str] = set()
    values: dict[str, str] = {}
    rest = iter(tokens)
    for token in rest:
        if token in flags:
            given.add(token)
        elif token in options:
            value = next(rest, None)
            if not value or value.startswith("-"):
                return None
            values[options[token]] = value  # given twice: Click keeps the last
        elif token and not token.startswith("-"):
            words.append(token)
        else:
            return None
    return words, given, values


def _passes_path_check(path: str) -> bool:
    """Typer's check of a path parameter (``readable=True``, the default) lets it through: absent, or readable."""
    try:
        os.stat(path)
    except (OSError, ValueError):
        return True
    return os.access(path, os.R_OK)


def _echo(text: str, err: bool = False) -> None:
    """``typer.echo`` on a UTF-8 stream: the line, ANSI codes removed when the stream is not a terminal, flushed."""
    stream = sys.stderr if err else sys.stdout
    out = text + "\n"
    try:
        tty = stream.isatty()
    except Exception:  # noqa: BLE001 - as Click's isatty: a stream that cannot tell is no terminal
        tty = False
    if not tty and "\033" in out:
        import re  # noqa: PLC0415 - re loads only for a line with an escape character (Click's strip_ansi)

        out = re.sub(r"\033\[[;?0-9]*[a-zA-Z]", "", out)
    stream.write(out)
    stream.flush()


class _Pacified:
    """Click's PacifyFlushWrapper: a stream whose flush ignores a broken pipe (set up as Click's main does)."""

    def __init__(self, stream) -> None:
        self.wrapped = stream

    def flush(self) -> None:
        try:
            self.wrapped.flush()
        except OSError as exc:
            import errno  # noqa: PLC0415 - loads only after a broken pipe on the error output

            if exc.errno != errno.EPIPE:
                raise

    def __getattr__(self, name: str):
        return getattr(self.wrapped, name)


def _quick_call(argv: list[str]):
    """The command a plain command line asks for, as a function returning its exit code; None for Typer."""
    if not argv or argv[0] not in _QUICK or os.name == "nt" or os.environ.get("_DRAFTING_COMPLETE"):
        return None
    if not all(_utf8(s) and getattr(s, "errors", None) is not None for s in (sys.stdout, sys.stderr)):
        return None
    parsed = _plain(argv[1:], *_QUICK[argv[0]])
    if parsed is None:
        return None
    words, given, values = parsed
    from pathlib import Path  # noqa: PLC0415 - pathlib loads only for a command (a stored help page needs none)

    from . import commands  # noqa: PLC0415 - a quick command's body loads only for that command

    name = argv[0]
    if name == "check":
        if not words or not all(map(_passes_path_check, words)):
            return None
        specs = [Path(w) for w in words]
        return lambda: commands.check(specs, "--strict" in given, _echo)
    if name == "words":
        unit = values.get("unit", "1")
        if not words or not (unit.isascii() and unit.isdigit() and len(unit) <= 18):
            return None
        flags = {f: f in given for f in ("--le", "--bon", "--ngan", "--chan")}
        return lambda: commands.words(
            words, int(unit), flags["--le"], flags["--bon"], flags["--ngan"], flags["--chan"], _echo
        )
    templates = values.get("templates")
    shared = {  # the options render and build share, as drafting.commands takes them
        "pdf": commands.pdf_mode("--pdf" in given, "--pdf-thuong" in given),
        "templates": Path(templates) if templates else None,
        "strict": "--strict" in given,
        "dien_tu": "--dien-tu" in given,
        "metadata": "--metadata" in given,
        "echo": _echo,
    }
    if name == "render":
        out = values.get("out")
        paths = [*words, *([out] if out else []), *([templates] if templates else [])]
        if not words or not all(map(_passes_path_check, paths)):
            return None
        return lambda: commands.render([Path(w) for w in words], Path(out) if out else None, **shared)
    root, out = (words or ["examples"])[0], values.get("out", "out")
    if len(words) > 1 or not all(map(_passes_path_check, [root, out, *([templates] if templates else [])])):
        return None
    return lambda: commands.build(Path(root), Path(out), force="--force" in given, **shared)


def _quick() -> bool:
    """Run a plain command line of a quick command without Typer (the module's docstring); False for Typer."""
    call = _quick_call(sys.argv[1:])
    if call is None:
        return False
    from .commands import guarded  # noqa: PLC0415 - a quick command's body loads only for that command

    try:
        code = guarded(call, _echo)
    except BrokenPipeError:  # the error output has gone while an error was reported: as Click's main does
        sys.stdout = _Pacified(sys.stdout)
        sys.stderr = _Pacified(sys.stderr)
        sys.exit(1)
    _leave(code)
    return True  # not reached: _leave ends the process (or raises SystemExit)


def _leave(code: int) -> None:
    """End the process with ``code`` once a quick command is done, without tearing the interpreter down.

    Python's own exit frees every object and module one by one and collects cycles several times: 35 ms after
    rendering a 1 000-task plan and 60 ms after 5 000, more than writing the .docx. Nothing of ours is left to
    do by then: every file was written whole and closed (drafting.fileio), the atexit functions are run here as
    an exit would run them, and the standard streams are flushed; so the process ends at once, as mypy ends
    its runs (mypy.util.hard_exit). With a thread of our own still running, or an atexit runner not there
    (not CPython), the usual exit is taken.
    """
    import atexit  # noqa: PLC0415 - atexit is built in: no import cost

    threading = sys.modules.get("threading")
    run = getattr(atexit, "_run_exitfuncs", None)
    if run is None or (threading is not None and threading.active_count() > 1):
        sys.exit(code)
    run()
    try:
        sys.stdout.flush()
    except BrokenPipeError:  # the reader of our output has gone (| head): as main() ends it
        from .errors import ExitCode  # noqa: PLC0415 - loads only on a broken pipe (the fast path stays light)
        from .fileio import quiet_stdout  # noqa: PLC0415 - loads only on a broken pipe (the fast path stays light)

        quiet_stdout()
        code = int(ExitCode.BROKEN_PIPE)
    try:
        sys.stderr.flush()
    except OSError:  # a closed error output: what was to be said there is lost, as at Python's own exit
        code = code or int(_broken_pipe_code())
    os._exit(code)


def _broken_pipe_code() -> int:
    from .errors import ExitCode  # noqa: PLC0415 - loads only on a broken pipe (the fast path stays light)

    return int(ExitCode.BROKEN_PIPE)


def main() -> None:
    """``drafting``: a stored help page, or the command line; Ctrl-C and a broken pipe end as in drafting.cli.main."""
    _streams_that_print_vietnamese()
    try:
        if _stored_page() or _quick():
            return
    except KeyboardInterrupt:
        from .errors import STOPPED, ExitCode  # noqa: PLC0415 - loads only on Ctrl-C (the fast path stays light)

        sys.stderr.write(STOPPED + "\n")
        sys.exit(int(ExitCode.INTERRUPTED))
    except BrokenPipeError:  # the reader of our output has gone (| head)
        from .errors import ExitCode  # noqa: PLC0415 - loads only on a broken pipe (the fast path stays light)
        from .fileio import quiet_stdout  # noqa: PLC0415 - loads only on a broken pipe (the fast path stays light)

        quiet_stdout()
        sys.exit(int(ExitCode.BROKEN_PIPE))
    from .cli import main as run  # noqa: PLC0415 - Typer and the commands load only when no stored help page answers

    run()
