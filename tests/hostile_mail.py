"""Builders of hostile messages, shared by tests/unit/mail/test_mail_adversarial.py (behaviour) and
bench/adversarial_mail.py (time and memory figures)."""

from __future__ import annotations

import base64
import struct

HEAD = b"From: a@b.fr\r\nTo: c@d.fr\r\nSubject: test\r\nDate: Mon, 2 Feb 2026 10:00:00 +0100\r\nMIME-Version: 1.0\r\n"
WINMAIL = b'Content-Type: application/ms-tnef; name="winmail.dat"'
PDF = b'Content-Type: application/pdf; name="a.pdf"'


def multipart(*parts: tuple[bytes, bytes]) -> bytes:
    body = b'Content-Type: multipart/mixed; boundary="BB"\r\n\r\n--BB\r\nContent-Type: text/plain\r\n\r\nbody\r\n'
    for header, data in parts:
        body += b"--BB\r\n" + header + b"\r\nContent-Transfer-Encoding: base64\r\n\r\n" + base64.encodebytes(data)
    return HEAD + body + b"--BB--\r\n"


def tnef_object(level: int, name: int, kind: int, data: bytes) -> bytes:
    return struct.pack("<BHHI", level, name, kind, len(data)) + data + struct.pack("<H", sum(data) & 0xFFFF)


def tnef(names: list[bytes]) -> bytes:
    """A winmail.dat holding one small file per name."""
    objects = b""
    for name in names:
        objects += tnef_object(2, 0x9002, 6, b"\x01\x00\x00\x00") + tnef_object(2, 0x8010, 1, name + b"\x00")
        objects += tnef_object(2, 0x800F, 6, b"hello")
    return struct.pack("<IH", 0x223E9F78, 1) + objects


def calendar(events: int) -> bytes:
    event = b"BEGIN:VEVENT\r\nUID:%d\r\nDTSTART:20260312T140000Z\r\nSUMMARY:Audience\r\nEND:VEVENT\r\n"
    body = b"".join(event % i for i in range(events))
    return b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\n" + body + b"END:VCALENDAR\r\n"


def pdf(stream: bytes) -> bytes:
    """A one-page PDF whose content stream is `stream` (already Flate-compressed)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 6\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    return out + b"trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref
