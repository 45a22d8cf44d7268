"""Recordings and their transcriptions (docs/transcription.md): upload on a dossier, lists, detail with the
transcript, versions, a lawyer's correction, a new try after a failure. The audio is the document's content."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request

from handlers.api.deps import Scope, requires
from handlers.api.documents import UPLOAD_ANSWERS, FileName, Tags, Title, upload_of
from handlers.api.errors import documented
from handlers.api.transcription_models import (
    SegmentsIn,
    TranscriptionDetailOut,
    TranscriptionListOut,
    TranscriptionOut,
    VersionOut,
)
from services.transcriptions import (
    dossier_transcriptions,
    edit_transcript,
    retry_transcription,
    transcript_version,
    transcription_detail,
    upload_recording,
)

# The smallest WAV a model takes (8 kHz, 8-bit mono, 64 samples), every byte ASCII so that it can be the body's
# documented example: what the isolation sweep and the schema fuzzing send.
TINY_WAV = (
    "RIFFd\x00\x00\x00WAVEfmt \x10\x00\x00\x00\x01\x00\x01\x00@\x1f\x00\x00@\x1f\x00\x00\x01\x00\x08\x00"
    "data@\x00\x00\x00" + "@" * 64
)
RECORDING_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "description": "l'enregistrement lui-même, tel quel ; son type déclaré dans Content-Type (audio/webm, "
        "audio/wav, audio/mpeg… ; application/octet-stream convient : le type est reconnu aux octets)",
        "content": {
            "application/octet-stream": {"schema": {"type": "string", "format": "binary"}, "example": TINY_WAV}
        },
    }
}
router = APIRouter(tags=["transcriptions"], responses=documented(400, 401, 403, 404, 422))
DossierId = Annotated[str, Path(max_length=64)]
TranscriptionId = Annotated[str, Path(max_length=64)]
# A string, so that an id of another shape is the 404 of an unknown version (after the transcription's own 404).
VersionNumber = Annotated[str, Path(max_length=64, description="numéro de version (1 = la machine)")]


@router.post("/api/dossiers/{dossier_id}/recordings", status_code=201, responses=UPLOAD_ANSWERS,
             openapi_extra={**requires("document.upload"), **RECORDING_BODY})  # fmt: skip
async def recording_upload(
    request: Request, scope: Scope, dossier_id: DossierId, title: Title = None, tags: Tags = None,
    file_name: FileName = None,
) -> TranscriptionOut:  # fmt: skip
    return TranscriptionOut.of(await upload_recording(scope, dossier_id, upload_of(request, title, tags, file_name)))


@router.get("/api/dossiers/{dossier_id}/transcriptions", openapi_extra=requires("document.read"))
async def dossier_transcriptions_list(scope: Scope, dossier_id: DossierId) -> TranscriptionListOut:
    return TranscriptionListOut(items=[TranscriptionOut.of(t) for t in await dossier_transcriptions(scope, dossier_id)])


@router.get("/api/transcriptions/{transcription_id}", openapi_extra=requires("document.read"))
async def transcription_get(scope: Scope, transcription_id: TranscriptionId) -> TranscriptionDetailOut:
    return TranscriptionDetailOut.of_detail(await transcription_detail(scope, transcription_id))


@router.get("/api/transcriptions/{transcription_id}/versions/{version}", openapi_extra=requires("document.read"))
async def transcription_version(scope: Scope, transcription_id: TranscriptionId, version: VersionNumber) -> VersionOut:
    return VersionOut.full(await transcript_version(scope, transcription_id, version))


@router.put("/api/transcriptions/{transcription_id}/segments", responses=documented(409),
            openapi_extra=requires("document.upload"))  # fmt: skip
async def transcription_edit(
    scope: Scope, transcription_id: TranscriptionId, body: SegmentsIn
) -> TranscriptionDetailOut:
    detail = await edit_transcript(scope, transcription_id, body.base_version, body.values())
    return TranscriptionDetailOut.of_detail(detail)


@router.post("/api/transcriptions/{transcription_id}/retry", status_code=202, responses=documented(409),
             openapi_extra=requires("document.upload"))  # fmt: skip
async def transcription_retry(scope: Scope, transcription_id: TranscriptionId) -> TranscriptionOut:
    return TranscriptionOut.of(await retry_transcription(scope, transcription_id))
