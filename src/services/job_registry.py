"""The job kinds this version runs, each with its use case: what both runtimes' consumers are built with."""

from __future__ import annotations

from services.cron import run_cabinet_task
from services.inbound_mail import read_stored_mail
from services.jobs import CabinetCronTask, JobRegistry, MailReceived


def default_job_registry() -> JobRegistry:
    return JobRegistry().register(MailReceived, read_stored_mail).register(CabinetCronTask, run_cabinet_task)
