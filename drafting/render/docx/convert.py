"""Turn a returned .doc, .odt or .rtf form into .docx with LibreOffice (headless, throw-away profile)."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from ..pdf import soffice
from .safezip import DEFAULT_LIMITS, Limits, Refused, sniff

CONVERTIBLE = {"doc": "Word 97-2003 (.doc)", "odt": "OpenDocument (.odt)", "rtf": "RTF"}


def kind_of(path: Path) -> str:
    """What the file is by its first bytes: "docx"/"zip", "doc", "odt", "rtf", "pdf", "unknown"."""
    try:
        with open(path, "rb") as fh:
            return sniff(fh.read(128))
    except OSError as exc:
        raise Refused(Path(path).name, f"không đọc được tệp ({exc.strerror or exc})") from exc


def to_docx(path: Path, workdir: Path, limits: Limits = DEFAULT_LIMITS, timeout: float = 120) -> Path:
    """A .docx copy of ``path`` in ``workdir``; Refused when LibreOffice is missing or fails."""

    path = Path(path)
    kind = kind_of(path)
    if path.stat().st_size > limits.file_size:
        raise Refused(path.name, f"tệp quá lớn (giới hạn {limits.file_size // (1024 * 1024)} MB)")
    exe = soffice()
    if not exe:
        raise Refused(
            path.name,
            f"tệp {CONVERTIBLE.get(kind, kind)} cần LibreOffice để chuyển sang .docx, máy này chưa cài",
            hint="mở tệp trong Word và lưu lại dạng .docx, hoặc cài LibreOffice",
        )
    with tempfile.TemporaryDirectory(prefix="drafting-lo-", dir=workdir) as tmp:
        profile = Path(tmp) / "profile"
        src = Path(tmp) / ("phieu." + kind)  # a plain name: LibreOffice trips on some characters
        src.write_bytes(path.read_bytes())
        cmd = [
            exe,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(tmp),
            str(src),
        ]
        try:
            proc = subprocess.run(cmd, capture_output=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired as exc:
            raise Refused(path.name, f"LibreOffice không chuyển xong tệp sau {int(timeout)} giây") from exc
        produced = Path(tmp) / "phieu.docx"
        if proc.returncode != 0 or not produced.is_file():
            raise Refused(
                path.name,
                "LibreOffice không chuyển được tệp sang .docx",
                hint="mở tệp trong Word và lưu lại dạng .docx",
            )
        target = Path(workdir) / (path.stem + ".docx")
        target.write_bytes(produced.read_bytes())
    return target
