"""The échéances screens in Chromium, served by the real local runtime (its real CSP), with docs/echeances.md
answered by the contract double (the live computation by the real engine): axe-core finds nothing serious or
critical on each screen, nothing overflows a 390 px phone, no CSP violation nor script error; the deadline form
walked by keyboard with the engine's explanation appearing as the lawyer types; a suggestion read from mail
confirmed in one click, seen in the month calendar, then marked done with its version; a renvoi leaving the old
hearing "remplacée"; a procedure chain applied with a step waiting for its event; the cabinet's settings and the
calendar feed."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.e2e.conftest import DESKTOP, PHONE, OpenPage
from tests.e2e.contract_double import ContractDouble
from tests.e2e.echeances_double import CHAIN_ID, SUGGESTED_QUOTE, in_days
from tests.e2e.test_dossier_screens import accessible
from tests.e2e.test_screens import button, no_horizontal_scroll
from tests.runtime_process import RunningRuntime

EXPECTED_REFUSALS = tuple(f"status of {status}" for status in (404, 409, 422))

# path, what shows once the screen is ready
SCREENS = [
    ("/echeances", "text=Conclusions en réponse"),
    ("/echeances?vue=mois", "table.calendrier"),
    ("/dossiers/d-1?onglet=echeances", "text=En attente de notification des conclusions de l'appelant"),
    ("/cabinet", "text=Fermeture du greffe"),
    ("/compte", "text=Mon agenda (abonnement)"),
]


def screen(open_page: Callable[..., OpenPage], runtime: RunningRuntime, path: str, double: ContractDouble | None = None,
           viewport: dict[str, int] = DESKTOP) -> tuple[OpenPage, ContractDouble]:  # fmt: skip
    double = double or ContractDouble()
    browser_page = open_page(viewport=viewport, expected_console=EXPECTED_REFUSALS)
    double.install(browser_page.page)
    browser_page.page.goto(runtime.base_url + path)
    return browser_page, double


def status_text(page: Page) -> Locator:
    """The polite region that says something (a dossier tab has its own under the page's)."""
    return page.locator("main [role=status]:not(:empty)").first


def tab_to(page: Page, target: Locator, most: int = 6) -> None:
    """Tab until `target` has the focus (a date field holds one tab stop per segment in Chromium)."""
    for _ in range(most):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"{target} never got the focus by Tab")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["bureau", "telephone"])
@pytest.mark.parametrize(("path", "ready"), SCREENS, ids=[s[0] for s in SCREENS])
def test_each_echeance_screen_is_accessible_and_fits_the_screen_under_the_csp(
    open_page, shared_runtime, path, ready, viewport
):
    browser_page, _ = screen(open_page, shared_runtime, path, viewport=viewport)
    page = browser_page.page
    page.wait_for_selector(ready)
    assert page.locator("h1").count() == 1
    accessible(page)
    no_horizontal_scroll(page)
    browser_page.assert_clean()


def test_the_deadline_form_by_keyboard_shows_the_engines_explanation_as_the_lawyer_types(open_page, shared_runtime):
    browser_page, double = screen(open_page, shared_runtime, "/dossiers/d-1?onglet=echeances", viewport=PHONE)
    page = browser_page.page
    page.get_by_role("button", name="Nouvelle échéance").focus()
    page.keyboard.press("Enter")
    form = page.get_by_role("form", name="Nouvelle échéance")
    expect(form).to_be_visible()
    page.keyboard.press("Tab")  # the radio group (catalogue chosen)
    expect(form.get_by_label("Un délai du catalogue")).to_be_focused()
    page.keyboard.press("Tab")
    expect(form.get_by_label("Type de délai")).to_be_focused()
    page.keyboard.press("ArrowDown")  # the first entry: appel
    expect(form.get_by_label("Type de délai")).to_have_value("appel")
    page.keyboard.press("Tab")
    expect(form.get_by_label("Date de l’acte ou de l’événement de départ")).to_be_focused()
    # a date field's segments follow the browser's locale: filled as ISO, the focus stays in the field
    form.get_by_label("Date de l’acte ou de l’événement de départ").fill("2026-11-30")
    live = form.locator(".calcul")
    expect(live).to_contain_text("Échéance calculée : mercredi 30 décembre 2026")
    expect(live.get_by_role("list", name="Explication du calcul")).to_contain_text(
        "Point de départ : signification du jugement du 30 novembre 2026 (non compté)."
    )
    expect(live.get_by_role("list", name="Avertissements")).to_contain_text("art. 680")
    tab_to(page, form.get_by_label("Acte de départ"))
    page.keyboard.press("Tab")
    expect(form.get_by_label("Résidence de la partie qui doit agir")).to_be_focused()
    page.keyboard.press("End")  # à l'étranger: two more months (art. 643)
    expect(live).to_contain_text("Échéance calculée : lundi 1 mars 2027")
    reasoning = live.get_by_role("list", name="Explication du calcul")
    expect(reasoning).to_contain_text("28 février 2027")  # a Sunday: the engine says why it moves on
    expect(reasoning).to_contain_text("lundi 1er mars 2027")
    accessible(page)
    page.keyboard.press("Tab")  # the title
    page.keyboard.press("Tab")
    expect(form.get_by_label("Fixer l’échéance à la main")).to_be_focused()
    page.keyboard.press("Space")
    # the computed date stays beside the manual one, read with the field
    expect(form.get_by_label("Échéance retenue")).to_have_accessible_description("Date calculée : lundi 1 mars 2027.")
    page.keyboard.press("Tab")
    form.get_by_label("Échéance retenue").fill("2027-02-26")
    tab_to(page, form.get_by_label("Motif (obligatoire)"))
    page.keyboard.press("Enter")  # without its reason: refused before anything is sent
    expect(form.locator(".erreur-champ")).to_have_text("Indiquez pourquoi l’échéance calculée n’est pas retenue.")
    page.keyboard.type("Prudence : la signification à l’étranger est contestée")
    page.keyboard.press("Enter")
    expect(status_text(page)).to_have_text(
        "Échéance « Appel d'un jugement (matière contentieuse) » enregistrée : vendredi 26 février 2027."
    )
    sent = [body for method, path, body in double.echeances.bodies if path == "dossiers/d-1/deadlines"]
    assert sent == [{"kind": "appel", "from": "2026-11-30", "party_residence": "etranger",
                     "title": "Appel d'un jugement (matière contentieuse)", "manual_due_date": "2027-02-26",
                     "manual_reason": "Prudence : la signification à l’étranger est contestée"}]  # fmt: skip
    row = page.locator("tr", has_text="Appel d'un jugement")
    expect(row).to_contain_text("fixée à la main (Prudence")
    expect(row).to_contain_text("date calculée : lundi 1 mars 2027")
    assert 2 <= double.echeances.previews <= 4  # debounced: not one request per keystroke
    no_horizontal_scroll(page)
    browser_page.assert_clean()


