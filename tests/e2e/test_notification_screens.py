"""Issue 14's screens in Chromium, served by the real local runtime (its real CSP), with docs/notifications.md and
the realtime socket of docs/realtime.md answered by the contract double (tests/e2e/notifications_double.py): the
bell and its count, the notifications list by cursor, marking read, a live toast (never one for a replayed
notification, never taking the focus), the reconnection from the highest `seq` seen after the socket drops, the
4003 close sending the person to login, the tableau de bord refetched on a courrier frame, the preferences and the
browser notification (the type's fixed phrase only); axe-core, phone width, no CSP violation on each screen."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.e2e.conftest import DESKTOP, PHONE, OpenPage, axe_violations, describe
from tests.e2e.contract_double import ContractDouble
from tests.e2e.notifications_double import notification
from tests.e2e.test_screens import button, no_horizontal_scroll
from tests.runtime_process import RunningRuntime

SCREENS = [
    ("/", "text=Déposer les conclusions d’appelant"),
    ("/notifications", "text=Échéance J-3 dans le dossier 2026-0035"),
    ("/compte", "text=Courriers à classer"),
]
# the page never writes a party's name in a browser notification: the double's notification carries one
START = dt.datetime(2026, 12, 2, 9, 0, tzinfo=dt.UTC)
PARTY_TITLE = "Courrier de Me Bernard pour Dupont c/ SCI Les Lilas"


def screen(open_page: Callable[..., OpenPage], runtime: RunningRuntime, path: str, viewport: dict[str, int] = DESKTOP,
           double: ContractDouble | None = None) -> tuple[OpenPage, ContractDouble]:  # fmt: skip
    double = double or ContractDouble()
    browser_page = open_page(viewport=viewport, expected_console=("status of 404",))
    double.install(browser_page.page)
    browser_page.page.goto(runtime.base_url + path)
    return browser_page, double


def bell(page: Page, unread: int) -> Locator:
    counted = "aucune non lue" if unread == 0 else f"{unread} non lue{'s' if unread > 1 else ''}"
    name = f"Notifications, {counted}"
    return page.get_by_role("navigation").get_by_role("link", name=name, exact=True)


def sockets_opened(page: Page, double: ContractDouble, count: int = 1) -> None:
    """Waits (a few seconds at most) until the page has opened `count` sockets and the last one is live."""
    for _ in range(100):
        if len(double.notifications.sinces) >= count:
            break
        page.wait_for_timeout(50)
    assert len(double.notifications.sinces) == count, double.notifications.sinces
    page.wait_for_timeout(100)  # the `ready` frame reaches the page


def clean(page: Page) -> None:
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    no_horizontal_scroll(page)


RECORD_BROWSER_NOTIFICATIONS = """
window.__shown = []; window.__asked = 0; window.__hidden = false;
Object.defineProperty(Document.prototype, "visibilityState",
                      {get() { return window.__hidden ? "hidden" : "visible"; }});
