"""What a document's bytes are, from their first bytes (magic numbers), and whether that agrees with the type the
uploader declared.

The sniffed type is the one the application trusts and serves (with `X-Content-Type-Options: nosniff`): a file
declared `text/html` whose bytes are text is served as `text/plain`, never as a page. The declared type only decides
whether to refuse: a "PDF" that is an executable, a "PNG" that is a PDF, contradict their bytes (415). Generic
declarations (`application/octet-stream`, none at all) accept anything, and a declared type this module cannot
recognise from bytes (`application/msword`, `image/tiff`) is only refused when the bytes are recognisably something
else.
"""

from __future__ import annotations

import re

SNIFF_BYTES = 64 * 1024  # what the upload reads before it decides (a DOCX's inner names come early)
OCTET_STREAM = "application/octet-stream"
ZIP = "application/zip"
PDF = "application/pdf"
TEXT = "text/plain"
MAIL = "message/rfc822"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
ODT = "application/vnd.oasis.opendocument.text"
ODS = "application/vnd.oasis.opendocument.spreadsheet"
ODP = "application/vnd.oasis.opendocument.presentation"

_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"OggS", "audio/ogg"),
    (b"fLaC", "audio/flac"),
    (b"ID3", "audio/mpeg"),
    (b"#!AMR", "audio/amr"),
    (b"\x1aE\xdf\xa3", "audio/webm"),
)
_OOXML_PARTS = ((b"word/document.xml", DOCX), (b"xl/workbook.xml", XLSX), (b"ppt/presentation.xml", PPTX))
_ZIP_FAMILIES = ("application/vnd.openxmlformats-officedocument.", "application/vnd.oasis.opendocument.")
_ODF = {ODT, ODS, ODP, "application/vnd.oasis.opendocument.graphics"}
# The WHATWG sniffing standard's "binary data bytes": text never holds them.
_BINARY_BYTES = re.compile(rb"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f]")
_HEADER_LINE = re.compile(rb"([A-Za-z0-9-]+):[ \t]*[^\r\n]*\r?\n")
_MAIL_HEADERS = frozenset({b"from", b"to", b"subject", b"date", b"received", b"message-id", b"mime-version",
                           b"return-path", b"cc", b"reply-to", b"delivered-to", b"content-type"})  # fmt: skip

GENERIC_DECLARED = frozenset({
    "", OCTET_STREAM, "binary/octet-stream", "application/unknown", "application/x-unknown",
    "application/download", "application/x-download", "application/force-download", "unknown/unknown",
})  # fmt: skip
_ALIASES = {
    "image/jpg": "image/jpeg", "image/pjpeg": "image/jpeg", "application/x-pdf": PDF, "application/acrobat": PDF,
    "audio/mp3": "audio/mpeg", "audio/x-mp3": "audio/mpeg", "audio/mpeg3": "audio/mpeg", "audio/x-mpeg": "audio/mpeg",
    "audio/x-wav": "audio/wav", "audio/wave": "audio/wav", "audio/vnd.wave": "audio/wav",
    "audio/x-m4a": "audio/mp4", "audio/m4a": "audio/mp4", "audio/x-flac": "audio/flac", "application/ogg": "audio/ogg",
    "application/x-zip-compressed": ZIP, "application/x-zip": ZIP, "text/x-plain": TEXT,
}  # fmt: skip
_KNOWN_FROM_BYTES = frozenset({PDF, ZIP, DOCX, XLSX, PPTX, *_ODF, TEXT, MAIL}) | {t for _, t in _SIGNATURES} | {
    "image/webp", "audio/wav", "audio/mp4", "audio/aac", "video/mp4"}  # fmt: skip


