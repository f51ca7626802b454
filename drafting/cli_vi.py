"""The command line's own words in Vietnamese: help pages, usage lines and usage errors.

Typer (0.29) formats help and usage errors with English words written into its code ("Usage:", "Options",
"Show this message and exit.", "Missing argument 'x'.", "No such option: --x") and shows Python types as
metavars (``<list[Path]>``). Its command classes are the documented hook (``typer.Typer(cls=…)``,
``app.command(cls=…)``): ``ViCommand`` and ``ViGroup`` write the help themselves from each parameter's
declared metavar and help text, and ``describe_usage_error`` turns every usage exception into one Vietnamese
line from the exception's fields (never from its English message).

Typer coerces each value it parses through a pydantic ``TypeAdapter`` built on first use; pydantic alone costs
more start-up than the rest of ``drafting words``. ``ViCommand`` and ``ViGroup`` give their parameters a light
coercer instead (``LightCoercion``): the plain values our commands take (a ``str``, an ASCII integer, a path,
a list of these) become what Typer's adapter would make of them, and anything else is handed to that adapter,
so every result and error stays Typer's own.
"""

from __future__ import annotations

import difflib
import inspect
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, get_args, get_origin

import typer
from typer._click import formatting as _formatting
from typer._click.exceptions import (
    BadArgumentUsage,
    BadOptionUsage,
    BadParameter,
    MissingParameter,
    NoArgsIsHelpError,
    NoSuchOption,
    UsageError,
)
from typer._coercion import RuntimeParam, TypeDescriptor, build_runtime_param
from typer._param_types import coerce_cli_path
from typer.core import TyperCommand, TyperGroup

USAGE_PREFIX = "Cách dùng: "
HELP_TEXT = "Hiện hướng dẫn này rồi thoát."
OPTIONS_METAVAR = "[TÙY CHỌN]"
SUBCOMMAND_METAVAR = "LỆNH [THAM SỐ]…"
SECTION_ARGUMENTS = "Tham số"
SECTION_OPTIONS = "Tùy chọn"
SECTION_COMMANDS = "Lệnh"
REQUIRED = "[bắt buộc]"


def _vietnamese_help_option(option: Any) -> Any:
    if option is not None:
        option.help = HELP_TEXT
        _use_light_coercion([option])
    return option


def _param_label(param: Any) -> str:
    """How a parameter is shown: its metavar for an argument, ``-o, --out THƯ_MỤC`` for an option."""
    if param.param_type_name == "argument":
        return param.metavar or param.name.upper()
    # short names first ("-o, --out"); the help option's names come from a set
    opts = ", ".join(sorted([*param.opts, *param.secondary_opts], key=lambda o: (o.startswith("--"), o)))
    if param.is_flag or getattr(param, "count", False):
        return opts
    return f"{opts} {param.metavar or 'GIÁ_TRỊ'}"


def _help_rows(cmd: Any, ctx: Any) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    args: list[tuple[str, str]] = []
    opts: list[tuple[str, str]] = []
    for param in cmd.get_params(ctx):
        if getattr(param, "hidden", False):
            continue
        text = param.help or ""
        if param.required:
            text = f"{text}  {REQUIRED}" if text else REQUIRED
        (args if param.param_type_name == "argument" else opts).append((_param_label(param), text))
    return args, opts


def _usage_pieces(cmd: Any, ctx: Any) -> list[str]:
    pieces = [OPTIONS_METAVAR]
    for param in cmd.params:
        if param.param_type_name == "argument":
            label = _param_label(param)
            pieces.append(label if param.required else f"[{label}]")
    return pieces


def _kept_help(cmd: Any, ctx: Any, text: str) -> str:
    """A help page written with the default width settings (the terminal's width, at most 80 columns) is kept for
    ``drafting … --help`` (drafting.launch); one written to another width (Typer's test runner forces 80) is not."""
    if (
        ctx.terminal_width is None
        and ctx.max_content_width is None
        and _formatting.FORCED_WIDTH is None
        and ctx.formatter_class is _formatting.HelpFormatter
    ):
        from .cache import keep_help_page  # noqa: PLC0415 - the cache (hashlib, json) loads only when a help page is written

        keep_help_page(ctx.command_path, cmd.get_help_option_names(ctx), text)
    return text


