"""The first-load budget: the JavaScript a first visit runs stays under 100 KB compressed, and bench/first_load.mjs
measures exactly what Chromium fetches (so `make bench`'s figure is the real one)."""

from __future__ import annotations

import json
import subprocess

from tests.runtime_process import ROOT
from tests.workers._node import require_node


def test_the_first_load_stays_within_budget_and_is_what_the_browser_fetches(open_page, shared_runtime):
    completed = subprocess.run(
        ["node", "bench/first_load.mjs", "--json"],
        cwd=ROOT,
        env=require_node(),
        capture_output=True,
        text=True,
        check=True,
    )
    report = json.loads(completed.stdout)
    assert report["total"]["gzip"] <= report["budget"]
    assert report["total"]["brotli"] <= report["budget"]
    assert any("/qr-" in file["path"] for file in report["later"]), "the QR encoder is not a chunk of its own"

    browser_page = open_page(expected_console=("/api/auth/session",))  # nobody is logged in: a 401 (404 until then)
    page = browser_page.page
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url) if request.resource_type == "script" else None)
    page.goto(shared_runtime.base_url + "/")
    page.wait_for_selector("#liaisons:not([hidden])")
    page.wait_for_load_state("networkidle")
    paths = sorted(url.removeprefix(shared_runtime.base_url) for url in fetched)
    assert paths == sorted(file["path"] for file in report["loaded"])
    browser_page.assert_clean()
