"""The record of conflict-of-interest checks: the subjects checked, the matches found (JSON) and the decision."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from d1.database import Database, Row, Statement
from domain.conflicts import ConflictCheck, ConflictMatch, Subject

COLUMNS = "id, cabinet_id, dossier_id, subjects_json, matches_json, decision, checked_by, checked_at"


class ConflictChecks:
    def __init__(self, db: Database, cabinet_id: str) -> None:
        self._db = db
        self._cabinet_id = cabinet_id

    def record(self, check: ConflictCheck) -> Statement:
        if check.cabinet_id != self._cabinet_id:
            raise ValueError("a check belongs to the cabinet the repository is bound to")
        subjects = [asdict(subject) for subject in check.subjects]
        matches = [asdict(match) for match in check.matches]
        return Statement(
            "INSERT INTO conflict_checks (id, cabinet_id, dossier_id, subjects_json, matches_json, decision,"
            " checked_by, checked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (check.id, self._cabinet_id, check.dossier_id, json.dumps(subjects, ensure_ascii=False),
             json.dumps(matches, ensure_ascii=False), check.decision, check.checked_by, check.checked_at),
        )  # fmt: skip

    async def of_dossier(self, dossier_id: str) -> list[ConflictCheck]:
        rows = await self._db.all(
            f"SELECT {COLUMNS} FROM conflict_checks WHERE cabinet_id = ? AND dossier_id = ? ORDER BY checked_at, id",
            self._cabinet_id,
            dossier_id,
        )
        return [check_of(row) for row in rows]


def check_of(row: Row) -> ConflictCheck:
    subjects: list[dict[str, Any]] = json.loads(str(row["subjects_json"]))
    matches: list[dict[str, Any]] = json.loads(str(row["matches_json"]))
    return ConflictCheck(
        id=str(row["id"]),
        cabinet_id=str(row["cabinet_id"]),
        dossier_id=row["dossier_id"],
        subjects=tuple(Subject(**subject) for subject in subjects),
        matches=tuple(ConflictMatch(**match) for match in matches),
        checked_by=str(row["checked_by"]),
        checked_at=str(row["checked_at"]),
    )
