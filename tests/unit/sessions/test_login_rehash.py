"""A password stored with older parameters is hashed again, with today's, at the next successful login."""

from __future__ import annotations

from dataclasses import replace

from domain.actors import Actor, Role
from domain.audit import Client
from services.auth import login
from services.scope import SystemScope
from tests.api.seed import PASSWORD, new_cabinet, person_of
from tests.fakes import local_testbed


async def test_a_login_rehashes_a_password_stored_with_fewer_rounds(tmp_path):
    bed = local_testbed(tmp_path, password_rounds=1)
    try:
        cabinet = await new_cabinet(bed.context, "martin@poste.example")
        person = await person_of(bed.context, cabinet.id, Role.AVOCAT)
        people = SystemScope(bed.context, Actor("system", "t"), "t").for_cabinet(cabinet.id).people
        assert (await people.credentials(person.id)).password_hash.startswith("pbkdf2-sha256$1x100000$")
        today = replace(bed.context, settings=replace(bed.context.settings, password_rounds=6))
        system = SystemScope(today, Actor("system", "auth"), "api", Client("192.0.2.1", "tests"))
        await login(system, email=person.email, password=PASSWORD, totp=None)
        rehashed = (await people.credentials(person.id)).password_hash
        assert rehashed.startswith("pbkdf2-sha256$6x100000$")
        await login(system, email=person.email, password=PASSWORD, totp=None)  # and it still opens
        assert (await people.credentials(person.id)).password_hash == rehashed
    finally:
        bed.runtime.close()
