"""Issue 15's screens in Chromium, served by the real local runtime (its real CSP and Permissions-Policy), with
docs/transcription.md answered by the contract double (tests/e2e/transcriptions_double.py) and the realtime socket
by the notifications double: the recorder on Chromium's fake microphone (Enregistrer, Pause, Reprendre, Arrêter, the
time recorded, the title, the upload held to show its progress bar, the raw WebM body), a refused or missing
microphone and a browser that cannot record said in French; the dossier's transcriptions kept live by pushed
`transcription` frames (progress, place in the queue, a failure and « Réessayer »); the transcript synchronised to
the player (a click or Enter seeks, `timeupdate` moves the highlighted segment), its correction saved as a new
version and the 409 of a concurrent one, its versions; axe-core, phone width, no CSP violation on each screen."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from tests.e2e.conftest import CHROMIUM, CHROMIUM_FLAGS, DESKTOP, PHONE, OpenPage, axe_violations, describe
from tests.e2e.contract_double import CSRF, ContractDouble
from tests.e2e.test_screens import button, no_horizontal_scroll
from tests.e2e.transcriptions_double import CORRECTED, MACHINE, SILENCE_WARNING, UNREADABLE, frame
from tests.runtime_process import RunningRuntime

# Chromium's fake microphone (a beep), granted without a prompt
MEDIA_FLAGS = ["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream"]
DICTEES = "/dossiers/d-1?onglet=dictees"
TRANSCRIPT = "/transcriptions/t-1"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert CHROMIUM.exists(), "Debian's chromium is required: `scripts/bootstrap browser` installs it"
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=[*CHROMIUM_FLAGS, *MEDIA_FLAGS])
        yield instance
        instance.close()


def screen(open_page: Callable[..., OpenPage], runtime: RunningRuntime, path: str, viewport: dict[str, int] = DESKTOP,
           double: ContractDouble | None = None, init_script: str = "",
           expected_console: tuple[str, ...] = ()) -> tuple[OpenPage, ContractDouble]:  # fmt: skip
    double = double or ContractDouble()
    browser_page = open_page(viewport=viewport, expected_console=("status of 404", *expected_console))
    if init_script:
        browser_page.page.add_init_script(init_script)
    double.install(browser_page.page)
    browser_page.page.goto(runtime.base_url + path)
    return browser_page, double


def clean(page: Page) -> None:
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    no_horizontal_scroll(page)


def sockets_opened(page: Page, double: ContractDouble) -> None:
    for _ in range(100):
        if double.notifications.sockets:
            break
        page.wait_for_timeout(50)
    assert double.notifications.sockets, "the page opened no socket"
    page.wait_for_timeout(100)


def timer(page: Page) -> float:
    minutes, seconds = page.get_by_role("timer").inner_text().split(":")
    return int(minutes) * 60 + int(seconds)


def segment(page: Page, index: int):
    return page.locator("button.segment").nth(index)


def audio_time(page: Page) -> float:
    return float(page.evaluate("document.querySelector('audio.lecteur').currentTime"))


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["bureau", "telephone"])
@pytest.mark.parametrize(("path", "ready"), [(DICTEES, "text=Message vocal du greffe"),
                                             (TRANSCRIPT, "text=Prévenir Madame Dupont")],
                         ids=["dictees", "transcription"])  # fmt: skip
def test_each_recording_screen_is_accessible_and_fits_the_screen_under_the_csp(
    open_page, shared_runtime, path, ready, viewport
):
    browser_page, _ = screen(open_page, shared_runtime, path, viewport)
    page = browser_page.page
    page.wait_for_selector(ready)
    assert page.locator("h1").count() == 1
    clean(page)
    if path == TRANSCRIPT:
        button(page, "Corriger").click()
        clean(page)
        button(page, "Annuler").click()
        button(page, "Afficher la version 1").click()
        expect(page.get_by_role("heading", name="Version 1 : version d’origine (machine)")).to_be_visible()
        clean(page)
    else:
        button(page, "Enregistrer une dictée").click()
        expect(button(page, "Arrêter")).to_be_visible()
        clean(page)  # while recording
        button(page, "Arrêter").click()
        expect(page.get_by_label("Titre de la dictée")).to_be_focused()
        clean(page)  # the send form
    browser_page.assert_clean()


def test_the_recorder_records_pauses_resumes_stops_and_sends_the_raw_recording_with_a_progress_bar(
    open_page, shared_runtime
):
    browser_page, double = screen(open_page, shared_runtime, DICTEES, PHONE)
    page = browser_page.page
    expect(page.get_by_role("tab", name="Dictées")).to_have_attribute("aria-selected", "true")
    record = button(page, "Enregistrer une dictée")
    box = record.bounding_box()
    assert box is not None
    assert box["height"] >= 48, box  # a large touch target
    record.click()
    status = page.locator(".enregistreur [role=status]")
    expect(status).to_have_text("Enregistrement en cours.")
    expect(button(page, "Pause")).to_be_focused()
    page.wait_for_timeout(2300)
    assert timer(page) >= 2
    button(page, "Pause").click()
    expect(status).to_have_text("Enregistrement en pause.")
    expect(button(page, "Reprendre")).to_be_focused()
    paused_at = timer(page)
    page.wait_for_timeout(1500)
    assert timer(page) == paused_at  # the time stands still while paused
    button(page, "Reprendre").click()
    expect(status).to_have_text("Enregistrement en cours.")
    page.wait_for_timeout(1200)
    button(page, "Arrêter").click()
    expect(status).to_have_text("Enregistrement terminé. Donnez-lui un titre, puis envoyez-le.")
    title = page.get_by_label("Titre de la dictée")
    expect(title).to_be_focused()
    expect(title).to_have_value(re.compile(r"^Dictée du "))
    title.fill("Dictée après l’audience Dupont")
    double.transcriptions.hold_recordings = True
    button(page, "Envoyer").click()
    expect(page.locator(".enregistreur progress")).to_be_visible()  # (intercepted: Chromium reports 0 %)
    expect(page.get_by_text("Envoi en cours :")).to_be_visible()
    for _ in range(100):  # the request reached the double, which holds it
        if double.transcriptions.held:
            break
        page.wait_for_timeout(50)
    double.transcriptions.release_recordings()
    expect(page.locator(".enregistreur progress")).to_have_count(0)
    expect(status).to_have_text(
        "« Dictée après l’audience Dupont » est envoyée : sa transcription est en file d’attente."
    )
    first = page.locator("ul.transcriptions > li").first
    expect(first).to_contain_text("Dictée après l’audience Dupont")
    expect(first).to_contain_text("2e dans la file d’attente")
    expect(button(page, "Enregistrer une dictée")).to_be_visible()
    sent = double.transcriptions.recordings[-1]
    assert sent["bytes"][:4] == b"\x1a\x45\xdf\xa3", sent["bytes"][:16]  # a WebM (EBML) file, sent as it is
    assert len(sent["bytes"]) > 1000
    assert sent["content_type"] == "audio/webm"
    assert sent["file_name"].startswith("dictee-")
    assert sent["file_name"].endswith(".webm")
    assert sent["title"] == "Dictée après l’audience Dupont"
    posted = [seen for seen in double.state_changing() if seen[1] == "/api/dossiers/d-1/recordings"]
    assert posted
    assert posted[0][2]["x-csrf-token"] == CSRF
    browser_page.assert_clean()


@pytest.mark.parametrize(
    ("script", "message"),
    [
        ("navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('refusé', 'NotAllowedError'));",
         "L’accès au micro a été refusé. Autorisez le micro pour ce site dans les réglages du navigateur, puis "
         "touchez « Enregistrer » à nouveau."),
        ("navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('aucun', 'NotFoundError'));",
         "Aucun micro n’est disponible sur cet appareil. Branchez-en un, ou déposez un fichier audio dans l’onglet "
         "Documents."),
        ("delete window.MediaRecorder;",
         "Ce navigateur ne sait pas enregistrer le son. Utilisez un navigateur récent, ou déposez un fichier audio "
         "dans l’onglet Documents."),
    ],
    ids=["refuse", "absent", "navigateur"],
)  # fmt: skip
def test_a_refused_or_missing_microphone_or_a_browser_that_cannot_record_is_said_in_french(
    open_page, shared_runtime, script, message
):
    browser_page, double = screen(open_page, shared_runtime, DICTEES, init_script=script)
    page = browser_page.page
    button(page, "Enregistrer une dictée").click()
    expect(page.locator(".enregistreur [role=alert]")).to_have_text(message)
    expect(button(page, "Enregistrer une dictée")).to_be_enabled()  # nothing half-started: the person may try again
    expect(button(page, "Arrêter")).to_have_count(0)
    assert double.transcriptions.recordings == []
    browser_page.assert_clean()


def test_the_list_follows_pushed_frames_and_a_failed_transcription_says_why_and_is_retried(open_page, shared_runtime):
    browser_page, double = screen(open_page, shared_runtime, DICTEES)
    page = browser_page.page
    rows = page.locator("ul.transcriptions > li")
    expect(rows).to_have_count(5)
    greffe, waiting, failed = (page.locator(f"#transcription-t-{n}") for n in (2, 3, 4))
    bar = greffe.get_by_role("progressbar", name="Progression de la transcription « Message vocal du greffe »")
    expect(bar).to_have_attribute("value", "40")
    expect(waiting).to_contain_text("2e dans la file d’attente")
    expect(failed).to_contain_text(UNREADABLE)
    sockets_opened(page, double)
    t2, t3 = double.transcriptions.find("t-2"), double.transcriptions.find("t-3")
    assert t2 is not None
    assert t3 is not None
    t2["progress"] = 70
    double.notifications.send(frame(t2))
    expect(bar).to_have_attribute("value", "70")
    announced = page.locator("section[aria-labelledby=titre-dictees] > [role=status]")
    expect(announced).to_have_text("« Message vocal du greffe » : transcription en cours : 70 %.")
    t3["position"] = 1
    double.notifications.send(frame(t3))
    expect(waiting).to_contain_text("1re dans la file d’attente")
    t3.update(status="en_cours", position=None, progress=10)
    double.notifications.send(frame(t3))
    expect(waiting.get_by_role("progressbar")).to_have_attribute("value", "10")
    t2.update(status="terminee", progress=100)
    double.notifications.send(frame(t2))
    expect(greffe).to_contain_text("Transcrite")
    expect(greffe.get_by_role("progressbar")).to_have_count(0)
    # another dossier's frame changes nothing here
    double.notifications.send(frame({**t3, "dossier_id": "d-2", "progress": 90}))
    page.wait_for_timeout(200)
    expect(waiting.get_by_role("progressbar")).to_have_attribute("value", "10")
    failed.get_by_role("button", name="Réessayer la transcription « Message de Mme Dupont »").click()
    expect(failed).to_contain_text("1re dans la file d’attente")
    expect(failed).not_to_contain_text(UNREADABLE)
    expect(announced).to_have_text("« Message de Mme Dupont » : nouvelle tentative, 1re dans la file d’attente.")
    assert ("POST", "transcriptions/t-4/retry", {}) in double.transcriptions.bodies
    browser_page.assert_clean()


def test_the_transcript_follows_the_player_and_a_click_or_enter_seeks_to_a_segment(open_page, shared_runtime):
    browser_page, double = screen(open_page, shared_runtime, TRANSCRIPT, PHONE)
    page = browser_page.page
    expect(page.locator("h1")).to_have_text("Dictée après l’audience du 1er décembre")
    expect(page.locator("button.segment")).to_have_count(3)
    expect(segment(page, 1)).to_have_accessible_name(f"0:04 {CORRECTED[1]['text']}")
    for _ in range(100):  # the player has read the recording's length (wait_for_function would need eval)
        if page.evaluate("document.querySelector('audio.lecteur').readyState") >= 1:
            break
        page.wait_for_timeout(50)
    assert page.locator("[aria-current=true]").count() == 0
    segment(page, 1).click()
    expect(segment(page, 1)).to_have_attribute("aria-current", "true")
    assert 4.0 <= audio_time(page) < 7.6
    page.evaluate("() => { const a = document.querySelector('audio.lecteur'); a.pause(); }")
    # the keyboard: Tab reaches the last segment, Enter seeks there
    segment(page, 0).focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(segment(page, 2)).to_be_focused()
    page.keyboard.press("Enter")
    expect(segment(page, 2)).to_have_attribute("aria-current", "true")
    expect(segment(page, 1)).not_to_have_attribute("aria-current", "true")
    assert 8.0 <= audio_time(page) < 11.5
    # the player moved by its own controls: `timeupdate`/`seeked` move the highlight
    page.evaluate("() => { const a = document.querySelector('audio.lecteur'); a.pause(); a.currentTime = 1.5; }")
    expect(segment(page, 0)).to_have_attribute("aria-current", "true")
    expect(page.locator("[aria-current=true]")).to_have_count(1)
    assert any(r.startswith("bytes=") for r in double.transcriptions.audio_ranges)  # the player asks by Range
    suggestions = page.get_by_role("link", name="Voir les suggestions dans l’échéancier")
    expect(suggestions).to_have_attribute("href", "/echeances")
    expect(page.get_by_text("Cette dictée a produit 2 suggestions d’échéance à confirmer")).to_be_visible()
    browser_page.assert_clean()


def test_a_correction_is_saved_as_a_new_version_and_a_concurrent_one_asks_to_reload(open_page, shared_runtime):
    browser_page, double = screen(open_page, shared_runtime, TRANSCRIPT, expected_console=("status of 409",))
    page = browser_page.page
    button(page, "Corriger").click()
    first = page.get_by_label("Passage à 0:00 (jusqu’à 0:03)")
    expect(first).to_be_focused()
    page.keyboard.press("Tab")
    second = page.get_by_label("Passage à 0:04 (jusqu’à 0:07)")
    expect(second).to_be_focused()
    second.fill("L’affaire est renvoyée au 19 mars pour les conclusions de la SCI.")
    button(page, "Enregistrer la correction").click()
    expect(page.get_by_role("status").first).to_have_text("Correction enregistrée : version 3.")
    expect(segment(page, 1)).to_contain_text("renvoyée au 19 mars")
    method, path, body = double.transcriptions.bodies[-1]
    assert (method, path, body["base_version"]) == ("PUT", "transcriptions/t-1/segments", 2)
    assert body["segments"][1]["text"] == "L’affaire est renvoyée au 19 mars pour les conclusions de la SCI."
    assert [(s["start"], s["end"]) for s in body["segments"]] == [(s["start"], s["end"]) for s in MACHINE]
    expect(page.locator("ul.versions > li")).to_have_count(3)
    # the machine's text is still there
    button(page, "Afficher la version 1").click()
    expect(page.locator(".version-lue")).to_contain_text(MACHINE[1]["text"])
    # someone else corrects it meanwhile: the save is refused and the screen says to reload
    double.transcriptions.edited_elsewhere("t-1")
    button(page, "Corriger").click()
    page.get_by_label("Passage à 0:08 (jusqu’à 0:11)").fill("Prévenir Madame Dupont.")
    button(page, "Enregistrer la correction").click()
    alert = page.locator(".correction [role=alert]")
    expect(alert).to_contain_text("Cette transcription a été corrigée entre-temps.")
    expect(alert).to_contain_text("rechargez la transcription")
    button(page, "Recharger la transcription").click()
    expect(page.get_by_role("heading", name="Texte (version 4, corrigée)")).to_be_visible()
    expect(page.locator("ul.versions > li").first).to_contain_text("Version 4 : correction de Paul Durand")
    browser_page.assert_clean()


def test_a_transcript_still_running_shows_its_progress_live_and_its_text_once_finished(open_page, shared_runtime):
    browser_page, double = screen(open_page, shared_runtime, "/transcriptions/t-2")
    page = browser_page.page
    bar = page.get_by_role("progressbar")
    expect(bar).to_have_attribute("value", "40")
    expect(page.locator("button.segment")).to_have_count(0)
    sockets_opened(page, double)
    t2 = double.transcriptions.find("t-2")
    assert t2 is not None
    t2["progress"] = 80
    double.notifications.send(frame(t2))
    expect(bar).to_have_attribute("value", "80")
    expect(page.get_by_role("status").first).to_have_text("Transcription en cours : 80 %.")
    t2.update(status="terminee", progress=100, current_version=1, duration_s=12)
    double.transcriptions.versions["t-2"] = [
        {"version": 1, "source": "machine", "author": None, "created_at": "2026-12-02T09:00:00Z", "segments": MACHINE}
    ]
    double.notifications.send(frame(t2))
    expect(page.locator("button.segment")).to_have_count(3)
    expect(page.get_by_role("status").first).to_have_text("Transcription terminée.")
    clean(page)
    browser_page.assert_clean()


def test_a_silent_recording_shows_its_warning(open_page, shared_runtime):
    browser_page, _ = screen(open_page, shared_runtime, "/transcriptions/t-5")
    page = browser_page.page
    expect(page.get_by_role("list", name="Avertissements")).to_have_text(SILENCE_WARNING)
    expect(page.get_by_text("Aucune parole transcrite.")).to_be_visible()
    expect(button(page, "Corriger")).to_have_count(0)
    browser_page.assert_clean()
