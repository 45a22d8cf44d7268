"""Keyset pages shared by every list: the limit's bounds and the opaque cursor.

A cursor is base64url JSON naming the list, its sort and the last row's sort key (ending with its id). It is tied to
its list and sort: a cursor from another list, another sort, or one that was tampered with is refused (422 `curseur`),
never silently read as the first page.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from domain.errors import InvalidInput

DEFAULT_LIMIT = 50
MAX_LIMIT = 100
MAX_CURSOR_CHARS = 1000
MAX_KEY_CHARS = 500
# D1 hands numbers to JavaScript as doubles, and SQLite refuses integers beyond 64 bits (OverflowError, a 500): a
# key number is only ever a row's integer, so anything beyond a double's exact range is a forged cursor.
MAX_KEY_INT = 2**53
CursorKey = list[str | int | None]
T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    next_cursor: str | None


def valid_limit(limit: int) -> int:
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidInput(f"Indiquez une taille de page entre 1 et {MAX_LIMIT}.", field="limit")
    return limit


def encode_cursor(listing: str, sort: str, key: CursorKey) -> str:
    raw = json.dumps({"l": listing, "s": sort, "k": key}, separators=(",", ":"), ensure_ascii=True)
    return base64.urlsafe_b64encode(raw.encode("ascii")).decode("ascii").rstrip("=")


def decode_cursor(cursor: str, listing: str, sort: str, size: int) -> CursorKey:
    """The sort key a cursor carries; 422 `curseur` unless it was made by this list, in this sort."""
    refused = InvalidInput(
        "Curseur invalide pour cette liste ou ce tri : repartez de la première page.", field="cursor", code="curseur"
    )
    if len(cursor) > MAX_CURSOR_CHARS:
        raise refused
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        document = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")).decode("utf-8"))
    except (ValueError, UnicodeError, binascii.Error):
        raise refused from None
    if not isinstance(document, dict) or document.get("l") != listing or document.get("s") != sort:
        raise refused
    key = document.get("k")
    if not isinstance(key, list) or len(key) != size:
        raise refused
    if not all(_valid_key_value(value) for value in key):
        raise refused
    return list(key)


def _valid_key_value(value: object) -> bool:
    if isinstance(value, bool):  # a bool is an int to Python, never a sort key
        return False
    if isinstance(value, int):
        return -MAX_KEY_INT <= value <= MAX_KEY_INT
    return value is None or (isinstance(value, str) and len(value) <= MAX_KEY_CHARS)


def page_of(rows: list[T], limit: int, listing: str, sort: str, key_of: Callable[[T], CursorKey]) -> Page[T]:
    """A page from `limit + 1` rows read: the extra row only says that another page follows."""
    if len(rows) <= limit:
        return Page(rows, None)
    kept = rows[:limit]
    return Page(kept, encode_cursor(listing, sort, key_of(kept[-1])))
