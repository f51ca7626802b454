"""The domain phrases every document prints the same way, each built in one place: a document's number and
notation ("05/KH-UBND"), and the reference to a document ("Kế hoạch số 05/KH-UBND ngày 27 tháng 3 năm 2026 của
UBND tỉnh Bắc Ninh") that a report, an annual plan, a request and an appendix's reference line quote."""

from __future__ import annotations

from ..model.plan import Issuer, Plan
from ..vi.dates import BLANK, DocDate, long_date


def so_ky_hieu(so: str | None, ky_hieu: str) -> str:
    """ "122/KH-UBND"; the number as issued: below 10 with a leading zero ("05/KH-UBND", Decree 30 Art. 15);
    a draft without a number keeps a blank for it."""
    if so is None:
        return f"{BLANK}/{ky_hieu}"
    if so.isdigit() and int(so) < 10:
        so = f"{int(so):02d}"
    return f"{so}/{ky_hieu}"


def issuer_name(issuer: Issuer) -> str:
    """How a reference names the issuing body: its short name when it has one ("UBND tỉnh Bắc Ninh")."""
    return issuer.ten_viet_tat or issuer.ten


def document_reference(loai: str, so: str | None, ky_hieu: str, ngay: DocDate, issuer: Issuer) -> str:
    """ "Báo cáo số 05/BC-SNgV ngày 10 tháng 7 năm 2026 của Sở Ngoại vụ" (``loai`` in any case: "kế hoạch")."""
    return (
        f"{loai[:1].upper()}{loai[1:].lower()} số {so_ky_hieu(so, ky_hieu)} {long_date(ngay)} của {issuer_name(issuer)}"
    )


def unfilled_reference(loai: str, ky_hieu: str, issuer: Issuer) -> str:
    """The reference to an electronic document, whose number and date the document system gives (Decree 30,
    Phụ lục I III.1): "Kế hoạch số      /KH-UBND ngày      tháng      năm      của UBND tỉnh Bắc Ninh"."""
    return (
        f"{loai[:1].upper()}{loai[1:].lower()} số {BLANK}/{ky_hieu} ngày {BLANK} tháng {BLANK} năm {BLANK} "
        f"của {issuer_name(issuer)}"
    )


def plan_reference(plan: Plan) -> str:
    """ "Kế hoạch số 05/KH-UBND ngày 27 tháng 3 năm 2026 của UBND tỉnh Bắc Ninh"."""
    return document_reference(plan.loai_van_ban, plan.so, plan.ky_hieu, plan.ngay, plan.co_quan_ban_hanh)
