"""Who acts, and what they may do. Every use case checks its permission before it reads or writes: with
`ensure_may_see` when it names one object (404, as for an unknown id), with `ensure_permission` otherwise (403).

The matrix is the foundation's: the cabinets-and-people feature extends it with its roles' rights. The system (jobs,
cron, inbound mail) acts for the platform; the operator is whoever runs the deployment (CLI, operator API).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from domain.errors import Forbidden, NotFound


class Role(StrEnum):
    ASSOCIE = "associe"  # administers the cabinet
    AVOCAT = "avocat"
    COLLABORATEUR = "collaborateur"  # collaborateur or juriste
    ASSISTANT = "assistant"


ActorKind = Literal["person", "system", "operator"]


@dataclass(frozen=True)
class Actor:
    kind: ActorKind
    id: str
    role: Role | None = None

    @property
    def label(self) -> str:
        """How the audit log names the actor."""
        return "system" if self.kind == "system" else f"{self.kind}:{self.id}"


SYSTEM = Actor("system", "system")

EVERY_ROLE = frozenset(Role)
ASSOCIES = frozenset({Role.ASSOCIE})
LAWYERS = frozenset({Role.ASSOCIE, Role.AVOCAT, Role.COLLABORATEUR})
# permission -> the roles that hold it (docs/permissions.md is this table in prose; a test keeps them equal). The
# system holds every permission; the operator only those listed below.
PERSON_PERMISSIONS: dict[str, frozenset[Role]] = {
    "mail.read": EVERY_ROLE,
    "mail.file": EVERY_ROLE,  # file or re-file a message by hand; remember its sender for the dossier
    "mail.reprocess": ASSOCIES,  # run a message's filing job again (quarantine after a fix)
    "deadline.compute": EVERY_ROLE,
    "cabinet.read": EVERY_ROLE,
    "cabinet.manage": ASSOCIES,
    "people.read": EVERY_ROLE,  # colleagues still active; associés see everyone and the pending invitations
    "people.manage": ASSOCIES,
    "audit.read": ASSOCIES,
    "account.manage": EVERY_ROLE,  # one's own password, second factor and sessions
    "client.read": EVERY_ROLE,
    "client.manage": EVERY_ROLE,  # create and edit clients and their addresses
    "dossier.read": EVERY_ROLE,  # dossiers open to the cabinet, and those whose team the person is on
    "dossier.see_all": ASSOCIES,  # also the dossiers kept to their team
    "dossier.manage": LAWYERS,  # open, edit, close; parties, court references, team; conflict checks
    "document.read": EVERY_ROLE,  # the documents of the dossiers the person may see
    "document.upload": EVERY_ROLE,  # add documents and versions, tag them
    "document.delete": LAWYERS,
    "search.use": EVERY_ROLE,  # results limited to what the person may see
    "rgpd.manage": ASSOCIES,  # export everything held about a client; erase it when retention allows
    "deadline.read": EVERY_ROLE,  # deadlines and hearings of the dossiers the person may see
    "deadline.manage": EVERY_ROLE,  # create, edit, mark done, confirm or reject suggestions, apply chains
    "deadline.override": LAWYERS,  # a manual due date, with its mandatory reason
    "procedure.manage": ASSOCIES,  # the cabinet's own procedure chains
    "notification.read": EVERY_ROLE,  # one's own notifications (list, mark read) and their preferences
}
OPERATOR_PERMISSIONS = frozenset(
    {
        "cabinet.create",
        "cabinet.list",
        "people.manage",
        "mail.read",
        "client.manage",
        "dossier.manage",
        "mail.reprocess",
        "deadline.manage",
    }
)


def may(actor: Actor, permission: str) -> bool:
    if actor.kind == "system":
        return True
    if actor.kind == "operator":
        return permission in OPERATOR_PERMISSIONS
    return actor.role is not None and actor.role in PERSON_PERMISSIONS.get(permission, frozenset())


def ensure_permission(actor: Actor, permission: str) -> None:
    if not may(actor, permission):
        raise Forbidden("Vous n'avez pas le droit d'effectuer cette action.")


def ensure_may_see(actor: Actor, permission: str, not_found: str) -> None:
    """For a use case that names one object: an actor who may not see objects of its kind is told it does not
    exist, exactly as for an unknown id or another cabinet's, so that no refusal ever confirms an id. (Once the
    object is found and may be seen, a missing right to act on it is `ensure_permission`'s 403: nothing new is
    revealed.)"""
    if not may(actor, permission):
        raise NotFound(not_found)
