"""Seeding for API tests, through the use cases only (so it runs on both runtimes): a cabinet with a signed-in
person, and mail delivered and read as the intake and its job would."""

from __future__ import annotations

import json

from domain.actors import Actor, Role
from domain.cabinets import Cabinet
from services.cabinets import create_cabinet
from services.context import AppContext
from services.inbound_mail import InboundEnvelope, read_stored_mail, receive_mail
from services.jobs import MailReceived
from services.scope import SystemScope
from services.sessions import SESSION_COOKIE, open_session

OPERATOR = Actor("operator", "tests")


async def cabinet_with_session(
    ctx: AppContext, address: str, role: Role = Role.AVOCAT
) -> tuple[Cabinet, dict[str, str]]:
    """A new cabinet, and the headers of a request made by one of its people."""
    cabinet = await create_cabinet(
        SystemScope(ctx, OPERATOR, "tests"), name=f"Cabinet {address}", inbound_address=address
    )
    token = await open_session(ctx, cabinet.id, f"personne-{role.value}", role)
    return cabinet, {"cookie": f"{SESSION_COOKIE}={token}"}


async def signed_in(ctx: AppContext, cabinet_id: str, role: Role | None) -> dict[str, str]:
    """The headers of a request made by a person of the cabinet with this role (None: a session with no role)."""
    if role is None:
        return await session_without_role(ctx, cabinet_id)
    token = await open_session(ctx, cabinet_id, f"personne-{role.value}", role)
    return {"cookie": f"{SESSION_COOKIE}={token}"}


async def session_without_role(ctx: AppContext, cabinet_id: str) -> dict[str, str]:
    """A session whose person holds no role (e.g. one written by an older version): it may read nothing."""
    token = ctx.ids.new_token()
    await ctx.kv.put(f"session:{token}", json.dumps({"cabinet_id": cabinet_id, "person_id": "x"}), ttl_seconds=600)
    return {"authorization": f"Bearer {token}"}


async def delivered(ctx: AppContext, cabinet: Cabinet, raw: bytes) -> str:
    """A message received at the cabinet's address and read by its job."""
    outcome = await receive_mail(ctx, InboundEnvelope("greffe.tj-paris@justice.fr", cabinet.inbound_address, raw))
    assert outcome.accepted
    assert outcome.inbound_id
    await read_stored_mail(ctx, MailReceived(cabinet.id, outcome.inbound_id))
    return outcome.inbound_id


def avis(subject: str, rg: str = "24/01234", message_id: str = "<avis-1@justice.fr>") -> bytes:
    return (
        f"From: Greffe TJ Paris <greffe.tj-paris@justice.fr>\r\nSubject: {subject}\r\nMessage-ID: {message_id}\r\n"
        "Date: Mon, 2 Mar 2026 09:15:00 +0100\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
        f"Maître,\r\nL'affaire RG n° {rg} est fixée à l'audience du 14 avril 2026 à 9 h 30.\r\n"
    ).encode()
