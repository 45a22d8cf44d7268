"""The intake (services/inbound_mail.py) over each runtime's whole context: SQLite, files and the durable queue
locally; D1, R2 and Queues in the Workers harness. A retry is recognised by its Message-ID and its content, a
retry of a message stored but never processed sends its job again, and no raw copy is left without its record."""

from __future__ import annotations

import contextlib
from dataclasses import replace
from typing import Any

from domain.actors import SYSTEM
from services.inbound_mail import InboundEnvelope, list_mail, receive_mail
from services.scope import CabinetScope
from tests.api.seed import new_cabinet

ADDRESS = "cabinet-martin@poste.example"
RAW = b"From: greffe@justice.fr\r\nSubject: Avis\r\nMessage-ID: <avis-1@justice.fr>\r\n\r\nAudience le 2 mars.\r\n"


class RecordedJobs:
    """The context's own queue, with what the intake sent through it."""

    def __init__(self, queue: Any) -> None:
        self._queue = queue
        self.sent: list[dict[str, Any]] = []

    async def send(self, body: dict[str, Any], **options: Any) -> None:
        await self._queue.send(body, **options)
        self.sent.append(body)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._queue, name)


async def mailroom(context: Any) -> tuple[Any, RecordedJobs, CabinetScope]:
    cabinet = await new_cabinet(context, ADDRESS)
    jobs = RecordedJobs(context.jobs)
    return replace(context, jobs=jobs), jobs, CabinetScope(context, cabinet.id, SYSTEM, "test")


async def deliver(context: Any, raw: bytes, mail_from: str = "greffe@justice.fr") -> str:
    outcome = await receive_mail(context, InboundEnvelope(mail_from, ADDRESS, raw))
    assert outcome.accepted, outcome.reason
    assert outcome.inbound_id is not None
    return outcome.inbound_id


async def test_a_retry_of_a_stored_but_unprocessed_message_sends_its_job_again(context):
    ctx, jobs, _scope = await mailroom(context)
    first = await deliver(ctx, RAW)
    again = await deliver(ctx, RAW)  # as after a crash between the record and its job: the sender retries
    assert again == first
    assert [job["inbound_id"] for job in jobs.sent] == [first, first]


async def test_a_retry_is_the_same_message_only_when_its_content_matches(context):
    ctx, _jobs, scope = await mailroom(context)
    first = await deliver(ctx, RAW)
    relayed = b"Received: from relais2 by mx; Mon, 2 Mar 2026 09:00:00 +0000\r\n" + RAW
    assert await deliver(ctx, relayed) == first
    other_raw = RAW.replace(b"2 mars", b"9 mars")  # another message under the same Message-ID
    other = await deliver(ctx, other_raw)
    assert other != first
    kept = await scope.inbound_mail.get(other)
    assert kept is not None
    assert kept.message_id_reused
    assert (await ctx.blobs.get(kept.blob_key)).data == other_raw
    assert await deliver(ctx, other_raw) == other
    bare = b"From: greffe@justice.fr\r\nSubject: Avis\r\n\r\nAudience le 3 mars.\r\n"  # no Message-ID
    without = await deliver(ctx, bare)
    assert await deliver(ctx, b"Received: from relais3 by mx\r\n" + bare) == without


async def test_no_raw_copy_is_left_without_its_record(context):
    ctx, _jobs, scope = await mailroom(context)
    await deliver(ctx, RAW)
    # An address that is not UTF-8 (smuggled in as surrogates): SQLite refuses the record; D1 keeps it, the
    # surrogate replaced by U+FFFD. Either way each raw copy has its record.
    with contextlib.suppress(Exception):  # whichever error the store raises, the sender is told to retry
        await deliver(ctx, RAW.replace(b"avis-1", b"avis-2"), mail_from="greffe\udcff@justice.fr")
    records = await list_mail(scope, limit=200)
    copies = (await ctx.blobs.list("cabinets/")).objects
    assert sorted(copy.key for copy in copies) == sorted(message.blob_key for message, _reading in records)
