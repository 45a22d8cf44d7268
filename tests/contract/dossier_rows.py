"""Rows of the dossier tables (migration 0005) written with raw INSERTs, for the RGPD tests: the clients and documents
features that write them through their repositories are built in parallel. Used by the contract suite (SQLite and D1)
and the API tests (through `api.context.db`), so it lives where the Workers harness mounts it.

`a_client_file` seeds one client with everything the export and the erasure follow: addresses, a dossier with a
party and its address, a court reference, a team member, a conflict check, a document with two versions (blobs
written when a blob store is given), a tag, mail filed in the dossier and its reading, search entries and audit rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from d1.audit import AuditLog
from d1.database import Statement
from d1.search_index import SearchEntry, SearchIndex, SearchKind
from domain.audit import AuditEntry

AT = "2026-03-02T08:30:00+00:00"


def client_row(cabinet_id: str, client_id: str, last_name: str, first_name: str = "Claire") -> Statement:
    display = f"Mme {first_name} {last_name}"
    return Statement(
        "INSERT INTO clients (id, cabinet_id, kind, civility, first_name, last_name, display_name, sort_name,"
        " name_key, addresses_json, phones_json, notes, created_at, updated_at) VALUES (?, ?, 'personne_physique',"
        " 'Mme', ?, ?, ?, ?, ?, ?, '[\"06 12 34 56 78\"]', 'Cliente fidèle', ?, ?)",
        (client_id, cabinet_id, first_name, last_name, display, f"{last_name} {first_name}".lower(),
         f"{first_name} {last_name}".lower(), '[{"line1": "3 rue des Lilas", "postal_code": "75011", "city": "Paris"}]',
         AT, AT),
    )  # fmt: skip


def client_email(cabinet_id: str, client_id: str, email: str) -> Statement:
    return Statement(
        "INSERT INTO client_emails (cabinet_id, client_id, email) VALUES (?, ?, ?)", (cabinet_id, client_id, email)
    )


def dossier_row(
    cabinet_id: str, dossier_id: str, number: int, status: str = "ouvert", closed_on: str | None = None
) -> Statement:
    year = 2019 if closed_on and closed_on < "2021" else 2026
    return Statement(
        "INSERT INTO dossiers (id, cabinet_id, reference, year, number, title, matter_type, status, visibility,"
        " responsible_id, opened_on, closed_on, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'Bail des Lilas',"
        " 'Baux commerciaux', ?, 'cabinet', NULL, '2019-01-10', ?, ?, ?)",
        (dossier_id, cabinet_id, f"{year}-{number:04d}", year, number, status, closed_on, AT, AT),
    )


def link(cabinet_id: str, dossier_id: str, client_id: str) -> Statement:
    return Statement(
        "INSERT INTO dossier_clients (cabinet_id, dossier_id, client_id) VALUES (?, ?, ?)",
        (cabinet_id, dossier_id, client_id),
    )


def document_rows(cabinet_id: str, dossier_id: str, document_id: str, blob_key: str, size: int) -> list[Statement]:
    """A document whose current version is 2 (version 1 under `{blob_key}.v1`)."""
    return [
        Statement(
            "INSERT INTO documents (id, cabinet_id, dossier_id, title, current_version, created_by, created_at,"
            " updated_at) VALUES (?, ?, ?, 'Assignation', 2, 'person:avocat', ?, ?)",
            (document_id, cabinet_id, dossier_id, AT, AT),
        ),
        *[
            Statement(
                "INSERT INTO document_versions (cabinet_id, document_id, version, file_name, blob_key, size, sha256,"
                " content_type, text_status, uploaded_by, uploaded_at) VALUES (?, ?, ?, 'assignation référé.pdf', ?,"
                " ?, 'abc', 'application/pdf', 'extrait', 'person:avocat', ?)",
                (cabinet_id, document_id, version, key, size, AT),
            )
            for version, key in ((1, f"{blob_key}.v1"), (2, blob_key))
        ],
        Statement(
            "INSERT INTO document_tags (cabinet_id, document_id, tag) VALUES (?, ?, 'procedure')",
            (cabinet_id, document_id),
        ),
    ]


def filed_rows(cabinet_id: str, dossier_id: str, prefix: str) -> list[Statement]:
    """A party with an address, a court reference, a team member and a conflict check."""
    return [
        Statement(
            "INSERT INTO parties (id, cabinet_id, dossier_id, role, kind, name, name_key, created_at) VALUES"
            " (?, ?, ?, 'adverse', 'personne_morale', 'SCI Les Tilleuls', 'les sci tilleuls', ?)",
            (f"{prefix}-party", cabinet_id, dossier_id, AT),
        ),
        Statement(
            "INSERT INTO party_emails (cabinet_id, party_id, dossier_id, email) VALUES (?, ?, ?, 'sci@tilleuls.fr')",
            (cabinet_id, f"{prefix}-party", dossier_id),
        ),
        Statement(
            "INSERT INTO court_references (id, cabinet_id, dossier_id, kind, value, compact, court, created_at)"
            " VALUES (?, ?, ?, 'rg', '24/01234', '2401234', 'TJ Paris', ?)",
            (f"{prefix}-ref", cabinet_id, dossier_id, AT),
        ),
        Statement(
            "INSERT INTO dossier_team (cabinet_id, dossier_id, person_id) VALUES (?, ?, 'collaboratrice')",
            (cabinet_id, dossier_id),
        ),
        Statement(
            "INSERT INTO conflict_checks (id, cabinet_id, dossier_id, subjects_json, matches_json, decision,"
            " checked_by, checked_at) VALUES (?, ?, ?, '[{\"name\": \"SCI Les Tilleuls\"}]', '[]', 'aucun',"
            " 'person:avocat', ?)",
            (f"{prefix}-check", cabinet_id, dossier_id, AT),
        ),
    ]


def mail_rows(cabinet_id: str, dossier_id: str | None, mail_id: str) -> list[Statement]:
    return [
        Statement(
            "INSERT INTO inbound_mail (id, cabinet_id, mail_from, recipient, dedupe_key, size, sha256, blob_key,"
            " status, received_at, dossier_id) VALUES (?, ?, 'greffe@justice.fr', 'cabinet@poste.example', ?, 10,"
            " 'x', ?, 'processed', ?, ?)",
            (mail_id, cabinet_id, f"mid:<{mail_id}>", f"cabinets/{cabinet_id}/inbound/{mail_id}", AT, dossier_id),
        ),
        Statement(
            "INSERT INTO mail_readings (cabinet_id, inbound_id, read_status, reason, message_id, subject, sender,"
            " sent_at, in_reply_to, references_json, attachments_json, facts_json, message_kind, sender_kind,"
            " extractor, read_at) VALUES (?, ?, 'read', '', ?, 'Avis d''audience', 'greffe@justice.fr', ?, '', '[]',"
            " '[]', '{}', 'avis', 'greffe', 'rules', ?)",
            (cabinet_id, mail_id, f"<{mail_id}>", AT, AT),
        ),
    ]


def audit_row(cabinet_id: str, entry_id: str, action: str, subject: str, summary: str) -> Statement:
    entry = AuditEntry(entry_id, cabinet_id, "person:avocat", action, subject, "api", AT, summary)
    return AuditLog(None, cabinet_id).record(entry)  # building a statement needs no database


@dataclass(frozen=True)
class ClientFileIds:
    client: str
    dossier: str
    document: str
    mail: str
    blob_keys: tuple[str, str]
    name: str
    other: dict[str, str] = field(default_factory=dict)


def content_of(prefix: str) -> bytes:
    """The bytes of the current version of `prefix`'s document."""
    return f"contenu de {prefix}".encode()


