"""Issue 14's walk in Chromium against the real API and the real hub of the local runtime (docs/realtime.md,
docs/notifications.md): one associé in two sessions (two browsers). Mail delivered to the runtime's own SMTP door
(the server process, which holds the hub, files it and pushes; `./poste ingest` would run in a process of its own)
appears on the first session's tableau de bord without a reload: a stranger's message in the « à classer » count, a
reply to the dossier's address, filed there, in the latest mail; each with a toast and the bell's count. Everything
marked read in the second session clears the first one's bell (the `read` frame); closing the other sessions from
Mon compte sends the first one to the login screen (the hub closes its socket with 4003). Each screen ends without
a CSP violation nor a script error, and axe-core finds nothing serious or critical on it.

Written before the server side merged: it passes once `/api/notifications*`, `/api/dashboard` and the hub's
publishing are on the branch it runs on (it passed on a scratch merge of the web, hub and notifapi branches)."""

from __future__ import annotations

import smtplib
from collections.abc import Iterator

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.e2e.test_courrier_flows import REPLY, STRANGER
from tests.e2e.test_dossier_flows import EXPECTED, clean
from tests.e2e.test_people_flows import PASSWORD, log_in, nav, new_cabinet, poste
from tests.e2e.walk_helpers import a_dossier
from tests.runtime_process import RunningRuntime, start_runtime


@pytest.fixture(scope="module")
def runtime(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningRuntime]:
    running = start_runtime(tmp_path_factory.mktemp("temps-reel") / "data")
    yield running
    running.stop()


def deliver(runtime: RunningRuntime, text: str, to: str) -> None:
    with smtplib.SMTP("127.0.0.1", runtime.smtp_port, timeout=30) as client:
        client.sendmail("compta@fournisseur.example", [to], text.format(to=to).replace("\n", "\r\n").encode())


def to_file(page: Page, count: int) -> None:
    name = f"{count} courrier à classer" if count <= 1 else f"{count} courriers à classer"
    expect(page.get_by_role("link", name=name)).to_be_visible(timeout=10_000)


def live(page: Page) -> None:
    expect(page.locator(".direct")).to_have_text("Mises à jour en direct : actives.", timeout=10_000)


def test_mail_filed_by_the_server_appears_live_in_another_sessions_tableau_de_bord(open_page, runtime):
    email, _ = new_cabinet(runtime)
    slug = "cabinet-essai-" + email.split("@")[0].removeprefix("associe")
    desk, other = open_page(expected_console=EXPECTED), open_page(expected_console=EXPECTED)
    log_in(desk.page, runtime, email)
    a_dossier(desk.page, runtime)
    reference = desk.page.locator(".fiche dd").first.inner_text()
    nav(desk.page, "Accueil").click()
    expect(desk.page.locator("h1")).to_have_text("Tableau de bord")
    to_file(desk.page, 0)
    live(desk.page)
    clean(desk.page)
    log_in(other.page, runtime, email)
    expect(other.page.locator("h1")).to_have_text("Tableau de bord")

    # a stranger's message: counted « à classer » on the first session's desk without a reload
    deliver(runtime, STRANGER, f"{slug}@poste.example")
    to_file(desk.page, 1)
    expect(desk.page.get_by_role("link", name="Facture de novembre")).to_be_visible()
    expect(desk.page.locator(".toast").filter(has_text="Courrier à classer")).to_be_visible()
    expect(bell(desk.page, "aucune non lue")).to_have_count(0)
    clean(desk.page)

    # a reply to the dossier's own address: filed there by the server, in the latest mail at once
    deliver(runtime, REPLY, f"{slug}+{reference}@poste.example")
    expect(desk.page.get_by_role("link", name="RE: Bail commercial rue des Lilas")).to_be_visible(timeout=10_000)
    expect(desk.page.locator(".toast").filter(has_text=f"Courrier classé dans le dossier {reference}")).to_be_visible()
    to_file(desk.page, 1)

    # everything read in the other session: the first one's bell follows (the hub's `read` frame)
    other.page.get_by_role("navigation").get_by_role("link", name="Notifications, ", exact=False).click()
    expect(other.page.locator("h1")).to_have_text("Notifications")
    expect(other.page.locator("main")).to_contain_text("Courrier à classer")
    clean(other.page)
    other.page.get_by_role("button", name="Tout marquer comme lu", exact=True).click()
    expect(bell(other.page, "aucune non lue")).to_be_visible()
    expect(bell(desk.page, "aucune non lue")).to_be_visible(timeout=10_000)

    # the other sessions closed from Mon compte: the first one's socket is closed with 4003, back to login
    nav(other.page, "Mon compte").click()
    other.page.get_by_role("button", name="Déconnecter mes autres sessions", exact=True).click()
    expect(desk.page.locator("h1")).to_have_text("Connexion", timeout=10_000)
    desk.assert_clean()
    other.assert_clean()


def test_mail_filed_by_one_person_appears_live_on_the_dossier_lawyers_tableau_de_bord(open_page, runtime):
    """An avocat files a stranger's message from the tray into the associé's dossier: the associé, who is the
    dossier's responsible lawyer, sees it arrive on their open tableau de bord without a reload."""
    email, _ = new_cabinet(runtime)
    number = email.split("@")[0].removeprefix("associe")
    slug, colleague = f"cabinet-essai-{number}", f"avocat{number}@cabinet-essai.example"
    poste(runtime, "user", "add", "--cabinet", slug, "--email", colleague, "--role", "avocat", "--password", PASSWORD)
    lawyer, filer = open_page(expected_console=EXPECTED), open_page(expected_console=EXPECTED)
    log_in(lawyer.page, runtime, email)
    dossier_id = a_dossier(lawyer.page, runtime)
    reference = lawyer.page.locator(".fiche dd").first.inner_text()
    deliver(runtime, STRANGER, f"{slug}@poste.example")
    nav(lawyer.page, "Accueil").click()
    expect(lawyer.page.locator("h1")).to_have_text("Tableau de bord")
    to_file(lawyer.page, 1)
    live(lawyer.page)

    log_in(filer.page, runtime, colleague)
    expect(filer.page.locator("h1")).to_have_text("Tableau de bord")
    nav(filer.page, "Courrier (1 à classer)").click()
    filer.page.get_by_label("Facture de novembre").check()
    filer.page.get_by_label("Dossier pour le message choisi").select_option(dossier_id)
    filer.page.get_by_role("button", name="Classer la sélection").click()
    expect(filer.page.get_by_role("status").first).to_have_text("1 message classé.")

    toast = lawyer.page.locator(".toast").filter(has_text=f"Courrier classé dans le dossier {reference}")
    expect(toast).to_be_visible(timeout=10_000)
    to_file(lawyer.page, 0)
    expect(lawyer.page.get_by_role("link", name="Facture de novembre")).to_be_visible()
    clean(lawyer.page)
    lawyer.assert_clean()
    filer.assert_clean()


def bell(page: Page, unread: str) -> Locator:
    return page.get_by_role("navigation").get_by_role("link", name=f"Notifications, {unread}", exact=True)
