"""Keyset pagination in SQL (no OFFSET): the ORDER BY of a sort on one column and the id, and the condition that
starts a page after the last row of the previous one."""

from __future__ import annotations

from dataclasses import dataclass

from d1.database import SqlValue
from domain.pages import CursorKey


@dataclass(frozen=True)
class KeysetSort:
    column: str  # qualified, e.g. "c.sort_name"
    id_column: str  # e.g. "c.id"
    descending: bool = False


def order_by(sort: KeysetSort) -> str:
    direction = " DESC" if sort.descending else ""
    return f"{sort.column}{direction}, {sort.id_column}{direction}"


def rows_after(sort: KeysetSort, key: CursorKey | None) -> tuple[str, tuple[SqlValue, ...]]:
    """The condition (with its parameters) of rows after `key` ([value, id]); none for a first page."""
    if key is None:
        return "1 = 1", ()
    value, last_id = key
    sign = "<" if sort.descending else ">"
    return f"({sort.column} {sign} ? OR ({sort.column} = ? AND {sort.id_column} {sign} ?))", (value, value, last_id)


def placeholders(count: int) -> str:
    return ", ".join("?" for _ in range(count))
