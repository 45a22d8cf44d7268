"""The retention job: the hourly `maintenance` cron task's work for one cabinet (services/cron.py fans it out).

1. Erasure requests that have come due are carried out (services/rgpd.erase), or postponed when a dossier was
   reopened or closed again meanwhile.
2. Dossiers closed (or archived) longer than the cabinet's retention period ago are purged, each in one batch with
   their documents, search entries and audit pseudonymisation, their blobs deleted after the batch.
3. Orphan blobs are swept: a crash between a batch and its blob deletions leaves blobs no document row names. One
   page of the cabinet's document blobs is listed per run (the cursor kept in KV), and a blob older than a day whose
   document has no row is deleted (a younger one may be an upload whose row is being written).

Each step is bounded per run, so one invocation stays short; what is left waits an hour. Everything done is reported
in the audit trail (`retention.purged`, with counts only), when something was done.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, datetime, timedelta

from domain.rgpd import DossierTerm, erasable_from, held_back, pseudonym, purge_cutoff
from services.rgpd import cabinet_today, delete_blobs, erasable, erase, keys_of_gone
from services.scope import CabinetScope

MAX_ERASURES_PER_RUN = 20
MAX_PURGES_PER_RUN = 20
SWEEP_PAGE = 500
ORPHAN_AFTER = timedelta(days=1)


@dataclass
class Purged:
    clients: int = 0
    postponed: int = 0
    dossiers: int = 0
    files: int = 0
    orphan_files: int = 0

    def summary(self) -> str:
        return ", ".join(f"{field.name} {getattr(self, field.name)}" for field in fields(self))

    def __bool__(self) -> bool:
        return any(getattr(self, field.name) for field in fields(self))


def sweep_cursor_key(cabinet_id: str) -> str:
    return f"retention:blob-sweep:{cabinet_id}"


def documents_prefix(cabinet_id: str) -> str:
    return f"cabinets/{cabinet_id}/documents/"


async def run_maintenance(scope: CabinetScope, scheduled_at: datetime) -> Purged:
    cabinet = await scope.cabinet.get()
    purged = Purged()
    if cabinet is None:
        return purged
    today = cabinet_today(cabinet, scope.ctx.clock.now())
    await _due_erasures(scope, cabinet.retention_days, today, purged)
    cutoff = purge_cutoff(cabinet.retention_days, today).isoformat()
    for dossier in await scope.erasure.dossiers_closed_by(cutoff, MAX_PURGES_PER_RUN):
        purged.files += await _purge_dossier(scope, dossier, cutoff)
        purged.dossiers += 1
    purged.orphan_files = await sweep_orphan_blobs(scope)
    if purged:
        await scope.commit(action="retention.purged", subject=scheduled_at.strftime("%Y-%m-%dT%H:%M"),
                           summary=purged.summary())  # fmt: skip
    return purged


async def _due_erasures(scope: CabinetScope, retention_days: int, today: date, purged: Purged) -> None:
    for client_id in await scope.erasure.due_requests(today.isoformat(), MAX_ERASURES_PER_RUN):
        client = await scope.client_records.client(client_id)
        if client is None:  # no longer there (nothing else deletes clients today): the request is closed all the same
            await scope.commit(*scope.erasure.client(client_id, scope.ctx.clock.now().isoformat()),
                               action="client.erasure_closed", subject=pseudonym(client_id))  # fmt: skip
            continue
        terms = await scope.client_records.dossier_terms(client_id)
        if held_back(terms, retention_days, today):
            later = erasable_from(terms, retention_days, today).isoformat()
            await scope.commit(scope.erasure.postpone(client_id, later), action="client.erasure_deferred",
                               subject=client_id, summary=f"effacement possible le {later}")  # fmt: skip
            purged.postponed += 1
        else:
            report = await erase(scope, client, terms, purge_cutoff(retention_days, today))
            purged.clients += 1
            purged.files += report.files_erased


async def _purge_dossier(scope: CabinetScope, dossier: DossierTerm, cutoff: str) -> int:
    """Guarded: a dossier reopened (or closed again later) since it was read stays whole, with its blobs."""
    erasure = scope.erasure
    read = await erasable(scope, dossier)
    await scope.commit(
        *erasure.dossier(dossier.id, erasure.still_due(dossier.id, cutoff)),
        *erasure.pseudonymise(read.ids, only_if=erasure.gone(dossier.id)),
        action="dossier.purged",
        subject=pseudonym(dossier.id),
        summary=f"clos le {dossier.closed_on} ; conservation échue ; {len(read.keys)} fichier(s)",
    )
    keys = await keys_of_gone(scope, [read])
    await delete_blobs(scope, keys)
    return len(keys)


async def sweep_orphan_blobs(scope: CabinetScope) -> int:
    """One page of the cabinet's document blobs per run, resuming where the last run stopped."""
    ctx = scope.ctx
    cursor_key = sweep_cursor_key(scope.cabinet_id)
    prefix = documents_prefix(scope.cabinet_id)
    page = await ctx.blobs.list(prefix, cursor=await ctx.kv.get(cursor_key), limit=SWEEP_PAGE)
    document_of = {blob.key: blob.key[len(prefix) :].split("/", 1)[0] for blob in page.objects}
    existing = await scope.erasure.document_ids_among(sorted(set(document_of.values())))
    old_enough = ctx.clock.now() - ORPHAN_AFTER
    orphans = [
        blob.key
        for blob in page.objects
        if document_of[blob.key] not in existing and datetime.fromisoformat(blob.uploaded) < old_enough
    ]
    await delete_blobs(scope, orphans)
    if page.cursor:
        await ctx.kv.put(cursor_key, page.cursor)
    else:
        await ctx.kv.delete(cursor_key)
    return len(orphans)
