"""The people flows of docs/people.md, end to end: the web app in Chromium against the real API of the local
runtime, a cabinet created with `./poste cabinet create`, and the mail the runtime sends read back with
`./poste outbox` (its links followed as a person would). Each flow ends without a CSP violation or a script error.

TOTP codes are computed here (RFC 6238: HMAC-SHA1, 30 s, 6 digits) from the key the enrolment screen shows.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import itertools
import json
import re
import struct
import subprocess
import sys
import time
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.e2e.conftest import OpenPage, axe_violations, describe
from tests.runtime_process import ROOT, RunningRuntime, start_runtime

PASSWORD = "un mot de passe assez long"
ANONYMOUS_CHECK = ("/api/auth/session", "status of 401")  # the app asks who is there; nobody yet is a 401
_numbers = itertools.count(1)


@pytest.fixture(scope="module")
def runtime(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningRuntime]:
    running = start_runtime(tmp_path_factory.mktemp("people") / "data")
    yield running
    running.stop()


def poste(runtime: RunningRuntime, *args: str) -> str:
    """The CLI on the runtime's data folder, as an operator would run it beside the server."""
    completed = subprocess.run(
        [sys.executable, "-m", "local.cli", *args],
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT / "src"), "POSTE_DATA_DIR": str(runtime.data_dir), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 0, f"./poste {' '.join(args)}:\n{completed.stdout}\n{completed.stderr}"
    return completed.stdout


def new_cabinet(runtime: RunningRuntime) -> tuple[str, str]:
    """A fresh cabinet and its first associé: (email, cabinet name)."""
    number = next(_numbers)
    name, email = f"Cabinet Essai {number}", f"associe{number}@cabinet-essai.example"
    poste(runtime, "cabinet", "create", "--name", name, "--slug", f"cabinet-essai-{number}",
          "--admin-email", email, "--admin-password", PASSWORD)  # fmt: skip
    return email, name


