"""Issue 15's walk in Chromium against the real local runtime: its API, its audio lane and the real faster-whisper
model. An associé logs in, opens a dossier's « Dictées » tab, records a few seconds from Chromium's fake microphone
fed with a French sentence spoken by espeak-ng (`--use-file-for-fake-audio-capture`), sends it, watches its state
change live on the list (no reload: the `transcription` frames), then reads the transcript: the words of the clip,
each segment a button seeking the player. No CSP violation nor script error, axe-core clean on each screen.

It needs the recordings API (docs/transcription.md), tests/audio_clips.py with espeak-ng and sox, and faster-whisper
with its model (`scripts/bootstrap audio`); without them it skips itself, saying which is missing. Run it with the
Python that has faster-whisper (the runtime it starts is that Python's)."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from tests.e2e.conftest import CHROMIUM, CHROMIUM_FLAGS, axe_violations, describe
from tests.e2e.test_dossier_flows import EXPECTED
from tests.e2e.test_people_flows import log_in, new_cabinet
from tests.e2e.walk_helpers import a_dossier
from tests.runtime_process import RunningRuntime, start_runtime

RECORDINGS_ROUTE = "/api/dossiers/{dossier_id}/recordings"
TRANSCRIBED_WITHIN_MS = 180_000  # the model loads on first use: the first transcription takes longest


def _missing() -> str | None:
    from handlers.api.app import ROUTERS

    if not any(getattr(route, "path", None) == RECORDINGS_ROUTE for router in ROUTERS for route in router.routes):
        return f"the API serves no {RECORDINGS_ROUTE} yet (docs/transcription.md)"
    if importlib.util.find_spec("tests.audio_clips") is None:
        return "tests/audio_clips.py (the French clips) is not on this branch"
    if importlib.util.find_spec("faster_whisper") is None:
        return "faster-whisper is not installed in this Python (`scripts/bootstrap audio`)"
    from tests.audio_clips import tools_missing

    if tools_missing():
        return f"{', '.join(tools_missing())} missing (`scripts/bootstrap audio`)"
    return None


pytestmark = pytest.mark.skipif(bool(_missing()), reason=_missing() or "")


@pytest.fixture(scope="module")
def clip(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, float]:
    """The hearing sentence in French, as a 48 kHz WAV with a second of silence after it (Chromium loops the file)."""
    from tests.audio_clips import HEARING_SENTENCE, speak

    folder = tmp_path_factory.mktemp("clips")
    spoken = speak(folder, "audience", HEARING_SENTENCE)
    target = folder / "micro.wav"
    subprocess.run(["sox", str(spoken), "-r", "48000", "-c", "1", "-b", "16", str(target), "pad", "0.3", "1"],
                   check=True, capture_output=True)  # fmt: skip
    seconds = float(subprocess.run(["soxi", "-D", str(target)], check=True, capture_output=True, text=True).stdout)
    return target, HEARING_SENTENCE, seconds


@pytest.fixture(scope="module")
def browser(clip: tuple[Path, str, float]) -> Iterator[Browser]:
    flags = ["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
             f"--use-file-for-fake-audio-capture={clip[0]}"]  # fmt: skip
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=[*CHROMIUM_FLAGS, *flags])
        yield instance
        instance.close()


@pytest.fixture(scope="module")
def runtime(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningRuntime]:
    running = start_runtime(tmp_path_factory.mktemp("dictees") / "data")
    yield running
    running.stop()


def clean(page: Page) -> None:
    violations = axe_violations(page)
    assert violations == [], describe(violations)


def words(text: str) -> set[str]:
    return set(re.findall(r"[a-zàâçéèêëîïôûùüÿœ]+", text.lower()))


def test_a_dictation_recorded_in_the_browser_is_transcribed_live_and_read_with_its_player(open_page, runtime, clip):
    _, sentence, seconds = clip
    email, _ = new_cabinet(runtime)
    browser_page = open_page(expected_console=EXPECTED)
    page = browser_page.page
    log_in(page, runtime, email)
    a_dossier(page, runtime)
    page.get_by_role("tab", name="Dictées").click()
    expect(page.get_by_text("Aucune dictée ni message vocal dans ce dossier.")).to_be_visible()
    clean(page)

    # record the looping clip twice through (the fake microphone may be anywhere in it when the recording starts, so
    # the whole sentence is in it at least once), stop, name it, send it
    page.get_by_role("button", name="Enregistrer une dictée").click()
    expect(page.get_by_role("button", name="Arrêter")).to_be_visible()
    page.wait_for_timeout(int(seconds * 2000))
    page.get_by_role("button", name="Arrêter").click()
    title = page.get_by_label("Titre de la dictée")
    expect(title).to_be_focused()
    title.fill("Dictée après l’audience")
    clean(page)
    page.get_by_role("button", name="Envoyer", exact=True).click()
    row = page.locator("ul.transcriptions > li").first
    expect(row).to_contain_text("Dictée après l’audience")

    # its state changes on the list without a reload: the runtime pushes the transcription frames
    seen: list[str] = []
    deadline = time.monotonic() + TRANSCRIBED_WITHIN_MS / 1000
    while time.monotonic() < deadline:
        state = row.locator(".etat-transcription").inner_text()
        if not seen or seen[-1] != state:
            seen.append(state)
        if state.startswith(("Transcrite", "Échec")):
            break
        page.wait_for_timeout(100)
    assert seen[0].startswith(("En attente", "Transcription en cours")), seen
    assert seen[-1].startswith("Transcrite"), seen
    clean(page)

    # the transcript: the clip's words, each segment seeking the player
    row.get_by_role("link", name="Dictée après l’audience").click()
    expect(page.locator("h1")).to_have_text("Dictée après l’audience")
    segments = page.locator("button.segment")
    expect(segments.first).to_be_visible()
    transcript = " ".join(segments.all_inner_texts())
    heard = words(transcript) | ({"quinze"} if re.search(r"\b15\b", transcript) else set())
    said = words(sentence)
    # the model hears espeak-ng's voice through Chromium's fake microphone imperfectly, and not the same way at
    # every run (« quinze » may come out as « 15 », « renvoyée » as « envoie »): five of these eight words show
    # that the transcript is the clip's
    found = {"affaire", "renvoyée", "audience", "mars", "conclusions", "délai", "quinze", "jours"} & heard
    assert len(found) >= 5, (sorted(heard), sorted(said))
    last = segments.last
    last.click()
    expect(last).to_have_attribute("aria-current", "true")
    clean(page)
    browser_page.assert_clean()
