"""Schema fuzzing: the OpenAPI document the real local server serves, fuzzed by schemathesis against that server.

Every operation, with data that fits its schema (positive) and data that does not (negative), once without
credentials and once as a signed-in person of a seeded cabinet (an associé's bearer token, a fresh one per operation,
so that fuzzing logout does not sign the next operations out), plus the seeded message read back by its id: no 5xx,
and every answer — status code, content type, body — is one the document declares.
The examples are bounded and Hypothesis is derandomized, so the suite is repeatable and stays well under a minute.
Operations are read from the served document, so a new route is fuzzed as soon as it exists.

The operations are fuzzed in two halves (test_schema_fuzzing_first_half.py, _second_half.py), each against its own
runtime, so that the suite's two workers share the longest module of the CPython suite.

Run with `-s` to see the figures (operations, examples, statuses, failures).
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from hypothesis.strategies import SearchStrategy
from schemathesis import GenerationMode
from schemathesis.config import SchemathesisConfig
from schemathesis.core.failures import FailureGroup

from domain.actors import Role
from local.config import LocalConfig
from local.runtime import open_runtime
from tests.api.seed import avis, delivered, new_cabinet, signed_in
from tests.runtime_process import RunningRuntime, start_runtime

MAX_EXAMPLES = 100  # per operation, generation mode and identity
MODES = (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)

# Every check schemathesis runs by default, narrowed only where the API is right by design:
# - POST /api/deadlines/compute: a body that fits the schema can still get the French 422. Its rules span fields (a
#   delay or a catalogue kind) and the calendar ("2026-02-30" has the right shape), which a JSON schema cannot state.
#   So 422 answers valid data there, and nowhere else.
# - the routes of people and sessions: a well-formed email, password, code, zone or cursor can still be refused by
#   the rules (an unknown account's 401, a wrong current password's 422, an unknown zone, a used link's 404, too many
#   attempts' 429), and the documented example of a team change can name a person who is not there (404).
# - the routes of clients and dossiers: a well-formed body can still break a rule the schema cannot state (a SIREN's
#   Luhn key, a court reference's form, a date, a client id that names nobody: 422), name an unknown object (404) or
#   meet a conflict of interest to confirm (409).
# - the documents routes: a well-formed cursor can be another list's (422 `curseur`), an uploaded body can be empty
#   (422), contradict its declared type (415) or race another version (409); none of that is a schema's to state.
#   The same for recordings and transcriptions (docs/transcription.md): bytes that are not audio (415), a correction
#   on a stale version or a retry of what did not fail (409), segments whose times moved (422).
# - GET /calendar/{token}.ics: a token of the right shape is still unknown (404) unless it was issued.
# - GET /api/search: a `q` of the right length can hold no letter or digit ("!!": 422 naming `q`), and a cursor of
#   the right length may not be one this search gave (422 naming `cursor`).
# - the échéances (deadlines, hearings, suggestions, procedure chains): a well-formed body can still break a rule the
#   schema cannot state (a date, a delay the engine cannot read, an anchor the chain does not wait for: 422), name an
#   unknown object (404), or meet a stale version or a decided suggestion (409).
DOCUMENT_STATUSES = ["2xx", "401", "403", "404", "409", "413", "415", "416", "422"]
CONFIG = {
    "operations": [
        {
            "include-path": "/api/deadlines/compute",
            "checks": {"positive_data_acceptance": {"expected-statuses": ["2xx", "401", "403", "422"]}},
        },
        {
            "include-path-regex": "^/api/(clients|conflicts|dossiers(?!/[^/]+/(documents|recordings)))",
            "checks": {"positive_data_acceptance": {"expected-statuses": ["2xx", "401", "403", "404", "409", "422"]}},
        },
        {
            "include-path-regex": "^/api/(deadlines(?!/compute)|hearings|suggestions|procedures)",
            "checks": {"positive_data_acceptance": {"expected-statuses": ["2xx", "401", "403", "404", "409", "422"]}},
        },
        {
            "include-path": "/api/search",
            "checks": {"positive_data_acceptance": {"expected-statuses": ["2xx", "401", "403", "422"]}},
        },
        {
            "include-path-regex": "^/api/(auth|account|people|cabinet|audit|invitations|operator)",
            "checks": {
                "positive_data_acceptance": {"expected-statuses": ["2xx", "401", "403", "404", "409", "422", "429"]}
            },
        },
        {
            "include-path-regex": "^/api/(documents|transcriptions|dossiers/[^/]+/(documents|recordings))",
            "checks": {"positive_data_acceptance": {"expected-statuses": DOCUMENT_STATUSES}},
        },
        {
            "include-path-regex": "^/api/notifications",
            "checks": {"positive_data_acceptance": {"expected-statuses": ["2xx", "401", "403", "404", "422"]}},
        },
        {
            "include-path-regex": "^/calendar/",
            "checks": {"positive_data_acceptance": {"expected-statuses": ["2xx", "404"]}},
        },
    ],
}


SESSIONS = 100  # more than the operations the application has: one each
# Fuzzed last, as they change what the operations after them would see: the cabinet's settings (a 2FA policy),
# the session itself.
LAST = ("PATCH /api/cabinet", "POST /api/auth/logout-others", "POST /api/auth/logout")


@dataclass(frozen=True)
class Seeded:
    sessions: list[dict[str, str]]  # headers of an associé's requests, one session each
    inbound_id: str


@dataclass
class Tally:
    examples: dict[str, int] = field(default_factory=dict)
    statuses: dict[str, Counter[int]] = field(default_factory=dict)
    failures: dict[tuple[str, str], str] = field(default_factory=dict)  # (run, failure title) -> first report

    def start(self, run: str) -> None:
        self.examples[run] = 0
        self.statuses[run] = Counter()

    def add(self, run: str, status: int | None, failures: FailureGroup | None) -> None:
        self.examples[run] += 1
        if status is not None:
            self.statuses[run][status] += 1
        for failure in failures.exceptions if failures else ():
            self.failures.setdefault((run, failure.title), str(failures))

    def summary(self, operations: int) -> str:
        lines = [
            f"schemathesis: {operations} operations, {sum(self.examples.values())} examples, "
            f"{len(self.failures)} distinct failures",
        ]
        for run, examples in self.examples.items():
            statuses = ", ".join(f"{status}×{count}" for status, count in sorted(self.statuses[run].items()))
            lines.append(f"  {examples:4d} examples  {run}  {statuses or '(no data outside the schema)'}")
        for (run, title), report in self.failures.items():
            lines += ["", f"FAILURE {run}: {title}", report]
        return "\n".join(lines)


def seed(data_dir: Path) -> Seeded:
    """A cabinet, a signed-in person and one read message, through the use cases, before the server starts."""
    local = open_runtime(LocalConfig(data_dir=data_dir))

    async def cabinet_session_and_mail() -> Seeded:
        cabinet = await new_cabinet(local.context, "cabinet-fuzz@poste.example")
        sessions = [await signed_in(local.context, cabinet.id, Role.ASSOCIE) for _ in range(SESSIONS)]
        inbound_id = await delivered(local.context, cabinet, avis("Avis de fixation"))
        return Seeded(sessions=sessions, inbound_id=inbound_id)

    try:
        return asyncio.run(cabinet_session_and_mail())
    finally:
        local.close()


@contextmanager
def served(data_dir: Path) -> Iterator[tuple[RunningRuntime, Seeded]]:
    seeded = seed(data_dir)
    running = start_runtime(data_dir)
    try:
        yield running, seeded
    finally:
        running.stop()


def fuzz(cases: SearchStrategy[schemathesis.Case], run: str, tally: Tally, *, send: dict[str, Any]) -> None:
    """Up to MAX_EXAMPLES cases, each sent and checked; every distinct failure is kept, none stops the run."""

    @settings(
        max_examples=MAX_EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],  # nothing raises out of a case, so there is nothing to shrink
        suppress_health_check=list(HealthCheck),
        print_blob=False,
    )
    @given(cases)
    def example(case: schemathesis.Case) -> None:
        response = None
        try:
            response = case.call(**send)
            case.validate_response(response, headers=send.get("headers"), transport_kwargs=send)
        except FailureGroup as failures:
            tally.add(run, response.status_code if response else None, failures)
        else:
            tally.add(run, response.status_code, None)

    tally.start(run)
    example()


def fuzz_operation(operation: schemathesis.APIOperation, identity: str, tally: Tally, *, send: dict[str, Any]) -> None:
    """The operation's documented examples, then schema-valid data, then data the schema refuses."""
    for number, documented in enumerate(operation.schema.get_strategies_from_examples(operation), start=1):
        fuzz(documented, f"{operation.label} [{identity}, example {number}]", tally, send=send)
    for mode in MODES:
        run = f"{operation.label} [{identity}, {mode.value}]"
        try:
            fuzz(operation.as_strategy(generation_mode=mode), run, tally, send=send)
        except Unsatisfiable:
            # Negative data needs an input the schema constrains: `GET /api/health` takes none, and any string is a
            # valid `inbound_id`. Positive data always exists, so only a negative run may find nothing to break.
            if mode is not GenerationMode.NEGATIVE or tally.examples[run]:
                raise


