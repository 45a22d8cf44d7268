"""Which dossiers an actor may see, as SQL: every read of dossiers, or of what hangs from them (documents, parties,
mail, search entries), adds this condition instead of filtering rows in Python (datasette's allowed_resources_sql).

A dossier open to the cabinet (`visibility = 'cabinet'`) is seen by everyone who may read dossiers; one kept to its
team (`equipe`) by its responsible lawyer, its team and whoever holds `dossier.see_all` (associés). The system sees
every dossier; the operator none.
"""

from __future__ import annotations

from dataclasses import dataclass

from d1.database import Database, SqlValue
from domain.actors import Actor, may


@dataclass(frozen=True)
class Condition:
    sql: str
    params: tuple[SqlValue, ...]


def visible_dossiers(actor: Actor, cabinet_id: str, alias: str = "d") -> Condition:
    """A condition on the `dossiers` row aliased `alias` (whose cabinet_id the caller already bound)."""
    if actor.kind == "system" or (actor.kind == "person" and may(actor, "dossier.see_all")):
        return Condition("1 = 1", ())
    if actor.kind != "person" or not may(actor, "dossier.read"):
        return Condition("0 = 1", ())
    return Condition(
        f"({alias}.visibility = 'cabinet' OR {alias}.responsible_id = ? OR EXISTS (SELECT 1 FROM dossier_team t"
        f" WHERE t.cabinet_id = ? AND t.dossier_id = {alias}.id AND t.person_id = ?))",
        (actor.id, cabinet_id, actor.id),
    )


def visible_dossier_id(actor: Actor, cabinet_id: str, column: str) -> Condition:
    """A condition on a nullable dossier id column (a document's, a mail's, a search entry's): true when it names no
    dossier, or one the actor may see."""
    seen = visible_dossiers(actor, cabinet_id, "vd")
    if seen.sql == "1 = 1":
        return seen
    return Condition(
        f"({column} IS NULL OR EXISTS (SELECT 1 FROM dossiers vd WHERE vd.cabinet_id = ? AND vd.id = {column}"
        f" AND {seen.sql}))",
        (cabinet_id, *seen.params),
    )


class DossierAccess:
    """Whether one dossier exists in the cabinet and the actor may see it: the check every route that names a dossier
    (or something filed in one) makes first, answering 404 when it fails."""

    def __init__(self, db: Database, cabinet_id: str) -> None:
        self._db = db
        self._cabinet_id = cabinet_id

    async def may_see(self, actor: Actor, dossier_id: str) -> bool:
        seen = visible_dossiers(actor, self._cabinet_id)
        row = await self._db.first(
            f"SELECT 1 AS ok FROM dossiers d WHERE d.cabinet_id = ? AND d.id = ? AND {seen.sql}",
            self._cabinet_id,
            dossier_id,
            *seen.params,
        )
        return row is not None
