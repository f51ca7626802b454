"""Agreement model → template context (display strings and runs), and the kind's outputs."""

from __future__ import annotations

from ..model.agreement import Agreement, Party, copies_sentence, period_title, signing_sentence
from ..vi.dates import DocDate, timestamp
from ..vi.text import bind_units
from .binding import bind_text
from .docx import CoreProps
from .inline import parse_marks
from .output import Output
from .plan_context import _block_items, _item

TEMPLATE = "thoa-thuan.docx"
#: a party's name longer than this (in characters) does not fit one line of the title at 14 pt bold
NAME_LINE_CHARS = 50


def name_lines(names: list[str]) -> list[list[str]]:
    """The title lines of each party's name (UPPER).

    A line break typed in the spec is kept. Otherwise, when a name is too long for one line, every name is
    broken after its first comma ("TỈNH HẢI DƯƠNG," / "NƯỚC CỘNG HÒA …"), so the two stay alike.
    """
    names = [n.upper().strip() for n in names]
    if any("\n" in n for n in names):
        return [[line.strip() for line in n.split("\n") if line.strip()] for n in names]
    if not any(len(n) > NAME_LINE_CHARS for n in names):
        return [[n] for n in names]
    out = []
    for n in names:
        head, sep, tail = n.partition(", ")
        out.append([head + ",", tail] if sep and tail else [n])
    return out


def _party(p: Party, ten_dong: list[str], title_lines: int) -> dict:
    s = p.nguoi_ky
    chuc_danh = [line.upper() for line in s.chuc_danh]
    return {
        "co_quan": [line.upper() for line in p.co_quan],
        "ten": " ".join(ten_dong),
        "ten_dong": ten_dong,
        "dai_dien": s.dai_dien.upper(),
        # padded with empty lines to the other side's count, so that both names stand on one line
        "chuc_danh": chuc_danh + [""] * (title_lines - len(chuc_danh)),
        "ho_ten": s.ho_ten,
    }


def closing_items(ag: Agreement) -> list[dict]:
    """The closing paragraphs: the free ``ket_thuc`` text, then the sentences written from ``ky_ket``."""
    items: list[dict] = []
    for b in ag.ket_thuc:
        items.extend(_block_items(b, 1))
    if ag.ky_ket is not None:
        for sentence in (copies_sentence(ag.ten_goi, ag.ky_ket), signing_sentence(ag.ten_goi, ag.ky_ket)):
            if sentence:
                items.append(_item("doan", parse_marks(sentence)))
    return items


def body_items(ag: Agreement) -> list[dict]:
    """Preamble, numbered fields and closing as one flat list of paragraphs ``{"kieu", "runs", "text"}``.

    ``kieu`` "muc" keeps a paragraph on the page of the next one: field headings, and the last closing
    paragraph (so that it never stands alone above the signatures on the next page).
    """
    items: list[dict] = []
    for b in ag.mo_dau:
        items.extend(_block_items(b, 1))
    for field in ag.linh_vuc:
        items.extend(_block_items(field, 1))
    closing = closing_items(ag)
    if closing:
        closing[-1] = {**closing[-1], "kieu": "muc"}
    return items + closing


def agreement_context(ag: Agreement) -> dict:
    """Everything the agreement template places, as display strings."""
    a, b = ag.ben
    lines_a, lines_b = name_lines([a.ten, b.ten])
    titles = max(len(a.nguoi_ky.chuc_danh), len(b.nguoi_ky.chuc_danh))

    return bind_text(
        {
            "ten_van_ban": ag.ten_van_ban.upper(),
            "ben_a": _party(a, lines_a, titles),
            "ben_b": _party(b, lines_b, titles),
            "giai_doan": bind_units(period_title(ag.giai_doan)),
            "than": body_items(ag),
        }
    )


def agreement_outputs(ag: Agreement) -> list:
    """The one document an agreement spec produces: ``<spec>.docx`` from ``templates/thoa-thuan.docx``."""

    a, b = ag.ben
    d = ag.ky_ket.ngay if ag.ky_ket and ag.ky_ket.ngay else DocDate(ag.giai_doan[0] if ag.giai_doan else 2000)
    created = timestamp(d)
    title = f"{ag.ten_van_ban.upper()} giữa {a.ten} và {b.ten}"
    if ag.giai_doan:
        title += f" {period_title(ag.giai_doan).lower()}"
    core = CoreProps(
        title=title,
        subject=ag.ten_van_ban.upper(),
        author=" - ".join([a.co_quan[0], b.co_quan[0]]),
        created=created,
        keywords=ag.ten_van_ban.upper(),
    )
    return [Output("", TEMPLATE, agreement_context(ag), core)]
