"""The application's route table as the isolation tests see it, and the objects they seed to cross cabinets.

`operations(api)` reads the OpenAPI document the running application serves (`/api/openapi.json` through
`api.request`, so the same on both runtimes): every HTTP operation FastAPI routes, with its path parameters, the
permission its use case enforces (`x-permission`, set by `handlers.api.deps.requires`) and its example body.

`SEEDERS` says, for each path parameter, how to create such an object in a cabinet through the use cases and which
permission lets a person see objects of that kind. A route whose path parameter is missing there fails the isolation
tests (tests/api/test_isolation.py) with a message naming what to add: that is what keeps them from going stale.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any
from urllib.parse import quote, urlencode

from domain.actors import SYSTEM, Actor, Role, may
from domain.cabinets import Cabinet
from domain.clients import Client, ClientKind
from domain.dossiers import PartyRole, ReferenceKind
from domain.extraction.model import Fact, FactKind
from domain.notifications import Audience, NewNotification, NotificationType
from domain.procedures import Step
from domain.transcripts import Segment
from handlers.api.deps import PERMISSION_MARK
from services.clients import create_client
from services.context import AppContext
from services.court_closures import add_closure
from services.dossiers import NewDossier, add_party, add_reference, open_dossier
from services.dossiers import add_client as add_dossier_client
from services.jobs import TranscribeRecording
from services.parties import NewParty, NewReference
from services.people import add_person, invite
from services.procedures import ProcedureDraft, apply_procedure, create_procedure
from services.scope import CabinetScope, SystemScope
from services.sessions import start_session
from services.suggestions import suggest_from_facts
from services.transcription_job import transcribe_recording
from services.transcriptions import queue_transcription
from tests.api.client import ApiClient, ApiResponse
from tests.api.document_seed import uploaded
from tests.api.seed import OPERATOR, PASSWORD, TEST_CLIENT, avis, delivered, person_of
from tests.scripted_transcriber import ScriptedTranscriber, wav_of

SEEDER_HINT = (
    "add a seeder to SEEDERS in tests/api/route_table.py: create such an object in a cabinet through the use cases, "
    "and return its id with what of it must never reach another cabinet"
)
HTTP_METHODS = ("get", "put", "post", "delete", "patch", "options", "head", "trace")
ROLES: tuple[Role, ...] = tuple(Role)


@dataclass(frozen=True)
class Seeded:
    id: str
    secrets: tuple[str, ...]  # what of the object must never reach another cabinet, its id among them


Seeder = Callable[[AppContext, Cabinet, Mapping[str, Seeded]], Awaitable[Seeded]]


@dataclass(frozen=True)
class Kind:
    seen_with: str  # the permission that lets a person see objects of this kind
    seed: Seeder  # creates one in the cabinet through the use cases; gets what the path named before it


async def _inbound_mail(ctx: AppContext, cabinet: Cabinet, earlier: Mapping[str, Seeded]) -> Seeded:
    subject = f"Pièces confidentielles adressées à {cabinet.inbound_address}"
    message_id = f"<confidentiel-{cabinet.id}@justice.fr>"
    inbound_id = await delivered(ctx, cabinet, _with_html_part(avis(subject, message_id=message_id), cabinet.id))
    secrets = (inbound_id, subject, message_id, cabinet.inbound_address, cabinet.id, f"html-{cabinet.id}")
    return Seeded(inbound_id, secrets)


def _with_html_part(raw: bytes, secret: str) -> bytes:
    """The notice with an HTML alternative too, so that `GET /api/mail/{inbound_id}/html` has something to show."""
    head, _, body = raw.partition(b"\r\n\r\n")
    head = head.replace(
        b"Content-Type: text/plain; charset=utf-8", b'Content-Type: multipart/alternative; boundary="a"'
    )
    return (
        head + b"\r\n\r\n--a\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + body
        + f"\r\n--a\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>html-{secret}</p>\r\n--a--\r\n".encode()
    )  # fmt: skip


def _operator(ctx: AppContext, cabinet: Cabinet) -> SystemScope:
    return SystemScope(ctx, OPERATOR, "tests")


async def _person(ctx: AppContext, cabinet: Cabinet, earlier: Mapping[str, Seeded]) -> Seeded:
    scope = _operator(ctx, cabinet).for_cabinet(cabinet.id)
    email = f"confidentiel.{ctx.ids.new_id().lower()}@{cabinet.slug}.test"
    person = await add_person(scope, email=email, role=Role.COLLABORATEUR, password=PASSWORD, name="Anne Secrète")
    return Seeded(person.id, (person.id, person.email))


async def _invitation(ctx: AppContext, cabinet: Cabinet, earlier: Mapping[str, Seeded]) -> Seeded:
    scope = _operator(ctx, cabinet).for_cabinet(cabinet.id)
    invited = await invite(scope, email=f"invitee.{ctx.ids.new_id().lower()}@{cabinet.slug}.test", role=Role.AVOCAT)
    token = invited.link.rsplit("/", 1)[-1]
    return Seeded(invited.invitation.id, (invited.invitation.id, invited.invitation.email, token))


async def _session(ctx: AppContext, cabinet: Cabinet, earlier: Mapping[str, Seeded]) -> Seeded:
    """A session of the cabinet's assistant: the last role the sweep tries, so "a holder may end it" holds for it."""
    person = await person_of(ctx, cabinet.id, Role.ASSISTANT)
    opened = await start_session(_operator(ctx, cabinet).for_cabinet(cabinet.id), person, TEST_CLIENT)
    return Seeded(opened.record.id, (opened.record.id, opened.token))


