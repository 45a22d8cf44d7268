"""A cabinet's dossiers: their numbering, clients and team, read as summaries or in full, filtered in SQL by what the
actor may see (d1/dossier_access.py).

A reference is numbered by the database in the batch that inserts the dossier: the counter of the cabinet and year
is incremented, and the dossier's row takes its number from it (`INSERT … SELECT`), so concurrent creations never
share a number nor leave a gap. Every write keeps the dossier's search entry (kind `dossier`) in the same batch.
"""

from __future__ import annotations

import json

from d1.database import Database, Row, SqlValue, Statement
from d1.dossier_access import visible_dossiers
from d1.keyset import KeysetSort, order_by, placeholders, rows_after
from d1.search_index import SearchEntry, SearchIndex, SearchKind, tenant_token
from domain.actors import Actor
from domain.clients import ClientKind
from domain.dossiers import (
    ClientRef,
    CourtReference,
    Dossier,
    DossierStatus,
    DossierView,
    Party,
    PartyRole,
    PersonRef,
    ReferenceKind,
    Visibility,
)
from domain.pages import CursorKey
from domain.search_text import reference_variants

SUMMARY = (
    "d.id, d.cabinet_id, d.reference, d.title, d.matter_type, d.status, d.visibility, d.responsible_id,"
    " d.jurisdiction, d.opened_on, d.closed_on, d.created_at, d.updated_at, (SELECT p.name FROM people p WHERE"
    " p.cabinet_id = d.cabinet_id AND p.id = d.responsible_id) AS responsible_name, (SELECT json_group_array("
    "json_object('id', x.id, 'display_name', x.display_name)) FROM (SELECT c.id, c.display_name FROM"
    " dossier_clients dc CROSS JOIN clients c ON c.cabinet_id = dc.cabinet_id AND c.id = dc.client_id WHERE"
    " dc.cabinet_id = d.cabinet_id AND dc.dossier_id = d.id ORDER BY c.sort_name, c.id) x) AS clients_json"
)
# (CROSS JOIN above: SQLite would otherwise walk the cabinet's clients by name for every dossier of a page.)
# The rest of a dossier read in full, in the same query: its team, parties (with their emails) and references.
DETAIL = (
    ", (SELECT json_group_array(json_object('id', x.person_id, 'name', x.name)) FROM (SELECT t.person_id,"
    " COALESCE(p.name, '') AS name FROM dossier_team t LEFT JOIN people p ON p.cabinet_id = t.cabinet_id AND"
    " p.id = t.person_id WHERE t.cabinet_id = d.cabinet_id AND t.dossier_id = d.id ORDER BY name, t.person_id) x)"
    " AS team_json, (SELECT json_group_array(json_object('id', x.id, 'role', x.role, 'kind', x.kind, 'name', x.name,"
    " 'siren', x.siren, 'represents_id', x.represents_id, 'created_at', x.created_at, 'emails', json(x.emails)))"
    " FROM (SELECT pa.id, pa.role, pa.kind, pa.name, pa.siren, pa.represents_id, pa.created_at, (SELECT"
    " json_group_array(pe.email) FROM party_emails pe WHERE pe.cabinet_id = pa.cabinet_id AND pe.party_id = pa.id)"
    " AS emails FROM parties pa WHERE pa.cabinet_id = d.cabinet_id AND pa.dossier_id = d.id ORDER BY pa.role,"
    " pa.name, pa.id) x) AS parties_json, (SELECT json_group_array(json_object('id', x.id, 'kind', x.kind, 'value',"
    " x.value, 'court', x.court, 'created_at', x.created_at)) FROM (SELECT r.id, r.kind, r.value, r.court,"
    " r.created_at FROM court_references r WHERE r.cabinet_id = d.cabinet_id AND r.dossier_id = d.id ORDER BY"
    " r.kind, r.value) x) AS references_json"
)
SORTS = {
    "-opened_on": KeysetSort("d.opened_on", "d.id", descending=True),
    "reference": KeysetSort("d.reference", "d.id"),
    "-reference": KeysetSort("d.reference", "d.id", descending=True),
    "title": KeysetSort("d.title", "d.id"),
}
SORT_KEYS = {"-opened_on": "opened_on", "reference": "reference", "-reference": "reference", "title": "title"}
# The dossier's reference in every punctuation a search may use (domain.search_text.reference_variants, in SQL).
_REFERENCE_VARIANTS = "printf('%d %04d %d%04d %d %d %d%d', d.year, d.number, d.year, d.number, d.year, d.number," \
    " d.year, d.number)"  # fmt: skip

