"""Transcriptions (d1/transcriptions.py) on SQLite locally and on D1 in the Workers harness: one per document version,
read with their document's dossier and title where the actor sees that dossier, positioned in the cabinet's waiting
list, changed only at the row version they were read at, with their transcript versions, never across cabinets."""

from __future__ import annotations

from dataclasses import replace

from d1.database import ConstraintViolation
from d1.documents import Documents
from d1.erasure import Erasure
from d1.notifications import Notifications
from d1.transcriptions import Transcriptions
from domain.actors import SYSTEM, Actor, Role
from domain.documents import Document, DocumentVersion, TextStatus, blob_key
from domain.notifications import Audience
from domain.transcriptions import Transcription, TranscriptionStatus, TranscriptVersion, VersionSource
from domain.transcripts import Segment, Transcript
from tests.contract.expect import raises
from tests.contract.seed import add_cabinet, add_person
from tests.contract.test_dossier_access import dossier

NOW = "2026-03-02T08:30:00+00:00"
ASSISTANT = Actor("person", "assistant", Role.ASSISTANT)
WAV = "audio/wav"


def a_document(document_id: str, cabinet_id: str, dossier_id: str | None) -> Document:
    key = blob_key(cabinet_id, document_id, 1, "up1")
    version = DocumentVersion(document_id, 1, f"{document_id}.wav", key, 1234, "cd" * 32, WAV, WAV,
                              TextStatus.PENDING, "lawyer", NOW)  # fmt: skip
    return Document(document_id, cabinet_id, dossier_id, f"Dictée {document_id}", (), version, "lawyer", NOW, NOW)


def a_transcription(transcription_id: str, document_id: str, cabinet_id: str = "cab1", **changes) -> Transcription:
    t = Transcription(transcription_id, cabinet_id, document_id, 1, "cd" * 32, WAV, TranscriptionStatus.WAITING,
                      NOW, NOW, NOW, NOW)  # fmt: skip
    return replace(t, **changes)


async def seeded(database) -> Transcriptions:
    await add_cabinet(database, "cab1")
    await add_cabinet(database, "cab2")
    await database.batch([
        dossier("open", "cab1", 1, "cabinet", None),
        dossier("kept", "cab1", 2, "equipe", "lawyer"),
        dossier("other", "cab2", 1, "cabinet", None),
    ])  # fmt: skip
    await database.batch([
        *Documents(database, "cab1").insert(a_document("d1", "cab1", "open")),
        *Documents(database, "cab1").insert(a_document("d2", "cab1", "open")),
        *Documents(database, "cab1").insert(a_document("d3", "cab1", "kept")),
        *Documents(database, "cab2").insert(a_document("d9", "cab2", "other")),
    ])  # fmt: skip
    transcriptions = Transcriptions(database, "cab1")
    await database.batch([
        transcriptions.insert(a_transcription("t1", "d1", queued_at="2026-03-02T08:30:01+00:00")),
        transcriptions.insert(a_transcription("t2", "d2", queued_at="2026-03-02T08:30:02+00:00",
                                              created_at="2026-03-02T08:31:00+00:00")),
        transcriptions.insert(a_transcription("t3", "d3", queued_at="2026-03-02T08:30:03+00:00")),
        Transcriptions(database, "cab2").insert(a_transcription("t9", "d9", "cab2")),
    ])  # fmt: skip
    return transcriptions


async def test_a_transcription_is_read_with_its_documents_dossier_and_title_and_its_place_in_the_queue(database):
    transcriptions = await seeded(database)
    found = await transcriptions.get(ASSISTANT, "t2")
    assert found is not None
    assert (found.dossier_id, found.title, found.status, found.position) == ("open", "Dictée d2", "en_attente", 2)
    assert [t.id for t in await transcriptions.waiting()] == ["t1", "t2", "t3"]
    assert [t.position for t in await transcriptions.waiting()] == [1, 2, 3]
    assert (await transcriptions.of_document("d1", 1)).id == "t1"  # type: ignore[union-attr]
    assert await transcriptions.of_document("d1", 2) is None


