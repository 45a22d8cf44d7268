"""The engine is pure domain code: no runtime or I/O imports, no clock, nothing built at import time."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
ENGINE = sorted((ROOT / "src" / "domain" / "deadlines").glob("*.py"))
FORBIDDEN = {"js", "pyodide", "workers", "sqlite3", "uvicorn", "aiosmtpd", "os", "time", "random", "pathlib", "io"}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("path", ENGINE, ids=[p.name for p in ENGINE])
def test_the_engine_module_imports_no_runtime_and_no_io(path: Path) -> None:
    assert not imported_modules(path) & FORBIDDEN


@pytest.mark.parametrize("path", ENGINE, ids=[p.name for p in ENGINE])
def test_the_engine_module_never_reads_the_clock(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    assert ".today(" not in source
    assert ".now(" not in source


def test_importing_the_engine_builds_no_holiday_table() -> None:
    probe = "import sys, domain.deadlines, local.commands.deadline; print('holidays' in sys.modules)"
    completed = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, env={"PYTHONPATH": "src"}, check=True
    )

    assert completed.stdout.strip() == "False"
