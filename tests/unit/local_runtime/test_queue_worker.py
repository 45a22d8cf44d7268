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
