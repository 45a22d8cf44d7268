"""The cabinet's dossiers: listing (filtered by what the actor may see), reading, opening — numbered by the database,
checked for conflicts of interest — editing, and their clients. A dossier the actor may not see is answered exactly
like an unknown one (404)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from zoneinfo import ZoneInfo

from d1.database import ConstraintViolation
from d1.dossiers import search_body
from domain.actors import LAWYERS, SYSTEM, ensure_may_see, ensure_permission
from domain.clients import Client, clean_text
from domain.conflicts import ConflictMatch, Subject
from domain.dossiers import (
    MAX_TITLE_CHARS,
    ClientRef,
    CourtReference,
    Dossier,
    DossierStatus,
    DossierView,
    Party,
    PersonRef,
    Visibility,
    status_change,
    valid_opened_on,
    valid_title,
)
from domain.errors import Conflict, DomainError, InvalidInput, NotFound
from domain.pages import Page, decode_cursor, page_of, valid_limit
from services.clients import valid_sort
from services.conflicts import checked
from services.parties import NewParty, NewReference, new_party, new_reference, party_writes
from services.scope import CabinetScope

NOT_FOUND = "Dossier introuvable."
LISTING = "dossiers"
SORTS = ("-opened_on", "reference", "-reference", "title")
MAX_CLIENTS = 20


@dataclass(frozen=True)
class NewDossier:
    title: str
    client_ids: tuple[str, ...]
    matter_type: str = ""
    responsible_id: str | None = None
    team_ids: tuple[str, ...] = ()
    visibility: Visibility = Visibility.CABINET
    jurisdiction: str = ""
    opened_on: str | None = None
    parties: tuple[NewParty, ...] = ()
    court_references: tuple[NewReference, ...] = ()
    acknowledge_conflicts: bool = False


@dataclass(frozen=True)
class Opened:
    view: DossierView
    conflicts: list[ConflictMatch]  # what the check found (acknowledged, or not blocking)


async def list_dossiers(
    scope: CabinetScope, *, filters: dict[str, str | None], sort: str = "-opened_on", limit: int = 50,
    cursor: str | None = None,
) -> Page[DossierView]:  # fmt: skip
    ensure_permission(scope.actor, "dossier.read")
    sort = valid_sort(sort, SORTS)
    limit = valid_limit(limit)
    after = decode_cursor(cursor, LISTING, sort, 2) if cursor else None
    rows = await scope.dossiers.page(scope.actor, filters=filters, sort=sort, limit=limit, after=after)
    column = sort.lstrip("-")
    return page_of(rows, limit, LISTING, sort, lambda v: [str(getattr(v.dossier, column)), v.dossier.id])


async def get_dossier(scope: CabinetScope, dossier_id: str) -> DossierView:
    """The dossier in full, when the actor may see it; 404 otherwise, as for an unknown id."""
    ensure_may_see(scope.actor, "dossier.read", NOT_FOUND)
    view = await scope.dossiers.get(scope.actor, dossier_id)
    if view is None:
        raise NotFound(NOT_FOUND)
    return view


async def managed_dossier(scope: CabinetScope, dossier_id: str) -> DossierView:
    """A dossier the actor may see (404 otherwise) and change (403 otherwise)."""
    view = await get_dossier(scope, dossier_id)
    ensure_permission(scope.actor, "dossier.manage")
    return view


async def _today(scope: CabinetScope) -> str:
    cabinet = await scope.cabinet.get()
    zone = ZoneInfo(cabinet.timezone if cabinet else "Europe/Paris")
    return scope.ctx.clock.now().astimezone(zone).date().isoformat()


def _valid_date(value: str, field: str) -> str:
    try:
        return date.fromisoformat(value).isoformat() if len(value) == 10 else _invalid_date(field)
    except ValueError:
        return _invalid_date(field)


def _invalid_date(field: str) -> str:
    raise InvalidInput("Date attendue au format AAAA-MM-JJ.", field=field)


async def _people(scope: CabinetScope, responsible_id: str | None, team_ids: tuple[str, ...]) -> list[PersonRef]:
    wanted = list(dict.fromkeys([*([responsible_id] if responsible_id else []), *team_ids]))
    found = await scope.dossiers.people_named(wanted)
    known = {person.id for person in found}
    if responsible_id and responsible_id not in known:
        raise InvalidInput("Responsable inconnu dans le cabinet.", field="responsible_id")
    if any(person_id not in known for person_id in team_ids):
        raise InvalidInput("Membre de l'équipe inconnu dans le cabinet.", field="team_ids")
    return found


async def _clients(scope: CabinetScope, client_ids: list[str]) -> list[Client]:
    if not 1 <= len(client_ids) <= MAX_CLIENTS:
        raise InvalidInput(f"Un dossier a de 1 à {MAX_CLIENTS} clients.", field="client_ids")
    clients = await scope.clients.named(client_ids)
    if len(clients) != len(client_ids):
        raise InvalidInput("Client inconnu dans le cabinet.", field="client_ids")
    return clients


def _parts(scope: CabinetScope, dossier_id: str, new: NewDossier, now: str) -> tuple[list[Party], list[CourtReference]]:
    """The new dossier's parties and court references, checked (a 422 names the one at fault)."""
    for index, given in enumerate(new.parties):
        if given.represents_id:  # a counsel names a party that exists: add them once the dossier is open
            raise InvalidInput("Ajoutez le conseil une fois le dossier ouvert.", field=f"parties.{index}.represents_id")
    parties = [new_party(scope, dossier_id, party, f"parties.{i}", now) for i, party in enumerate(new.parties)]
    references = [new_reference(scope, dossier_id, ref, f"court_references.{i}", now)
                  for i, ref in enumerate(new.court_references)]  # fmt: skip
    if len({(r.kind, r.value) for r in references}) != len(references):
        raise InvalidInput("Référence donnée deux fois.", field="court_references")
    return parties, references


