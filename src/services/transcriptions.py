"""Recordings' transcriptions as use cases (docs/transcription.md): created from a stored document version (upload
on a dossier, or any audio document's text job), read with their transcript, corrected by a lawyer as new versions,
tried again after a failure. The job that transcribes is in services/transcription_job.py.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from d1.database import ConstraintViolation
from d1.search_index import SearchEntry, SearchKind
from domain.actors import ensure_may_see, ensure_permission
from domain.audio import UnsupportedAudio, is_audio
from domain.documents import Document
from domain.errors import Conflict, NotFound
from domain.transcriptions import (
    TRANSCRIPTION_NOT_FOUND,
    Transcription,
    TranscriptionStatus,
    TranscriptVersion,
    VersionSource,
    check_base_version,
    check_retryable,
    edited_segments,
)
from domain.transcripts import Segment, text_of
from services.documents import Upload, upload_document
from services.jobs import TranscribeRecording
from services.scope import CabinetScope
from services.transcription_push import push_state

log = logging.getLogger("poste.transcriptions")
VERSION_NOT_FOUND = "Version de transcription introuvable."
# A transcription untouched this long is stalled: its job was lost, or its run died. Longer than the longest backoff
# (16 min) plus a delivery, and than any 10 % step of a run (which refreshes it with its progress).
STALLED_AFTER = timedelta(minutes=30)


@dataclass(frozen=True)
class TranscriptionDetail:
    transcription: Transcription
    segments: tuple[Segment, ...]
    versions: list[TranscriptVersion]  # newest first
    suggestions: list[str]


async def queue_transcription(scope: CabinetScope, document: Document) -> Transcription:
    """The transcription of the document's current version, created `en_attente` with its job on the audio lane;
    the existing one when this version already has one (a text job run twice creates one)."""
    version = document.current
    existing = await scope.transcriptions.of_document(document.id, version.version)
    if existing is not None:
        return existing
    now = scope.ctx.clock.now().isoformat()
    new = Transcription(scope.ctx.ids.new_id(), scope.cabinet_id, document.id, version.version, version.sha256,
                        version.content_type, TranscriptionStatus.WAITING, received_at=version.uploaded_at,
                        queued_at=now, created_at=now, updated_at=now)  # fmt: skip
    [created] = await scope.commit(scope.transcriptions.insert(new), action="transcription.created", subject=new.id,
                                   only_if=scope.transcriptions.exists(new.id),
                                   summary=f"{document.id} v{version.version}")  # fmt: skip
    found = await scope.transcriptions.of_document(document.id, version.version)
    if found is None:  # the document was erased meanwhile
        raise NotFound(TRANSCRIPTION_NOT_FOUND)
    if created.changes:
        await send_transcription_job(scope, found)
    return found


async def send_transcription_job(scope: CabinetScope, t: Transcription) -> None:
    """Its job on the audio lane. A queue that fails here loses nothing: the row stands `en_attente`, and the sweep
    (`resend_stalled_transcriptions`) sends the job again."""
    lane = scope.ctx.audio_jobs or scope.ctx.jobs
    try:
        await lane.send(TranscribeRecording(scope.cabinet_id, t.id).body())
    except Exception:
        log.exception("transcription %s stored but its job was not sent: the sweep sends it again", t.id)
    await push_state(scope.ctx, t)


async def resend_stalled_transcriptions(scope: CabinetScope, scheduled_at: datetime) -> int:
    """The cron sweep (every 5 minutes, with the mail's): the job of each stalled transcription sent again (the job
    is idempotent, and a run that died is taken over by the next delivery, or fails for good after its last
    attempt); each one touched so that it is sent again only after another STALLED_AFTER."""
    stalled = await scope.transcriptions.stalled((scheduled_at - STALLED_AFTER).isoformat())
    now = scope.ctx.clock.now().isoformat()
    for t in stalled:
        touched = replace(t, updated_at=now)
        touch = scope.transcriptions.touch(touched, t.row_version)
        [result] = await scope.commit(touch, action="transcription.relancee", subject=t.id, summary=t.status.value)
        if result.changes:
            await send_transcription_job(scope, replace(touched, row_version=t.row_version + 1))
    return len(stalled)


async def upload_recording(scope: CabinetScope, dossier_id: str, upload: Upload) -> Transcription:
    """`POST /api/dossiers/{id}/recordings`: the recording stored as a document of the dossier (so nothing is lost),
    then its transcription queued. Bytes that are not audio stay a document, and the answer says why (415)."""
    document = await upload_document(scope, dossier_id, upload)
    if not is_audio(document.current.content_type):
        raise UnsupportedAudio()
    return await queue_transcription(scope, document)


async def visible_transcription(scope: CabinetScope, transcription_id: str) -> Transcription:
    ensure_may_see(scope.actor, "document.read", TRANSCRIPTION_NOT_FOUND)
    found = await scope.transcriptions.get(scope.actor, transcription_id)
    if found is None:
        raise NotFound(TRANSCRIPTION_NOT_FOUND)
    return found


async def transcription_detail(scope: CabinetScope, transcription_id: str) -> TranscriptionDetail:
    t = await visible_transcription(scope, transcription_id)
    versions = await scope.transcriptions.versions(t.id)
    current = next((v.segments for v in versions if v.version == t.current_version), ())
    suggested = [h.id for h in await scope.hearings.of_source(t.id)] + [
        d.id for d in await scope.deadlines.of_source(t.id)
    ]
    return TranscriptionDetail(t, current, versions, suggested)


async def transcript_version(scope: CabinetScope, transcription_id: str, version: str) -> TranscriptVersion:
    t = await visible_transcription(scope, transcription_id)
    if not (version.isascii() and version.isdigit() and 0 < len(version) <= 9):
        raise NotFound(VERSION_NOT_FOUND)
    found = await scope.transcriptions.version(t.id, int(version))
    if found is None:
        raise NotFound(VERSION_NOT_FOUND)
    return found


async def dossier_transcriptions(scope: CabinetScope, dossier_id: str) -> list[Transcription]:
    ensure_may_see(scope.actor, "dossier.read", "Dossier introuvable.")
    ensure_may_see(scope.actor, "document.read", "Dossier introuvable.")
    if not await scope.dossier_access.may_see(scope.actor, dossier_id):
        raise NotFound("Dossier introuvable.")
    return await scope.transcriptions.of_dossier(scope.actor, dossier_id)


async def edit_transcript(
    scope: CabinetScope, transcription_id: str, base_version: int, segments: list[Segment]
) -> TranscriptionDetail:
    """A lawyer's correction, kept as a new version (the machine's version 1 stays); the search entry follows."""
    t = await visible_transcription(scope, transcription_id)
    ensure_permission(scope.actor, "document.upload")
    check_base_version(t, base_version)
    current = await scope.transcriptions.version(t.id, t.current_version)
    if current is None:
        raise Conflict("La transcription a été modifiée entre-temps : rechargez-la avant de corriger.")
    kept = edited_segments(current.segments, segments)
    now = scope.ctx.clock.now().isoformat()
    edited = replace(t, current_version=base_version + 1, updated_at=now)
    author = scope.actor.id if scope.actor.kind == "person" else scope.actor.label
    version = TranscriptVersion(base_version + 1, VersionSource.EDITION, author, now, kept)
    changed = scope.transcriptions.at_version(t.id, t.row_version + 1)
    writes = [scope.transcriptions.set_current_version(edited, t.row_version),
              scope.transcriptions.add_version(t.id, version, changed)]  # fmt: skip
    document = await scope.documents.get(scope.actor, t.document_id)
    if document is not None and document.current.version == t.document_version:
        entry = SearchEntry(SearchKind.DOCUMENT, t.document_id, document.dossier_id, document.title, text_of(kept))
        writes.append(scope.search_index.put(entry, now, only_if=changed))
    try:
        results = await scope.commit(*writes, action="transcription.edited", subject=t.id, only_if=changed,
                                     summary=f"version {version.version}")  # fmt: skip
    except ConstraintViolation as error:  # another edit took this version number first
        raise Conflict("La transcription a été modifiée entre-temps : rechargez-la avant de corriger.") from error
    if results[0].changes == 0:
        raise Conflict("La transcription a été modifiée entre-temps : rechargez-la avant de corriger.")
    return await transcription_detail(scope, t.id)


async def retry_transcription(scope: CabinetScope, transcription_id: str) -> Transcription:
    """A failed transcription queued again, its attempts counted afresh."""
    t = await visible_transcription(scope, transcription_id)
    ensure_permission(scope.actor, "document.upload")
    check_retryable(t)
    now = scope.ctx.clock.now().isoformat()
    again = replace(t, status=TranscriptionStatus.WAITING, error=None, attempts=0, progress=0, queued_at=now,
                    updated_at=now)  # fmt: skip
    changed = scope.transcriptions.at_version(t.id, t.row_version + 1)
    [result] = await scope.commit(scope.transcriptions.set_state(again, t.row_version),
                                  action="transcription.retried", subject=t.id, only_if=changed)  # fmt: skip
    if result.changes == 0:
        raise Conflict("La transcription a changé entre-temps : rechargez-la.")
    queued = await visible_transcription(scope, t.id)
    await send_transcription_job(scope, queued)
    return queued
