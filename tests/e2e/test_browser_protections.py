"""The browser protections, end to end on the real local runtime: every kind of answer carries them (a bundle, the
page, the single-page-application fallback, an API answer and an API error), and Chromium enforces the policy:
it refuses an inline script and an HTML string written into the page, and reports it (so the screen tests, which
end on `assert_clean`, would see any violation of the app's own)."""

from __future__ import annotations

import re

import httpx
import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Route

from handlers.api.security import SECURITY_HEADERS
from tests.e2e.conftest import axe_violations


def test_every_kind_of_answer_carries_the_protections_and_none_opens_cors(shared_runtime):
    with httpx.Client(base_url=shared_runtime.base_url, timeout=5) as client:
        page = client.get("/")
        [script] = re.findall(r'<script type="module" src="([^"]+)"', page.text)
        [stylesheet] = re.findall(r'<link rel="stylesheet" href="([^"]+)"', page.text)
        answers = {
            "page": page,
            "bundle": client.get(script),
            "stylesheet": client.get(stylesheet),
            "icon": client.get("/favicon.svg"),
            "fallback": client.get("/invitation/un-jeton"),
            "api": client.get("/api/health"),
            "api error": client.get("/api/nulle-part"),
            "api without session": client.get("/api/mail"),
            "head": client.head("/"),
        }
    assert "<script>" not in page.text
    assert "<style" not in page.text
    assert " style=" not in page.text
    for kind, answer in answers.items():
        for name, value in SECURITY_HEADERS:
            assert answer.headers.get(name) == value, (kind, name)
        assert not any(name.lower().startswith("access-control-") for name in answer.headers), kind
    assert answers["fallback"].status_code == 200
    assert answers["fallback"].text == page.text
    assert answers["bundle"].headers["cache-control"] == "public, max-age=31536000, immutable"
    assert "cache-control" not in answers["page"].headers  # the page itself is always asked for again
    assert answers["api error"].status_code == 404
    assert answers["api without session"].status_code == 401


def test_chromium_enforces_the_policy_and_reports_what_it_refused(open_page, shared_runtime):
    browser_page = open_page()
    page = browser_page.page

    def tampered(route: Route) -> None:  # the page as a careless change would write it, under the real headers
        response = route.fetch()
        body = response.text().replace(
            "</body>", '<script>window.injected = true</script><p style="color: red">inline</p></body>'
        )
        route.fulfill(response=response, body=body)

    page.route(shared_runtime.base_url + "/", tampered)
    page.goto(shared_runtime.base_url + "/")
    page.wait_for_selector("#liaisons:not([hidden])")
    assert page.evaluate("window.injected === undefined")
    with pytest.raises(PlaywrightError, match="TrustedHTML"):
        page.evaluate("() => { document.body.insertAdjacentHTML('beforeend', '<b>injecté</b>'); }")
    violations = page.evaluate("window.__cspViolations")
    assert {violation["directive"] for violation in violations} == {
        "script-src-elem",
        "style-src-attr",
        "require-trusted-types-for",
    }


def test_axe_reports_what_the_screen_tests_rely_on_it_to_find(open_page, shared_runtime):
    browser_page = open_page()
    page = browser_page.page
    page.goto(shared_runtime.base_url + "/")
    page.wait_for_selector("#liaisons:not([hidden])")
    page.evaluate("() => { const i = document.createElement('input'); document.querySelector('main').append(i); }")
    assert [violation["id"] for violation in axe_violations(page)] == ["label"]
