"""The Workers harness as pytest tests: one test per contract test and per entry.py glue check.

The harness (tests/workers/harness/run.mjs) runs once per session under Node 24 + Pyodide 0.28.3 + Miniflare and
writes a JSON report; each test below reads its own line. Names are collected from the sources with `ast`, so a
test the harness forgot to run fails instead of vanishing.
"""

from __future__ import annotations

import ast
import json
import subprocess
import time
from typing import Any

import pytest

from tests.workers._node import ROOT, require_node

HARNESS = ROOT / "tests" / "workers" / "harness"
HARNESS_TIMEOUT_SECONDS = 300

pytestmark = [pytest.mark.harness, pytest.mark.slow]


def _contract_names() -> list[str]:
    names = []
    for module in sorted((ROOT / "tests" / "contract").glob("test_*.py")):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.AsyncFunctionDef) and node.name.startswith("test_"):
                names.append(f"contract/{module.name}::{node.name}")
    return names


def _glue_names() -> list[str]:
    tree = ast.parse((HARNESS / "py" / "glue.py").read_text(encoding="utf-8"))
    names: list[str] = []
    for node in tree.body:
        if (
            isinstance(node, ast.AnnAssign)
            and isinstance(node.target, ast.Name)
            and node.target.id in ("IMPORT_CHECKS", "GLUE_CHECKS")
            and node.value is not None
        ):
            names += [n.id for n in ast.walk(node.value) if isinstance(n, ast.Name) and n.id != "fn"]
    return [f"glue::{name}" for name in dict.fromkeys(names)]


EXPECTED = _contract_names() + _glue_names()


@pytest.fixture(scope="session")
def harness_report(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    env = require_node()
    report_path = tmp_path_factory.mktemp("harness") / "report.json"
    started = time.monotonic()
    try:
        completed = subprocess.run(
            ["node", str(HARNESS / "run.mjs"), str(report_path)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=HARNESS_TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"the Workers harness did not finish within {HARNESS_TIMEOUT_SECONDS} s")
    if completed.returncode != 0 or not report_path.exists():
        pytest.fail(f"the Workers harness crashed (exit {completed.returncode}):\n{completed.stderr[-4000:]}")
    report: dict[str, Any] = json.loads(report_path.read_text(encoding="utf-8"))
    report["wall_seconds"] = round(time.monotonic() - started, 1)
    print(f"\nWorkers harness: {len(report['results'])} checks in {report['wall_seconds']} s ({report['python']})")
    return report


@pytest.mark.parametrize("name", EXPECTED)
def test_under_pyodide(harness_report: dict[str, Any], name: str) -> None:
    results = {result["name"]: result for result in harness_report["results"]}
    if name not in results:
        pytest.fail(f"the harness did not report {name}")
    result = results[name]
    if result["outcome"] != "passed":
        pytest.fail(f"{name} failed under Pyodide:\n{result.get('traceback') or result.get('error')}", pytrace=False)


def test_the_harness_runs_exactly_the_collected_checks(harness_report: dict[str, Any]) -> None:
    reported = [result["name"] for result in harness_report["results"]]
    assert sorted(reported) == sorted(EXPECTED)


def test_the_harness_runs_the_production_interpreter(harness_report: dict[str, Any]) -> None:
    assert harness_report["pyodide"] == "0.28.3"
    assert harness_report["python"].startswith("3.13.")
