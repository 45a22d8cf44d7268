"""The `recording.transcribe` job on the audio lane (docs/transcription.md), idempotent on the transcription id:
the cache by content hash, the run with its progress, the outcome in one batch, the facts read from what was said.

Failures: a temporary one (the model's service unreachable or busy) waits for its retry (`RetryLater`, 1, 4, 16
minutes) while the row says `en_attente` and why; the last attempt, or audio that can never be read, is `echec` with
a French reason and a notification. The audio document is never touched.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime

from d1.database import Statement
from d1.search_index import SearchEntry, SearchKind
from domain.actors import SYSTEM
from domain.audio import TranscriptionFailed
from domain.documents import TextStatus
from domain.errors import DomainError
from domain.notifications import NewNotification, NotificationType
from domain.transcriptions import (
    MAX_ATTEMPTS,
    Transcription,
    TranscriptionStatus,
    TranscriptVersion,
    VersionSource,
    backoff_seconds,
)
from domain.transcripts import Transcript, clock_text
from services.context import AppContext
from services.jobs import RetryLater, TranscribeRecording
from services.scope import CabinetScope
from services.suggestions import suggest_from_facts
from services.transcript_facts import facts_heard, first_of_each
from services.transcription_push import push_state, recording_audience
from services.transcriptions import STALLED_AFTER

log = logging.getLogger("poste.transcriptions")
PROGRESS_STEP = 10  # percent between two recorded and pushed progress reports
NO_MODEL = "Aucun modèle de transcription n'est disponible pour le moment."
UNEXPECTED = "Le service de transcription a rencontré une erreur inattendue."
MISSING_AUDIO = "L'enregistrement est introuvable dans le stockage : il ne peut pas être transcrit."
INTERRUPTED = "La transcription a été interrompue à chaque essai (enregistrement trop long ou trop lourd ?)."


class ProgressReport:
    """Records and pushes a run's progress at most every PROGRESS_STEP percent (the transcriber may call often)."""

    def __init__(self, scope: CabinetScope, t: Transcription) -> None:
        self._scope, self._t, self.reported = scope, t, 0

    async def __call__(self, fraction: float) -> None:
        percent = max(0, min(99, int(fraction * 100)))
        if percent < self.reported + PROGRESS_STEP:
            return
        self.reported = percent
        now = self._scope.ctx.clock.now().isoformat()
        if not await self._scope.transcriptions.record_progress(self._t.id, self._t.row_version, percent, now):
            return  # another delivery of the job took the row over
        await push_state(self._scope.ctx, replace(self._t, progress=percent))


async def transcribe_recording(ctx: AppContext, job: TranscribeRecording) -> None:
    scope = CabinetScope(ctx, job.cabinet_id, SYSTEM, "job")
    t = await scope.transcriptions.get(SYSTEM, job.transcription_id)
    if t is None or t.status is TranscriptionStatus.FAILED:
        return
    if t.status is TranscriptionStatus.DONE:
        await read_facts(scope, t)  # a run cut short after its batch: suggestions are idempotent by source
        return
    if t.status is TranscriptionStatus.RUNNING:
        if not _stalled(ctx, t):
            return  # another delivery runs it (its progress keeps the row fresh); if that run dies, the sweep wakes it
        if t.attempts >= MAX_ATTEMPTS:  # every run died (the process, a Worker's limits): say so, keep the audio
            await _fail(scope, t, INTERRUPTED, temporary=False)
            return
    cached = await scope.transcriptions.done_with_sha256(t.sha256)
    machine = await scope.transcriptions.version(cached.id, 1) if cached else None
    if cached is not None and machine is not None:
        heard = Transcript(machine.segments, cached.language or "fr", cached.duration_s or 0.0, cached.model,
                           cached.warnings)  # fmt: skip
        await _finish(scope, t, t.row_version, heard, f"copiée de {cached.id}")
        return
    running = await _start(scope, t)
    if running is not None:
        await _run(scope, running)


def _stalled(ctx: AppContext, t: Transcription) -> bool:
    return datetime.fromisoformat(t.updated_at) < ctx.clock.now() - STALLED_AFTER


async def _start(scope: CabinetScope, t: Transcription) -> Transcription | None:
    now = scope.ctx.clock.now().isoformat()
    running = replace(t, status=TranscriptionStatus.RUNNING, attempts=t.attempts + 1, progress=0, position=None,
                      updated_at=now)  # fmt: skip
    changed = scope.transcriptions.at_version(t.id, t.row_version + 1)
    [started] = await scope.commit(scope.transcriptions.start(running, t.row_version), action="transcription.started",
                                   subject=t.id, only_if=changed, summary=f"essai {running.attempts}")  # fmt: skip
    if not started.changes:
        return None  # another delivery of the job took it
    running = replace(running, row_version=t.row_version + 1)
    await push_state(scope.ctx, running, positions=True)
    return running


async def _run(scope: CabinetScope, t: Transcription) -> None:
    ctx = scope.ctx
    versions = await scope.documents.versions(t.document_id)
    stored = next((v for v in versions if v.version == t.document_version), None)
    blob = await ctx.blobs.get(stored.blob_key) if stored else None
    if blob is None:
        await _fail(scope, t, MISSING_AUDIO, temporary=False)
        return
    try:
        if ctx.transcriber is None:
            raise TranscriptionFailed(NO_MODEL, temporary=True)
        heard = await ctx.transcriber.transcribe(blob.data, content_type=t.content_type,
                                                 progress=ProgressReport(scope, t))  # fmt: skip
    except TranscriptionFailed as failure:
        await _fail(scope, t, str(failure), temporary=failure.temporary)
        return
    except DomainError as refused:  # unsupported, corrupt or too large audio: the same every time
        await _fail(scope, t, str(refused), temporary=False)
        return
    except Exception:
        log.exception("transcription %s: the transcriber failed", t.id)
        await _fail(scope, t, UNEXPECTED, temporary=True)
        return
    await _finish(scope, t, t.row_version, heard, heard.model)


