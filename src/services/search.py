"""Searching the cabinet (`GET /api/search`): one full-text query over clients, dossiers, parties, mail and documents,
limited in SQL to what the actor may see, ranked, by pages (docs/dossiers.md, "Search")."""

from __future__ import annotations

import base64
import hashlib
import math
from dataclasses import dataclass

from d1.search import SearchHit as SearchHit  # re-exported: what the API renders
from d1.search import SearchPosition
from d1.search_index import SearchKind
from domain.actors import ensure_permission
from domain.errors import InvalidInput
from domain.search_query import SearchQuery, search_query
from services.scope import CabinetScope

MAX_PAGE = 100
BAD_CURSOR = "Curseur de pagination invalide pour cette recherche."


@dataclass(frozen=True)
class SearchPage:
    hits: list[SearchHit]
    next_cursor: str | None


async def search(
    scope: CabinetScope, text: str, *, kind: str | None = None, cursor: str | None = None, limit: int = 50
) -> SearchPage:
    ensure_permission(scope.actor, "search.use")
    if not 1 <= limit <= MAX_PAGE:
        raise InvalidInput(f"Indiquez une taille de page entre 1 et {MAX_PAGE}.", field="limit")
    query = search_query(text)
    only = _kind(kind)
    tag = _tag(query, only)
    after = _position(cursor, tag) if cursor else None
    hits = await scope.search.find(scope.actor, query, kind=only, after=after, limit=limit + 1)
    page = hits[:limit]
    return SearchPage(page, _cursor(tag, page[-1].position) if len(hits) > limit else None)


def _kind(name: str | None) -> SearchKind | None:
    if not name:
        return None
    try:
        return SearchKind(name)
    except ValueError:
        raise InvalidInput("Genre de résultat inconnu.", field="kind") from None


def _tag(query: SearchQuery, kind: SearchKind | None) -> str:
    """Ties a cursor to its search: a cursor of another query or kind would skip or repeat results."""
    return hashlib.sha256(f"{query.expression}|{kind or ''}".encode()).hexdigest()[:12]


def _cursor(tag: str, position: SearchPosition) -> str:
    return base64.urlsafe_b64encode(f"{tag}|{position.rank!r}|{position.rowid}".encode()).decode().rstrip("=")


def _position(cursor: str, tag: str) -> SearchPosition:
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        cursor_tag, rank, rowid = text.split("|")
        position = SearchPosition(float(rank), int(rowid))
    except ValueError:  # bad base64, bad UTF-8, wrong shape, not numbers
        raise InvalidInput(BAD_CURSOR, field="cursor", code="curseur") from None
    # D1 numbers are JavaScript doubles: a rowid beyond 2**53 was never issued and would not bind exactly.
    if cursor_tag != tag or not math.isfinite(position.rank) or not 0 <= position.rowid <= 2**53:
        raise InvalidInput(BAD_CURSOR, field="cursor", code="curseur")
    return position
