"""The Mailer port's contract: one message to one person, proper MIME, whatever carries it — the send_email binding
on Workers (Miniflare's in the harness), an SMTP relay or the outbox folder locally.

The `mailer` fixture has `mailer.mailer` (the adapter) and `await mailer.sent()`: what the transport took, as
(envelope recipient, raw bytes) pairs in sending order.
"""

from email import message_from_bytes, policy
from email.message import EmailMessage

from domain.errors import InvalidInput
from services.ports import OutboundMail
from tests.contract.expect import raises

RECIPIENT = "me.durand@cabinet-durand.fr"
LINK = "https://iapostemanager.example/invitation/" + "Zq9_x-" * 8


def read(raw: bytes) -> EmailMessage:
    return message_from_bytes(raw, policy=policy.default)


def text_of(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("plain",)).get_content().replace("\r\n", "\n")


async def test_a_message_reaches_its_one_recipient_as_utf8_mime(mailer):
    subject = "Invitation à rejoindre « Cabinet Martin & Associés » — échéances"
    text = f"Bonjour Maître,\n\nVous êtes invitée à rejoindre le cabinet : {LINK}\n\nÀ bientôt.\n"
    message_id = await mailer.mailer.send(OutboundMail(to=RECIPIENT, subject=subject, text=text))
    [(recipient, raw)] = await mailer.sent()
    assert recipient == RECIPIENT
    assert max(raw) < 128, "the message is 7-bit: encoded words and quoted-printable"
    message = read(raw)
    assert message["To"] == RECIPIENT
    assert message["Subject"] == subject
    assert message["From"].addresses[0].addr_spec == "ne-pas-repondre@poste.example"
    assert message["Message-ID"] == message_id
    assert message_id.startswith("<")
    assert message_id.endswith("@poste.example>")
    assert message["Date"].datetime.utcoffset() is not None
    assert message["MIME-Version"] == "1.0"
    assert message.get_content_type() == "text/plain"
    assert message.get_content_charset() == "utf-8"
    assert text_of(message) == text  # the link whole, however the encoding folded its line


async def test_an_html_version_travels_as_the_alternative_to_the_text(mailer):
    html = f'<p>Bonjour Maître,</p><p><a href="{LINK}">Rejoindre le cabinet</a></p>'
    await mailer.mailer.send(OutboundMail(to=RECIPIENT, subject="Invitation", text=f"Lien : {LINK}", html=html))
    [(_, raw)] = await mailer.sent()
    message = read(raw)
    assert message.get_content_type() == "multipart/alternative"
    assert [part.get_content_type() for part in message.iter_parts()] == ["text/plain", "text/html"]
    assert text_of(message) == f"Lien : {LINK}\n"
    assert message.get_body(preferencelist=("html",)).get_content().strip() == html


async def test_each_message_goes_out_under_its_own_message_id(mailer):
    first = await mailer.mailer.send(OutboundMail(to=RECIPIENT, subject="Un", text="1"))
    second = await mailer.mailer.send(OutboundMail(to="associe@cabinet-martin.fr", subject="Deux", text="2"))
    assert first != second
    sent = await mailer.sent()
    assert [recipient for recipient, _ in sent] == [RECIPIENT, "associe@cabinet-martin.fr"]
    assert [read(raw)["Message-ID"] for _, raw in sent] == [first, second]


async def test_a_recipient_that_is_not_one_address_is_refused_and_nothing_is_sent(mailer):
    for wrong in (
        "pas-une-adresse",
        "a@cabinet.fr, b@cabinet.fr",
        "Maître Durand <me.durand@cabinet-durand.fr>",
        "me.durand@cabinet-durand.fr\r\nBcc: fuite@ailleurs.example",
        "me.durand@cabinet-durand.fr\nBcc: fuite@ailleurs.example",
        " me.durand@cabinet-durand.fr",
        "",
    ):
        with raises(InvalidInput) as refused:
            await mailer.mailer.send(OutboundMail(to=wrong, subject="Invitation", text="Bonjour"))
        assert refused.exception.field == "to"
        assert "adresse" in refused.exception.message
    assert await mailer.sent() == []


async def test_line_breaks_in_a_subject_never_make_a_header(mailer):
    subject = "Invitation de Cabinet\r\nBcc: fuite@ailleurs.example\nX-Injecte: oui"
    await mailer.mailer.send(OutboundMail(to=RECIPIENT, subject=subject, text="Bonjour"))
    [(recipient, raw)] = await mailer.sent()
    assert recipient == RECIPIENT
    message = read(raw)
    assert message["Bcc"] is None
    assert message["X-Injecte"] is None
    assert message["Subject"] == "Invitation de Cabinet Bcc: fuite@ailleurs.example X-Injecte: oui"
    assert message.get_all("To") == [RECIPIENT]