class RecordingNotification {
  static permission = "default";
  static requestPermission() {
    window.__asked += 1; RecordingNotification.permission = "granted"; return Promise.resolve("granted");
  }
  constructor(title, options) { window.__shown.push({title, body: options.body, tag: options.tag}); }
  close() {}
}
window.Notification = RecordingNotification;
"""


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["bureau", "telephone"])
@pytest.mark.parametrize(("path", "ready"), SCREENS, ids=[s[0] for s in SCREENS])
def test_each_notification_screen_is_accessible_and_fits_the_screen_under_the_csp(
    open_page, shared_runtime, path, ready, viewport
):
    browser_page, double = screen(open_page, shared_runtime, path, viewport)
    page = browser_page.page
    page.wait_for_selector(ready)
    expect(bell(page, 5)).to_be_visible()
    assert page.locator("h1").count() == 1
    no_horizontal_scroll(page)
    sockets_opened(page, double)
    double.notifications.push(notification(36, "courrier.a_classer", title="Courrier à classer : Avis de fixation"))
    expect(page.locator(".toast")).to_contain_text("Courrier à classer : Avis de fixation")
    clean(page)  # the screen with a toast over it
    browser_page.assert_clean()


def test_the_bell_counts_the_unread_the_list_pages_by_cursor_and_marks_one_or_all_read(open_page, shared_runtime):
    browser_page, double = screen(open_page, shared_runtime, "/notifications")
    page = browser_page.page
    items = page.locator("ul.notifications > li")
    expect(items).to_have_count(30)
    expect(bell(page, 5)).to_have_attribute("aria-current", "page")
    expect(items.first).to_contain_text("Non lue : Échéance J-3 dans le dossier 2026-0035")
    button(page, "Suivant : voir plus").click()
    expect(items).to_have_count(35)
    expect(button(page, "Suivant : voir plus")).to_have_count(0)
    button(page, "Marquer comme lue : Échéance J-3 dans le dossier 2026-0035").click()
    expect(bell(page, 4)).to_be_visible()
    expect(items.first).not_to_contain_text("Non lue")
    # opening one marks it read on the way
    page.locator("#notification-n-34").get_by_role("link").click()
    expect(page.locator("h1")).to_have_text("Échéancier")
    expect(bell(page, 3)).to_be_visible()
    bell(page, 3).click()
    expect(page.locator("h1")).to_have_text("Notifications")
    button(page, "Tout marquer comme lu").click()
    expect(page.get_by_role("status").first).to_have_text("3 notifications marquées comme lues.")
    expect(bell(page, 0)).to_be_visible()
    expect(page.locator(".non-lue")).to_have_count(0)
    expect(button(page, "Tout marquer comme lu")).to_be_disabled()
    assert double.notifications.bodies == [
        ("POST", "notifications/n-35/read", {}),
        ("POST", "notifications/n-34/read", {}),
        ("POST", "notifications/read-all", {"up_to_seq": 35}),
    ]
    assert double.notifications.unread == 0
    browser_page.assert_clean()


def test_a_live_notification_shows_a_polite_toast_without_taking_the_focus_and_closes_by_keyboard(
    open_page, shared_runtime
):
    browser_page, double = screen(open_page, shared_runtime, "/notifications", PHONE)
    page = browser_page.page
    expect(page.locator("ul.notifications > li")).to_have_count(30)
    sockets_opened(page, double)
    assert double.notifications.sinces == [35]  # the highest seq the page loaded over HTTP
    button(page, "Tout marquer comme lu").focus()
    double.notifications.push(notification(36, "courrier.a_classer", title="Courrier à classer : Avis de fixation",
                                           body="De : greffe@tj-bordeaux.example", link="/courrier/m-9"))  # fmt: skip
    toasts = page.get_by_role("region", name="Nouvelles notifications")
    expect(toasts.locator("[aria-live=polite]")).to_contain_text("Courrier à classer : Avis de fixation")
    expect(bell(page, 6)).to_be_visible()
    expect(page.locator("ul.notifications > li").first).to_contain_text("Courrier à classer : Avis de fixation")
    assert page.evaluate("document.activeElement.textContent") == "Tout marquer comme lu"
    for _ in range(80):  # the toast is reached by Tab, after the page's content
        page.keyboard.press("Tab")
        if page.evaluate("Boolean(document.activeElement.closest('.toast'))"):
            break
    assert page.evaluate("document.activeElement.textContent") == "Courrier à classer : Avis de fixation"
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.locator(".toast")).to_have_count(0)
    browser_page.assert_clean()


def test_a_dropped_socket_reconnects_from_the_highest_seq_seen_and_a_replayed_notification_makes_no_toast(
    open_page, shared_runtime
):
    browser_page, double = screen(open_page, shared_runtime, "/notifications")
    page = browser_page.page
    sockets_opened(page, double)
    double.notifications.push(notification(36))
    expect(page.locator(".toast")).to_have_count(1)
    page.get_by_role("button", name="Fermer la notification « Échéance J-3 dans le dossier 2026-0036 »").click()
    double.notifications.drop(1012)
    expect(page.locator(".direct")).to_have_text("Mises à jour en direct : connexion perdue, nouvelle tentative…")
    missed = notification(37, "echeance.depassee", title="Échéance dépassée dans le dossier 2026-0001")
    double.notifications.store_only(missed)
    expect(page.locator(".direct")).to_have_text("Mises à jour en direct : actives.")  # after about 1 s
    assert double.notifications.sinces == [35, 36]
    expect(page.locator("ul.notifications > li").first).to_contain_text("Échéance dépassée dans le dossier 2026-0001")
    expect(bell(page, 7)).to_be_visible()
    expect(page.locator(".toast")).to_have_count(0)  # replayed: listed and counted, not announced
    # a notification pushed twice (a retry) is counted once
    double.notifications.live.send(json.dumps({"type": "notification", "seq": 37, "replay": False,
                                               "notification": double.notifications.notifications[0]}))  # fmt: skip
    double.notifications.push(notification(38))
    expect(bell(page, 8)).to_be_visible()
    expect(page.locator(".toast")).to_have_count(1)
    browser_page.assert_clean()


def test_a_4003_close_sends_the_person_to_login_and_the_page_does_not_reconnect(open_page, shared_runtime):
    browser_page, double = screen(open_page, shared_runtime, "/")
    page = browser_page.page
    sockets_opened(page, double)
    double.notifications.drop(4003)
    expect(page.locator("h1")).to_have_text("Connexion")
    expect(page.get_by_role("navigation").get_by_role("link", name="Notifications")).to_have_count(0)
    page.wait_for_timeout(2500)  # longer than the first backoff (1 s ± 20 %)
    assert double.notifications.sinces == [35]
    browser_page.assert_clean()


def test_the_tableau_de_bord_puts_the_overdue_first_and_refetches_when_mail_arrives(open_page, shared_runtime):
    browser_page, double = screen(open_page, shared_runtime, "/", PHONE)
    page = browser_page.page
    expect(page.locator("h1")).to_have_text("Tableau de bord")
    expect(page.locator("main")).to_contain_text("Bonjour Marie Martin")
    headings = page.locator("main h2")
    expect(headings.first).to_have_text("En retard (1)")
    expect(headings.nth(1)).to_contain_text("Aujourd’hui, ")
    expect(headings.nth(2)).to_contain_text("Cette semaine, jusqu’au ")
    expect(page.locator("main section").first).to_contain_text("Déposer les conclusions d’appelant")
    expect(page.locator("main section").nth(1)).to_contain_text("Communiquer les pièces")
    week = page.locator("main section").nth(2)
    expect(week).to_contain_text("Signifier le jugement")
    expect(week).to_contain_text("Audience du")
    expect(week).to_contain_text("à 09 h 30 — TJ Bordeaux, 5e chambre")
    to_file = page.get_by_role("link", name="3 courriers à classer")
    expect(to_file).to_have_attribute("href", "/courrier/a-classer")
    expect(page.get_by_role("link", name="2 suggestions à confirmer")).to_have_attribute("href", "/echeances")
    expect(page.get_by_role("link", name="Avis de fixation")).to_have_attribute("href", "/courrier/m-9")
    expect(page.locator("#etat")).to_have_count(0)  # the service's health is for visitors, not the lawyers' desk
    sockets_opened(page, double)
    assert double.notifications.dashboard_reads == 1
    double.notifications.to_file = 4
    double.notifications.push(notification(36, "courrier.a_classer", title="Courrier à classer : Avis de fixation"))
    expect(page.get_by_role("link", name="4 courriers à classer")).to_be_visible()
    assert double.notifications.dashboard_reads == 2
    expect(page.get_by_role("link", name="6 notifications non lues")).to_be_visible()
    no_horizontal_scroll(page)
    browser_page.assert_clean()


def test_preferences_are_saved_and_a_browser_notification_says_only_its_types_phrase(open_page, shared_runtime):
    double = ContractDouble()
    browser_page = open_page(expected_console=("status of 404",))
    page = browser_page.page
    page.add_init_script(RECORD_BROWSER_NOTIFICATIONS)
    double.install(page)
    page.goto(shared_runtime.base_url + "/compte")
    page.get_by_label("Échéances recalculées : en direct").uncheck()
    page.get_by_label("Nouveaux courriers : dans le résumé du matin").uncheck()
    button(page, "Enregistrer mes préférences").click()
    expect(page.get_by_role("status").filter(has_text="préférences")).to_have_text(
        "Vos préférences de notification sont enregistrées."
    )
    ((method, path, body),) = double.notifications.bodies
    assert (method, path) == ("PUT", "notifications/preferences")
    sent = {one["type"]: (one["live"], one["digest"]) for one in body["types"]}
    assert sent["echeance.recalculee"] == (False, True)
    assert sent["courrier.nouveau"] == (True, False)
    assert double.notifications.preferences["echeance.recalculee"] == {"live": False, "digest": True}
    # the browser's permission is asked only from its button
    expect(page.locator("text=Désactivées sur ce navigateur.")).to_be_visible()
    assert page.evaluate("window.__asked") == 0
    button(page, "Activer les notifications du navigateur").click()
    expect(page.locator("text=Activées sur ce navigateur")).to_be_visible()
    assert page.evaluate("window.__asked") == 1
    sockets_opened(page, double)
    double.notifications.push(notification(36, "courrier.a_classer", title=PARTY_TITLE))
    expect(page.locator(".toast")).to_contain_text(PARTY_TITLE)  # in the page: the title
    assert page.evaluate("window.__shown") == []  # the tab is shown: the toast is enough
    page.evaluate("window.__hidden = true")
    double.notifications.push(notification(37, "echeance.alerte", title=PARTY_TITLE, body="Dupont c/ SCI Les Lilas"))
    expect(page.locator(".toast")).to_have_count(2)
    shown = page.evaluate("window.__shown")
    assert shown == [{"title": "IA Poste Manager", "body": "Nouvelle alerte d’échéance", "tag": "poste-37"}]
    browser_page.assert_clean()


def test_a_silent_hub_is_dropped_after_ten_seconds_and_reconnection_backs_off_then_resets(open_page, shared_runtime):
    double = ContractDouble()
    browser_page = open_page(expected_console=("status of 404",))
    page = browser_page.page
    page.clock.install(time=START)
    double.install(page)
    page.goto(shared_runtime.base_url + "/notifications")
    sockets_opened(page, double)
    page.clock.pause_at(page.evaluate("Date.now()") + 100)  # the page's time now moves only when the test says
    live = double.notifications
    for _ in range(31):  # the first ping, 30 s after the connection (which opened before the pause)
        advance(page, 1_000)
        if live.pings:
            break
    assert live.pings == 1  # and answered: the socket stays
    live.answers_pings = False
    advance(page, 28_900)
    assert live.pings == 1
    advance(page, 1_100)  # 30 s after the first (to the second)
    assert live.pings == 2
    advance(page, 8_900)
    assert len(live.sinces) == 1
    advance(page, 1_100)  # 10 s without a pong: dropped, a new socket after 1 s ± 20 %
    advance(page, 1_300)
    sockets_opened(page, double, 2)
    live.answers_pings = True
    # dropped at once, again and again: 2 s, then 4 s, then 8 s (each ± 20 %)
    for attempt, (too_early, on_time) in enumerate([(1_550, 900), (3_150, 1_700), (6_350, 3_300)]):
        advance(page, 10)  # the new socket's open event
        live.drop(1012)
        advance(page, too_early)
        assert len(live.sinces) == 2 + attempt, f"reconnected too early at attempt {attempt}"
        advance(page, on_time)
        sockets_opened(page, double, 3 + attempt)
    # a connection that lasted 60 s starts the backoff over: 1 s again, not 16 s
    for _ in range(7):
        advance(page, 9_000)  # in steps shorter than the pong's 10 s: each pong reaches the page in time
    live.drop(1012)
    advance(page, 1_250)
    sockets_opened(page, double, 6)
    advance(page, 10)
    expect(page.locator(".direct")).to_have_text("Mises à jour en direct : actives.")
    browser_page.assert_clean()


def advance(page: Page, milliseconds: int) -> None:
    """Moves the page's paused clock, then lets the socket's messages reach the double."""
    page.clock.run_for(milliseconds)
    page.wait_for_timeout(60)
