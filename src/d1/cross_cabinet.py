"""The only queries that read across cabinets. Each has a reason no single cabinet can own it:

- `cabinet_for_address`, `delivery`: inbound mail is matched before the cabinet is known (routing, retries);
- `cabinet_ids`: the cron fans each task out as one job per cabinet;
- `cabinets`: the operator's list (`./poste cabinet list`);
- `inbound_totals_since`: `/api/health`'s traffic figures, all cabinets together, naming none;
- `cabinet_by_slug`: the operator names a cabinet by its slug (`./poste user add --cabinet SLUG`);
- `account`: login asks only for an email, so the person (and their cabinet) is found from it;
- `invitation`, `reset_link`: a link's token is all its holder has; it names the cabinet;
- `calendar_owner`: a calendar feed's URL carries its token alone (calendar apps send no cookie);
- `mail_cabinet`: the operator reprocesses a message by its id alone (`POST /api/operator/mail/{id}/reprocess`).

Everything else goes through a repository bound to one cabinet. tests/unit/architecture lists these names: adding
one here is a decision, made visible in review.
"""

from __future__ import annotations

from d1.cabinets import COLUMNS, cabinet_of
from d1.database import Database
from d1.inbound_mail import COLUMNS as MAIL_COLUMNS
from d1.inbound_mail import message_of
from d1.invitations import COLUMNS as INVITATION_COLUMNS
from d1.invitations import invitation_of
from domain.cabinets import Cabinet
from domain.inbound_mail import InboundMessage
from domain.people import Account, Invitation, ResetLink


class CrossCabinet:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def cabinet_for_address(self, address: str) -> str | None:
        row = await self._db.first("SELECT id FROM cabinets WHERE inbound_address = ?", address)
        return str(row["id"]) if row else None

    async def delivery(self, recipient: str, dedupe_key: str) -> InboundMessage | None:
        """The inbound record of an earlier delivery under the same key to the same recipient, if any."""
        row = await self._db.first(
            f"SELECT {MAIL_COLUMNS} FROM inbound_mail WHERE recipient = ? AND dedupe_key = ?", recipient, dedupe_key
        )
        return message_of(row) if row else None

    async def cabinet_ids(self) -> list[str]:
        return [str(row["id"]) for row in await self._db.all("SELECT id FROM cabinets ORDER BY id")]

    async def cabinets(self) -> list[Cabinet]:
        rows = await self._db.all(f"SELECT {COLUMNS} FROM cabinets ORDER BY name, id")
        return [cabinet_of(row) for row in rows]

    async def inbound_totals_since(self, since: str) -> dict[str, int]:
        rows = await self._db.all(
            "SELECT status, count(*) AS n FROM inbound_mail WHERE received_at >= ? GROUP BY status", since
        )
        return {str(row["status"]): int(row["n"]) for row in rows}

    async def cabinet_by_slug(self, slug: str) -> Cabinet | None:
        row = await self._db.first(f"SELECT {COLUMNS} FROM cabinets WHERE slug = ?", slug)
        return cabinet_of(row) if row else None

    async def account(self, email: str) -> Account | None:
        """The active person with this email (one account per address on the platform)."""
        row = await self._db.first(
            "SELECT cabinet_id, id, password_hash FROM people WHERE email = ? AND active = 1", email
        )
        return Account(str(row["cabinet_id"]), str(row["id"]), str(row["password_hash"])) if row else None

    async def invitation(self, token_digest: str, now: str) -> Invitation | None:
        """The invitation of this link, while it is open (not accepted, revoked or expired)."""
        row = await self._db.first(
            f"SELECT {INVITATION_COLUMNS} FROM invitations WHERE token_digest = ? AND accepted_person_id IS NULL"
            " AND revoked_at IS NULL AND expires_at > ?",
            token_digest,
            now,
        )
        return invitation_of(row) if row else None

    async def reset_link(self, token_digest: str) -> ResetLink | None:
        row = await self._db.first(
            "SELECT id, cabinet_id, person_id, expires_at, used_at FROM password_resets WHERE token_digest = ?",
            token_digest,
        )
        if row is None:
            return None
        return ResetLink(
            str(row["id"]), str(row["cabinet_id"]), str(row["person_id"]), str(row["expires_at"]),
            row["used_at"] is not None,
        )  # fmt: skip

    async def mail_cabinet(self, inbound_id: str) -> str | None:
        """The cabinet a message was routed to (None for unrouted mail or an unknown id): one row by its key."""
        row = await self._db.first("SELECT cabinet_id FROM inbound_mail WHERE id = ?", inbound_id)
        return str(row["cabinet_id"]) if row and row["cabinet_id"] else None

    async def calendar_owner(self, token_digest: str) -> tuple[str, str] | None:
        """The cabinet and person a calendar feed's token belongs to, while it is not revoked."""
        row = await self._db.first(
            "SELECT cabinet_id, person_id FROM calendar_tokens WHERE token_digest = ?", token_digest
        )
        return (str(row["cabinet_id"]), str(row["person_id"])) if row else None