async def test_a_dossier_kept_to_its_team_hides_its_transcriptions_and_another_cabinets_are_never_seen(database):
    transcriptions = await seeded(database)
    assert await transcriptions.get(ASSISTANT, "t3") is None
    assert (await transcriptions.get(SYSTEM, "t3")) is not None
    assert await transcriptions.get(SYSTEM, "t9") is None
    assert [t.id for t in await transcriptions.of_dossier(ASSISTANT, "open")] == ["t2", "t1"]
    assert await transcriptions.of_dossier(ASSISTANT, "kept") == []
    assert await transcriptions.of_dossier(SYSTEM, "other") == []


async def test_a_document_version_has_one_transcription_whoever_creates_it_first(database):
    transcriptions = await seeded(database)
    [result] = await database.batch([transcriptions.insert(a_transcription("again", "d1"))])
    assert result.changes == 0
    assert (await transcriptions.of_document("d1", 1)).id == "t1"  # type: ignore[union-attr]


async def test_a_change_lands_only_at_the_row_version_it_was_read_at_and_its_transcript_goes_with_it(database):
    transcriptions = await seeded(database)
    t1 = await transcriptions.get(SYSTEM, "t1")
    assert t1 is not None
    running = replace(t1, status=TranscriptionStatus.RUNNING, attempts=1, updated_at="2026-03-02T08:40:00+00:00")
    first, second = await database.batch([transcriptions.start(running, 1), transcriptions.start(running, 1)])
    assert (first.changes, second.changes) == (1, 0)
    assert await transcriptions.record_progress("t1", 2, 40, NOW)
    assert not await transcriptions.record_progress("t1", 1, 50, NOW)
    assert (await transcriptions.get(SYSTEM, "t1")).progress == 40  # type: ignore[union-attr]
    heard = Transcript((Segment(0.0, 2.5, "Bonjour maître."),), "fr", 2.5, "whisper")
    done = replace(running, current_version=1)
    version = TranscriptVersion(1, VersionSource.MACHINE, None, NOW, heard.segments)
    await database.batch([transcriptions.finish(done, 2, heard),
                          transcriptions.add_version("t1", version, transcriptions.at_version("t1", 3))])  # fmt: skip
    late = await database.batch([transcriptions.finish(done, 2, heard)])
    assert late[0].changes == 0
    read = await transcriptions.get(SYSTEM, "t1")
    assert read is not None
    assert (read.status, read.progress, read.language, read.duration_s, read.current_version, read.position) == (
        "terminee", 100, "fr", 2.5, 1, None)  # fmt: skip
    assert [(v.version, v.source, v.segments) for v in await transcriptions.versions("t1")] == [
        (1, "machine", heard.segments)]  # fmt: skip
    assert (await transcriptions.done_with_sha256("cd" * 32)).id == "t1"  # type: ignore[union-attr]
    assert await Transcriptions(database, "cab2").done_with_sha256("cd" * 32) is None


async def test_a_version_number_taken_first_by_another_edit_is_refused_and_a_stale_guard_writes_nothing(database):
    transcriptions = await seeded(database)
    edit = TranscriptVersion(2, VersionSource.EDITION, "lawyer", NOW, (Segment(0.0, 1.0, "Corrigé"),))
    await database.batch([transcriptions.add_version("t1", edit, transcriptions.exists("t1"))])
    with raises(ConstraintViolation):
        await database.batch([transcriptions.add_version("t1", edit, transcriptions.exists("t1"))])
    await database.batch([transcriptions.add_version("t2", edit, transcriptions.at_version("t2", 7))])
    assert await transcriptions.versions("t2") == []
    assert [v.author for v in await transcriptions.versions("t1")] == ["lawyer"]
    assert (await transcriptions.version("t1", 2)).segments[0].text == "Corrigé"  # type: ignore[union-attr]


