"""A cabinet's transcriptions and their transcript versions (migration 0012). Reads join the live document (its
dossier and title as they are now) and see only what the actor may see (the document's dossier through
d1/dossier_access); writes are statements the service commits with its audit row.

Every change of state is guarded by the row's `row_version` (`UPDATE … WHERE row_version = ?`, which bumps it): a
job delivered twice, or an edit racing a retry, changes the row once; the writes that go with a change are
conditioned on `at_version` (the row at the version that change produced).
"""

from __future__ import annotations

import json

from d1.database import Database, Row, SqlValue, Statement
from d1.dossier_access import visible_dossier_id
from domain.actors import Actor
from domain.transcriptions import (
    Transcription,
    TranscriptionStatus,
    TranscriptVersion,
    VersionSource,
    segments_json,
    segments_of_json,
)
from domain.transcripts import Transcript

MAX_LISTED = 200  # a dossier's recordings listed at once (newest first)
MAX_POSITIONS = 50  # waiting recordings whose position is pushed when the queue moves

_WAITING = TranscriptionStatus.WAITING.value
_POSITION = (
    f"CASE WHEN t.status = '{_WAITING}' THEN (SELECT COUNT(*) FROM transcriptions w JOIN documents wd"
    " ON wd.cabinet_id = w.cabinet_id AND wd.id = w.document_id AND wd.deleted_at IS NULL"
    f" WHERE w.cabinet_id = t.cabinet_id AND w.status = '{_WAITING}'"
    " AND (w.queued_at < t.queued_at OR (w.queued_at = t.queued_at AND w.id <= t.id))) END AS position"
)
_COLUMNS = (
    "t.id, t.cabinet_id, t.document_id, t.document_version, t.sha256, t.content_type, t.status, t.progress, t.error,"
    " t.attempts, t.language, t.duration_s, t.model, t.warnings_json, t.current_version, t.received_at, t.queued_at,"
    f" t.created_at, t.updated_at, t.row_version, d.dossier_id, d.title, {_POSITION}"
)
_FROM = (
    "FROM transcriptions t JOIN documents d ON d.cabinet_id = t.cabinet_id AND d.id = t.document_id"
    " AND d.deleted_at IS NULL"
)


