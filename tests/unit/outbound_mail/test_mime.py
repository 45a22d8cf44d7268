"""The message every outbound adapter sends, as services.outbound_mail builds it: headers, encodings, the
recipient rule and the sender setting."""

from __future__ import annotations

from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest

from domain.errors import InvalidInput
from domain.mail_address import recipient_address
from services.limits import MAX_OUTBOUND_MAIL_BYTES
from services.outbound_mail import DEFAULT_MAIL_FROM, compose, one_line, parse_sender
from services.ports import OutboundMail
from tests.fakes import FrozenClock, SequentialIds

SENDER = parse_sender(DEFAULT_MAIL_FROM)


def composed(mail: OutboundMail, ids: SequentialIds | None = None):
    return compose(mail, sender=SENDER, clock=FrozenClock(), ids=ids or SequentialIds())


def read(raw: bytes) -> EmailMessage:
    return message_from_bytes(raw, policy=policy.default)


def test_the_headers_are_those_of_an_automatic_message_from_the_configured_sender():
    mail = composed(OutboundMail(to="Me.Durand@Cabinet-Durand.FR", subject="Réinitialisation", text="Lien"))
    assert mail.message_id == "<id0001@poste.example>"
    assert mail.local_id == "id0001"
    assert (mail.sender, mail.recipient) == ("ne-pas-repondre@poste.example", "Me.Durand@cabinet-durand.fr")
    headers = mail.raw.split(b"\r\n\r\n", 1)[0].decode()
    assert headers.splitlines() == [
        "From: IA Poste Manager <ne-pas-repondre@poste.example>",
        "To: Me.Durand@cabinet-durand.fr",
        "Subject: =?utf-8?q?R=C3=A9initialisation?=",
        "Date: Mon, 02 Mar 2026 08:00:00 +0000",
        "Message-ID: <id0001@poste.example>",
        "Auto-Submitted: auto-generated",
        'Content-Type: text/plain; charset="utf-8"',
        "Content-Transfer-Encoding: quoted-printable",
        "MIME-Version: 1.0",
    ]


def test_every_line_ends_with_crlf_and_no_line_is_longer_than_smtp_allows():
    text = "Ligne\navec\r\ndes fins\rvariées " + "très longue " * 80
    raw = composed(OutboundMail(to="a@cabinet.fr", subject="Sujet " * 200, text=text, html="<p>" * 300)).raw
    assert b"\n" not in raw.replace(b"\r\n", b"")
    assert b"\r" not in raw.replace(b"\r\n", b"")
    assert max(len(line) for line in raw.split(b"\r\n")) <= 78
    assert max(raw) < 128


def test_the_text_reads_back_as_written_with_unix_line_ends():
    text = "Bonjour Maître,\r\n\r\nVotre lien : https://poste.example/reinitialisation/" + "k" * 120 + "\r\n"
    message = read(composed(OutboundMail(to="a@cabinet.fr", subject="s", text=text)).raw)
    assert message.get_content().replace("\r\n", "\n") == text.replace("\r\n", "\n")


def test_the_html_part_follows_the_text_part_and_mime_version_is_said_once():
    raw = composed(OutboundMail(to="a@cabinet.fr", subject="s", text="texte", html="<p>é</p>")).raw
    assert raw.count(b"MIME-Version") == 1
    message = read(raw)
    assert [part.get_content_type() for part in message.iter_parts()] == ["text/plain", "text/html"]
    assert all(part.get_content_charset() == "utf-8" for part in message.iter_parts())


def test_an_empty_html_sends_the_text_alone():
    message = read(composed(OutboundMail(to="a@cabinet.fr", subject="s", text="texte", html="")).raw)
    assert message.get_content_type() == "text/plain"


def test_message_ids_come_from_the_id_generator_on_the_senders_domain():
    ids = SequentialIds()
    first = composed(OutboundMail(to="a@cabinet.fr", subject="s", text="t"), ids)
    second = composed(OutboundMail(to="a@cabinet.fr", subject="s", text="t"), ids)
    assert (first.message_id, second.message_id) == ("<id0001@poste.example>", "<id0002@poste.example>")


