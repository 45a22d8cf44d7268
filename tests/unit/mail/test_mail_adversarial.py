"""Hostile messages, built here in code: each is refused or read quickly, in bounded memory.

Before these fixes each input below took from ten seconds to minutes (or hundreds of MB); the figures are
printed by `bench/adversarial_mail.py` (never asserted). Sizes are kept small enough to build fast, yet
large enough that the former code would visibly hang.
"""

from __future__ import annotations

import struct
import zlib

import pytest

from domain.mail import ReadStatus, read_message
from domain.mail.contents import MAX_CALENDAR_EVENTS, MAX_PDF_STREAM_BYTES
from domain.mail.html_text import MAX_HTML_CHARS, html_to_text
from domain.mail.names import safe_name
from tests.hostile_mail import HEAD, PDF, WINMAIL, calendar, multipart, pdf, tnef, tnef_object

# --- parts counted before parsing (3) ---


def test_a_flood_of_tiny_parts_is_refused_before_parsing() -> None:
    parts = b"--BB\r\n\r\nx\r\n" * 300_000  # 3 MB: 50 s in the stdlib parser before
    message = read_message(HEAD + b'Content-Type: multipart/mixed; boundary="BB"\r\n\r\n' + parts + b"--BB--\r\n")
    assert (message.status, message.reason) == (ReadStatus.MALFORMED, "too_many_parts")


def test_a_message_holding_itself_twice_at_each_level_is_refused() -> None:
    inner = b"From: x@y\r\nSubject: inner\r\n\r\nhello\r\n"
    for level in range(15):  # 2**15 nested messages in 13 MB: minutes in the feed parser before
        part = b"\r\n--q%d\r\nContent-Type: message/rfc822\r\n\r\n" % level + inner
        inner = b'Subject: l%d\r\nContent-Type: multipart/mixed; boundary="q%d"\r\n' % (level, level) + part + part
        inner += b"\r\n--q%d--\r\n" % level
    assert len(inner) < 25 * 1024 * 1024
    message = read_message(inner)
    assert (message.status, message.reason) == (ReadStatus.MALFORMED, "too_many_parts")


def test_a_long_chain_of_nested_messages_is_too_deep() -> None:
    inner = b"Subject: in\r\n\r\nhi\r\n"
    for level in range(600):
        inner = b"Subject: l%d\r\nContent-Type: message/rfc822\r\n\r\n" % level + inner
    assert read_message(inner).reason == "nesting_too_deep"


def test_lines_only_starting_like_a_delimiter_are_no_parts() -> None:
    text = b"--BBx\r\n" * 2_000 + b"Audience le 12 mars 2026\r\n"
    message = read_message(multipart((b"Content-Type: text/plain; name=a.txt", text)))
    assert message.ok
    assert message.part_count == 3


# --- TNEF (4) ---


def test_tnef_file_names_are_cleaned_like_mime_ones() -> None:
    names = [b"../../etc/passwd", b"..\\..\\win.ini", b"a\x01b\x1bc.pdf", b"..", b"x" * 2000, b"/abs/path.ics"]
    names.append("invoice\u202efdp.exe".encode())
    message = read_message(multipart((WINMAIL, tnef(names))))
    unpacked = [a.filename for a in message.attachments if a.source == "winmail.dat"]
    assert unpacked[:4] == ["passwd", "win.ini", "abc.pdf", "attachment-3"]
    assert len(unpacked[4].encode()) == 255
    assert unpacked[5:] == ["path.ics", "invoicefdp.exe"]


def test_tnef_files_count_as_parts() -> None:
    message = read_message(multipart((WINMAIL, tnef([b"f%d.txt" % i for i in range(600)]))))
    assert (message.status, message.reason) == (ReadStatus.MALFORMED, "too_many_parts")


def test_a_tnef_blob_of_countless_objects_is_listed_not_unpacked() -> None:
    blob = struct.pack("<IH", 0x223E9F78, 1) + tnef_object(1, 0, 0, b"") * 300_000  # 47 s before
    message = read_message(multipart((WINMAIL, blob)))
    assert message.ok
    assert [a.filename for a in message.attachments] == ["winmail.dat"]
    assert "tnef: too many objects, not unpacked" in message.defects


def test_an_oversized_tnef_blob_is_listed_not_unpacked() -> None:
    blob = tnef([b"big.bin"]) + b"\x00" * (6 * 1024 * 1024)
    message = read_message(multipart((WINMAIL, blob)))
    assert [a.filename for a in message.attachments] == ["winmail.dat"]
    assert any(d.startswith("tnef: over") for d in message.defects)


