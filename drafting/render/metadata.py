"""The outgoing-document metadata of Decree 30, Phụ lục VI (what a document system asks for when a document is
issued): built once from the model, written into the .docx as custom document properties (names prefixed
``PLVI.``) and, with ``--metadata``, as a JSON file beside it (``ke-hoach.metadata.json``) with the page count
of its PDF when there is one (``metadata_file``: it reads the documents back, which a render does not)."""

from __future__ import annotations

import re
from typing import Any

from ..model.plan import Plan

#: the prefix of the custom properties (a document may carry other tools' properties)
PREFIX = "PLVI."
#: the Phụ lục VI fields, in its order; SignerInfo has two parts, To is a list
FIELDS = (
    "TypeName",
    "CodeNumber",
    "CodeNotation",
    "IssuedDate",
    "OrganName",
    "Subject",
    "Language",
    "PageAmount",
    "Description",
    "SignerInfo.Position",
    "SignerInfo.FullName",
    "To",
    "Priority",
    "IssuedAmount",
    "DueDate",
)
#: Phụ lục VI limits the subject (trích yếu) to 500 characters
SUBJECT_LIMIT = 500
#: how a list (the recipients) is kept in one text property
LIST_SEPARATOR = "\n"


def _recipient(line: str) -> str:
    return re.sub(r"\s*[;.,]$", "", re.sub(r"^\s*[-–+•]\s*", "", line)).strip()


def outgoing(plan: Plan, description: str = "") -> dict[str, Any]:
    """The Phụ lục VI fields of a plan or report. Number and date are empty while not issued (a draft, or an
    electronic document whose number and date the system gives); the page count is not known from a .docx."""
    d = plan.ngay
    issued = f"{d.year:04d}-{d.month:02d}-{d.day:02d}" if d.month and d.day else ""
    position = " ".join(plan.nguoi_ky.chuc_danh[-1:])  # the signer's own title ("PHÓ CHỦ TỊCH")
    return {
        "TypeName": plan.loai_van_ban[:1].upper() + plan.loai_van_ban[1:].lower(),
        "CodeNumber": plan.so or "",
        "CodeNotation": plan.ky_hieu,
        "IssuedDate": issued,
        "OrganName": plan.co_quan_ban_hanh.ten,
        "Subject": plan.trich_yeu[:SUBJECT_LIMIT],
        "Language": "vi",
        "PageAmount": None,
        "Description": description,
        "SignerInfo": {"Position": position, "FullName": plan.nguoi_ky.ho_ten},
        "To": [_recipient(r) for r in plan.noi_nhan if _recipient(r)],
        "Priority": "",
        "IssuedAmount": "",
        "DueDate": "",
    }


def as_properties(meta: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    """``meta`` as custom document properties (name, text), in the order of ``FIELDS``; unknown values (the
    page count) are left out."""
    out = []
    for name in FIELDS:
        head, _, part = name.partition(".")
        value = meta[head][part] if part else meta[head]
        if value is None:
            continue
        text = LIST_SEPARATOR.join(value) if isinstance(value, list) else str(value)
        out.append((PREFIX + name, text))
    return tuple(out)


def from_properties(props: dict[str, str]) -> dict[str, Any] | None:
    """The metadata a .docx carries (its ``PLVI.`` properties), structured again; None when it has none."""
    if PREFIX + "TypeName" not in props:
        return None
    meta: dict[str, Any] = {}
    for name in FIELDS:
        head, _, part = name.partition(".")
        text = props.get(PREFIX + name)
        value: Any = None if text is None else (text.split(LIST_SEPARATOR) if head == "To" and text else text)
        if head == "To" and value is None:
            value = []
        if part:
            meta.setdefault(head, {})[part] = value or ""
        else:
            meta[head] = value
    return meta
