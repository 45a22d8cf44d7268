"""A Worker deployed without its AI binding (wrangler.toml's `[ai]`) holds recordings as a temporary failure, so the
job retries them with backoff and they are transcribed once the binding is there, instead of failing them at once."""

from __future__ import annotations

from cf.ai import WorkersAiRunner
from cf.transcriber import NOT_CONFIGURED, WorkersAiTranscriber
from domain.audio import TranscriptionFailed
from tests.contract.expect import raises
from tests.scripted_transcriber import wav_of


async def test_a_worker_without_its_ai_binding_fails_the_recording_temporarily_in_french():
    transcriber = WorkersAiTranscriber(WorkersAiRunner(None))
    with raises(TranscriptionFailed) as failure:
        await transcriber.transcribe(wav_of("dictée", seconds=1.0), content_type="audio/wav")
    assert isinstance(failure.exception, TranscriptionFailed)
    assert str(failure.exception) == NOT_CONFIGURED
    assert failure.exception.temporary