class Transcriptions:
    def __init__(self, db: Database, cabinet_id: str) -> None:
        self._db = db
        self._cabinet_id = cabinet_id

    # --- reads

    async def get(self, actor: Actor, transcription_id: str) -> Transcription | None:
        seen = visible_dossier_id(actor, self._cabinet_id, "d.dossier_id")
        row = await self._db.first(
            f"SELECT {_COLUMNS} {_FROM} WHERE t.cabinet_id = ? AND t.id = ? AND {seen.sql}",
            self._cabinet_id,
            transcription_id,
            *seen.params,
        )
        return _transcription(row) if row else None

    async def of_document(self, document_id: str, version: int) -> Transcription | None:
        """The transcription of one document version (the caller has checked the document)."""
        row = await self._db.first(
            f"SELECT {_COLUMNS} {_FROM} WHERE t.cabinet_id = ? AND t.document_id = ? AND t.document_version = ?",
            self._cabinet_id,
            document_id,
            version,
        )
        return _transcription(row) if row else None

    async def of_dossier(self, actor: Actor, dossier_id: str) -> list[Transcription]:
        """The dossier's transcriptions the actor may see, newest first."""
        seen = visible_dossier_id(actor, self._cabinet_id, "d.dossier_id")
        rows = await self._db.all(
            f"SELECT {_COLUMNS} {_FROM} WHERE t.cabinet_id = ? AND d.dossier_id = ? AND {seen.sql}"
            " ORDER BY t.created_at DESC, t.id DESC LIMIT ?",
            self._cabinet_id,
            dossier_id,
            *seen.params,
            MAX_LISTED,
        )
        return [_transcription(row) for row in rows]

    async def waiting(self, limit: int = MAX_POSITIONS) -> list[Transcription]:
        """The cabinet's waiting transcriptions, the next first (with their positions)."""
        rows = await self._db.all(
            f"SELECT {_COLUMNS} {_FROM} WHERE t.cabinet_id = ? AND t.status = ? ORDER BY t.queued_at, t.id LIMIT ?",
            self._cabinet_id,
            _WAITING,
            limit,
        )
        return [_transcription(row) for row in rows]

    async def stalled(self, before: str, limit: int = MAX_POSITIONS) -> list[Transcription]:
        """Waiting or running transcriptions untouched since `before` (of documents still there): a job lost before
        the queue, or a run that died; the oldest first."""
        rows = await self._db.all(
            f"SELECT {_COLUMNS} {_FROM} WHERE t.cabinet_id = ? AND t.status IN (?, ?) AND t.updated_at < ?"
            " ORDER BY t.updated_at LIMIT ?",
            self._cabinet_id,
            _WAITING,
            TranscriptionStatus.RUNNING.value,
            before,
            limit,
        )
        return [_transcription(row) for row in rows]

    async def done_with_sha256(self, sha256: str) -> Transcription | None:
        """A finished transcription of the same bytes in this cabinet (the cache: never transcribe a file twice)."""
        row = await self._db.first(
            f"SELECT {_COLUMNS} FROM transcriptions t LEFT JOIN documents d ON d.cabinet_id = t.cabinet_id"
            " AND d.id = t.document_id WHERE t.cabinet_id = ? AND t.sha256 = ? AND t.status = ?"
            " ORDER BY t.updated_at LIMIT 1",
            self._cabinet_id,
            sha256,
            TranscriptionStatus.DONE.value,
        )
        return _transcription(row) if row else None

    async def versions(self, transcription_id: str) -> list[TranscriptVersion]:
        """Every version, newest first (the caller has checked the actor may see the transcription)."""
        rows = await self._db.all(
            "SELECT version, source, author, created_at, segments_json FROM transcript_versions WHERE cabinet_id = ?"
            " AND transcription_id = ? ORDER BY version DESC",
            self._cabinet_id,
            transcription_id,
        )
        return [_version(row) for row in rows]

    async def version(self, transcription_id: str, version: int) -> TranscriptVersion | None:
        row = await self._db.first(
            "SELECT version, source, author, created_at, segments_json FROM transcript_versions WHERE cabinet_id = ?"
            " AND transcription_id = ? AND version = ?",
            self._cabinet_id,
            transcription_id,
            version,
        )
        return _version(row) if row else None

    # --- writes

    def insert(self, transcription: Transcription) -> Statement:
        """The row, unless this document version already has one (a job run twice creates one)."""
        t = transcription
        if t.cabinet_id != self._cabinet_id:
            raise ValueError("a transcription belongs to the cabinet the repository is bound to")
        return Statement(
            "INSERT INTO transcriptions (id, cabinet_id, document_id, document_version, sha256, content_type, status,"
            " received_at, queued_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (cabinet_id, document_id, document_version) DO NOTHING",
            (t.id, t.cabinet_id, t.document_id, t.document_version, t.sha256, t.content_type, t.status.value,
             t.received_at, t.queued_at, t.created_at, t.updated_at),
        )  # fmt: skip

    def exists(self, transcription_id: str) -> Statement:
        return Statement(
            "SELECT 1 FROM transcriptions WHERE cabinet_id = ? AND id = ?", (self._cabinet_id, transcription_id)
        )

    def at_version(self, transcription_id: str, row_version: int) -> Statement:
        """A SELECT finding the row at `row_version`: the condition of the writes that go with a change."""
        return Statement(
            "SELECT 1 FROM transcriptions WHERE cabinet_id = ? AND id = ? AND row_version = ?",
            (self._cabinet_id, transcription_id, row_version),
        )

    def _change(self, t: Transcription, row_version: int, assignments: str, *values: SqlValue) -> Statement:
        return Statement(
            f"UPDATE transcriptions SET {assignments}, updated_at = ?, row_version = row_version + 1"
            " WHERE cabinet_id = ? AND id = ? AND row_version = ?",
            (*values, t.updated_at, self._cabinet_id, t.id, row_version),
        )

    def start(self, t: Transcription, row_version: int) -> Statement:
        """`en_cours`, its attempt counted (t carries the new attempts count)."""
        return self._change(t, row_version, "status = ?, attempts = ?, progress = 0", t.status.value, t.attempts)

    async def record_progress(self, transcription_id: str, row_version: int, progress: int, now: str) -> bool:
        """Progress of the run that holds `row_version`, written at once and not audited: it is not a change of
        state (the row version stays), and a run reports it a few times. False when another run holds the row."""
        result = await self._db.run(
            "UPDATE transcriptions SET progress = ?, updated_at = ? WHERE cabinet_id = ? AND id = ?"
            " AND row_version = ?",
            progress,
            now,
            self._cabinet_id,
            transcription_id,
            row_version,
        )
        return result.changes > 0

    def finish(self, t: Transcription, row_version: int, transcript: Transcript) -> Statement:
        """`terminee` with what the model heard; version 1 is its transcript (`add_version`)."""
        return self._change(
            t, row_version,
            "status = ?, progress = 100, error = NULL, language = ?, duration_s = ?, model = ?, warnings_json = ?,"
            " current_version = ?",
            TranscriptionStatus.DONE.value, transcript.language, round(transcript.duration_s, 2), transcript.model,
            json.dumps(list(transcript.warnings), ensure_ascii=False), t.current_version,
        )  # fmt: skip

    def touch(self, t: Transcription, row_version: int) -> Statement:
        """Its job sent again: `updated_at` (t's) moves, so the sweep leaves it be for a while."""
        return self._change(t, row_version, "progress = ?", t.progress)

    def set_state(self, t: Transcription, row_version: int) -> Statement:
        """A state without a transcript: waiting again (with why), failed (with why), or queued anew."""
        return self._change(
            t, row_version, "status = ?, error = ?, attempts = ?, progress = ?, queued_at = ?",
            t.status.value, t.error, t.attempts, t.progress, t.queued_at,
        )  # fmt: skip

    def add_version(self, transcription_id: str, version: TranscriptVersion, only_if: Statement) -> Statement:
        """A transcript version, written only when `only_if` finds a row; its primary key refuses a number another
        edit took first."""
        return Statement(
            "INSERT INTO transcript_versions (cabinet_id, transcription_id, version, source, author, created_at,"
            f" segments_json) SELECT ?, ?, ?, ?, ?, ?, ? WHERE EXISTS ({only_if.sql})",
            (self._cabinet_id, transcription_id, version.version, version.source.value, version.author,
             version.created_at, segments_json(version.segments), *only_if.params),
        )  # fmt: skip

    def set_current_version(self, t: Transcription, row_version: int) -> Statement:
        return self._change(t, row_version, "current_version = ?", t.current_version)


