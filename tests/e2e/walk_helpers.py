"""What the real-API walks of issues 12 and 13 share: a dossier made through the screens, a date written as they
write it."""

from __future__ import annotations

import datetime as dt

from playwright.sync_api import Page, expect

from tests.e2e.test_dossier_flows import new_legal_client, open_dossier
from tests.e2e.test_people_flows import nav
from tests.runtime_process import RunningRuntime

DAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre"]  # fmt: skip


def french(day: str) -> str:
    """`2026-12-05` as the screens write it: `samedi 5 décembre 2026`."""
    when = dt.date.fromisoformat(day)
    return f"{DAYS[when.weekday()]} {when.day} {MONTHS[when.month - 1]} {when.year}"


def a_dossier(page: Page, runtime: RunningRuntime) -> str:
    nav(page, "Clients").click()
    new_legal_client(page, runtime, "SCI Les Lilas")
    open_dossier(page, "Bail commercial rue des Lilas")
    expect(page.locator("h1")).to_contain_text("— Bail commercial rue des Lilas")
    return page.url.removeprefix(runtime.base_url).split("?")[0].rsplit("/", 1)[1]
