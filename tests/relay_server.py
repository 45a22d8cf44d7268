"""A real SMTP relay on loopback (aiosmtpd on the test's event loop) for the outbound mail adapters: it records
what it accepts, and can refuse a recipient, answer slowly, or require STARTTLS and a login as a cabinet's
provider would."""

from __future__ import annotations

import asyncio
import ssl
import subprocess
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session

from local.config import RelaySettings


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    raw: bytes


@dataclass
class RelayBehaviour:
    refuse: dict[str, str] = field(default_factory=dict)  # recipient -> SMTP reply, e.g. "550 5.1.1 Unknown user"
    data_delay: float = 0.0  # seconds before answering DATA
    tls_context: ssl.SSLContext | None = None  # offers STARTTLS, and requires it, when set
    login: tuple[str, str] | None = None  # requires AUTH with this user and password when set


class RecordingHandler:
    def __init__(self, behaviour: RelayBehaviour) -> None:
        self.behaviour = behaviour
        self.received: list[Received] = []
        self.logins: list[str] = []

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        if address in self.behaviour.refuse:
            return self.behaviour.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        await asyncio.sleep(self.behaviour.data_delay)
        raw = bytes(envelope.original_content or b"")
        self.received.append(Received(str(envelope.mail_from), list(envelope.rcpt_tos), raw))
        return "250 2.0.0 Ok: queued"

    def authenticate(self, server: SMTP, session: Session, envelope: Envelope, mechanism: str, data: Any) -> Any:
        expected = self.behaviour.login
        if isinstance(data, LoginPassword) and expected is not None:
            self.logins.append(data.login.decode())
            return AuthResult(success=(data.login.decode(), data.password.decode()) == expected, handled=False)
        return AuthResult(success=False, handled=False)


@asynccontextmanager
async def running_relay(behaviour: RelayBehaviour | None = None) -> AsyncIterator[tuple[RecordingHandler, int]]:
    """The relay's handler (what it received) and the loopback port it listens on."""
    behaviour = behaviour or RelayBehaviour()
    handler = RecordingHandler(behaviour)
    secured = behaviour.tls_context is not None

    def protocol() -> SMTP:
        options: dict[str, Any] = {}
        if secured:
            options = {"tls_context": behaviour.tls_context, "require_starttls": True}
        if behaviour.login is not None:
            options |= {"authenticator": handler.authenticate, "auth_required": True, "auth_require_tls": secured}
        return SMTP(handler, hostname="relais.test", **options)

    server = await asyncio.get_running_loop().create_server(protocol, host="127.0.0.1", port=0)
    try:
        yield handler, server.sockets[0].getsockname()[1]
    finally:
        server.close()
        await server.wait_closed()


def relay_settings(port: int, **options: Any) -> RelaySettings:
    return RelaySettings(host="127.0.0.1", port=port, **options)


@dataclass(frozen=True)
class LoopbackCertificate:
    """A self-signed certificate for 127.0.0.1, made with the openssl command for the test at hand."""

    cert: Path
    key: Path

    @classmethod
    def create(cls, folder: Path) -> LoopbackCertificate:
        cert, key = folder / "relay.crt", folder / "relay.key"
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
             "-days", "1", "-subj", "/CN=relais.test", "-addext", "subjectAltName=IP:127.0.0.1",
             "-keyout", str(key), "-out", str(cert)],
            check=True, capture_output=True, timeout=60,
        )  # fmt: skip
        return cls(cert, key)

    def server_context(self) -> ssl.SSLContext:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(self.cert, self.key)
        return context

    def client_context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=str(self.cert))
