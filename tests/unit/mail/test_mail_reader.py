"""The reader on hand-built messages: decoding, body splitting, limits and the never-raise promise."""

from __future__ import annotations

import base64
import tracemalloc

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.mail import Limits, ReadStatus, read_message
from domain.mail.html_text import html_to_text
from domain.mail.quotes import split_body


def read_with_peak(raw: bytes):
    """The message read, and the peak of Python allocations while reading it."""
    tracemalloc.start()
    try:
        message = read_message(raw)
        return message, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def eml(headers: str, body: bytes | str = "Bonjour.\n") -> bytes:
    data = body.encode() if isinstance(body, str) else body
    return headers.strip().replace("\n", "\r\n").encode() + b"\r\n\r\n" + data


def test_a_plain_latin1_message_is_decoded_with_its_headers() -> None:
    raw = eml(
        """
From: =?iso-8859-1?Q?Greffe_du_Tribunal_judiciaire_de_S=E8te?= <greffe.tj-sete@justice.fr>
To: Me Durand <durand@cabinet.fr>, contact@cabinet.fr
Subject: =?iso-8859-1?Q?Avis_d'audience_-_d=E9cision?=
Date: Mon, 2 Feb 2026 10:15:00 +0100
Message-ID: <abc@justice.fr>
Content-Type: text/plain; charset=iso-8859-1
Content-Transfer-Encoding: 8bit
""",
        "Décision rendue le 2 février.\n".encode("latin-1"),
    )
    message = read_message(raw)
    assert message.status is ReadStatus.OK
    assert message.subject == "Avis d'audience - décision"
    assert message.from_[0].name == "Greffe du Tribunal judiciaire de Sète"
    assert [m.address for m in message.to] == ["durand@cabinet.fr", "contact@cabinet.fr"]
    assert message.date == "2026-02-02T10:15:00+01:00"
    assert message.message_id == "<abc@justice.fr>"
    assert message.body.new == "Décision rendue le 2 février."


def test_a_mislabelled_charset_falls_back_to_windows_1252() -> None:
    raw = eml("Subject: x\nContent-Type: text/plain; charset=utf-8", "Le greffe vous prie d’agréer".encode("cp1252"))
    assert read_message(raw).body.full == "Le greffe vous prie d’agréer"


def test_an_unknown_charset_and_transfer_encoding_do_not_stop_reading() -> None:
    raw = eml("Subject: x\nContent-Type: text/plain; charset=x-klingon\nContent-Transfer-Encoding: x-weird", "Texte")
    message = read_message(raw)
    assert message.ok
    assert message.body.full == "Texte"


def test_an_html_only_body_becomes_readable_text() -> None:
    html = (
        "<html><head><style>p{color:red}</style></head><body><p>Ma&icirc;tre,</p>"
        "<p>L'audience est fix&eacute;e au<br>2 mars 2026.</p><script>alert(1)</script></body></html>"
    )
    message = read_message(eml("Subject: x\nContent-Type: text/html; charset=utf-8", html))
    assert message.body.from_html
    assert message.body.full == "Maître,\n\nL'audience est fixée au\n2 mars 2026."


def test_html_blockquotes_become_quoted_lines() -> None:
    text = html_to_text("<p>Bien reçu.</p><blockquote><p>Le délai expire demain.</p></blockquote>")
    assert split_body(text).new == "Bien reçu."
    assert "Le délai expire demain." in split_body(text).quoted


def test_a_reply_keeps_new_text_apart_from_the_quote() -> None:
    body = "Je confirme.\n\nLe lun. 2 févr. 2026 à 10:00, Greffe <g@justice.fr> a écrit :\n> Audience le 3 mars.\n"
    split = split_body(body, "Re: audience")
    assert split.new == "Je confirme."
    assert "Audience le 3 mars." in split.quoted
    assert split.forwarded == ""


def test_an_outlook_forward_is_set_apart_as_forwarded() -> None:
    body = (
        "Pour information.\n\nDe : Greffe CA Lyon <greffe@justice.fr>\nEnvoyé : lundi 2 février 2026 10:00\n"
        "À : Me Martin\nObjet : Avis de fixation\n\nL'affaire est fixée au 4 mai 2026.\n"
    )
    split = split_body(body, "TR: Avis de fixation")
    assert split.new == "Pour information."
    assert split.forwarded.startswith("De : Greffe CA Lyon")
    assert "4 mai 2026" in split.forwarded


def test_a_forwarded_message_marker_is_recognised() -> None:
    split = split_body("Voir ci-dessous.\n-------- Message transféré --------\nSujet : x\n", "Fwd: x")
    assert split.new == "Voir ci-dessous."
    assert split.forwarded.startswith("-------- Message transféré")


def test_an_attachment_gets_its_size_and_sha256() -> None:
    raw = eml(
        'Subject: x\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="b"',
        "--b\r\nContent-Type: text/plain\r\n\r\nVoir PJ.\r\n--b\r\nContent-Type: application/octet-stream\r\n"
        "Content-Disposition: attachment; filename*=utf-8''pi%C3%A8ce%20n%C2%B01.bin\r\n"
        "Content-Transfer-Encoding: base64\r\n\r\naGVsbG8=\r\n--b--\r\n",
    )
    attachment = read_message(raw).attachments[0]
    assert attachment.filename == "pièce n°1.bin"
    assert attachment.size == 5
    assert attachment.sha256 == "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"


def test_a_path_in_an_attachment_name_is_reduced_to_the_file_name() -> None:
    raw = eml(
        'Subject: x\nContent-Type: multipart/mixed; boundary="b"',
        '--b\r\nContent-Type: application/pdf; name="..\\\\..\\\\evil.pdf"\r\n\r\n%PDF\r\n--b--\r\n',
    )
    assert read_message(raw).attachments[0].filename == "evil.pdf"