# search_body's text from the rows of dossier `d` (client names in the order of SUMMARY's clients).
_BODY_FROM_ROWS = (
    "trim(d.matter_type || ' ' || d.jurisdiction || ' ' || COALESCE((SELECT group_concat(x.display_name, ' ') FROM"
    " (SELECT c.display_name FROM dossier_clients dc JOIN clients c ON c.cabinet_id = dc.cabinet_id AND"
    " c.id = dc.client_id WHERE dc.cabinet_id = d.cabinet_id AND dc.dossier_id = d.id ORDER BY c.sort_name, c.id)"
    " x), ''))"
)


class Dossiers:
    def __init__(self, db: Database, cabinet_id: str) -> None:
        self._db = db
        self._cabinet_id = cabinet_id

    async def get(self, actor: Actor, dossier_id: str) -> DossierView | None:
        """The dossier in full, if it is in the cabinet and the actor may see it: one query."""
        seen = visible_dossiers(actor, self._cabinet_id)
        row = await self._db.first(
            f"SELECT {SUMMARY}{DETAIL} FROM dossiers d WHERE d.cabinet_id = ? AND d.id = ? AND {seen.sql}",
            self._cabinet_id,
            dossier_id,
            *seen.params,
        )
        return view_of(row, detailed=True) if row else None

    async def page(
        self,
        actor: Actor,
        *,
        filters: dict[str, str | None],
        sort: str,
        limit: int,
        after: CursorKey | None,
    ) -> list[DossierView]:
        """`limit + 1` summaries at most among those the actor may see. Filters: status, client_id, responsible_id,
        q (a part of the title or of the reference)."""
        seen = visible_dossiers(actor, self._cabinet_id)
        keyset = SORTS[sort]
        condition, params = rows_after(keyset, after)
        where, values = _filters(self._cabinet_id, filters)
        rows = await self._db.all(
            f"SELECT {SUMMARY} FROM dossiers d WHERE d.cabinet_id = ?{where} AND {seen.sql} AND {condition}"
            f" ORDER BY {order_by(keyset)} LIMIT ?",
            self._cabinet_id,
            *values,
            *seen.params,
            *params,
            limit + 1,
        )
        return [view_of(row, detailed=False) for row in rows]

    async def of_client(self, actor: Actor, client_id: str) -> list[DossierView]:
        """The client's dossiers the actor may see, newest first (at most 500). CROSS JOIN keeps SQLite's join order:
        from the client's few links to their dossiers, never through every dossier of the cabinet by date."""
        seen = visible_dossiers(actor, self._cabinet_id)
        rows = await self._db.all(
            f"SELECT {SUMMARY} FROM dossier_clients k CROSS JOIN dossiers d ON d.cabinet_id = k.cabinet_id"
            f" AND d.id = k.dossier_id WHERE k.cabinet_id = ? AND k.client_id = ? AND {seen.sql}"
            " ORDER BY d.opened_on DESC, d.id DESC LIMIT 500",
            self._cabinet_id,
            client_id,
            *seen.params,
        )
        return [view_of(row, detailed=False) for row in rows]

    async def people_named(self, person_ids: list[str]) -> list[PersonRef]:
        """Those of the ids that are active people of the cabinet (responsible lawyers, team members)."""
        if not person_ids:
            return []
        rows = await self._db.all(
            f"SELECT id, name FROM people WHERE cabinet_id = ? AND active = 1 AND id IN"
            f" ({placeholders(len(person_ids))}) ORDER BY name, id",
            self._cabinet_id,
            *person_ids,
        )
        return [PersonRef(str(row["id"]), str(row["name"])) for row in rows]

    def insert(self, dossier: Dossier, client_ids: list[str], team_ids: list[str]) -> list[Statement]:
        """The counter's increment, the numbered dossier, its clients and team: to be sent in one batch."""
        if dossier.cabinet_id != self._cabinet_id:
            raise ValueError("a dossier belongs to the cabinet the repository is bound to")
        counter = Statement(
            "INSERT INTO dossier_numbers (cabinet_id, year, last_number) VALUES (?, ?, 1)"
            " ON CONFLICT (cabinet_id, year) DO UPDATE SET last_number = last_number + 1",
            (self._cabinet_id, dossier.year),
        )
        row = Statement(
            "INSERT INTO dossiers (id, cabinet_id, reference, year, number, title, matter_type, status, visibility,"
            " responsible_id, jurisdiction, opened_on, closed_on, created_at, updated_at) SELECT ?, cabinet_id,"
            " printf('%d-%04d', year, last_number), year, last_number, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?"
            " FROM dossier_numbers WHERE cabinet_id = ? AND year = ?",
            (dossier.id, dossier.title, dossier.matter_type, dossier.status.value, dossier.visibility.value,
             dossier.responsible_id, dossier.jurisdiction, dossier.opened_on, dossier.closed_on, dossier.created_at,
             dossier.updated_at, self._cabinet_id, dossier.year),
        )  # fmt: skip
        clients = [self.add_client(dossier.id, client_id) for client_id in client_ids]
        return [counter, row, *clients, *self.set_team(dossier.id, team_ids)]

    def index_new(self, dossier_id: str, body: str, court_references: list[str], now: str) -> Statement:
        """The search entry of a dossier inserted earlier in the batch, whose reference only the database knows."""
        refs = " ".join(variant for reference in court_references for variant in reference_variants(reference))
        return Statement(
            "INSERT INTO search_entries (cabinet_id, kind, subject_id, dossier_id, tenant, title, body, refs,"
            f" updated_at) SELECT d.cabinet_id, ?, d.id, d.id, ?, d.reference || ' ' || d.title, ?,"
            f" trim({_REFERENCE_VARIANTS} || ' ' || ?), ? FROM dossiers d WHERE d.cabinet_id = ? AND d.id = ?"
            " ON CONFLICT (cabinet_id, kind, subject_id) DO UPDATE SET title = excluded.title, body = excluded.body,"
            " refs = excluded.refs, updated_at = excluded.updated_at",
            (SearchKind.DOSSIER.value, tenant_token(self._cabinet_id), body, refs, now, self._cabinet_id, dossier_id),
        )

    def reindex_clients(self, dossier_id: str, now: str) -> Statement:
        """The body of a dossier's search entry rebuilt from its rows when the batch runs (`search_body` in SQL: its
        matter, jurisdiction and the names of the clients linked then): after an earlier statement of the batch
        unlinked a client, whose name must leave the index (RGPD erasure of one of a shared dossier's clients).
        Title and references are the dossier's own and stay; a dossier deleted earlier in the batch has no entry."""
        return Statement(
            f"UPDATE search_entries SET body = (SELECT {_BODY_FROM_ROWS} FROM dossiers d WHERE d.cabinet_id = ? AND"
            " d.id = ?), updated_at = ? WHERE cabinet_id = ? AND kind = ? AND subject_id = ?",
            (self._cabinet_id, dossier_id, now, self._cabinet_id, SearchKind.DOSSIER.value, dossier_id),
        )

    def index(self, view: DossierView, now: str) -> Statement:
        """The search entry of a dossier whose reference is known: after a change."""
        dossier = view.dossier
        references = (dossier.reference, *(reference.value for reference in view.court_references))
        entry = SearchEntry(SearchKind.DOSSIER, dossier.id, dossier.id, f"{dossier.reference} {dossier.title}",
                            search_body(dossier, view.clients), references)  # fmt: skip
        return SearchIndex(self._db, self._cabinet_id).put(entry, now)

    def update(self, dossier: Dossier) -> Statement:
        return Statement(
            "UPDATE dossiers SET title = ?, matter_type = ?, status = ?, visibility = ?, responsible_id = ?,"
            " jurisdiction = ?, closed_on = ?, updated_at = ? WHERE cabinet_id = ? AND id = ?",
            (dossier.title, dossier.matter_type, dossier.status.value, dossier.visibility.value,
             dossier.responsible_id, dossier.jurisdiction, dossier.closed_on, dossier.updated_at, self._cabinet_id,
             dossier.id),
        )  # fmt: skip

    def set_team(self, dossier_id: str, person_ids: list[str]) -> list[Statement]:
        drop = Statement(
            "DELETE FROM dossier_team WHERE cabinet_id = ? AND dossier_id = ?", (self._cabinet_id, dossier_id)
        )
        return [drop] + [
            Statement(
                "INSERT INTO dossier_team (cabinet_id, dossier_id, person_id) VALUES (?, ?, ?)",
                (self._cabinet_id, dossier_id, person_id),
            )
            for person_id in dict.fromkeys(person_ids)
        ]

    def add_client(self, dossier_id: str, client_id: str) -> Statement:
        return Statement(
            "INSERT INTO dossier_clients (cabinet_id, dossier_id, client_id) VALUES (?, ?, ?)"
            " ON CONFLICT (cabinet_id, dossier_id, client_id) DO NOTHING",
            (self._cabinet_id, dossier_id, client_id),
        )

    def remove_client(self, dossier_id: str, client_id: str) -> Statement:
        """Changes no row when it is the dossier's last client: a dossier keeps at least one."""
        return Statement(
            "DELETE FROM dossier_clients WHERE cabinet_id = ? AND dossier_id = ? AND client_id = ? AND (SELECT"
            " count(*) FROM dossier_clients k WHERE k.cabinet_id = ? AND k.dossier_id = ?) > 1",
            (self._cabinet_id, dossier_id, client_id, self._cabinet_id, dossier_id),
        )