def _cabinet_scope(ctx: AppContext, cabinet: Cabinet) -> CabinetScope:
    """The system's: the operator may open dossiers but not see them (nor so add their parties)."""
    return SystemScope(ctx, SYSTEM, "tests").for_cabinet(cabinet.id)


async def _client(ctx: AppContext, cabinet: Cabinet, earlier: Mapping[str, Seeded]) -> Seeded:
    """A client; under a dossier (`/dossiers/{dossier_id}/clients/{client_id}`), one of its two clients. Named as
    the erasure route's example confirms (`POST /api/clients/{client_id}/erasure`): what is secret is in the notes
    and the address."""
    scope = _cabinet_scope(ctx, cabinet)
    secret = f"Confidentiel{ctx.ids.new_id()}"
    draft = Client("", "", ClientKind.NATURAL, "", "", civility="Mme", first_name="Claire", last_name="Dupont",
                   emails=(f"{secret.lower()}@client.test",), notes=secret)  # fmt: skip
    client = await create_client(scope, draft)
    if "dossier_id" in earlier:
        await add_dossier_client(scope, earlier["dossier_id"].id, client.id)
    return Seeded(client.id, (client.id, secret))


async def _dossier(ctx: AppContext, cabinet: Cabinet, earlier: Mapping[str, Seeded]) -> Seeded:
    client = await _client(ctx, cabinet, {})
    title = f"Dossier secret {ctx.ids.new_id()}"
    reference = NewReference(ReferenceKind.RG, "23/04567")
    party = NewParty(PartyRole.AUTRE, ClientKind.NATURAL, f"Expert {ctx.ids.new_id()}")
    new = NewDossier(title=title, client_ids=(client.id,), court_references=(reference,), parties=(party,))
    opened = await open_dossier(_cabinet_scope(ctx, cabinet), new)
    return Seeded(opened.view.dossier.id, (opened.view.dossier.id, title, *client.secrets))


async def _dossier_of(ctx: AppContext, cabinet: Cabinet, earlier: Mapping[str, Seeded]) -> str:
    return earlier["dossier_id"].id if "dossier_id" in earlier else (await _dossier(ctx, cabinet, {})).id


async def _party(ctx: AppContext, cabinet: Cabinet, earlier: Mapping[str, Seeded]) -> Seeded:
    dossier_id = await _dossier_of(ctx, cabinet, earlier)
    name = f"Partie secrète {ctx.ids.new_id()}"
    new = NewParty(PartyRole.ADVERSE, ClientKind.NATURAL, name)
    party, _ = await add_party(_cabinet_scope(ctx, cabinet), dossier_id, new, acknowledged=True)
    return Seeded(party.id, (party.id, name))