def test_a_suggestion_is_confirmed_seen_in_the_calendar_and_marked_done(open_page, shared_runtime):
    browser_page, double = screen(open_page, shared_runtime, "/echeances")
    page = browser_page.page
    suggestions = page.get_by_role("region", name="À confirmer (2)")
    expect(suggestions).to_contain_text(f"« {SUGGESTED_QUOTE} »")
    expect(suggestions.get_by_role("link", name="Voir le courrier d’où elle a été lue").first).to_have_attribute(
        "href", "/courrier/m-1"
    )
    # the list: overdue first
    expect(page.locator("table.echeances tbody tr").first).to_contain_text("(en retard)")
    button(page, "Confirmer l’échéance Appel de l’ordonnance de référé").click()
    expect(status_text(page)).to_have_text("« Appel de l’ordonnance de référé » est confirmée.")
    expect(page.get_by_role("region", name="À confirmer (1)")).to_be_visible()
    assert ("POST", "deadlines/e-suggere/confirm", {}) in double.echeances.bodies
    button(page, "Mois").click()
    due = in_days(5)
    if due[:7] != dt.date.today().isoformat()[:7]:
        button(page, "Suivant : mois suivant").click()
    day = page.locator("table.calendrier td", has_text="Appel de l’ordonnance de référé — 2026-0001")
    expect(day).to_have_count(1)
    label = day.get_attribute("aria-label") or ""
    assert f" {int(due[8:])} " in label, label  # the cell of its due date
    assert label.endswith(due[:4]), label
    expect(page.locator("table.calendrier td", has_text="Audience 09:30 — 2026-0001")).to_have_count(1)
    accessible(page)
    button(page, "Liste").click()
    button(page, "Marquer faite : Appel de l’ordonnance de référé").click()
    expect(status_text(page)).to_have_text("Échéance « Appel de l’ordonnance de référé » marquée faite.")
    expect(page.locator("table.echeances")).not_to_contain_text("Appel de l’ordonnance de référé")
    patch = [body for method, path, body in double.echeances.bodies if path == "deadlines/e-suggere"]
    assert patch == [{"version": 2, "status": "fait"}]  # the version read after the confirmation
    page.get_by_label("Statut").select_option("fait")
    expect(page.locator("table.echeances")).to_contain_text("Appel de l’ordonnance de référé")
    browser_page.assert_clean()


