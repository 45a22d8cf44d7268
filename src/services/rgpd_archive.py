"""The export's archive (RGPD art. 15 and 20): what each entry holds, produced as a stream (services/zip_stream.py).

    client.json                                   the client, their addresses, their erasure request
    dossiers/{reference}/dossier.json             the dossier, its parties, references, team, conflict checks,
                                                  its documents' metadata and its mail's metadata
    dossiers/{reference}/documents/{file name}    each document's current version, as stored
    audit.json                                    the audit entries about the client and their dossiers
    LISEZMOI.txt                                  what the archive holds, the legal bases, and (last, so that it
                                                  can) any document whose bytes were missing from the store

JSON columns (`addresses_json`…) are given parsed, under their name without the suffix; blob keys (where the
cabinet stores the bytes) are left out: they are the storage's, not the client's. So is what concerns other people
(RGPD art. 15 §4): a conflict check gives its date, decision and the names checked, not its matches (other clients,
adverse parties and dossiers of the cabinet), and an audit entry gives when, what, who and its summary, not the
staff's IP address and browser.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any

from domain.audit import AuditEntry
from domain.rgpd import ClientFile, DocumentFile, DossierFile, MailFile, Record
from services.ports import BlobStore, ByteRange
from services.zip_stream import ZipStream

log = logging.getLogger("poste.rgpd")
_UNSAFE_IN_NAME = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]+')
_INTERNAL = frozenset({"blob_key", "cabinet_id"})

README = """Export des données personnelles — {name}
Établi le {made_at} (UTC) par le cabinet, à la demande de la personne concernée.

Bases légales : droit d'accès (RGPD, art. 15) et droit à la portabilité (RGPD, art. 20).

Contenu de l'archive :
- client.json : la fiche du client (identité, adresses, téléphones, adresses électroniques, notes) et, le cas
  échéant, sa demande d'effacement ;
- dossiers/<référence>/dossier.json : chaque dossier du client, ses parties, ses références de juridiction, son
  équipe, les vérifications de conflit d'intérêts, la description de ses documents et des courriels classés ;
- dossiers/<référence>/documents/ : la version en vigueur de chaque document ;
- audit.json : les entrées du journal d'audit qui concernent le client, ses dossiers et leurs pièces.

Les données sont celles que le cabinet conserve, au format JSON (UTF-8) lisible par une machine.
Les dossiers se conservent pendant la durée de conservation du cabinet après leur clôture (C. civ. art. 2225) ;
l'effacement (RGPD, art. 17) est possible ensuite.
{missing}"""


async def archive(blobs: BlobStore, file: ClientFile, made_at: datetime) -> AsyncIterator[bytes]:
    """The archive's bytes, entry after entry; each document is read from the blob store in turn."""
    zipped = ZipStream(made_at)
    missing: list[str] = []
    yield zipped.add("client.json", _json(_client(file)))
    for dossier in file.dossiers:
        folder = f"dossiers/{safe_name(dossier.reference)}"
        yield zipped.add(f"{folder}/dossier.json", _json(_dossier(dossier)))
        names: set[str] = set()
        for document in dossier.documents:
            current = document.current
            if current is None:
                continue
            name = f"{folder}/documents/{_unique(safe_name(str(current['file_name'])), names)}"
            info = await blobs.head(str(current["blob_key"]))
            if info is None:
                missing.append(name)
                continue
            async for chunk in zipped.add_blob(name, info.size, _reader(blobs, str(current["blob_key"]))):
                yield chunk
    yield zipped.add("audit.json", _json([_audit(entry) for entry in file.audit]))
    yield zipped.add("LISEZMOI.txt", _readme(file, made_at, missing).encode())
    yield zipped.close()


def _reader(blobs: BlobStore, key: str) -> Any:
    async def read(offset: int, length: int) -> bytes | None:
        blob = await blobs.get(key, byte_range=ByteRange(offset=offset, length=length))
        return blob.data if blob else None

    return read


def safe_name(name: str) -> str:
    """A file name that stays in its folder of the archive: no separators, control characters or leading dots."""
    cleaned = _UNSAFE_IN_NAME.sub("_", name).strip().lstrip(".")
    return cleaned[:150] or "document"


def _unique(name: str, taken: set[str]) -> str:
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = name, ""
    candidate, number = name, 1
    while candidate in taken:
        number += 1
        candidate = f"{stem} ({number}){dot}{extension}"
    taken.add(candidate)
    return candidate


def _readme(file: ClientFile, made_at: datetime, missing: list[str]) -> str:
    note = ""
    if missing:
        note = "\nFichiers absents du stockage au moment de l'export :\n" + "".join(f"- {n}\n" for n in missing)
    return README.format(name=file.display_name, made_at=made_at.strftime("%d/%m/%Y %H:%M"), missing=note)


def _json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True).encode()


def plain(row: Record) -> dict[str, Any]:
    """A row as the export gives it: JSON columns parsed, storage internals left out."""
    shown: dict[str, Any] = {}
    for column, value in row.items():
        if column in _INTERNAL:
            continue
        if column.endswith("_json") and isinstance(value, str):
            try:
                shown[column.removesuffix("_json")] = json.loads(value)
                continue
            except ValueError:
                pass
        shown[column] = value
    return shown


def _client(file: ClientFile) -> dict[str, Any]:
    return {
        **plain(file.client),
        "emails": list(file.emails),
        "erasure_request": plain(file.erasure_request) if file.erasure_request else None,
    }


def _dossier(dossier: DossierFile) -> dict[str, Any]:
    return {
        **plain(dossier.dossier),
        "clients": [plain(client) for client in dossier.clients],
        "parties": [plain(party) for party in dossier.parties],
        "court_references": [plain(reference) for reference in dossier.court_references],
        "team": list(dossier.team),
        "conflict_checks": [_conflict_check(check) for check in dossier.conflict_checks],
        "documents": [_document(document) for document in dossier.documents],
        "mail": [_mail(mail) for mail in dossier.mail],
    }


def _conflict_check(check: Record) -> dict[str, Any]:
    """When, with what decision, and whom this dossier named: the matches are other people's data."""
    shown = plain(check)
    subjects = shown.get("subjects")
    named = [
        {key: subject.get(key) for key in ("name", "siren", "side")}
        for subject in (subjects if isinstance(subjects, list) else [])
        if isinstance(subject, dict)
    ]
    return {"checked_at": shown["checked_at"], "decision": shown["decision"], "subjects": named}


def _audit(entry: AuditEntry) -> dict[str, Any]:
    """The staff's IP address and browser (`client_ip`, `user_agent`) are theirs, not the client's."""
    return {"at": entry.at, "action": entry.action, "actor": entry.actor, "subject": entry.subject,
            "summary": entry.summary}  # fmt: skip


def _document(document: DocumentFile) -> dict[str, Any]:
    return {
        **plain(document.document),
        "tags": list(document.tags),
        "versions": [plain(version) for version in document.versions],
    }


def _mail(mail: MailFile) -> dict[str, Any]:
    return {**plain(mail.mail), "reading": plain(mail.reading) if mail.reading else None}
