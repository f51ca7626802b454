"""Domain errors of drafting, each with structured fields, and the CLI's exit codes."""

from __future__ import annotations

import enum

#: what ``drafting`` prints when Ctrl-C stops it outside a command's own handler (parsing, loading, a help page)
STOPPED = "Đã dừng (Ctrl-C)."


class ExitCode(enum.IntEnum):
    """Exit codes of the `drafting` command (documented in the README)."""

    OK = 0
    #: the spec has errors (YAML syntax, schema, unknown agency, impossible date …)
    SPEC_INVALID = 1
    #: command-line usage error (unknown option, missing argument) — Typer/Click's own code
    USAGE = 2
    #: a file could not be read or written (missing, permission, disk full)
    IO = 3
    #: the template is broken or unsafe (undeclared variable, sandbox violation)
    TEMPLATE = 4
    #: converting to PDF failed (LibreOffice missing or failing)
    PDF = 5
    #: interrupted (Ctrl-C)
    INTERRUPTED = 130
    #: whoever read our output closed it early (``drafting diff … | head``): nothing more is printed
    BROKEN_PIPE = 141
    #: a bug in drafting itself
    INTERNAL = 70


class Problem:
    """One finding about a spec: where it is, which field, what is wrong.

    ``severity`` is "error" or "warning". ``line``/``col`` are 1-based; 0 when unknown.

    A frozen value, written out rather than a dataclass: this module is loaded by every command, and importing
    dataclasses (with inspect, ast, dis and tokenize) was 7 ms of a `drafting build` that finds nothing to do
    (bench/bench_startup.py). It compares, hashes and prints as ``@dataclass(frozen=True)`` would
    (tests/test_errors.py holds it to one).
    """

    file: str
    line: int
    col: int
    path: str
    message: str
    severity: str
    hint: str | None

    _FIELDS = ("file", "line", "col", "path", "message", "severity", "hint")

    def __init__(
        self, file: str, line: int, col: int, path: str, message: str, severity: str = "error", hint: str | None = None
    ) -> None:
        self.__dict__.update(file=file, line=line, col=col, path=path, message=message, severity=severity, hint=hint)

    def _key(self) -> tuple[object, ...]:
        return (self.file, self.line, self.col, self.path, self.message, self.severity, self.hint)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._key() == other._key()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return f"{self.__class__.__qualname__}({', '.join(f'{n}={getattr(self, n)!r}' for n in self._FIELDS)})"

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r}")

    def format(self) -> str:
        where = f"{self.file}:{self.line}:{self.col}" if self.line else f"{self.file}"
        label = "" if self.severity == "error" else "cảnh báo: "
        field_part = f" {self.path}:" if self.path else ""
        text = f"{where}:{field_part} {label}{self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return text


class DraftingError(Exception):
    """Base of every error drafting reports to a user; ``exit_code`` says how the CLI exits."""

    exit_code: ExitCode = ExitCode.INTERNAL

    def __init__(self, message: str, *, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint

    def format(self) -> str:
        return self.message + (f" ({self.hint})" if self.hint else "")


class SpecError(DraftingError):
    """Raised when a spec cannot be loaded or does not validate; carries every problem found."""

    exit_code = ExitCode.SPEC_INVALID

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        errors = [p for p in self.problems if p.severity == "error"]
        super().__init__(f"{len(errors)} lỗi trong đặc tả")

    def format(self) -> str:
        return "\n".join(p.format() for p in self.problems)


class UsageProblem(DraftingError):
    """Raised when a command is called wrongly in a way only drafting can tell (a period it cannot read, two
    specs that would write the same output, ``-o`` naming one of its inputs); exits like Typer's own usage
    errors."""

    exit_code = ExitCode.USAGE


class FileAccessError(DraftingError):
    """Raised when a file or folder cannot be read or written."""

    exit_code = ExitCode.IO


class TemplateProblem(DraftingError):
    """Raised when a Word template is missing, broken, or tries something the sandbox forbids."""

    exit_code = ExitCode.TEMPLATE


class PdfError(DraftingError):
    """Raised when LibreOffice is missing or fails to convert a document to PDF."""

    exit_code = ExitCode.PDF
