"""When outbound mail fails after the change is saved: a reset request answers as for any address (no enumeration,
the failure logged), an invitation stands and says it was not mailed (the API answers 502 with what to do)."""

from __future__ import annotations

import httpx

from domain.actors import Actor, Role
from local.config import LocalConfig
from local.http import build_local_app
from local.runtime import open_runtime
from services.context import AppSettings
from services.password_reset import request_reset
from services.people import invite
from services.ports import MailNotSent, OutboundMail
from services.scope import SystemScope
from tests.api.seed import new_cabinet, person_of, signed_in


class RefusingMailer:
    """A transport that refuses everything (a relay down, an unverified sending domain)."""

    async def send(self, mail: OutboundMail) -> str:
        raise MailNotSent("relay unavailable", temporary=True)


async def test_mail_that_does_not_leave_neither_reveals_an_account_nor_loses_an_invitation(tmp_path, caplog):
    config = LocalConfig(data_dir=tmp_path, public_dir=tmp_path / "none", settings=AppSettings(password_rounds=1))
    runtime = open_runtime(config, mailer=RefusingMailer())
    try:
        ctx = runtime.context
        cabinet = await new_cabinet(ctx, "martin@poste.example")
        avocat = await person_of(ctx, cabinet.id, Role.AVOCAT)
        system = SystemScope(ctx, Actor("system", "auth"), "api")
        await request_reset(system, avocat.email)  # no exception: the same 202 as for an unknown address
        assert "not mailed" in caplog.text
        invited = await invite(system.for_cabinet(cabinet.id), email="paul@martin.fr", role=Role.AVOCAT)
        assert (invited.mailed, "/invitation/" in invited.link) == (False, True)
        app = build_local_app(ctx, config.public_dir)
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="https://t.test") as http:
            headers = await signed_in(ctx, cabinet.id, Role.ASSOCIE)
            answer = await http.post("/api/people/invitations", json={"email": "x@martin.fr", "role": "avocat"},
                                     headers=headers)  # fmt: skip
            assert (answer.status_code, answer.json()["erreur"]) == (502, "envoi_impossible")
            team = (await http.get("/api/people", headers=headers)).json()
            assert {"paul@martin.fr", "x@martin.fr"} <= {i["email"] for i in team["invitations"]}
    finally:
        runtime.close()
