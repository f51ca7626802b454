"""Spec files must be UTF-8: legacy Vietnamese encodings are named, UTF-16 and binary files refused cleanly.

The test encoders below are independent of the loader's decoders:
- Windows-1258 uses Python's ``cp1258`` codec (base letter with its vowel mark, tone as a combining byte);
- VNI follows the VNI-Windows chart of xvnkb's ``vni.h`` (Dao Hai Lam, github.com/lamdao/xvnkb);
- TCVN3 (ABC) follows xvnkb's ``tcvn.h`` and is checked byte for byte against glibc's TCVN5712-1 below.
"""

from __future__ import annotations

import random
import shutil
import subprocess
import unicodedata

import pytest
from typer.testing import CliRunner

from drafting.cli import app
from drafting.errors import ExitCode, SpecError
from drafting.spec.loader import MAX_BYTES, load_spec

# --------------------------------------------------------------------------- test encoders

TONES = "\u0300\u0301\u0303\u0309\u0323"  # huyền, sắc, ngã, hỏi, nặng
#: rows in the order base, sắc, huyền, hỏi, ngã, nặng (as in xvnkb's tables)
ROWS = [
    "aáàảãạ",
    "âấầẩẫậ",
    "ăắằẳẵặ",
    "eéèẻẽẹ",
    "êếềểễệ",
    "oóòỏõọ",
    "ôốồổỗộ",
    "ơớờởỡợ",
    "uúùủũụ",
    "ưứừửữự",
    "iíìỉĩị",
    "yýỳỷỹỵ",
    "đ",
]

# VNI-Windows: an ASCII base, then one mark byte (tone ù ø û õ ï; â-family for â ê ô; ê-family for ă);
# ơ = ô (0xF4), ư = ö (0xF6), đ = ñ (0xF1), the i's and ỵ are single bytes. Capitals: the same, upper-cased.
VNI_ROWS = [
    "a aù aø aû aõ aï",
    "aâ aá aà aå aã aä",
    "aê aé aè aú aü aë",
    "e eù eø eû eõ eï",
    "eâ eá eà eå eã eä",
    "o où oø oû oõ oï",
    "oâ oá oà oå oã oä",
    "ô ôù ôø ôû ôõ ôï",
    "u uù uø uû uõ uï",
    "ö öù öø öû öõ öï",
    "i í ì æ ó ò",
    "y yù yø yû yõ î",
    "ñ",
]

# TCVN3 (ABC): one byte per letter. Capital toned letters do not exist in ABC (the ".VnTimeH" fonts
# draw capitals from the lower-case codes), so they are written with the lower-case byte.
TCVN3_ROWS = [
    "61 b8 b5 b6 b7 b9",
    "a9 ca c7 c8 c9 cb",
    "a8 be bb bc bd c6",
    "65 d0 cc ce cf d1",
    "aa d5 d2 d3 d4 d6",
    "6f e3 df e1 e2 e4",
    "ab e8 e5 e6 e7 e9",
    "ac ed ea eb ec ee",
    "75 f3 ef f1 f2 f4",
    "ad f8 f5 f6 f7 f9",
    "69 dd d7 d8 dc de",
    "79 fd fa fb fc fe",
    "ae",
]
TCVN3_CAPITALS = {"Ă": 0xA1, "Â": 0xA2, "Ê": 0xA3, "Ô": 0xA4, "Ơ": 0xA5, "Ư": 0xA6, "Đ": 0xA7}


def _table(rows_out) -> dict[str, bytes]:
    table: dict[str, bytes] = {}
    for letters, coded in zip(ROWS, rows_out, strict=False):
        for ch, code in zip(letters, coded, strict=False):
            table[ch] = code
    return table


VNI = _table([[s.encode("latin-1") for s in row.split()] for row in VNI_ROWS])
VNI.update({ch.upper(): code.decode("latin-1").upper().encode("latin-1") for ch, code in list(VNI.items())})
TCVN3 = _table([[bytes([b]) for b in bytes.fromhex(row)] for row in TCVN3_ROWS])
TCVN3.update(
    {ch.upper(): TCVN3_CAPITALS.get(ch.upper(), code[0]).to_bytes(1, "big") for ch, code in list(TCVN3.items())}
)


