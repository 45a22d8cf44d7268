"""A message's HTML version in Chromium, on the real local runtime (its real CSP) with docs/courrier.md answered by
the contract double, whose HTML route serves the hostile HTML *unsanitised* under the API's real headers: folded
until asked for, it opens in an `<iframe sandbox src=…>` the app's policy lets load (`frame-src 'self'`); inside,
no remote image nor style sheet is requested, no script runs, nothing leaves for another host; axe stays clean;
the app's own policy is otherwise what it was; and another origin cannot frame the route at all."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, Request, Route, expect

from handlers.api.security import CONTENT_SECURITY_POLICY, FRAMED_DOCUMENT_POLICY
from tests.e2e.conftest import DESKTOP, PHONE, OpenPage
from tests.e2e.contract_double import ContractDouble
from tests.e2e.test_dossier_flows import EXPECTED
from tests.e2e.test_dossier_screens import accessible
from tests.e2e.test_people_flows import log_in, new_cabinet, poste
from tests.e2e.test_screens import no_horizontal_scroll
from tests.runtime_process import RunningRuntime

LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}
# What Chromium says when the frame's own policy refuses the mail's remote content (directives only that policy
# has) and its sandbox the mail's script (and axe's attempt to run inside): expected, not errors
REFUSALS = (
    "status of 404",
    "because the document's frame is sandboxed and the 'allow-scripts' permission is not set",
    'violates the following Content Security Policy directive: "img-src data: cid:"',
    "violates the following Content Security Policy directive: \"style-src 'unsafe-inline'\"",
)
# The app's policy before the frame existed: only frame-src changed ('none' → 'self')
POLICY_BEFORE = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; connect-src 'self'; "
    "manifest-src 'self'; media-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-src 'none'; frame-ancestors 'none'; worker-src 'none'; require-trusted-types-for 'script'; "
    "trusted-types 'none'"
)


def loopback(url: str) -> bool:
    return not url.startswith("http") or urlsplit(url).hostname in LOOPBACK


def message_page(
    open_page, runtime: RunningRuntime, viewport: dict[str, int]
) -> tuple[OpenPage, list[Request], list[str]]:
    browser_page = open_page(viewport=viewport, expected_console=REFUSALS)
    requests: list[Request] = []
    browser_page.page.on("request", lambda request: requests.append(request))
    left: list[str] = []

    def leaving(route: Route) -> None:  # what reached the network layer for another host: none may
        left.append(route.request.url)
        route.abort()

    browser_page.page.context.route(lambda url: not loopback(url), leaving)
    ContractDouble().install(browser_page.page)
    answer = browser_page.page.goto(runtime.base_url + "/courrier/m-1")
    assert answer is not None
    assert answer.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    return browser_page, requests, left


def opened_on(page: Page, bold: str = "Maître") -> None:
    details = page.locator("details.mise-en-forme")
    expect(details).not_to_have_attribute("open", "")
    expect(page.locator("iframe")).to_have_count(0)  # folded: not even requested
    details.get_by_text("Afficher la mise en forme d’origine").click()
    expect(page.frame_locator("iframe").locator("b")).to_have_text(bold)


def test_the_apps_policy_only_allows_frames_of_its_own_origin_and_is_otherwise_unchanged() -> None:
    assert POLICY_BEFORE.replace("frame-src 'none'", "frame-src 'self'") == CONTENT_SECURITY_POLICY


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["bureau", "telephone"])
def test_the_html_version_opens_in_a_sandbox_that_loads_nothing_remote_and_runs_no_script(
    open_page, shared_runtime, viewport
):
    browser_page, requests, left = message_page(open_page, shared_runtime, viewport)
    page = browser_page.page
    expect(page.locator(".texte-courrier").first).to_contain_text("renvoyée à l’audience")  # the text stays the view
    opened_on(page)
    frame = page.locator("iframe")
    expect(frame).to_have_attribute("sandbox", "")
    expect(frame).to_have_attribute("src", "/api/mail/m-1/html")
    expect(frame).to_have_attribute("title", "Message au format HTML")
    expect(frame).to_have_attribute("referrerpolicy", "no-referrer")
    [framed] = [request for request in requests if request.url.endswith("/api/mail/m-1/html")]
    response = framed.response()
    assert response is not None
    assert response.headers["content-security-policy"] == FRAMED_DOCUMENT_POLICY
    assert response.headers["x-frame-options"] == "SAMEORIGIN"
    page.wait_for_timeout(300)  # room for anything the frame would still try
    inside = page.frames[1]
    assert inside.title() == "Message au format HTML"  # its script did not rename it
    assert page.title() != "pirate"
    assert left == [], f"requests left for another host: {left}"
    # Chromium names what it refused (DevTools shows "(blocked:csp)"): each in the browser, before any network
    refused = {
        request.url: request.failure for request in requests if not loopback(request.url) or "pirate" in request.url
    }
    assert refused == {
        "https://pisteur.example/p.gif": "csp",
        "https://feuilles.example/s.css": "csp",
        shared_runtime.base_url + "/api/pirate-image": "csp",  # not even a same-origin image
    }
    box = frame.bounding_box()
    assert box is not None
    assert box["width"] <= viewport["width"]
    assert box["height"] >= 200
    no_horizontal_scroll(page)
    accessible(page)
    browser_page.assert_clean()


def test_another_origin_cannot_frame_the_html_route(open_page, shared_runtime):
    browser_page = open_page(expected_console=("frame-ancestors", "Refused to frame", "Refused to display"))
    page = browser_page.page
    said: list[str] = []
    page.on("console", lambda message: said.append(message.text))
    ContractDouble().install(page)
    target = shared_runtime.base_url + "/api/mail/m-1/html"
    page.route(
        "http://ailleurs.example/",
        lambda route: route.fulfill(
            body=f'<!doctype html><title>ailleurs</title><iframe src="{target}" title="vol"></iframe>',
            content_type="text/html",
        ),
    )
    page.goto("http://ailleurs.example/")
    page.wait_for_timeout(500)
    [child] = page.frames[1:]
    assert "Maître" not in child.content()  # refused: frame-ancestors 'self', X-Frame-Options SAMEORIGIN
    assert any("frame-ancestors 'self'" in text for text in said), said
    browser_page.assert_clean()


HTML_MAIL = """From: Service comptable <compta@fournisseur.example>
To: {to}
Subject: Relevé mis en forme
Message-ID: <releve-1@fournisseur.example>
Date: Tue, 1 Dec 2026 10:00:00 +0100
MIME-Version: 1.0
Content-Type: multipart/alternative; boundary="b"