async def _court_reference(ctx: AppContext, cabinet: Cabinet, earlier: Mapping[str, Seeded]) -> Seeded:
    dossier_id = await _dossier_of(ctx, cabinet, earlier)
    new = NewReference(ReferenceKind.PORTALIS, f"DBX6-W-B7H-{ctx.ids.new_id()[-6:]}")
    reference = await add_reference(_cabinet_scope(ctx, cabinet), dossier_id, new)
    return Seeded(reference.id, (reference.id, reference.value))


# path parameter -> the kind of object it names. A parameter nested under another (`/dossiers/{dossier_id}/
# documents/{document_id}`) is seeded after it and finds it in `earlier`.
async def _document(ctx: AppContext, cabinet: Cabinet, earlier: Mapping[str, Seeded]) -> Seeded:
    dossier_id = earlier["dossier_id"].id if "dossier_id" in earlier else (await _dossier(ctx, cabinet, earlier)).id
    title = f"Pièce confidentielle {cabinet.id}"
    file_name = f"secret-{cabinet.slug}.txt"
    data = f"Contenu confidentiel de {cabinet.id}".encode()
    document = await uploaded(ctx, cabinet.id, dossier_id, data, file_name=file_name, title=title)
    return Seeded(document.id, (document.id, title, file_name, document.current.sha256))


async def _deadline(ctx: AppContext, cabinet: Cabinet, earlier: Mapping[str, Seeded]) -> Seeded:
    """A deadline suggested from a mail (so that confirming or rejecting it succeeds), with the words it was read
    from."""
    dossier = await _dossier(ctx, cabinet, {})
    quote = f"avant le 14 avril 2026 {ctx.ids.new_id()}"
    fact = Fact(FactKind.DEADLINE, "2026-04-14", quote, 0, len(quote), 0.9, (("type", "limite"),))
    ids = await suggest_from_facts(_cabinet_scope(ctx, cabinet), dossier_id=dossier.id, source="courrier",
                                   source_id=ctx.ids.new_id(), facts=[fact], reference_date="2026-03-02")  # fmt: skip
    return Seeded(ids[0], (ids[0], quote, *dossier.secrets))


async def _hearing(ctx: AppContext, cabinet: Cabinet, earlier: Mapping[str, Seeded]) -> Seeded:
    """A hearing suggested from a mail (confirming, rejecting or moving it succeeds)."""
    dossier = await _dossier(ctx, cabinet, {})
    quote = f"audience du 12 mai 2026 {ctx.ids.new_id()}"
    fact = Fact(FactKind.HEARING, "2026-05-12", quote, 0, len(quote), 0.9, (("time", "09:30"),))
    ids = await suggest_from_facts(_cabinet_scope(ctx, cabinet), dossier_id=dossier.id, source="courrier",
                                   source_id=ctx.ids.new_id(), facts=[fact], reference_date="2026-03-02")  # fmt: skip
    return Seeded(ids[0], (ids[0], quote, *dossier.secrets))


async def _procedure(ctx: AppContext, cabinet: Cabinet, earlier: Mapping[str, Seeded]) -> Seeded:
    name = f"Chaîne secrète {ctx.ids.new_id()}"
    steps = (Step("reponse", "Réponse", "sommation", delay="15 jours"),)
    procedure = await create_procedure(_cabinet_scope(ctx, cabinet), ProcedureDraft(name, steps))
    return Seeded(procedure.id, (procedure.id, name))


async def _run(ctx: AppContext, cabinet: Cabinet, earlier: Mapping[str, Seeded]) -> Seeded:
    dossier_id = await _dossier_of(ctx, cabinet, earlier)
    applied = await apply_procedure(_cabinet_scope(ctx, cabinet), dossier_id, "appel_mise_en_etat_2024", {})
    return Seeded(applied.run_id, (applied.run_id,))


async def _closure(ctx: AppContext, cabinet: Cabinet, earlier: Mapping[str, Seeded]) -> Seeded:
    """A declared court closure, on a day of its own (another cabinet's may not share it)."""
    number = int(ctx.ids.new_id()[-4:], 36) % 3000
    day = (date(2027, 1, 1) + timedelta(days=number)).isoformat()
    reason = f"Fermeture secrète {ctx.ids.new_id()}"
    await add_closure(_cabinet_scope(ctx, cabinet), day, reason)
    return Seeded(day, (reason,))


