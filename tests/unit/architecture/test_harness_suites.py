"""The API and contract suites also run under Pyodide in the Workers harness, which has no pytest: a test module
there that imports pytest stops the harness from collecting the whole suite (each test then fails as "not
reported", far from its cause). Their conftest files are CPython-only and may use it."""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parents[2]
SHARED_SUITES = ("api", "contract")


def imports_pytest(path: Path) -> bool:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import) and any(alias.name.split(".")[0] == "pytest" for alias in node.names):
            return True
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "pytest":
            return True
    return False


def test_no_module_the_harness_loads_imports_pytest():
    modules = [path for suite in SHARED_SUITES for path in sorted((TESTS / suite).glob("*.py"))]
    assert len(modules) > 20
    offenders = [
        str(path.relative_to(TESTS)) for path in modules if path.name != "conftest.py" and imports_pytest(path)
    ]
    assert offenders == []
