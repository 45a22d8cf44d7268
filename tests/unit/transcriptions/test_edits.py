"""A lawyer's correction of a transcript: the same segments at the same times, only the text changes; a stale base
version or an unfinished transcription is a conflict; the backoff of temporary failures."""

from __future__ import annotations

import pytest

from domain.errors import Conflict, InvalidInput
from domain.transcriptions import (
    Transcription,
    TranscriptionStatus,
    backoff_seconds,
    check_base_version,
    check_retryable,
    edited_segments,
)
from domain.transcripts import Segment

CURRENT = (Segment(0.0, 2.0, "Bonjour maître"), Segment(2.0, 5.5, "l'audience est renvoyée"))
NOW = "2026-03-02T08:30:00+00:00"


def a_transcription(status: TranscriptionStatus, current_version: int = 1) -> Transcription:
    return Transcription("t", "cab", "doc", 1, "ab", "audio/wav", status, NOW, NOW, NOW, NOW,
                         current_version=current_version)  # fmt: skip


def test_only_the_text_of_each_segment_changes_and_is_tidied():
    edited = edited_segments(CURRENT, [Segment(0.0, 2.0, " Bonjour  Maître "), CURRENT[1]])
    assert edited == (Segment(0.0, 2.0, "Bonjour Maître"), CURRENT[1])


@pytest.mark.parametrize(
    ("segments", "message"),
    [
        ([CURRENT[0]], r"garder les 2 segment\(s\)"),
        ([CURRENT[0], Segment(2.5, 5.5, "x")], "Le segment 2 doit garder ses horaires"),
        ([CURRENT[0], Segment(2.0, 5.5, "x" * 2001)], "dépasse 2000 caractères"),
        (list(CURRENT), "ne change rien"),
    ],
)
def test_a_correction_that_changes_more_than_text_or_nothing_is_refused_in_french(segments, message):
    with pytest.raises(InvalidInput, match=message):
        edited_segments(CURRENT, segments)


def test_a_stale_base_version_or_an_unfinished_transcription_is_a_conflict():
    check_base_version(a_transcription(TranscriptionStatus.DONE, 2), 2)
    with pytest.raises(Conflict, match="modifiée entre-temps"):
        check_base_version(a_transcription(TranscriptionStatus.DONE, 2), 1)
    with pytest.raises(Conflict, match="pas terminée"):
        check_base_version(a_transcription(TranscriptionStatus.RUNNING, 0), 0)


def test_only_a_failed_transcription_is_retried():
    check_retryable(a_transcription(TranscriptionStatus.FAILED))
    with pytest.raises(Conflict):
        check_retryable(a_transcription(TranscriptionStatus.WAITING))


def test_temporary_failures_wait_one_four_then_sixteen_minutes_and_then_no_more():
    assert [backoff_seconds(n) for n in (1, 2, 3, 4)] == [60, 240, 960, None]
