from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from handlers.scheduled import handle_scheduled
from local.config import ROOT, crons_of, read_wrangler
from local.queue_worker import drain_once
from services.cron import CRON_TASKS, run_key
from tests.fakes import local_testbed


def test_every_cron_of_wrangler_toml_has_a_task_and_no_task_lacks_a_cron():
    assert set(crons_of(read_wrangler(ROOT / "wrangler.toml"))) == set(CRON_TASKS)


def test_each_firing_is_its_own_period_down_to_the_minute():
    assert run_key("deadline_scan", datetime(2026, 7, 15, 5, 0, tzinfo=UTC)) == "2026-07-15T05:00"
    assert run_key("mail_sweep", datetime(2026, 7, 15, 5, 5, tzinfo=UTC)) == "2026-07-15T05:05"


async def test_a_task_runs_once_per_period_even_when_fired_twice(tmp_path: Path):
    bed = local_testbed(tmp_path)
    at = datetime(2026, 7, 15, 5, 0, tzinfo=UTC)
    first = await handle_scheduled(bed.context, "0 0-23 * * *", at)
    again = await handle_scheduled(bed.context, "0 0-23 * * *", at)
    assert first is not None
    assert first.run_key == "2026-07-15T05:00"
    assert again is None
    audit = await bed.database.all("SELECT action, subject FROM audit_log")
    assert audit == [{"action": "cron.deadline_scan.done", "subject": "2026-07-15T05:00"}]


async def test_the_mail_sweep_sends_again_the_jobs_of_mail_left_waiting(tmp_path: Path):
    bed = local_testbed(tmp_path)
    await bed.database.run(
        "INSERT INTO cabinets (id, name, inbound_address, created_at) VALUES ('cab1', 'C', 'c@poste.example', 'x')"
    )
    await bed.database.run(
        "INSERT INTO inbound_mail (id, cabinet_id, mail_from, recipient, dedupe_key, size, sha256, blob_key, status,"
        " received_at) VALUES ('m1', 'cab1', 'a@b', 'c@poste.example', 'mid:<m1>', 1, 'x', 'k', 'received', ?)",
        "2026-07-15T02:00:00+00:00",
    )
    run = await handle_scheduled(bed.context, "*/5 * * * *", datetime(2026, 7, 15, 4, 30, tzinfo=UTC))
    assert run is not None
    assert run.cabinets == 1
    assert await drain_once(bed.runtime) == 1  # the cabinet's share of the run, as its own job
    (job,) = bed.queue.lease()
    assert job.body["id"] == "mail.received:m1"


async def test_each_cabinet_gets_its_own_job_so_one_failure_never_blocks_another(tmp_path: Path):
    bed = local_testbed(tmp_path)
    for cabinet in ("cab1", "cab2"):
        await bed.database.run(
            "INSERT INTO cabinets (id, name, inbound_address, created_at) VALUES (?, 'C', ?, 'x')",
            cabinet, f"{cabinet}@poste.example",
        )  # fmt: skip
    await handle_scheduled(bed.context, "*/5 * * * *", datetime(2026, 7, 15, 4, 30, tzinfo=UTC))
    jobs = bed.queue.lease()
    assert sorted(job.body["cabinet_id"] for job in jobs) == ["cab1", "cab2"]
    assert {job.body["kind"] for job in jobs} == {"cron.cabinet"}
    assert len({job.body["id"] for job in jobs}) == 2


async def test_an_unknown_cron_expression_is_an_error_not_a_silent_skip(tmp_path: Path):
    bed = local_testbed(tmp_path)
    with pytest.raises(ValueError, match="no task"):
        await handle_scheduled(bed.context, "*/7 * * * *", datetime(2026, 7, 15, tzinfo=UTC))


class FlakyQueue:
    """The real queue, failing its first send: a fan-out interrupted half-way."""

    def __init__(self, queue):
        self._queue = queue
        self.failures = 1

    async def send(self, job):
        if self.failures:
            self.failures -= 1
            raise RuntimeError("queue unavailable")
        await self._queue.send(job)

    async def depth(self):
        return await self._queue.depth()


async def test_a_run_that_failed_is_taken_over_by_the_next_firing(tmp_path: Path):
    bed = local_testbed(tmp_path)
    await bed.database.run(
        "INSERT INTO cabinets (id, name, inbound_address, created_at) VALUES ('cab1', 'C', 'c@poste.example', 'x')"
    )
    context = replace(bed.context, jobs=FlakyQueue(bed.queue))
    at = datetime(2026, 7, 15, 4, 30, tzinfo=UTC)
    with pytest.raises(RuntimeError):
        await handle_scheduled(context, "*/5 * * * *", at)
    assert (await bed.database.first("SELECT status FROM scheduled_runs"))["status"] == "failed"
    assert await handle_scheduled(context, "*/5 * * * *", at) is not None
    assert await handle_scheduled(context, "*/5 * * * *", at) is None
    assert (await bed.database.first("SELECT status FROM scheduled_runs"))["status"] == "done"
    assert [job.body["cabinet_id"] for job in bed.queue.lease()] == ["cab1"]


async def test_a_run_still_in_progress_is_not_started_twice_but_an_abandoned_one_is(tmp_path: Path):
    bed = local_testbed(tmp_path)
    at = datetime(2026, 7, 15, 5, 0, tzinfo=UTC)
    await bed.database.run(
        "INSERT INTO scheduled_runs (task, run_key, cron, status, started_at) VALUES (?, ?, ?, 'running', ?)",
        "deadline_scan", "2026-07-15T05:00", "0 0-23 * * *", bed.clock.now().isoformat(),
    )  # fmt: skip
    assert await handle_scheduled(bed.context, "0 0-23 * * *", at) is None
    bed.clock.advance(minutes=16)
    assert await handle_scheduled(bed.context, "0 0-23 * * *", at) is not None
