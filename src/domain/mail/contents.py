"""What is inside some attachments: calendar events, TNEF (winmail.dat) files, PDF text."""

from __future__ import annotations

import io
import logging
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from domain.mail.charsets import decode_bytes
from domain.mail.model import CalendarEvent


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


def calendar_events(data: bytes, defects: list[str]) -> tuple[CalendarEvent, ...]:
    """The VEVENTs of an iCalendar payload (none, with a defect, when it is unreadable)."""
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
            return str(value).strip("\x00 ")
    return f"attachment-{index}"


def unpack_tnef(data: bytes, defects: list[str]) -> TnefContent | None:
    """The files and body inside an Outlook winmail.dat, or None when it cannot be read."""
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


def pdf_text(data: bytes, max_pages: int, defects: list[str]) -> str:
    """Text of the first pages of a PDF ("" for scans, encrypted or broken files, with a defect)."""
    if b"%PDF-" not in data[:1024]:
        defects.append("pdf: no PDF header")
        return ""
    try:
        from pypdf import PdfReader

        with _quiet():
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted and not reader.decrypt(""):
                defects.append("pdf: encrypted")
                return ""
            texts = [page.extract_text() or "" for page in reader.pages[:max_pages]]
        return "\n".join(text.strip() for text in texts if text.strip())
    except Exception as exc:
        defects.append(f"pdf: {type(exc).__name__}")
        return ""