def client_file_rows(cabinet_id: str, prefix: str, number: int, *, status: str = "clos",
                     closed_on: str | None = "2019-06-30") -> tuple[ClientFileIds, list[Statement]]:  # fmt: skip
    """Every row of one client's file (see the module's docstring), ids derived from `prefix`."""
    client, dossier, document, mail = (f"{prefix}-{part}" for part in ("client", "dossier", "doc", "mail"))
    blob_key = f"cabinets/{cabinet_id}/documents/{document}/v2"
    name = f"Dupont{prefix.capitalize()}"
    search = SearchIndex(None, cabinet_id)  # building statements needs no database
    ids = ClientFileIds(client, dossier, document, mail, (f"{blob_key}.v1", blob_key), f"Mme Claire {name}")
    statements = [
        client_row(cabinet_id, client, name),
        client_email(cabinet_id, client, f"{prefix}@exemple.fr"),
        dossier_row(cabinet_id, dossier, number, status, closed_on),
        link(cabinet_id, dossier, client),
        *filed_rows(cabinet_id, dossier, prefix),
        *document_rows(cabinet_id, dossier, document, blob_key, len(content_of(prefix))),
        *mail_rows(cabinet_id, dossier, mail),
        search.put(SearchEntry(SearchKind.CLIENT, client, None, ids.name), AT),
        search.put(SearchEntry(SearchKind.DOSSIER, dossier, dossier, "Bail des Lilas"), AT),
        search.put(SearchEntry(SearchKind.DOCUMENT, document, dossier, "Assignation", "référé"), AT),
        audit_row(cabinet_id, f"{prefix}-a1", "client.created", client, f"client {ids.name} ({client})"),
        audit_row(cabinet_id, f"{prefix}-a2", "dossier.created", dossier, f"dossier de {client}"),
        audit_row(cabinet_id, f"{prefix}-a3", "document.uploaded", document, "assignation"),
    ]
    return ids, statements


async def seed_client_file(database: Any, cabinet_id: str, prefix: str, number: int, blobs: Any = None,
                           **options: Any) -> ClientFileIds:  # fmt: skip
    ids, statements = client_file_rows(cabinet_id, prefix, number, **options)
    await database.batch(statements)
    if blobs is not None:
        await blobs.put(ids.blob_keys[0], b"version une")
        await blobs.put(ids.blob_keys[1], content_of(prefix))
    return ids