def _by_table(text: str, table: dict[str, bytes]) -> bytes:
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        out += ch.encode("ascii") if ord(ch) < 0x80 else table[ch]
    return bytes(out)


def to_vni(text: str) -> bytes:
    return _by_table(text, VNI)


def to_tcvn3(text: str) -> bytes:
    return _by_table(text, TCVN3)


def to_cp1258(text: str, precomposed: bool = True) -> bytes:
    """Each letter: NFD, base letter recomposed with its vowel mark, tone as a combining byte.

    ``precomposed``: use a single cp1258 byte where one exists (à á è é â đ …), as Windows does;
    otherwise the tone is always a separate combining byte (as typed with the Vietnamese keyboard).
    """
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        if precomposed:
            try:
                out += ch.encode("cp1258")
                continue
            except UnicodeEncodeError:
                pass
        parts = unicodedata.normalize("NFD", ch)
        tone = "".join(c for c in parts if c in TONES)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES))
        out += base.encode("cp1258") + tone.encode("cp1258")
    return bytes(out)


ENCODERS = {
    "Windows-1258": to_cp1258,
    "Windows-1258 (dấu thanh tách rời)": lambda t: to_cp1258(t, precomposed=False),
    "VNI": to_vni,
    "TCVN3 (ABC)": to_tcvn3,
}
NAMES = ("Windows-1258", "VNI", "TCVN3 (ABC)")

# sentences of the seed documents (/work/shared/seeds)
SENTENCES = [
    "Kế hoạch thực hiện Thỏa thuận hợp tác giữa UBND tỉnh Bắc Ninh và Ủy ban Chính quyền tỉnh Xay Sôm Bun",
    "Tăng cường trao đổi đoàn và hỗ trợ chuyên môn nhằm nâng cao hiệu quả hợp tác tư pháp.",
    "TỈNH HẢI DƯƠNG, NƯỚC CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Chủ trì theo dõi, đôn đốc, tổng hợp tình hình báo cáo Ủy ban nhân dân tỉnh và các cấp có thẩm quyền "
    "về kết quả thực hiện Kế hoạch này.",
    "Tổ chức đoàn công tác đi thăm và làm việc tại Sở Tư pháp 04 tỉnh Nam Lào nhằm đẩy mạnh phối hợp "
    "và hỗ trợ chuyên môn giữa các bên.",
]


def _spec_bytes(encode, sentence: str) -> bytes:
    return b"loai: ke_hoach\nso: 12/KH-UBND\ntrich_yeu: " + encode(sentence) + b"\n"


def _first_non_ascii(raw: bytes) -> tuple[int, int]:
    i = next(i for i, b in enumerate(raw) if b >= 0x80)
    return raw.count(b"\n", 0, i) + 1, i - (raw.rfind(b"\n", 0, i) + 1) + 1


def _first_bad_byte(raw: bytes) -> tuple[int, int]:
    """Where UTF-8 decoding fails: line, and column counted in characters."""
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        start = raw.rfind(b"\n", 0, exc.start) + 1
        return raw.count(b"\n", 0, exc.start) + 1, len(raw[start : exc.start].decode("utf-8")) + 1
    raise AssertionError("valid UTF-8")


def _refused(path) -> tuple:
    with pytest.raises(SpecError) as info:
        load_spec(path)
    assert info.value.exit_code == ExitCode.SPEC_INVALID
    problem = info.value.problems[0]
    return problem, info.value.format()


# --------------------------------------------------------------------------- the tables themselves


def test_tables_reproduce_the_known_spellings():
    assert to_vni("Hà Nội") == "Haø Noäi".encode("latin-1")
    assert to_vni("Việt Nam") == "Vieät Nam".encode("latin-1")
    assert to_vni("người Đà Nẵng") == "ngöôøi Ñaø Naüng".encode("latin-1")
    assert to_tcvn3("Hà Nội") == "Hµ Néi".encode("latin-1")
    assert to_tcvn3("Việt Nam") == "ViÖt Nam".encode("latin-1")
    assert to_cp1258("Việt") == b"Vi\xea\xf2t" and to_cp1258("Hà") == b"H\xe0"
    assert to_cp1258("Hà", precomposed=False) == b"Ha\xcc"
    assert len(VNI) == len(TCVN3) == 2 * sum(len(r) for r in ROWS)


