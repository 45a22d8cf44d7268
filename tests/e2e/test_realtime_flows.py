"""Issue 14's walk in Chromium against the real API and the real hub of the local runtime (docs/realtime.md,
docs/notifications.md): one associé in two sessions (two browsers). Mail taken in by `./poste ingest` appears on the
first session's tableau de bord without a reload (the « à classer » count, a toast, the bell); filed from the tray in
the second session, it leaves the first one's count live too; marking everything read in one session clears the
other's bell (the `read` frame); closing the other sessions from Mon compte sends the first one to the login screen
(the hub closes its socket with 4003). Each screen ends without a CSP violation nor a script error, and axe-core
finds nothing serious or critical on it.

Written before the server side merged: it passes once `/api/notifications*`, `/api/dashboard` and the hub's
publishing are on the branch it runs on."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.test_courrier_flows import STRANGER, ingest
from tests.e2e.test_dossier_flows import EXPECTED, clean
from tests.e2e.test_people_flows import log_in, nav, new_cabinet
from tests.e2e.walk_helpers import a_dossier
from tests.runtime_process import RunningRuntime, start_runtime


@pytest.fixture(scope="module")
def runtime(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningRuntime]:
    running = start_runtime(tmp_path_factory.mktemp("temps-reel") / "data")
    yield running
    running.stop()


def to_file(page: Page, count: int) -> None:
    name = f"{count} courrier à classer" if count <= 1 else f"{count} courriers à classer"
    expect(page.get_by_role("link", name=name)).to_be_visible(timeout=10_000)


def live(page: Page) -> None:
    expect(page.locator(".direct")).to_have_text("Mises à jour en direct : actives.", timeout=10_000)


def test_mail_filed_in_one_session_appears_live_in_the_others_tableau_de_bord(open_page, runtime, tmp_path: Path):
    email, _ = new_cabinet(runtime)
    slug = "cabinet-essai-" + email.split("@")[0].removeprefix("associe")
    desk, other = open_page(expected_console=EXPECTED), open_page(expected_console=EXPECTED)
    log_in(desk.page, runtime, email)
    dossier_id = a_dossier(desk.page, runtime)
    nav(desk.page, "Accueil").click()
    expect(desk.page.locator("h1")).to_have_text("Tableau de bord")
    to_file(desk.page, 0)
    live(desk.page)
    clean(desk.page)
    log_in(other.page, runtime, email)
    expect(other.page.locator("h1")).to_have_text("Tableau de bord")

    # a stranger's message taken in: the first session's desk counts it without a reload
    ingest(runtime, tmp_path, "facture.eml", STRANGER, f"{slug}@poste.example")
    to_file(desk.page, 1)
    expect(desk.page.locator(".toast")).not_to_have_count(0)
    expect(desk.page.get_by_role("link", name="Facture de novembre")).to_be_visible()
    unread = desk.page.get_by_role("navigation").get_by_role("link", name="Notifications, ", exact=False)
    expect(unread).not_to_have_accessible_name("Notifications, aucune non lue")
    clean(desk.page)

    # filed in the other session: the count falls on the first one's desk, live
    nav(other.page, "Courrier (1 à classer)").click()
    other.page.get_by_label("Facture de novembre").check()
    other.page.get_by_label("Dossier pour le message choisi").select_option(dossier_id)
    other.page.get_by_role("button", name="Classer la sélection").click()
    expect(other.page.get_by_role("status").first).to_have_text("1 message classé.")
    to_file(desk.page, 0)

    # everything read in one session: the other's bell follows (the hub's `read` frame)
    other.page.get_by_role("navigation").get_by_role("link", name="Notifications, ", exact=False).click()
    expect(other.page.locator("h1")).to_have_text("Notifications")
    clean(other.page)
    other.page.get_by_role("button", name="Tout marquer comme lu", exact=True).click()
    bell = desk.page.get_by_role("navigation").get_by_role("link", name="Notifications, aucune non lue", exact=True)
    expect(bell).to_be_visible(timeout=10_000)

    # the other sessions closed from Mon compte: the first one's socket is closed with 4003, back to login
    nav(other.page, "Mon compte").click()
    other.page.get_by_role("button", name="Déconnecter mes autres sessions", exact=True).click()
    expect(desk.page.locator("h1")).to_have_text("Connexion", timeout=10_000)
    desk.assert_clean()
    other.assert_clean()