--b
Content-Type: text/plain; charset=utf-8

Veuillez trouver notre relevé.
--b
Content-Type: text/html; charset=utf-8

<p>Veuillez trouver notre <b>relevé</b>.</p><img src="https://pisteur.example/p.gif"><script>document.title="pirate"</script>
--b--
"""


def test_on_the_real_api_the_frame_is_read_with_the_browsers_session_cookie(open_page, shared_runtime, tmp_path):
    """The frame's GET carries the session cookie (same origin, no CSRF header): the sanitised HTML shows."""
    email, _ = new_cabinet(shared_runtime)
    slug = "cabinet-essai-" + email.split("@")[0].removeprefix("associe")
    browser_page = open_page(expected_console=EXPECTED)
    page = browser_page.page
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    log_in(page, shared_runtime, email)
    expect(page).not_to_have_url(re.compile(r"/connexion"))  # signed in: the session cookie is set
    message = tmp_path / "releve.eml"
    message.write_bytes(HTML_MAIL.format(to=f"{slug}@poste.example").replace("\n", "\r\n").encode())
    poste(shared_runtime, "ingest", str(message), "--to", f"{slug}@poste.example")
    page.goto(shared_runtime.base_url + "/courrier/a-classer")
    page.get_by_role("link", name="Relevé mis en forme").click()
    expect(page.locator("h1")).to_have_text("Relevé mis en forme")
    opened_on(page, "relevé")
    inside = page.frame_locator("iframe")
    expect(inside.locator("img")).to_have_count(0)  # the sanitiser dropped it: nothing for the policy to refuse
    expect(inside.locator("body")).to_have_text("Veuillez trouver notre relevé.")
    assert [url for url in requests if not loopback(url)] == []
    assert page.title() != "pirate"
    accessible(page)
    browser_page.assert_clean()
