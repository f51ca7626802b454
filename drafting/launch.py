"""The `drafting` command (and `python -m drafting`): a help request the help cache can answer is printed from
it (drafting.cache.help_page: the page Typer wrote last time, still made from the same code); anything else
runs the command line (drafting.cli), which loads Typer."""

from __future__ import annotations

import codecs
import sys


def _utf8_stdout() -> bool:
    """A standard output Click would write to as it is (no re-encoding wrapper of its own)."""
    encoding = getattr(sys.stdout, "encoding", None)
    try:
        return encoding is not None and codecs.lookup(encoding).name == "utf-8"
    except LookupError:
        return False


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


def main() -> None:
    """``drafting``: a stored help page, or the command line; Ctrl-C and a broken pipe end as in drafting.cli.main."""
    try:
        if _stored_page():
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
