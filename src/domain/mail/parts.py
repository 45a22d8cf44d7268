"""Per-part helpers: content types, decoded payload bytes, attachment names."""

from __future__ import annotations

import re
from email.message import Message

from domain.mail.charsets import decode_bytes, repair_surrogates
from domain.mail.headers import _decode_words, raw_header
from domain.mail.names import safe_name

_NAME_PARAM = re.compile(r"""(?:file)?name\s*=\s*(?:"([^"]*)"|([^;\s]+))""", re.IGNORECASE)


def content_type(part: Message) -> str:
    try:
        value = part.get_content_type()
    except Exception:
        return "application/octet-stream"
    return value if "/" in value else "application/octet-stream"


def disposition(part: Message) -> str:
    try:
        return part.get_content_disposition() or ""
    except Exception:
        return ""


def charset_of(part: Message) -> str | None:
    try:
        value = part.get_param("charset")
    except Exception:
        return None
    if isinstance(value, tuple):  # an RFC 2231 (charset, language, value) triple
        value = value[2]
    return str(value) if value else None


def payload_bytes(part: Message, defects: list[str]) -> bytes:
    """The part's body with its transfer encoding undone (raw bytes when the encoding is unknown)."""
    try:
        data = part.get_payload(decode=True)
    except Exception as exc:
        defects.append(f"payload: {type(exc).__name__}")
        data = None
    if isinstance(data, bytes):
        return data
    raw = part.get_payload()
    if isinstance(raw, str):
        return raw.encode("utf-8", "surrogateescape")
    if isinstance(raw, list):
        try:
            return b"".join(m.as_bytes() for m in raw if isinstance(m, Message))
        except Exception:
            return b""
    return b""


UNNAMED = "attachment"


def _clean_name(name: str) -> str:
    name = repair_surrogates(name)
    if "=?" in name and "?=" in name:
        name = _decode_words(name)
    return safe_name(name, UNNAMED)


def _raw_param(part: Message, header: str, param: str) -> str:
    """A parameter re-read from the raw header, so that RFC 2231 bytes go through our charset fallbacks."""
    raw = raw_header(part, header)
    if not raw:
        return ""
    legacy = Message()
    legacy[header] = raw
    value = legacy.get_param(param, header=header)
    if isinstance(value, tuple):
        charset, _lang, text = value
        return decode_bytes(str(text).encode("latin-1", "surrogateescape"), charset)[0]
    return str(value) if value else ""


def filename_of(part: Message) -> str:
    """The attachment's name from Content-Disposition or Content-Type, decoded (RFC 2231, 2047, raw 8-bit)."""
    for header, param in (("content-disposition", "filename"), ("content-type", "name")):
        try:
            name = part.get_param(param, header=header)
        except Exception:
            name = None
        if isinstance(name, tuple):
            name = name[2]
        if name and "\ufffd" in str(name):
            name = _raw_param(part, header, param) or name
        if name:
            return _clean_name(str(name))
    for header in ("content-disposition", "content-type"):
        match = _NAME_PARAM.search(raw_header(part, header) or "")
        if match:
            return _clean_name(match.group(1) or match.group(2))
    return ""


def content_id(part: Message) -> str:
    raw = raw_header(part, "content-id") or ""
    return raw.strip().strip("<>").strip()
