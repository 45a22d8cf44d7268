"""The home screen's counters (docs/notifications.md, "The home screen") in one read: the « à classer » tray, the
suggestions awaiting confirmation, each filtered in SQL by what the actor may see."""

from __future__ import annotations

from dataclasses import dataclass

from d1.database import Database
from d1.dossier_access import visible_dossier_id, visible_dossiers
from domain.actors import Actor


@dataclass(frozen=True)
class Counters:
    to_file: int
    suggestions: int


class Dashboard:
    def __init__(self, db: Database, cabinet_id: str) -> None:
        self._db = db
        self._cabinet_id = cabinet_id

    async def counters(self, actor: Actor, *, with_mail: bool) -> Counters:
        """`with_mail` false (the actor may not read mail): the tray counts nothing."""
        cabinet = self._cabinet_id
        mail = visible_dossier_id(actor, cabinet, "m.dossier_id")
        deadlines = visible_dossiers(actor, cabinet)
        hearings = visible_dossiers(actor, cabinet)
        dossier_of = "JOIN dossiers d ON d.cabinet_id = {0}.cabinet_id AND d.id = {0}.dossier_id"
        row = await self._db.first(
            "SELECT (SELECT COUNT(*) FROM inbound_mail m WHERE m.cabinet_id = ? AND m.status = 'to_file'"
            f" AND ? AND {mail.sql}) AS to_file,"
            f" (SELECT COUNT(*) FROM deadlines dl {dossier_of.format('dl')} WHERE dl.cabinet_id = ?"
            f" AND dl.status = 'suggere' AND {deadlines.sql})"
            f" + (SELECT COUNT(*) FROM hearings h {dossier_of.format('h')} WHERE h.cabinet_id = ?"
            f" AND h.status = 'suggeree' AND {hearings.sql}) AS suggestions",
            cabinet, int(with_mail), *mail.params, cabinet, *deadlines.params, cabinet, *hearings.params,
        )  # fmt: skip
        if row is None:
            return Counters(0, 0)
        return Counters(int(str(row["to_file"])), int(str(row["suggestions"])))