def test_too_large_a_message_is_malformed_without_being_parsed() -> None:
    message = read_message(b"Subject: x\r\n\r\n" + b"a" * 2000, Limits(max_bytes=1000))
    assert (message.status, message.reason) == (ReadStatus.MALFORMED, "too_large")


def test_too_many_parts_give_a_clear_result() -> None:
    parts = "".join("--b\r\nContent-Type: text/plain\r\n\r\nx\r\n" for _ in range(50))
    raw = eml('Subject: x\nContent-Type: multipart/mixed; boundary="b"', parts + "--b--\r\n")
    message = read_message(raw, Limits(max_parts=20))
    assert (message.status, message.reason) == (ReadStatus.MALFORMED, "too_many_parts")


def test_deep_nesting_gives_a_clear_result() -> None:
    body = "au fond"
    for depth in range(60):
        body = f'Content-Type: multipart/mixed; boundary="b{depth}"\r\n\r\n--b{depth}\r\n{body}\r\n--b{depth}--\r\n'
    message = read_message(("Subject: profond\r\n" + body).encode())
    assert (message.status, message.reason) == (ReadStatus.MALFORMED, "nesting_too_deep")


def test_deeply_nested_forwards_give_a_clear_result() -> None:
    raw = b"Subject: fin\r\n\r\nfin\r\n"
    for _ in range(30):
        raw = b"Subject: fwd\r\nContent-Type: message/rfc822\r\n\r\n" + raw
    assert read_message(raw).reason == "nesting_too_deep"


def test_empty_and_binary_input_are_malformed_with_a_reason() -> None:
    assert read_message(b"").reason == "empty"
    assert read_message(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100).reason == "outlook_msg_not_mime"
    assert read_message(b"\x00\x01\x02" * 100).reason == "binary_not_mime"


def test_a_message_without_headers_is_read_as_body() -> None:
    message = read_message(b"Ceci est un message sans en-tetes.\nSeconde ligne.\n")
    assert message.ok
    assert "Seconde ligne." in message.body.full
    assert message.defects


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=3000))
def test_any_bytes_are_read_without_exception(data: bytes) -> None:
    message = read_message(data)
    assert message.status in (ReadStatus.OK, ReadStatus.MALFORMED)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "Subject: =?utf-8?B?w6k=?=\r\n",
                "Content-Type: multipart/mixed; boundary=z\r\n",
                "Content-Type: message/rfc822\r\n",
                "Content-Transfer-Encoding: base64\r\n",
                'From: "a, b" <x@y>\r\n',
                "Date: 32 Foo 99999\r\n",
                "\r\n",
                "--z\r\n",
                "--z--\r\n",
                "=?x?Q?bad?=\r\n",
                "Content-Disposition: attachment; filename*=x''%ff%fe\r\n",
                "AAAA\r\n",
            ]
        ),
        max_size=40,
    )
)
def test_mime_shaped_garbage_is_read_without_exception(lines: list[str]) -> None:
    assert read_message("".join(lines).encode()).status in (ReadStatus.OK, ReadStatus.MALFORMED)


def test_a_huge_address_header_is_read_leniently_without_a_memory_blow_up() -> None:
    to = ",\r\n\t".join(f"=?utf-8?Q?n=C3=A9{i}?= <p{i}@example.fr>" for i in range(6000))
    raw = f"From: a@b.fr\r\nTo: {to}\r\nSubject: x\r\n\r\ncorps\r\n".encode()
    message, peak = read_with_peak(raw)
    assert message.ok
    assert len(message.to) == 500
    assert message.to[0].address == "p0@example.fr"
    assert peak < 40 * 1024 * 1024


def test_a_pdf_over_the_size_limit_is_kept_without_reading_its_text() -> None:
    raw = eml(
        'Subject: x\nContent-Type: multipart/mixed; boundary="b"',
        '--b\r\nContent-Type: application/pdf; name="gros.pdf"\r\n\r\n%PDF-1.4 ' + "x" * 5000 + "\r\n--b--\r\n",
    )
    message = read_message(raw, Limits(max_pdf_bytes=1000))
    assert message.attachments[0].filename == "gros.pdf"
    assert message.attachments[0].text == ""
    assert "pdf: too large for text extraction" in message.defects


def big_message(attachments: int, mib_each: int) -> bytes:
    chunk = base64.encodebytes(bytes(range(256)) * 4096 * mib_each).replace(b"\n", b"\r\n")
    parts = [
        b'Subject: volumineux\r\nContent-Type: multipart/mixed; boundary="BIG"\r\n\r\n'
        b"--BIG\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nVoir les pi\xc3\xa8ces.\r\n"
    ]
    for index in range(attachments):
        parts.append(
            f'--BIG\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename="p{index}.bin"\r\n'
            "Content-Transfer-Encoding: base64\r\n\r\n".encode()
            + chunk
        )
    return b"".join([*parts, b"--BIG--\r\n"])


@pytest.mark.slow
def test_a_large_message_is_read_part_by_part_with_bounded_memory() -> None:
    raw = big_message(attachments=4, mib_each=3)  # about 16 MiB
    message, peak = read_with_peak(raw)
    assert message.ok
    assert [a.filename for a in message.attachments] == ["p0.bin", "p1.bin", "p2.bin", "p3.bin"]
    assert {a.size for a in message.attachments} == {3 * 1024 * 1024}
    assert message.body.full == "Voir les pièces."
    assert peak < 3 * len(raw)  # the stdlib alone peaks near 7x
