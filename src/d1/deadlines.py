"""A cabinet's deadlines and their history (migrations/0008_echeances.sql), read with their dossier's reference and
title and filtered in SQL by what the actor may see (d1/dossier_access.py).

Writes are guarded by the row's version: `update` changes nothing when someone else changed the row first (the
caller reads `changes` and answers 409).
"""

from __future__ import annotations

import json
from typing import Any

from d1.database import Database, Row, SqlValue, Statement
from d1.dossier_access import visible_dossiers
from domain.actors import Actor
from domain.echeances import Deadline, DeadlineStatus, DeadlineView, DossierRef, HistoryEntry, Source, as_json
from domain.pages import CursorKey

COLUMNS = (
    "dl.id, dl.cabinet_id, dl.dossier_id, dl.title, dl.kind, dl.delay, dl.trigger_date, dl.trigger_act,"
    " dl.request_json, dl.result_json, dl.engine_version, dl.computed_due_date, dl.manual_due_date,"
    " dl.manual_reason, dl.due_date, dl.alert_date, dl.next_alert_on, dl.responsible_id, dl.status, dl.source,"
    " dl.source_id, dl.quote, dl.chain_run_id, dl.chain_step, dl.version, dl.created_by, dl.created_at, dl.updated_at"
)
VIEW = (
    f"SELECT {COLUMNS}, d.reference AS dossier_reference, d.title AS dossier_title, d.responsible_id AS"
    " dossier_responsible_id, (SELECT p.name FROM people p WHERE p.cabinet_id = dl.cabinet_id AND"
    " p.id = dl.responsible_id) AS responsible_name FROM deadlines dl JOIN dossiers d ON d.cabinet_id = dl.cabinet_id"
    " AND d.id = dl.dossier_id"
)
# Rows waiting for their chain's event have no due date: last, after every dated one.
DUE_KEY = "COALESCE(dl.due_date, '~')"


def _text(row: Row, name: str) -> str | None:
    value = row[name]
    return None if value is None else str(value)


def deadline_of(row: Row) -> Deadline:
    result = _text(row, "result_json")
    return Deadline(
        id=str(row["id"]), cabinet_id=str(row["cabinet_id"]), dossier_id=str(row["dossier_id"]),
        title=str(row["title"]), kind=str(row["kind"]), delay=str(row["delay"]),
        trigger_date=_text(row, "trigger_date"), trigger_act=str(row["trigger_act"]),
        request=json.loads(str(row["request_json"])), result=json.loads(result) if result else None,
        engine_version=str(row["engine_version"]), computed_due_date=_text(row, "computed_due_date"),
        manual_due_date=_text(row, "manual_due_date"), manual_reason=str(row["manual_reason"]),
        due_date=_text(row, "due_date"), alert_date=_text(row, "alert_date"),
        next_alert_on=_text(row, "next_alert_on"), responsible_id=_text(row, "responsible_id"),
        status=DeadlineStatus(str(row["status"])), source=Source(str(row["source"])),
        source_id=_text(row, "source_id"), quote=str(row["quote"]), chain_run_id=_text(row, "chain_run_id"),
        chain_step=_text(row, "chain_step"), version=int(str(row["version"])), created_by=str(row["created_by"]),
        created_at=str(row["created_at"]), updated_at=str(row["updated_at"]),
    )  # fmt: skip


def view_of(row: Row) -> DeadlineView:
    dossier = DossierRef(str(row["dossier_id"]), str(row["dossier_reference"]), str(row["dossier_title"]),
                         _text(row, "dossier_responsible_id"))  # fmt: skip
    return DeadlineView(deadline_of(row), dossier, _text(row, "responsible_name"))


def _history_of(row: Row) -> HistoryEntry:
    before, after = _text(row, "before_json"), _text(row, "after_json")
    return HistoryEntry(str(row["id"]), str(row["deadline_id"]), str(row["at"]), str(row["actor"]),
                        str(row["change"]), str(row["reason"]), json.loads(before) if before else None,
                        json.loads(after) if after else None)  # fmt: skip


def _values(d: Deadline) -> tuple[SqlValue, ...]:
    return (d.title, d.kind, d.delay, d.trigger_date, d.trigger_act, as_json(d.request),
            None if d.result is None else as_json(d.result), d.engine_version, d.computed_due_date,
            d.manual_due_date, d.manual_reason, d.due_date, d.alert_date, d.next_alert_on, d.responsible_id,
            d.status.value)  # fmt: skip


