"""On CI the recordings' tests must run, not skip: the audio tests skip themselves on a developer's machine that lacks
espeak-ng, sox or the model (saying which), and this check turns that skip into a failure where the suite's own
bootstrap (`scripts/bootstrap audio`, the `audio` dependency group) was meant to install them."""

from __future__ import annotations

import os

import pytest

from local.whisper_model import model_available
from tests.audio_clips import tools_missing

pytestmark = pytest.mark.skipif(os.environ.get("CI", "") != "true", reason="a check of CI's installation")


def test_ci_has_the_speech_tools_the_audio_tests_need():
    assert tools_missing() == []


def test_ci_has_the_local_model_the_audio_tests_need():
    assert model_available()
