"""The walk of issue 11 in Chromium against the real API of the local runtime (docs/dossiers.md), a cabinet created
with `./poste cabinet create`: clients and dossiers created through the screens, the conflict check shown on a
client named like another dossier's adverse party and confirmed knowingly, a document uploaded, downloaded, found
by a word of its text, the dossier found by its RG typed with other punctuation, a client's RGPD export downloaded
and its erasure refused while the legal retention runs. Each screen ends without a CSP violation nor a script
error, and axe-core finds nothing serious or critical on it.
"""

from __future__ import annotations

import io
import json
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import PHONE, axe_violations, describe
from tests.e2e.test_people_flows import log_in, nav, new_cabinet
from tests.e2e.test_screens import no_horizontal_scroll
from tests.runtime_process import RunningRuntime, start_runtime

# what the walk provokes on purpose: the session check before login, the conflict and retention refusals
EXPECTED = ("/api/auth/session", "status of 401", "status of 409")
RARE_WORD = "zéphyrinette"
TEXT = f"Mise en demeure\n\nLe locataire doit les loyers d'octobre. Mot repère : {RARE_WORD}.\n".encode()


@pytest.fixture(scope="module")
def runtime(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningRuntime]:
    running = start_runtime(tmp_path_factory.mktemp("dossiers") / "data")
    yield running
    running.stop()


def clean(page: Page) -> None:
    violations = axe_violations(page)
    assert violations == [], describe(violations)


def new_legal_client(page: Page, runtime: RunningRuntime, name: str) -> str:
    """Creates a personne morale through the form; returns the client page's path."""
    page.goto(runtime.base_url + "/clients")
    page.get_by_role("link", name="Nouveau client").click()
    page.get_by_label("Type de client").select_option("personne_morale")
    page.fill("input[name=company_name]", name)
    page.get_by_role("button", name="Créer le client").click()
    expect(page.locator("h1")).to_have_text(name)
    return page.url.removeprefix(runtime.base_url)


def open_dossier(page: Page, title: str, adverse: str | None = None, rg: str | None = None) -> None:
    """From a client's page: the new dossier form, filled and sent (without confirming any conflict)."""
    page.get_by_role("link", name="Ouvrir un dossier pour ce client").click()
    expect(page.locator("h1")).to_have_text("Nouveau dossier")
    page.fill("input[name=title]", title)
    page.fill("input[name=matter_type]", "Baux commerciaux")
    if adverse:
        page.fill("input[name=party_name]", adverse)
        page.get_by_role("button", name="Ajouter la partie").click()
        expect(page.locator("fieldset", has_text="Parties")).to_contain_text(f"{adverse} — Partie adverse")
    if rg:
        page.fill("input[name=reference_value]", rg)
    page.get_by_role("button", name="Vérifier les conflits et créer le dossier").click()


def search_for(page: Page, words: str) -> None:
    page.keyboard.press("Control+k")
    page.keyboard.type(words)
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text(f"Recherche : {words}")