class Deadlines:
    def __init__(self, db: Database, cabinet_id: str) -> None:
        self._db = db
        self._cabinet_id = cabinet_id

    async def get(self, actor: Actor, deadline_id: str) -> DeadlineView | None:
        seen = visible_dossiers(actor, self._cabinet_id)
        row = await self._db.first(
            f"{VIEW} WHERE dl.cabinet_id = ? AND dl.id = ? AND {seen.sql}", self._cabinet_id, deadline_id, *seen.params
        )
        return view_of(row) if row else None

    async def page(
        self, actor: Actor, *, filters: dict[str, str | None], statuses: tuple[str, ...], limit: int,
        after: CursorKey | None,
    ) -> list[DeadlineView]:  # fmt: skip
        """`limit + 1` deadlines the actor may see, by due date (so overdue first), undated last. Filters:
        responsible_id, dossier_id, from, to (due date range)."""
        seen = visible_dossiers(actor, self._cabinet_id)
        where, values = _filters(filters)
        marks = ", ".join("?" for _ in statuses)
        keyset, keys = ("", ()) if after is None else (
            f" AND ({DUE_KEY} > ? OR ({DUE_KEY} = ? AND dl.id > ?))", (after[0], after[0], after[1]))  # fmt: skip
        rows = await self._db.all(
            f"{VIEW} WHERE dl.cabinet_id = ? AND dl.status IN ({marks}){where}{keyset} AND {seen.sql}"
            f" ORDER BY {DUE_KEY}, dl.id LIMIT ?",
            self._cabinet_id, *statuses, *values, *keys, *seen.params, limit + 1,
        )  # fmt: skip
        return [view_of(row) for row in rows]

    async def suggestions(self, actor: Actor, limit: int) -> list[DeadlineView]:
        """Suggestions awaiting a lawyer, newest first."""
        seen = visible_dossiers(actor, self._cabinet_id)
        rows = await self._db.all(
            f"{VIEW} WHERE dl.cabinet_id = ? AND dl.status = 'suggere' AND {seen.sql}"
            " ORDER BY dl.created_at DESC, dl.id DESC LIMIT ?",
            self._cabinet_id, *seen.params, limit,
        )  # fmt: skip
        return [view_of(row) for row in rows]

    async def of_run(self, run_id: str) -> list[Deadline]:
        """A chain run's steps (whoever may see its dossier was checked by the caller)."""
        rows = await self._db.all(
            f"SELECT {COLUMNS} FROM deadlines dl WHERE dl.cabinet_id = ? AND dl.chain_run_id = ? ORDER BY dl.id",
            self._cabinet_id,
            run_id,
        )
        return [deadline_of(row) for row in rows]

    async def due_between(self, first: str, last: str) -> list[Deadline]:
        """Deadlines still counting (to do, or suggested) due from `first` to `last`: those a court closure in
        between may move."""
        rows = await self._db.all(
            f"SELECT {COLUMNS} FROM deadlines dl WHERE dl.cabinet_id = ? AND dl.status IN ('a_faire', 'suggere')"
            " AND dl.due_date >= ? AND dl.due_date <= ? ORDER BY dl.due_date, dl.id LIMIT 5000",
            self._cabinet_id, first, last,
        )  # fmt: skip
        return [deadline_of(row) for row in rows]

    async def outdated(self, engine_version: str, limit: int) -> list[Deadline]:
        """Deadlines still counting, with a trigger, computed by another version of the engine (a rule changed).
        Four index ranges (each counting status, each side of the current version), so a morning with nothing
        outdated reads no row."""
        ranges = " UNION ALL ".join(
            f"SELECT {COLUMNS} FROM deadlines dl WHERE dl.cabinet_id = ? AND dl.status = ? AND dl.engine_version {op} ?"
            " AND dl.trigger_date IS NOT NULL"
            for _status in ("a_faire", "suggere")
            for op in ("<", ">")
        )
        params = [value for status in ("a_faire", "suggere") for _op in ("<", ">")
                  for value in (self._cabinet_id, status, engine_version)]  # fmt: skip
        rows = await self._db.all(f"SELECT * FROM ({ranges}) ORDER BY due_date, id LIMIT ?", *params, limit)
        return [deadline_of(row) for row in rows]

    async def of_source(self, source_id: str) -> list[Deadline]:
        """What was suggested from one mail or dictation (a job that runs twice suggests once)."""
        rows = await self._db.all(
            f"SELECT {COLUMNS} FROM deadlines dl WHERE dl.cabinet_id = ? AND dl.source_id = ? ORDER BY dl.id",
            self._cabinet_id,
            source_id,
        )
        return [deadline_of(row) for row in rows]

    async def history(self, deadline_id: str) -> list[HistoryEntry]:
        rows = await self._db.all(
            "SELECT id, deadline_id, at, actor, change, reason, before_json, after_json FROM deadline_history"
            " WHERE cabinet_id = ? AND deadline_id = ? ORDER BY at, id",
            self._cabinet_id,
            deadline_id,
        )
        return [_history_of(row) for row in rows]

    async def dossier(self, actor: Actor, dossier_id: str) -> DossierRef | None:
        """The dossier a deadline or hearing is written in, if the actor may see it."""
        seen = visible_dossiers(actor, self._cabinet_id)
        row = await self._db.first(
            f"SELECT d.id, d.reference, d.title, d.responsible_id FROM dossiers d WHERE d.cabinet_id = ? AND d.id = ?"
            f" AND {seen.sql}",
            self._cabinet_id, dossier_id, *seen.params,
        )  # fmt: skip
        if row is None:
            return None
        return DossierRef(str(row["id"]), str(row["reference"]), str(row["title"]), _text(row, "responsible_id"))

    def insert(self, d: Deadline) -> Statement:
        return Statement(
            "INSERT INTO deadlines (title, kind, delay, trigger_date, trigger_act, request_json, result_json,"
            " engine_version, computed_due_date, manual_due_date, manual_reason, due_date, alert_date, next_alert_on,"
            " responsible_id, status, id, cabinet_id, dossier_id, source, source_id, quote, chain_run_id, chain_step,"
            " version, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
            " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (*_values(d), d.id, self._cabinet_id, d.dossier_id, d.source.value, d.source_id, d.quote, d.chain_run_id,
             d.chain_step, d.version, d.created_by, d.created_at, d.updated_at),
        )  # fmt: skip

    def update(self, d: Deadline, expected_version: int) -> Statement:
        """Writes `d` (whose version the caller raised) only if the row is still at `expected_version`."""
        return Statement(
            "UPDATE deadlines SET title = ?, kind = ?, delay = ?, trigger_date = ?, trigger_act = ?, request_json = ?,"
            " result_json = ?, engine_version = ?, computed_due_date = ?, manual_due_date = ?, manual_reason = ?,"
            " due_date = ?, alert_date = ?, next_alert_on = ?, responsible_id = ?, status = ?, version = ?,"
            " updated_at = ? WHERE cabinet_id = ? AND id = ? AND version = ?",
            (*_values(d), d.version, d.updated_at, self._cabinet_id, d.id, expected_version),
        )

    def at_version(self, deadline_id: str, version: int, updated_at: str) -> Statement:
        """A SELECT finding the deadline as one change left it (a batch's `only_if`: its audit row)."""
        return Statement(
            "SELECT 1 FROM deadlines WHERE cabinet_id = ? AND id = ? AND version = ? AND updated_at = ?",
            (self._cabinet_id, deadline_id, version, updated_at),
        )

    def record(self, entry: HistoryEntry, *, at_version: int | None = None) -> Statement:
        """A history row; with `at_version`, written only while the deadline is still at that version (put before
        the deadline's `update` in the batch: a change that loses a race leaves no history behind)."""
        values = (entry.id, self._cabinet_id, entry.deadline_id, entry.at, entry.actor, entry.change, entry.reason,
                  None if entry.before is None else as_json(entry.before),
                  None if entry.after is None else as_json(entry.after))  # fmt: skip
        insert = (
            "INSERT INTO deadline_history (id, cabinet_id, deadline_id, at, actor, change, reason, before_json,"
            " after_json)"
        )
        if at_version is None:
            return Statement(f"{insert} VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", values)
        return Statement(
            f"{insert} SELECT ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM deadlines WHERE cabinet_id = ?"
            " AND id = ? AND version = ?)",
            (*values, self._cabinet_id, entry.deadline_id, at_version),
        )


def _filters(filters: dict[str, str | None]) -> tuple[str, tuple[Any, ...]]:
    where, values = "", []
    for name, clause in (("responsible_id", " AND dl.responsible_id = ?"), ("dossier_id", " AND dl.dossier_id = ?"),
                         ("from", " AND dl.due_date >= ?"), ("to", " AND dl.due_date <= ?")):  # fmt: skip
        if filters.get(name):
            where += clause
            values.append(filters[name])
    return where, tuple(values)
