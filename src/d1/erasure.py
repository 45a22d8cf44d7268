"""Erasure of clients and dossiers (RGPD art. 17) and the retention job's reads, for one cabinet.

The statements delete children before parents (the foreign keys hold at every step, as D1 enforces them): a
dossier's documents (transcriptions, tags, versions, rows), its parties' addresses and parties, references, team,
conflict checks, its search entries, the links of its mail (the message stays in the cabinet's mailbox, unfiled),
its client links, then the dossier. Documents are reached through sub-selects, so a dossier costs the same dozen
statements whatever it holds and no statement binds a list of ids.

Blobs cannot be part of a batch: the service reads their keys (`blob_keys`) first, commits the rows' deletion, then
deletes the blobs. A crash in between leaves blobs no row points to, never a row pointing to a missing blob; the
retention job sweeps such orphans (`document_ids_among` tells which listed blobs still have their document).

The audit trail is never deleted: `pseudonymise` replaces the erased ids (and the client's name) in subjects and
summaries by their pseudonym (domain.rgpd.pseudonym); `scrub_conflict_matches` does the same in the conflict checks
of the dossiers that stay.
"""

from __future__ import annotations

from collections.abc import Sequence

from d1.client_records import chunks, marks
from d1.database import Database, Statement, guarded
from d1.search_index import SearchIndex, SearchKind
from domain.rgpd import DossierTerm, pseudonym

PAIRS_PER_STATEMENT = 16  # 5 values bound per id and the cabinet: D1 binds 100 a statement
# What is filed under a dossier's documents: the cabinet, then the dossier's cabinet and id (three values).
_IN_DOCUMENTS = "cabinet_id = ? AND document_id IN (SELECT id FROM documents WHERE cabinet_id = ? AND dossier_id = ?)"

# A dossier's mail stays (its own retention) but, filed in no dossier any more, goes back to "à classer".
_UNFILE_MAIL = (
    "UPDATE inbound_mail SET dossier_id = NULL, status = CASE WHEN status = 'filed' THEN 'to_file' ELSE status END,"
    " filing_reason = '', candidates_json = '[]' WHERE cabinet_id = ? AND dossier_id = ?"
)


