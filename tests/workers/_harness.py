"""The Workers harness as pytest tests: one test per contract test, per API test and per entry.py glue check.

The harness (tests/workers/harness/run.mjs) runs under Node 24 + Pyodide 314 + Miniflare and writes a JSON report;
each test below reads its own line. Its checks are split into SHARDS shards (harness/py/shards.py, by estimated
cost), each run by its own module, test_harness_shard<k>.py, in its own process: `--dist loadfile` gives each module
its own pytest worker, so on two cores the halves run side by side, the rest of the suite filling the gaps. Each
module defines SHARD and star-imports this one: the fixture running its shard, its tests (parametrised over its part
by `pytest_generate_tests`) and the lane's checks, which every shard's process must pass.

Names are collected from the sources with `ast`; each shard's process reports every check it collected and the ones
of its part it ran, so a test the harness forgot to run fails (in every shard) instead of vanishing, and every check
runs in exactly one shard. The import checks run in every shard: each process imports entry.py at the top level. The
lane's checks: the harness ran what production runs (the interpreter, the locked wheels by hash, the runtime SDK's
import patches).
"""

from __future__ import annotations

import ast
import importlib.util
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from scripts import pyodide_site
from tests.workers._node import ROOT, require_node

__all__ = [
    "harness_report",
    "pytest_generate_tests",
    "pytestmark",
    "test_the_harness_collects_exactly_the_expected_checks",
    "test_the_harness_loads_exactly_the_locked_wheels",
    "test_the_harness_runs_the_production_interpreter",
    "test_the_locked_site_holds_nothing_from_the_cpython_environment",
    "test_the_runtime_sdk_patched_the_top_level_as_in_production",
    "test_the_shard_runs_exactly_its_part",
    "test_the_shards_split_the_checks_without_loss_or_overlap",
    "test_under_pyodide",
]

HARNESS = ROOT / "tests" / "workers" / "harness"
SHARDS = 2  # test_harness_shard1.py … test_harness_shard<SHARDS>.py
# Every check runs on fresh Miniflare bindings (a slot of a pooled workerd, the migrations applied): a shard takes a
# few minutes on an idle machine and three times that on a busy one. The bound is there to stop a hung harness.
HARNESS_TIMEOUT_SECONDS = 1500
LANE_PYODIDE = "314.0.6"

pytestmark = [pytest.mark.harness, pytest.mark.slow]