async def open_dossier(scope: CabinetScope, new: NewDossier) -> Opened:
    """Numbered by the database in the batch that inserts it, with its parts, its conflict check and audit rows."""
    ensure_permission(scope.actor, "dossier.manage")
    client_ids = list(dict.fromkeys(new.client_ids))
    clients = await _clients(scope, client_ids)
    responsible = new.responsible_id
    if responsible is None and scope.actor.kind == "person" and scope.actor.role in LAWYERS:
        responsible = scope.actor.id
    await _people(scope, responsible, new.team_ids)
    now = scope.ctx.clock.now().isoformat()
    today = await _today(scope)
    opened_on = valid_opened_on(_valid_date(new.opened_on, "opened_on"), today) if new.opened_on else today
    dossier = Dossier(scope.ctx.ids.new_id(), scope.cabinet_id, "", valid_title(new.title),
                      clean_text(new.matter_type, "matter_type", MAX_TITLE_CHARS), DossierStatus.OUVERT,
                      new.visibility, responsible, clean_text(new.jurisdiction, "jurisdiction", MAX_TITLE_CHARS),
                      opened_on, None, now, now)  # fmt: skip
    parties, references = _parts(scope, dossier.id, new, now)
    subjects = [Subject(c.display_name, c.siren, "client", c.id) for c in clients]
    subjects += [Subject(p.name, p.siren, p.role.value) for p in parties]
    found, check = await checked(scope, dossier.id, subjects, acknowledged=new.acknowledge_conflicts)
    body = search_body(dossier, [client.display_name for client in clients])
    writes = [*scope.dossiers.insert(dossier, client_ids, list(new.team_ids)),
              scope.dossiers.index_new(dossier.id, body, [r.value for r in references], now)]  # fmt: skip
    writes += [w for party in parties for w in party_writes(scope, party)]
    writes += [scope.court_references.insert(reference) for reference in references]
    await scope.commit(*writes, *check, action="dossier.created", subject=dossier.id, summary=dossier.title)
    view = await scope.dossiers.get(SYSTEM, dossier.id)  # read back as the system: the creator may be off its team
    assert view is not None
    return Opened(view, found)


