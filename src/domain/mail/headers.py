"""Header decoding that survives broken encodings, raw 8-bit bytes and unparseable values."""

from __future__ import annotations

import base64
import binascii
import re
from datetime import UTC, datetime
from email.header import decode_header
from email.message import Message
from email.utils import getaddresses, parsedate_to_datetime

from domain.mail.charsets import decode_bytes, repair_surrogates
from domain.mail.model import Mailbox

_STRICT_ADDRESS_LIMIT = 4096
_LENIENT_ADDRESS_LIMIT = 65536
_MAX_ADDRESSES = 500
_ADDR_SPEC = re.compile(r"[^\s<>,;:\"()\[\]]+@[^\s<>,;:\"()\[\]]+\.[^\s<>,;:\"()\[\]]+")
_MSG_ID = re.compile(r"<[^<>\s]+>")
_WS = re.compile(r"\s+")


def raw_header(msg: Message, name: str) -> str | None:
    """The header's value as stored, without the policy's parsing (which may raise)."""
    lowered = name.lower()
    for key, value in msg.raw_items():
        if key.lower() == lowered:
            return value if isinstance(value, str) else str(value)
    return None


_B_WORD = re.compile(r"=\?[^?\s]+\?[bB]\?([^?\s]*)\?=")
_KEPT = "\ue000"  # stands for the "=?" of an encoded word left as it is (private use: never in a header)


def _is_base64(payload: str) -> bool:
    try:
        base64.b64decode(payload + "=" * (-len(payload) % 4), validate=True)
    except (ValueError, binascii.Error):
        return False
    return True


def _keep_bad_words(raw: str, defects: list[str] | None) -> str:
    """Encoded words whose base64 is not base64 stay visible as written (the stdlib would silently drop
    the characters it cannot decode, often the whole word); a defect names each."""
    if _KEPT in raw:
        return raw

    def keep(match: re.Match[str]) -> str:
        if _is_base64(match.group(1)):
            return match.group(0)
        if defects is not None:
            defects.append(f"invalid base64 encoded word kept as written: {match.group(0)[:60]}")
        return _KEPT + match.group(0)[2:]

    return _B_WORD.sub(keep, raw)


def _decode_words(raw: str, hint: str | None = None, defects: list[str] | None = None) -> str:
    """RFC 2047 words decoded with our charset fallbacks; raw 8-bit bytes decoded with the hint."""
    raw = _keep_bad_words(repair_surrogates(raw, hint), defects)
    return _decode_kept(raw).replace(_KEPT, "=?")


def _decode_kept(raw: str) -> str:
    try:
        chunks = decode_header(raw)
    except (ValueError, IndexError, AssertionError):
        return raw
    pieces = []
    for chunk, charset in chunks:
        if isinstance(chunk, str):
            pieces.append(chunk)
        elif charset is None:  # text between encoded words, which decode_header escaped
            pieces.append(chunk.decode("raw-unicode-escape", "replace"))
        else:
            pieces.append(decode_bytes(chunk, charset)[0])
    return "".join(pieces)


def header_text(msg: Message, name: str, defects: list[str], hint: str | None = None) -> str:
    """The decoded, unfolded text of an unstructured header ("" when absent).

    Decoded from the raw value rather than through the policy, so that raw 8-bit bytes (decoded with the
    message's own charset as a hint) and mislabelled encoded words go through the same fallbacks as bodies.
    """
    raw = raw_header(msg, name)
    if raw is None:
        return ""
    unfolded = re.sub(r"\r?\n[ \t]", " ", raw)
    # adjacent encoded words are joined without the folding whitespace between them (RFC 2047 §6.2)
    text = _decode_words(unfolded, hint, defects)
    return _WS.sub(" ", text).strip()


def mailboxes(msg: Message, name: str, defects: list[str], hint: str | None = None) -> tuple[Mailbox, ...]:
    """Addresses of an address header, decoded; a header that fails to parse is read leniently."""
    found: list[Mailbox] = []
    raw = raw_header(msg, name)
    if raw is None:
        return ()
    if len(raw) > _STRICT_ADDRESS_LIMIT:
        # the policy's address parser is slow and memory-hungry on huge headers (a known DoS shape): read leniently
        defects.append(f"header {name}: {len(raw)} characters")
        # (the lenient stdlib parser recurses per token, so only the addresses themselves are taken)
        decoded = _decode_words(re.sub(r"\r?\n[ \t]", " ", raw[:_LENIENT_ADDRESS_LIMIT]), hint)
        addresses = dict.fromkeys(_ADDR_SPEC.findall(decoded))
        return tuple(Mailbox("", a) for a in list(addresses)[:_MAX_ADDRESSES])
    try:
        header = msg.get(name)
        for group in getattr(header, "groups", ()) or ():
            for addr in group.addresses:
                found.append(Mailbox(repair_surrogates(addr.display_name), addr.addr_spec))
    except Exception as exc:
        defects.append(f"header {name}: {type(exc).__name__}")
        found = []
    if found and not any("\ufffd" in box.name for box in found):
        return tuple(found)
    decoded = _decode_words(re.sub(r"\r?\n[ \t]", " ", raw), hint, defects)
    try:
        pairs = getaddresses([decoded])
    except RecursionError:
        return tuple(Mailbox("", a) for a in dict.fromkeys(_ADDR_SPEC.findall(decoded)))
    return tuple(Mailbox(n.strip(), a.strip()) for n, a in pairs if a.strip() or n.strip())


def message_date(msg: Message, defects: list[str]) -> str:
    """The Date header as ISO 8601 (UTC assumed when the zone is missing), or "" when unreadable."""
    raw = raw_header(msg, "date")
    if not raw:
        return ""
    try:
        parsed: datetime | None = parsedate_to_datetime(_WS.sub(" ", raw).strip())
    except (TypeError, ValueError, IndexError, OverflowError):
        parsed = None
    if parsed is None:
        defects.append("unreadable Date header")
        return ""
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.isoformat()


def message_ids(msg: Message, name: str) -> tuple[str, ...]:
    raw = raw_header(msg, name)
    if not raw:
        return ()
    return tuple(_MSG_ID.findall(repair_surrogates(raw)))


def message_id(msg: Message) -> str:
    ids = message_ids(msg, "message-id")
    if ids:
        return ids[0]
    raw = raw_header(msg, "message-id")
    return _WS.sub("", raw or "")