# --- HTML (5) ---


@pytest.mark.parametrize("html", ["<!--" + "<a " * 300_000, "<a href='x' " * 300_000])
def test_unclosed_markup_is_read_as_text_quickly(html: str) -> None:
    text = html_to_text(html)
    assert text.startswith(html[:20])


def test_a_huge_html_body_is_cut_with_a_defect() -> None:
    html = "<p>Audience le 12 mars 2026</p>" + "x" * MAX_HTML_CHARS
    message = read_message(HEAD + b"Content-Type: text/html; charset=utf-8\r\n\r\n" + html.encode())
    assert message.body.full.startswith("Audience le 12 mars 2026")
    assert any(d.startswith("html: over") for d in message.defects)


def test_markup_before_an_unclosed_tail_still_reads() -> None:
    assert (
        html_to_text("<p>Audience</p><blockquote>cité</blockquote> 3 < 4 <!-- x") == "Audience\n\n> cité\n3 < 4 <!-- x"
    )


# --- calendars (6) ---


def test_a_calendar_of_countless_events_is_refused_with_a_defect() -> None:
    message = read_message(multipart((b'Content-Type: text/calendar; name="invite.ics"', calendar(5_000))))
    assert message.ok
    assert message.events == ()
    assert f"calendar: over {MAX_CALENDAR_EVENTS} events, not read" in message.defects


def test_a_calendar_sent_twice_gives_its_events_once() -> None:
    ics = calendar(3)
    message = read_message(multipart((b"Content-Type: text/calendar", ics), (b"Content-Type: text/calendar", ics)))
    assert [e.uid for e in message.events] == ["0", "1", "2"]


# --- PDF (7) ---


def test_a_flate_bomb_stops_at_the_lowered_limit() -> None:
    bomb = zlib.compress(b"BT /F1 12 Tf (A) Tj ET\n" + b" " * (4 * MAX_PDF_STREAM_BYTES), 9)
    message = read_message(multipart((PDF, pdf(bomb))))
    assert message.ok
    assert message.attachments[0].text == ""
    assert "pdf: LimitReachedError" in message.defects


def test_an_ordinary_pdf_is_still_read() -> None:
    stream = zlib.compress(b"BT /F1 12 Tf 72 700 Td (Audience le 12 mars 2026 RG 24/01234) Tj ET")
    message = read_message(multipart((PDF, pdf(stream))))
    assert "RG 24/01234" in message.attachments[0].text


def test_the_pdf_limits_do_not_leak_out_of_the_call() -> None:
    from pypdf import get_configuration

    before = get_configuration()
    read_message(multipart((PDF, pdf(zlib.compress(b"BT ET")))))
    assert get_configuration() is before


# --- names (8) and encoded words (10) ---


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (".", "attachment"),
        ("..", "attachment"),
        ("  ", "attachment"),
        ("../../etc/passwd", "passwd"),
        ("invoice\u202efdp.exe", "invoicefdp.exe"),
        ("a\x00b\x1b.pdf", "ab.pdf"),
        ("Cre\u0301teil.pdf", "Créteil.pdf"),
        ("zero\u200bwidth.txt", "zerowidth.txt"),
    ],
)
def test_names_are_made_safe(raw: str, expected: str) -> None:
    assert safe_name(raw, "attachment") == expected


def test_long_names_are_trimmed_to_255_bytes_keeping_the_extension() -> None:
    assert safe_name("A" * 2000 + ".pdf", "x") == "A" * 251 + ".pdf"
    trimmed = safe_name("é" * 2000, "x")
    assert len(trimmed.encode()) <= 255
    assert set(trimmed) == {"é"}


def test_mime_names_go_through_the_same_cleaning() -> None:
    header = b'Content-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=".."'
    message = read_message(multipart((header, b"data")))
    assert [a.filename for a in message.attachments] == ["attachment"]
    header = b"Content-Type: application/octet-stream\r\nContent-Disposition: attachment;"
    header += b" filename*=utf-8''" + b"%C3%A9" * 2000
    assert len(read_message(multipart((header, b"data"))).attachments[0].filename.encode()) <= 255


def test_an_encoded_word_with_invalid_base64_stays_visible() -> None:
    raw = HEAD.replace(b"Subject: test", b"Subject: =?utf-8?b?QUJD?= =?utf-8?b?*&^?= fin") + b"\r\nbody\r\n"
    message = read_message(raw)
    assert message.subject == "ABC =?utf-8?b?*&^?= fin"
    assert any(d.startswith("invalid base64 encoded word") for d in message.defects)
