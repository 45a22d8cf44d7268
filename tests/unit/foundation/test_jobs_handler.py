from handlers.email import InboundEnvelope, handle_email
from handlers.jobs import handle_jobs
from local.config import QueueSettings
from local.queue_worker import drain_once
from tests.fakes import local_testbed

RAW = b"Subject: Avis\r\n\r\nCorps\r\n"


async def received(bed):
    await bed.database.run(
        "INSERT INTO cabinets (id, name, inbound_address, created_at) VALUES ('cab1', 'C', 'c@poste.example', 'x')"
    )
    outcome = await handle_email(bed.context, InboundEnvelope("a@b.fr", "c@poste.example", RAW))
    return outcome.inbound_id


async def test_the_worker_verifies_the_stored_copy_of_each_message(tmp_path):
    bed = local_testbed(tmp_path)
    inbound_id = await received(bed)
    assert await drain_once(bed.context, bed.queue, QueueSettings()) == 1
    row = await bed.database.first("SELECT status FROM inbound_mail WHERE id = ?", inbound_id)
    assert row["status"] == "stored"
    assert await bed.queue.depth() == 0


async def test_a_damaged_stored_copy_is_flagged_not_ignored(tmp_path):
    bed = local_testbed(tmp_path)
    inbound_id = await received(bed)
    row = await bed.database.first("SELECT blob_key FROM inbound_mail WHERE id = ?", inbound_id)
    await bed.blobs.put(row["blob_key"], b"truncated")
    await drain_once(bed.context, bed.queue, QueueSettings())
    row = await bed.database.first("SELECT status FROM inbound_mail WHERE id = ?", inbound_id)
    assert row["status"] == "corrupt"


async def test_a_job_of_unknown_kind_is_retried_then_dead_lettered_never_dropped(tmp_path):
    bed = local_testbed(tmp_path, max_retries=1)
    await bed.queue.send({"id": "x1", "kind": "from.the.future"})
    settings = QueueSettings(retry_delay_seconds=0)
    await drain_once(bed.context, bed.queue, settings)
    await drain_once(bed.context, bed.queue, settings)
    assert await bed.queue.depth() == 0
    assert bed.queue.dead_letters() == [{"id": "x1", "kind": "from.the.future"}]


async def test_a_failing_job_is_retried_and_the_others_acked(tmp_path):
    bed = local_testbed(tmp_path)
    await received(bed)
    await bed.queue.send({"id": "bad", "kind": "mail.received"})  # no cabinet_id: the handler raises
    batch = bed.queue.lease()
    await handle_jobs(bed.context, batch)
    assert [job.decision for job in batch] == ["ack", "retry"]
