"""Stopping the local queue worker while a job runs: the job finishes, or comes back; it is never lost."""

import asyncio

from handlers import jobs
from local.config import QueueSettings
from local.queue_worker import run_queue_worker
from tests.fakes import local_testbed


def slow_job_kind(monkeypatch, started: asyncio.Event, release: asyncio.Event, done: list[str]):
    async def slow(ctx, job):
        started.set()
        await release.wait()
        done.append(job["id"])

    monkeypatch.setitem(jobs.JOB_HANDLERS, "test.slow", slow)


async def test_a_stop_requested_mid_job_lets_the_job_finish_and_acks_it(tmp_path, monkeypatch):
    bed = local_testbed(tmp_path)
    started, release, done = asyncio.Event(), asyncio.Event(), []
    slow_job_kind(monkeypatch, started, release, done)
    await bed.queue.send({"id": "j1", "kind": "test.slow"})
    stop = asyncio.Event()
    worker = asyncio.create_task(run_queue_worker(bed.context, bed.queue, QueueSettings(), stop))
    await asyncio.wait_for(started.wait(), 5)
    stop.set()
    release.set()
    await asyncio.wait_for(worker, 5)
    assert done == ["j1"]
    assert await bed.queue.depth() == 0


async def test_a_worker_killed_mid_job_hands_the_job_back_for_the_next_start(tmp_path, monkeypatch):
    bed = local_testbed(tmp_path)
    started, release, done = asyncio.Event(), asyncio.Event(), []
    slow_job_kind(monkeypatch, started, release, done)
    await bed.queue.send({"id": "j1", "kind": "test.slow"})
    worker = asyncio.create_task(run_queue_worker(bed.context, bed.queue, QueueSettings(), asyncio.Event()))
    await asyncio.wait_for(started.wait(), 5)
    worker.cancel()
    await asyncio.gather(worker, return_exceptions=True)
    assert done == []
    (again,) = bed.queue.lease()
    assert again.body == {"id": "j1", "kind": "test.slow"}
    assert again.attempts == 2
