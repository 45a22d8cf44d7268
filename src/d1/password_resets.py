"""Password reset links (stored as their token's digest), used once before they expire."""

from __future__ import annotations

from d1.database import Database, Statement


class PasswordResets:
    def __init__(self, db: Database, cabinet_id: str) -> None:
        self._db = db
        self._cabinet_id = cabinet_id

    def insert(self, reset_id: str, person_id: str, token_digest: str, *, now: str, expires_at: str) -> Statement:
        return Statement(
            "INSERT INTO password_resets (id, cabinet_id, person_id, token_digest, created_at, expires_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (reset_id, self._cabinet_id, person_id, token_digest, now, expires_at),
        )

    def use(self, reset_id: str, now: str) -> Statement:
        """Marks the link used, only while it is unused and unexpired: one completion wins a race."""
        return Statement(
            "UPDATE password_resets SET used_at = ? WHERE cabinet_id = ? AND id = ? AND used_at IS NULL"
            " AND expires_at > ?",
            (now, self._cabinet_id, reset_id, now),
        )

    def still_open(self, reset_id: str, now: str) -> Statement:
        """A SELECT that finds the link while it is unused and unexpired: the guard of the writes that come before
        `use` in the same batch (a second completion, even at the same instant, finds it used and writes nothing)."""
        return Statement(
            "SELECT 1 FROM password_resets WHERE cabinet_id = ? AND id = ? AND used_at IS NULL AND expires_at > ?",
            (self._cabinet_id, reset_id, now),
        )

    def used_at(self, reset_id: str, now: str) -> Statement:
        """A SELECT that finds a row once `use` succeeded at `now` (the condition of what follows it)."""
        return Statement(
            "SELECT 1 FROM password_resets WHERE cabinet_id = ? AND id = ? AND used_at = ?",
            (self._cabinet_id, reset_id, now),
        )

    def cancel_others(self, person_id: str, now: str) -> Statement:
        """A new link replaces the person's earlier ones."""
        return Statement(
            "UPDATE password_resets SET used_at = ? WHERE cabinet_id = ? AND person_id = ? AND used_at IS NULL",
            (now, self._cabinet_id, person_id),
        )
