"""The JobQueue port's contract: what a producer sends is what a consumer receives."""

from tests.contract.expect import raises


async def test_a_job_sent_is_delivered_with_its_body(jobs):
    job = {"id": "mail.received:01J", "kind": "mail.received", "cabinet_id": "c1", "tags": ["é", 1, None]}
    await jobs.queue.send(job)
    assert await jobs.receive() == [job]


async def test_jobs_are_delivered_in_the_order_sent(jobs):
    for n in range(5):
        await jobs.queue.send({"id": f"j{n}", "kind": "test.order", "n": n})
    received = []
    for _ in range(5):
        received.extend(await jobs.receive())
        if len(received) == 5:
            break
    assert sorted(job["n"] for job in received) == [0, 1, 2, 3, 4]


async def test_a_job_without_id_or_kind_is_refused_before_sending(jobs):
    with raises(ValueError):
        await jobs.queue.send({"kind": "no.id"})
    with raises(ValueError):
        await jobs.queue.send({"id": "no-kind"})


async def test_a_job_over_the_message_size_limit_is_refused(jobs):
    with raises(ValueError):
        await jobs.queue.send({"id": "big", "kind": "test.big", "data": "x" * 140_000})