async def _notification(ctx: AppContext, cabinet: Cabinet, earlier: Mapping[str, Seeded]) -> Seeded:
    """A notification delivered to everyone in the cabinet, the sweep's test people of every role among them (so
    that one of them may mark it read)."""
    for role in ROLES:
        await person_of(ctx, cabinet.id, role)
    scope = _cabinet_scope(ctx, cabinet)
    secret = f"Notification confidentielle {ctx.ids.new_id()}"
    note = NewNotification(ctx.ids.new_id(), f"test:{ctx.ids.new_id()}", NotificationType.MAIL_TO_FILE,
                           secret, f"Corps {secret}", "/courrier", Audience.everyone(),
                           ctx.clock.now().isoformat())  # fmt: skip
    await scope.commit(*scope.notify(note), action="test.notified", subject=note.id)
    return Seeded(note.id, (note.id, secret))


async def _transcription(ctx: AppContext, cabinet: Cabinet, earlier: Mapping[str, Seeded]) -> Seeded:
    """A recording transcribed (by the scripted model) in a dossier of its own, its words secret."""
    dossier = await _dossier(ctx, cabinet, {})
    secret = f"Dictée confidentielle {ctx.ids.new_id()}"
    data = wav_of(f"{cabinet.id}:{secret}")
    document = await uploaded(ctx, cabinet.id, dossier.id, data, file_name="dictee.wav", title=secret,
                              declared="audio/wav")  # fmt: skip
    transcription = await queue_transcription(_cabinet_scope(ctx, cabinet), document)
    model = ScriptedTranscriber(segments=(Segment(0.0, 4.2, secret),))  # the edit example's times
    await transcribe_recording(replace(ctx, transcriber=model), TranscribeRecording(cabinet.id, transcription.id))
    return Seeded(transcription.id, (transcription.id, secret, *dossier.secrets))


async def _version(ctx: AppContext, cabinet: Cabinet, earlier: Mapping[str, Seeded]) -> Seeded:
    """A transcript's version number (the machine's), under the transcription seeded before it."""
    return Seeded("1", ())


SEEDERS: dict[str, Kind] = {
    "inbound_id": Kind(seen_with="mail.read", seed=_inbound_mail),
    "person_id": Kind(seen_with="people.read", seed=_person),
    "invitation_id": Kind(seen_with="people.manage", seed=_invitation),
    "session_id": Kind(seen_with="account.manage", seed=_session),
    "client_id": Kind(seen_with="client.read", seed=_client),
    "dossier_id": Kind(seen_with="dossier.read", seed=_dossier),
    "party_id": Kind(seen_with="dossier.read", seed=_party),
    "reference_id": Kind(seen_with="dossier.read", seed=_court_reference),
    "document_id": Kind(seen_with="document.read", seed=_document),
    "deadline_id": Kind(seen_with="deadline.read", seed=_deadline),
    "hearing_id": Kind(seen_with="deadline.read", seed=_hearing),
    "procedure_id": Kind(seen_with="deadline.read", seed=_procedure),
    "run_id": Kind(seen_with="deadline.read", seed=_run),
    "day": Kind(seen_with="cabinet.read", seed=_closure),
    "notification_id": Kind(seen_with="notification.read", seed=_notification),
    "transcription_id": Kind(seen_with="document.read", seed=_transcription),
    "version": Kind(seen_with="document.read", seed=_version),
}


@dataclass(frozen=True)
class Operation:
    method: str
    path: str  # the template, e.g. /api/mail/{inbound_id}
    parameters: tuple[str, ...]  # path parameters, in order
    permission: str | None  # x-permission
    example: Any  # the request body to send (the body model's first example), or None
    body_without_example: bool = False
    query: tuple[tuple[str, str], ...] = ()  # query parameters with an example in the schema, sent with their example

    @property
    def label(self) -> str:
        return f"{self.method} {self.path}"

    def url(self, ids: Mapping[str, Seeded]) -> str:
        url = self.path
        for name in self.parameters:
            url = url.replace("{" + name + "}", quote(ids[name].id, safe=""))
        return f"{url}?{urlencode(self.query)}" if self.query else url

    async def call(self, api: ApiClient, ids: Mapping[str, Seeded], headers: dict[str, str]) -> ApiResponse:
        assert not self.body_without_example, (
            f"{self.label} takes a body but its model has no example to send: add "
            '`model_config = ConfigDict(json_schema_extra={"examples": [{...}]})` to it'
        )
        if isinstance(self.example, RawBody):  # a route whose body is a file, sent as is
            headers = {**headers, "content-type": self.example.media_type}
            return await api.request(self.method, self.url(ids), content=self.example.content, headers=headers)
        return await api.request(self.method, self.url(ids), json=self.example, headers=headers)


