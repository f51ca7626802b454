"""drafting installed as a user installs it, for the benches that time whole processes.

    from user_install import user_install
    python, drafting = user_install(folder)   # the venv's interpreter, its `drafting` command

The README's first command makes a virtual environment and installs drafting into it from a wheel; a user then
runs the `drafting` command that pip wrote. The benches used to time `python -m drafting` with the test
environment's interpreter instead, where drafting is installed in editable mode: its finder, imported by
``site`` at every start, costs about 9 ms in every process, `python -c pass` included. That doubled the bare
interpreter (9 → 18 ms) and so flattered every start-up ratio (``drafting --help`` 1.5× there, 2.8× installed).

Here a fresh venv is made (``python -m venv``, with pip, as the README's command makes it), drafting is installed
into it from this checkout without its dependencies (``pip install --no-deps``: a wheel is built, so its
``drafting`` command is the one pip writes), and the dependencies are reached through one ``.pth`` line naming
this interpreter's site-packages (nothing downloaded or installed again). A ``.pth`` line only adds a folder to
``sys.path``: the test environment's own ``.pth`` files (the editable finder) are not run.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def user_install(folder: Path) -> tuple[str, str]:
    """A venv in ``folder`` with drafting installed from this checkout: (its python, its drafting command)."""
    venv = Path(folder) / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True)
    bindir = venv / ("Scripts" if sys.platform == "win32" else "bin")
    python = bindir / ("python.exe" if sys.platform == "win32" else "python")
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    ours = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (Path(site) / "bench-deps.pth").write_text("\n".join(sorted(ours)) + "\n", encoding="utf-8")
    source = Path(folder) / "drafting-src"  # a copy: building a wheel writes build/ and *.egg-info beside the code
    shutil.copytree(
        ROOT, source, ignore=shutil.ignore_patterns(".git", ".venv", "out", "build", "*.egg-info", "__pycache__")
    )
    done = subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--no-deps", "--disable-pip-version-check", str(source)],
        capture_output=True,
        text=True,
        cwd=folder,
    )
    if done.returncode != 0:
        raise SystemExit(f"không cài được drafting vào {venv}: {done.stderr.strip()[-500:]}")
    return str(python), str(bindir / "drafting")
