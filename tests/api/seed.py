"""Seeding for API tests, through the use cases only (so it runs on both runtimes): a cabinet with a signed-in
person, and mail delivered and read as the intake and its job would."""

from __future__ import annotations

import weakref

from domain.actors import Actor, Role
from domain.audit import Client
from domain.cabinets import Cabinet
from domain.people import Person
from services.cabinets import create_cabinet
from services.context import AppContext
from services.inbound_mail import InboundEnvelope, read_stored_mail, receive_mail
from services.jobs import MailReceived
from services.people import add_person
from services.scope import SystemScope
from services.sessions import start_session

OPERATOR = Actor("operator", "tests")
PASSWORD = "un mot de passe de test assez long"
TEST_CLIENT = Client("203.0.113.7", "tests")
# One person per cabinet and role, per database (tests with predictable ids reuse cabinet ids across databases).
_PEOPLE: weakref.WeakKeyDictionary[object, dict[tuple[str, Role], Person]] = weakref.WeakKeyDictionary()


async def new_cabinet(ctx: AppContext, address: str) -> Cabinet:
    """A cabinet whose inbound address is `address` (its slug is the local part), with its first associé."""
    slug = address.split("@", 1)[0]
    operator = SystemScope(ctx, OPERATOR, "tests")
    created = await create_cabinet(
        operator, name=f"Cabinet {slug}", slug=slug, admin_email=f"associe@{slug}.test", admin_password=PASSWORD
    )
    assert created.cabinet.inbound_address == address, "the tests' mail domain is the default one"
    return created.cabinet


async def person_of(ctx: AppContext, cabinet_id: str, role: Role) -> Person:
    """The cabinet's test person with this role, added the first time it is asked for."""
    known = _PEOPLE.setdefault(ctx.db, {})
    if (cabinet_id, role) not in known:
        scope = SystemScope(ctx, OPERATOR, "tests").for_cabinet(cabinet_id)
        email = f"{role.value}.{ctx.ids.new_id().lower()}@personnes.test"
        known[cabinet_id, role] = await add_person(scope, email=email, role=role, password=PASSWORD)
    return known[cabinet_id, role]


async def signed_in(ctx: AppContext, cabinet_id: str, role: Role) -> dict[str, str]:
    """The headers of a request made by a person of the cabinet with this role (a tool's bearer token: a
    browser's cookie would need the CSRF token too, which tests/api/test_auth.py covers)."""
    person = await person_of(ctx, cabinet_id, role)
    scope = SystemScope(ctx, OPERATOR, "tests").for_cabinet(cabinet_id)
    opened = await start_session(scope, person, TEST_CLIENT)
    return {"authorization": f"Bearer {opened.token}"}


async def cabinet_with_session(
    ctx: AppContext, address: str, role: Role = Role.AVOCAT
) -> tuple[Cabinet, dict[str, str]]:
    """A new cabinet, and the headers of a request made by one of its people."""
    cabinet = await new_cabinet(ctx, address)
    return cabinet, await signed_in(ctx, cabinet.id, role)


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
