"""Turning bytes of any declared (or wrongly declared) charset into text, never failing."""

from __future__ import annotations

import codecs

# Labels seen in the wild that Python does not know, mapped to what senders meant.
_ALIASES = {
    "unknown-8bit": "windows-1252",
    "x-unknown": "windows-1252",
    "unknown": "windows-1252",
    "default": "windows-1252",
    "x-user-defined": "windows-1252",
    "iso-8859-8-i": "iso-8859-8",
    "ks_c_5601-1987": "cp949",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "utf8": "utf-8",
    "us-ascii": "utf-8",  # plenty of "us-ascii" parts actually carry UTF-8 or Latin-1
    "ascii": "utf-8",
    "iso-8859-1": "windows-1252",  # the WHATWG rule: Latin-1 labels mean windows-1252
    "latin1": "windows-1252",
    "latin-1": "windows-1252",
}


def normalise_charset(label: str | None) -> str | None:
    """A codec name Python knows for `label`, or None when it is missing or unknown."""
    if not label:
        return None
    cleaned = label.strip().strip("\"'").lower()
    cleaned = _ALIASES.get(cleaned, cleaned)
    try:
        return codecs.lookup(cleaned).name
    except (LookupError, ValueError):
        return None


def decode_bytes(data: bytes, declared: str | None = None, hint: str | None = None) -> tuple[str, str]:
    """Text and the codec used: the declared charset, then UTF-8, the hint, windows-1252, then Latin-1."""
    tried: list[str] = []
    for candidate in (normalise_charset(declared), "utf-8", normalise_charset(hint), "cp1252"):
        if candidate is None or candidate in tried:
            continue
        tried.append(candidate)
        try:
            return data.decode(candidate), candidate
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("latin-1"), "latin-1"


def repair_surrogates(text: str, hint: str | None = None) -> str:
    """Headers carrying raw 8-bit bytes come back from the parser as surrogate escapes: decode them."""
    if not any("\udc80" <= ch <= "\udcff" for ch in text):
        return text
    raw = text.encode("utf-8", "surrogateescape")
    return decode_bytes(raw, None, hint)[0]
