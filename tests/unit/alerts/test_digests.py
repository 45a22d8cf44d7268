"""The morning digest and the weekly report (services/digests.py), sent by the morning's `deadline.scan` job through
the outbound-mail port: the day's and week's deadlines and hearings, overdue first, text and HTML, a subject without
any client's name, once per person and day."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from domain.actors import Role
from services.deadline_scan import DeadlineScan, run_morning
from services.digests import DigestsNotSent
from services.ports import MailNotSent, OutboundMail
from tests.contract.dossier_seed import add_client, add_dossier
from tests.contract.echeance_seed import add_deadline, add_hearing
from tests.contract.seed import add_cabinet, add_person
from tests.fakes import local_testbed

MONDAY = date(2026, 3, 9)


class RecordingMailer:
    def __init__(self, failing: bool = False, refusing: bool = False) -> None:
        self.sent: list[OutboundMail] = []
        self.failing, self.refusing = failing, refusing

    async def send(self, mail: OutboundMail) -> str:
        if self.failing or self.refusing:
            raise MailNotSent("relay down" if self.failing else "550 no such user", temporary=self.failing)
        self.sent.append(mail)
        return f"<m{len(self.sent)}@poste.example>"


async def seeded(tmp_path: Path):
    bed = local_testbed(tmp_path)
    db = bed.database
    await add_cabinet(db, "cab1")
    await add_person(db, "lawyer", "cab1", role=Role.AVOCAT, name="Me Durand")
    await add_person(db, "idle", "cab1", role=Role.AVOCAT)  # nothing for them: no mail
    await add_client(db, "c1", "cab1", last_name="Dupont")
    await add_dossier(db, "d1", "cab1", ["c1"], responsible_id="lawyer", title="Bail commercial Dupont")
    await add_deadline(db, "late", "cab1", "d1", date(2026, 3, 5), responsible_id="lawyer", title="Signifier l'appel")
    await add_deadline(db, "today", "cab1", "d1", MONDAY, responsible_id="lawyer", title="Conclusions d'intimé")
    await add_deadline(db, "thursday", "cab1", "d1", date(2026, 3, 12), responsible_id="lawyer", title="Pièces")
    await add_deadline(db, "next-week", "cab1", "d1", date(2026, 3, 17), responsible_id="lawyer", title="Plus tard")
    await add_hearing(db, "h1", "cab1", "d1", date(2026, 3, 10), time="14:00")
    return bed


def job_on(day: date) -> DeadlineScan:
    return DeadlineScan("cab1", day.isoformat(), datetime(day.year, day.month, day.day, 6, tzinfo=UTC).isoformat())


async def test_on_monday_a_lawyer_gets_the_days_digest_and_the_weeks_report_overdue_first(tmp_path: Path):
    bed = await seeded(tmp_path)
    mailer = RecordingMailer()
    context = replace(bed.context, mailer=mailer)
    await run_morning(context, job_on(MONDAY))
    daily, weekly = mailer.sent
    assert {daily.to, weekly.to} == {"lawyer@cab1.fr"}
    assert daily.subject == "Votre journée du 09/03/2026 : 1 échéance(s), 0 audience(s), 1 en retard"
    assert weekly.subject == "Semaine du 09/03/2026 : 2 échéance(s), 1 audience(s), 1 en retard"
    for mail in (daily, weekly):
        assert "Dupont" not in mail.subject
        assert mail.html is not None
        assert mail.html.startswith("<!DOCTYPE html>")
        assert mail.text.index("En retard") < mail.text.index("Échéances")
        assert "05/03/2026 — Signifier l'appel (dossier 2026-" in mail.text
    assert "Plus tard" not in weekly.text
    assert "mardi 10/03/2026 à 14:00 — plaidoiries, Tribunal judiciaire de Lyon, 3e chambre" in weekly.text
    assert "Pièces" in weekly.text
    assert "Pièces" not in daily.text


async def test_each_digest_is_sent_once_per_person_and_day_and_never_on_a_week_end(tmp_path: Path):
    bed = await seeded(tmp_path)
    mailer = RecordingMailer()
    context = replace(bed.context, mailer=mailer)
    await run_morning(context, job_on(MONDAY))
    await bed.database.run("UPDATE morning_runs SET status = 'failed'")  # the whole morning again
    await run_morning(context, job_on(MONDAY))
    assert len(mailer.sent) == 2
    await run_morning(context, job_on(date(2026, 3, 10)))
    assert [m.subject.split(" :")[0] for m in mailer.sent[2:]] == ["Votre journée du 10/03/2026"]
    await run_morning(context, job_on(date(2026, 3, 14)))  # Saturday
    assert len(mailer.sent) == 3


async def test_a_digest_the_transport_refused_is_sent_by_the_jobs_retry(tmp_path: Path):
    bed = await seeded(tmp_path)
    down, up = RecordingMailer(failing=True), RecordingMailer()
    with pytest.raises(DigestsNotSent):
        await run_morning(replace(bed.context, mailer=down), job_on(date(2026, 3, 10)))
    await run_morning(replace(bed.context, mailer=up), job_on(date(2026, 3, 10)))
    assert [m.to for m in up.sent] == ["lawyer@cab1.fr"]
    row = await bed.database.first("SELECT status, message_id FROM digest_sends")
    assert (row["status"], row["message_id"]) == ("envoye", "<m1@poste.example>")


async def test_a_digest_the_transport_refuses_for_good_is_not_retried_and_the_morning_is_done(tmp_path: Path):
    bed = await seeded(tmp_path)
    refusing = RecordingMailer(refusing=True)
    await run_morning(replace(bed.context, mailer=refusing), job_on(date(2026, 3, 10)))
    row = await bed.database.first("SELECT status FROM digest_sends")
    assert row["status"] == "refuse"
    assert (await bed.database.first("SELECT status FROM morning_runs"))["status"] == "done"