async def operations(api: ApiClient) -> list[Operation]:
    response = await api.request("GET", "/api/openapi.json")
    assert response.status == 200, response.body
    document = response.json()
    found = []
    for path, item in document["paths"].items():
        shared = item.get("parameters", [])
        for method in HTTP_METHODS:
            if method in item:
                found.append(_operation(document, method.upper(), path, item[method], shared))
    return found


def _operation(document: Any, method: str, path: str, spec: Any, shared: list[Any]) -> Operation:
    parameters = tuple(p["name"] for p in [*shared, *spec.get("parameters", [])] if p["in"] == "path")
    body = spec.get("requestBody")
    example = _example(document, body) if body else None
    missing = bool(body) and example is None and bool(body.get("required"))
    query = tuple(
        (p["name"], str(p["schema"]["examples"][0]))
        for p in [*shared, *spec.get("parameters", [])]
        if p["in"] == "query" and p.get("schema", {}).get("examples")
    )
    return Operation(method, path, parameters, spec.get(PERMISSION_MARK), example, missing, query)


@dataclass(frozen=True)
class RawBody:
    """The example of a body that is not JSON (an uploaded file): its media type and bytes."""

    media_type: str
    content: bytes


def _example(document: Any, body: Any) -> Any:
    content = body.get("content", {})
    if "application/json" not in content and content:
        media_type, described = next(iter(content.items()))
        example = described.get("example")
        return RawBody(media_type, str(example).encode()) if example is not None else None
    schema = content.get("application/json", {}).get("schema", {})
    if "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    examples = schema.get("examples") or [None]
    return examples[0]


def unseedable(operations: list[Operation]) -> list[str]:
    """`GET /api/x/{x_id}: x_id` for every path parameter no seeder creates."""
    return [f"{op.label}: {name}" for op in operations for name in op.parameters if name not in SEEDERS]


async def seed_path(ctx: AppContext, cabinet: Cabinet, operation: Operation) -> dict[str, Seeded]:
    """One object of each kind the operation's path names, created in the cabinet."""
    seeded: dict[str, Seeded] = {}
    for name in operation.parameters:
        assert name in SEEDERS, f"no seeder for {operation.label}: {name}: {SEEDER_HINT}"
        seeded[name] = await SEEDERS[name].seed(ctx, cabinet, dict(seeded))
    return seeded


async def seed_every_kind(ctx: AppContext, cabinet: Cabinet) -> dict[str, Seeded]:
    seeded: dict[str, Seeded] = {}
    for name, kind in SEEDERS.items():
        seeded[name] = await kind.seed(ctx, cabinet, dict(seeded))
    return seeded


def unknown_ids(ctx: AppContext, operation: Operation) -> dict[str, Seeded]:
    """Ids of the same shape that name nothing."""
    return {name: Seeded(ctx.ids.new_id(), ()) for name in operation.parameters}


def may_see(role: Role, operation: Operation) -> bool:
    return all(holds(role, SEEDERS[name].seen_with) for name in operation.parameters)


def holds(role: Role, permission: str) -> bool:
    return may(Actor("person", "isolation", role), permission)


def leaked(seeded: Mapping[str, Seeded], response: ApiResponse) -> list[str]:
    """The secrets of the seeded objects found in the answer, as sent or JSON-escaped."""
    text = response.body.decode("utf-8", "replace")
    secrets = [secret for item in seeded.values() for secret in item.secrets]
    return [secret for secret in secrets if secret in text or json.dumps(secret)[1:-1] in text]


def role_name(role: Role) -> str:
    return role.value