@pytest.mark.skipif(shutil.which("iconv") is None, reason="iconv not installed")
def test_tcvn3_table_agrees_with_glibc():
    probe = subprocess.run(["iconv", "-f", "TCVN5712-1", "-t", "UTF-8"], input=b"a", capture_output=True)
    if probe.returncode != 0:
        pytest.skip("iconv has no TCVN5712-1")
    letters = "".join(ROWS) + "".join(TCVN3_CAPITALS)
    raw = b"".join(TCVN3[ch] for ch in letters)
    got = subprocess.run(["iconv", "-f", "TCVN5712-1", "-t", "UTF-8"], input=raw, capture_output=True, check=True)
    assert got.stdout.decode() == letters


# --------------------------------------------------------------------------- legacy encodings are named


@pytest.mark.parametrize("sentence", SENTENCES, ids=lambda s: s[:24])
@pytest.mark.parametrize("label", list(ENCODERS))
def test_legacy_encoding_is_named_at_first_bad_byte(write_spec, label, sentence):
    raw = _spec_bytes(ENCODERS[label], sentence)
    problem, text = _refused(write_spec(raw))
    expected = label.split(" (dấu")[0]
    assert "tệp không phải mã UTF-8" in problem.message
    assert f"bảng mã cũ {expected}" in problem.message, text
    assert [n for n in NAMES if n in problem.message] == [expected]
    # "Kế" → col 13 (col 14 in VNI "Keá"); "TỈNH" in cp1258 → col 14 (T, I, then the hook byte)
    assert (problem.line, problem.col) == _first_non_ascii(raw) == _first_bad_byte(raw)
    assert problem.line == 3
    assert "Traceback" not in text


@pytest.mark.parametrize("label", NAMES)
def test_whole_seed_paragraphs_are_named(write_spec, label):
    body = "\n".join(f"  - {s}" for s in SENTENCES)
    raw = b"loai: ke_hoach\nghi_chu:\n" + ENCODERS[label](body) + b"\n"
    problem, text = _refused(write_spec(raw))
    assert f"bảng mã cũ {label}" in problem.message, text
    assert (problem.line, problem.col) == _first_non_ascii(raw)


def test_cli_reports_legacy_file_without_traceback(write_spec):
    spec = write_spec(_spec_bytes(to_vni, SENTENCES[0]))
    r = CliRunner().invoke(app, ["check", str(spec)])
    assert r.exit_code == ExitCode.SPEC_INVALID, r.output
    assert "tệp không phải mã UTF-8 (có vẻ là bảng mã cũ VNI)" in r.output
    assert ":3:14:" in r.output  # "trich_yeu: Ke" then the mark byte of "Keá" (Kế)
    assert "Traceback" not in r.output


