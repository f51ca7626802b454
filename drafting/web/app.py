"""`drafting web`: a local web app over a workspace of specs, for clerks who work in a browser, not in YAML.

A Starlette application, pages rendered on the server (Jinja2, autoescaped) and made live with htmx (served by the
app itself: nothing comes from the Internet). Every action calls the same engine as the command line — the same
checks and messages, the same documents.

Safety (the app serves a folder of official drafts):
- it listens on 127.0.0.1 unless told otherwise, and answers only requests addressed to its own host name
  (``Guard``: a page elsewhere cannot reach it through DNS rebinding);
- every POST carries the page's token (CSRF): a form on another site cannot make it write;
- bodies are capped while they are read (``Guard``), uploads in number, and every returned form
  goes through the same guarded reader as `collect`;
- paths are workspace-relative and checked (``workspace.inside``): nothing outside the workspace is read or
  written; saving is atomic and refused when the file changed since the editor opened it (no lost edit).
"""

from __future__ import annotations

import asyncio
import atexit
import datetime as _dt
import hashlib
import io
import os
import secrets
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import escape
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from .. import api, cache
from ..errors import DraftingError, PdfError, Problem, SpecError
from ..fileio import write_atomic
from ..kinds import KINDS
from ..model.agencies import document_province, document_span
from ..model.progress import STATUSES
from ..render.pdf import convert_many
from ..spec.writer import NotEditable, dump_yaml
from ..vi.money import unit_name
from ..vi.numbering import roman
from ..vi.text import safe_filename
from ..vi.timeline import TimelineProblem, parse_period
from ..vi.words import format_number
from ..workflows import scaffold
from ..workflows.build import build_tree
from ..workflows.collect import collect, summary_lines
from ..workflows.diff import diff_specs, write_diff_docx
from ..workflows.import_cmd import EXCEL, WORD, import_file
from ..workflows.next_year import draft_next_year
from ..workflows.shells import write_shells
from . import editor
from .workspace import DOWNLOADS, OUT, OutsideWorkspace, file_version, inside, relative, spec_info, specs_of

HERE = Path(__file__).resolve().parent
#: a request body (a spec being edited: the spec cap, 20 MB, with the form around it)
MAX_BODY = 24 * 1024 * 1024
#: an upload of returned forms: each form is capped again by the reader (20 MB), this is the whole request
MAX_UPLOAD = 100 * 1024 * 1024
MAX_FILES = 60
#: where the forms a plan received are kept, by period (beside the plan)
RECEIVED = "phieu-da-nhan"
#: the routes that take files (the larger cap)
UPLOADS = ("/bao-cao/thu", "/nhap")
MAX_FIELDS = 20000
#: what the pages of a preview are rendered at (pixels per inch)
PREVIEW_DPI = 60


class Guard:
    """Before the app sees a request: its Host must be one the app answers to (a page elsewhere cannot reach the
    app through DNS rebinding: 421, in Vietnamese), and its body is capped while it is received (a missing or
    lying Content-Length changes nothing: 413); uploads (``/bao-cao/thu``) have the larger cap."""

    def __init__(self, app: Any, hosts: list[str], max_body: int, max_upload: int):
        self.app = app
        self.hosts = {h.lower() for h in hosts}
        self.max_body = max_body
        self.max_upload = max_upload

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        host = headers.get(b"host", b"").decode("latin-1").lower()
        name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
        if "*" not in self.hosts and name.strip("[]") not in self.hosts:
            await _plain(send, 421, f'Địa chỉ "{host}" không phải của ứng dụng drafting trên máy này: không phục vụ.')
            return
        cap = self.max_upload if scope["path"] in UPLOADS else self.max_body
        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > cap:
            await _too_large(send, cap)
            return
        seen = 0

        async def counted() -> dict:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > cap:
                    raise _TooLarge
            return message

        try:
            await self.app(scope, counted, send)
        except _TooLarge:
            await _too_large(send, cap)


class _TooLarge(Exception):
    """Raised inside the app's receive when the body passes its cap (the Guard answers 413)."""


async def _too_large(send: Any, cap: int) -> None:
    size = f"{cap // (1024 * 1024)} MB" if cap >= 1024 * 1024 else f"{cap // 1024} kB"
    await _plain(send, 413, f"Dữ liệu gửi lên quá lớn (trên {size}): không nhận, không ghi gì.")


async def _plain(send: Any, status: int, text: str) -> None:
    body = text.encode("utf-8")
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})


