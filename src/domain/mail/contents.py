"""What is inside some attachments: calendar events, TNEF (winmail.dat) files, PDF text."""

from __future__ import annotations

import dataclasses
import io
import itertools
import logging
import re
import warnings
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from domain.mail.charsets import decode_bytes
from domain.mail.model import CalendarEvent
from domain.mail.names import safe_name


@contextmanager
def _quiet() -> Iterator[None]:
    """Third-party readers warn and log on odd input: we record defects ourselves instead."""
    loggers = [logging.getLogger(name) for name in ("pypdf", "tnefparse", "icalendar")]
    previous = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        for logger, level in zip(loggers, previous, strict=True):
            logger.setLevel(level)


def _when(value: Any) -> str:
    moment = getattr(value, "dt", value)
    if isinstance(moment, datetime | date):
        return moment.isoformat()
    return "" if moment is None else str(moment)


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


MAX_CALENDAR_BYTES = 1024 * 1024
MAX_CALENDAR_EVENTS = 500
_BEGIN_EVENT = re.compile(rb"(?im)^begin:vevent[ \t]*\r?$")


def _calendar_too_big(data: bytes, defects: list[str]) -> bool:
    """icalendar builds every component in memory, slowly: 100,000 VEVENTs (8 MB) never finished."""
    if len(data) > MAX_CALENDAR_BYTES:
        defects.append(f"calendar: over {MAX_CALENDAR_BYTES} bytes, not read")
        return True
    if sum(1 for _ in itertools.islice(_BEGIN_EVENT.finditer(data), MAX_CALENDAR_EVENTS + 1)) > MAX_CALENDAR_EVENTS:
        defects.append(f"calendar: over {MAX_CALENDAR_EVENTS} events, not read")
        return True
    return False


def calendar_events(data: bytes, defects: list[str]) -> tuple[CalendarEvent, ...]:
    """The VEVENTs of an iCalendar payload (none, with a defect, when it is unreadable or too big)."""
    if _calendar_too_big(data, defects):
        return ()
    try:
        from icalendar import Calendar

        with _quiet():
            calendar = Calendar.from_ical(decode_bytes(data, "utf-8")[0])
            method = _text(calendar.get("method"))
            return tuple(
                CalendarEvent(
                    summary=_text(event.get("summary")),
                    start=_when(event.get("dtstart")),
                    end=_when(event.get("dtend")),
                    location=_text(event.get("location")),
                    description=_text(event.get("description")),
                    uid=_text(event.get("uid")),
                    method=method,
                    organizer=_text(event.get("organizer")),
                )
                for event in calendar.walk("VEVENT")
            )
    except Exception as exc:
        defects.append(f"calendar: {type(exc).__name__}")
        return ()


@dataclass(frozen=True, slots=True)
class TnefFile:
    name: str
    data: bytes


@dataclass(frozen=True, slots=True)
class TnefContent:
    files: tuple[TnefFile, ...]
    body: str
    html: str


def _tnef_name(attachment: Any, index: int) -> str:
    for getter in ("long_filename", "name"):
        try:
            value = getattr(attachment, getter)
            value = value() if callable(value) else value
        except Exception:
            continue
        if isinstance(value, bytes):
            value = decode_bytes(value)[0]
        if value:
            return safe_name(str(value), f"attachment-{index}")
    return f"attachment-{index}"


MAX_TNEF_BYTES = 5 * 1024 * 1024
MAX_TNEF_OBJECTS = 4000
_TNEF_COPY_BUDGET = 256 * 1024 * 1024
_TNEF_HEADER, _TNEF_OBJECT_OVERHEAD = 6, 11


def _tnef_refusal(data: bytes) -> str:
    """Why a winmail.dat is not handed to tnefparse ("" when it may be): tnefparse copies the rest of the
    blob for every object it reads, so 300,000 tiny objects took 47 s. The object headers are walked here
    first (no copy) to bound their number and the bytes that parser would copy."""
    if len(data) > MAX_TNEF_BYTES:
        return f"over {MAX_TNEF_BYTES} bytes, not unpacked"
    offset, objects, copied = _TNEF_HEADER, 0, 0
    while offset + 12 < len(data):
        objects += 1
        copied += len(data) - offset
        if objects > MAX_TNEF_OBJECTS or copied > _TNEF_COPY_BUDGET:
            return "too many objects, not unpacked"
        declared = int.from_bytes(data[offset + 5 : offset + 9], "little")
        offset += min(len(data) - offset, declared + _TNEF_OBJECT_OVERHEAD)
    return ""


def unpack_tnef(data: bytes, defects: list[str]) -> TnefContent | None:
    """The files and body inside an Outlook winmail.dat, or None when it cannot or may not be read."""
    refusal = _tnef_refusal(data)
    if refusal:
        defects.append(f"tnef: {refusal}")
        return None
    try:
        import tnefparse

        with _quiet():
            tnef = tnefparse.TNEF(data)
            files = tuple(
                TnefFile(_tnef_name(att, i), bytes(att.data or b"")) for i, att in enumerate(tnef.attachments)
            )
            body = tnef.body if isinstance(tnef.body, str) else decode_bytes(tnef.body or b"")[0]
            html_raw = tnef.htmlbody or b""
            html = html_raw if isinstance(html_raw, str) else decode_bytes(html_raw)[0]
        return TnefContent(files, body or "", html)
    except Exception as exc:
        defects.append(f"tnef: {type(exc).__name__}")
        return None


MAX_PDF_STREAM_BYTES = 8 * 1024 * 1024
_PDF_LIMITS = (
    "maximum_declared_stream_length",
    "array_based_stream_maximum_output_length",
    "jbig2_maximum_output_length",
    "lzw_maximum_output_length",
    "run_length_maximum_output_length",
    "zlib_maximum_output_length",
    "brotli_maximum_output_length",
    "image_maximum_buffer_size",
    "xmp_maximum_input_length",
    "stream_decoding_work_maximum_length",
)


def _pdf_limits() -> AbstractContextManager[Any]:
    """pypdf's decompression limits lowered for this call only (pypdf >= 7 keeps its configuration in a
    context variable: nothing global changes). Its defaults (75 MB per stream) let a 400 KB FlateDecode
    bomb reach 190 MB, more than a 128 MB Worker holds."""
    try:
        from pypdf import Configuration, apply_configuration, get_configuration
    except ImportError:  # an older pypdf: its own defaults apply
        return nullcontext()
    known = {f.name for f in dataclasses.fields(Configuration)}
    lowered = {name: MAX_PDF_STREAM_BYTES for name in _PDF_LIMITS if name in known}
    return apply_configuration(get_configuration().with_overwrites(**lowered))


def pdf_text(data: bytes, max_pages: int, defects: list[str]) -> str:
    """Text of the first pages of a PDF ("" for scans, encrypted or broken files, with a defect)."""
    if b"%PDF-" not in data[:1024]:
        defects.append("pdf: no PDF header")
        return ""
    try:
        from pypdf import PdfReader

        with _quiet(), _pdf_limits():
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted and not reader.decrypt(""):
                defects.append("pdf: encrypted")
                return ""
            texts = [page.extract_text() or "" for page in reader.pages[:max_pages]]
        return "\n".join(text.strip() for text in texts if text.strip())
    except Exception as exc:
        defects.append(f"pdf: {type(exc).__name__}")
        return ""
