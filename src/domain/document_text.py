"""The text of a document, for search: PDF (pypdf), DOCX and ODT (zipfile + xml.etree), plain text (charset
detected as the mail reader does), e-mail (the mail reader).

Bounded, because a hostile file must not eat a Worker's CPU and memory: at most MAX_PDF_PAGES pages, decompression
limits lowered for pypdf (as the mail reader does), XML parts of at most MAX_XML_BYTES uncompressed, MAX_TEXT_CHARS
of text kept, and `out_of_time` (from the caller, who owns the clock) asked between pages and paragraphs. Never
raises: anything a file makes go wrong is the status `echec`.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from xml.etree import ElementTree

from domain.document_types import DOCX, MAIL, ODT, PDF, TEXT
from domain.documents import TextStatus
from domain.mail.charsets import decode_bytes
from domain.mail.contents import _pdf_limits, _quiet
from domain.mail.reader import read_message

MAX_PDF_PAGES = 100
MAX_XML_BYTES = 20 * 1024 * 1024
MAX_TEXT_CHARS = 200_000  # what the search index keeps of a body (d1/search_index.MAX_BODY_CHARS)
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TEXT_NS = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"


class OutOfTime(Exception):
    """The caller's time budget ran out mid-document."""


@dataclass(frozen=True)
class ExtractedText:
    status: TextStatus
    text: str = ""


def _never() -> bool:
    return False


def extract_text(data: bytes, content_type: str, out_of_time: Callable[[], bool] = _never) -> ExtractedText:
    reader = _READERS.get(content_type)
    if reader is None:
        return ExtractedText(TextStatus.UNSUPPORTED)
    try:
        text = reader(data, out_of_time)
    except Exception:  # a broken, hostile or too costly file: recorded as such, never raised out of the job
        return ExtractedText(TextStatus.FAILED)
    text = text.strip()[:MAX_TEXT_CHARS]
    return ExtractedText(TextStatus.EXTRACTED if text else TextStatus.EMPTY, text)


def _check(out_of_time: Callable[[], bool]) -> None:
    if out_of_time():
        raise OutOfTime


def _pdf(data: bytes, out_of_time: Callable[[], bool]) -> str:
    from pypdf import PdfReader

    texts: list[str] = []
    with _quiet(), _pdf_limits():
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise ValueError("encrypted PDF")
        for page in reader.pages[:MAX_PDF_PAGES]:
            _check(out_of_time)
            texts.append((page.extract_text() or "").strip())
            if sum(map(len, texts)) >= MAX_TEXT_CHARS:
                break
    return "\n".join(text for text in texts if text)


def _xml_part(data: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo(name)
        if info.file_size > MAX_XML_BYTES:
            raise ValueError(f"{name} too large")
        with archive.open(info) as part:
            content = part.read(MAX_XML_BYTES + 1)  # the header's size may lie: read no more than the bound
    if len(content) > MAX_XML_BYTES:
        raise ValueError(f"{name} too large")
    return content


def _paragraphs(content: bytes, paragraph_tags: tuple[str, ...]) -> Iterator[ElementTree.Element]:
    for _, element in ElementTree.iterparse(io.BytesIO(content), events=("end",)):
        if element.tag in paragraph_tags:
            yield element
            element.clear()


def _docx(data: bytes, out_of_time: Callable[[], bool]) -> str:
    lines: list[str] = []
    for paragraph in _paragraphs(_xml_part(data, "word/document.xml"), (f"{_W}p",)):
        _check(out_of_time)
        pieces = []
        for element in paragraph.iter():
            if element.tag == f"{_W}t":
                pieces.append(element.text or "")
            elif element.tag == f"{_W}tab":
                pieces.append("\t")
            elif element.tag in (f"{_W}br", f"{_W}cr"):
                pieces.append("\n")
        lines.append("".join(pieces))
    return "\n".join(lines)


def _odf_inline(element: ElementTree.Element, pieces: list[str], depth: int = 0) -> None:
    """Mixed content in document order: text, the special space, tab and line-break elements, then each child's
    tail. Depth is capped: a hostile nesting is cut, not followed."""
    if element.tag == f"{_TEXT_NS}s":
        pieces.append(" " * min(int(element.get(f"{_TEXT_NS}c", "1") or 1), 100))
    elif element.tag == f"{_TEXT_NS}tab":
        pieces.append("\t")
    elif element.tag == f"{_TEXT_NS}line-break":
        pieces.append("\n")
    pieces.append(element.text or "")
    for child in element if depth < 50 else ():
        _odf_inline(child, pieces, depth + 1)
        pieces.append(child.tail or "")


def _odt(data: bytes, out_of_time: Callable[[], bool]) -> str:
    lines: list[str] = []
    for paragraph in _paragraphs(_xml_part(data, "content.xml"), (f"{_TEXT_NS}p", f"{_TEXT_NS}h")):
        _check(out_of_time)
        pieces: list[str] = []
        _odf_inline(paragraph, pieces)
        lines.append("".join(pieces))
    return "\n".join(lines)


def _plain(data: bytes, out_of_time: Callable[[], bool]) -> str:
    return decode_bytes(data[: MAX_TEXT_CHARS * 4])[0]


def _mail(data: bytes, out_of_time: Callable[[], bool]) -> str:
    message = read_message(data)
    if not message.ok:
        raise ValueError(message.reason)
    names = ", ".join(mailbox.name or mailbox.address for mailbox in (*message.from_, *message.to))
    return "\n".join(part for part in (message.subject, names, message.body.full) if part)


_READERS: dict[str, Callable[[bytes, Callable[[], bool]], str]] = {
    PDF: _pdf,
    DOCX: _docx,
    ODT: _odt,
    TEXT: _plain,
    MAIL: _mail,
}