HALVES = 2


def fuzz_half(served: tuple[RunningRuntime, Seeded], half: int) -> None:
    """Every other operation of the served document (by label, so the halves are stable), from `half`."""
    runtime, seeded = served
    schema = schemathesis.openapi.from_url(
        f"{runtime.base_url}/api/openapi.json", config=SchemathesisConfig.from_dict(CONFIG), timeout=10
    )
    every = sorted((result.ok() for result in schema.get_all_operations()), key=lambda op: op.label)
    mine = [operation for index, operation in enumerate(every) if index % HALVES == half]
    operations = sorted(mine, key=lambda op: op.label in LAST)
    assert len(operations) < SESSIONS
    tally = Tally()
    with requests.Session() as http:
        detail = schema["/api/mail/{inbound_id}"]["GET"]
        seeded_message = detail.as_strategy(path_parameters={"inbound_id": seeded.inbound_id})
        send = {"base_url": runtime.base_url, "session": http, "headers": seeded.sessions[-1], "timeout": 10}
        fuzz(seeded_message, f"{detail.label} [session, the seeded message]", tally, send=send)
        for operation, headers in zip(operations, seeded.sessions, strict=False):
            for identity, sent in {"anonymous": {}, "session": headers}.items():
                send = {"base_url": runtime.base_url, "session": http, "headers": sent, "timeout": 10}
                fuzz_operation(operation, identity, tally, send=send)

    report = tally.summary(len(operations))
    print(report)
    assert not tally.failures, report
    if any(operation.label == "POST /api/deadlines/compute" for operation in operations):
        for number in (1, 2, 3, 4):
            assert tally.statuses[f"POST /api/deadlines/compute [session, example {number}]"] == {200: 1}, report
    assert tally.statuses[f"{detail.label} [session, the seeded message]"] == {200: 1}, report