def test_a_renvoi_replaces_the_old_hearing_and_a_chain_waits_for_its_event(open_page, shared_runtime):
    browser_page, double = screen(open_page, shared_runtime, "/dossiers/d-1?onglet=echeances")
    page = browser_page.page
    old = page.locator("#audience-h-1")
    old.get_by_role("button", name="Renvoyer").click()
    page.get_by_label("Nouvelle date").fill("2027-01-15")
    button(page, "Enregistrer le renvoi").click()
    expect(status_text(page)).to_have_text("Audience renvoyée au vendredi 15 janvier 2027.")
    expect(old).to_contain_text("Remplacée par l’audience du vendredi 15 janvier 2027")
    expect(page.locator(".audiences li", has_text="Prévue")).to_contain_text("vendredi 15 janvier 2027")
    # an anchor known at last: the step waiting for it is computed
    event = "notification des conclusions de l'appelant"
    known = page.get_by_role("form", name=f"Date connue : {event}")
    expect(known.get_by_label(f"Date : {event}")).to_have_accessible_description(
        "Attendue par : Conclusions de l’intimé."
    )
    known.get_by_label(f"Date : {event}").fill("2026-12-01")
    known.get_by_role("button", name="Enregistrer la date").click()
    expect(status_text(page)).to_contain_text(f"Date « {event} » enregistrée")
    expect(page.locator("#echeance-e-chaine")).to_contain_text("lundi 4 janvier 2027")
    assert (
        "PATCH",
        "dossiers/d-1/procedures/run-1",
        {"anchors": {"conclusions_appelant_notifiees": "2026-12-01"}},
    ) in (double.echeances.bodies)
    page.get_by_label("Procédure", exact=True).select_option(CHAIN_ID)
    expect(page.get_by_role("form", name="Appliquer une procédure")).to_contain_text("CPC art. 906-2")
    page.get_by_label("Date : avis de fixation").fill("2026-12-01")
    button(page, "Appliquer la procédure").click()
    expect(status_text(page)).to_have_text(
        "Procédure « Appel à bref délai (appels formés depuis le 1er sept. 2024) » appliquée : 3 échéances."
    )
    waiting = page.locator("tr#echeance-e-7", has_text=f"En attente de {event}")
    expect(waiting).to_contain_text("Conclusions de l’intimé")
    expect(page.locator("tr", has_text="Conclusions de l’appelant")).to_contain_text("2027")
    applied = [body for method, path, body in double.echeances.bodies if path == "dossiers/d-1/procedures"]
    assert applied == [{"procedure": CHAIN_ID, "anchors": {"avis_fixation": "2026-12-01"}}]
    accessible(page)
    browser_page.assert_clean()


def test_an_associe_sets_the_alerts_and_closures_and_a_lawyer_gets_a_calendar_address(open_page, shared_runtime):
    browser_page, double = screen(open_page, shared_runtime, "/cabinet")
    page = browser_page.page
    thresholds = page.get_by_label("Seuils d’alerte (jours avant l’échéance)")
    thresholds.fill("quinze")
    button(page, "Enregistrer").click()
    expect(thresholds).to_have_attribute("aria-invalid", "true")
    thresholds.fill("15, 7, 1, 0")
    page.get_by_label("Zone de la juridiction").select_option("974")
    button(page, "Enregistrer").click()
    expect(status_text(page)).to_have_text("Réglages enregistrés : alertes à J-15, J-7, J-1, J-0.")
    assert double.echeances.cabinet["alert_days"] == [15, 7, 1, 0]
    assert double.echeances.cabinet["court_zone"] == "974"
    page.get_by_label("Jour de fermeture").fill("2027-01-02")
    page.get_by_label("Motif").fill("Grève du greffe")
    button(page, "Déclarer la fermeture").click()
    expect(page.locator("main")).to_contain_text("samedi 2 janvier 2027 — Grève du greffe")
    button(page, "Retirer la fermeture du jeudi 24 décembre 2026").click()
    expect(status_text(page)).to_contain_text("Fermeture du jeudi 24 décembre 2026 retirée")
    assert [c["day"] for c in double.echeances.closures] == ["2027-01-02"]
    page.get_by_role("navigation").get_by_role("link", name="Mon compte").click()
    button(page, "Créer l’adresse de mon agenda").click()
    address = page.get_by_label("Adresse de l’agenda")
    expect(address).to_have_value(re.compile(r"^https://poste\.example/calendar/jeton-\d+\.ics$"))
    assert address.input_value() == f"https://poste.example/calendar/{double.echeances.token}.ics"
    page.get_by_text("Comment s’abonner").click()
    expect(page.locator("details")).to_contain_text("Google Agenda")
    button(page, "Révoquer l’adresse").click()
    expect(address).to_have_count(0)
    assert double.echeances.token is None
    browser_page.assert_clean()


def test_an_assistant_keeps_the_agenda_but_may_not_fix_a_date_by_hand(open_page, shared_runtime):
    double = ContractDouble()
    double.permissions = ["mail.read", "client.read", "dossier.read", "document.read", "search.use", "people.read",
                          "deadline.read", "deadline.manage", "mail.file"]  # fmt: skip
    browser_page, _ = screen(open_page, shared_runtime, "/dossiers/d-1?onglet=echeances", double)
    page = browser_page.page
    button(page, "Nouvelle échéance").click()
    expect(page.get_by_label("Type de délai")).to_be_visible()
    expect(page.get_by_label("Fixer l’échéance à la main")).to_have_count(0)
    expect(page.get_by_role("navigation").get_by_role("link", name="Réglages")).to_have_count(0)
    browser_page.assert_clean()
