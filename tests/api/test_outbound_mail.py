"""What the application mails is visible to API tests on both runtimes (`api.sent_mail()`), as the routes that send
invitations and reset links will need."""

from email import message_from_bytes, policy

from services.ports import OutboundMail


async def test_mail_sent_through_the_context_is_seen_by_the_api_fixture(api):
    assert await api.sent_mail() == []
    link = "https://iapostemanager.example/reinitialisation/" + "t0K-" * 10
    message_id = await api.context.mailer.send(
        OutboundMail("me.durand@cabinet-durand.fr", "Réinitialisation de votre mot de passe", f"Lien : {link}\n")
    )
    [(recipient, raw)] = await api.sent_mail()
    message = message_from_bytes(raw, policy=policy.default)
    assert recipient == "me.durand@cabinet-durand.fr"
    assert message["Message-ID"] == message_id
    assert message["Subject"] == "Réinitialisation de votre mot de passe"
    assert link in message.get_content().replace("\r\n", "\n")
