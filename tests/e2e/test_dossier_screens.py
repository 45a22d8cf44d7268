"""The clients, dossiers, documents, search and RGPD screens in Chromium, served by the real local runtime (its
real CSP), with the API of docs/dossiers.md answered by the contract double: axe-core finds nothing serious or
critical, nothing overflows a 390 px phone, no CSP violation nor script error; and the behaviours the contract asks
of the screens: the conflict check shown and knowingly confirmed, the raw-body upload and its progress bar, the
422 field, the French 413/415 messages, search by keyboard with its matches marked (never as HTML), the RGPD
export and the retention refusal with its date, and what a role may not do left out."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import DESKTOP, PHONE, OpenPage, axe_violations, describe
from tests.e2e.contract_double import CSRF, ContractDouble
from tests.e2e.test_screens import button, no_horizontal_scroll
from tests.runtime_process import RunningRuntime

# the browser logs every non-2xx answer; these are the API's answers the tests provoke on purpose
EXPECTED_REFUSALS = tuple(f"status of {status}" for status in (401, 404, 409, 413, 415, 422))

# path, what shows once the screen is ready
SCREENS = [
    ("/clients", "text=M. Client Numéro 000"),
    ("/clients/nouveau", "input[name=last_name]"),
    ("/clients/c-dupont", "text=claire.dupont@example.fr"),
    ("/dossiers", "text=Bail commercial rue des Lilas"),
    ("/dossiers/nouveau", "input[name=party_name]"),
    ("/dossiers/d-1", "text=Société Générale"),
    ("/dossiers/d-1?onglet=documents", "text=assignation.pdf"),
    ("/dossiers/d-1?onglet=courrier", "text=Assignation reçue"),
    ("/recherche?q=bail", "mark"),
]


def screen(open_page: Callable[..., OpenPage], runtime: RunningRuntime, path: str, double: ContractDouble | None = None,
           viewport: dict[str, int] = DESKTOP) -> tuple[OpenPage, ContractDouble]:  # fmt: skip
    double = double or ContractDouble()
    browser_page = open_page(viewport=viewport, expected_console=EXPECTED_REFUSALS)
    double.install(browser_page.page)
    browser_page.page.goto(runtime.base_url + path)
    return browser_page, double


def downloaded(page: Page, name: str) -> tuple[str, bytes]:
    """Clicks a download link: the file name the browser would save, and the bytes behind the link. (A download
    answered by page.route is cancelled by Chromium, so the bytes are fetched the same way instead; the real
    download is checked against the real API in test_dossier_flows.py.)"""
    link = page.get_by_role("link", name=name)
    with page.expect_download() as downloading:
        link.click()
    data = page.evaluate(
        "href => fetch(href).then(r => r.arrayBuffer()).then(b => Array.from(new Uint8Array(b)))",
        link.get_attribute("href"),
    )
    return downloading.value.suggested_filename, bytes(data)


def accessible(page: Page) -> None:
    violations = axe_violations(page)
    assert violations == [], describe(violations)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["bureau", "telephone"])
@pytest.mark.parametrize(("path", "ready"), SCREENS, ids=[s[0] for s in SCREENS])
def test_each_dossier_screen_is_accessible_and_fits_the_screen_under_the_csp(
    open_page, shared_runtime, path, ready, viewport
):
    browser_page, _ = screen(open_page, shared_runtime, path, viewport=viewport)
    page = browser_page.page
    page.wait_for_selector(ready)
    assert page.locator("h1").count() == 1
    accessible(page)
    no_horizontal_scroll(page)
    browser_page.assert_clean()


def test_a_new_client_then_a_dossier_whose_client_is_named_like_an_adverse_party_asks_a_knowing_confirmation(
    open_page, shared_runtime
):
    browser_page, double = screen(open_page, shared_runtime, "/clients/nouveau")
    page = browser_page.page
    page.get_by_label("Type de client").select_option("personne_morale")
    page.fill("input[name=company_name]", "societe GENERALE")
    button(page, "Créer le client").click()
    expect(page.locator("h1")).to_have_text("societe GENERALE")
    page.get_by_role("link", name="Ouvrir un dossier pour ce client").click()
    expect(page.locator("h1")).to_have_text("Nouveau dossier")
    expect(page.locator("fieldset").first).to_contain_text("societe GENERALE")
    page.fill("input[name=title]", "Recouvrement de loyers")
    page.fill("input[name=matter_type]", "Baux commerciaux")
    button(page, "Vérifier les conflits et créer le dossier").click()
    review = page.locator(".conflits")
    expect(review).to_contain_text("societe GENERALE correspond par le nom à Société Générale, partie adverse")
    expect(review.get_by_role("link", name="2026-0001")).to_have_attribute("href", "/dossiers/d-1")
    assert page.evaluate("document.activeElement.tagName") == "H2"  # the review is announced and read first
    accessible(page)
    create = button(page, "Créer le dossier malgré ces correspondances")
    expect(create).to_be_disabled()
    page.get_by_label("Je confirme avoir vérifié ces correspondances").check()
    create.click()
    expect(page.locator("h1")).to_have_text("2026-0002 — Recouvrement de loyers")
    sent = [
        (method, path, body) for method, path, body in double.dossiers.bodies if path in ("conflicts/check", "dossiers")
    ]
    assert sent[0] == ("POST", "conflicts/check", {"subjects": [{"name": "societe GENERALE"}]})
    assert sent[1][2]["acknowledge_conflicts"] is True
    assert sent[1][2]["client_ids"] == [double.dossiers.clients[-1]["id"]]
    browser_page.assert_clean()


def test_a_party_added_on_the_dossier_page_meets_the_servers_conflict_answer_and_is_added_once_confirmed(
    open_page, shared_runtime
):
    browser_page, double = screen(open_page, shared_runtime, "/dossiers/d-1")
    page = browser_page.page
    page.fill("input[name=party_name]", "SOCIÉTÉ générale")
    button(page, "Ajouter la partie").click()
    expect(page.locator(".conflits")).to_contain_text("correspond par le nom à Société Générale")
    expect(page.locator(".conflits")).to_contain_text("Parties opposées : conflit d’intérêts.")  # the 409's
    page.get_by_label("Je confirme avoir vérifié ces correspondances").check()
    button(page, "Ajouter SOCIÉTÉ générale malgré ces correspondances").click()
    expect(page.get_by_role("status").first).to_have_text("SOCIÉTÉ générale est ajouté aux parties.")
    parties = [body for method, path, body in double.dossiers.bodies if path == "dossiers/d-1/parties"]
    assert [party["acknowledge_conflicts"] for party in parties] == [False, True]
    button(page, "Retirer SOCIÉTÉ générale des parties").click()
    expect(page.get_by_role("status").first).to_have_text("SOCIÉTÉ générale est retiré des parties.")
    browser_page.assert_clean()


def test_a_court_reference_the_api_refuses_shows_its_message_under_the_field(open_page, shared_runtime):
    browser_page, _ = screen(open_page, shared_runtime, "/dossiers/d-1")
    page = browser_page.page
    page.fill("input[name=reference_value]", "vingt-quatre")
    button(page, "Ajouter la référence").click()
    field = page.locator("input[name=reference_value]")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(page.locator(".erreur-champ")).to_have_text("Numéro RG non reconnu : attendu par exemple 24/01234.")
    page.fill("input[name=reference_value]", "24/05678")
    button(page, "Ajouter la référence").click()
    expect(page.get_by_role("status").first).to_have_text("Référence 24/05678 ajoutée.")
    expect(page.locator("main")).to_contain_text("Numéro RG : 24/05678")
    browser_page.assert_clean()


def test_a_document_is_sent_as_the_raw_body_with_a_progress_bar_then_listed_and_downloadable(open_page, shared_runtime):
    double = ContractDouble()
    double.dossiers.hold_uploads = True
    browser_page, _ = screen(open_page, shared_runtime, "/dossiers/d-1?onglet=documents", double)
    page = browser_page.page
    page.wait_for_selector("text=assignation.pdf")
    letter = "Mise en demeure de payer les loyers échus.\n".encode() * 2000
    # a file built in the page (a file read from disk would be sent without a body the double could read)
    page.set_input_files(
        "input[type=file]", {"name": "Lettre recommandée.txt", "mimeType": "text/plain", "buffer": letter}
    )
    page.fill("input[name=tags]", "courrier, loyers")
    button(page, "Envoyer le document").click()
    expect(page.locator("progress")).to_be_visible()  # (intercepted, Chromium reports no upload progress: 0 %)
    expect(page.locator("label", has_text="Envoi en cours")).to_be_visible()
    double.dossiers.release_uploads()
    expect(page.get_by_role("status").first).to_contain_text("Document « Lettre recommandée » ajouté (85,9 Ko).")
    expect(page.locator("progress")).to_have_count(0)
    index = next(
        i
        for i, (method, path, _) in enumerate(double.seen)
        if (method, path) == ("POST", "/api/dossiers/d-1/documents")
    )
    upload = double.seen[index][2]
    assert upload["x-file-name"] == "Lettre%20recommand%C3%A9e.txt"
    assert upload["x-csrf-token"] == CSRF
    assert upload["content-type"] == "text/plain"
    assert double.queries[index] == {"tags": "courrier, loyers"}
    assert double.dossiers.blobs["doc-3"] == letter
    row = page.locator("#document-doc-3")
    expect(row).to_contain_text("v1")
    expect(row).to_contain_text("Lecture du texte en cours")
    assert downloaded(page, "Télécharger Lettre recommandée") == ("Lettre recommandée.txt", letter)
    browser_page.assert_clean()


def test_the_apis_413_and_415_are_shown_in_french(open_page, shared_runtime):
    browser_page, _ = screen(open_page, shared_runtime, "/dossiers/d-1?onglet=documents")
    page = browser_page.page
    fake = {"name": "contrat.pdf", "mimeType": "application/pdf", "buffer": b"MZ\x90\x00 pas un PDF"}
    page.set_input_files("input[type=file]", fake)
    button(page, "Envoyer le document").click()
    alert = page.get_by_role("form", name="Ajouter un document").get_by_role("alert")
    expect(alert).to_have_text("Le contenu du fichier ne correspond pas à son type déclaré (PDF).")
    page.set_input_files("input[type=file]", {"name": "enorme.txt", "mimeType": "text/plain", "buffer": b"x" * 300_000})
    button(page, "Envoyer le document").click()
    expect(alert).to_have_text("Fichier trop volumineux : 50 Mo au plus.")
    browser_page.assert_clean()


def test_an_image_is_previewed_in_the_page_and_a_pdf_opens_inline_in_its_own_tab(open_page, shared_runtime):
    browser_page, _ = screen(open_page, shared_runtime, "/dossiers/d-1?onglet=documents")
    page = browser_page.page
    button(page, "Aperçu de Photo de la vitrine").click()
    image = page.get_by_role("img", name="Aperçu de Photo de la vitrine")
    expect(image).to_have_attribute("src", "/api/documents/doc-2/content?disposition=inline")
    page.wait_for_function("document.querySelector('.apercu img').naturalWidth === 1")
    pdf = page.get_by_role("link", name="Aperçu de Assignation (nouvel onglet)")
    expect(pdf).to_have_attribute("href", "/api/documents/doc-1/content?disposition=inline")
    expect(pdf).to_have_attribute("rel", "noopener")
    page.once("dialog", lambda dialog: dialog.accept())
    button(page, "Supprimer Photo de la vitrine").click()
    expect(page.get_by_role("status").first).to_have_text("Le document « Photo de la vitrine » est supprimé.")
    expect(page.locator(".apercu")).to_have_count(0)
    browser_page.assert_clean()


def test_search_by_keyboard_only_marks_the_matches_without_ever_writing_html(open_page, shared_runtime):
    browser_page, double = screen(open_page, shared_runtime, "/dossiers", viewport=PHONE)
    page = browser_page.page
    page.wait_for_selector("text=Bail commercial rue des Lilas")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "recherche-globale"
    page.keyboard.type("bail")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Recherche : bail")
    expect(page.get_by_role("heading", name="Dossiers (1)")).to_be_visible()
    expect(page.get_by_role("heading", name="Documents (1)")).to_be_visible()
    expect(page.locator("mark")).to_have_count(2)
    expect(page.locator("mark").first).to_have_text("bail")
    assert page.locator("#injecte").count() == 0  # the snippet's markup stays text
    expect(page.locator("main")).to_contain_text('<img src=x id=injecte onerror="document.title=1">')
    page.get_by_role("link", name="Assignation").focus()
    page.keyboard.press("Control+k")
    assert page.evaluate("document.activeElement.id") == "recherche-globale"
    page.keyboard.type("2026-0001")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Recherche : 2026-0001")
    page.get_by_role("link", name="Assignation").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("tab", name="Documents")).to_have_attribute("aria-selected", "true")
    assert {"q": "2026-0001", "limit": "20"} in double.queries
    no_horizontal_scroll(page)
    browser_page.assert_clean()


def test_the_dossier_tabs_are_used_with_arrow_keys_and_fit_a_phone(open_page, shared_runtime):
    browser_page, _ = screen(open_page, shared_runtime, "/dossiers/d-1", viewport=PHONE)
    page = browser_page.page
    page.get_by_role("tab", name="Résumé").focus()
    page.keyboard.press("ArrowRight")
    expect(page.get_by_role("tab", name="Documents")).to_be_focused()
    expect(page.get_by_role("tabpanel")).to_contain_text("assignation.pdf")
    no_horizontal_scroll(page)
    page.keyboard.press("End")
    expect(page.get_by_role("tab", name="Dictées")).to_have_attribute("aria-selected", "true")
    expect(page.get_by_role("tabpanel")).to_contain_text("Message vocal du greffe")
    page.keyboard.press("ArrowLeft")
    expect(page.get_by_role("tab", name="Échéances")).to_have_attribute("aria-selected", "true")
    expect(page.get_by_role("tabpanel")).to_contain_text("Signifier le jugement")
    page.keyboard.press("End")
    page.keyboard.press("ArrowRight")
    expect(page.get_by_role("tab", name="Résumé")).to_be_focused()
    page.get_by_label("Statut", exact=True).select_option("clos")
    button(page, "Enregistrer").click()
    expect(page.get_by_role("status").first).to_contain_text("Dossier 2026-0001 : clos")
    expect(page.locator(".fiche")).to_contain_text("Clos, clos le 2 décembre 2026")
    accessible(page)
    no_horizontal_scroll(page)
    browser_page.assert_clean()


def test_the_client_list_filters_and_reads_the_next_page_by_cursor(open_page, shared_runtime):
    browser_page, double = screen(open_page, shared_runtime, "/clients")
    page = browser_page.page
    expect(page.locator("table tbody tr")).to_have_count(50)
    button(page, "Suivant : voir plus").click()
    expect(page.locator("table tbody tr")).to_have_count(62)
    expect(button(page, "Suivant : voir plus")).to_have_count(0)
    page.get_by_label("Type").select_option("personne_morale")
    page.get_by_role("form", name="Chercher un client").get_by_label("Nom").fill("boulang")
    button(page, "Chercher").click()
    expect(page.locator("table tbody tr")).to_have_count(1)
    assert double.queries[-1] == {"q": "boulang", "kind": "personne_morale", "sort": "name", "limit": "50"}
    browser_page.assert_clean()


def test_an_associe_exports_a_client_and_sees_the_retention_refusal_with_its_date(open_page, shared_runtime):
    browser_page, _ = screen(open_page, shared_runtime, "/clients/c-dupont")
    page = browser_page.page
    _, archive = downloaded(page, "Exporter les données (RGPD)")  # the name: the API's Content-Disposition
    assert archive.startswith(b"PK")
    erase = button(page, "Effacer Mme Claire Dupont")
    expect(erase).to_be_disabled()
    page.get_by_label("Pour confirmer, saisissez le nom du client : Mme Claire Dupont").fill("Mme Claire Dupont")
    erase.click()
    refusal = page.locator(".avertissement[role=alert]")
    expect(refusal).to_contain_text("Effacement refusé : conservation légale.")
    expect(refusal).to_contain_text("C. civ. art. 2225")
    expect(refusal).to_contain_text("Effacement possible à partir du 3 décembre 2031")
    accessible(page)
    browser_page.assert_clean()


def test_an_assistant_sees_neither_the_actions_of_lawyers_nor_the_rgpd_tools(open_page, shared_runtime):
    double = ContractDouble()
    double.permissions = ["mail.read", "client.read", "client.manage", "dossier.read", "document.read",
                          "document.upload", "search.use", "people.read"]  # fmt: skip
    browser_page, _ = screen(open_page, shared_runtime, "/dossiers/d-1", double)
    page = browser_page.page
    page.wait_for_selector("text=Société Générale")
    expect(page.locator("input[name=party_name]")).to_have_count(0)
    expect(page.locator("input[name=reference_value]")).to_have_count(0)
    expect(button(page, "Enregistrer")).to_have_count(0)
    page.get_by_role("tab", name="Documents").click()
    expect(page.get_by_role("button", name="Envoyer le document")).to_be_visible()
    expect(page.get_by_role("button", name="Supprimer Assignation")).to_have_count(0)
    page.get_by_role("navigation").get_by_role("link", name="Dossiers").click()
    expect(page.get_by_role("link", name="Nouveau dossier")).to_have_count(0)
    page.goto(shared_runtime.base_url + "/clients/c-dupont")
    page.wait_for_selector("text=claire.dupont@example.fr")
    expect(page.get_by_role("link", name="Exporter les données (RGPD)")).to_have_count(0)
    expect(page.get_by_role("link", name="Ouvrir un dossier pour ce client")).to_have_count(0)
    page.goto(shared_runtime.base_url + "/dossiers/nouveau")
    expect(page.locator("main")).to_contain_text("Votre rôle dans le cabinet ne donne pas accès à cette page.")
    assert json.dumps(double.state_changing()) == "[]"
    browser_page.assert_clean()
