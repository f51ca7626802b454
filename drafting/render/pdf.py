"""PDF through LibreOffice (headless), each conversion with its own throw-away profile."""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import PdfError
from ..fileio import write_atomic


def soffice() -> str | None:
    """Path of LibreOffice's ``soffice`` if installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(docx: Path, pdf: Path | None = None, fmt: str = "pdf", timeout: float = 180) -> Path:
    """Convert ``docx`` to ``pdf`` (default: beside it); raises PdfError when LibreOffice is missing or fails."""
    exe = soffice()
    if not exe:
        raise PdfError("không có LibreOffice để xuất PDF",
                       hint="cài gói libreoffice-writer-nogui, hoặc bỏ tùy chọn --pdf")
    docx = Path(docx)
    target = Path(pdf) if pdf else docx.with_suffix("." + fmt.split(":")[0])
    with tempfile.TemporaryDirectory(prefix="drafting-lo-") as tmp:
        profile = Path(tmp) / "profile"
        outdir = Path(tmp) / "out"
        cmd = [exe, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
               "--convert-to", fmt, "--outdir", str(outdir), str(docx)]
        try:
            proc = subprocess.run(cmd, capture_output=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired as exc:
            raise PdfError(f"LibreOffice không xuất xong {docx.name} sau {int(timeout)} giây") from exc
        produced = outdir / (docx.stem + "." + fmt.split(":")[0])
        if proc.returncode != 0 or not produced.is_file():
            err = (proc.stderr or proc.stdout or b"").decode("utf-8", "replace").strip()[-300:]
            raise PdfError(f"LibreOffice không chuyển được {docx.name}" + (f": {err}" if err else ""))
        write_atomic(target, produced.read_bytes())
    return target
