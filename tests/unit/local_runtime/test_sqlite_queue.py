from local.sqlite_queue import SqliteJobQueue
from tests.fakes import FrozenClock


def make_queue(tmp_path, clock, **kw) -> SqliteJobQueue:
    return SqliteJobQueue(tmp_path / "q.sqlite", clock, visibility_seconds=30, **kw)


async def test_an_acked_job_leaves_the_queue(tmp_path):
    queue = make_queue(tmp_path, FrozenClock())
    await queue.send({"id": "j1", "kind": "k"})
    (job,) = queue.lease()
    job.ack()
    queue.settle(job, handler_failed=False)
    assert await queue.depth() == 0


async def test_a_leased_job_is_not_delivered_twice_while_its_lease_runs(tmp_path):
    clock = FrozenClock()
    queue = make_queue(tmp_path, clock)
    await queue.send({"id": "j1", "kind": "k"})
    assert len(queue.lease()) == 1
    assert queue.lease() == []
    clock.advance(seconds=31)
    (again,) = queue.lease()
    assert again.attempts == 2


async def test_a_job_whose_consumer_died_survives_a_restart(tmp_path):
    clock = FrozenClock()
    queue = make_queue(tmp_path, clock)
    await queue.send({"id": "j1", "kind": "k", "payload": "é"})
    queue.lease()  # the consumer dies here without settling
    queue.close()
    reopened = make_queue(tmp_path, clock)
    assert await reopened.depth() == 1
    clock.advance(seconds=31)
    (job,) = reopened.lease()
    assert job.body == {"id": "j1", "kind": "k", "payload": "é"}


async def test_a_clean_stop_hands_leases_back_at_once(tmp_path):
    queue = make_queue(tmp_path, FrozenClock())
    await queue.send({"id": "j1", "kind": "k"})
    queue.lease()
    assert queue.release_all_leases() == 1
    assert len(queue.lease()) == 1


async def test_a_job_retried_past_max_retries_goes_to_the_dead_letters(tmp_path):
    clock = FrozenClock()
    queue = make_queue(tmp_path, clock, max_retries=2)
    await queue.send({"id": "j1", "kind": "k"})
    for attempt in range(1, 4):
        (job,) = queue.lease()
        assert job.attempts == attempt
        job.retry()
        queue.settle(job, handler_failed=False, retry_delay_seconds=5)
        clock.advance(seconds=5)
    assert await queue.depth() == 0
    assert queue.dead_letters() == [{"id": "j1", "kind": "k"}]


async def test_unmarked_jobs_follow_the_handlers_fate(tmp_path):
    queue = make_queue(tmp_path, FrozenClock())
    await queue.send({"id": "ok", "kind": "k"})
    await queue.send({"id": "ko", "kind": "k"})
    first, second = queue.lease()
    queue.settle(first, handler_failed=False)
    queue.settle(second, handler_failed=True)
    (left,) = queue.lease()
    assert left.body["id"] == "ko"


async def test_sending_the_same_job_twice_delivers_it_twice_like_cloudflare(tmp_path):
    queue = make_queue(tmp_path, FrozenClock())
    await queue.send({"id": "same", "kind": "k"})
    await queue.send({"id": "same", "kind": "k"})
    assert len(queue.lease()) == 2