class Erasure:
    def __init__(self, db: Database, cabinet_id: str) -> None:
        self._db = db
        self._cabinet_id = cabinet_id
        self._search = SearchIndex(db, cabinet_id)

    def dossier(self, dossier_id: str, only_if: Statement | None = None) -> list[Statement]:
        """The dossier and everything filed in it, children first; with `only_if` (`still_due`), each statement
        changes rows only if the condition still holds when the batch runs."""
        cabinet, of = self._cabinet_id, (self._cabinet_id, dossier_id)
        statements = [
            Statement(f"UPDATE mail_attachments SET document_id = NULL WHERE {_IN_DOCUMENTS}", (cabinet, *of)),
            Statement(
                f"DELETE FROM transcript_versions WHERE cabinet_id = ? AND transcription_id IN (SELECT id FROM"
                f" transcriptions WHERE {_IN_DOCUMENTS})",
                (cabinet, cabinet, *of),
            ),
            Statement(f"DELETE FROM transcriptions WHERE {_IN_DOCUMENTS}", (cabinet, *of)),
            Statement(f"DELETE FROM document_tags WHERE {_IN_DOCUMENTS}", (cabinet, *of)),
            Statement(f"DELETE FROM document_versions WHERE {_IN_DOCUMENTS}", (cabinet, *of)),
            Statement("DELETE FROM documents WHERE cabinet_id = ? AND dossier_id = ?", of),
            Statement("DELETE FROM party_emails WHERE cabinet_id = ? AND dossier_id = ?", of),
            Statement("DELETE FROM parties WHERE cabinet_id = ? AND dossier_id = ?", of),
            Statement("DELETE FROM court_references WHERE cabinet_id = ? AND dossier_id = ?", of),
            Statement("DELETE FROM dossier_team WHERE cabinet_id = ? AND dossier_id = ?", of),
            Statement("DELETE FROM conflict_checks WHERE cabinet_id = ? AND dossier_id = ?", of),
            Statement("DELETE FROM dossier_senders WHERE cabinet_id = ? AND dossier_id = ?", of),
            Statement("UPDATE mail_filings SET dossier_id = NULL WHERE cabinet_id = ? AND dossier_id = ?", of),
            Statement(_UNFILE_MAIL, of),
            Statement(
                "DELETE FROM deadline_history WHERE cabinet_id = ? AND deadline_id IN (SELECT id FROM deadlines"
                " WHERE cabinet_id = ? AND dossier_id = ?)",
                (cabinet, *of),
            ),
            Statement("DELETE FROM deadlines WHERE cabinet_id = ? AND dossier_id = ?", of),
            Statement("DELETE FROM hearings WHERE cabinet_id = ? AND dossier_id = ?", of),
            Statement("DELETE FROM procedure_runs WHERE cabinet_id = ? AND dossier_id = ?", of),
            self._search.remove_dossier(dossier_id),
            Statement("DELETE FROM dossier_clients WHERE cabinet_id = ? AND dossier_id = ?", of),
            Statement("DELETE FROM dossiers WHERE cabinet_id = ? AND id = ?", of),
        ]
        return statements if only_if is None else [guarded(statement, only_if) for statement in statements]

    def still_due(self, dossier_id: str, cutoff: str, client_id: str | None = None) -> Statement:
        """The condition under which a dossier read as erasable is erased (a SELECT finding a row): still closed or
        archived on `cutoff` or before and, for a client's erasure, still without another client. Between the read
        and the batch, it may have been reopened or shared: it then stays (only the client's link goes)."""
        sql = (
            "SELECT 1 FROM dossiers x WHERE x.cabinet_id = ? AND x.id = ? AND x.status IN ('clos', 'archive') AND"
            " x.closed_on IS NOT NULL AND x.closed_on <= ?"
        )
        if client_id is None:
            return Statement(sql, (self._cabinet_id, dossier_id, cutoff))
        return Statement(
            f"{sql} AND NOT EXISTS (SELECT 1 FROM dossier_clients o WHERE o.cabinet_id = x.cabinet_id AND"
            " o.dossier_id = x.id AND o.client_id <> ?)",
            (self._cabinet_id, dossier_id, cutoff, client_id),
        )

    def gone(self, dossier_id: str) -> Statement:
        """The condition that a dossier is no longer there (its erasure, earlier in the batch, went through)."""
        return Statement(
            "SELECT 1 WHERE NOT EXISTS (SELECT 1 FROM dossiers g WHERE g.cabinet_id = ? AND g.id = ?)",
            (self._cabinet_id, dossier_id),
        )

    def unlink(self, dossier_id: str, client_id: str) -> Statement:
        """A dossier shared with another client stays theirs: only this client's link goes."""
        return Statement(
            "DELETE FROM dossier_clients WHERE cabinet_id = ? AND dossier_id = ? AND client_id = ?",
            (self._cabinet_id, dossier_id, client_id),
        )

    def client(self, client_id: str, now: str) -> list[Statement]:
        """The client (once their dossiers are gone or unlinked); their erasure request, if any, stays as the record
        of the answer, done and under the client's pseudonym."""
        of = (self._cabinet_id, client_id)
        return [
            Statement("DELETE FROM client_emails WHERE cabinet_id = ? AND client_id = ?", of),
            Statement("DELETE FROM dossier_clients WHERE cabinet_id = ? AND client_id = ?", of),
            self._search.remove(SearchKind.CLIENT, client_id),
            Statement("DELETE FROM clients WHERE cabinet_id = ? AND id = ?", of),
            Statement(
                "UPDATE erasure_requests SET client_id = ?, done_at = ? WHERE cabinet_id = ? AND client_id = ?",
                (pseudonym(client_id), now, *of),
            ),
        ]

    def pseudonymise(
        self, ids: Sequence[str], name: str = "", kept: Sequence[str] = (), only_if: Statement | None = None
    ) -> list[Statement]:
        """An entry about an erased id gets its pseudonym as subject and as summary (what the summary said —
        a title, a name, a file name — described the erased data). In other entries' summaries, the first id (the
        client, or the purged dossier: what other entries quote, as `dossier.client_removed` quotes the client) is
        replaced by its pseudonym; the ids filed in a dossier are quoted by no other entry, and are left to the
        subject statements, which read the trail by subject (audit_log_by_subject) rather than scan the cabinet's.
        The client's name is replaced only where it is the whole summary of an entry about a kept dossier
        (`dossier.client_added` names the client added): replaced as a substring across the trail, it would alter
        entries about homonyms and longer names ("SARL Martin" in "SARL Martin et Fils")."""
        replaced = [(erased, pseudonym(erased)) for erased in ids]
        statements = [self._subjects(part) for part in _pairs(replaced)]
        statements += [self._quoted(*replaced[0])] if replaced else []
        if ids and name.strip():
            statements += [self._named(part, name.strip(), pseudonym(ids[0])) for part in chunks(kept)]
        return statements if only_if is None else [guarded(statement, only_if) for statement in statements]

    def _named(self, subjects: Sequence[str], name: str, replacement: str) -> Statement:
        return Statement(
            f"UPDATE audit_log SET summary = ? WHERE cabinet_id = ? AND subject IN ({marks(subjects)}) AND summary = ?",
            (replacement, self._cabinet_id, *subjects, name),
        )

    def scrub_conflict_matches(self, client_id: str) -> Statement:
        """Other dossiers' conflict checks that found the client keep the match (a check's record) under the
        client's pseudonym, as id and as name."""
        alias = pseudonym(client_id)
        return Statement(
            "UPDATE conflict_checks SET matches_json = (SELECT json_group_array(CASE WHEN json_extract(m.value,"
            " '$.id') = ? THEN json_set(m.value, '$.id', ?, '$.name', ?) ELSE json(m.value) END) FROM (SELECT value"
            " FROM json_each(conflict_checks.matches_json) ORDER BY key) m) WHERE cabinet_id = ? AND"
            " instr(matches_json, ?) > 0",
            (client_id, alias, alias, self._cabinet_id, client_id),
        )

    def _subjects(self, pairs: Sequence[tuple[str, str]]) -> Statement:
        cases = " ".join("WHEN ? THEN ?" for _ in pairs)
        values = tuple(value for pair in pairs for value in pair)
        return Statement(
            f"UPDATE audit_log SET subject = CASE subject {cases} END, summary = CASE subject {cases} END WHERE"
            f" cabinet_id = ? AND subject IN ({marks(pairs)})",
            (*values, *values, self._cabinet_id, *(old for old, _ in pairs)),
        )

    def _quoted(self, erased: str, alias: str) -> Statement:
        """The one statement that reads every summary of the cabinet's trail (an id may be quoted anywhere)."""
        return Statement(
            "UPDATE audit_log SET summary = replace(summary, ?, ?) WHERE cabinet_id = ? AND instr(summary, ?) > 0",
            (erased, alias, self._cabinet_id, erased),
        )

    async def filed(self, dossier_id: str) -> list[tuple[str, str]]:
        """(kind, id) of what is filed in a dossier (documents, parties, references, conflict checks): audit entries
        name them as subjects, and they go with the dossier."""
        of = (self._cabinet_id, dossier_id)
        rows = await self._db.all(
            "SELECT 'document' AS kind, id FROM documents WHERE cabinet_id = ? AND dossier_id = ? UNION ALL SELECT"
            " 'partie', id FROM parties WHERE cabinet_id = ? AND dossier_id = ? UNION ALL SELECT 'reference', id FROM"
            " court_references WHERE cabinet_id = ? AND dossier_id = ? UNION ALL SELECT 'conflit', id FROM"
            " conflict_checks WHERE cabinet_id = ? AND dossier_id = ?",
            *of, *of, *of, *of,
        )  # fmt: skip
        return [(str(row["kind"]), str(row["id"])) for row in rows]

    def request(self, client_id: str, requested_by: str, now: str, erasable_from: str) -> Statement:
        """An erasure asked for too early: kept (or renewed) for the retention job to carry out when it may."""
        return Statement(
            "INSERT INTO erasure_requests (cabinet_id, client_id, requested_by, requested_at, erasable_from) VALUES"
            " (?, ?, ?, ?, ?) ON CONFLICT (cabinet_id, client_id) DO UPDATE SET requested_by ="
            " excluded.requested_by, requested_at = excluded.requested_at, erasable_from = excluded.erasable_from,"
            " done_at = NULL",
            (self._cabinet_id, client_id, requested_by, now, erasable_from),
        )

    def postpone(self, client_id: str, erasable_from: str) -> Statement:
        """A due request whose client's dossiers were reopened or closed again meanwhile: it waits longer."""
        return Statement(
            "UPDATE erasure_requests SET erasable_from = ? WHERE cabinet_id = ? AND client_id = ? AND done_at IS NULL",
            (erasable_from, self._cabinet_id, client_id),
        )

    async def due_requests(self, today: str, limit: int) -> list[str]:
        """The clients whose pending erasure may be carried out today (erasure_requests_due)."""
        rows = await self._db.all(
            "SELECT client_id FROM erasure_requests WHERE cabinet_id = ? AND done_at IS NULL AND erasable_from <= ?"
            " ORDER BY erasable_from, client_id LIMIT ?",
            self._cabinet_id,
            today,
            limit,
        )
        return [str(row["client_id"]) for row in rows]

    async def dossiers_closed_by(self, cutoff: str, limit: int) -> list[DossierTerm]:
        """Closed (or archived) dossiers whose closing date is `cutoff` or earlier (dossiers_by_closed)."""
        rows = await self._db.all(
            "SELECT id, reference, status, closed_on FROM dossiers WHERE cabinet_id = ? AND closed_on IS NOT NULL"
            " AND closed_on <= ? AND status IN ('clos', 'archive') ORDER BY closed_on, id LIMIT ?",
            self._cabinet_id,
            cutoff,
            limit,
        )
        return [DossierTerm(str(r["id"]), str(r["reference"]), str(r["status"]), r["closed_on"]) for r in rows]

    async def blob_keys(self, dossier_ids: Sequence[str]) -> list[str]:
        """Every stored version of every document of these dossiers: what to delete once the rows are gone."""
        keys: list[str] = []
        for part in chunks(dossier_ids):
            rows = await self._db.all(
                "SELECT v.blob_key FROM documents d JOIN document_versions v ON v.cabinet_id = d.cabinet_id AND"
                f" v.document_id = d.id WHERE d.cabinet_id = ? AND d.dossier_id IN ({marks(part)}) ORDER BY v.blob_key",
                self._cabinet_id,
                *part,
            )
            keys += [str(row["blob_key"]) for row in rows]
        return keys

    async def document_ids_among(self, document_ids: Sequence[str]) -> set[str]:
        """Those of these ids that still name a document row (soft-deleted ones included)."""
        found: set[str] = set()
        for part in chunks(document_ids):
            rows = await self._db.all(
                f"SELECT id FROM documents WHERE cabinet_id = ? AND id IN ({marks(part)})", self._cabinet_id, *part
            )
            found |= {str(row["id"]) for row in rows}
        return found


def _pairs(pairs: list[tuple[str, str]], size: int = PAIRS_PER_STATEMENT) -> list[list[tuple[str, str]]]:
    return [pairs[start : start + size] for start in range(0, len(pairs), size)]
