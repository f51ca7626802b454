"""The outgoing-document metadata of Decree 30, Phụ lục VI: custom properties of the .docx and, with
``--metadata``, a JSON file beside it (page count from the PDF)."""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from drafting import api
from drafting.cli import app
from drafting.render.docx.reader import read_properties
from drafting.render.metadata import PREFIX, SUBJECT_LIMIT, as_properties, from_properties, outgoing
from drafting.render.pdf import read_pdf

from conftest import EXAMPLES, require_tools

HA_NOI = EXAMPLES / "ha-noi-2026-2030"


@pytest.fixture
def ws(tmp_path) -> Path:
    folder = tmp_path / "hn"
    shutil.copytree(HA_NOI, folder, ignore=shutil.ignore_patterns("*.docx", "*.xlsx", "*.pdf"))
    return folder / "ke-hoach.yaml"


def _meta(docx: Path) -> dict[str, str]:
    custom, _ = read_properties(docx)
    return {k.removeprefix(PREFIX): v for k, v in custom.items() if k.startswith(PREFIX)}


def test_the_plan_carries_the_phu_luc_vi_fields(ws, tmp_path):
    (docx,) = [p for p in api.render(ws, tmp_path / "out") if p.suffix == ".docx"]
    meta = _meta(docx)
    assert meta["TypeName"] == "Kế hoạch" and meta["CodeNumber"] == "122" and meta["CodeNotation"] == "KH-UBND"
    assert meta["IssuedDate"] == "2026-03-27" and meta["OrganName"] == "Ủy ban nhân dân thành phố Hà Nội"
    assert meta["Subject"] == api.check(ws).model.trich_yeu and meta["Language"] == "vi"
    assert meta["SignerInfo.Position"] == "PHÓ CHỦ TỊCH" and meta["SignerInfo.FullName"] == "Dương Đức Tuấn"
    recipients = meta["To"].split("\n")
    assert recipients[0] == "Thường trực Thành ủy (để b/c)" and all(not r.startswith("-") for r in recipients)
    assert "PageAmount" not in meta  # a .docx does not know its pages


def test_an_electronic_document_leaves_number_and_date_to_the_system(ws, tmp_path):
    (docx,) = [p for p in api.render(ws, tmp_path / "out", dien_tu=True) if p.suffix == ".docx"]
    meta = _meta(docx)
    assert meta["CodeNumber"] == "" and meta["IssuedDate"] == "" and meta["CodeNotation"] == "KH-UBND"


@pytest.mark.parametrize(
    ("length", "kept"), [(10, 10), (SUBJECT_LIMIT, SUBJECT_LIMIT), (SUBJECT_LIMIT + 40, SUBJECT_LIMIT)]
)
def test_the_subject_is_at_most_500_characters(ws, length, kept):
    plan = dataclasses.replace(api.check(ws).model, trich_yeu="a" * length)
    assert len(outgoing(plan)["Subject"]) == kept


def test_properties_and_back(ws):
    meta = outgoing(api.check(ws).model, description="Dự thảo")
    back = from_properties(dict(as_properties(meta)))
    assert back == {**meta, "PageAmount": None}


def test_metadata_json_beside_the_document(ws, tmp_path):
    out = tmp_path / "out"
    r = CliRunner().invoke(app, ["render", str(ws), "-o", str(out), "--metadata"])
    assert r.exit_code == 0, r.output
    data = json.loads((out / "ke-hoach.metadata.json").read_text(encoding="utf-8"))
    assert data["CodeNumber"] == "122" and data["SignerInfo"]["FullName"] == "Dương Đức Tuấn"
    assert data["PageAmount"] is None and data["To"][0] == "Thường trực Thành ủy (để b/c)"
    assert str(out / "ke-hoach.metadata.json") in r.output


@pytest.mark.slow
def test_metadata_json_counts_the_pages_of_the_pdf(ws, tmp_path):
    require_tools("soffice")
    out = tmp_path / "out"
    r = CliRunner().invoke(app, ["render", str(ws), "-o", str(out), "--pdf", "--metadata"])
    assert r.exit_code == 0, r.output
    data = json.loads((out / "ke-hoach.metadata.json").read_text(encoding="utf-8"))
    assert data["PageAmount"] == read_pdf(out / "ke-hoach.pdf").pages > 1


