"""Issue 13's screens in Chromium against the real API of the local runtime (docs/courrier.md), a cabinet created
with `./poste cabinet create` and mail taken in by `./poste ingest`: a reply sent to the dossier's own address is
filed there and shown with its quoted history folded and its facts marked; a message from a stranger waits in the
"à classer" tray, counted in the navigation, and is filed from there; the dossier's Courrier tab then holds both.
Each screen ends without a CSP violation nor a script error, and axe-core finds nothing serious or critical on it.
Not collected until the API serves `/api/mail/tray`."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.test_dossier_flows import EXPECTED, clean
from tests.e2e.test_people_flows import log_in, nav, new_cabinet, poste
from tests.e2e.walk_helpers import a_dossier
from tests.runtime_process import RunningRuntime, start_runtime

REPLY = """From: Me Paul Bernard <avocat@bernard.example>
To: {to}
Subject: RE: Bail commercial rue des Lilas
Message-ID: <reponse-1@bernard.example>
Date: Tue, 1 Dec 2026 09:12:00 +0100
Content-Type: text/plain; charset=utf-8

Chère Consœur,

L'affaire est appelée à l'audience du 12 janvier 2027 à 9 h 30 devant le tribunal judiciaire de Bordeaux.

Bien confraternellement,
Me Bernard

Le 20 nov. 2026, Me Martin a écrit :
> Pouvez-vous me confirmer la date de l'audience du 5 décembre 2026 ?
"""

STRANGER = """From: Service comptable <compta@fournisseur.example>
To: {to}
Subject: Facture de novembre
Message-ID: <facture-11@fournisseur.example>
Date: Tue, 1 Dec 2026 10:00:00 +0100
Content-Type: text/plain; charset=utf-8

Veuillez trouver notre facture du mois de novembre.
"""


@pytest.fixture(scope="module")
def runtime(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningRuntime]:
    running = start_runtime(tmp_path_factory.mktemp("courrier") / "data")
    yield running
    running.stop()


def ingest(runtime: RunningRuntime, folder: Path, name: str, text: str, to: str) -> None:
    message = folder / name
    message.write_bytes(text.format(to=to).replace("\n", "\r\n").encode())
    poste(runtime, "ingest", str(message), "--to", to)


def test_mail_filed_by_its_address_and_mail_filed_from_the_tray_show_in_the_dossier(open_page, runtime, tmp_path: Path):
    email, _ = new_cabinet(runtime)
    slug = "cabinet-essai-" + email.split("@")[0].removeprefix("associe")
    browser_page = open_page(expected_console=EXPECTED)
    page = browser_page.page
    log_in(page, runtime, email)
    dossier_id = a_dossier(page, runtime)
    reference = page.locator(".fiche dd").first.inner_text()
    ingest(runtime, tmp_path, "reponse.eml", REPLY, f"{slug}+{reference}@poste.example")
    ingest(runtime, tmp_path, "facture.eml", STRANGER, f"{slug}@poste.example")

    # the stranger's message waits in the tray, counted in the navigation; filed from there
    page.reload()
    nav(page, "Courrier (1 à classer)").click()
    expect(page.locator("h1")).to_have_text("Courrier à classer")
    clean(page)
    page.get_by_label("Facture de novembre").check()
    page.get_by_label("Dossier pour le message choisi").select_option(dossier_id)
    page.get_by_role("button", name="Classer la sélection").click()
    expect(page.get_by_role("status").first).to_have_text("1 message classé.")
    expect(page.locator("main")).to_contain_text("Aucun message à classer.")

    # the dossier's Courrier tab holds both; the reply opens with its history folded and its facts marked
    page.goto(f"{runtime.base_url}/dossiers/{dossier_id}?onglet=courrier")
    expect(page.get_by_role("tabpanel")).to_contain_text("Facture de novembre")
    clean(page)
    page.get_by_role("link", name="RE: Bail commercial rue des Lilas").click()
    expect(page.locator("h1")).to_have_text("RE: Bail commercial rue des Lilas")
    expect(page.locator(".fiche")).to_contain_text(reference)
    history = page.locator("details.historique")
    expect(history).to_have_count(1)
    expect(history).not_to_have_attribute("open", "")
    expect(page.locator(".texte-courrier").first).to_contain_text("12 janvier 2027")
    expect(page.locator(".texte-courrier").first.locator("mark").first).to_be_visible()
    clean(page)
    browser_page.assert_clean()
