"""The bytes of a message's attachments, found again by their SHA-256 (the reader keeps only their description).

Walks the message as the reader does (large multiparts part by part), decoding each leaf part, the files packed in
a winmail.dat and forwarded messages, and keeps the bytes whose digest is wanted: what the filing turns into dossier
documents. Never raises on a message the reader could read.
"""

from __future__ import annotations

import hashlib
from email import policy
from email.message import Message
from email.parser import BytesParser

from domain.mail.contents import unpack_tnef
from domain.mail.large import parse_in_parts
from domain.mail.parts import content_type, payload_bytes

SPLIT_ABOVE_BYTES = 4 * 1024 * 1024


def attachment_bytes(raw: bytes, wanted: set[str]) -> dict[str, bytes]:
    """sha256 → bytes for every wanted digest found in the message."""
    if not wanted:
        return {}
    try:
        msg = parse_in_parts(raw) if len(raw) > SPLIT_ABOVE_BYTES else None
        if msg is None:
            msg = BytesParser(policy=policy.default).parsebytes(raw)
        found: dict[str, bytes] = {}
        _collect(msg, set(wanted), found, depth=0)
        return found
    except Exception:  # a part the reader could describe but not decode twice alike: no document for it
        return {}


def _keep(data: bytes, wanted: set[str], found: dict[str, bytes]) -> None:
    digest = hashlib.sha256(data).hexdigest()
    if digest in wanted and digest not in found:
        found[digest] = data


def _collect(part: Message, wanted: set[str], found: dict[str, bytes], depth: int) -> None:
    if depth > 12 or len(found) == len(wanted):
        return
    ctype = content_type(part)
    payload = part.get_payload()
    if ctype.startswith("multipart/") and isinstance(payload, list):
        for child in payload:
            if isinstance(child, Message):
                _collect(child, wanted, found, depth + 1)
        return
    if ctype == "message/rfc822":
        if isinstance(payload, list) and payload and isinstance(payload[0], Message):
            _keep(payload[0].as_bytes(policy=policy.default.clone(linesep="\n")), wanted, found)
            _collect(payload[0], wanted, found, depth + 1)
        else:
            _keep(payload_bytes(part, []), wanted, found)
        return
    data = payload_bytes(part, [])
    _keep(data, wanted, found)
    if ctype in ("application/ms-tnef", "application/vnd.ms-tnef") and len(found) < len(wanted):
        content = unpack_tnef(data, [])
        for file in content.files if content else ():
            _keep(file.data, wanted, found)
