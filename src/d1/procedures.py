"""A cabinet's own procedure chains and the chains applied to its dossiers (runs, with their anchors)
(migrations/0008_echeances.sql). The shipped chains are code (domain/procedures.py), never rows."""

from __future__ import annotations

import json
from dataclasses import dataclass

from d1.database import Database, Row, Statement
from domain.echeances import as_json
from domain.procedures import Procedure, step_of


@dataclass(frozen=True)
class ProcedureRun:
    id: str
    dossier_id: str
    procedure: Procedure  # as it was when applied
    anchors: dict[str, str]  # event -> AAAA-MM-JJ
    anchor_hearings: dict[str, str]  # event -> the hearing it follows
    version: int
    created_by: str
    created_at: str
    updated_at: str


def _procedure_json(procedure: Procedure) -> str:
    return as_json({"id": procedure.id, "name": procedure.name, "description": procedure.description,
                    "steps": [step.as_dict() for step in procedure.steps], "builtin": procedure.builtin,
                    "based_on": procedure.based_on, "filed_on_default": procedure.filed_on_default})  # fmt: skip


def _procedure_of_json(raw: str, version: int = 1) -> Procedure:
    data = json.loads(raw)
    return Procedure(str(data["id"]), str(data["name"]), str(data.get("description", "")),
                     tuple(step_of(step) for step in data["steps"]), bool(data.get("builtin", False)),
                     data.get("based_on"), data.get("filed_on_default"), version)  # fmt: skip


def _procedure_of(row: Row) -> Procedure:
    steps = tuple(step_of(step) for step in json.loads(str(row["steps_json"])))
    based_on = None if row["based_on"] is None else str(row["based_on"])
    return Procedure(str(row["id"]), str(row["name"]), str(row["description"]), steps, False, based_on, None,
                     int(str(row["version"])))  # fmt: skip


def _run_of(row: Row) -> ProcedureRun:
    return ProcedureRun(str(row["id"]), str(row["dossier_id"]), _procedure_of_json(str(row["procedure_json"])),
                        json.loads(str(row["anchors_json"])), json.loads(str(row["anchor_hearings_json"])),
                        int(str(row["version"])), str(row["created_by"]), str(row["created_at"]),
                        str(row["updated_at"]))  # fmt: skip


RUN_COLUMNS = (
    "id, dossier_id, procedure_json, anchors_json, anchor_hearings_json, version, created_by, created_at, updated_at"
)


class Procedures:
    def __init__(self, db: Database, cabinet_id: str) -> None:
        self._db = db
        self._cabinet_id = cabinet_id

    async def all(self) -> list[Procedure]:
        rows = await self._db.all(
            "SELECT id, name, description, steps_json, based_on, version FROM procedures WHERE cabinet_id = ?"
            " ORDER BY name, id LIMIT 500",
            self._cabinet_id,
        )
        return [_procedure_of(row) for row in rows]

    async def get(self, procedure_id: str) -> Procedure | None:
        row = await self._db.first(
            "SELECT id, name, description, steps_json, based_on, version FROM procedures WHERE cabinet_id = ?"
            " AND id = ?",
            self._cabinet_id,
            procedure_id,
        )
        return _procedure_of(row) if row else None

    def insert(self, procedure: Procedure, created_by: str, now: str) -> Statement:
        steps = as_json([step.as_dict() for step in procedure.steps])
        return Statement(
            "INSERT INTO procedures (id, cabinet_id, name, description, steps_json, based_on, version, created_by,"
            " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, ?)",
            (procedure.id, self._cabinet_id, procedure.name, procedure.description, steps, procedure.based_on,
             created_by, now, now),
        )  # fmt: skip

    def update(self, procedure: Procedure, now: str) -> Statement:
        steps = as_json([step.as_dict() for step in procedure.steps])
        return Statement(
            "UPDATE procedures SET name = ?, description = ?, steps_json = ?, based_on = ?, version = version + 1,"
            " updated_at = ? WHERE cabinet_id = ? AND id = ?",
            (procedure.name, procedure.description, steps, procedure.based_on, now, self._cabinet_id, procedure.id),
        )

    def delete(self, procedure_id: str) -> Statement:
        return Statement("DELETE FROM procedures WHERE cabinet_id = ? AND id = ?", (self._cabinet_id, procedure_id))

    async def run(self, run_id: str) -> ProcedureRun | None:
        row = await self._db.first(
            f"SELECT {RUN_COLUMNS} FROM procedure_runs WHERE cabinet_id = ? AND id = ?", self._cabinet_id, run_id
        )
        return _run_of(row) if row else None

    async def runs_of_dossier(self, dossier_id: str) -> list[ProcedureRun]:
        rows = await self._db.all(
            f"SELECT {RUN_COLUMNS} FROM procedure_runs WHERE cabinet_id = ? AND dossier_id = ? ORDER BY created_at,"
            " id LIMIT 200",
            self._cabinet_id,
            dossier_id,
        )
        return [_run_of(row) for row in rows]

    def insert_run(self, run: ProcedureRun) -> Statement:
        return Statement(
            f"INSERT INTO procedure_runs (cabinet_id, procedure_id, {RUN_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?,"
            " ?, ?)",
            (self._cabinet_id, run.procedure.id, run.id, run.dossier_id, _procedure_json(run.procedure),
             as_json(run.anchors), as_json(run.anchor_hearings), run.version, run.created_by, run.created_at,
             run.updated_at),
        )  # fmt: skip

    def update_run(self, run: ProcedureRun, expected_version: int) -> Statement:
        """The run's anchors (its version raised by the caller), only if no one changed them first."""
        return Statement(
            "UPDATE procedure_runs SET anchors_json = ?, anchor_hearings_json = ?, version = ?, updated_at = ?"
            " WHERE cabinet_id = ? AND id = ? AND version = ?",
            (as_json(run.anchors), as_json(run.anchor_hearings), run.version, run.updated_at, self._cabinet_id,
             run.id, expected_version),
        )  # fmt: skip