@dataclass(frozen=True)
class DossierChanges:
    """The fields a PATCH names (None: not given). `responsible_id` "" clears the responsible lawyer."""

    title: str | None = None
    matter_type: str | None = None
    status: DossierStatus | None = None
    visibility: Visibility | None = None
    responsible_id: str | None = None
    team_ids: tuple[str, ...] | None = None
    jurisdiction: str | None = None
    closed_on: str | None = None


async def update_dossier(scope: CabinetScope, dossier_id: str, changes: DossierChanges) -> DossierView:
    view = await managed_dossier(scope, dossier_id)
    current = view.dossier
    responsible = current.responsible_id if changes.responsible_id is None else (changes.responsible_id or None)
    await _people(scope, responsible if responsible != current.responsible_id else None, changes.team_ids or ())
    status, closed_on = current.status, current.closed_on
    if changes.status is not None or changes.closed_on is not None:
        given = _valid_date(changes.closed_on, "closed_on") if changes.closed_on else None
        status, closed_on = status_change(current, changes.status or current.status, given, await _today(scope))
    now = scope.ctx.clock.now().isoformat()
    changed = replace(
        current,
        title=valid_title(changes.title) if changes.title is not None else current.title,
        matter_type=clean_text(changes.matter_type, "matter_type", MAX_TITLE_CHARS)
        if changes.matter_type is not None else current.matter_type,
        jurisdiction=clean_text(changes.jurisdiction, "jurisdiction", MAX_TITLE_CHARS)
        if changes.jurisdiction is not None else current.jurisdiction,
        status=status, closed_on=closed_on, visibility=changes.visibility or current.visibility,
        responsible_id=responsible, updated_at=now,
    )  # fmt: skip
    team = scope.dossiers.set_team(dossier_id, list(changes.team_ids)) if changes.team_ids is not None else []
    named = [name for name, value in vars(changes).items() if value is not None]
    await scope.commit(scope.dossiers.update(changed), *team, scope.dossiers.index(replace(view, dossier=changed), now),
                       action="dossier.updated", subject=dossier_id, summary=", ".join(named) or "rien")  # fmt: skip
    return await get_dossier_as_system(scope, dossier_id)


async def get_dossier_as_system(scope: CabinetScope, dossier_id: str) -> DossierView:
    """After a change the actor made: they may have taken themselves off an `equipe` dossier's team."""
    view = await scope.dossiers.get(SYSTEM, dossier_id)
    if view is None:
        raise NotFound(NOT_FOUND)
    return view


async def add_client(scope: CabinetScope, dossier_id: str, client_id: str) -> DossierView:
    view = await managed_dossier(scope, dossier_id)
    found = await scope.clients.named([client_id])
    if not found:
        raise NotFound("Client introuvable.")
    client = found[0]
    now = scope.ctx.clock.now().isoformat()
    clients = (*[c for c in view.clients if c.id != client.id], ClientRef(client.id, client.display_name))
    try:
        await scope.commit(scope.dossiers.add_client(dossier_id, client_id),
                           scope.dossiers.index(replace(view, clients=clients), now),
                           action="dossier.client_added", subject=dossier_id, summary=client.display_name)  # fmt: skip
    except ConstraintViolation:
        raise await _raced(scope, dossier_id, NotFound("Client introuvable.")) from None
    return await get_dossier_as_system(scope, dossier_id)