class Refused(Exception):
    """A request the app does not serve: ``status`` and a Vietnamese message."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def create_app(
    root: Path | str,
    *,
    hosts: list[str] | None = None,
    report: Callable[[str], None] | None = None,
    max_body: int = MAX_BODY,
    max_upload: int = MAX_UPLOAD,
) -> Starlette:
    """The app over the workspace ``root``; ``hosts``: the host names it answers to (default: the loopback's);
    ``report``: where a line about an internal error goes (the terminal of `drafting web`)."""
    root = Path(root).resolve()
    token = secrets.token_urlsafe(32)
    engine = asyncio.Lock()  # one engine call at a time: the caches of the engine are not shared between threads
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(default=True))
    env.globals.update(csrf=token, kinds=KINDS, UNITS=editor.UNITS)
    env.filters["o"] = lambda name: "loi-" + str(name).replace(".", "__")
    env.filters["so"] = lambda n: format_number(n) if isinstance(n, int) and not isinstance(n, bool) else (n or "")
    env.globals["STATUSES"] = STATUSES
    env.globals["roman"] = roman

    def page(name: str, status: int = 200, **ctx: Any) -> HTMLResponse:
        ctx.setdefault("workspace", root.name)
        return HTMLResponse(env.get_template(name).render(**ctx), status_code=status)

    def spec_path(request: Request, key: str = "p") -> Path:
        rel = request.query_params.get(key, "")
        try:
            path = inside(root, rel)
        except OutsideWorkspace:
            raise Refused(403, f'"{rel}": không phải tệp của thư mục làm việc') from None
        return path

    def spec_text(spec: Path) -> str:
        """The text of a spec of the workspace; Refused (Vietnamese) when it is gone or not UTF-8 text."""
        rel = relative(root, spec)
        try:
            return spec.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            raise Refused(404, f"{rel}: không có tệp này (đã bị xóa hoặc đổi tên?)") from None
        except UnicodeDecodeError:
            raise Refused(
                422, f"{rel}: tệp không phải văn bản UTF-8; lưu lại tệp dạng UTF-8 trong trình soạn thảo rồi mở lại"
            ) from None
        except OSError as exc:
            raise Refused(422, f"{rel}: không đọc được tệp ({exc.strerror})") from None

    async def checked_form(request: Request, *, files: bool = False) -> Any:
        """The posted form, after the page token is checked (CSRF); raises Refused."""
        form = await request.form(max_files=MAX_FILES if files else 0, max_fields=MAX_FIELDS)
        given = request.headers.get("x-csrf-token") or str(form.get("csrf", ""))  # htmx sends the header
        if not secrets.compare_digest(given.encode(), token.encode()):
            raise Refused(403, "Yêu cầu không đến từ trang của drafting (thiếu mã xác nhận): không làm gì.")
        return form

    async def run(fn: Any, *args: Any, **kw: Any) -> Any:
        async with engine:
            return await run_in_threadpool(fn, *args, **kw)

    previews: list[Path] = []  # a folder of this server's own, made only when the user's cache cannot be used
    converting = asyncio.Lock()  # LibreOffice, one conversion at a time: the live check does not wait for it

    async def office(fn: Any, *args: Any, **kw: Any) -> Any:
        async with converting:
            return await run_in_threadpool(fn, *args, **kw)

    # ----------------------------------------------------------------------------------- the workspace

    async def home(request: Request) -> Response:
        specs = await run(lambda: [spec_info(root, s) for s in specs_of(root)])
        return page("workspace.html", specs=specs, root=str(root))

    async def new_form(request: Request) -> Response:
        return page("new.html", year=_dt.date.today().year + 1, error=None, values={})

    async def new_create(request: Request) -> Response:
        form = await checked_form(request)
        values = {k: str(form.get(k, "")).strip() for k in ("thu_muc", "tinh", "doi_tac", "giai_doan")}
        folder_name = values["thu_muc"] or "ke-hoach-moi"
        try:
            folder = inside(root, folder_name)
            written = await run(
                scaffold.create,
                "ke_hoach",
                folder,
                values["tinh"] or None,
                values["giai_doan"] or None,
                values["doi_tac"] or None,
                _dt.date.today().year,
            )
        except OutsideWorkspace:
            return page(
                "new.html", 400, year=_dt.date.today().year + 1, values=values, error="Tên thư mục không hợp lệ."
            )
        except DraftingError as exc:
            return page("new.html", 400, year=_dt.date.today().year + 1, values=values, error=exc.format())
        return RedirectResponse(f"/sua?p={relative(root, written[0])}", status_code=303)

    async def import_upload(request: Request) -> Response:
        """A plan or an agreement in Word, or a task list in Excel, turned into a spec of the workspace
        (`drafting import`), then opened in its editor."""
        form = await checked_form(request, files=True)
        upload = form.get("tep")
        folder_name = str(form.get("thu_muc", "")).strip()
        if not hasattr(upload, "filename") or not upload.filename:
            raise Refused(400, "Chưa chọn tệp Word hoặc Excel để nhập.")
        name = Path(str(upload.filename).replace("\\", "/")).name.lstrip(".")
        suffix = Path(name).suffix.lower()
        if suffix not in WORD | EXCEL:
            raise Refused(
                400, f'"{name}": chỉ nhập được tệp Word (.docx, .doc, .odt, .rtf) hoặc Excel (.xlsx, .xls, .ods).'
            )
        try:
            folder = inside(root, folder_name) if folder_name else root
        except OutsideWorkspace:
            raise Refused(403, f'"{folder_name}": không phải thư mục của thư mục làm việc') from None
        target = folder / (Path(name).stem + ".yaml")
        if target.exists():
            raise Refused(
                409, f"{relative(root, target)} đã có: không ghi đè (đổi tên tệp nguồn hoặc chọn thư mục khác)."
            )
        with tempfile.TemporaryDirectory(prefix="drafting-nhap-") as tmp:
            source = Path(tmp) / name
            source.write_bytes(await upload.read())

            def convert() -> Any:
                folder.mkdir(parents=True, exist_ok=True)
                return import_file(source, target)

            try:
                await run(convert)
            except DraftingError as exc:
                raise Refused(422, exc.format()) from None
        kind = (await run(spec_info, root, target)).kind
        where = "/sua" if kind == "ke_hoach" else "/yaml"
        return RedirectResponse(f"{where}?p={relative(root, target)}", status_code=303)

    # ----------------------------------------------------------------------------------- the editor

    def editor_context(spec: Path, form: dict[str, str], version: str, **extra: Any) -> dict[str, Any]:
        text = spec_text(spec) if spec.exists() else ""
        doc = editor.read(text)
        years = editor.plan_years(_overlay_years(doc, form))
        src = editor.task_source(doc)
        known = editor.fields_of(doc, src) if src is not None else []
        sections = editor.sections_of(doc)
        return {
            "sections": sections,
            "section_names": {
                p: [title, *(name for line in lines for name, _l, _w in line.names)] for p, title, lines in sections
            },
            "listed": {str(f.place): f.listed for f in known if f.listed},
            "unnamed": {str(f.place) for f in known if not f.named},
            "source": src,
            "rel": relative(root, spec),
            "form": form,
            "version": version,
            "header": editor.HEADER,
            "task_keys": editor.TASK_KEYS,
            "line_keys": editor.LINE_KEYS,
            "fields": editor.groups_of(form, "lv", "nv"),
            "budget": editor.groups_of(form, "kp", "dg"),
            "has_budget": "kp-ten" in form or any(k.startswith("kp-") for k in form),
            "years": years,
            **extra,
        }

    def live(spec: Path, form: dict[str, str]) -> dict[str, Any]:
        """The check of the form as if saved: problems by field, the rest, years of each schedule, totals."""
        text = spec_text(spec)
        doc = editor.read(text)
        placed = editor.apply_form(doc, form)
        by_field: dict[str, list[dict[str, str]]] = {}
        general: list[str] = []
        try:
            checked = api.check(spec, text=editor.write(doc, text))
            problems = list(checked.warnings)
            registry = checked.registry
        except SpecError as exc:
            problems = exc.problems
            registry = None
        except DraftingError as exc:
            problems = [Problem(str(spec), 0, 0, "", exc.format())]
            registry = None
        for p in problems:
            name = placed.field_for(p.path) if p.path else None
            message = p.message + (f" ({p.hint})" if p.hint else "")
            if name is None:  # named by its place in the YAML (the editor shows no field for it)
                where = f"dòng {p.line}, cột {p.col}: " if p.line else ""
                label = "cảnh báo: " if p.severity != "error" else ""
                general.append(f"{where}{p.path + ': ' if p.path else ''}{label}{message}")
                continue
            fix = (
                editor.suggestion(message, form.get(name, ""))
                if name.rsplit("-", 1)[-1] in editor.AGENCY_KEYS
                else None
            )
            by_field.setdefault(name, []).append({"message": message, "severity": p.severity, "fix": fix or ""})
        years = editor.plan_years(_overlay_years(doc, {}))
        schedules = {
            name[: -len("-thoi_gian")]: editor.schedule_years(value, years)
            for name, value in form.items()
            if name.startswith("nv-") and name.endswith("-thoi_gian")
        }
        names = _agency_names(registry or api.registry_for(spec), doc)
        return {
            "by_field": by_field,
            "general": general,
            "schedules": schedules,
            "totals": editor.budget_totals(form, years),
            "slots": sorted({*placed.fields.values(), *by_field}),
            "agency_names": names,
            "error_count": sum(1 for p in problems if p.severity == "error"),
            "warning_count": sum(1 for p in problems if p.severity != "error"),
        }

    async def edit(request: Request) -> Response:
        spec = spec_path(request)
        if not spec.is_file():
            raise Refused(404, f"{relative(root, spec)}: không có tệp này")
        kind = (await run(spec_info, root, spec)).kind
        if kind != "ke_hoach":
            return RedirectResponse(f"/yaml?p={relative(root, spec)}", status_code=303)
        version = file_version(spec)
        text = spec_text(spec)
        try:
            form = editor.form_of(editor.read(text))
        except NotEditable:  # broken YAML: the YAML page shows the check's message at its line
            return RedirectResponse(f"/yaml?p={relative(root, spec)}", status_code=303)
        state = await run(live, spec, form)
        return page("editor.html", **editor_context(spec, form, version, live=state, notice=None, conflict=False))

    def posted(form: Any) -> dict[str, str]:
        return {k: str(v) for k, v in form.multi_items() if k not in ("csrf", "phien_ban")}

    async def edit_check(request: Request) -> Response:
        spec = spec_path(request)
        form = posted(await checked_form(request))
        state = await run(live, spec, form)
        ctx = editor_context(spec, form, "", live=state)
        return HTMLResponse(env.get_template("live.html").render(**ctx))

    async def edit_action(request: Request) -> Response:
        spec = spec_path(request)
        raw = await checked_form(request)
        version = str(raw.get("phien_ban", ""))
        form = posted(raw)
        years = editor.plan_years(_overlay_years(editor.read(spec_text(spec)), form))
        action = request.query_params.get("a", "")
        if action.startswith("chuyen:") and action.count(":") == 2:  # the destination is the select's value
            _, i, j = action.split(":")
            action += ":" + form.pop(f"dich-{i}-{j}", "")
        form = {k: v for k, v in form.items() if not k.startswith("dich-")}
        form = editor.apply_action(form, action, years)
        state = await run(live, spec, form)
        return page("editor_body.html", **editor_context(spec, form, version, live=state, notice=None, conflict=False))

    async def edit_save(request: Request) -> Response:
        spec = spec_path(request)
        raw = await checked_form(request)
        version = str(raw.get("phien_ban", ""))
        form = posted(raw)
        result = await run(_save_form, spec, form, version)
        if result is None:  # changed elsewhere since the editor opened it: nothing written
            state = await run(live, spec, form)
            return page(
                "editor_body.html",
                409,
                **editor_context(spec, form, version, live=state, notice=None, conflict=True),
            )
        form = editor.form_of(editor.read(spec_text(spec)))
        state = await run(live, spec, form)
        notice = f"Đã lưu {relative(root, spec)} lúc {_dt.datetime.now():%H:%M:%S}."
        return page("editor_body.html", **editor_context(spec, form, result, live=state, notice=notice, conflict=False))

    def _save_form(spec: Path, form: dict[str, str], version: str) -> str | None:
        text = spec_text(spec)
        if file_version(spec) != version:
            return None
        doc = editor.read(text)
        editor.apply_form(doc, form)
        data = editor.write(doc, text).encode("utf-8")
        write_atomic(spec, data)
        return hashlib.sha256(data).hexdigest()

    async def yaml_edit(request: Request) -> Response:
        spec = spec_path(request)
        if not spec.is_file():
            raise Refused(404, f"{relative(root, spec)}: không có tệp này")
        text = spec_text(spec)
        problems = await run(_problems, spec, None)
        return page(
            "yaml.html",
            rel=relative(root, spec),
            text=text,
            version=file_version(spec),
            problems=problems,
            notice=None,
            conflict=False,
        )

    def _problems(spec: Path, text: str | None) -> list[str]:
        try:
            checked = api.check(spec, text=text)
        except SpecError as exc:
            return [p.format() for p in exc.problems]
        except DraftingError as exc:
            return [exc.format()]
        return [w.format() for w in checked.warnings]

    async def yaml_save(request: Request) -> Response:
        spec = spec_path(request)
        form = await checked_form(request)
        text = str(form.get("noi_dung", "")).replace("\r\n", "\n")
        version = str(form.get("phien_ban", ""))

        def save() -> str | None:
            if file_version(spec) != version:
                return None
            data = text.encode("utf-8")
            write_atomic(spec, data)
            return hashlib.sha256(data).hexdigest()

        result = await run(save)
        problems = await run(_problems, spec, text)
        saved = result is not None
        return page(
            "yaml.html",
            200 if saved else 409,
            rel=relative(root, spec),
            text=text,
            version=result if saved else version,
            problems=problems,
            notice=f"Đã lưu lúc {_dt.datetime.now():%H:%M:%S}." if saved else None,
            conflict=not saved,
        )

    # ----------------------------------------------------------------------------------- documents

    async def make(request: Request) -> Response:
        spec = spec_path(request)
        raw = await checked_form(request)
        if "phien_ban" in raw and raw.get("phien_ban"):  # "Lưu rồi tạo văn bản" from the editor: save first
            form = posted(raw)
            if await run(_save_form, spec, form, str(raw.get("phien_ban"))) is None:
                state = await run(live, spec, form)
                ctx = editor_context(spec, form, str(raw.get("phien_ban")), live=state, notice=None, conflict=True)
                return page("editor.html", 409, **ctx)
        outcome = await run(build_tree, root, root / OUT)
        failed = [exc for s, exc in outcome.failed if Path(s).resolve() == spec]
        if failed:
            messages = [p.format() for p in getattr(failed[0], "problems", [])] or [failed[0].format()]
            return page("documents.html", 422, rel=relative(root, spec), files=[], pages={}, errors=messages)
        return RedirectResponse(f"/van-ban?p={relative(root, spec)}", status_code=303)

    async def documents(request: Request) -> Response:
        spec = spec_path(request)
        info = await run(spec_info, root, spec)
        pages: dict[str, int] = {}
        for rel in info.outputs:
            if rel.endswith(".docx"):
                pages[rel] = len(await office(_preview, inside(root, rel)))
        return page("documents.html", rel=info.rel, info=info, files=info.outputs, pages=pages, errors=info.errors)

    def _cache() -> Path:
        """Previews and PDFs, kept by the hash of their document: the user's private cache, or (when it cannot be
        trusted) a folder of this server's own that goes with it."""
        found = cache.folder("web")
        if found is None:
            if not previews:
                previews.append(Path(tempfile.mkdtemp(prefix="drafting-web-")))
                atexit.register(shutil.rmtree, previews[0], True)
            found = previews[0]
        return found

    def _preview(docx: Path) -> list[Path]:
        """The pages of ``docx`` as PNG (LibreOffice → PDF → pdftoppm), kept by the hash of the document."""
        digest = hashlib.sha256(docx.read_bytes()).hexdigest()[:32]
        folder = _cache() / digest
        done = sorted(folder.glob("trang-*.png"))
        if done and (folder / "xong").exists():
            return done
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix="drafting-xem-") as tmp:
            src = Path(tmp) / "van-ban.docx"
            shutil.copyfile(docx, src)
            (pdf,) = convert_many([src], pdfa=False)
            shutil.copyfile(pdf, folder / "van-ban.pdf")
            subprocess.run(
                ["pdftoppm", "-png", "-r", str(PREVIEW_DPI), str(pdf), str(folder / "trang")],
                check=True,
                capture_output=True,
                timeout=300,
            )
        (folder / "xong").write_text("", encoding="utf-8")
        return sorted(folder.glob("trang-*.png"))

    def _archival_pdf(docx: Path) -> Path:
        """The PDF/A-2b of ``docx`` (as `render --pdf` makes it), kept by the hash of the document."""
        folder = _cache() / hashlib.sha256(docx.read_bytes()).hexdigest()[:32]
        target = folder / "van-ban-pdfa.pdf"
        if not target.is_file():
            folder.mkdir(parents=True, exist_ok=True)
            with tempfile.TemporaryDirectory(prefix="drafting-pdf-") as tmp:
                src = Path(tmp) / docx.name
                shutil.copyfile(docx, src)
                (pdf,) = convert_many([src], pdfa=True)
                shutil.copyfile(pdf, target)
        return target

    async def page_image(request: Request) -> Response:
        docx = spec_path(request)
        if docx.suffix != ".docx" or not docx.is_file():
            raise Refused(404, "không có văn bản này")
        n = request.query_params.get("trang", "1")
        pngs = await office(_preview, docx)
        if not n.isdigit() or not 1 <= int(n) <= len(pngs):
            raise Refused(404, f"văn bản không có trang {n}")
        return FileResponse(pngs[int(n) - 1], media_type="image/png")

    async def download(request: Request) -> Response:
        path = spec_path(request)
        if path.suffix.lower() not in DOWNLOADS or not path.is_file():
            raise Refused(404, f"{request.query_params.get('p')}: không tải được tệp này")
        if request.query_params.get("dang") == "pdf" and path.suffix == ".docx":
            pdf = await office(_archival_pdf, path)
            return FileResponse(pdf, filename=path.with_suffix(".pdf").name, media_type="application/pdf")
        return FileResponse(path, filename=path.name)

    # ----------------------------------------------------------------------------------- the reporting loop

    def report_error(plan: Path, message: str, period: str = "") -> Response:
        """The reporting page again, with what went wrong (400)."""
        return page(
            "report.html", 400, rel=relative(root, plan), progress=[], result=None, error=message, period=period
        )

    async def report_page(request: Request) -> Response:
        plan = spec_path(request)
        progress = sorted(relative(root, p) for p in plan.parent.glob("tien-do*.yaml"))
        return page("report.html", rel=relative(root, plan), progress=progress, result=None, error=None, period="")

    async def shells(request: Request) -> Response:
        plan = spec_path(request)
        form = await checked_form(request)
        period_text = str(form.get("ky", "")).strip()
        try:
            period = parse_period(period_text)
        except TimelineProblem as exc:
            return report_error(plan, f"Kỳ báo cáo: {exc}", period_text)

        def make_zip() -> bytes:
            with tempfile.TemporaryDirectory(prefix="drafting-phieu-") as tmp:
                written = write_shells(plan, period, Path(tmp))
                buf = io.BytesIO()
                with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
                    for p in written:
                        info = zipfile.ZipInfo(p.name, date_time=(2000, 1, 1, 0, 0, 0))
                        info.compress_type = zipfile.ZIP_DEFLATED
                        z.writestr(info, p.read_bytes())
                return buf.getvalue()

        try:
            data = await run(make_zip)
        except (DraftingError, TimelineProblem) as exc:
            message = exc.format() if isinstance(exc, DraftingError) else str(exc)
            return report_error(plan, message, period_text)
        name = f"phieu-bao-cao-{_slug(period.label())}.zip"
        return Response(
            data,
            media_type="application/zip",
            headers={"content-disposition": f'attachment; filename="{name}"'},
        )

    async def returned(request: Request) -> Response:
        plan = spec_path(request)
        form = await checked_form(request, files=True)
        uploads = [u for u in form.getlist("phieu") if hasattr(u, "filename") and u.filename]
        if not uploads:
            return report_error(plan, "Chưa chọn phiếu nào.", "")
        with tempfile.TemporaryDirectory(prefix="drafting-thu-") as tmp:
            files = []
            for i, u in enumerate(uploads):
                # each form in a folder of its own: its name stays as the department sent it (collect cites it)
                name = Path(str(u.filename).replace("\\", "/")).name.lstrip(".") or f"phieu-{i + 1}.docx"
                target = Path(tmp) / f"{i:02d}" / name
                target.parent.mkdir()
                target.write_bytes(await u.read())
                files.append(target)

            def gather() -> tuple[Any, Any, Path, Path | None, Path]:
                """The forms just sent are read first (their period, what is refused); those accepted join the
                forms received before for that period (``phieu-da-nhan/<kỳ>/``: a department that sends again
                replaces its form), and the progress file is written from all of them, the previous one kept
                beside it as ``….yaml.cu`` (it may hold the clerk's own corrections)."""
                fresh = collect(plan, files)
                folder = plan.parent / RECEIVED / _slug(fresh.period.label())
                folder.mkdir(parents=True, exist_ok=True)
                accepted = {f.name for f in fresh.read}
                for f in files:
                    if f.name in accepted:
                        shutil.copyfile(f, folder / f.name)
                received = sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))
                result = collect(plan, received) if received else fresh
                out = plan.parent / f"tien-do-{_slug(result.period.label())}.yaml"
                result.doc["ke_hoach"] = os.path.relpath(plan, out.parent)
                kept = None
                if out.exists():
                    kept = out.with_name(out.name + ".cu")
                    os.replace(out, kept)
                write_atomic(out, dump_yaml(result.doc).encode("utf-8"))
                return fresh, result, out, kept, folder

            try:
                fresh, result, out, kept, folder = await run(gather)
            except (DraftingError, TimelineProblem) as exc:
                message = exc.format() if isinstance(exc, DraftingError) else str(exc)
                return report_error(plan, message, "")
            shown = _collected(result, relative(root, out))
        shown["refused"] = [(f.name, f.refused) for f in fresh.refused]
        shown["summary"] = [f"Phiếu bị từ chối: {name}: {why}" for name, why in shown["refused"]] + shown["summary"]
        shown["received"] = relative(root, folder)
        shown["kept"] = relative(root, kept) if kept else None
        return page(
            "report.html",
            rel=relative(root, plan),
            progress=[relative(root, out)],
            result=shown,
            written=relative(root, out),
            error=None,
            period="",
        )

    async def report_make(request: Request) -> Response:
        """The report draft of a progress file: built with the workspace (as `drafting build`), then shown."""
        return await make(request)

    # ----------------------------------------------------------------------------------- next year, comparison

    async def next_year(request: Request) -> Response:
        plan = spec_path(request)
        form = await checked_form(request)
        year_text = str(form.get("nam", "")).strip()
        progress_rel = str(form.get("tien_do", "")).strip()
        if not year_text.isdigit():
            raise Refused(400, "Năm của kế hoạch mới phải là một số, ví dụ 2027.")
        year = int(year_text)
        progress = inside(root, progress_rel) if progress_rel else None
        out = plan.parent / f"ke-hoach-{year}.yaml"
        if out.exists():
            raise Refused(409, f"{relative(root, out)} đã có: không ghi đè (đổi tên hoặc xóa tệp đó trước).")

        def draft() -> None:
            doc, _scheduled, _carried, _warnings = draft_next_year(plan, year, progress)
            api.record_registries(doc, plan, out)
            write_atomic(out, dump_yaml(doc).encode("utf-8"))

        try:
            await run(draft)
        except DraftingError as exc:
            raise Refused(422, exc.format()) from None
        return RedirectResponse(f"/sua?p={relative(root, out)}", status_code=303)

    async def compare_page(request: Request) -> Response:
        plans = [spec_info(root, s) for s in specs_of(root)]
        plans = [p for p in plans if p.kind == "ke_hoach"]
        return page("compare.html", plans=plans, error=None)

    async def compare(request: Request) -> Response:
        form = await checked_form(request)
        try:
            old, new = inside(root, str(form.get("cu", ""))), inside(root, str(form.get("moi", "")))
        except OutsideWorkspace:
            raise Refused(403, "Chỉ so sánh được hai đặc tả của thư mục làm việc.") from None

        def make_docx() -> bytes:
            changes, _old_plan, new_plan = diff_specs(old, new)
            with tempfile.TemporaryDirectory(prefix="drafting-ss-") as tmp:
                target = Path(tmp) / "bang-so-sanh.docx"
                write_diff_docx(changes, old, new, new_plan, target)
                return target.read_bytes()

        try:
            data = await run(make_docx)
        except DraftingError as exc:
            plans = [p for p in (spec_info(root, s) for s in specs_of(root)) if p.kind == "ke_hoach"]
            return page("compare.html", 422, plans=plans, error=exc.format())
        return Response(
            data,
            media_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            headers={"content-disposition": 'attachment; filename="bang-so-sanh.docx"'},
        )

    async def not_editable(request: Request, exc: Exception) -> Response:
        """A spec whose YAML broke while it was open in the editor (saved elsewhere): say so, point to YAML."""
        message = f"Không soạn được ở đây: {exc}. Hãy sửa ở trang YAML: kết quả kiểm tra ở đó chỉ ra dòng lỗi."
        if request.headers.get("hx-request"):
            return HTMLResponse(f'<div class="loi">{_escape(message)}</div>', status_code=422)
        return page("error.html", 422, message=message)

    async def refused(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, Refused)
        if request.headers.get("hx-request"):
            return HTMLResponse(f'<div class="loi">{_escape(exc.message)}</div>', status_code=exc.status)
        return page("error.html", exc.status, message=exc.message)

    async def user_error(request: Request, exc: Exception) -> Response:
        """What the engine refuses (a spec with errors, LibreOffice missing …): its own Vietnamese message."""
        assert isinstance(exc, DraftingError)
        status = 503 if isinstance(exc, PdfError) else 422
        if request.headers.get("hx-request"):
            return HTMLResponse(f'<div class="loi">{_escape(exc.format())}</div>', status_code=status)
        return page("error.html", status, message=exc.format())

    async def internal(request: Request, exc: Exception) -> Response:
        """A bug of drafting: a Vietnamese page, and one line in the terminal (never a traceback)."""
        if report is not None:
            report(f"Lỗi nội bộ khi xử lý {request.url.path}: {type(exc).__name__}: {exc}")
        message = "Lỗi nội bộ của drafting: không thực hiện được. Không có tệp nào bị ghi dở; hãy báo lại lỗi này."
        if request.headers.get("hx-request"):
            return HTMLResponse(f'<div class="loi">{_escape(message)}</div>', status_code=500)
        return page("error.html", 500, message=message)

    routes = [
        Route("/", home),
        Route("/moi", new_form, methods=["GET"]),
        Route("/moi", new_create, methods=["POST"]),
        Route("/nhap", import_upload, methods=["POST"]),
        Route("/sua", edit, methods=["GET"]),
        Route("/sua/kiem-tra", edit_check, methods=["POST"]),
        Route("/sua/thao-tac", edit_action, methods=["POST"]),
        Route("/sua/luu", edit_save, methods=["POST"]),
        Route("/yaml", yaml_edit, methods=["GET"]),
        Route("/yaml/luu", yaml_save, methods=["POST"]),
        Route("/tao", make, methods=["POST"]),
        Route("/van-ban", documents, methods=["GET"]),
        Route("/xem", page_image, methods=["GET"]),
        Route("/tai", download, methods=["GET"]),
        Route("/bao-cao", report_page, methods=["GET"]),
        Route("/bao-cao/phieu", shells, methods=["POST"]),
        Route("/bao-cao/thu", returned, methods=["POST"]),
        Route("/bao-cao/tao", report_make, methods=["POST"]),
        Route("/nam-sau", next_year, methods=["POST"]),
        Route("/so-sanh", compare_page, methods=["GET"]),
        Route("/so-sanh", compare, methods=["POST"]),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    allowed = hosts or ["127.0.0.1", "localhost"]
    return Starlette(
        routes=routes,
        middleware=[Middleware(Guard, hosts=allowed, max_body=max_body, max_upload=max_upload)],
        exception_handlers={
            Refused: refused,
            NotEditable: not_editable,
            DraftingError: user_error,
            Exception: internal,
        },
    )


def _overlay_years(doc: Any, form: dict[str, str]) -> Any:
    """``doc`` with the period the form gives (the years of the budget columns follow what is typed)."""
    tu, den = form.get("giai_doan.tu"), form.get("giai_doan.den")
    if not (tu and den):
        return doc
    return {"giai_doan": {"tu": tu, "den": den}}


def _agency_names(registry: Any, doc: Any) -> list[str]:
    """The names the agency fields offer: the bodies of the registry that exist on the plan's date, in its province
    (an old name is not offered for a plan dated after its change)."""
    if registry is None:
        return []
    try:
        when = document_span(dict(doc)) if isinstance(doc, dict) else None
    except (TypeError, ValueError):
        when = None
    province = registry.province(document_province(dict(doc)), when) if isinstance(doc, dict) and when else None
    return sorted({a.ten for a, note in registry.as_of(when, province) if note is None and not a.doi_tac})


def _slug(text: str) -> str:
    """A period's label in a file name: "6 tháng đầu năm 2026" → "6-thang-dau-nam-2026"."""
    return safe_filename(text, default="ky")


def _escape(text: str) -> str:
    return str(escape(text))


def _collected(result: Any, out: str) -> dict[str, Any]:
    """What `collect` found, for the page: its summary (as the command prints it), the entries and the review
    list."""
    return {
        "unit": unit_name(result.doc.get("don_vi_tien", 1000)),
        "summary": summary_lines(result, Path(out)),
        "entries": list(result.doc.get("ket_qua") or []),
        "review": [r for r in result.review if r.get("loai") != "tu_choi"],
        "refused": [(f.name, f.refused) for f in result.refused],
    }