def sniff(head: bytes) -> str:
    """The media type of content starting with `head` (up to SNIFF_BYTES of it)."""
    if b"%PDF-" in head[:1024]:
        return PDF
    for signature, media_type in _SIGNATURES:
        if head.startswith(signature):
            return media_type
    if head[:4] == b"RIFF" and head[8:12] in (b"WEBP", b"WAVE"):
        return "image/webp" if head[8:12] == b"WEBP" else "audio/wav"
    if head[4:8] == b"ftyp":
        return "audio/mp4" if head[8:11] in (b"M4A", b"M4B", b"M4P") else "video/mp4"
    if len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0:  # an MPEG audio frame (MP3) or ADTS (AAC)
        return "audio/aac" if head[1] & 0x06 == 0 else "audio/mpeg"
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _zip_kind(head)
    if not head or _BINARY_BYTES.search(head):
        return OCTET_STREAM
    return MAIL if _looks_like_mail(head) else TEXT


def _zip_kind(head: bytes) -> str:
    """OpenDocument names its type in a first, stored entry `mimetype`; Office Open XML by its inner part names."""
    name_length = int.from_bytes(head[26:28], "little")
    extra_length = int.from_bytes(head[28:30], "little")
    if head[30 : 30 + name_length] == b"mimetype":
        start = 30 + name_length + extra_length
        declared = head[start : start + int.from_bytes(head[18:22], "little")].decode("ascii", "replace")
        if declared in _ODF:
            return declared
    for part, media_type in _OOXML_PARTS:
        if part in head:
            return media_type
    return ZIP


def _looks_like_mail(head: bytes) -> bool:
    """RFC 822: starts with header fields (an mbox `From ` line allowed), two or more of them ones mail carries."""
    text = head.split(b"\n", 1)[1] if head.startswith(b"From ") and b"\n" in head else head
    known = 0
    position = 0
    for _ in range(40):
        line = _HEADER_LINE.match(text, position)
        if line is None:
            break
        known += line.group(1).lower() in _MAIL_HEADERS
        position = line.end()
        while text[position : position + 1] in (b" ", b"\t"):  # folded continuation lines
            position = text.find(b"\n", position) + 1 or len(text)
    return known >= 2


def normalise_declared(declared: str | None) -> str:
    media_type = (declared or "").split(";", 1)[0].strip().lower()
    return _ALIASES.get(media_type, media_type)


def coherent(declared: str | None, sniffed: str) -> bool:
    """Whether the declared type agrees with what the bytes are (the rule in this module's docstring)."""
    wanted = normalise_declared(declared)
    if wanted in GENERIC_DECLARED or wanted == sniffed:
        return True
    if sniffed == ZIP:  # a container whose inner names came too late to tell: any ZIP-based format fits
        return wanted == ZIP or wanted.endswith("+zip") or wanted.startswith(_ZIP_FAMILIES)
    if wanted == ZIP:
        return sniffed in {DOCX, XLSX, PPTX, *_ODF}
    if sniffed in (TEXT, MAIL):  # text is what a declared text type or an unrecognisable one may be
        return wanted.startswith("text/") or wanted == MAIL or wanted not in _KNOWN_FROM_BYTES
    if sniffed == OCTET_STREAM:
        return wanted not in _KNOWN_FROM_BYTES and not wanted.startswith("text/")
    if sniffed.startswith(("audio/", "video/")):  # containers and codecs are named loosely by recorders
        return wanted.startswith(("audio/", "video/"))
    return False


_EXTENSIONS = {
    PDF: "pdf", "image/png": "png", "image/jpeg": "jpg", "image/gif": "gif", "image/webp": "webp", ZIP: "zip",
    DOCX: "docx", XLSX: "xlsx", PPTX: "pptx", ODT: "odt", ODS: "ods", ODP: "odp", TEXT: "txt", MAIL: "eml",
    "audio/mpeg": "mp3", "audio/wav": "wav", "audio/ogg": "ogg", "audio/mp4": "m4a", "audio/flac": "flac",
}  # fmt: skip


def extension_of(media_type: str) -> str:
    """The usual file extension of a sniffed type ("bin" for unknown bytes), for a file sent without a name."""
    return _EXTENSIONS.get(media_type, "bin")
