"""The workspace the web app serves: its folder, paths inside it (never outside), its specs and their state."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from .. import api
from ..errors import DraftingError, SpecError
from ..sources import file_hash
from ..workflows.build import spec_state

#: where the app builds the documents of the workspace (as `drafting build` does by default)
OUT = "out"
#: what may be downloaded from the workspace
DOWNLOADS = {".docx", ".pdf", ".xlsx", ".yaml", ".yml", ".json", ".zip"}


class OutsideWorkspace(ValueError):
    """A path that is not a file of the workspace (absolute, with "..", or leading out through a link)."""


def inside(root: Path, rel: str) -> Path:
    """The workspace file ``rel`` names (a path relative to the workspace, "/" separated); raises
    OutsideWorkspace for anything that would lead out of it."""
    if not rel or "\\" in rel or "\0" in rel or rel.startswith("/") or os.path.isabs(rel):
        raise OutsideWorkspace(rel)
    parts = rel.split("/")
    if any(p in ("", ".", "..") for p in parts) or any(p.startswith(".") for p in parts):
        raise OutsideWorkspace(rel)
    target = (root / rel).resolve()
    if not target.is_relative_to(root.resolve()):
        raise OutsideWorkspace(rel)
    return target


def relative(root: Path, path: Path) -> str:
    return Path(path).resolve().relative_to(root.resolve()).as_posix()


def file_version(path: Path) -> str:
    """What the editor was opened on: the hash of the file's bytes ("" when it does not exist)."""
    try:
        return file_hash(path)
    except OSError:
        return ""


@dataclass
class SpecInfo:
    rel: str
    kind: str  # "ke_hoach", "tien_do", "thoa_thuan" or "" when the spec does not say
    title: str
    errors: list[str] = field(default_factory=list)
    warnings: int = 0
    state: str = "chua_tao"  # cap_nhat | cu | chua_tao
    outputs: list[str] = field(default_factory=list)

    @property
    def state_text(self) -> str:
        return {"cap_nhat": "văn bản đã cập nhật", "cu": "văn bản cũ (đặc tả đã sửa)", "chua_tao": "chưa tạo văn bản"}[
            self.state
        ]


def spec_info(root: Path, spec: Path) -> SpecInfo:
    rel = relative(root, spec)
    state, made = spec_state(root / OUT, spec)
    info = SpecInfo(rel, "", spec.name, state=state, outputs=[relative(root, p) for p in made if p.is_file()])
    try:
        checked = api.check(spec)
    except SpecError as exc:
        info.errors = [p.format() for p in exc.problems if p.severity == "error"]
        info.kind = _kind_of(spec)
        return info
    except DraftingError as exc:
        info.errors = [exc.format()]
        return info
    info.kind = checked.kind.name
    info.warnings = len(checked.warnings)
    model = checked.model
    subject = getattr(model, "trich_yeu", None) or getattr(getattr(model, "plan", None), "trich_yeu", "")
    info.title = f"{checked.kind.title}: {subject}" if subject else checked.kind.title
    return info


def _kind_of(spec: Path) -> str:
    """The ``loai`` a spec that does not validate says it is (to offer the right editor)."""
    try:
        lines = spec.read_text(encoding="utf-8-sig").splitlines()[:200]
    except (OSError, UnicodeDecodeError):
        return ""
    for line in lines:
        if line.startswith("loai:"):
            return line.split(":", 1)[1].split("#", 1)[0].strip()
    return ""


def specs_of(root: Path) -> list[Path]:
    return [s for s in api.find_specs(root) if not s.resolve().is_relative_to((root / OUT).resolve())]