def _format_help(cmd: Any, ctx: Any, formatter: Any, commands: list[tuple[str, str]] | None = None) -> None:
    formatter.write_usage(ctx.command_path, " ".join(cmd.collect_usage_pieces(ctx)), prefix=USAGE_PREFIX)
    if cmd.help:
        formatter.write_paragraph()
        with formatter.indentation():
            formatter.write_text(inspect.cleandoc(cmd.help).partition("\f")[0])
    args, opts = _help_rows(cmd, ctx)
    for title, rows in ((SECTION_ARGUMENTS, args), (SECTION_OPTIONS, opts), (SECTION_COMMANDS, commands or [])):
        if rows:
            with formatter.section(title):
                formatter.write_dl(rows)
    if cmd.epilog:
        formatter.write_paragraph()
        with formatter.indentation():
            formatter.write_text(inspect.cleandoc(cmd.epilog))


#: an integer Typer's adapter reads exactly as ``int()`` does (no sign "+", spaces, "_" or decimals to weigh)
_PLAIN_INT = re.compile(r"-?[0-9]{1,18}")
#: the leaf types ``LightCoercion`` converts itself
_LIGHT_LEAVES = (str, int, bool, Path)


class _NotPlain(Exception):
    """A value the light coercer leaves to Typer's own adapter."""


def _light_leaf(annotation: Any, value: Any, param: Any, ctx: Any, info: Any) -> Any:
    kind = type(value)
    if annotation is str and kind is str:
        return value
    if annotation is int and (kind is int or (kind is str and _PLAIN_INT.fullmatch(value))):
        return int(value)
    if annotation is bool and kind is bool:
        return value
    if annotation is Path and (isinstance(value, Path) or (kind is str and value and "\x00" not in value)):
        try:  # the checks Typer's adapter makes after its own Path(value): existence, readability…
            return coerce_cli_path(Path(value), info, path_type=Path, param=param, ctx=ctx)
        except typer.BadParameter:
            raise _NotPlain from None  # the adapter words the error from the value as given
    raise _NotPlain


@dataclass(frozen=True)
class LightCoercion(RuntimeParam):
    """Typer's coercion of one parameter without pydantic for plain values (see the module's docstring)."""

    descriptor: TypeDescriptor

    @staticmethod
    def fits(descriptor: TypeDescriptor) -> bool:
        info = descriptor.parameter_info
        if descriptor.file_annotation is not None or info.parser is not None or descriptor.is_ranged:
            return False
        if info.path_type is not None:  # a path given as another type (str, bytes): the adapter's own case
            return False
        ann = descriptor.annotation
        if get_origin(ann) is list:
            args = get_args(ann)
            return len(args) == 1 and args[0] in _LIGHT_LEAVES
        return ann in _LIGHT_LEAVES

    def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
        ann, info = self.annotation, self.parameter_info
        try:
            if get_origin(ann) is list:
                (leaf,) = get_args(ann)
                items = value if isinstance(value, (list, tuple)) else [value]
                return [_light_leaf(leaf, item, param, ctx, info) for item in items]
            return _light_leaf(ann, value, param, ctx, info)
        except _NotPlain:
            return build_runtime_param(self.descriptor)._coerce_value(value, param=param, ctx=ctx)


def _use_light_coercion(params: list[Any]) -> None:
    for param in params:
        descriptor = getattr(param, "type_descriptor", None)
        if descriptor is not None and getattr(param, "_runtime_param", None) is None and LightCoercion.fits(descriptor):
            param._runtime_param = LightCoercion(
                parameter_info=descriptor.parameter_info, annotation=descriptor.annotation, descriptor=descriptor
            )


