"""The morning digest and the weekly report (services/digests.py), sent by the morning's `deadline.scan` job through
the outbound-mail port: the day's and week's deadlines and hearings, overdue first, text and HTML, a subject without
any client's name, once per person and day."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from domain.actors import SYSTEM, Actor, Role
from domain.notifications import Audience, NewNotification, NotificationType
from services.deadline_scan import DeadlineScan, run_morning
from services.digests import DigestsNotSent
from services.notifications import PreferenceChange, mark_read, set_preferences
from services.ports import MailNotSent, OutboundMail
from services.scope import CabinetScope, SystemScope
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


async def _notify(bed, note_id: str, title: str, kind: NotificationType, at: str, *people: str) -> None:
    scope = SystemScope(bed.context, SYSTEM, "tests").for_cabinet("cab1")
    audience = Audience.people(*people) if people else Audience.everyone()
    note = NewNotification(note_id, f"test:{note_id}", kind, title, "corps", "/courrier", audience, at)
    await scope.commit(*scope.notify(note), action="test.notified", subject=note_id)


async def test_the_daily_digest_lists_the_unread_notifications_since_the_previous_one_of_the_types_kept(
    tmp_path: Path,
):
    bed = await seeded(tmp_path)
    lawyer = CabinetScope(bed.context, "cab1", Actor("person", "lawyer", Role.AVOCAT), "api")
    await set_preferences(lawyer, [PreferenceChange(NotificationType.MAIL_FILED.value, live=True, digest=False)])
    await _notify(bed, "old", "Ancienne alerte", NotificationType.ALERT, "2026-03-05T10:00:00+00:00", "lawyer")
    await _notify(bed, "tray", "Courrier à classer", NotificationType.MAIL_TO_FILE, "2026-03-06T10:00:00+00:00")
    await _notify(bed, "read", "Alerte déjà lue", NotificationType.ALERT, "2026-03-06T11:00:00+00:00",
                  "lawyer")  # fmt: skip
    await _notify(bed, "filed", "Courrier classé", NotificationType.MAIL_FILED, "2026-03-07T10:00:00+00:00",
                  "lawyer")  # fmt: skip
    await mark_read(lawyer, "read")
    mailer = RecordingMailer()
    context = replace(bed.context, mailer=mailer)
    bed.clock.current = datetime(2026, 3, 9, 6, tzinfo=UTC)
    await run_morning(context, job_on(MONDAY))
    sent = {(m.to, m.subject.split(" ")[0]): m for m in mailer.sent}
    daily, weekly = sent["lawyer@cab1.fr", "Votre"], sent["lawyer@cab1.fr", "Semaine"]
    # since Friday, of the types kept, oldest first: the tray's news, then the alerts this very morning's scan raised
    listed = _unread_section(daily.text)
    assert listed[0] == "Courrier à classer"
    assert "Échéance dans 3 jours — dossier 2026-0001" in listed
    assert {"Ancienne alerte", "Alerte déjà lue", "Courrier classé"} & set(listed) == set()
    assert "Notifications non lues" not in weekly.text
    idle = sent["idle@cab1.fr", "Votre"]  # nothing due, but unread news: a digest all the same
    assert idle.subject == "Votre journée du 09/03/2026 : 0 échéance(s), 0 audience(s), 1 notification(s) non lue(s)"
    assert "<h2>Notifications non lues</h2><ul><li>Courrier à classer</li></ul>" in (idle.html or "")
    await _notify(bed, "before", "Avant l'envoi", NotificationType.MAIL_NEW, "2026-03-09T05:00:00+00:00", "lawyer")
    await _notify(bed, "after", "Après l'envoi", NotificationType.MAIL_NEW, "2026-03-09T08:00:00+00:00", "lawyer")
    bed.clock.current = datetime(2026, 3, 10, 6, tzinfo=UTC)
    await run_morning(context, job_on(date(2026, 3, 10)))
    tuesday = next(m for m in mailer.sent[3:] if m.to == "lawyer@cab1.fr")
    assert _unread_section(tuesday.text)[0] == "Après l'envoi"  # since Monday's digest went out
    assert "Avant l'envoi" not in tuesday.text


def _unread_section(text: str) -> list[str]:
    section = text.split("Notifications non lues :\n", 1)[1].split("\n\n", 1)[0]
    return [line.removeprefix("- ") for line in section.splitlines()]
