"""The web app's static answers, from Cloudflare's own asset worker (Miniflare) and from the local runtime: the same
`_headers` rules give the same headers to the same paths, the single-page-application fallback included; the
file parses without a warning; and Workers applies none of it to what the Worker answers (/api/*), which is why
the API sets the protections itself (handlers/api/security.py)."""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from handlers.api.security import SECURITY_HEADERS
from local.asset_headers import HeaderRules, load_rules
from tests.runtime_process import RunningRuntime, ensure_web_app, start_runtime
from tests.workers._node import ROOT, require_node

PUBLIC = ROOT / "public"
PROBE = Path(__file__).with_name("assets_probe.mjs")


@pytest.fixture(scope="module")
def local(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningRuntime]:
    running = start_runtime(tmp_path_factory.mktemp("assets") / "data")
    yield running
    running.stop()


def paths() -> list[str]:
    ensure_web_app()
    index = (PUBLIC / "index.html").read_text(encoding="utf-8")
    bundles = re.findall(r'(?:src|href)="(/assets/[^"]+)"', index)
    return ["/", *bundles, "/favicon.svg", "/invitation/un-jeton", "/reinitialisation/x/y", "/_headers"]


def cloudflare(asked: list[str]) -> dict[str, Any]:
    completed = subprocess.run(
        ["node", str(PROBE), str(PUBLIC), *asked, "/api/health"],
        cwd=ROOT,
        env=require_node(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-4000:]
    result: dict[str, Any] = json.loads(completed.stdout.strip().splitlines()[-1])
    return result


def test_the_local_runtime_gives_each_asset_the_headers_workers_gives_it(local: RunningRuntime) -> None:
    asked = paths()
    production = cloudflare(asked)
    assert production["warnings"] == []
    rules = HeaderRules(app=None, rules=load_rules(PUBLIC).rules)  # type: ignore[arg-type]
    with httpx.Client(base_url=local.base_url, timeout=5) as client:
        for path in asked:
            theirs = production["answers"][path]
            ours = client.get(path, headers={"accept": "text/html"})
            ruled = {name for rule, _ in rules.matching("iapostemanager.example", path) for name, _ in rule.set}
            assert ours.status_code == theirs["status"] == 200, path
            assert {name: ours.headers.get(name) for name in ruled} == {
                name: theirs["headers"].get(name) for name in ruled
            }, path
            for name, value in SECURITY_HEADERS:
                assert theirs["headers"][name.lower()] == value, (path, name)
    index_type = production["answers"]["/_headers"]["headers"]["content-type"]
    assert index_type.startswith("text/html")  # the file itself is never served: the fallback answers


def test_workers_applies_no_asset_rule_to_the_workers_own_answers() -> None:
    worker_answer = cloudflare([])["answers"]["/api/health"]["headers"]
    assert not {name.lower() for name, _ in SECURITY_HEADERS} & set(worker_answer)