def test_a_message_over_email_services_limit_is_refused_before_sending():
    with pytest.raises(ValueError, match="5 MiB"):
        composed(OutboundMail(to="a@cabinet.fr", subject="s", text="x" * MAX_OUTBOUND_MAIL_BYTES))


@pytest.mark.parametrize(
    ("subject", "expected"),
    [
        ("Invitation\r\nBcc: x@y.fr", "Invitation Bcc: x@y.fr"),
        ("  Rappel :\téchéance\x00 J-3  ", "Rappel : échéance J-3"),
        ("a\u2028b", "a b"),
        ("", ""),
    ],
)
def test_a_subject_is_one_line(subject, expected):
    assert one_line(subject) == expected


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("me.durand@cabinet-durand.fr", "me.durand@cabinet-durand.fr"),
        ("Me.Durand+invitations@CABINET.fr", "Me.Durand+invitations@cabinet.fr"),
        ("o'hara@barreau-de-paris.fr", "o'hara@barreau-de-paris.fr"),
        ("contact@cabinet-éloïse.fr", "contact@xn--cabinet-lose-ieb0g.fr"),
    ],
)
def test_a_plain_address_is_accepted_with_its_domain_in_lower_case_ascii(given, expected):
    assert recipient_address(given) == expected


@pytest.mark.parametrize(
    "wrong",
    [
        "",
        "durand",
        "@cabinet.fr",
        "durand@",
        "durand@cabinet",
        "durand@cabinet.123",
        "durand@@cabinet.fr",
        "durand@cabinet..fr",
        "durand@-cabinet.fr",
        "durand.@cabinet.fr",
        ".durand@cabinet.fr",
        "du rand@cabinet.fr",
        "durand@cabinet.fr ",
        '"durand"@cabinet.fr',
        "durand@[192.0.2.1]",
        "Maître Durand <durand@cabinet.fr>",
        "durand@cabinet.fr, martin@cabinet.fr",
        "durand@cabinet.fr;martin@cabinet.fr",
        "durand@cabinet.fr\r\nBcc: x@y.fr",
        "durand@cabinet.fr\nBcc: x@y.fr",
        "durand\r\n@cabinet.fr",
        "durand@cabinet\x00.fr",
        "élodie@cabinet.fr",  # an internationalised local part needs SMTPUTF8 all the way: not promised
        "x" * 65 + "@cabinet.fr",
        "x@" + "c" * 250 + ".fr",
    ],
)
def test_anything_but_one_plain_address_is_refused_in_french(wrong):
    with pytest.raises(InvalidInput) as refused:
        recipient_address(wrong, field="email")
    assert refused.value.field == "email"
    assert refused.value.status == 422
    assert refused.value.message.startswith("Indiquez une seule adresse électronique valide")


def test_the_sender_setting_takes_a_display_name_or_a_bare_address():
    assert parse_sender("Cabinet Éloïse <Contact@Cabinet.FR>").display_name == "Cabinet Éloïse"
    assert parse_sender("Cabinet Éloïse <Contact@Cabinet.FR>").address == "Contact@cabinet.fr"
    assert parse_sender('"Martin, avocats" <ne-pas-repondre@martin.fr>').display_name == "Martin, avocats"
    bare = parse_sender("ne-pas-repondre@martin.fr")
    assert (bare.display_name, bare.domain) == ("", "martin.fr")
    mail = compose(OutboundMail("a@b.fr", "s", "t"), sender=bare, clock=FrozenClock(), ids=SequentialIds())
    assert read(mail.raw)["From"] == "ne-pas-repondre@martin.fr"


@pytest.mark.parametrize(
    "wrong",
    ["", "IA Poste Manager", "a@martin.fr, b@martin.fr", "IA <a@martin.fr>\r\nBcc: x@y.fr", "IA <a@localhost>"],
)
def test_a_wrong_sender_setting_is_a_configuration_error_naming_the_setting(wrong):
    with pytest.raises(ValueError, match="POSTE_MAIL_FROM invalide"):
        parse_sender(wrong, setting="POSTE_MAIL_FROM")
