"""What an office is given: the wheel holds the templates, schemas and registry, and works from a fresh venv.

The wheel is built from a copy of the checkout (no ``build/`` or ``*.egg-info`` left in the tree), without a
network (``--no-build-isolation``: setuptools comes with the test extra). It is installed into a new virtual
environment in an empty folder outside the checkout. That venv gets the test environment's third-party
libraries (docxtpl, lxml …) through a plain path entry — a path entry, not a site folder, so the editable
``drafting`` of the test environment stays invisible — and drafting itself only from the wheel. Then, there:
``drafting --help``, ``drafting check`` and ``drafting build examples`` on a copy of ``examples/``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from conftest import EXAMPLES, ROOT

pytestmark = pytest.mark.slow

IGNORE = shutil.ignore_patterns(
    ".git", "out", "build", "dist", "*.egg-info", "__pycache__", ".venv", ".pytest_cache", ".hypothesis", "*.docx.tmp"
)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("wheel")
    src = work / "src"
    shutil.copytree(ROOT, src, ignore=IGNORE)
    dist = work / "dist"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--disable-pip-version-check",
            "-w",
            str(dist),
            str(src),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (found,) = dist.glob("drafting-*.whl")
    return found


def test_the_wheel_holds_the_code_and_the_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    code = {p.relative_to(ROOT).as_posix() for p in (ROOT / "drafting").rglob("*.py")}
    assert code <= names, sorted(code - names)  # every module (a new subpackage must be listed in pyproject)
    for template in (ROOT / "templates").glob("*.docx"):
        assert f"drafting/templates/{template.name}" in names
    for schema in (ROOT / "specs" / "schemas").glob("*.yaml"):
        assert f"drafting/specs/schemas/{schema.name}" in names
    assert "drafting/specs/co-quan.yaml" in names
    version = next(n for n in names if n.endswith(".dist-info/METADATA"))
    from drafting import __version__

    assert f"drafting-{__version__}.dist-info/METADATA" == version  # one version string


@pytest.fixture(scope="module")
def fresh(wheel, tmp_path_factory) -> tuple[Path, dict]:
    place = tmp_path_factory.mktemp("office")
    venv = place / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True, timeout=300)
    site = next((venv / "lib").glob("python3*/site-packages"))
    (site / "zz_test_libraries.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    subprocess.run(
        [
            str(venv / "bin" / "python"),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-index",
            "--disable-pip-version-check",
            str(wheel),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    env.update(PATH=f"{venv / 'bin'}:{env.get('PATH', '')}", DRAFTING_CACHE=str(place / "cache"), HOME=str(place))
    work = place / "work"
    shutil.copytree(EXAMPLES, work / "examples", ignore=shutil.ignore_patterns("*.docx", "*.xlsx", "*.pdf"))
    return work, env


def _run(fresh, *args: str) -> subprocess.CompletedProcess:
    work, env = fresh
    return subprocess.run(list(args), cwd=work, env=env, capture_output=True, text=True, timeout=300)


def test_drafting_comes_from_the_wheel_not_the_checkout(fresh):
    r = _run(
        fresh,
        "python",
        "-c",
        "import sys, drafting, drafting.resources as r; "
        "print(drafting.__file__); print(r.templates_dir()); print(sys.path)",
    )
    assert r.returncode == 0, r.stderr
    module, templates, path = r.stdout.splitlines()
    assert "site-packages" in module and str(ROOT) not in module
    assert templates.endswith("site-packages/drafting/templates")
    assert str(ROOT) not in path


def test_help_check_and_build_from_the_wheel(fresh):
    work, _ = fresh
    r = _run(fresh, "drafting", "--help")
    assert r.returncode == 0 and "Cách dùng: drafting" in r.stdout, r.stderr
    specs = sorted(str(p.relative_to(work)) for p in (work / "examples").rglob("*.yaml") if p.name != "co-quan.yaml")
    r = _run(fresh, "drafting", "check", *specs)
    assert r.returncode == 0, r.stderr
    assert r.stdout.count("hợp lệ") == len(specs)
    r = _run(fresh, "drafting", "build", "examples")
    assert r.returncode == 0, r.stdout + r.stderr
    built = sorted(p.relative_to(work / "out").as_posix() for p in (work / "out").rglob("*.docx"))
    stems = {Path(s).relative_to("examples").with_suffix("").as_posix() for s in specs}
    # every spec gave its documents (a progress spec its report: tien-do-2026-bao-cao.docx)
    assert all(any(b.startswith(stem) for b in built) for stem in stems), built
    from docx import Document

    plan = Document(str(work / "out" / "bac-ninh-2026-2030" / "ke-hoach.docx"))
    assert any("KẾ HOẠCH" in p.text for p in plan.paragraphs)


def test_the_web_app_runs_from_the_wheel_with_its_pages_and_scripts(fresh):
    """`drafting web` from the installed wheel: its templates and htmx are package data, served offline."""
    import re
    import urllib.request

    work, env = fresh
    proc = subprocess.Popen(
        ["drafting", "web", "examples", "--khong-mo"],
        cwd=work,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        url = None
        for _ in range(20):
            line = proc.stdout.readline()
            m = re.search(r"(http://127\.0\.0\.1:\d+/)", line)
            if m:
                url = m[1]
                break
        assert url, proc.stderr.read() if proc.poll() is not None else "no address printed"
        page = ""
        for _ in range(50):
            try:
                page = urllib.request.urlopen(url, timeout=10).read().decode("utf-8")
                break
            except OSError:
                import time

                time.sleep(0.1)
        assert "Văn bản trong thư mục làm việc" in page and "ke-hoach.yaml" in page
        script = urllib.request.urlopen(url + "static/htmx.min.js", timeout=10).read()
        assert script.startswith(b"var htmx=function()")
    finally:
        proc.terminate()
        proc.wait(10)
