"""RGPD for one client (docs/dossiers.md, "RGPD"): the export of everything held about them (art. 15 and 20) and
their erasure (art. 17) once legal retention allows it. Associés only (`rgpd.manage`).

Erasure and shared dossiers: a dossier that also belongs to a client who is not being erased is that client's file
too, so it stays whole; only the erased client's link to it goes (and the erasure report counts it as kept). The
dossier's own text (its title, conflict checks) is the other client's record and is left as it is.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

from domain.actors import ensure_may_see, ensure_permission
from domain.cabinets import Cabinet
from domain.errors import InvalidInput, NotFound
from domain.rgpd import (
    ClientFile,
    DossierFile,
    DossierTerm,
    LegalRetention,
    erasable_from,
    held_back,
    pseudonym,
    purge_cutoff,
)
from services.rgpd_archive import archive
from services.scope import CabinetScope

log = logging.getLogger("poste.rgpd")
NOT_FOUND = "Client introuvable."


@dataclass(frozen=True)
class Export:
    display_name: str
    made_on: date  # in the cabinet's zone
    chunks: AsyncIterator[bytes]  # the ZIP archive, produced as it is sent


@dataclass(frozen=True)
class ErasureReport:
    client: str  # the client's pseudonym, as the audit trail now names them
    dossiers_erased: int
    dossiers_kept: int  # shared with another client: only the link went
    documents_erased: int
    files_erased: int


async def found_client(scope: CabinetScope, client_id: str) -> ClientFile:
    """The client, for an associé. Anyone may see clients (`client.read`), so a person without `rgpd.manage` is
    told 403 about a client of their cabinet (nothing new is revealed) and 404 about any other id."""
    ensure_may_see(scope.actor, "client.read", NOT_FOUND)
    client = await scope.client_records.client(client_id)
    if client is None:
        raise NotFound(NOT_FOUND)
    ensure_permission(scope.actor, "rgpd.manage")
    return client


async def cabinet_of(scope: CabinetScope) -> Cabinet:
    cabinet = await scope.cabinet.get()
    if cabinet is None:
        raise NotFound("Cabinet introuvable.")
    return cabinet


def cabinet_today(cabinet: Cabinet, now: datetime) -> date:
    return now.astimezone(ZoneInfo(cabinet.timezone)).date()


async def export_client(scope: CabinetScope, client_id: str) -> Export:
    """Reads every row first (the client's data is bounded), audits the export, then returns the archive's stream,
    which reads each document's bytes only when it comes to it."""
    client = await found_client(scope, client_id)
    cabinet = await cabinet_of(scope)
    records = scope.client_records
    dossiers: list[DossierFile] = []
    for term in await records.dossier_terms(client_id):
        dossier = await records.dossier_file(term.id)
        if dossier is not None:
            dossiers.append(dossier)
    audit = await records.audit_about([client_id, *_subjects(dossiers)])
    full = replace(client, dossiers=tuple(dossiers), erasure_request=await records.erasure_request(client_id),
                   audit=tuple(audit))  # fmt: skip
    documents = sum(len(dossier.documents) for dossier in dossiers)
    await scope.commit(action="client.exported", subject=client_id,
                       summary=f"{len(dossiers)} dossier(s), {documents} document(s)")  # fmt: skip
    now = scope.ctx.clock.now()
    return Export(client.display_name, cabinet_today(cabinet, now), archive(scope.ctx.blobs, full, now))


def _subjects(dossiers: Sequence[DossierFile]) -> list[str]:
    ids: list[str] = []
    for dossier in dossiers:
        ids.append(str(dossier.dossier["id"]))
        ids += [str(document.document["id"]) for document in dossier.documents]
        ids += [str(row["id"]) for row in (*dossier.parties, *dossier.court_references, *dossier.conflict_checks)]
        ids += [str(mail.mail["id"]) for mail in dossier.mail]
    return ids


async def request_erasure(scope: CabinetScope, client_id: str, confirm: str) -> ErasureReport:
    """Erases the client now, or (409 `conservation_legale`) records the request for the retention job."""
    client = await found_client(scope, client_id)
    if confirm.strip() != client.display_name:
        raise InvalidInput(f"Pour confirmer, recopiez exactement le nom du client : « {client.display_name} ».",
                           field="confirm")  # fmt: skip
    cabinet = await cabinet_of(scope)
    now = scope.ctx.clock.now()
    today = cabinet_today(cabinet, now)
    terms = await scope.client_records.dossier_terms(client_id)
    held = held_back(terms, cabinet.retention_days, today)
    if held:
        erasable = erasable_from(terms, cabinet.retention_days, today)
        await scope.commit(
            scope.erasure.request(client_id, scope.actor.label, now.isoformat(), erasable.isoformat()),
            action="client.erasure_deferred",
            subject=client_id,
            summary=f"conservation légale : effacement possible le {erasable.isoformat()}",
        )
        raise LegalRetention(held, erasable, cabinet.retention_days)
    return await erase(scope, client, terms, purge_cutoff(cabinet.retention_days, today))


@dataclass(frozen=True)
class ErasableDossier:
    """A dossier read as erasable: the ids filed in it (which the trail names) and its documents' blob keys."""

    term: DossierTerm
    ids: list[str]
    documents: list[str]
    keys: list[str]


async def erasable(scope: CabinetScope, term: DossierTerm) -> ErasableDossier:
    filed = await scope.erasure.filed(term.id)
    documents = [filed_id for kind, filed_id in filed if kind == "document"]
    keys = await scope.erasure.blob_keys([term.id])
    return ErasableDossier(term, [term.id, *(filed_id for _, filed_id in filed)], documents, keys)


async def erase(scope: CabinetScope, client: ClientFile, terms: Sequence[DossierTerm], cutoff: date) -> ErasureReport:
    """The rows in one batch (audit pseudonymised, `client.erased` with counts and no name), then the blobs.

    `terms` were read before: a dossier reopened, closed again after `cutoff` or linked to another client since is
    left whole when the batch runs (its statements are guarded), only loses the client's link, and keeps its blobs."""
    erasure, now, due = scope.erasure, scope.ctx.clock.now().isoformat(), cutoff.isoformat()
    erased = [await erasable(scope, term) for term in terms if not term.shared]
    writes = [
        write for e in erased for write in erasure.dossier(e.term.id, erasure.still_due(e.term.id, due, client.id))
    ]
    # The dossiers that stay (shared, or changed since the read) lose the link, and their search entry the name.
    writes += [write for term in terms for write in (erasure.unlink(term.id, client.id),
                                                     scope.dossiers.reindex_clients(term.id, now))]  # fmt: skip
    writes += [*erasure.client(client.id, now), erasure.scrub_conflict_matches(client.id),
               *erasure.pseudonymise([client.id], client.display_name, [term.id for term in terms])]  # fmt: skip
    writes += [write for e in erased for write in erasure.pseudonymise(e.ids, only_if=erasure.gone(e.term.id))]
    report = ErasureReport(pseudonym(client.id), len(erased), len(terms) - len(erased),
                           sum(len(e.documents) for e in erased), sum(len(e.keys) for e in erased))  # fmt: skip
    await scope.commit(*writes, action="client.erased", subject=report.client, summary=_counts(report))
    await delete_blobs(scope, await keys_of_gone(scope, erased))
    return report


async def keys_of_gone(scope: CabinetScope, erased: Sequence[ErasableDossier]) -> list[str]:
    """The blob keys of the dossiers whose rows the batch deleted: one whose guard held it back still has its
    documents, and their blobs stay."""
    remaining = await scope.erasure.document_ids_among([document for e in erased for document in e.documents])
    return [key for e in erased if remaining.isdisjoint(e.documents) for key in e.keys]


def _counts(report: ErasureReport) -> str:
    return (
        f"{report.dossiers_erased} dossier(s) effacé(s), {report.dossiers_kept} dossier(s) partagé(s) conservé(s),"
        f" {report.documents_erased} document(s), {report.files_erased} fichier(s)"
    )


async def delete_blobs(scope: CabinetScope, keys: Sequence[str]) -> None:
    """After the rows' batch committed: a blob left behind by a failure here is an orphan no row points to, which
    the retention job's sweep deletes (services/retention.py)."""
    for key in keys:
        try:
            await scope.ctx.blobs.delete(key)
        except Exception:
            log.exception("blob %s of an erased document not deleted: the retention sweep will retry", key)
