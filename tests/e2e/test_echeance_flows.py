"""The walk of issue 12's screens in Chromium against the real API of the local runtime (docs/echeances.md), a
cabinet created with `./poste cabinet create`: a deadline added on a dossier with the engine's explanation appearing
as the lawyer types, a suggestion (written as the filing job writes it, through `suggest_from_facts`) confirmed in one
click, seen in the month calendar, then marked done. Each screen ends without a CSP violation nor a script error, and
axe-core finds nothing serious or critical on it. Not collected until the API serves `/api/deadlines/preview`.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.test_dossier_flows import EXPECTED, clean
from tests.e2e.test_people_flows import log_in, nav, new_cabinet
from tests.e2e.walk_helpers import a_dossier, french
from tests.runtime_process import RunningRuntime, start_runtime

QUOTE = "le délai pour conclure expire le"


@pytest.fixture(scope="module")
def runtime(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningRuntime]:
    running = start_runtime(tmp_path_factory.mktemp("echeances") / "data")
    yield running
    running.stop()


def suggest(data_dir: Path, dossier_id: str, due: str) -> None:
    """A deadline suggested from a mail's fact, by the service the filing job calls."""
    from d1.deadlines import Deadlines
    from domain.actors import SYSTEM
    from domain.extraction.model import Fact, FactKind
    from local.commands.options import operator_scope
    from local.config import LocalConfig
    from local.runtime import open_runtime
    from services.suggestions import suggest_from_facts

    quote = f"{QUOTE} {due}"
    fact = Fact(FactKind.DEADLINE, due, quote, 0, len(quote), 0.9)

    async def write() -> None:
        operator = operator_scope(local)
        for cabinet_id in await operator.cross_cabinet.cabinet_ids():
            if await Deadlines(operator.ctx.db, cabinet_id).dossier(SYSTEM, dossier_id) is not None:
                scope = operator.for_cabinet(cabinet_id)
                await suggest_from_facts(scope, dossier_id=dossier_id, source="courrier", source_id="courrier-essai",
                                         facts=[fact], reference_date=dt.date.today())  # fmt: skip
                return
        raise AssertionError(f"no cabinet holds {dossier_id}")

    local = open_runtime(replace(LocalConfig.from_environment(), data_dir=data_dir))
    try:  # in a thread of its own: Playwright's sync API keeps an event loop running in this one
        with ThreadPoolExecutor(1) as worker:
            worker.submit(asyncio.run, write()).result()
    finally:
        local.close()


def test_a_deadline_with_its_live_explanation_then_a_suggestion_confirmed_seen_in_the_calendar_and_done(
    open_page, runtime
):
    email, _ = new_cabinet(runtime)
    browser_page = open_page(expected_console=EXPECTED)
    page = browser_page.page
    log_in(page, runtime, email)
    dossier_id = a_dossier(page, runtime)

    # a deadline from the catalogue: the engine's explanation shows before anything is saved
    page.get_by_role("tab", name="Échéances").click()
    page.get_by_role("button", name="Nouvelle échéance").click()
    form = page.get_by_role("form", name="Nouvelle échéance")
    form.get_by_label("Type de délai").select_option("appel")
    form.get_by_label("Date de l’acte ou de l’événement de départ").fill("2026-11-30")
    live = form.locator(".calcul")
    expect(live).to_contain_text("Échéance calculée : mercredi 30 décembre 2026")
    expect(live.get_by_role("list", name="Explication du calcul")).to_contain_text("30 novembre 2026")
    clean(page)
    form.get_by_role("button", name="Enregistrer l’échéance").click()
    expect(page.get_by_role("tabpanel").get_by_role("status")).to_contain_text("mercredi 30 décembre 2026")
    expect(page.locator("table.echeances")).to_contain_text("Appel d'un jugement")

    # a hearing, then its renvoi: the old one is shown replaced
    page.get_by_text("Ajouter une audience").click()
    page.get_by_label("Date de l’audience").fill("2027-01-12")
    page.get_by_label("Heure (HH:MM)").fill("09:30")
    page.get_by_role("button", name="Ajouter l’audience").click()
    page.get_by_role("button", name="Renvoyer l’audience du mardi 12 janvier 2027").click()
    page.get_by_label("Nouvelle date").fill("2027-02-09")
    page.get_by_role("button", name="Enregistrer le renvoi").click()
    hearings = page.locator(".audiences")
    expect(hearings.locator("li", has_text="mardi 12 janvier 2027")).to_contain_text(
        "Remplacée par l’audience du mardi 9 février 2027"
    )

    # a shipped chain with one anchor known: the steps waiting for another event say so, until it is entered
    page.get_by_label("Procédure", exact=True).select_option("appel_bref_delai_2024")
    page.get_by_label("Date : avis de fixation").fill("2026-12-01")
    page.get_by_role("button", name="Appliquer la procédure").click()
    waiting = "En attente de notification des conclusions de l'appelant"
    expect(page.locator("table.echeances")).to_contain_text(waiting)
    known = page.get_by_role("form", name="Date connue : notification des conclusions de l'appelant")
    known.get_by_label("Date : notification des conclusions de l'appelant").fill("2027-01-15")
    known.get_by_role("button", name="Enregistrer la date").click()
    expect(page.locator("table.echeances")).not_to_contain_text(waiting)
    clean(page)

    # a suggestion read from mail: confirmed in one click on the échéancier
    due = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    suggest(runtime.data_dir, dossier_id, due)
    nav(page, "Échéances").click()
    suggestions = page.locator("section", has=page.get_by_role("heading", name="À confirmer (1)"))
    expect(suggestions).to_contain_text(QUOTE)
    clean(page)
    suggestions.get_by_role("button", name="Confirmer", exact=False).first.click()
    expect(page.get_by_role("heading", name="À confirmer (0)")).to_be_visible()

    # in the month calendar, on its day
    page.get_by_role("button", name="Mois", exact=True).click()
    if due[:7] != dt.date.today().isoformat()[:7]:
        page.get_by_role("button", name="Suivant : mois suivant").click()
    day = page.locator("table.calendrier td.jour", has=page.locator(".evenement"))
    expect(day.first).to_be_visible()
    assert f" {int(due[8:])} " in (day.first.get_attribute("aria-label") or "")
    clean(page)

    # marked done: gone from what is left to do
    page.get_by_role("button", name="Liste", exact=True).click()
    row = page.locator("table.echeances tbody tr", has_text=french(due))
    expect(row).to_have_count(1)
    row.get_by_role("button", name="Marquer faite").click()
    expect(page.locator("main [role=status]").first).to_contain_text("marquée faite")
    expect(row).to_have_count(0)
    clean(page)
    browser_page.assert_clean()