class ViCommand(TyperCommand):
    """A command whose help and usage line are in Vietnamese."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _use_light_coercion(self.params)

    def get_help_option(self, ctx: Any) -> Any:
        return _vietnamese_help_option(super().get_help_option(ctx))

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        return _usage_pieces(self, ctx)

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        formatter.write_usage(ctx.command_path, " ".join(self.collect_usage_pieces(ctx)), prefix=USAGE_PREFIX)

    def format_help(self, ctx: Any, formatter: Any) -> None:
        _format_help(self, ctx, formatter)

    def get_help(self, ctx: Any) -> str:
        return _kept_help(self, ctx, super().get_help(ctx))


class ViGroup(TyperGroup):
    """A group of commands (``drafting``, ``drafting templates``) in Vietnamese; it also shows usage errors
    raised anywhere below it in Vietnamese, with exit code 2."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _use_light_coercion(self.params)

    def get_help_option(self, ctx: Any) -> Any:
        return _vietnamese_help_option(super().get_help_option(ctx))

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        return [*_usage_pieces(self, ctx), SUBCOMMAND_METAVAR]

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        formatter.write_usage(ctx.command_path, " ".join(self.collect_usage_pieces(ctx)), prefix=USAGE_PREFIX)

    def format_help(self, ctx: Any, formatter: Any) -> None:
        rows = []
        for name in self.list_commands(ctx):
            sub = self.get_command(ctx, name)
            if sub is not None and not sub.hidden:
                rows.append((name, sub.get_short_help_str(limit=max(30, formatter.width - 18))))
        _format_help(self, ctx, formatter, rows)

    def get_help(self, ctx: Any) -> str:
        return _kept_help(self, ctx, super().get_help(ctx))

    def main(
        self,
        args: Any = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        try:
            rv = super().main(args=args, prog_name=prog_name, complete_var=complete_var, standalone_mode=False, **extra)
        except NoArgsIsHelpError as exc:
            typer.echo(exc.ctx.get_help() if exc.ctx else "")
            code = 2
        except UsageError as exc:
            typer.echo(describe_usage_error(exc), err=True)
            code = 2
        else:
            # without standalone mode Typer returns the code of a ``typer.Exit`` instead of exiting
            if not standalone_mode:
                return rv
            raise SystemExit(rv if isinstance(rv, int) else 0)
        if standalone_mode:
            raise SystemExit(code)
        raise typer.Exit(code)


def _hint(param: Any) -> str:
    if param is None:
        return ""
    if param.param_type_name == "argument":
        return param.metavar or param.name.upper()
    return " / ".join(sorted(param.opts, key=lambda o: (o.startswith("--"), o)))


def _reason(exc: Any) -> str:
    """The one-line reason of a usage error, in Vietnamese, from the exception's class and fields."""
    text = str(getattr(exc, "message", "") or "")
    if isinstance(exc, MissingParameter):
        if exc.param is not None and exc.param.param_type_name == "option":
            return f"thiếu tùy chọn {_hint(exc.param)}"
        return f"thiếu tham số {_hint(exc.param)}".rstrip()
    if isinstance(exc, NoSuchOption):
        msg = f"không có tùy chọn {exc.option_name}"
        if exc.possibilities:
            msg += " (có phải là " + ", ".join(sorted(exc.possibilities)) + "?)"
        return msg
    if isinstance(exc, BadOptionUsage):
        if "requires" in text:
            return f"tùy chọn {exc.option_name} cần một giá trị"
        if "does not take a value" in text:
            return f"tùy chọn {exc.option_name} không nhận giá trị"
        return f"tùy chọn {exc.option_name} dùng sai"
    if isinstance(exc, BadParameter):
        expected = ""
        if re.search(r"integer|int\b", text, re.I):
            expected = ": phải là số nguyên"
        elif re.search(r"float|number|decimal", text, re.I):
            expected = ": phải là số"
        hint = _hint(exc.param) or "tham số"
        return f"giá trị của {hint} không hợp lệ{expected}"
    if isinstance(exc, BadArgumentUsage):
        return "số giá trị của tham số không đúng"
    m = re.match(r"Got unexpected extra arguments? \((.*)\)", text)
    if m:
        return f"thừa tham số: {m[1]}"
    m = re.match(r"No such command '([^']*)'", text)
    if m:
        ctx = exc.ctx
        names = list(getattr(ctx.command, "commands", {})) if ctx is not None else []
        close = difflib.get_close_matches(m[1], names)
        return f'không có lệnh "{m[1]}"' + (f" (có phải là {', '.join(close)}?)" if close else "")
    if text.startswith("Missing command"):
        return "thiếu tên lệnh"
    return "gọi lệnh sai"


def describe_usage_error(exc: Any) -> str:
    """Usage line, where to find help, and the reason — all in Vietnamese."""
    lines = []
    ctx = getattr(exc, "ctx", None)
    if ctx is not None:
        lines.append(ctx.get_usage())
        lines.append(f"Xem hướng dẫn: {ctx.command_path} --help")
        lines.append("")
    lines.append(f"Lỗi: {_reason(exc)}")
    return "\n".join(lines)
