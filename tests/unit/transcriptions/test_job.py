"""The `recording.transcribe` job on the local runtime's audio lane with a scripted model: progress recorded and
pushed at most every 10 %, temporary failures retried after 1, 4 then 16 minutes while the row waits with its
reason, then a failure for good with its notification; the jobs queue never sees any of it."""

from __future__ import annotations

from dataclasses import replace

from domain.actors import SYSTEM, Role
from domain.audio import TranscriptionFailed
from local.queue_worker import drain_once
from services.scope import CabinetScope
from services.transcriptions import queue_transcription
from tests.api.document_seed import uploaded
from tests.api.dossier_rows import new_dossier
from tests.api.seed import new_cabinet, person_of
from tests.fakes import RecordingHub, ScriptedTranscriber, local_testbed
from tests.scripted_transcriber import wav_of


async def recorded(bed, transcriber: ScriptedTranscriber, hub: RecordingHub | None = None):
    bed.runtime.context = replace(bed.context, transcriber=transcriber, hub=hub or RecordingHub())
    cabinet = await new_cabinet(bed.context, "dictees@poste.example")
    lawyer = await person_of(bed.context, cabinet.id, Role.AVOCAT)
    dossier_id = await new_dossier(bed.context, cabinet.id, responsible_id=lawyer.id)
    document = await uploaded(bed.context, cabinet.id, dossier_id, wav_of("dictée"), file_name="d.wav",
                              declared="audio/wav")  # fmt: skip
    scope = CabinetScope(bed.context, cabinet.id, SYSTEM, "tests")
    return scope, await queue_transcription(scope, document)


async def test_progress_is_recorded_and_pushed_at_most_every_ten_percent(tmp_path):
    hub = RecordingHub()
    bed = local_testbed(tmp_path)
    scope, queued = await recorded(bed, ScriptedTranscriber(), hub)
    assert await drain_once(bed.runtime) == 1  # the upload's text job, on the jobs queue: it finds the transcription
    assert await drain_once(bed.runtime, audio=True) == 1
    frames = [f["transcription"] for f in hub.frames("transcription") if f["transcription"]["id"] == queued.id]
    assert [(f["status"], f["progress"]) for f in frames] == [
        ("en_attente", 0), ("en_cours", 0), ("en_cours", 12), ("en_cours", 25), ("en_cours", 50), ("en_cours", 75),
        ("en_cours", 99), ("terminee", 100)]  # fmt: skip
    assert frames[0]["position"] == 1
    assert all(event.get("to") for _, event in hub.events)
    done = await scope.transcriptions.get(SYSTEM, queued.id)
    assert done is not None
    assert (done.status, done.progress, done.attempts) == ("terminee", 100, 1)


async def test_temporary_failures_wait_one_four_then_sixteen_minutes_then_fail_for_good_with_a_notification(tmp_path):
    busy = [TranscriptionFailed("Le service de transcription est saturé.", temporary=True) for _ in range(4)]
    bed = local_testbed(tmp_path)
    scope, queued = await recorded(bed, ScriptedTranscriber(errors=busy))
    for delay in (60, 240, 960):
        assert await drain_once(bed.runtime, audio=True) == 1
        waiting = await scope.transcriptions.get(SYSTEM, queued.id)
        assert waiting is not None
        assert (waiting.status, waiting.error) == ("en_attente", "Le service de transcription est saturé.")
        bed.clock.advance(seconds=delay - 1)
        assert await drain_once(bed.runtime, audio=True) == 0
        bed.clock.advance(seconds=1)
    assert await drain_once(bed.runtime, audio=True) == 1
    failed = await scope.transcriptions.get(SYSTEM, queued.id)
    assert failed is not None
    assert (failed.status, failed.attempts) == ("echec", 4)
    assert await bed.runtime.audio_queue.depth() == 0
    assert bed.runtime.audio_queue.dead_letters() == []
    lawyer = await person_of(bed.context, scope.cabinet_id, Role.AVOCAT)
    notes = await scope.notifications.for_person(lawyer.id, limit=10)
    assert [n.type.value for n in notes] == ["transcription.echec"]
    assert "saturé" in notes[0].body
