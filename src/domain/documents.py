"""Documents filed in dossiers: their values, and the pure rules of their upload and download — file names, tags,
titles, blob keys, `Content-Disposition` (RFC 6266 with RFC 5987's `filename*`) and `Range` (RFC 9110, one range).

What the bytes are is decided in `domain/document_types.py`; their text in `domain/document_text.py`.
"""

from __future__ import annotations

import base64
import json
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import quote, unquote

from domain.document_types import extension_of
from domain.errors import InvalidInput
from domain.mail.names import safe_name

MAX_TITLE_CHARS = 300
MAX_TAGS = 20
MAX_TAG_CHARS = 50
DEFAULT_MAX_UPLOAD_BYTES = 50 * 1024 * 1024
DOCUMENT_NOT_FOUND = "Document introuvable."


class TextStatus(StrEnum):
    PENDING = "en_attente"  # the `document.text` job has not run yet
    EXTRACTED = "extrait"
    EMPTY = "vide"  # a readable format without text (a scanned PDF)
    UNSUPPORTED = "non_pris_en_charge"  # images, audio, spreadsheets…
    FAILED = "echec"  # broken, encrypted or too costly to read


@dataclass(frozen=True)
class DocumentVersion:
    document_id: str
    version: int
    file_name: str
    blob_key: str
    size: int
    sha256: str
    content_type: str  # what the bytes are (sniffed)
    declared_type: str  # what the uploader said
    text_status: TextStatus
    uploaded_by: str
    uploaded_at: str


@dataclass(frozen=True)
class Document:
    id: str
    cabinet_id: str
    dossier_id: str | None
    title: str
    tags: tuple[str, ...]
    current: DocumentVersion  # the current version
    created_by: str
    created_at: str
    updated_at: str
    deleted_at: str | None = None


def blob_key(cabinet_id: str, document_id: str, version: int, attempt: str) -> str:
    """Every upload attempt writes its own key (`attempt` a new id): two uploads racing for one version number
    never share bytes, so the loser's cleanup cannot delete what the winner's row points to."""
    return f"cabinets/{cabinet_id}/documents/{document_id}/v{version}-{attempt}"


def file_name_of(header: str | None, content_type: str) -> str:
    """The uploaded file's name from `X-File-Name` (percent-encoded UTF-8), made one safe plain name; without one,
    "document" with the usual extension of what the bytes are."""
    fallback = f"document.{extension_of(content_type)}"
    if not header:
        return fallback
    return safe_name(unquote(header.strip(), errors="replace"), fallback)


def valid_title(title: str | None, file_name: str) -> str:
    """The title given, else the file name; one line, at most MAX_TITLE_CHARS."""
    chosen = " ".join((title or "").split()) or file_name
    if len(chosen) > MAX_TITLE_CHARS:
        raise InvalidInput(f"Le titre dépasse {MAX_TITLE_CHARS} caractères.", field="title")
    return chosen


def parse_tags(text: str | list[str] | None) -> tuple[str, ...]:
    """Tags from a comma-separated string (the upload's query) or a list (a PATCH body): trimmed, NFC, in lower
    case, without duplicates, in the order given."""
    if text is None:
        return ()
    pieces = text.split(",") if isinstance(text, str) else text
    tags: list[str] = []
    for piece in pieces:
        tag = " ".join(unicodedata.normalize("NFC", piece).split()).lower()
        if not tag or tag in tags:
            continue
        if len(tag) > MAX_TAG_CHARS:
            raise InvalidInput(f"Une étiquette dépasse {MAX_TAG_CHARS} caractères.", field="tags")
        tags.append(tag)
    if len(tags) > MAX_TAGS:
        raise InvalidInput(f"Au plus {MAX_TAGS} étiquettes par document.", field="tags")
    return tuple(tags)


_ATTR_CHARS = "!#$&+-.^_`|~"  # RFC 5987 attr-char beyond letters and digits


