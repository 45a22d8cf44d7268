"""The local runtime's SMTP relay client against a real SMTP server on loopback: STARTTLS and login as a provider
requires them, refusals told apart (permanent or temporary), and the event loop free while the relay is slow."""

from __future__ import annotations

import asyncio
import socket
from pathlib import Path

import pytest

from local.config import LocalConfig, MailSettings
from local.runtime import open_runtime
from local.smtp_relay import SmtpRelayMailer
from services.outbound_mail import DEFAULT_MAIL_FROM, parse_sender
from services.ports import MailNotSent, OutboundMail
from tests.fakes import FrozenClock, SequentialIds
from tests.relay_server import LoopbackCertificate, RelayBehaviour, relay_settings, running_relay
from tests.unit.local_runtime.test_event_loop import yields_while_running

SENDER = parse_sender(DEFAULT_MAIL_FROM)
INVITATION = OutboundMail(to="me.durand@cabinet-durand.fr", subject="Invitation", text="Bonjour")


def relay_mailer(port: int, *, tls: LoopbackCertificate | None = None, **options) -> SmtpRelayMailer:
    context = tls.client_context() if tls else None
    return SmtpRelayMailer(
        relay_settings(port, **options), SENDER, FrozenClock(), SequentialIds(), tls_context=context, timeout=5
    )


@pytest.fixture
def certificate(tmp_path: Path) -> LoopbackCertificate:
    return LoopbackCertificate.create(tmp_path)


async def test_the_message_goes_through_starttls_and_login_when_the_relay_requires_them(certificate):
    behaviour = RelayBehaviour(tls_context=certificate.server_context(), login=("cabinet", "s3cret-relais"))
    async with running_relay(behaviour) as (relay, port):
        mailer = relay_mailer(port, tls=certificate, user="cabinet", password="s3cret-relais", starttls=True)
        message_id = await mailer.send(INVITATION)
    [received] = relay.received
    assert relay.logins == ["cabinet"]
    assert (received.mail_from, received.rcpt_tos) == ("ne-pas-repondre@poste.example", [INVITATION.to])
    assert f"Message-ID: {message_id}".encode() in received.raw


async def test_a_relay_that_requires_starttls_refuses_a_client_configured_without_it(certificate):
    async with running_relay(RelayBehaviour(tls_context=certificate.server_context())) as (relay, port):
        with pytest.raises(MailNotSent) as refused:
            await relay_mailer(port).send(INVITATION)
    assert refused.value.temporary is False
    assert "530" in str(refused.value)
    assert relay.received == []


async def test_a_wrong_password_is_a_permanent_failure(certificate):
    behaviour = RelayBehaviour(tls_context=certificate.server_context(), login=("cabinet", "s3cret-relais"))
    async with running_relay(behaviour) as (relay, port):
        mailer = relay_mailer(port, tls=certificate, user="cabinet", password="faux", starttls=True)
        with pytest.raises(MailNotSent, match="identification") as refused:
            await mailer.send(INVITATION)
    assert refused.value.temporary is False
    assert relay.received == []


async def test_a_relay_whose_certificate_is_not_trusted_gets_nothing(certificate, tmp_path):
    (tmp_path / "autre").mkdir()
    other = LoopbackCertificate.create(tmp_path / "autre")  # valid for 127.0.0.1, but not the relay's
    async with running_relay(RelayBehaviour(tls_context=certificate.server_context())) as (relay, port):
        with pytest.raises(MailNotSent, match="certificat") as refused:
            await relay_mailer(port, tls=other, starttls=True).send(INVITATION)
    assert refused.value.temporary is False
    assert relay.received == []


@pytest.mark.parametrize(
    ("reply", "temporary"),
    [("550 5.1.1 Utilisateur inconnu", False), ("450 4.2.1 Mailbox busy, try again later", True)],
)
async def test_a_refused_recipient_says_whether_trying_again_may_help(reply, temporary):
    async with running_relay(RelayBehaviour(refuse={INVITATION.to: reply})) as (relay, port):
        with pytest.raises(MailNotSent) as refused:
            await relay_mailer(port).send(INVITATION)
    assert refused.value.temporary is temporary
    assert reply.split()[0] in str(refused.value)
    assert relay.received == []


async def test_a_relay_that_does_not_answer_is_a_temporary_failure():
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]  # bound, never listening: connections are refused
        with pytest.raises(MailNotSent, match="injoignable") as refused:
            await relay_mailer(port).send(INVITATION)
    assert refused.value.temporary is True


async def test_a_slow_relay_never_holds_the_event_loop():
    async with running_relay(RelayBehaviour(data_delay=0.3)) as (relay, port):
        assert await yields_while_running(lambda: relay_mailer(port).send(INVITATION))
    assert len(relay.received) == 1


async def test_the_runtime_sends_through_the_relay_when_one_is_configured(tmp_path):
    async with running_relay() as (relay, port):
        mail = MailSettings(sender="Cabinet Martin <courrier@cabinet-martin.fr>", relay=relay_settings(port))
        runtime = open_runtime(LocalConfig(data_dir=tmp_path, mail=mail))
        try:
            message_id = await runtime.context.mailer.send(INVITATION)
        finally:
            runtime.close()
    [received] = relay.received
    assert received.mail_from == "courrier@cabinet-martin.fr"
    assert message_id.endswith("@cabinet-martin.fr>")
    assert not (tmp_path / "outbox").exists()


async def test_messages_sent_at_once_each_take_their_own_connection():
    async with running_relay(RelayBehaviour(data_delay=0.2)) as (relay, port):
        mailer = relay_mailer(port)
        sent = await asyncio.gather(*(mailer.send(INVITATION) for _ in range(3)))
    assert len(set(sent)) == 3
    assert len(relay.received) == 3