def _load_shards() -> Any:
    """harness/py/shards.py, the split the runner computes under Pyodide, loaded here from its file."""
    spec = importlib.util.spec_from_file_location("harness_shards", HARNESS / "py" / "shards.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


shards = _load_shards()


def _test_names(folder: str) -> list[str]:
    names = []
    for module in sorted((ROOT / "tests" / folder).glob("test_*.py")):
        if f"{folder}/{module.name}" in shards.CPYTHON_ONLY:
            continue
        tree = ast.parse(module.read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.AsyncFunctionDef) and node.name.startswith("test_"):
                names.append(f"{folder}/{module.name}::{node.name}")
    return names


def _glue_names(list_name: str) -> list[str]:
    tree = ast.parse((HARNESS / "py" / "glue.py").read_text(encoding="utf-8"))
    names: list[str] = []
    for node in tree.body:
        if (
            isinstance(node, ast.AnnAssign)
            and isinstance(node.target, ast.Name)
            and node.target.id == list_name
            and node.value is not None
        ):
            names += [n.id for n in ast.walk(node.value) if isinstance(n, ast.Name) and n.id != "fn"]
    return [f"glue::{name}" for name in dict.fromkeys(names)]


IMPORT_CHECKS = _glue_names("IMPORT_CHECKS")  # run by every shard
SHARDED = _test_names("contract") + _test_names("api") + _glue_names("GLUE_CHECKS")
EXPECTED = IMPORT_CHECKS + SHARDED


def part(shard: int) -> list[str]:
    """What shard `shard` (1-based) of SHARDS must report."""
    return IMPORT_CHECKS + shards.partition(SHARDED, SHARDS)[shard - 1]


@pytest.fixture(scope="module")
def harness_report(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    shard = f"{request.module.SHARD}/{SHARDS}"
    env = require_node()
    report_path = tmp_path_factory.mktemp("harness") / "report.json"
    started = time.monotonic()
    command = ["node", "--experimental-wasm-jspi", str(HARNESS / "run.mjs"), "--shard", shard, str(report_path)]
    try:
        completed = subprocess.run(
            command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=HARNESS_TIMEOUT_SECONDS, check=False
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"the Workers harness (shard {shard}) did not finish within {HARNESS_TIMEOUT_SECONDS} s")
    if completed.returncode != 0 or not report_path.exists():
        crash = f"shard {shard}, exit {completed.returncode}"
        pytest.fail(f"the Workers harness crashed ({crash}):\n{completed.stderr[-4000:]}")
    report: dict[str, Any] = json.loads(report_path.read_text(encoding="utf-8"))
    report["wall_seconds"] = round(time.monotonic() - started, 1)
    ran = f"{len(report['results'])} checks in {report['wall_seconds']} s ({report['python']})"
    print(f"\nWorkers harness {shard}: {ran}; report: {report_path}")
    return report


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if metafunc.definition.name == "test_under_pyodide":
        metafunc.parametrize("name", part(metafunc.module.SHARD))


def test_under_pyodide(harness_report: dict[str, Any], name: str) -> None:
    results = {result["name"]: result for result in harness_report["results"]}
    if name not in results:
        pytest.fail(f"the harness did not report {name}")
    result = results[name]
    if result["outcome"] != "passed":
        pytest.fail(f"{name} failed under Pyodide:\n{result.get('traceback') or result.get('error')}", pytrace=False)


def test_the_harness_collects_exactly_the_expected_checks(harness_report: dict[str, Any]) -> None:
    assert sorted(harness_report["collected"]) == sorted(EXPECTED)


def test_the_shard_runs_exactly_its_part(request: pytest.FixtureRequest, harness_report: dict[str, Any]) -> None:
    assert harness_report["shard"] == f"{request.module.SHARD}/{SHARDS}"
    reported = [result["name"] for result in harness_report["results"]]
    assert sorted(reported) == sorted(part(request.module.SHARD))


def test_the_shards_split_the_checks_without_loss_or_overlap() -> None:
    parts = [shards.partition(SHARDED, SHARDS)[k] for k in range(SHARDS)]
    assert sorted(name for p in parts for name in p) == sorted(set(SHARDED)) == sorted(SHARDED)
    assert [p for p in parts if not p] == [], "a shard with nothing to run"
    loads = [sum(shards.cost(name) for name in p) for p in parts]
    assert max(loads) - min(loads) <= max(shards.cost(name) for name in SHARDED), loads


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


def refresh_costs(report_paths: list[str]) -> None:
    """Writes harness/costs.json, the shards' balance, from the reports of a run of every shard."""
    seconds: dict[str, float] = {}
    for path in report_paths:
        for result in json.loads(Path(path).read_text(encoding="utf-8"))["results"]:
            if result["name"] in SHARDED:
                seconds[result["name"]] = round(result["seconds"], 1)
    missing = sorted(set(SHARDED) - set(seconds))
    if missing:
        raise SystemExit(f"these reports miss {len(missing)} checks, e.g. {missing[0]}: pass one report per shard")
    costs = json.dumps(dict(sorted(seconds.items())), indent=1, ensure_ascii=False)
    (HARNESS / "costs.json").write_text(costs + "\n", encoding="utf-8")


if __name__ == "__main__":  # python -m tests.workers._harness <report.json of each shard> (paths printed by -s)
    refresh_costs(sys.argv[1:])