async def _fail(scope: CabinetScope, t: Transcription, reason: str, *, temporary: bool) -> None:
    """Waiting again with why (and a retry after the backoff), or failed for good with a notification."""
    now = scope.ctx.clock.now().isoformat()
    delay = backoff_seconds(t.attempts) if temporary and t.attempts < MAX_ATTEMPTS else None
    status = TranscriptionStatus.WAITING if delay is not None else TranscriptionStatus.FAILED
    after = replace(t, status=status, error=reason, progress=0, updated_at=now, row_version=t.row_version + 1)
    changed = scope.transcriptions.at_version(t.id, after.row_version)
    writes = [scope.transcriptions.set_state(after, t.row_version)]
    if delay is None:
        writes.append(scope.documents.set_text_status(t.document_id, t.document_version, TextStatus.FAILED))
        writes += scope.notify(_failed_note(scope, t, reason, now), only_if=changed)
    [result, *_] = await scope.commit(*writes, action="transcription.echec" if delay is None else
                                      "transcription.reportee", subject=t.id, only_if=changed,
                                      summary=reason)  # fmt: skip
    if result.changes:
        await push_state(scope.ctx, replace(after, position=None) if delay is None else after, positions=True)
    if delay is not None:
        raise RetryLater(delay, reason)


async def _finish(scope: CabinetScope, t: Transcription, row_version: int, heard: Transcript, how: str) -> None:
    """The machine version 1, `terminee`, the document's search entry and text status, the notification: one batch;
    then the facts."""
    now = scope.ctx.clock.now().isoformat()
    done = replace(t, status=TranscriptionStatus.DONE, progress=100, error=None, current_version=1, position=None,
                   language=heard.language, duration_s=heard.duration_s, model=heard.model, warnings=heard.warnings,
                   updated_at=now, row_version=row_version + 1)  # fmt: skip
    changed = scope.transcriptions.at_version(t.id, done.row_version)
    machine = TranscriptVersion(1, VersionSource.MACHINE, None, now, heard.segments)
    writes = [
        scope.transcriptions.finish(done, row_version, heard),
        scope.transcriptions.add_version(t.id, machine, changed),
        _guarded_text_status(scope, t, TextStatus.EXTRACTED if heard.text else TextStatus.EMPTY, changed),
    ]
    if heard.text:
        still = _still_current(scope, t, changed)
        entry = SearchEntry(SearchKind.DOCUMENT, t.document_id, t.dossier_id, t.title, heard.text)
        writes.append(scope.search_index.put(entry, now, only_if=still))
    writes += scope.notify(_done_note(scope, done, heard, now), only_if=changed)
    [result, *_] = await scope.commit(*writes, action="transcription.terminee", subject=t.id, only_if=changed,
                                      summary=how)  # fmt: skip
    if not result.changes:
        return
    await push_state(scope.ctx, done, positions=True)
    await read_facts(scope, done)


async def read_facts(scope: CabinetScope, t: Transcription) -> list[str]:
    """The facts said in the current transcript, suggested to the dossier (one extraction call)."""
    version = await scope.transcriptions.version(t.id, t.current_version)
    if version is None or t.dossier_id is None:
        return []
    day = datetime.fromisoformat(t.received_at).date()
    heard = first_of_each(await facts_heard(scope.ctx.extractor, version.segments, reference_date=day))
    if not heard:
        return []
    return await suggest_from_facts(scope, dossier_id=t.dossier_id, source="dictee", source_id=t.id,
                                    facts=[h.quoted() for h in heard], reference_date=day)  # fmt: skip


def _guarded_text_status(scope: CabinetScope, t: Transcription, status: TextStatus, changed: Statement) -> Statement:
    write = scope.documents.set_text_status(t.document_id, t.document_version, status)
    return Statement(f"{write.sql} AND EXISTS ({changed.sql})", (*write.params, *changed.params))


def _still_current(scope: CabinetScope, t: Transcription, changed: Statement) -> Statement:
    """The search entry's condition: this change happened and the recording's version is still its document's."""
    current = scope.documents.text_current(t.document_id, t.document_version)
    return Statement(f"{current.sql} AND EXISTS ({changed.sql})", (*current.params, *changed.params))


def _done_note(scope: CabinetScope, t: Transcription, heard: Transcript, now: str) -> NewNotification:
    body = (f"« {t.title} » ({clock_text(heard.duration_s)}) : la transcription est prête."
            if heard.text else f"« {t.title} » : aucune parole n'a été entendue.")  # fmt: skip
    return NewNotification(id=scope.ctx.ids.new_id(), dedupe_key=f"transcription:{t.id}:terminee",
                           type=NotificationType.TRANSCRIPTION_DONE, title="Enregistrement transcrit", body=body,
                           link=f"/transcriptions/{t.id}", audience=recording_audience(t), created_at=now,
                           dossier_id=t.dossier_id, subject_id=t.id)  # fmt: skip


def _failed_note(scope: CabinetScope, t: Transcription, reason: str, now: str) -> NewNotification:
    return NewNotification(id=scope.ctx.ids.new_id(), dedupe_key=f"transcription:{t.id}:echec:{t.row_version}",
                           type=NotificationType.TRANSCRIPTION_FAILED, title="Enregistrement non transcrit",
                           body=f"« {t.title} » : {reason} L'enregistrement est conservé.",
                           link=f"/transcriptions/{t.id}", audience=recording_audience(t), created_at=now,
                           dossier_id=t.dossier_id, subject_id=t.id)  # fmt: skip