def search_body(dossier: Dossier, clients: tuple[ClientRef, ...] | list[str]) -> str:
    names = [client.display_name if isinstance(client, ClientRef) else client for client in clients]
    return " ".join(part for part in (dossier.matter_type, dossier.jurisdiction, *names) if part)


def _filters(cabinet_id: str, filters: dict[str, str | None]) -> tuple[str, list[SqlValue]]:
    where, values = "", list[SqlValue]()
    if filters.get("status"):
        where += " AND d.status = ?"
        values.append(filters["status"])
    if filters.get("responsible_id"):
        where += " AND d.responsible_id = ?"
        values.append(filters["responsible_id"])
    if filters.get("client_id"):
        where += " AND EXISTS (SELECT 1 FROM dossier_clients k WHERE k.cabinet_id = ? AND k.dossier_id = d.id" \
            " AND k.client_id = ?)"  # fmt: skip
        values += [cabinet_id, filters["client_id"]]
    if q := filters.get("q"):
        pattern = "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        where += " AND (d.title LIKE ? ESCAPE '\\' OR d.reference LIKE ? ESCAPE '\\')"
        values += [pattern, pattern]
    return where, values


def _json_list(value: object) -> list[dict[str, object]]:
    return list(json.loads(str(value))) if value else []


def view_of(row: Row, *, detailed: bool) -> DossierView:
    dossier = Dossier(
        id=str(row["id"]), cabinet_id=str(row["cabinet_id"]), reference=str(row["reference"]),
        title=str(row["title"]), matter_type=str(row["matter_type"]), status=DossierStatus(str(row["status"])),
        visibility=Visibility(str(row["visibility"])), responsible_id=row["responsible_id"],
        jurisdiction=str(row["jurisdiction"]), opened_on=str(row["opened_on"]), closed_on=row["closed_on"],
        created_at=str(row["created_at"]), updated_at=str(row["updated_at"]),
    )  # fmt: skip
    responsible = PersonRef(dossier.responsible_id, str(row["responsible_name"] or "")) \
        if dossier.responsible_id else None  # fmt: skip
    clients = tuple(ClientRef(str(c["id"]), str(c["display_name"])) for c in _json_list(row["clients_json"]))
    if not detailed:
        return DossierView(dossier, responsible, clients)
    return DossierView(
        dossier,
        responsible,
        clients,
        team=tuple(PersonRef(str(p["id"]), str(p["name"])) for p in _json_list(row["team_json"])),
        parties=tuple(_party(dossier, p) for p in _json_list(row["parties_json"])),
        court_references=tuple(_reference(dossier, r) for r in _json_list(row["references_json"])),
    )


def _party(dossier: Dossier, item: dict[str, object]) -> Party:
    listed = item.get("emails")
    emails = tuple(sorted(str(email) for email in listed)) if isinstance(listed, list) else ()
    return Party(
        id=str(item["id"]), cabinet_id=dossier.cabinet_id, dossier_id=dossier.id, role=PartyRole(str(item["role"])),
        kind=ClientKind(str(item["kind"])), name=str(item["name"]), created_at=str(item["created_at"]),
        siren=str(item["siren"]), emails=emails,
        represents_id=str(item["represents_id"]) if item.get("represents_id") else None,
    )  # fmt: skip


def _reference(dossier: Dossier, item: dict[str, object]) -> CourtReference:
    return CourtReference(str(item["id"]), dossier.cabinet_id, dossier.id, ReferenceKind(str(item["kind"])),
                          str(item["value"]), str(item["created_at"]), str(item["court"]))  # fmt: skip
