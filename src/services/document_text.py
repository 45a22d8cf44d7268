"""The `document.text` job: read a document version's bytes back, extract their text (bounded), and record the
outcome — the search entry and the version's text status in one batch with its audit row. A job for a version that
is no longer current, or a deleted document, does nothing; a late one cannot index what is gone nor overwrite a
newer version's entry (its search entry is written only if the version is still current when the batch runs)."""

from __future__ import annotations

from datetime import timedelta

from d1.search_index import SearchEntry, SearchKind
from domain.actors import SYSTEM
from domain.audio import is_audio
from domain.document_text import ExtractedText, extract_text
from domain.documents import TextStatus
from services.context import AppContext
from services.jobs import DocumentText
from services.scope import CabinetScope
from services.transcriptions import queue_transcription

TIME_BUDGET = timedelta(seconds=10)  # of a Worker's 30 s of CPU per invocation
MAX_EXTRACT_BYTES = 25 * 1024 * 1024  # larger files are kept and served, their text left unread (`echec`)


async def extract_document_text(ctx: AppContext, job: DocumentText) -> None:
    scope = CabinetScope(ctx, job.cabinet_id, SYSTEM, "job")
    document = await scope.documents.get(SYSTEM, job.document_id)
    if document is None or document.current.version != job.version:
        return
    version = document.current
    if is_audio(version.content_type):  # a recording: transcribed on the audio lane instead (docs/transcription.md)
        await queue_transcription(scope, document)
        return
    blob = None if version.size > MAX_EXTRACT_BYTES else await ctx.blobs.get(version.blob_key)
    if blob is None:
        extracted = ExtractedText(TextStatus.FAILED)
    else:
        deadline = ctx.clock.now() + TIME_BUDGET
        extracted = extract_text(blob.data, version.content_type, lambda: ctx.clock.now() > deadline)
    now = ctx.clock.now().isoformat()
    writes = [scope.documents.set_text_status(document.id, version.version, extracted.status)]
    if extracted.text:
        entry = SearchEntry(SearchKind.DOCUMENT, document.id, document.dossier_id, document.title, extracted.text)
        still_current = scope.documents.text_current(document.id, job.version)
        writes.append(scope.search_index.put(entry, now, only_if=still_current))
    await scope.commit(*writes, action="document.text_extracted", subject=document.id,
                       summary=f"v{version.version}: {extracted.status.value}")  # fmt: skip
