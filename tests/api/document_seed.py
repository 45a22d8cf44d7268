"""Documents for the API tests and the isolation sweep, uploaded through the use case (as the system: every
permission), so they run on both runtimes."""

from __future__ import annotations

from collections.abc import AsyncIterator

from domain.actors import SYSTEM
from domain.documents import Document
from services.context import AppContext
from services.document_text import extract_document_text
from services.documents import Upload, upload_document
from services.jobs import DocumentText
from services.scope import CabinetScope


async def chunks_of(data: bytes, size: int = 64 * 1024) -> AsyncIterator[bytes]:
    for start in range(0, len(data), size):
        yield data[start : start + size]


async def uploaded(
    ctx: AppContext, cabinet_id: str, dossier_id: str, data: bytes, *, file_name: str = "piece.txt",
    title: str | None = None, declared: str = "text/plain",
) -> Document:  # fmt: skip
    scope = CabinetScope(ctx, cabinet_id, SYSTEM, "tests")
    upload = Upload(chunks_of(data), declared_type=declared, file_name=file_name, title=title)
    return await upload_document(scope, dossier_id, upload)


async def run_text_job(ctx: AppContext, cabinet_id: str, document_id: str, version: int = 1) -> None:
    """What the queue consumer does with the job the upload sent."""
    await extract_document_text(ctx, DocumentText(cabinet_id, document_id, version))
