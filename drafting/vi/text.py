"""Vietnamese text helpers: folding diacritics to ASCII, safe and readable file names."""
from __future__ import annotations

import re
import unicodedata

_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}


def fold(text: str) -> str:
    """"Sở Văn hóa, Thể thao và Du lịch" → "So Van hoa, The thao va Du lich" (đ/Đ become d/D)."""
    s = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return unicodedata.normalize("NFC", "".join(ch for ch in s if not unicodedata.combining(ch)))


def safe_filename(name: str, *, max_len: int = 60, default: str = "van-ban") -> str:
    """A readable ASCII file-name stem: lower case, words joined by "-", no separators, no "..", no reserved name."""
    s = fold(name).lower()
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-")
    s = s[:max_len].rstrip("-") or default
    if s in _RESERVED:
        s = f"{s}-{default}"
    return s
