"""`GET /api/search`: the cabinet's full-text search (docs/dossiers.md, "Search")."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel

from handlers.api.deps import Scope, requires
from handlers.api.errors import documented
from services.search import MAX_PAGE, SearchHit, search

router = APIRouter(prefix="/api/search", tags=["recherche"], responses=documented(401, 403, 422))
KindName = Literal["client", "dossier", "partie", "mail", "document"]


class SearchDossierOut(BaseModel):
    id: str
    reference: str


class SearchItemOut(BaseModel):
    kind: KindName
    id: str
    title: str
    snippet: str  # plain text; the matched words between `[` and `]`
    dossier: SearchDossierOut | None

    @classmethod
    def of(cls, hit: SearchHit) -> SearchItemOut:
        dossier = None
        if hit.dossier_id is not None and hit.dossier_reference is not None:
            dossier = SearchDossierOut(id=hit.dossier_id, reference=hit.dossier_reference)
        return cls(kind=hit.kind.value, id=hit.subject_id, title=hit.title, snippet=hit.snippet, dossier=dossier)


class SearchPageOut(BaseModel):
    items: list[SearchItemOut]
    next_cursor: str | None


@router.get("", openapi_extra=requires("search.use"))
async def search_cabinet(
    scope: Scope,
    q: Annotated[str, Query(max_length=200, description="les mots cherchés", examples=["pièces confidentielles"])] = "",
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
    kind: Annotated[KindName | None, Query(description="un seul genre de résultats")] = None,
) -> SearchPageOut:
    page = await search(scope, q, kind=kind, cursor=cursor, limit=limit)
    return SearchPageOut(items=[SearchItemOut.of(hit) for hit in page.hits], next_cursor=page.next_cursor)
