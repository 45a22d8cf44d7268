"""Configuration of the local runtime: environment variables, with `wrangler.toml` as the source of crons and
queue settings so both runtimes fire the same schedules and retry the same way."""

from __future__ import annotations

import ipaddress
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from services.context import AppSettings
from services.outbound_mail import DEFAULT_MAIL_FROM

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class QueueSettings:
    max_batch_size: int = 10
    max_retries: int = 3
    retry_delay_seconds: float = 5.0


@dataclass(frozen=True)
class RelaySettings:
    """The SMTP relay outbound mail goes through (`POSTE_SMTP_RELAY=host:port`)."""

    host: str
    port: int
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    starttls: bool = False


@dataclass(frozen=True)
class MailSettings:
    """Outbound mail: the sender (`POSTE_MAIL_FROM`, Workers' `MAIL_FROM`), and the relay, or None for the outbox
    folder (`<data_dir>/outbox/`)."""

    sender: str = DEFAULT_MAIL_FROM
    relay: RelaySettings | None = None


@dataclass(frozen=True)
class LocalConfig:
    data_dir: Path
    http_host: str = "127.0.0.1"
    http_port: int = 8787
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 2525
    crons: tuple[str, ...] = ()
    queue: QueueSettings = QueueSettings()
    # The audio lane (docs/transcription.md): one recording at a time, its own retries.
    audio_queue: QueueSettings = QueueSettings(max_batch_size=1, max_retries=6, retry_delay_seconds=60.0)
    public_dir: Path = ROOT / "public"
    settings: AppSettings = AppSettings()  # noqa: RUF009 (frozen, so one shared default is safe)
    mail: MailSettings = MailSettings()

    @classmethod
    def from_environment(cls, wrangler_toml: Path = ROOT / "wrangler.toml") -> LocalConfig:
        wrangler = read_wrangler(wrangler_toml)
        return cls(
            data_dir=Path(os.environ.get("POSTE_DATA_DIR", ROOT / ".data")).resolve(),
            http_host=os.environ.get("POSTE_HTTP_HOST", "127.0.0.1"),
            http_port=int(os.environ.get("POSTE_HTTP_PORT", "8787")),
            smtp_host=os.environ.get("POSTE_SMTP_HOST", "127.0.0.1"),
            smtp_port=int(os.environ.get("POSTE_SMTP_PORT", "2525")),
            crons=crons_of(wrangler),
            queue=queue_settings_of(wrangler),
            audio_queue=queue_settings_of(wrangler, AUDIO_QUEUE),
            settings=settings_from_environment(),
            mail=mail_settings_of(os.environ),
        )


def read_wrangler(path: Path) -> dict[str, Any]:
    with path.open("rb") as handle:
        return tomllib.load(handle)


def crons_of(wrangler: dict[str, Any]) -> tuple[str, ...]:
    return tuple(wrangler.get("triggers", {}).get("crons", ()))


JOBS_QUEUE = "iapostemanager-jobs"
AUDIO_QUEUE = "iapostemanager-audio"


def queue_settings_of(wrangler: dict[str, Any], queue: str = JOBS_QUEUE) -> QueueSettings:
    """The settings of the consumer of `queue` (the first consumer for a configuration that names no such queue)."""
    consumers = wrangler.get("queues", {}).get("consumers", [])
    if not consumers:
        return QueueSettings()
    consumer = next((c for c in consumers if c.get("queue") == queue), consumers[0])
    return QueueSettings(
        max_batch_size=int(consumer.get("max_batch_size", 10)),
        max_retries=int(consumer.get("max_retries", 3)),
        retry_delay_seconds=float(consumer.get("retry_delay", 5)),
    )


def settings_from_environment() -> AppSettings:
    defaults = AppSettings()
    port = os.environ.get("POSTE_HTTP_PORT", "8787")
    return AppSettings(
        mail_domain=os.environ.get("POSTE_MAIL_DOMAIN", defaults.mail_domain),
        base_url=os.environ.get("POSTE_BASE_URL", f"http://127.0.0.1:{port}").rstrip("/"),
        operator_token=os.environ.get("POSTE_OPERATOR_TOKEN") or None,
        max_upload_bytes=int(os.environ.get("POSTE_MAX_UPLOAD_BYTES") or defaults.max_upload_bytes),
    )


def mail_settings_of(environ: Mapping[str, str]) -> MailSettings:
    return MailSettings(sender=environ.get("POSTE_MAIL_FROM") or DEFAULT_MAIL_FROM, relay=relay_settings_of(environ))


def relay_settings_of(environ: Mapping[str, str]) -> RelaySettings | None:
    relay = environ.get("POSTE_SMTP_RELAY", "").strip()
    user = environ.get("POSTE_SMTP_RELAY_USER") or None
    password = environ.get("POSTE_SMTP_RELAY_PASSWORD") or None
    starttls = environ.get("POSTE_SMTP_RELAY_STARTTLS", "0").strip()
    if starttls not in ("0", "1", ""):
        raise ValueError("POSTE_SMTP_RELAY_STARTTLS vaut 1 (STARTTLS) ou 0")
    if not relay:
        if user or password or starttls == "1":
            raise ValueError("POSTE_SMTP_RELAY_USER, _PASSWORD et _STARTTLS n'ont de sens qu'avec POSTE_SMTP_RELAY")
        return None
    host, port = _host_and_port(relay)
    if (user is None) != (password is None):
        raise ValueError("POSTE_SMTP_RELAY_USER et POSTE_SMTP_RELAY_PASSWORD vont ensemble")
    if user is not None and starttls != "1" and not _is_loopback(host):
        # A password in clear text on the network: refused, whatever the relay would accept.
        raise ValueError("l'identification au relais exige POSTE_SMTP_RELAY_STARTTLS=1 (hors boucle locale)")
    return RelaySettings(host=host, port=port, user=user, password=password, starttls=starttls == "1")


def _host_and_port(relay: str) -> tuple[str, int]:
    """`host:port`, or `[v6 address]:port`."""
    host, colon, port = relay.rpartition(":")
    bracketed = host.startswith("[") and host.endswith("]")
    host = host[1:-1] if bracketed else host
    if not colon or not host or (":" in host and not bracketed) or not port.isdigit() or not 0 < int(port) < 65536:
        raise ValueError(f"POSTE_SMTP_RELAY attend hôte:port (ex. smtp.cabinet.fr:587), pas « {relay} »")
    return host, int(port)


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