async def remove_client(scope: CabinetScope, dossier_id: str, client_id: str) -> DossierView:
    view = await managed_dossier(scope, dossier_id)
    if client_id not in {client.id for client in view.clients}:
        raise NotFound("Client introuvable.")
    if len(view.clients) == 1:
        raise Conflict("Un dossier garde au moins un client : ajoutez-en un autre d'abord.", field="client_id")
    now = scope.ctx.clock.now().isoformat()
    remaining = tuple(client for client in view.clients if client.id != client_id)
    results = await scope.commit(scope.dossiers.remove_client(dossier_id, client_id),
                                 scope.dossiers.index(replace(view, clients=remaining), now),
                                 action="dossier.client_removed", subject=dossier_id, summary=client_id)  # fmt: skip
    if results[0].changes != 1:
        raise Conflict("Un dossier garde au moins un client : ajoutez-en un autre d'abord.", field="client_id")
    return await get_dossier_as_system(scope, dossier_id)


async def add_party(
    scope: CabinetScope, dossier_id: str, new: NewParty, *, acknowledged: bool
) -> tuple[Party, list[ConflictMatch]]:
    view = await managed_dossier(scope, dossier_id)
    if new.represents_id and new.represents_id not in {party.id for party in view.parties}:
        raise InvalidInput("Partie représentée inconnue dans ce dossier.", field="represents_id")
    now = scope.ctx.clock.now().isoformat()
    party = new_party(scope, dossier_id, new, "", now)
    found, check = await checked(scope, dossier_id, [Subject(party.name, party.siren, party.role.value)],
                                 acknowledged=acknowledged)  # fmt: skip
    try:
        await scope.commit(*party_writes(scope, party), *check, action="dossier.party_added", subject=dossier_id,
                           summary=f"{party.role.value} : {party.name}")  # fmt: skip
    except ConstraintViolation:  # the dossier, or the party a counsel represents, was removed meanwhile
        unknown = InvalidInput("Partie représentée inconnue dans ce dossier.", field="represents_id")
        raise await _raced(scope, dossier_id, unknown) from None
    return party, found


async def _raced(scope: CabinetScope, dossier_id: str, otherwise: DomainError) -> DomainError:
    """The answer to a batch a foreign key refused because something it names was deleted after it was read: a
    dossier deleted meanwhile (the retention job, an erasure) is 404 as if it had been gone from the start."""
    if await scope.dossiers.get(SYSTEM, dossier_id) is None:
        return NotFound(NOT_FOUND)
    return otherwise


async def remove_party(scope: CabinetScope, dossier_id: str, party_id: str) -> None:
    await managed_dossier(scope, dossier_id)
    party = await scope.parties.get(dossier_id, party_id)
    if party is None:
        raise NotFound("Partie introuvable.")
    await scope.commit(*scope.parties.remove(party), action="dossier.party_removed", subject=dossier_id,
                       summary=f"{party.role.value} : {party.name}")  # fmt: skip


async def add_reference(scope: CabinetScope, dossier_id: str, new: NewReference) -> CourtReference:
    view = await managed_dossier(scope, dossier_id)
    now = scope.ctx.clock.now().isoformat()
    reference = new_reference(scope, dossier_id, new, "", now)
    indexed = replace(view, court_references=(*view.court_references, reference))
    try:
        await scope.commit(scope.court_references.insert(reference), scope.dossiers.index(indexed, now),
                           action="dossier.reference_added", subject=dossier_id,
                           summary=f"{reference.kind.value} {reference.value}")  # fmt: skip
    except ConstraintViolation:
        raise await _raced(scope, dossier_id, Conflict("Le dossier a déjà cette référence.", field="value")) from None
    return reference


async def remove_reference(scope: CabinetScope, dossier_id: str, reference_id: str) -> None:
    view = await managed_dossier(scope, dossier_id)
    reference = await scope.court_references.get(dossier_id, reference_id)
    if reference is None:
        raise NotFound("Référence introuvable.")
    now = scope.ctx.clock.now().isoformat()
    kept = tuple(r for r in view.court_references if r.id != reference_id)
    await scope.commit(scope.court_references.remove(dossier_id, reference_id),
                       scope.dossiers.index(replace(view, court_references=kept), now),
                       action="dossier.reference_removed", subject=dossier_id,
                       summary=f"{reference.kind.value} {reference.value}")  # fmt: skip