# What a browser shows by itself without running anything the file carries: other types (mail, office files,
# archives) are always sent as attachments, even when asked inline.
_SHOWN_INLINE = frozenset({"application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp", "text/plain"})


def may_show_inline(content_type: str) -> bool:
    """Whether a version of this (sniffed) type may be sent `inline` for a preview."""
    return content_type in _SHOWN_INLINE or content_type.startswith("audio/")


def content_disposition(file_name: str, *, inline: bool = False) -> str:
    """`attachment; filename="ascii fallback"; filename*=UTF-8''percent-encoded` (RFC 6266 section 4.3: old
    clients read the first, every current one the second)."""
    kind = "inline" if inline else "attachment"
    decomposed = unicodedata.normalize("NFKD", file_name)
    ascii_name = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    fallback = "".join(ch if " " <= ch <= "~" and ch not in '"\\%' else "_" for ch in ascii_name).strip() or "document"
    return f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{quote(file_name, safe=_ATTR_CHARS)}"


@dataclass(frozen=True)
class ByteSpan:
    start: int
    end: int  # inclusive, as Content-Range writes it

    @property
    def length(self) -> int:
        return self.end - self.start + 1

    def content_range(self, size: int) -> str:
        return f"bytes {self.start}-{self.end}/{size}"


class Unsatisfiable:
    """A range that selects nothing of the content: 416 with `Content-Range: bytes */size`."""

    @staticmethod
    def content_range(size: int) -> str:
        return f"bytes */{size}"


def parse_range(header: str | None, size: int) -> ByteSpan | Unsatisfiable | None:
    """One `bytes=` range of content of `size` bytes: `a-b`, `a-` or `-n`. None (the whole content, 200) when there
    is no header, or one this server ignores as RFC 9110 allows: malformed, another unit, several ranges."""
    if header is None:
        return None
    unit, _, spec = header.strip().partition("=")
    if unit.strip().lower() != "bytes" or "," in spec:
        return None
    first, dash, last = spec.strip().partition("-")
    first, last = first.strip(), last.strip()
    if not dash or not _digits_or_empty(first) or not _digits_or_empty(last) or first == last == "":
        return None
    if first == "":  # the last n bytes
        suffix = int(last)
        return ByteSpan(max(0, size - suffix), size - 1) if suffix > 0 and size > 0 else Unsatisfiable()
    start = int(first)
    end = size - 1 if last == "" else int(last)
    if last != "" and end < start:
        return None
    if start >= size:
        return Unsatisfiable()
    return ByteSpan(start, min(end, size - 1))


def _digits_or_empty(text: str) -> bool:
    return text == "" or (text.isascii() and text.isdigit())


# --- lists: sorts and opaque keyset cursors

DOCUMENT_SORTS = ("-created_at", "title")
CURSOR_REFUSED = "Curseur invalide pour cette liste : repartez de la première page."


def valid_sort(sort: str | None) -> str:
    chosen = sort or DOCUMENT_SORTS[0]
    if chosen not in DOCUMENT_SORTS:
        raise InvalidInput(f"Tri inconnu : choisissez parmi {', '.join(DOCUMENT_SORTS)}.", field="sort")
    return chosen


def encode_cursor(sort: str, keys: tuple[str, str]) -> str:
    """The position after the last item of a page: which list and sort it belongs to, and that item's sort keys."""
    raw = json.dumps(["documents", sort, *keys], ensure_ascii=False).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, sort: str) -> tuple[str, str]:
    """The keys of a cursor made by `encode_cursor` for this sort; 422 `curseur` for anything else."""
    try:
        raw = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except ValueError:
        raw = None
    if not (isinstance(raw, list) and len(raw) == 4 and raw[:2] == ["documents", sort]) or not all(
        isinstance(key, str) for key in raw[2:]
    ):
        raise InvalidInput(CURSOR_REFUSED, field="cursor", code="curseur")
    return raw[2], raw[3]
