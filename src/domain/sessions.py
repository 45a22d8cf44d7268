"""Sessions: how long they live, and what of them is stored. The token itself is never stored: KV and D1 know it
by its digest, so a leaked database or KV dump opens no session."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import timedelta

from domain.actors import Role

# A lawyer keeps the dashboard open through a working day; an unattended browser closes itself after 4 hours
# without a request, and no session outlives 12 hours (OWASP's session management guidance for sensitive data).
IDLE_TIMEOUT = timedelta(hours=4)
ABSOLUTE_LIFETIME = timedelta(hours=12)
# Activity is written back at most this often (a KV write and a D1 write), not on every request.
TOUCH_EVERY = timedelta(minutes=5)
INVITATION_LIFETIME = timedelta(days=7)
RESET_LIFETIME = timedelta(hours=1)


@dataclass(frozen=True)
class SessionRecord:
    """The D1 index of an open session: what "mes sessions" lists, and what every request checks."""

    id: str  # public: shown in the sessions list, never the token
    cabinet_id: str
    person_id: str
    role: Role  # the role it was opened with: a session outlives no change of role
    created_at: str
    last_seen_at: str
    expires_at: str
    user_agent: str
    client_ip: str


@dataclass(frozen=True)
class LiveSession:
    """A session that is still valid, with its person's state as of now."""

    record: SessionRecord
    person_role: Role
    totp_enabled: bool
    totp_required: bool  # by the cabinet's policy


def token_digest(token: str) -> str:
    """How a secret token (session, invitation, reset link) is stored and looked up: its SHA-256. The tokens are
    256 random bits, so a fast hash is right (no dictionary to slow down)."""
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()
