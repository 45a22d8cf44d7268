"""The Workers harness as pytest tests: one test per contract test, per API test and per entry.py glue check.

The harness (tests/workers/harness/run.mjs) runs once per session under Node 24 + Pyodide 314 + Miniflare and
writes a JSON report; each test below reads its own line. Names are collected from the sources with `ast`, so a
test the harness forgot to run fails instead of vanishing. The tests after those check that the harness ran what
production runs: the lane's interpreter, the locked wheels (by hash), the runtime SDK's import patches.
"""

from __future__ import annotations

import ast
import json
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

from scripts import pyodide_site
from tests.workers._node import ROOT, require_node

HARNESS = ROOT / "tests" / "workers" / "harness"
# Every check runs on fresh Miniflare bindings (a workerd process, the migrations applied): about 300 checks take
# five minutes on an idle machine and three times that on a busy one. The bound is there to stop a hung harness.
HARNESS_TIMEOUT_SECONDS = 1500

pytestmark = [pytest.mark.harness, pytest.mark.slow]


def _test_names(folder: str) -> list[str]:
    names = []
    for module in sorted((ROOT / "tests" / folder).glob("test_*.py")):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.AsyncFunctionDef) and node.name.startswith("test_"):
                names.append(f"{folder}/{module.name}::{node.name}")
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


EXPECTED = _test_names("contract") + _test_names("api") + _glue_names()
LANE_PYODIDE = "314.0.6"


@pytest.fixture(scope="session")
def harness_report(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    env = require_node()
    report_path = tmp_path_factory.mktemp("harness") / "report.json"
    started = time.monotonic()
    try:
        completed = subprocess.run(
            ["node", "--experimental-wasm-jspi", str(HARNESS / "run.mjs"), str(report_path)],
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
    assert harness_report["pyodide"] == LANE_PYODIDE
    assert harness_report["python"].startswith("3.14.")


def test_the_harness_loads_exactly_the_locked_wheels(harness_report: dict[str, Any]) -> None:
    """Every wheel unpacked into the site the harness mounted is in workers-lock.toml with the same sha256, and
    nothing else is there. Entries only the Pyodide package index serves cannot be checked here: they are listed."""
    assert harness_report["site"] == pyodide_site.lock_key()
    root = pyodide_site.site_root()
    locked = {entry.wheel: entry for entry in pyodide_site.read_lock()}
    wheels = sorted((root / "wheels").glob("*.whl"))
    assert {wheel.name: pyodide_site.sha256_of(wheel) for wheel in wheels} == {
        name: entry.sha256 for name, entry in locked.items() if entry.checkable_here
    }
    unpacked = pyodide_site.installed_distributions(root / "site-packages")
    assert unpacked == {entry.name: entry.version for entry in locked.values() if entry.checkable_here}
    unchecked = sorted(entry.wheel for entry in locked.values() if not entry.checkable_here)
    print(f"\nlocked wheels only the Pyodide index serves (not checked here): {unchecked or 'none'}")


def test_the_locked_site_holds_nothing_from_the_cpython_environment(harness_report: dict[str, Any]) -> None:
    site = pyodide_site.site_root() / "site-packages"
    assert Path(harness_report["sys_path"][3]) == Path("/app/site")
    extensions = list(site.rglob("*.so"))
    not_wasm = [path.name for path in extensions if path.read_bytes()[:4] != b"\0asm"]
    assert not_wasm == [], "a native (not WebAssembly) extension module in the Pyodide site"
    assert all(path.name.endswith("-wasm32-emscripten.so") for path in extensions)
    native = [wheel.name for wheel in (site.parent / "wheels").glob("*.whl") if "-none-any" not in wheel.name]
    assert all(pyodide_site.PLATFORM in name for name in native), native


def test_the_runtime_sdk_patched_the_top_level_as_in_production(harness_report: dict[str, Any]) -> None:
    lifecycle = harness_report["lifecycle"]
    assert {"anyio.to_thread", "pydantic_core", "opentelemetry.context"} <= set(lifecycle["imported_under_a_patch"])
    assert lifecycle["entropy_refused_at_top_level"] == 0
    assert harness_report["unknown_compat_flags"] == [], "the SDK reads flags the harness's stand-in does not know"
    assert harness_report["compatibility"]["date"] >= "2026-09-08"
