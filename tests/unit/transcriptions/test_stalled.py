"""Nothing waits forever (docs/transcription.md): a run that died is left to the delivery that holds it while it is
fresh, taken over once stalled, and failed for good with its reason after the last attempt; a transcription whose
job was lost is sent again by the cron sweep, once per stall; a deleted recording no longer takes a place in the
queue."""

from __future__ import annotations

from domain.actors import SYSTEM
from domain.transcriptions import MAX_ATTEMPTS
from local.queue_worker import drain_once
from services.documents import delete_document
from services.jobs import TranscribeRecording
from services.transcription_job import INTERRUPTED, transcribe_recording
from services.transcriptions import STALLED_AFTER, queue_transcription, resend_stalled_transcriptions
from tests.api.document_seed import uploaded
from tests.contract.expect import raises
from tests.fakes import ScriptedTranscriber, local_testbed
from tests.scripted_transcriber import wav_of
from tests.unit.transcriptions.test_job import recorded


class Died(BaseException):
    """The process (or the Worker) dying in the middle of a run: nothing after it runs."""


class DyingTranscriber(ScriptedTranscriber):
    async def transcribe(self, audio, *, content_type, language="fr", progress=None):
        self.calls.append(audio)
        raise Died()


async def test_a_run_that_died_is_taken_over_once_stalled_and_fails_for_good_after_its_last_attempt(tmp_path):
    bed = local_testbed(tmp_path)
    model = DyingTranscriber()
    scope, queued = await recorded(bed, model)
    job = TranscribeRecording(scope.cabinet_id, queued.id)
    for attempt in range(1, MAX_ATTEMPTS + 1):
        with raises(Died):
            await transcribe_recording(bed.runtime.context, job)
        running = await scope.transcriptions.get(SYSTEM, queued.id)
        assert running is not None
        assert (running.status, running.attempts) == ("en_cours", attempt)
        await transcribe_recording(bed.runtime.context, job)  # another delivery while the run may still be alive
        assert len(model.calls) == attempt
        bed.clock.advance(seconds=STALLED_AFTER.total_seconds() + 1)
    await transcribe_recording(bed.runtime.context, job)
    failed = await scope.transcriptions.get(SYSTEM, queued.id)
    assert failed is not None
    assert (failed.status, failed.error, failed.attempts) == ("echec", INTERRUPTED, MAX_ATTEMPTS)
    assert len(model.calls) == MAX_ATTEMPTS
    document = await scope.documents.get(SYSTEM, queued.document_id)
    assert document is not None  # the audio stays
    assert document.current.sha256 == queued.sha256


async def test_a_lost_job_is_sent_again_by_the_sweep_once_per_stall(tmp_path):
    bed = local_testbed(tmp_path)
    scope, queued = await recorded(bed, ScriptedTranscriber())
    for lost in bed.runtime.audio_queue.lease(10):  # the job vanishes before anyone runs it
        lost.ack()
        bed.runtime.audio_queue.settle(lost, handler_failed=False)
    assert await bed.runtime.audio_queue.depth() == 0
    assert await resend_stalled_transcriptions(scope, bed.clock.now()) == 0  # fresh: maybe still on its way
    bed.clock.advance(seconds=STALLED_AFTER.total_seconds() + 1)
    assert await resend_stalled_transcriptions(scope, bed.clock.now()) == 1
    assert await resend_stalled_transcriptions(scope, bed.clock.now()) == 0  # sent again once per stall
    assert await bed.runtime.audio_queue.depth() == 1
    assert await drain_once(bed.runtime, audio=True) == 1
    done = await scope.transcriptions.get(SYSTEM, queued.id)
    assert done is not None
    assert done.status == "terminee"


async def test_a_deleted_recording_no_longer_holds_a_place_in_the_queue(tmp_path):
    bed = local_testbed(tmp_path)
    scope, first = await recorded(bed, ScriptedTranscriber())
    document = await uploaded(bed.context, scope.cabinet_id, first.dossier_id or "", wav_of("seconde"),
                              file_name="e.wav", declared="audio/wav")  # fmt: skip
    second = await queue_transcription(scope, document)
    assert second.position == 2
    await delete_document(scope, first.document_id)
    after = await scope.transcriptions.get(SYSTEM, second.id)
    assert after is not None
    assert after.position == 1
