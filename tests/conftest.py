"""Shared fixtures: the repository paths, spec writers, rendered example documents."""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import settings
from ruamel.yaml import YAML

# Hypothesis profiles: a small run for the developer's loop, the full 2 000 cases in CI (CI=true) or on demand
# (HYPOTHESIS_PROFILE=ci). tests/property spreads the profile's max_examples over every example spec.
settings.register_profile("dev", max_examples=200)
settings.register_profile("ci", max_examples=2000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") == "true" else "dev"))

# the user's own cache (help pages, prepared schemas, kept check verdicts) is never read or written by the tests:
# one private folder per test session (per xdist worker), removed at its end; subprocesses inherit it
_CACHE = tempfile.mkdtemp(prefix="drafting-test-cache-")
os.environ["DRAFTING_CACHE"] = _CACHE
atexit.register(shutil.rmtree, _CACHE, ignore_errors=True)

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
#: the five real documents the examples reproduce; beside the repository in CI (../shared), absent on a fresh clone
SEEDS = Path(os.environ.get("DRAFTING_SEEDS") or ROOT.parent / "shared" / "seeds")
EXAMPLES = ROOT / "examples"
SEEDS_MISSING = (
    f"the seed documents are not in {SEEDS} (../shared/seeds comes with CI, not with a clone): "
    "comparisons with the seeds are skipped"
)


def seeds_present() -> bool:
    return SEEDS.is_dir() and any(SEEDS.glob("*.txt"))


def seed_file(number: str) -> Path:
    """The seed document ``NNN_*.txt``; skips the calling test when the seeds are not beside the repository.

    Every such skip comes from this one line with one reason, so ``-ra`` prints the reason once."""
    if not seeds_present():
        pytest.skip(SEEDS_MISSING, allow_module_level=True)
    found = sorted(SEEDS.glob(f"{number}_*.txt"))
    assert found, f"no seed {number}_*.txt in {SEEDS}"
    return found[0]


def pytest_report_header(config):
    return [f"seeds: {SEEDS}" if seeds_present() else f"seeds: {SEEDS_MISSING}"]


def load_yaml(path: Path):
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def dump_yaml(data, path: Path) -> Path:
    y = YAML()
    y.default_flow_style = False
    y.allow_unicode = True
    with open(path, "w", encoding="utf-8") as fh:
        y.dump(data, fh)
    return path


@pytest.fixture
def minimal_data():
    """The minimal plan as plain data, to be changed by a test."""
    return load_yaml(FIXTURES / "minimal.yaml")


@pytest.fixture
def write_spec(tmp_path):
    """Write data (dict) or raw text/bytes as a spec file in a fresh folder; return its path."""

    def write(content, name: str = "ke-hoach.yaml") -> Path:
        path = tmp_path / name
        if isinstance(content, (bytes, bytearray)):
            path.write_bytes(content)
        elif isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            dump_yaml(content, path)
        return path

    return write


@pytest.fixture(scope="session")
def bac_ninh_docx(tmp_path_factory) -> Path:
    from drafting import api

    out = tmp_path_factory.mktemp("bac-ninh")
    paths = api.render(EXAMPLES / "bac-ninh-2026-2030" / "ke-hoach.yaml", out)
    return next(p for p in paths if p.name == "ke-hoach.docx")


def as_read(text: str) -> str:
    """Text as a reader reads it: the no-break spaces and hyphens that keep units together become plain ones."""
    return text.replace("\u00a0", " ").replace("\u2011", "-")


def docx_paragraph_texts(path: Path) -> list[str]:
    """Every body paragraph of a .docx, as a reader reads it (python-docx, then ``as_read``)."""
    from docx import Document

    return [as_read(p.text) for p in Document(str(path)).paragraphs]


def libreoffice_available() -> bool:
    return shutil.which("soffice") is not None


def require_tools(*commands: str) -> None:
    """Skip the calling test when a program it drives (``soffice``, ``chromium``) is not installed on this machine;
    in CI (``CI=true``) fail instead: `.ci/run` installs them, so there their absence is a broken setup, never a
    reason to skip."""
    missing = [c for c in commands if shutil.which(c) is None]
    if not missing:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI cần {', '.join(missing)} (.ci/run cài chúng)")
    pytest.skip(f"cần {', '.join(missing)} (.ci/run cài chúng)")


def soffice_convert(path: Path, fmt: str, outdir: Path) -> Path:
    """``path`` saved by LibreOffice as ``fmt`` ("docx:MS Word 2007 XML", "odt", "doc") into ``outdir``, as a
    second editor would save a returned form (drafting.render.pdf.convert, one private profile)."""
    from drafting.render.pdf import convert

    outdir.mkdir(parents=True, exist_ok=True)
    return convert(path, outdir / f"{path.stem}.{fmt.split(':')[0]}", fmt=fmt)


def to_pdf(docx: Path) -> Path:
    """Convert with LibreOffice (the CI installs it); fail loudly if it cannot."""
    from drafting.render.pdf import convert

    return convert(docx)


def pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True).stdout.decode()


