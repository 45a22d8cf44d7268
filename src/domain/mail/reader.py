"""Reading raw RFC 5322/MIME bytes into a `ParsedMessage`, never raising on bad input."""

from __future__ import annotations

import base64
import binascii
import hashlib
import quopri
from dataclasses import dataclass, field
from email import policy
from email.message import Message
from email.parser import BytesHeaderParser, BytesParser

from domain.mail.charsets import decode_bytes
from domain.mail.contents import calendar_events, pdf_text, unpack_tnef
from domain.mail.headers import header_text, mailboxes, message_date, message_id, message_ids, raw_header
from domain.mail.html_text import html_to_text
from domain.mail.large import parse_in_parts
from domain.mail.model import Attachment, CalendarEvent, Limits, ParsedMessage, ReadStatus
from domain.mail.parts import charset_of, content_id, content_type, disposition, filename_of, payload_bytes
from domain.mail.quotes import split_body
from domain.mail.shape import structure_problem

_HEADER_BLOCK_BYTES = 65536  # a Message-ID further in is not one a sender relies on
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_CALENDAR_TYPES = frozenset({"text/calendar", "application/ics", "text/x-vcalendar"})
_TNEF_TYPES = frozenset({"application/ms-tnef", "application/vnd.ms-tnef"})


class LimitExceeded(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass
class _Walk:
    limits: Limits
    parts: int = 0
    plain: list[str] = field(default_factory=list)
    html: list[str] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    events: list[CalendarEvent] = field(default_factory=list)
    seen_events: set[CalendarEvent] = field(default_factory=set)
    forwarded: list[ParsedMessage] = field(default_factory=list)
    defects: list[str] = field(default_factory=list)
    fallback_plain: list[str] = field(default_factory=list)  # a TNEF body, used when MIME carries none
    fallback_html: list[str] = field(default_factory=list)


def read_message(raw: bytes, limits: Limits | None = None) -> ParsedMessage:
    """The message read from its raw bytes; a `malformed` result (with a reason) instead of any exception."""
    limits = limits or Limits()
    refusal = _refuse(raw, limits)
    if refusal:
        return ParsedMessage(status=ReadStatus.MALFORMED, reason=refusal, size=len(raw))
    try:
        return _read(raw, limits, depth=0)
    except LimitExceeded as exc:
        return ParsedMessage(status=ReadStatus.MALFORMED, reason=exc.reason, size=len(raw))
    except RecursionError:
        return ParsedMessage(status=ReadStatus.MALFORMED, reason="nesting_too_deep", size=len(raw))
    except MemoryError:
        return ParsedMessage(status=ReadStatus.MALFORMED, reason="too_large", size=len(raw))
    except Exception as exc:  # the last line of defence: report, never crash the mailroom
        reason = f"unreadable: {type(exc).__name__}: {exc}"[:200]
        return ParsedMessage(status=ReadStatus.MALFORMED, reason=reason, size=len(raw))


def _refuse(raw: bytes, limits: Limits) -> str:
    if not raw.strip():
        return "empty"
    if len(raw) > limits.max_bytes:
        return "too_large"
    if raw.startswith(_OLE2_MAGIC):
        return "outlook_msg_not_mime"
    if b"\x00" in raw[:4096] and b":" not in raw[:200]:
        return "binary_not_mime"
    return ""


def _read(raw: bytes, limits: Limits, depth: int) -> ParsedMessage:
    problem = structure_problem(raw, limits.max_parts)  # before the parser builds a tree it cannot hold
    if problem:
        raise LimitExceeded(problem)
    msg = parse_in_parts(raw) if len(raw) > limits.split_above_bytes else None
    if msg is None:
        msg = BytesParser(policy=policy.default).parsebytes(raw)
    return _read_parsed(msg, limits, depth, len(raw))


def _read_parsed(msg: Message, limits: Limits, depth: int, size: int) -> ParsedMessage:
    walk = _Walk(limits)
    walk.defects.extend(type(d).__name__ for d in msg.defects)
    _visit(msg, walk, depth)
    return _assemble(msg, walk, size)


def _assemble(msg: Message, walk: _Walk, size: int) -> ParsedMessage:
    defects = walk.defects
    hint = _charset_hint(msg)
    if not any(t.strip() for t in walk.plain + walk.html):
        walk.plain.extend(walk.fallback_plain)
        walk.html.extend(walk.fallback_html)
    subject = header_text(msg, "subject", defects, hint)
    if walk.plain and any(t.strip() for t in walk.plain):
        text, from_html = "\n\n".join(t.strip() for t in walk.plain if t.strip()), False
    else:
        html = (html_to_text(h, walk.limits.max_text_chars, defects) for h in walk.html)
        text, from_html = "\n\n".join(html), True
    in_reply_to = message_ids(msg, "in-reply-to")
    return ParsedMessage(
        status=ReadStatus.OK,
        message_id=message_id(msg),
        subject=subject,
        from_=mailboxes(msg, "from", defects, hint),
        to=mailboxes(msg, "to", defects, hint),
        cc=mailboxes(msg, "cc", defects, hint),
        date=message_date(msg, defects),
        in_reply_to=in_reply_to[0] if in_reply_to else "",
        references=message_ids(msg, "references"),
        content_type=content_type(msg),
        body=split_body(text[: walk.limits.max_text_chars].replace("\r\n", "\n"), subject, from_html),
        attachments=tuple(walk.attachments),
        events=tuple(walk.events),
        forwarded=tuple(walk.forwarded),
        defects=tuple(dict.fromkeys(defects)),
        size=size,
        part_count=walk.parts,
    )


def _charset_hint(msg: Message) -> str | None:
    """The first charset the message declares: the best guess for raw 8-bit bytes in its headers."""
    for index, part in enumerate(msg.walk()):
        if index > 50:
            break
        charset = charset_of(part)
        if charset and charset.lower() not in ("us-ascii", "utf-8"):
            return charset
    return None


def _visit(part: Message, walk: _Walk, depth: int) -> None:
    walk.parts += 1
    if walk.parts > walk.limits.max_parts:
        raise LimitExceeded("too_many_parts")
    if depth > walk.limits.max_depth:
        raise LimitExceeded("nesting_too_deep")
    ctype = content_type(part)
    if ctype.startswith("multipart/"):
        children = part.get_payload()
        if isinstance(children, list):
            for child in children:
                if isinstance(child, Message):
                    _visit(child, walk, depth + 1)
            return
        walk.defects.append("multipart without parts")
        _text_part(part, walk, "text/plain")
        return
    if ctype == "message/rfc822":
        _nested(part, walk, depth)
        return
    if ctype in ("text/plain", "text/html") and not _is_attachment(part):
        _text_part(part, walk, ctype)
        return
    _attachment(part, walk, ctype, depth)


def _is_attachment(part: Message) -> bool:
    return disposition(part) == "attachment" or bool(filename_of(part))


def _text_part(part: Message, walk: _Walk, ctype: str) -> None:
    text, _codec = decode_bytes(payload_bytes(part, walk.defects), charset_of(part))
    (walk.html if ctype == "text/html" else walk.plain).append(text)


def _nested(part: Message, walk: _Walk, depth: int) -> None:
    payload = part.get_payload()
    if depth + 1 > walk.limits.max_depth:
        raise LimitExceeded("nesting_too_deep")
    inner_msg = payload[0] if isinstance(payload, list) and payload and isinstance(payload[0], Message) else None
    if inner_msg is not None:
        inner_raw = inner_msg.as_bytes(policy=policy.default.clone(linesep="\n"))
        decoded = _undo_transfer_encoding(part, inner_raw)
        if decoded is not inner_raw:
            inner_msg, inner_raw = None, decoded
    else:  # e.g. a base64-encoded message/rfc822 the parser left opaque
        inner_raw = payload_bytes(part, walk.defects)
    if not inner_raw.strip():
        inner = None
    elif inner_msg is not None:  # already parsed with its parent: no second parse
        inner = _read_parsed(inner_msg, walk.limits, depth + 1, len(inner_raw))
    else:
        inner = _read(inner_raw, walk.limits, depth + 1)
    if inner is None:
        walk.defects.append("empty message/rfc822 part")
        return
    walk.parts += inner.part_count
    walk.forwarded.append(inner)
    name = filename_of(part) or f"{inner.subject or 'message'}.eml"
    walk.attachments.append(_describe(part, name, "message/rfc822", inner_raw))


def _undo_transfer_encoding(part: Message, data: bytes) -> bytes:
    """RFC 2046 forbids encoding message/rfc822, yet senders base64 it: the parser then reads the base64
    text as the inner message. Decode it and read again."""
    encoding = (raw_header(part, "content-transfer-encoding") or "").strip().lower()
    body = data.lstrip(b"\r\n") if data.startswith((b"\n", b"\r\n")) else data.split(b"\n\n", 1)[-1]
    try:
        if encoding == "base64":
            return base64.b64decode(body)
        if encoding == "quoted-printable":
            return quopri.decodestring(body)
    except (ValueError, binascii.Error):
        return data
    return data


def _describe(part: Message, name: str, ctype: str, data: bytes, text: str = "", source: str = "") -> Attachment:
    inline = disposition(part) == "inline" or (bool(content_id(part)) and ctype.startswith("image/"))
    return Attachment(
        filename=name,
        content_type=ctype,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        inline=inline,
        content_id=content_id(part),
        text=text,
        source=source,
    )


def _attachment(part: Message, walk: _Walk, ctype: str, depth: int) -> None:
    data = payload_bytes(part, walk.defects)
    name = filename_of(part)
    lowered = name.lower()
    text = ""
    if ctype in _CALENDAR_TYPES or lowered.endswith(".ics"):
        _add_events(walk, calendar_events(data, walk.defects))
        if not name and disposition(part) != "attachment":
            return  # the invitation itself (a body alternative), not a file the sender attached
    elif ctype == "application/pdf" or lowered.endswith(".pdf"):
        text = _pdf(data, walk)
    elif ctype in _TNEF_TYPES or lowered == "winmail.dat":
        _unpack_winmail(part, walk, data)
    elif ctype.startswith("text/") and ctype not in ("text/html",):
        text = decode_bytes(data, charset_of(part))[0][: walk.limits.max_text_chars]
    walk.attachments.append(_describe(part, name, ctype, data, text))


def _pdf(data: bytes, walk: _Walk) -> str:
    if len(data) > walk.limits.max_pdf_bytes:
        walk.defects.append("pdf: too large for text extraction")
        return ""
    return pdf_text(data, walk.limits.max_pdf_pages, walk.defects)


def _add_events(walk: _Walk, events: tuple[CalendarEvent, ...]) -> None:
    for event in events:
        if event not in walk.seen_events:  # the same invitation often comes inline and as invite.ics
            walk.seen_events.add(event)
            walk.events.append(event)


def _unpack_winmail(part: Message, walk: _Walk, data: bytes) -> None:
    content = unpack_tnef(data, walk.defects)
    if content is None:
        return
    if content.body.strip():
        walk.fallback_plain.append(content.body)
    elif content.html.strip():
        walk.fallback_html.append(content.html)
    if walk.parts + len(content.files) > walk.limits.max_parts:
        raise LimitExceeded("too_many_parts")  # the files inside count as parts, as MIME ones do
    for file in content.files:
        walk.parts += 1
        lowered = file.name.lower()
        text = _pdf(file.data, walk) if lowered.endswith(".pdf") else ""
        if lowered.endswith(".ics"):
            _add_events(walk, calendar_events(file.data, walk.defects))
        ctype = "application/pdf" if lowered.endswith(".pdf") else "application/octet-stream"
        walk.attachments.append(_describe(part, file.name, ctype, file.data, text, source="winmail.dat"))


def read_message_id(raw: bytes) -> str:
    """The Message-ID alone, from the header block only (cheap: the body is never parsed)."""
    headers = BytesHeaderParser(policy=policy.compat32).parsebytes(raw[:_HEADER_BLOCK_BYTES])
    return message_id(headers)
