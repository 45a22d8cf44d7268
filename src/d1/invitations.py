"""Invitations to join a cabinet: a link (stored as its token's digest), accepted once before it expires."""

from __future__ import annotations

from d1.database import Database, Row, Statement
from domain.actors import Role
from domain.people import Invitation

COLUMNS = "id, cabinet_id, email, role, invited_by, created_at, expires_at"


class Invitations:
    def __init__(self, db: Database, cabinet_id: str) -> None:
        self._db = db
        self._cabinet_id = cabinet_id

    def insert(self, invitation: Invitation, token_digest: str) -> Statement:
        if invitation.cabinet_id != self._cabinet_id:
            raise ValueError("an invitation belongs to the cabinet its repository is bound to")
        return Statement(
            f"INSERT INTO invitations ({COLUMNS}, token_digest) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                invitation.id,
                invitation.cabinet_id,
                invitation.email,
                invitation.role.value,
                invitation.invited_by,
                invitation.created_at,
                invitation.expires_at,
                token_digest,
            ),
        )

    async def pending(self, now: str) -> list[Invitation]:
        rows = await self._db.all(
            f"SELECT {COLUMNS} FROM invitations WHERE cabinet_id = ? AND accepted_person_id IS NULL"
            " AND revoked_at IS NULL AND expires_at > ? ORDER BY created_at DESC, id",
            self._cabinet_id,
            now,
        )
        return [invitation_of(row) for row in rows]

    def revoke(self, invitation_id: str, now: str) -> Statement:
        return Statement(
            "UPDATE invitations SET revoked_at = ? WHERE cabinet_id = ? AND id = ? AND accepted_person_id IS NULL"
            " AND revoked_at IS NULL",
            (now, self._cabinet_id, invitation_id),
        )

    def revoked_at(self, invitation_id: str, now: str) -> Statement:
        """A SELECT that finds a row once `revoke` succeeded at `now`."""
        return Statement(
            "SELECT 1 FROM invitations WHERE cabinet_id = ? AND id = ? AND revoked_at = ?",
            (self._cabinet_id, invitation_id, now),
        )

    def revoke_sent_by(self, invited_by: str, now: str) -> Statement:
        """Revokes every open invitation someone sent (they lost the right to invite: deactivated or demoted)."""
        return Statement(
            "UPDATE invitations SET revoked_at = ? WHERE cabinet_id = ? AND invited_by = ?"
            " AND accepted_person_id IS NULL AND revoked_at IS NULL",
            (now, self._cabinet_id, invited_by),
        )

    def claim(self, invitation_id: str, person_id: str, now: str) -> Statement:
        """Marks the invitation accepted by this person, only while it is open: one acceptance wins a race."""
        return Statement(
            "UPDATE invitations SET accepted_person_id = ? WHERE cabinet_id = ? AND id = ?"
            " AND accepted_person_id IS NULL AND revoked_at IS NULL AND expires_at > ?",
            (person_id, self._cabinet_id, invitation_id, now),
        )

    def claimed_by(self, invitation_id: str, person_id: str) -> Statement:
        """A SELECT that finds a row once `claim` succeeded for this person (the condition of what follows it)."""
        return Statement(
            "SELECT 1 FROM invitations WHERE cabinet_id = ? AND id = ? AND accepted_person_id = ?",
            (self._cabinet_id, invitation_id, person_id),
        )


def invitation_of(row: Row) -> Invitation:
    return Invitation(
        id=str(row["id"]),
        cabinet_id=str(row["cabinet_id"]),
        email=str(row["email"]),
        role=Role(str(row["role"])),
        invited_by=str(row["invited_by"]),
        created_at=str(row["created_at"]),
        expires_at=str(row["expires_at"]),
    )