def _property_module():
    """The property tests' module when this run imported it (its figures are printed at the end)."""
    for module in list(sys.modules.values()):
        if (getattr(module, "__file__", None) or "").endswith("test_property_mutations.py"):
            return module
    return None


def pytest_sessionfinish(session, exitstatus):
    """The property run's one whole-run check: its mutations produced both outcomes (a check at the end of the
    session, not a test that must run last)."""
    module = _property_module()
    why = module.one_sided() if module is not None else None
    if why and session.exitstatus == 0:
        session.exitstatus = 1
        sys.stderr.write(f"[property] FAILED: {why}\n")


def pytest_terminal_summary(terminalreporter):
    """Print each seed's coverage (tests/seeds) and the property run's figures at the end, whatever the capture mode."""
    seedcov = sys.modules.get("seedcov")
    if seedcov is not None and getattr(seedcov, "SUMMARIES", None):
        terminalreporter.section("seed coverage")
        for line in sorted(seedcov.SUMMARIES):
            terminalreporter.write_line(line)
    module = _property_module()
    if module is not None and module.STATS["cases"]:
        terminalreporter.section("property cases")
        for line in module.summary_lines():
            terminalreporter.write_line(f"[property] {line}")


class WatchRun:
    """``build --watch`` on a thread, for tests that wait on its events (a build reported, the watch idle) rather
    than on sleeps: a save made after ``wait_idle()`` returned is always seen."""

    def __init__(self, root: Path, out: Path, **kwargs):
        import threading

        from drafting.workflows.build import watch_tree

        self.reports: list = []
        self.idle: list[int] = []  # the armed count of each idle event
        self._cond = threading.Condition()
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=watch_tree,
            args=(root, out),
            kwargs=dict(report=self._report, stop_event=self._stop, on_idle=self._on_idle, **kwargs),
            daemon=True,
        )

    def _report(self, outcome) -> None:
        with self._cond:
            self.reports.append(outcome)
            self._cond.notify_all()

    def _on_idle(self, armed: int) -> None:
        with self._cond:
            self.idle.append(armed)
            self._cond.notify_all()

    @property
    def armed(self) -> int:
        return self.idle[-1] if self.idle else 0

    def wait_idle(self, *, armed_after: int = 0, timeout: float = 60) -> int:
        """Wait for the next idle event of a watch armed more than ``armed_after`` times; return its count."""
        with self._cond:
            seen = len(self.idle)
            ok = self._cond.wait_for(lambda: len(self.idle) > seen and self.idle[-1] > armed_after, timeout)
        assert ok, f"the watch was not idle within {timeout} s"
        return self.idle[-1]

    def wait_until(self, predicate, *, timeout: float = 60) -> None:
        """Wait, idle event after idle event, until ``predicate()`` holds."""
        import time

        deadline = time.monotonic() + timeout
        while not predicate():
            left = deadline - time.monotonic()
            assert left > 0, "the watch never reached the expected state"
            self.wait_idle(timeout=left)

    def __enter__(self) -> WatchRun:
        self._thread.start()
        self.wait_idle()  # built once and watching
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(timeout=20)
        assert not self._thread.is_alive(), "the watch did not stop"


@pytest.fixture
def engine_always_runs(monkeypatch):
    """``drafting check`` without kept verdicts (drafting/check_results.py): for a test that plants a bug in the
    engine in process, which changes no file the verdict was kept for."""
    from drafting import check_results

    monkeypatch.setattr(check_results, "lookup", lambda name: None)