def _transcription(row: Row) -> Transcription:
    duration = row["duration_s"]
    position = row["position"]
    return Transcription(
        id=str(row["id"]),
        cabinet_id=str(row["cabinet_id"]),
        document_id=str(row["document_id"]),
        document_version=int(row["document_version"]),
        sha256=str(row["sha256"]),
        content_type=str(row["content_type"]),
        status=TranscriptionStatus(row["status"]),
        received_at=str(row["received_at"]),
        queued_at=str(row["queued_at"]),
        created_at=str(row["created_at"]),
        updated_at=str(row["updated_at"]),
        progress=int(row["progress"]),
        error=None if row["error"] is None else str(row["error"]),
        attempts=int(row["attempts"]),
        language=None if row["language"] is None else str(row["language"]),
        duration_s=None if duration is None else float(duration),
        model=str(row["model"]),
        warnings=tuple(str(w) for w in json.loads(str(row["warnings_json"]))),
        current_version=int(row["current_version"]),
        row_version=int(row["row_version"]),
        dossier_id=None if row["dossier_id"] is None else str(row["dossier_id"]),
        title=str(row["title"] or ""),
        position=None if position is None else int(position),
    )


def _version(row: Row) -> TranscriptVersion:
    return TranscriptVersion(
        version=int(row["version"]),
        source=VersionSource(row["source"]),
        author=None if row["author"] is None else str(row["author"]),
        created_at=str(row["created_at"]),
        segments=segments_of_json(str(row["segments_json"])),
    )
