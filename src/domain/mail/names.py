"""Attachment names made safe to show and to store: one plain file name, never a path or a trick.

Used for MIME parts and for the files unpacked from TNEF (winmail.dat) alike. A name is NFC-normalised,
loses any directory part ("../../etc/passwd" → "passwd", "..\\..\\win.ini" → "win.ini"), control and
Unicode format characters (NUL, ESC, the U+202E right-to-left override that turns "fdp.exe" into a
fake ".pdf"), and is trimmed to 255 UTF-8 bytes keeping its extension. "", "." and ".." give the fallback.
"""

from __future__ import annotations

import unicodedata

MAX_NAME_BYTES = 255
_MAX_EXTENSION_BYTES = 16
_DROPPED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


def _trim(name: str, limit: int = MAX_NAME_BYTES) -> str:
    if len(name.encode("utf-8")) <= limit:
        return name
    stem, dot, extension = name.rpartition(".")
    suffix = f".{extension}" if dot and stem and len(extension.encode("utf-8")) <= _MAX_EXTENSION_BYTES else ""
    if not suffix:
        stem = name
    kept = stem.encode("utf-8")[: limit - len(suffix.encode("utf-8"))].decode("utf-8", "ignore")
    return unicodedata.normalize("NFC", kept).rstrip() + suffix


def safe_name(name: str, fallback: str) -> str:
    """A plain, bounded file name for `name`; `fallback` when nothing usable is left."""
    name = unicodedata.normalize("NFC", name)
    name = name.replace("\\", "/").split("/")[-1]  # never a path
    name = "".join(" " if ch in "\t\r\n" else ch for ch in name)
    name = "".join(ch for ch in name if unicodedata.category(ch) not in _DROPPED_CATEGORIES).strip()
    if not name.strip("."):
        return fallback
    return _trim(name)
