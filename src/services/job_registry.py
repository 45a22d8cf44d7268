"""The job kinds this version runs, each with its use case: what both runtimes' consumers are built with."""

from __future__ import annotations

from services.cron import run_cabinet_task
from services.deadline_scan import DeadlineScan, run_morning
from services.document_text import extract_document_text
from services.inbound_mail import read_stored_mail
from services.jobs import CabinetCronTask, DocumentText, JobRegistry, MailReceived, TranscribeRecording
from services.transcription_job import transcribe_recording


def default_job_registry() -> JobRegistry:
    return (
        JobRegistry()
        .register(MailReceived, read_stored_mail)
        .register(CabinetCronTask, run_cabinet_task)
        .register(DocumentText, extract_document_text)
        .register(DeadlineScan, run_morning)
        .register(TranscribeRecording, transcribe_recording)
    )
