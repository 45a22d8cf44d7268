"""The parties of a dossier other than its clients (adverse parties, their counsel, others) and their email
addresses. Every write keeps the party's search entry (kind `partie`, filed under its dossier) in the same batch."""

from __future__ import annotations

import json

from d1.database import Database, Row, Statement
from d1.dossier_access import visible_dossiers
from d1.keyset import placeholders
from d1.search_index import SearchEntry, SearchIndex, SearchKind
from domain.actors import Actor
from domain.clients import ClientKind
from domain.conflicts import Known, Side
from domain.dossiers import Party, PartyRole

COLUMNS = (
    "pa.id, pa.cabinet_id, pa.dossier_id, pa.role, pa.kind, pa.name, pa.siren, pa.represents_id, pa.created_at,"
    " (SELECT json_group_array(pe.email) FROM party_emails pe WHERE pe.cabinet_id = pa.cabinet_id AND"
    " pe.party_id = pa.id) AS emails_json"
)


class Parties:
    def __init__(self, db: Database, cabinet_id: str) -> None:
        self._db = db
        self._cabinet_id = cabinet_id

    async def get(self, dossier_id: str, party_id: str) -> Party | None:
        row = await self._db.first(
            f"SELECT {COLUMNS} FROM parties pa WHERE pa.cabinet_id = ? AND pa.dossier_id = ? AND pa.id = ?",
            self._cabinet_id,
            dossier_id,
            party_id,
        )
        return party_of(row) if row else None

    async def matching(self, actor: Actor, name_keys: list[str], sirens: list[str]) -> list[Known]:
        """The parties, in any dossier of the cabinet, whose name_key or SIREN is one of these (conflict checks):
        all of them, each marked `restricted` when `actor` may not see its dossier."""
        keys, numbers = [k for k in name_keys if k] or [""], [s for s in sirens if s] or ["-"]
        seen = visible_dossiers(actor, self._cabinet_id)
        rows = await self._db.all(
            "SELECT pa.id, pa.role, pa.name, pa.name_key, pa.siren, pa.dossier_id, d.reference,"
            f" CASE WHEN {seen.sql} THEN 0 ELSE 1 END AS restricted FROM parties pa"
            " JOIN dossiers d ON d.cabinet_id = pa.cabinet_id AND d.id = pa.dossier_id WHERE pa.cabinet_id = ?"
            f" AND (pa.name_key IN ({placeholders(len(keys))}) OR pa.siren IN ({placeholders(len(numbers))}))"
            " ORDER BY d.reference, pa.id",
            *seen.params,
            self._cabinet_id,
            *keys,
            *numbers,
        )
        return [_known(row) for row in rows]

    def insert(self, party: Party) -> list[Statement]:
        if party.cabinet_id != self._cabinet_id:
            raise ValueError("a party belongs to the cabinet the repository is bound to")
        row = Statement(
            "INSERT INTO parties (id, cabinet_id, dossier_id, role, kind, name, siren, name_key, represents_id,"
            " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (party.id, self._cabinet_id, party.dossier_id, party.role.value, party.kind.value, party.name,
             party.siren, party.name_key, party.represents_id, party.created_at),
        )  # fmt: skip
        emails = [
            Statement(
                "INSERT INTO party_emails (cabinet_id, party_id, dossier_id, email) VALUES (?, ?, ?, ?)",
                (self._cabinet_id, party.id, party.dossier_id, email),
            )
            for email in party.emails
        ]
        body = " ".join((party.siren, *party.emails)).strip()
        entry = SearchEntry(SearchKind.PARTY, party.id, party.dossier_id, party.name, body)
        return [row, *emails, SearchIndex(self._db, self._cabinet_id).put(entry, party.created_at)]

    def remove(self, party: Party) -> list[Statement]:
        """The party, its emails and search entry; counsel who represented it now represent no one."""
        where = (self._cabinet_id, party.dossier_id, party.id)
        return [
            Statement(
                "UPDATE parties SET represents_id = NULL WHERE cabinet_id = ? AND dossier_id = ? AND represents_id = ?",
                where,
            ),
            Statement("DELETE FROM party_emails WHERE cabinet_id = ? AND dossier_id = ? AND party_id = ?", where),
            Statement("DELETE FROM parties WHERE cabinet_id = ? AND dossier_id = ? AND id = ?", where),
            SearchIndex(self._db, self._cabinet_id).remove(SearchKind.PARTY, party.id),
        ]


def party_of(row: Row) -> Party:
    return Party(
        id=str(row["id"]), cabinet_id=str(row["cabinet_id"]), dossier_id=str(row["dossier_id"]),
        role=PartyRole(str(row["role"])), kind=ClientKind(str(row["kind"])), name=str(row["name"]),
        created_at=str(row["created_at"]), siren=str(row["siren"]),
        emails=tuple(sorted(json.loads(str(row["emails_json"] or "[]")))),
        represents_id=row["represents_id"],
    )  # fmt: skip


def _known(row: Row) -> Known:
    side: Side = PartyRole(str(row["role"])).value
    return Known(side, str(row["id"]), str(row["name"]), str(row["name_key"]), str(row["siren"]),
                 str(row["dossier_id"]), str(row["reference"]), bool(row["restricted"]))  # fmt: skip