async def test_erasing_a_dossier_erases_its_recordings_transcriptions(database):
    transcriptions = await seeded(database)
    edit = TranscriptVersion(1, VersionSource.MACHINE, None, NOW, (Segment(0.0, 1.0, "Texte"),))
    await database.batch([transcriptions.add_version("t1", edit, transcriptions.exists("t1"))])
    await database.batch(Erasure(database, "cab1").dossier("open"))
    assert await transcriptions.get(SYSTEM, "t1") is None
    assert await transcriptions.versions("t1") == []
    assert (await transcriptions.get(SYSTEM, "t3")) is not None


async def test_a_failure_a_requeue_and_an_edit_each_change_the_row_once(database):
    transcriptions = await seeded(database)
    t2 = await transcriptions.get(SYSTEM, "t2")
    assert t2 is not None
    failed = replace(t2, status=TranscriptionStatus.FAILED, error="Illisible.", attempts=1)
    first, stale = await database.batch([transcriptions.set_state(failed, 1), transcriptions.set_state(failed, 1)])
    assert (first.changes, stale.changes) == (1, 0)
    read = await transcriptions.get(SYSTEM, "t2")
    assert read is not None
    assert (read.status, read.error, read.position) == ("echec", "Illisible.", None)
    assert [t.id for t in await transcriptions.waiting()] == ["t1", "t3"]
    again = replace(read, status=TranscriptionStatus.WAITING, error=None, attempts=0, queued_at="2026-03-02T09:00:00Z")
    await database.batch([transcriptions.set_state(again, read.row_version)])
    assert [(t.id, t.position) for t in await transcriptions.waiting()] == [("t1", 1), ("t3", 2), ("t2", 3)]
    edited = replace(again, current_version=2)
    [changed] = await database.batch([transcriptions.set_current_version(edited, read.row_version + 1)])
    assert changed.changes == 1
    assert (await transcriptions.get(SYSTEM, "t2")).current_version == 2  # type: ignore[union-attr]


async def test_a_dossiers_live_audience_is_its_responsible_lawyer_and_team_among_active_people(database):
    await seeded(database)
    await add_person(database, "lawyer", "cab1", role=Role.AVOCAT)
    await add_person(database, "partner", "cab1", role=Role.ASSOCIE)
    await add_person(database, "gone", "cab1", role=Role.AVOCAT, active=False)
    await add_person(database, "stranger", "cab2", role=Role.ASSOCIE)
    notifications = Notifications(database, "cab1")
    assert await notifications.people_of(Audience.dossier("kept")) == ["lawyer"]
    assert await notifications.people_of(Audience.dossier("open")) == ["partner"]  # no team: the associés
    assert await notifications.people_of(Audience.dossier("other")) == ["partner"]


async def test_stalled_transcriptions_are_the_waiting_or_running_ones_untouched_since_and_a_touch_moves_them(database):
    transcriptions = await seeded(database)
    t1 = await transcriptions.get(SYSTEM, "t1")
    assert t1 is not None
    later = "2026-03-02T09:30:00+00:00"
    assert [t.id for t in await transcriptions.stalled(later)] == ["t1", "t2", "t3"]  # never another cabinet's
    assert await transcriptions.stalled(NOW) == []
    [touched] = await database.batch([transcriptions.touch(replace(t1, updated_at=later), t1.row_version)])
    assert touched.changes == 1
    assert [t.id for t in await transcriptions.stalled(later)] == ["t2", "t3"]
    [stale] = await database.batch([transcriptions.touch(replace(t1, updated_at=later), t1.row_version)])
    assert stale.changes == 0  # read at an older row version: nothing written
    await database.batch([Documents(database, "cab1").soft_delete("d2", "lawyer", later)])
    assert [t.id for t in await transcriptions.stalled(later)] == ["t3"]  # a deleted recording is not waited for
    t3 = await transcriptions.get(SYSTEM, "t3")
    assert t3 is not None
    assert t3.position == 2  # after t1 only: the deleted t2 keeps no place in the queue
