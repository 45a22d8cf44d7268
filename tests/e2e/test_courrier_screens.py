"""The courrier screens in Chromium, served by the real local runtime (its real CSP), with docs/courrier.md answered
by the contract double: axe-core finds nothing serious or critical on each screen, nothing overflows a 390 px
phone, no CSP violation nor script error; the "à classer" tray files a message in one click and several at once
(the navigation's count following); the message view shows the new text first with each fact marked at its quote,
the quoted history folded until asked for, and the message's HTML folded too, never written into the page (the
app's Trusted Types policy refuses an iframe's srcdoc: that is checked here too; the HTML is framed from its own
address once asked for, tests/e2e/test_mail_frame.py)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import DESKTOP, PHONE, OpenPage
from tests.e2e.contract_double import ContractDouble
from tests.e2e.test_dossier_screens import accessible
from tests.e2e.test_screens import button, no_horizontal_scroll
from tests.runtime_process import RunningRuntime

SCREENS = [
    ("/courrier/a-classer", "text=Votre dossier Dupont / SCI Les Lilas"),
    ("/courrier/m-1", "mark"),
    ("/dossiers/d-1?onglet=courrier", "text=Assignation reçue"),
]


def screen(open_page: Callable[..., OpenPage], runtime: RunningRuntime, path: str, viewport: dict[str, int] = DESKTOP,
           expected: tuple[str, ...] = ()) -> tuple[OpenPage, ContractDouble]:  # fmt: skip
    double = ContractDouble()
    browser_page = open_page(viewport=viewport, expected_console=("status of 404", *expected))
    double.install(browser_page.page)
    browser_page.page.goto(runtime.base_url + path)
    return browser_page, double


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["bureau", "telephone"])
@pytest.mark.parametrize(("path", "ready"), SCREENS, ids=[s[0] for s in SCREENS])
def test_each_courrier_screen_is_accessible_and_fits_the_screen_under_the_csp(
    open_page, shared_runtime, path, ready, viewport
):
    browser_page, _ = screen(open_page, shared_runtime, path, viewport=viewport)
    page = browser_page.page
    page.wait_for_selector(ready)
    assert page.locator("h1").count() == 1
    accessible(page)
    no_horizontal_scroll(page)
    browser_page.assert_clean()


def test_the_tray_files_in_one_click_from_the_list_or_the_message_then_the_rest_together(open_page, shared_runtime):
    browser_page, double = screen(open_page, shared_runtime, "/courrier/a-classer", PHONE)
    page = browser_page.page
    entry = page.get_by_role("navigation").get_by_role("link", name="Courrier (3 à classer)")
    expect(entry).to_have_attribute("aria-current", "page")
    first = page.locator("#courrier-m-2")
    expect(first).to_contain_text("Dossier suggéré : 2026-0001 — expéditeur connu")
    expect(first).to_contain_text("expéditeur connu : conseil adverse du dossier (confiance 55 %)")
    expect(page.locator("#courrier-m-3")).to_contain_text("Aucun dossier suggéré.")
    page.get_by_label("Retenir avocat@bernard.example pour ce dossier").check()
    button(page, "Classer dans 2026-0001 : Votre dossier Dupont / SCI Les Lilas").click()
    expect(page.get_by_role("status").first).to_have_text(
        "« Votre dossier Dupont / SCI Les Lilas » classé dans 2026-0001 ; avocat@bernard.example est retenu pour ce "
        "dossier."
    )
    expect(first).to_have_count(0)
    expect(page.get_by_role("navigation").get_by_role("link", name="Courrier (2 à classer)")).to_be_visible()
    assert ("POST", "mail/m-2/file", {"dossier_id": "d-1", "remember_sender": True}) in double.courrier.bodies
    # from the message itself: its candidates with their reasons
    page.get_by_role("link", name="Relance").click()
    filing = page.get_by_role("region", name="Classer ce message")
    expect(filing).to_contain_text("RG 24/01234 cité, mais un autre dossier a le même (confiance 50 %)")
    filing.get_by_role("button", name="Classer dans 2026-0001").click()
    expect(page.get_by_role("status").first).to_have_text("Message classé dans 2026-0001.")
    expect(page.locator(".fiche")).to_contain_text("Classé")
    expect(page.get_by_role("navigation").get_by_role("link", name="Courrier (1 à classer)")).to_be_visible()
    page.go_back()
    page.get_by_label("Facture de novembre").check()
    page.get_by_label("Dossier pour le message choisi").select_option("d-1")
    button(page, "Classer la sélection").click()
    expect(page.get_by_role("status").first).to_have_text("1 message classé.")
    expect(page.locator("main")).to_contain_text("Aucun message à classer.")
    expect(page.get_by_role("navigation").get_by_role("link", name="Courrier (0 à classer)")).to_be_visible()
    assert ("POST", "mail/file", {"mail_ids": ["m-3"], "dossier_id": "d-1"}) in double.courrier.bodies
    no_horizontal_scroll(page)
    browser_page.assert_clean()


def test_the_message_view_folds_the_history_marks_the_facts_and_never_writes_the_html_into_the_page(
    open_page, shared_runtime
):
    browser_page, _ = screen(open_page, shared_runtime, "/courrier/m-1")
    page = browser_page.page
    expect(page.locator("h1")).to_have_text("RE: Renvoi — RG 24/01234")
    expect(page.locator(".fiche")).to_contain_text(
        "2026-0001 — réponse au courrier du 20 novembre 2026 (confiance 95 %)"
    )
    new_text = page.locator(".texte-courrier").first
    expect(new_text.locator("mark")).to_have_text(
        [
            "RG 24/01234",
            "renvoyée à l’audience du 15 janvier 2027 à 9 h 30",
            "L’audience du 10 décembre 2026 est donc annulée",
        ]
    )
    history = page.locator("details.historique")
    expect(history).not_to_have_attribute("open", "")
    expect(history.locator("mark")).to_be_hidden()  # folded: the quoted fact is not shown with the new text
    facts = page.locator(".faits")
    expect(facts).to_contain_text("Échéance : samedi 5 décembre 2026 — historique cité, passée")
    expect(facts).to_contain_text("Audience : jeudi 10 décembre 2026 — nouveau texte, annulée")
    # a fact without origin (a reading stored before it existed) is placed by its quote
    expect(facts).to_contain_text("Audience : vendredi 15 janvier 2027 à 09 h 30 — nouveau texte")
    history.locator("summary").focus()
    page.keyboard.press("Enter")
    expect(history.locator("mark")).to_have_text("Le délai expire le 5 décembre 2026")
    expect(history.locator("mark")).to_have_id("fait-3")
    # the HTML part: folded, never in the page, no frame until asked for, no remote image, its script text nowhere
    expect(page.locator("details.mise-en-forme summary")).to_have_text("Afficher la mise en forme d’origine")
    expect(page.locator("iframe")).to_have_count(0)
    expect(page.locator("img")).to_have_count(0)
    assert "pirate" not in page.title()
    assert "Maître</b>" not in page.content()
    preview = page.get_by_role("link", name="Aperçu de avis.pdf (nouvel onglet)")
    expect(preview).to_have_attribute("href", "/api/documents/doc-1/content?disposition=inline")
    expect(page.get_by_role("link", name="Télécharger le message d’origine (.eml)")).to_have_attribute(
        "href", "/api/mail/m-1/raw"
    )
    accessible(page)
    browser_page.assert_clean()


def test_the_apps_policy_refuses_an_iframes_srcdoc_so_the_html_is_framed_from_its_own_address(
    open_page, shared_runtime
):
    browser_page, _ = screen(open_page, shared_runtime, "/courrier/m-1", expected=("requires 'TrustedHTML'",))
    page = browser_page.page
    page.wait_for_selector("mark")
    refused = page.evaluate(
        """() => { const frame = document.createElement("iframe"); frame.setAttribute("sandbox", "");
                   try { frame.srcdoc = "<p>courrier</p>"; return null; } catch (error) { return error.name; } }"""
    )
    assert refused == "TypeError"  # require-trusted-types-for 'script' with trusted-types 'none'
    violations = page.evaluate("window.__cspViolations.splice(0)")
    assert [v["directive"] for v in violations] == ["require-trusted-types-for"]
    browser_page.assert_clean()
