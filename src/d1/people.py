"""A cabinet's people: who they are, their role, and their credentials (a password hash, a second factor)."""

from __future__ import annotations

from dataclasses import dataclass

from d1.database import Database, Row, Statement
from domain.actors import Role
from domain.people import Person

COLUMNS = "id, cabinet_id, email, name, role, active, totp_secret IS NOT NULL AS totp_enabled, created_at"
_INSERT = "INSERT INTO people (id, cabinet_id, email, name, role, active, password_hash, created_at, updated_at)"


@dataclass(frozen=True)
class Credentials:
    password_hash: str
    totp_secret: str | None
    totp_pending_secret: str | None
    totp_last_step: int | None


class People:
    def __init__(self, db: Database, cabinet_id: str) -> None:
        self._db = db
        self._cabinet_id = cabinet_id

    async def get(self, person_id: str) -> Person | None:
        row = await self._db.first(
            f"SELECT {COLUMNS} FROM people WHERE cabinet_id = ? AND id = ?", self._cabinet_id, person_id
        )
        return person_of(row) if row else None

    async def names(self, person_ids: list[str]) -> dict[str, str]:
        """The names of those of the ids that are people of the cabinet (active or not), in one query per 90 ids
        (D1 binds at most 100 parameters): how a page names its authors without a query per row."""
        unique = sorted(set(person_ids))
        names: dict[str, str] = {}
        for start in range(0, len(unique), 90):
            chunk = unique[start : start + 90]
            rows = await self._db.all(
                f"SELECT id, name FROM people WHERE cabinet_id = ? AND id IN ({', '.join('?' * len(chunk))})",
                self._cabinet_id,
                *chunk,
            )
            names.update((str(row["id"]), str(row["name"])) for row in rows)
        return names

    async def by_email(self, email: str) -> Person | None:
        row = await self._db.first(
            f"SELECT {COLUMNS} FROM people WHERE cabinet_id = ? AND email = ?", self._cabinet_id, email
        )
        return person_of(row) if row else None

    async def listed(self, *, with_inactive: bool) -> list[Person]:
        """The cabinet's people by name; without `with_inactive`, only those still active."""
        rows = await self._db.all(
            f"SELECT {COLUMNS} FROM people WHERE cabinet_id = ? AND (active = 1 OR ?) ORDER BY name, id",
            self._cabinet_id,
            1 if with_inactive else 0,
        )
        return [person_of(row) for row in rows]

    async def count_active_with_role(self, role: Role) -> int:
        row = await self._db.first(
            "SELECT count(*) AS n FROM people WHERE cabinet_id = ? AND role = ? AND active = 1",
            self._cabinet_id,
            role.value,
        )
        return int(row["n"]) if row else 0

    async def credentials(self, person_id: str) -> Credentials | None:
        row = await self._db.first(
            "SELECT password_hash, totp_secret, totp_pending_secret, totp_last_step FROM people"
            " WHERE cabinet_id = ? AND id = ?",
            self._cabinet_id,
            person_id,
        )
        if row is None:
            return None
        step = row["totp_last_step"]
        return Credentials(
            password_hash=str(row["password_hash"]),
            totp_secret=row["totp_secret"],
            totp_pending_secret=row["totp_pending_secret"],
            totp_last_step=int(step) if step is not None else None,
        )

    def insert(self, person: Person, password_hash: str) -> Statement:
        """Refused by the database (ConstraintViolation) when the email already has an account."""
        return Statement(f"{_INSERT} VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", self._values(person, password_hash))

    def insert_if(self, person: Person, password_hash: str, condition: Statement) -> Statement:
        """The insert, made only when `condition` (a SELECT) finds a row: an invitation still open, for instance."""
        return Statement(
            f"{_INSERT} SELECT ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE EXISTS ({condition.sql})",
            (*self._values(person, password_hash), *condition.params),
        )

    def _values(self, person: Person, password_hash: str) -> tuple[str | int, ...]:
        if person.cabinet_id != self._cabinet_id:
            raise ValueError("a person belongs to the cabinet the repository is bound to")
        return (
            person.id,
            person.cabinet_id,
            person.email,
            person.name,
            person.role.value,
            1 if person.active else 0,
            password_hash,
            person.created_at,
            person.created_at,
        )

    def set_role(self, person_id: str, role: Role, now: str) -> Statement:
        return self._update(person_id, now, "role = ?", role.value)

    def set_active(self, person_id: str, active: bool, now: str) -> Statement:
        return self._update(person_id, now, "active = ?", 1 if active else 0)

    def set_password(self, person_id: str, password_hash: str, now: str) -> Statement:
        return self._update(person_id, now, "password_hash = ?", password_hash)

    def set_pending_totp(self, person_id: str, secret: str, now: str) -> Statement:
        return self._update(person_id, now, "totp_pending_secret = ?", secret)

    def confirm_totp(self, person_id: str, secret: str, step: int, now: str) -> Statement:
        """The pending secret becomes the second factor, if it is still the one the code was checked against."""
        return Statement(
            "UPDATE people SET totp_secret = totp_pending_secret, totp_pending_secret = NULL, totp_last_step = ?,"
            " updated_at = ? WHERE cabinet_id = ? AND id = ? AND totp_pending_secret = ?",
            (step, now, self._cabinet_id, person_id, secret),
        )

    def disable_totp(self, person_id: str, now: str) -> Statement:
        return Statement(
            "UPDATE people SET totp_secret = NULL, totp_pending_secret = NULL, totp_last_step = NULL, updated_at = ?"
            " WHERE cabinet_id = ? AND id = ?",
            (now, self._cabinet_id, person_id),
        )

    def use_totp_step(self, person_id: str, step: int) -> Statement:
        """Changes one row only for a step later than the last used: a code is accepted once, even in a race."""
        return Statement(
            "UPDATE people SET totp_last_step = ? WHERE cabinet_id = ? AND id = ?"
            " AND (totp_last_step IS NULL OR totp_last_step < ?)",
            (step, self._cabinet_id, person_id, step),
        )

    def totp_step_is(self, person_id: str, step: int) -> Statement:
        """A SELECT that finds the person once `use_totp_step` recorded this step."""
        return Statement(
            "SELECT 1 FROM people WHERE cabinet_id = ? AND id = ? AND totp_last_step = ?",
            (self._cabinet_id, person_id, step),
        )

    def replace_recovery_codes(self, person_id: str, digests: list[str]) -> list[Statement]:
        statements = [
            Statement(
                "DELETE FROM recovery_codes WHERE cabinet_id = ? AND person_id = ?", (self._cabinet_id, person_id)
            )
        ]
        statements += [
            Statement(
                "INSERT INTO recovery_codes (cabinet_id, person_id, digest) VALUES (?, ?, ?)",
                (self._cabinet_id, person_id, digest),
            )
            for digest in digests
        ]
        return statements

    def use_recovery_code(self, person_id: str, digest: str, now: str) -> Statement:
        """Changes one row only while the code is unused."""
        return Statement(
            "UPDATE recovery_codes SET used_at = ? WHERE cabinet_id = ? AND person_id = ? AND digest = ?"
            " AND used_at IS NULL",
            (now, self._cabinet_id, person_id, digest),
        )

    def recovery_code_used_at(self, person_id: str, digest: str, now: str) -> Statement:
        """A SELECT that finds a row once `use_recovery_code` succeeded at `now`."""
        return Statement(
            "SELECT 1 FROM recovery_codes WHERE cabinet_id = ? AND person_id = ? AND digest = ? AND used_at = ?",
            (self._cabinet_id, person_id, digest, now),
        )

    async def recovery_codes_left(self, person_id: str) -> int:
        row = await self._db.first(
            "SELECT count(*) AS n FROM recovery_codes WHERE cabinet_id = ? AND person_id = ? AND used_at IS NULL",
            self._cabinet_id,
            person_id,
        )
        return int(row["n"]) if row else 0

    def _update(self, person_id: str, now: str, assignment: str, value: str | int) -> Statement:
        return Statement(
            f"UPDATE people SET {assignment}, updated_at = ? WHERE cabinet_id = ? AND id = ?",
            (value, now, self._cabinet_id, person_id),
        )


def person_of(row: Row) -> Person:
    return Person(
        id=str(row["id"]),
        cabinet_id=str(row["cabinet_id"]),
        email=str(row["email"]),
        name=str(row["name"]),
        role=Role(str(row["role"])),
        active=bool(row["active"]),
        totp_enabled=bool(row["totp_enabled"]),
        created_at=str(row["created_at"]),
    )