def test_build_writes_the_json_of_what_it_rendered(ws, tmp_path):
    (ws.parent / ".drafting-workspace").write_text("", encoding="utf-8")
    out = tmp_path / "out"
    r = CliRunner().invoke(app, ["build", str(ws.parent), "-o", str(out), "--metadata"])
    assert r.exit_code == 0, r.output
    target = out / "ke-hoach.metadata.json"
    assert json.loads(target.read_text(encoding="utf-8"))["CodeNotation"] == "KH-UBND"
    stamp = target.stat().st_mtime_ns
    r = CliRunner().invoke(app, ["build", str(ws.parent), "-o", str(out), "--metadata"])
    assert "Không có gì thay đổi" in r.output and target.stat().st_mtime_ns == stamp


def _build(folder: Path, out: Path, *extra: str):
    r = CliRunner().invoke(app, ["build", str(folder), "-o", str(out), *extra])
    assert r.exit_code == 0, r.output
    return r


def test_build_records_the_json_in_its_manifest_and_removes_it_when_no_longer_asked(ws, tmp_path):
    (ws.parent / ".drafting-workspace").write_text("", encoding="utf-8")
    out = tmp_path / "out"
    target = out / "ke-hoach.metadata.json"
    r = _build(ws.parent, out, "--metadata")
    assert "ghi 1 tệp thông tin văn bản" in r.output
    manifest = json.loads((out / ".drafting-build.json").read_text(encoding="utf-8"))
    (entry,) = manifest["specs"].values()
    assert list(entry["metadata"]) == [str(target.resolve())]
    assert (
        entry["metadata"][str(target.resolve())]["from"]["docx"]
        == entry["outputs"][str((out / "ke-hoach.docx").resolve())]
    )
    # nothing changed: nothing written, and the JSON is still there
    r = _build(ws.parent, out, "--metadata")
    assert "Không có gì thay đổi" in r.output and target.is_file()
    # deleted by hand: made again, without rendering the plan again
    target.unlink()
    r = _build(ws.parent, out, "--metadata")
    assert target.is_file() and "Đã tạo lại 0 đặc tả" in r.output
    # a build without --metadata takes away the JSON it made
    _build(ws.parent, out)
    assert not target.exists()
    manifest = json.loads((out / ".drafting-build.json").read_text(encoding="utf-8"))
    assert list(manifest["specs"].values())[0]["metadata"] == {}


def test_build_updates_the_json_when_the_document_changes_and_removes_it_with_its_spec(ws, tmp_path):
    (ws.parent / ".drafting-workspace").write_text("", encoding="utf-8")
    out = tmp_path / "out"
    target = out / "ke-hoach.metadata.json"
    _build(ws.parent, out, "--metadata")
    text = ws.read_text(encoding="utf-8")
    first = json.loads(target.read_text(encoding="utf-8"))["Subject"]
    ws.write_text(text.replace(first.split()[0], "Thí điểm " + first.split()[0], 1), encoding="utf-8")
    _build(ws.parent, out, "--metadata")
    assert json.loads(target.read_text(encoding="utf-8"))["Subject"] != first
    ws.unlink()
    (ws.parent / "ghi-chu.yaml").write_text("loai: ke_hoach\n", encoding="utf-8")  # the folder keeps a spec
    CliRunner().invoke(app, ["build", str(ws.parent), "-o", str(out), "--metadata"])
    assert not target.exists() and not (out / "ke-hoach.docx").exists()


def test_a_json_edited_by_hand_is_kept_when_metadata_is_no_longer_asked(ws, tmp_path):
    (ws.parent / ".drafting-workspace").write_text("", encoding="utf-8")
    out = tmp_path / "out"
    target = out / "ke-hoach.metadata.json"
    _build(ws.parent, out, "--metadata")
    target.write_text(
        target.read_text(encoding="utf-8").replace('"Priority": ""', '"Priority": "Khẩn"'), encoding="utf-8"
    )
    _build(ws.parent, out)
    assert '"Khẩn"' in target.read_text(encoding="utf-8")


@pytest.mark.slow
def test_build_writes_the_page_count_again_once_the_pdf_is_made(ws, tmp_path):
    require_tools("soffice")
    (ws.parent / ".drafting-workspace").write_text("", encoding="utf-8")
    out = tmp_path / "out"
    target = out / "ke-hoach.metadata.json"
    _build(ws.parent, out, "--metadata")
    assert json.loads(target.read_text(encoding="utf-8"))["PageAmount"] is None
    r = _build(ws.parent, out, "--metadata", "--pdf")
    assert "xuất 1 PDF" in r.output and "ghi 1 tệp thông tin văn bản" in r.output
    assert json.loads(target.read_text(encoding="utf-8"))["PageAmount"] == read_pdf(out / "ke-hoach.pdf").pages
    r = _build(ws.parent, out, "--metadata", "--pdf")
    assert "Không có gì thay đổi" in r.output
