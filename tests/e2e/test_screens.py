"""Every screen of the web app in Chromium, served by the real local runtime (so under its real CSP), with the
people API answered by the contract double: axe-core finds nothing serious or critical, nothing overflows a
390 px phone, the browser reports no CSP violation and no error; and the behaviours the contract asks of the app
(the TOTP step, the CSRF token, 401 → login, 403 `totp_a_configurer` → enrolment, the API's French messages)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.e2e.conftest import DESKTOP, PHONE, OpenPage, axe_violations, describe
from tests.e2e.contract_double import CSRF, PASSWORD, TOTP_CODE, VALID_TOKEN, ContractDouble
from tests.runtime_process import RunningRuntime

# path, signed in, what shows once the screen is ready
SCREENS = [
    ("/", False, "#liaisons:not([hidden])"),  # signed in, it is the tableau de bord: test_notification_screens.py
    ("/connexion", False, "input[name=password]"),
    ("/mot-de-passe-oublie", False, "input[name=email]"),
    (f"/reinitialisation/{VALID_TOKEN}", False, "input[name=password-confirmation]"),
    (f"/invitation/{VALID_TOKEN}", False, "input[name=name]"),
    ("/invitation/perime", False, "text=Demandez à un associé"),
    ("/compte", True, "text=Safari sur iPhone"),
    ("/compte/double-authentification", True, "svg.qr path"),
    ("/equipe", True, "text=Paul Durand"),
    ("/journal", True, "text=Entrée numéro 0"),
    ("/nulle-part", True, "text=Page introuvable"),
]


def opened(open_page: Callable[..., OpenPage], runtime: RunningRuntime, path: str, double: ContractDouble,
           viewport: dict[str, int] = DESKTOP) -> OpenPage:  # fmt: skip
    browser_page = open_page(viewport=viewport, expected_console=("status of 401", "status of 404", "status of 422"))
    double.install(browser_page.page)
    browser_page.page.goto(runtime.base_url + path)
    return browser_page


def button(page: Page, name: str) -> Locator:
    return page.get_by_role("button", name=name, exact=True)


def no_horizontal_scroll(page: Page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the page is {overflow} px wider than the screen"


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["bureau", "telephone"])
@pytest.mark.parametrize(("path", "signed_in", "ready"), SCREENS, ids=[s[0] for s in SCREENS])
def test_each_screen_is_accessible_and_fits_the_screen_under_the_csp(
    open_page, shared_runtime, path, signed_in, ready, viewport
):
    browser_page = opened(open_page, shared_runtime, path, ContractDouble(signed_in=signed_in), viewport)
    page = browser_page.page
    page.wait_for_selector(ready)
    assert page.locator("h1").count() == 1
    assert page.evaluate("document.documentElement.lang") == "fr"
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    no_horizontal_scroll(page)
    browser_page.assert_clean()


def test_login_by_keyboard_asks_for_the_totp_code_when_the_api_requires_it(open_page, shared_runtime):
    double = ContractDouble(signed_in=False, totp_enabled=True)
    browser_page = opened(open_page, shared_runtime, "/connexion?suite=%2Fequipe", double, PHONE)
    page = browser_page.page
    page.wait_for_selector("input[name=email]")
    page.keyboard.press("Tab")  # the skip link first
    page.keyboard.press("Tab")
    while page.evaluate("document.activeElement.name") != "email":
        page.keyboard.press("Tab")
    page.keyboard.type("marie@cabinet-martin.example")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.locator("legend")).to_have_text("Double authentification")
    assert page.evaluate("document.activeElement.name") == "totp"  # the focus moved to the code
    page.keyboard.type("000000")
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert")).to_have_text("Code de vérification incorrect.")
    page.fill("input[name=totp]", TOTP_CODE)
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("L’équipe")  # back where the person was going
    logins = [headers for method, path, headers in double.seen if path == "/api/auth/login"]
    assert len(logins) == 3
    browser_page.assert_clean()


def test_a_wrong_password_shows_the_apis_message_in_an_alert(open_page, shared_runtime):
    browser_page = opened(open_page, shared_runtime, "/connexion", ContractDouble(signed_in=False))
    page = browser_page.page
    page.fill("input[name=email]", "marie@cabinet-martin.example")
    page.fill("input[name=password]", "pas le bon mot de passe")
    page.click("button[type=submit]")
    expect(page.get_by_role("alert")).to_have_text("Adresse e-mail ou mot de passe incorrect.")
    assert page.get_by_role("alert").get_attribute("aria-live") == "assertive"
    browser_page.assert_clean()


def test_every_state_changing_request_carries_the_csrf_token(open_page, shared_runtime):
    double = ContractDouble()
    browser_page = opened(open_page, shared_runtime, "/equipe", double)
    page = browser_page.page
    page.fill("input[name=email]", "clara@cabinet-martin.example")
    page.select_option("#role-invitation", "avocat")
    button(page, "Inviter").click()
    expect(page.get_by_role("status").first).to_contain_text("Invitation envoyée à clara@cabinet-martin.example")
    page.select_option("#role-p-paul", "associe")
    button(page, "Changer le rôle de Paul Durand").click()
    expect(page.get_by_role("status").first).to_contain_text("Paul Durand est maintenant associé.")
    button(page, "Désactiver Paul Durand").click()
    expect(page.get_by_role("status").first).to_contain_text("Paul Durand est désactivé")
    button(page, "Réactiver Léa Petit").click()
    button(page, "Révoquer l’invitation de nouveau@cabinet-martin.example").click()
    expect(page.get_by_role("status").first).to_contain_text("est révoquée")
    page.get_by_role("link", name="Mon compte").click()
    button(page, "Déconnecter mes autres sessions").click()
    expect(page.get_by_role("status").first).to_have_text("1 autre session a été fermée.")
    button(page, "Se déconnecter").click()
    expect(page.locator("h1")).to_have_text("Connexion")
    sent = double.state_changing()
    assert [(method, path) for method, path, _ in sent] == [
        ("POST", "/api/people/invitations"),
        ("PATCH", "/api/people/p-paul"),
        ("POST", "/api/people/p-paul/deactivate"),
        ("POST", "/api/people/p-lea/reactivate"),
        ("DELETE", "/api/people/invitations/i-1"),
        ("POST", "/api/auth/logout-others"),
        ("POST", "/api/auth/logout"),
    ]
    assert all(headers.get("x-csrf-token") == CSRF for _, _, headers in sent)
    browser_page.assert_clean()


def test_a_lost_session_sends_the_person_to_login_and_back(open_page, shared_runtime):
    double = ContractDouble()
    browser_page = opened(open_page, shared_runtime, "/compte", double)
    page = browser_page.page
    page.wait_for_selector("text=Safari sur iPhone")
    double.signed_in = False  # the session ended elsewhere (deactivated, expired)
    button(page, "Déconnecter mes autres sessions").click()
    expect(page.locator("h1")).to_have_text("Connexion")
    assert page.url.endswith("/connexion?suite=%2Fcompte")
    page.fill("input[name=email]", "marie@cabinet-martin.example")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    expect(page.locator("h1")).to_have_text("Mon compte")
    browser_page.assert_clean()


def test_a_required_enrolment_leads_to_the_qr_code_then_the_recovery_codes_once(open_page, shared_runtime):
    double = ContractDouble(enrolment_required=True)
    browser_page = opened(open_page, shared_runtime, "/", double)
    page = browser_page.page
    scripts: list[str] = []
    page.on("request", lambda request: scripts.append(request.url) if request.url.endswith(".js") else None)
    page.wait_for_selector("#liaisons:not([hidden])")
    assert not any("/qr-" in url for url in scripts), "the QR encoder is part of the first load"
    page.goto(shared_runtime.base_url + "/equipe")
    expect(page.locator("h1")).to_have_text("Activer la double authentification")
    page.wait_for_selector("svg.qr path")
    assert any("/qr-" in url for url in scripts), "the QR encoder was not loaded on demand"
    assert page.get_by_role("img", name="Code QR à scanner avec votre application d’authentification").is_visible()
    assert page.inner_text("code.cle") == "JBSW Y3DP EHPK 3PXP JBSW Y3DP"
    page.fill("input[name=code]", "999999")
    button(page, "Activer").click()
    expect(page.locator(".erreur-champ")).to_have_text("Code incorrect : réessayez.")
    page.fill("input[name=code]", TOTP_CODE)
    button(page, "Activer").click()
    expect(page.locator("h1")).to_have_text("Vos codes de secours")
    assert page.locator("ol.codes li").count() == 10
    assert page.get_attribute("a[download]", "download") == "codes-de-secours-ia-poste-manager.txt"
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    expect(page.get_by_role("button", name="Terminer")).to_be_disabled()
    page.check("#codes-conserves")
    button(page, "Terminer").click()
    expect(page.locator("h1")).to_have_text("Mon compte")
    expect(page.locator("text=Activée : un code de votre application")).to_be_visible()
    browser_page.assert_clean()


def test_the_audit_log_filters_pages_with_its_cursor_and_exports_the_same_filters(open_page, shared_runtime):
    double = ContractDouble()
    browser_page = opened(open_page, shared_runtime, "/journal", double)
    page = browser_page.page
    page.wait_for_selector("text=Entrée numéro 0")
    assert page.locator("table.journal tbody tr").count() == 50
    button(page, "Voir plus").click()
    expect(page.locator("table.journal tbody tr")).to_have_count(75)
    expect(button(page, "Voir plus")).to_have_count(0)
    page.fill("input[name=action]", "person.invited")
    button(page, "Filtrer").click()
    expect(page.locator("table.journal tbody tr")).to_have_count(37)
    assert page.get_attribute("text=Exporter en CSV", "href") == "/api/audit.csv?action=person.invited"
    audits = [path for method, path, _ in double.seen if path == "/api/audit"]
    assert len(audits) == 3
    page.fill("input[name=since]", "2026-11-03")  # winter: Paris is UTC+1
    page.fill("input[name=until]", "2026-07-04")  # summer: UTC+2
    button(page, "Filtrer").click()
    expect(page.locator("text=Aucune entrée ne correspond à ces filtres.")).to_be_visible()
    assert double.queries[-1] == {"action": "person.invited", "since": "2026-11-02T23:00:00Z",
                                  "until": "2026-07-04T22:00:00Z", "limit": "50"}  # fmt: skip
    browser_page.assert_clean()


def test_an_invitation_is_accepted_with_a_name_and_a_checked_password(open_page, shared_runtime):
    browser_page = opened(open_page, shared_runtime, f"/invitation/{VALID_TOKEN}", ContractDouble(signed_in=False))
    page = browser_page.page
    invited = "Vous êtes invité à rejoindre Cabinet Martin en tant que Collaborateur"
    expect(page.locator("main")).to_contain_text(invited)
    page.fill("input[name=name]", "Clara Nouvelle")
    page.fill("input[name=password]", "un-mot-de-passe-long")
    page.fill("input[name=password-confirmation]", "un-autre-mot-de-passe")
    button(page, "Rejoindre le cabinet").click()
    expect(page.locator(".erreur-champ")).to_have_text("Les deux mots de passe ne sont pas identiques.")
    page.fill("input[name=password-confirmation]", "un-mot-de-passe-long")
    button(page, "Rejoindre le cabinet").click()
    expect(page.locator("main")).to_contain_text("Bonjour Marie Martin")
    browser_page.assert_clean()


def test_password_reset_request_and_completion(open_page, shared_runtime):
    browser_page = opened(open_page, shared_runtime, "/mot-de-passe-oublie", ContractDouble(signed_in=False))
    page = browser_page.page
    page.fill("input[name=email]", "inconnu@ailleurs.example")
    button(page, "Recevoir le lien").click()
    expect(page.get_by_role("status")).to_have_text(
        "Si un compte existe pour cette adresse, un lien vient de lui être envoyé."
    )
    page.goto(shared_runtime.base_url + "/reinitialisation/perime")
    page.fill("input[name=password]", "nouveau-mot-de-passe")
    page.fill("input[name=password-confirmation]", "nouveau-mot-de-passe")
    page.click("button[type=submit]")
    expect(page.get_by_role("alert")).to_contain_text("inconnu(e), déjà utilisé(e) ou expiré(e)")
    page.goto(shared_runtime.base_url + f"/reinitialisation/{VALID_TOKEN}")
    page.fill("input[name=password]", "court")
    page.fill("input[name=password-confirmation]", "court")
    page.click("button[type=submit]")
    expect(page.locator(".erreur-champ")).to_have_text("Le mot de passe doit compter au moins 12 caractères.")
    page.fill("input[name=password]", "nouveau-mot-de-passe")
    page.fill("input[name=password-confirmation]", "nouveau-mot-de-passe")
    page.click("button[type=submit]")
    expect(page.locator("h1")).to_have_text("Mot de passe changé")
    browser_page.assert_clean()