def link_mailed_to(runtime: RunningRuntime, address: str, kind: str, timeout: float = 15) -> str:
    """The path of the `/invitation/…` or `/reinitialisation/…` link in the newest message to `address`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        entries = json.loads(poste(runtime, "outbox", "--to", address))
        for entry in entries:
            found = re.search(rf"/{kind}/([A-Za-z0-9_\-~.%]+)", poste(runtime, "outbox", "show", entry["id"]))
            if found:
                return found.group(0)
        time.sleep(0.2)
    raise AssertionError(f"no {kind} link mailed to {address}")


def totp(key: str, at: float | None = None) -> str:
    secret = base64.b32decode(key.replace(" ", "").upper() + "=" * (-len(key.replace(" ", "")) % 8))
    counter = int((time.time() if at is None else at) // 30)
    digest = hmac.new(secret, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return f"{(struct.unpack('>I', digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


def nav(page: Page, name: str) -> Locator:
    return page.get_by_role("navigation").get_by_role("link", name=name, exact=True)


def log_in(page: Page, runtime: RunningRuntime, email: str, password: str = PASSWORD) -> None:
    page.goto(runtime.base_url + "/connexion")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    page.get_by_role("button", name="Se connecter", exact=True).click()


def fresh(open_page: Callable[..., OpenPage]) -> OpenPage:
    return open_page(expected_console=ANONYMOUS_CHECK)


def test_login_without_totp_opens_the_cabinet(open_page, runtime):
    email, cabinet = new_cabinet(runtime)
    browser_page = fresh(open_page)
    page = browser_page.page
    log_in(page, runtime, "inconnu@cabinet-essai.example")
    expect(page.get_by_role("alert")).not_to_be_empty()  # the API's French message, the same for a wrong password
    refused = page.get_by_role("alert").inner_text()
    log_in(page, runtime, email, "pas le bon mot de passe")
    expect(page.get_by_role("alert")).to_have_text(refused)
    log_in(page, runtime, email)
    expect(page.locator(".cabinet")).to_have_text(cabinet)
    expect(nav(page, "L’équipe")).to_be_visible()
    nav(page, "Mon compte").click()
    expect(page.locator(".fiche")).to_contain_text(email)
    expect(page.locator("text=(cette session)")).to_be_visible()
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    browser_page.assert_clean()


def test_enrolment_then_login_asks_for_the_code_and_takes_a_recovery_code(open_page, runtime):
    email, _ = new_cabinet(runtime)
    browser_page = fresh(open_page)
    page = browser_page.page
    log_in(page, runtime, email)
    nav(page, "Mon compte").click()
    page.get_by_role("link", name="Activer la double authentification").click()
    page.wait_for_selector("svg.qr path")
    key = page.inner_text("code.cle")
    page.fill("input[name=code]", totp(key))
    page.get_by_role("button", name="Activer", exact=True).click()
    expect(page.locator("h1")).to_have_text("Vos codes de secours")
    codes = page.locator("ol.codes li").all_inner_texts()

    assert len(codes) == 10
    page.check("#codes-conserves")
    page.get_by_role("button", name="Terminer").click()
    expect(page.locator("text=Activée : un code de votre application")).to_be_visible()
    page.get_by_role("button", name="Se déconnecter").click()
    expect(page.locator("h1")).to_have_text("Connexion")

    log_in(page, runtime, email)
    expect(page.locator("legend")).to_have_text("Double authentification")
    page.fill("input[name=totp]", "000000" if totp(key) != "000000" else "111111")
    page.get_by_role("button", name="Valider le code").click()
    expect(page.get_by_role("alert")).not_to_be_empty()
    page.fill("input[name=totp]", codes[0])
    page.get_by_role("button", name="Valider le code").click()
    expect(nav(page, "Mon compte")).to_be_visible()
    page.get_by_role("button", name="Se déconnecter").click()
    log_in(page, runtime, email)
    page.fill("input[name=totp]", totp(key, time.time() + 30))  # the current code was used at enrolment: the next
    page.get_by_role("button", name="Valider le code").click()
    expect(nav(page, "Mon compte")).to_be_visible()
    browser_page.assert_clean()


def invite(page: Page, runtime: RunningRuntime, address: str, role: str = "avocat") -> None:
    page.goto(runtime.base_url + "/equipe")
    page.fill("input[name=email]", address)
    page.select_option("#role-invitation", role)
    page.get_by_role("button", name="Inviter", exact=True).click()
    expect(page.get_by_role("status").first).to_contain_text(f"Invitation envoyée à {address}")


def accept(page: Page, runtime: RunningRuntime, link: str, name: str) -> None:
    page.goto(runtime.base_url + link)
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", PASSWORD)
    page.fill("input[name=password-confirmation]", PASSWORD)
    page.get_by_role("button", name="Rejoindre le cabinet").click()
    expect(page.locator("main")).to_contain_text(f"Bonjour {name}")


def test_an_invitation_followed_from_the_outbox_makes_a_logged_in_member(open_page, runtime):
    email, cabinet = new_cabinet(runtime)
    associe = fresh(open_page)
    log_in(associe.page, runtime, email)
    expect(nav(associe.page, "L’équipe")).to_be_visible()
    invite(associe.page, runtime, "invitee1@cabinet-essai.example", "collaborateur")
    expect(associe.page.locator(".liste")).to_contain_text("invitee1@cabinet-essai.example")

    link = link_mailed_to(runtime, "invitee1@cabinet-essai.example", "invitation")
    newcomer = open_page(expected_console=(*ANONYMOUS_CHECK, "/api/invitations/"))  # its reuse below is a 404
    newcomer.page.goto(runtime.base_url + link)
    expect(newcomer.page.locator("main")).to_contain_text(f"Vous êtes invité à rejoindre {cabinet}")
    violations = axe_violations(newcomer.page)
    assert violations == [], describe(violations)
    accept(newcomer.page, runtime, link, "Camille Nouvelle")
    nav(newcomer.page, "Mon compte").click()
    expect(newcomer.page.locator(".fiche")).to_contain_text("Collaborateur")
    expect(nav(newcomer.page, "L’équipe")).to_have_count(0)  # not an associé

    newcomer.page.goto(runtime.base_url + link)  # the link works once
    expect(newcomer.page.get_by_role("alert")).not_to_be_empty()
    associe.page.goto(runtime.base_url + "/equipe")
    expect(associe.page.locator("table")).to_contain_text("Camille Nouvelle")
    associe.assert_clean()
    newcomer.assert_clean()


def test_a_password_reset_through_the_outbox_replaces_the_password(open_page, runtime):
    email, _ = new_cabinet(runtime)
    browser_page = fresh(open_page)
    page = browser_page.page
    page.goto(runtime.base_url + "/mot-de-passe-oublie")
    page.fill("input[name=email]", email)
    page.get_by_role("button", name="Recevoir le lien").click()
    expect(page.get_by_role("status")).not_to_be_empty()
    link = link_mailed_to(runtime, email, "reinitialisation")
    page.goto(runtime.base_url + link)
    page.fill("input[name=password]", "le tout nouveau mot de passe")
    page.fill("input[name=password-confirmation]", "le tout nouveau mot de passe")
    page.get_by_role("button", name="Changer le mot de passe").click()
    expect(page.locator("h1")).to_have_text("Mot de passe changé")
    log_in(page, runtime, email)  # the old one
    expect(page.get_by_role("alert")).not_to_be_empty()
    log_in(page, runtime, email, "le tout nouveau mot de passe")
    expect(nav(page, "Mon compte")).to_be_visible()
    browser_page.assert_clean()


def test_deactivation_cuts_a_live_session_at_once(open_page, runtime):
    email, _ = new_cabinet(runtime)
    associe = fresh(open_page)
    log_in(associe.page, runtime, email)
    expect(nav(associe.page, "L’équipe")).to_be_visible()
    invite(associe.page, runtime, "partant@cabinet-essai.example")
    member = fresh(open_page)
    accept(member.page, runtime, link_mailed_to(runtime, "partant@cabinet-essai.example", "invitation"), "Dominique")
    nav(member.page, "Mon compte").click()
    expect(member.page.locator("h1")).to_have_text("Mon compte")

    associe.page.goto(runtime.base_url + "/equipe")
    associe.page.get_by_role("button", name="Désactiver Dominique").click()
    expect(associe.page.get_by_role("status").first).to_contain_text("Dominique est désactivé")

    # without a click: the hub closes the member's socket with 4003 and the app opens the login screen
    expect(member.page.locator("h1")).to_have_text("Connexion")
    assert member.page.url.endswith("/connexion?suite=%2Fcompte")
    log_in(member.page, runtime, "partant@cabinet-essai.example")
    expect(member.page.get_by_role("alert")).not_to_be_empty()  # and it cannot come back
    associe.assert_clean()
    member.assert_clean()


def test_the_audit_log_shows_the_changes_and_exports_them(open_page, runtime):
    email, _ = new_cabinet(runtime)
    browser_page = fresh(open_page)
    page = browser_page.page
    log_in(page, runtime, email)
    expect(nav(page, "Journal d’audit")).to_be_visible()
    invite(page, runtime, "trace@cabinet-essai.example")
    nav(page, "Journal d’audit").click()
    table = page.locator("table.journal")
    expect(table).to_be_visible()
    rows = table.locator("tbody tr").all_inner_texts()
    assert rows, "the audit log is empty after an invitation"
    actions = page.locator("table.journal tbody td[data-titre=Action]").all_inner_texts()
    invited_action = next((text for text in actions if "invit" in text), None)
    assert invited_action is not None, rows
    page.fill("input[name=action]", invited_action)
    page.get_by_role("button", name="Filtrer").click()
    expect(table.locator("tbody tr").first).to_contain_text(invited_action)
    export_link = page.get_by_role("link", name="Exporter en CSV")
    expect(export_link).to_have_attribute("href", re.compile(r"^/api/audit\.csv\?action="))
    export = export_link.get_attribute("href")
    assert export is not None
    csv = page.request.get(runtime.base_url + export)
    assert csv.status == 200
    assert csv.headers["content-type"].startswith("text/csv")
    assert invited_action in csv.text()
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    browser_page.assert_clean()
