"""A filed message's facts become suggestions awaiting a lawyer's confirmation (docs/courrier.md, docs/echeances.md):
the hearing its new text announces is suggested, the one its quoted history mentions is not; a message filed by hand
from the "à classer" tray suggests the same way, once."""

from __future__ import annotations

from tests.api.client import ApiClient
from tests.api.seed import cabinet_with_session
from tests.api.test_mail_filing import ADDRESS, deliver, dossier_with, mail

SUMMONS = (
    "Maître,\r\n\r\nVous êtes convoqué à l'audience de plaidoiries du 14 avril 2026 à 9 heures 30.\r\n\r\n"
    "Le greffe\r\n\r\nLe 2 févr. 2026 à 10:12, Greffe a écrit :\r\n"
    "> L'affaire est appelée à l'audience du 3 mars 2026 à 14 heures.\r\n"
)


async def suggested_hearings(api: ApiClient, headers: dict[str, str]) -> list[tuple[str, str, str]]:
    answer = await api.request("GET", "/api/suggestions", headers=headers)
    assert answer.status == 200, answer.body
    return [(h["date"], h["status"], h["source"]) for h in answer.json()["hearings"]]


async def test_a_filed_message_suggests_the_hearing_of_its_new_text_and_not_the_quoted_one(api: ApiClient) -> None:
    cabinet, headers = await cabinet_with_session(api.context, ADDRESS)
    _dossier_id, reference = await dossier_with(api.context, cabinet)
    inbound_id = await deliver(api.context, cabinet, mail("Convocation", SUMMONS),
                               to=f"martin+{reference}@poste.example")  # fmt: skip
    assert await suggested_hearings(api, headers) == [("2026-04-14", "suggeree", "courrier")]
    shown = await api.request("GET", f"/api/mail/{inbound_id}", headers=headers)
    assert shown.json()["status"] == "filed"


async def test_a_message_filed_by_hand_from_the_tray_suggests_its_hearing_once(api: ApiClient) -> None:
    cabinet, headers = await cabinet_with_session(api.context, ADDRESS)
    dossier_id, _reference = await dossier_with(api.context, cabinet)
    inbound_id = await deliver(api.context, cabinet, mail("Convocation", SUMMONS, sender="inconnu@exemple.fr"))
    assert await suggested_hearings(api, headers) == []  # à classer: no dossier yet, nothing suggested
    for _ in range(2):  # filed, then filed again in the same dossier
        filed = await api.request("POST", f"/api/mail/{inbound_id}/file", json={"dossier_id": dossier_id},
                                  headers=headers)  # fmt: skip
        assert filed.status == 200, filed.body
    assert await suggested_hearings(api, headers) == [("2026-04-14", "suggeree", "courrier")]
