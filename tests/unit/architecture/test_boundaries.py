"""What ships to Workers, checked: the dependency closure, the pins, and import-time purity. (Dependency
direction and cycles: test_layers.py; data access: test_data_access.py.)"""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path

from scripts import pyodide_site

ROOT = Path(__file__).resolve().parents[3]
SRC = ROOT / "src"

# The Python 3.14 Workers lane: the pydantic whose pydantic-core has a Pyodide 314 wheel (and no other lane has one).
PYDANTIC_ON_THE_WORKERS_314_LANE = "2.14.4"
PYDANTIC_CORE_ON_THE_WORKERS_314_LANE = "2.50.5"


def locked_packages() -> dict[str, dict]:
    lock = tomllib.loads((ROOT / "uv.lock").read_text(encoding="utf-8"))
    return {package["name"]: package for package in lock["package"]}


def shipped_closure() -> set[str]:
    """Every package `[project].dependencies` pulls in, as resolved in uv.lock (no dev or local groups)."""
    packages = locked_packages()
    project = packages["iapostemanager"]
    todo = [dep["name"] for dep in project.get("dependencies", [])]
    seen: set[str] = set()
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        todo.extend(dep["name"] for dep in packages[name].get("dependencies", []) if "marker" not in dep)
    return seen


def workers_lock() -> dict[str, pyodide_site.LockedWheel]:
    return {entry.name: entry for entry in pyodide_site.read_lock()}


def test_everything_that_ships_to_workers_exists_for_pyodide():
    """Each package of the closure ships as a pure-Python wheel or as a wheel built for the lane's Pyodide."""
    for entry in workers_lock().values():
        tags = entry.wheel[: -len(".whl")].split("-")[-3:]
        assert tags[2] == "any" or tags == ["cp314", "cp314", pyodide_site.PLATFORM], entry.wheel


def test_the_cpython_environment_runs_the_versions_the_worker_ships():
    """uv.lock's closure of [project].dependencies is workers-lock.toml's, version for version (plus the runtime
    SDK, which pywrangler adds and the dev group installs locally)."""
    packages = locked_packages()
    local = {name: packages[name]["version"] for name in shipped_closure() | {pyodide_site.SDK_REQUIREMENT}}
    assert local == {name: entry.version for name, entry in workers_lock().items()}


def test_the_workers_lock_was_resolved_from_the_current_dependencies():
    assert pyodide_site.lock_is_current() == [], "run `python3 scripts/pyodide_site.py lock`"


def test_pydantic_is_pinned_to_the_version_the_workers_lane_ships():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert f"pydantic=={PYDANTIC_ON_THE_WORKERS_314_LANE}" in project["dependencies"]
    assert locked_packages()["pydantic"]["version"] == PYDANTIC_ON_THE_WORKERS_314_LANE
    assert locked_packages()["pydantic-core"]["version"] == PYDANTIC_CORE_ON_THE_WORKERS_314_LANE
    core = workers_lock()["pydantic-core"].wheel
    assert core == f"pydantic_core-{PYDANTIC_CORE_ON_THE_WORKERS_314_LANE}-cp314-cp314-{pyodide_site.PLATFORM}.whl"


def test_local_only_packages_do_not_ship_to_workers():
    assert shipped_closure().isdisjoint({"uvicorn", "aiosmtpd", "pytest", "httpx", "websockets"})


def test_the_expected_migrations_are_the_migrations_folder():
    from d1.schema import EXPECTED_MIGRATIONS

    assert tuple(path.name for path in sorted((ROOT / "migrations").glob("*.sql"))) == EXPECTED_MIGRATIONS


def test_importing_the_worker_reads_no_clock_no_randomness_and_does_no_io():
    result = subprocess.run(
        [sys.executable, str(Path(__file__).with_name("import_probe.py"))],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["imported"] >= 10
    assert report["violations"] == []
