"""RGPD for one client: the export of everything held about them, and their erasure (docs/dossiers.md, "RGPD")."""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import APIRouter, Path
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, ConfigDict, Field

from domain.documents import content_disposition
from handlers.api.deps import Scope, requires
from handlers.api.errors import documented
from services.rgpd import ErasureReport, export_client, request_erasure

router = APIRouter(prefix="/api/clients", tags=["rgpd"], responses=documented(400, 401, 403, 404, 422))
ClientId = Annotated[str, Path(max_length=64)]
_SEPARATORS = re.compile(r'[\s/\\"]+')
ZIP_ANSWER: dict[int | str, dict[str, object]] = {
    200: {"description": "L'archive ZIP de l'export.", "content": {"application/zip": {}}}
}


class ErasureIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"confirm": "Mme Claire Dupont"}]})

    confirm: str = Field(max_length=400, description="le nom du client tel qu’il s’affiche, recopié pour confirmer")


class ErasureOut(BaseModel):
    client: str = Field(description="le pseudonyme sous lequel le journal d’audit désigne désormais le client")
    dossiers_erased: int
    dossiers_kept: int = Field(description="dossiers partagés avec un autre client : seul le lien est retiré")
    documents_erased: int
    files_erased: int

    @classmethod
    def of(cls, report: ErasureReport) -> ErasureOut:
        return cls(
            client=report.client,
            dossiers_erased=report.dossiers_erased,
            dossiers_kept=report.dossiers_kept,
            documents_erased=report.documents_erased,
            files_erased=report.files_erased,
        )


@router.get(
    "/{client_id}/export",
    response_class=StreamingResponse,
    responses=ZIP_ANSWER,
    openapi_extra=requires("rgpd.manage"),
)
async def client_export(scope: Scope, client_id: ClientId) -> StreamingResponse:
    export = await export_client(scope, client_id)
    name = f"export-{_SEPARATORS.sub('-', export.display_name.strip())}-{export.made_on.isoformat()}.zip"
    return StreamingResponse(
        export.chunks,
        media_type="application/zip",
        headers={"content-disposition": content_disposition(name), "cache-control": "no-store"},
    )


@router.post("/{client_id}/erasure", responses=documented(409), openapi_extra=requires("rgpd.manage"))
async def client_erasure(scope: Scope, client_id: ClientId, body: ErasureIn) -> ErasureOut:
    return ErasureOut.of(await request_erasure(scope, client_id, body.confirm))
