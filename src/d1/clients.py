"""A cabinet's clients and their email addresses (migration 0005). Every write also keeps the client's search entry
(kind `client`, filed under no dossier) in the same batch."""

from __future__ import annotations

import json

from d1.database import Database, Row, SqlValue, Statement
from d1.keyset import KeysetSort, order_by, placeholders, rows_after
from d1.search_index import SearchEntry, SearchIndex, SearchKind
from domain.clients import Address, Client, ClientKind
from domain.conflicts import Known
from domain.pages import CursorKey

COLUMNS = (
    "c.id, c.cabinet_id, c.kind, c.civility, c.first_name, c.last_name, c.company_name, c.siren, c.addresses_json,"
    " c.phones_json, c.notes, c.created_at, c.updated_at, (SELECT json_group_array(e.email) FROM client_emails e"
    " WHERE e.cabinet_id = c.cabinet_id AND e.client_id = c.id) AS emails_json"
)
# The emails come in the primary key's order (cabinet_id, client_id, email): sorted, without a subquery to sort.
SORTS = {
    "name": KeysetSort("c.sort_name", "c.id"),
    "-created_at": KeysetSort("c.created_at", "c.id", descending=True),
}


class Clients:
    def __init__(self, db: Database, cabinet_id: str) -> None:
        self._db = db
        self._cabinet_id = cabinet_id

    async def get(self, client_id: str) -> Client | None:
        row = await self._db.first(
            f"SELECT {COLUMNS} FROM clients c WHERE c.cabinet_id = ? AND c.id = ?", self._cabinet_id, client_id
        )
        return client_of(row) if row else None

    async def page(
        self, *, q: str, kind: ClientKind | None, sort: str, limit: int, after: CursorKey | None
    ) -> list[Client]:
        """`limit + 1` clients at most, after `after` (a cursor key) in the sort's order; `q`: a folded prefix of
        sort_name."""
        keyset = SORTS[sort]
        condition, params = rows_after(keyset, after)
        filters, values = "", []
        if q:
            filters += " AND c.sort_name >= ? AND c.sort_name < ?"
            values += [q, q + "~"]  # "~" sorts after every folded character: the prefix range, on the index
        if kind is not None:
            filters += " AND c.kind = ?"
            values.append(kind.value)
        rows = await self._db.all(
            f"SELECT {COLUMNS} FROM clients c WHERE c.cabinet_id = ?{filters} AND {condition}"
            f" ORDER BY {order_by(keyset)} LIMIT ?",
            self._cabinet_id,
            *values,
            *params,
            limit + 1,
        )
        return [client_of(row) for row in rows]

    async def named(self, client_ids: list[str]) -> list[Client]:
        """Those of the ids that are clients of the cabinet (the others are simply absent)."""
        if not client_ids:
            return []
        rows = await self._db.all(
            f"SELECT {COLUMNS} FROM clients c WHERE c.cabinet_id = ? AND c.id IN ({placeholders(len(client_ids))})",
            self._cabinet_id,
            *client_ids,
        )
        return [client_of(row) for row in rows]

    async def matching(self, name_keys: list[str], sirens: list[str]) -> list[Known]:
        """The clients whose name_key or SIREN is one of these (conflict checks)."""
        keys, numbers = [k for k in name_keys if k] or [""], [s for s in sirens if s] or ["-"]
        rows = await self._db.all(
            "SELECT id, kind, first_name, last_name, company_name, civility, name_key, siren FROM clients"
            f" WHERE cabinet_id = ? AND name_key IN ({placeholders(len(keys))}) UNION SELECT id, kind, first_name,"
            " last_name, company_name, civility, name_key, siren FROM clients WHERE cabinet_id = ?"
            f" AND siren IN ({placeholders(len(numbers))}) ORDER BY id",
            self._cabinet_id,
            *keys,
            self._cabinet_id,
            *numbers,
        )
        return [_known(row) for row in rows]

    def insert(self, client: Client) -> list[Statement]:
        if client.cabinet_id != self._cabinet_id:
            raise ValueError("a client belongs to the cabinet the repository is bound to")
        row = Statement(
            "INSERT INTO clients (id, cabinet_id, kind, civility, first_name, last_name, company_name, siren,"
            " display_name, sort_name, name_key, addresses_json, phones_json, notes, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (client.id, client.cabinet_id, client.kind.value, *_fields(client), client.created_at, client.updated_at),
        )
        return [row, *self._emails(client), self._search_entry(client)]

    def update(self, client: Client) -> list[Statement]:
        """Every field as `client` has it now; its emails replaced."""
        row = Statement(
            "UPDATE clients SET kind = ?, civility = ?, first_name = ?, last_name = ?, company_name = ?, siren = ?,"
            " display_name = ?, sort_name = ?, name_key = ?, addresses_json = ?, phones_json = ?, notes = ?,"
            " updated_at = ? WHERE cabinet_id = ? AND id = ?",
            (client.kind.value, *_fields(client), client.updated_at, self._cabinet_id, client.id),
        )
        drop = Statement(
            "DELETE FROM client_emails WHERE cabinet_id = ? AND client_id = ?", (self._cabinet_id, client.id)
        )
        return [row, drop, *self._emails(client), self._search_entry(client)]

    def _emails(self, client: Client) -> list[Statement]:
        return [
            Statement(
                "INSERT INTO client_emails (cabinet_id, client_id, email) VALUES (?, ?, ?)",
                (self._cabinet_id, client.id, email),
            )
            for email in client.emails
        ]

    def _search_entry(self, client: Client) -> Statement:
        body = " ".join(part for part in (client.notes, " ".join(client.emails), client.company_name,
                                          client.siren) if part)  # fmt: skip
        entry = SearchEntry(SearchKind.CLIENT, client.id, None, client.display_name, body)
        return SearchIndex(self._db, self._cabinet_id).put(entry, client.updated_at)


def _fields(client: Client) -> tuple[SqlValue, ...]:
    addresses = [vars(address) for address in client.addresses]
    return (
        client.civility,
        client.first_name,
        client.last_name,
        client.company_name,
        client.siren,
        client.display_name,
        client.sort_name,
        client.name_key,
        json.dumps(addresses, ensure_ascii=False),
        json.dumps(list(client.phones), ensure_ascii=False),
        client.notes,
    )


def client_of(row: Row) -> Client:
    return Client(
        id=str(row["id"]),
        cabinet_id=str(row["cabinet_id"]),
        kind=ClientKind(str(row["kind"])),
        created_at=str(row["created_at"]),
        updated_at=str(row["updated_at"]),
        civility=str(row["civility"]),
        first_name=str(row["first_name"]),
        last_name=str(row["last_name"]),
        company_name=str(row["company_name"]),
        siren=str(row["siren"]),
        addresses=tuple(Address(**address) for address in json.loads(str(row["addresses_json"]))),
        phones=tuple(json.loads(str(row["phones_json"]))),
        emails=tuple(json.loads(str(row["emails_json"] or "[]"))),
        notes=str(row["notes"]),
    )


def _known(row: Row) -> Known:
    client = Client(str(row["id"]), "", ClientKind(str(row["kind"])), "", "", civility=str(row["civility"]),
                    first_name=str(row["first_name"]), last_name=str(row["last_name"]),
                    company_name=str(row["company_name"]))  # fmt: skip
    return Known("client", client.id, client.display_name, str(row["name_key"]), str(row["siren"]), None, None)