def test_the_issues_walk_from_clients_to_search_and_rgpd(open_page, runtime, tmp_path: Path):
    email, _ = new_cabinet(runtime)
    browser_page = open_page(expected_console=EXPECTED)
    page = browser_page.page
    log_in(page, runtime, email)
    nav(page, "Clients").click()
    expect(page.locator("h1")).to_have_text("Clients")

    # a first client and dossier, its adverse party "Société Générale", its RG 24/01234: no conflict
    first_client = new_legal_client(page, runtime, "SARL Boulangerie Martin")
    open_dossier(page, "Bail de la boutique", adverse="Société Générale", rg="24/01234")
    expect(page.locator("h1")).to_contain_text("— Bail de la boutique")
    first = page.url.removeprefix(runtime.base_url)
    reference = page.locator(".fiche dd").first.inner_text()
    expect(page.locator("main")).to_contain_text("Numéro RG : 24/01234")
    clean(page)

    # a second client named like that adverse party: the check shows who and where, and asks to confirm
    new_legal_client(page, runtime, "societe GENERALE")
    open_dossier(page, "Recouvrement de créances")
    review = page.locator(".conflits")
    expect(review).to_contain_text("societe GENERALE correspond par le nom à Société Générale, partie adverse")
    expect(review.get_by_role("link", name=reference)).to_have_attribute("href", first)
    clean(page)
    create = page.get_by_role("button", name="Créer le dossier malgré ces correspondances")
    expect(create).to_be_disabled()
    page.get_by_label("Je confirme avoir vérifié ces correspondances").check()
    create.click()
    expect(page.locator("h1")).to_contain_text("— Recouvrement de créances")

    # a document on the first dossier: uploaded, listed, downloaded, its text read
    page.goto(runtime.base_url + first + "?onglet=documents")
    page.set_input_files("input[type=file]", {"name": "Mise en demeure.txt", "mimeType": "text/plain", "buffer": TEXT})
    page.get_by_role("button", name="Envoyer le document").click()
    expect(page.get_by_role("status").first).to_contain_text("Document « Mise en demeure.txt » ajouté (86 octets).")
    row = page.locator("tbody tr", has_text="Mise en demeure")
    expect(row).to_contain_text("v1")
    with page.expect_download() as downloading:
        row.get_by_role("link", name="Télécharger Mise en demeure.txt").click()
    assert Path(downloading.value.path()).read_bytes() == TEXT
    assert downloading.value.suggested_filename == "Mise en demeure.txt"
    wait_for_text(page, runtime, first)
    clean(page)

    # found by a word of its text, and the dossier by its RG typed with other punctuation
    search_for(page, "zephyrinette")
    documents = page.locator("section", has=page.get_by_role("heading", name="Documents (1)"))
    expect(documents.locator("mark")).to_have_text(RARE_WORD)
    clean(page)
    documents.get_by_role("link", name="Mise en demeure.txt").click()
    expect(page.get_by_role("tab", name="Documents")).to_have_attribute("aria-selected", "true")
    search_for(page, "24-01234")
    dossiers = page.locator("section", has=page.get_by_role("heading", name="Dossiers (1)"))
    dossiers.get_by_role("link").first.click()
    assert page.url.removeprefix(runtime.base_url) == first

    # the first client's RGPD export, then an erasure the open dossier forbids
    page.goto(runtime.base_url + first_client)
    with page.expect_download() as downloading:
        page.get_by_role("link", name="Exporter les données (RGPD)").click()
    archive = zipfile.ZipFile(io.BytesIO(Path(downloading.value.path()).read_bytes()))
    assert json.loads(archive.read("client.json"))["display_name"] == "SARL Boulangerie Martin"
    assert any(name.endswith("/documents/Mise en demeure.txt") for name in archive.namelist())
    page.get_by_label("Pour confirmer, saisissez le nom du client").fill("SARL Boulangerie Martin")
    page.get_by_role("button", name="Effacer SARL Boulangerie Martin").click()
    refusal = page.locator(".avertissement[role=alert]")
    expect(refusal).to_contain_text("Effacement refusé : conservation légale.")
    expect(refusal).to_contain_text("Effacement possible à partir du")
    clean(page)
    browser_page.assert_clean()


def wait_for_text(page: Page, runtime: RunningRuntime, dossier: str, timeout: float = 30) -> None:
    """The text is read by a queued job: reload the documents until the row says so."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if page.locator("tbody tr", has_text="Texte lu (cherchable)").count():
            return
        time.sleep(0.5)
        page.goto(runtime.base_url + dossier + "?onglet=documents")
        page.wait_for_selector("tbody tr")
    raise AssertionError("the document's text was not read in time")


def test_a_dossier_page_on_a_phone_fits_the_screen_and_its_tabs_work_by_keyboard(open_page, runtime):
    email, _ = new_cabinet(runtime)
    browser_page = open_page(viewport=PHONE, expected_console=EXPECTED)
    page = browser_page.page
    log_in(page, runtime, email)
    expect(nav(page, "Dossiers")).to_be_visible()
    new_legal_client(page, runtime, "SCI Les Tilleuls du Bord de Garonne")
    open_dossier(
        page, "Expulsion d’un occupant sans droit ni titre du lot numéro douze", adverse="Jean-Baptiste Longnom"
    )
    expect(page.locator("h1")).to_contain_text("Expulsion")
    no_horizontal_scroll(page)
    clean(page)
    page.get_by_role("tab", name="Résumé").focus()
    for tab in ("Documents", "Courrier", "Échéances"):
        page.keyboard.press("ArrowRight")
        expect(page.get_by_role("tab", name=tab)).to_be_focused()
        no_horizontal_scroll(page)
    clean(page)
    browser_page.assert_clean()
