"""The read side of the full-text index (migration 0005; d1/search_index.py writes it): one FTS5 query, bound to the
cabinet twice — its tenant token inside the MATCH expression, so the index itself returns only its rows, and
`cabinet_id` on the joined entry — and limited to the dossiers the actor may see (d1/dossier_access.py), in SQL.

Ranked by bm25 with column weights (titles and references above bodies; the tenant column weighs nothing), then by
rowid: that pair is the keyset of the pages. Snippets come from FTS5's `snippet()` with control characters as
markers, so that brackets already in the text can be told from the markers before they become `[` and `]`.
"""

from __future__ import annotations

from dataclasses import dataclass

from d1.database import Database, Row, SqlValue
from d1.dossier_access import visible_dossier_id
from d1.search_index import SearchKind, tenant_token
from domain.actors import Actor
from domain.search_query import SearchQuery

# bm25 weights in the index's column order: tenant, title, body, refs.
RANK = "bm25(search_index, 0.0, 10.0, 1.0, 8.0)"
OPEN, CLOSE = "\x02", "\x03"
SNIPPET_TOKENS = 16
_TITLE_COLUMN, _BODY_COLUMN = 1, 2


@dataclass(frozen=True)
class SearchPosition:
    """Where a page ended: the last hit's rank and rowid (the next page starts strictly after them)."""

    rank: float
    rowid: int


@dataclass(frozen=True)
class SearchHit:
    kind: SearchKind
    subject_id: str
    title: str
    snippet: str  # the matched words between `[` and `]`
    dossier_id: str | None
    dossier_reference: str | None
    position: SearchPosition


def _snippet(column: int) -> str:
    return f"snippet(search_index, {column}, char(2), char(3), '…', {SNIPPET_TOKENS})"


class Search:
    def __init__(self, db: Database, cabinet_id: str) -> None:
        self._db = db
        self._cabinet_id = cabinet_id

    async def find(
        self,
        actor: Actor,
        query: SearchQuery,
        *,
        kind: SearchKind | None = None,
        after: SearchPosition | None = None,
        limit: int = 50,
    ) -> list[SearchHit]:
        """At most `limit` hits the actor may see, best first, after `after` when given."""
        seen = visible_dossier_id(actor, self._cabinet_id, "e.dossier_id")
        match = f'tenant : "{tenant_token(self._cabinet_id)}" AND ({query.expression})'
        where = ["search_index MATCH ?", "e.cabinet_id = ?", seen.sql]
        params: list[SqlValue] = [self._cabinet_id, match, self._cabinet_id, *seen.params]
        if kind is not None:
            where.append("e.kind = ?")
            params.append(kind.value)
        if after is not None:
            where.append(f"({RANK} > ? OR ({RANK} = ? AND e.rowid > ?))")
            params += [after.rank, after.rank, after.rowid]
        rows = await self._db.all(
            f"SELECT e.rowid AS entry, e.kind, e.subject_id, e.dossier_id, e.title, d.reference AS dossier_reference,"
            f" {_snippet(_TITLE_COLUMN)} AS title_snippet, {_snippet(_BODY_COLUMN)} AS body_snippet, {RANK} AS rank"
            " FROM search_index JOIN search_entries e ON e.rowid = search_index.rowid"
            " LEFT JOIN dossiers d ON d.cabinet_id = ? AND d.id = e.dossier_id"
            f" WHERE {' AND '.join(where)} ORDER BY rank, e.rowid LIMIT ?",
            *params,
            limit,
        )
        return [_hit(row) for row in rows]


def _hit(row: Row) -> SearchHit:
    dossier_id = row["dossier_id"]
    return SearchHit(
        kind=SearchKind(row["kind"]),
        subject_id=str(row["subject_id"]),
        title=str(row["title"]),
        snippet=_chosen_snippet(str(row["title_snippet"] or ""), str(row["body_snippet"] or "")),
        dossier_id=str(dossier_id) if dossier_id is not None else None,
        dossier_reference=str(row["dossier_reference"]) if row["dossier_reference"] is not None else None,
        position=SearchPosition(float(row["rank"]), int(row["entry"])),
    )


def _chosen_snippet(title: str, body: str) -> str:
    """The body's passage when the words are in it, else the title's; a reference match shows the body's start."""
    if OPEN in body:
        chosen = body
    elif OPEN in title or not body:
        chosen = title
    else:
        chosen = body
    return _marked(chosen)


def _marked(text: str) -> str:
    """Brackets of the text itself become parentheses, then the markers become brackets: only markers are `[ ]`."""
    plain = text.replace("[", "(").replace("]", ")")
    return plain.replace(OPEN, "[").replace(CLOSE, "]")
