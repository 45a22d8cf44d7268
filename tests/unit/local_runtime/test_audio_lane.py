"""The audio lane of the local runtime: its own durable queue and worker, and a job's own backoff (`RetryLater`)
honoured by the consumer, while an ordinary failure keeps the queue's delay."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import ClassVar

from local.queue_worker import drain_once, run_queue_worker
from services.jobs import JobRegistry, RetryLater
from tests.fakes import local_testbed


@dataclass(frozen=True)
class FlakyJob:
    kind: ClassVar[str] = "test.flaky"
    id: str

    def body(self):
        return {"id": self.id, "kind": self.kind}

    @classmethod
    def parse(cls, body):
        return cls(body["id"])


def registry(outcomes: list[Exception | None], runs: list[str]) -> JobRegistry:
    async def run(ctx, job: FlakyJob):
        runs.append(job.id)
        outcome = outcomes.pop(0)
        if outcome is not None:
            raise outcome

    return JobRegistry().register(FlakyJob, run)


async def test_a_job_asking_to_be_retried_later_comes_back_only_after_its_delay(tmp_path):
    runs: list[str] = []
    bed = local_testbed(tmp_path, job_registry=registry([RetryLater(240), None], runs))
    await bed.context.audio_jobs.send(FlakyJob("a1").body())
    assert await drain_once(bed.runtime) == 0  # not on the jobs queue
    assert await drain_once(bed.runtime, audio=True) == 1
    bed.clock.advance(seconds=239)
    assert await drain_once(bed.runtime, audio=True) == 0
    bed.clock.advance(seconds=2)
    assert await drain_once(bed.runtime, audio=True) == 1
    assert runs == ["a1", "a1"]
    assert await bed.runtime.audio_queue.depth() == 0


async def test_an_ordinary_failure_is_retried_after_the_queues_own_delay(tmp_path):
    runs: list[str] = []
    bed = local_testbed(tmp_path, job_registry=registry([RuntimeError("boom"), None], runs))
    await bed.context.audio_jobs.send(FlakyJob("a2").body())
    assert await drain_once(bed.runtime, audio=True) == 1
    assert await drain_once(bed.runtime, audio=True) == 1  # the testbed's queues retry at once
    assert runs == ["a2", "a2"]


async def test_the_audio_worker_runs_beside_the_jobs_worker_and_hands_back_nothing_when_idle(tmp_path):
    runs: list[str] = []
    bed = local_testbed(tmp_path, job_registry=registry([None, None], runs))
    await bed.context.audio_jobs.send(FlakyJob("audio").body())
    await bed.context.jobs.send(FlakyJob("mail").body())
    stop = asyncio.Event()
    workers = [asyncio.create_task(run_queue_worker(bed.runtime, stop)),
               asyncio.create_task(run_queue_worker(bed.runtime, stop, audio=True))]  # fmt: skip
    for _ in range(200):
        if len(runs) == 2:
            break
        await asyncio.sleep(0.01)
    stop.set()
    await asyncio.gather(*workers)
    assert sorted(runs) == ["audio", "mail"]
