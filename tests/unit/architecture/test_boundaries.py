"""The architecture's rules, checked: dependency direction, what ships to Workers, and import-time purity."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
SRC = ROOT / "src"

RUNTIME_SPECIFIC = {"js", "pyodide", "workers", "sqlite3", "uvicorn", "aiosmtpd"}
FORBIDDEN = {
    "domain": RUNTIME_SPECIFIC | {"services", "handlers", "d1", "cf", "local", "entry", "fastapi", "starlette"},
    "services": RUNTIME_SPECIFIC | {"handlers", "cf", "local", "entry", "fastapi", "starlette", "d1.d1_database"},
    "handlers": RUNTIME_SPECIFIC | {"cf", "local", "entry", "d1.d1_database"},
}

# Packages that Pyodide 0.28 ships built for WebAssembly; anything else must be a pure-Python wheel.
PYODIDE_BUILT = {"pydantic-core"}
PYDANTIC_ON_THE_WORKERS_313_LANE = "2.10.6"


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def violations(layer: str) -> list[str]:
    found = []
    for path in sorted((SRC / layer).rglob("*.py")):
        for module in imported_modules(path):
            parts = module.split(".")
            prefixes = {".".join(parts[: n + 1]) for n in range(len(parts))}
            if prefixes & FORBIDDEN[layer]:
                found.append(f"{path.relative_to(ROOT)} imports {module}")
    return found


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_inner_layers_import_nothing_runtime_specific_nor_outer(layer):
    assert violations(layer) == []


def test_the_checker_itself_catches_a_forbidden_import(tmp_path, monkeypatch):
    layer = tmp_path / "domain"
    layer.mkdir()
    (layer / "bad.py").write_text("import sqlite3\nfrom local.sqlite_database import connect\n")
    monkeypatch.setattr(sys.modules[__name__], "SRC", tmp_path)
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    assert len(violations("domain")) == 2


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


def test_everything_that_ships_to_workers_exists_for_pyodide():
    packages = locked_packages()
    not_pure = sorted(
        name
        for name in shipped_closure()
        if name not in PYODIDE_BUILT
        and not any(wheel["url"].endswith("-none-any.whl") for wheel in packages[name].get("wheels", []))
    )
    assert not_pure == []


def test_pydantic_is_pinned_to_the_version_the_workers_lane_ships():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert f"pydantic=={PYDANTIC_ON_THE_WORKERS_313_LANE}" in project["dependencies"]
    assert locked_packages()["pydantic"]["version"] == PYDANTIC_ON_THE_WORKERS_313_LANE


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