def test_large_legacy_file_is_named(write_spec):
    line = ENCODERS["TCVN3 (ABC)"]("  - " + SENTENCES[3]) + b"\n"
    raw = b"loai: ke_hoach\nghi_chu:\n" + line * ((MAX_BYTES - 100) // len(line))
    problem, _ = _refused(write_spec(raw))
    assert "bảng mã cũ TCVN3 (ABC)" in problem.message and problem.line == 3


def test_column_counts_characters_after_valid_utf8(write_spec):
    raw = "loai: ke_hoach\ntrich_yeu: Kế hoạch — ".encode() + to_cp1258("Hội nghị tổng kết công tác") + b"\n"
    problem, text = _refused(write_spec(raw))
    assert (problem.line, problem.col) == (2, len("trich_yeu: Kế hoạch — H") + 1), text
    assert "Windows-1258" in problem.message


# --------------------------------------------------------------------------- no misfires


@pytest.mark.parametrize(
    "raw",
    [
        b"loai: ke_hoach\ntrich_yeu: " + to_tcvn3("Hà Nội") + b"\n",  # 2 bytes
        b"loai: ke_hoach\ntrich_yeu: " + to_vni("Hà Nội") + b"\n",  # 2 bytes
        b"loai: ke_hoach\ntrich_yeu: " + to_cp1258("Hà") + b"\n",  # 1 byte
        "loai: ke_hoach\ntrich_yeu: Kế hoạch ".encode() + b"\x96 2026\n",  # one cp1252 dash in UTF-8
        "loai: ke_hoach\ntrich_yeu: Café crème brûlée à la française, résumé\n".encode("latin-1"),
        "loai: ke_hoach\ntrich_yeu: Größenänderung für Straßenübergänge\n".encode("latin-1"),
    ],
    ids=["tcvn3-short", "vni-short", "cp1258-short", "stray-dash", "french", "german"],
)
def test_no_encoding_named_when_it_cannot_tell(write_spec, raw):
    problem, text = _refused(write_spec(raw))
    assert "tệp không phải mã UTF-8" in problem.message
    assert "có vẻ là" not in problem.message and not any(n in problem.message for n in NAMES), text
    assert (problem.line, problem.col) == _first_bad_byte(raw)


def test_random_high_bytes_name_no_encoding(write_spec):
    rng = random.Random(1258)
    raw = b"loai: ke_hoach\ntrich_yeu: " + bytes(rng.choice([0x20] + list(range(0x80, 0x100))) for _ in range(4000))
    problem, text = _refused(write_spec(raw))
    assert "tệp không phải mã UTF-8" in problem.message
    assert not any(n in problem.message for n in NAMES), text


# --------------------------------------------------------------------------- BOM, UTF-16, binary, size


def test_utf8_with_bom_loads(write_spec):
    loaded = load_spec(write_spec(b"\xef\xbb\xbf" + f"loai: ke_hoach\ntrich_yeu: {SENTENCES[0]}\n".encode()))
    assert loaded.data["trich_yeu"] == SENTENCES[0]


@pytest.mark.parametrize("form", ["NFC", "NFD"])
@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("bom", [True, False], ids=["bom", "no-bom"])
def test_utf16_is_refused(write_spec, codec, bom, form):
    mark = ("\ufeff" if bom else "").encode(codec)
    text = unicodedata.normalize(form, f"loai: ke_hoach\ntrich_yeu: {SENTENCES[0]}\n")
    raw = mark + text.encode(codec)
    problem, text = _refused(write_spec(raw))
    assert "UTF-16" in problem.message and "UTF-8" in problem.message, text
    assert (problem.line, problem.col) == (1, 1)


def test_utf32_is_refused(write_spec):
    problem, _ = _refused(write_spec("loai: ke_hoach\n".encode("utf-32")))
    assert "UTF-32" in problem.message


@pytest.mark.parametrize(
    "raw",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x06\x00\x00\x00\\r\xa8f",
        b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\xdf\xa4\xd2lZ\x01",
        random.Random(7).randbytes(3000),
        bytes(random.Random(8).choices(range(1, 0x20), k=500)),
    ],
    ids=["png", "docx", "random", "controls"],
)
def test_binary_file_gives_clean_error(write_spec, raw):
    problem, text = _refused(write_spec(raw))
    assert "tệp không phải văn bản" in problem.message, text
    assert (problem.line, problem.col) == (1, 1)
    r = CliRunner().invoke(app, ["check", str(write_spec(raw))])
    assert r.exit_code == ExitCode.SPEC_INVALID and "Traceback" not in r.output


def test_empty_and_too_large_files(write_spec):
    problem, _ = _refused(write_spec(b""))
    assert "tệp rỗng" in problem.message
    problem, _ = _refused(write_spec(b"\xef\xbb\xbf"))
    assert "tệp rỗng" in problem.message
    problem, _ = _refused(write_spec(b"loai: ke_hoach\n" + b"# " + b"x" * MAX_BYTES + b"\n"))
    assert problem.message == "tệp quá lớn (trên 20 MB); đặc tả không thể lớn như vậy"
