"""Stopping the local queue worker while a job runs: the job finishes, or comes back; it is never lost."""

import asyncio
from dataclasses import dataclass
from typing import ClassVar

from local.queue_worker import run_queue_worker
from services.jobs import JobRegistry
from tests.fakes import local_testbed


@dataclass(frozen=True)
class SlowJob:
    kind: ClassVar[str] = "test.slow"
    id: str

    def body(self):
        return {"id": self.id, "kind": self.kind}

    @classmethod
    def parse(cls, body):
        return cls(body["id"])


def slow_registry(started: asyncio.Event, release: asyncio.Event, done: list[str]) -> JobRegistry:
    async def slow(ctx, job: SlowJob):
        started.set()
        await release.wait()
        done.append(job.id)

    return JobRegistry().register(SlowJob, slow)


async def test_a_stop_requested_mid_job_lets_the_job_finish_and_acks_it(tmp_path):
    started, release, done = asyncio.Event(), asyncio.Event(), []
    bed = local_testbed(tmp_path, job_registry=slow_registry(started, release, done))
    await bed.queue.send(SlowJob("j1").body())
    stop = asyncio.Event()
    worker = asyncio.create_task(run_queue_worker(bed.runtime, stop))
    await asyncio.wait_for(started.wait(), 5)
    stop.set()
    release.set()
    await asyncio.wait_for(worker, 5)
    assert done == ["j1"]
    assert await bed.queue.depth() == 0


async def test_a_worker_killed_mid_job_hands_the_job_back_for_the_next_start(tmp_path):
    started, release, done = asyncio.Event(), asyncio.Event(), []
    bed = local_testbed(tmp_path, job_registry=slow_registry(started, release, done))
    await bed.queue.send(SlowJob("j1").body())
    worker = asyncio.create_task(run_queue_worker(bed.runtime, asyncio.Event()))
    await asyncio.wait_for(started.wait(), 5)
    worker.cancel()
    await asyncio.gather(worker, return_exceptions=True)
    assert done == []
    (again,) = bed.queue.lease()
    assert again.body == {"id": "j1", "kind": "test.slow"}
    assert again.attempts == 2


async def test_a_backlog_is_drained_without_holding_the_event_loop(tmp_path):
    # Jobs whose own work never awaits: only the worker's leasing, settling and its turn between batches can let
    # anything else run while a backlog drains (issue: the worker drained its backlog without ever yielding).
    done: list[str] = []

    async def quick(ctx, job: SlowJob):
        done.append(job.id)

    bed = local_testbed(tmp_path, job_registry=JobRegistry().register(SlowJob, quick))
    backlog = 40
    for n in range(backlog):
        await bed.queue.send(SlowJob(f"j{n}").body())
    seen_mid_backlog: list[int] = []
    stop = asyncio.Event()

    async def other_work() -> None:  # an HTTP or SMTP request, as far as the loop is concerned
        while len(done) < backlog:
            if done:
                seen_mid_backlog.append(len(done))
            await asyncio.sleep(0)

    other = asyncio.create_task(other_work())
    worker = asyncio.create_task(run_queue_worker(bed.runtime, stop))
    await asyncio.wait_for(other, 10)
    stop.set()
    await asyncio.wait_for(worker, 5)
    assert len(done) == backlog
    assert len(set(seen_mid_backlog)) >= backlog // bed.runtime.config.queue.max_batch_size - 1
