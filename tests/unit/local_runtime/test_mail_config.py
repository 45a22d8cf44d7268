"""Outbound mail settings of the local runtime (POSTE_MAIL_FROM, POSTE_SMTP_RELAY*), and the mailer they choose."""

from __future__ import annotations

import pytest

from local.config import LocalConfig, MailSettings, RelaySettings, mail_settings_of, relay_settings_of
from local.outbox import OutboxMailer
from local.runtime import open_runtime
from local.smtp_relay import SmtpRelayMailer
from services.outbound_mail import DEFAULT_MAIL_FROM


def test_without_a_relay_mail_goes_to_the_outbox_from_the_default_sender(tmp_path):
    assert mail_settings_of({}) == MailSettings(sender=DEFAULT_MAIL_FROM, relay=None)
    runtime = open_runtime(LocalConfig(data_dir=tmp_path))
    try:
        assert isinstance(runtime.context.mailer, OutboxMailer)
    finally:
        runtime.close()


def test_a_relay_with_a_login_and_starttls_is_read_from_the_environment():
    settings = mail_settings_of(
        {
            "POSTE_MAIL_FROM": "Cabinet Martin <courrier@cabinet-martin.fr>",
            "POSTE_SMTP_RELAY": "smtp.cabinet-martin.fr:587",
            "POSTE_SMTP_RELAY_USER": "courrier@cabinet-martin.fr",
            "POSTE_SMTP_RELAY_PASSWORD": "mot de passe",
            "POSTE_SMTP_RELAY_STARTTLS": "1",
        }
    )
    assert settings.sender == "Cabinet Martin <courrier@cabinet-martin.fr>"
    assert settings.relay == RelaySettings(
        host="smtp.cabinet-martin.fr",
        port=587,
        user="courrier@cabinet-martin.fr",
        password="mot de passe",
        starttls=True,
    )
    assert "mot de passe" not in repr(settings), "the password never shows in a log line"


@pytest.mark.parametrize(
    ("relay", "host", "port"),
    [("127.0.0.1:2526", "127.0.0.1", 2526), ("[::1]:25", "::1", 25), ("localhost:1025", "localhost", 1025)],
)
def test_the_relay_is_host_colon_port(relay, host, port):
    assert relay_settings_of({"POSTE_SMTP_RELAY": relay}) == RelaySettings(host=host, port=port)


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"POSTE_SMTP_RELAY": "smtp.cabinet.fr"}, "hôte:port"),
        ({"POSTE_SMTP_RELAY": "smtp.cabinet.fr:0"}, "hôte:port"),
        ({"POSTE_SMTP_RELAY": "smtp.cabinet.fr:smtp"}, "hôte:port"),
        ({"POSTE_SMTP_RELAY": "::1:25"}, "hôte:port"),
        ({"POSTE_SMTP_RELAY": "smtp.cabinet.fr:25", "POSTE_SMTP_RELAY_STARTTLS": "oui"}, "vaut 1"),
        ({"POSTE_SMTP_RELAY": "smtp.cabinet.fr:25", "POSTE_SMTP_RELAY_USER": "u"}, "vont ensemble"),
        ({"POSTE_SMTP_RELAY_USER": "u", "POSTE_SMTP_RELAY_PASSWORD": "p"}, "qu'avec POSTE_SMTP_RELAY"),
        (
            {"POSTE_SMTP_RELAY": "smtp.cabinet.fr:25", "POSTE_SMTP_RELAY_USER": "u", "POSTE_SMTP_RELAY_PASSWORD": "p"},
            "exige POSTE_SMTP_RELAY_STARTTLS=1",
        ),
    ],
)
def test_a_wrong_relay_setting_is_refused_at_start_with_what_to_fix(environ, message):
    with pytest.raises(ValueError, match=message):
        relay_settings_of(environ)


def test_a_login_without_starttls_is_allowed_on_loopback_only():
    local = {"POSTE_SMTP_RELAY": "127.0.0.1:1025", "POSTE_SMTP_RELAY_USER": "u", "POSTE_SMTP_RELAY_PASSWORD": "p"}
    assert relay_settings_of(local) == RelaySettings("127.0.0.1", 1025, "u", "p", starttls=False)


def test_the_runtime_picks_the_relay_when_one_is_configured(tmp_path):
    mail = MailSettings(relay=RelaySettings("127.0.0.1", 2526))
    runtime = open_runtime(LocalConfig(data_dir=tmp_path, mail=mail))
    try:
        assert isinstance(runtime.context.mailer, SmtpRelayMailer)
    finally:
        runtime.close()


def test_a_wrong_sender_stops_the_runtime_at_start(tmp_path):
    with pytest.raises(ValueError, match="POSTE_MAIL_FROM invalide"):
        open_runtime(LocalConfig(data_dir=tmp_path, mail=MailSettings(sender="IA Poste Manager")))
