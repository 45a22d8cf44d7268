"""Dependency direction, checked: `domain` ← `d1` ← `services` ← `handlers` ← (`entry.py` | `local/`), adapters on
the outside, runtime-specific libraries only where their runtime is, and no cycle between packages or modules."""

from __future__ import annotations

import pytest

from tests.unit.architecture.source_graph import (
    SRC,
    cycles,
    imports,
    modules,
    package_of,
    project_graph,
)

# The project packages each package may import (itself included).
MAY_IMPORT: dict[str, set[str]] = {
    "domain": {"domain"},
    "d1": {"d1", "domain"},
    "services": {"services", "d1", "domain"},
    "handlers": {"handlers", "services", "domain"},
    "cf": {"cf", "d1", "services", "domain"},
    "local": {"local", "handlers", "services", "d1", "domain"},
    "entry": {"cf", "handlers", "services", "d1", "domain"},
}
# Libraries that exist on one runtime only, or belong to one layer, and the packages allowed to import them.
LIBRARY_HOMES: dict[str, set[str]] = {
    "js": {"cf", "entry"},
    "pyodide": {"cf", "entry"},
    "workers": {"cf", "entry"},
    "sqlite3": {"local"},
    "uvicorn": {"local"},
    "aiosmtpd": {"local"},
    "smtplib": {"local"},  # blocking sockets: never on Workers, and off the event loop locally
    "croniter": {"local"},
    "httpx": {"local"},
    "websockets": {"local"},
    "fastapi": {"handlers", "local"},
    "starlette": {"handlers", "local"},
    "pydantic": {"handlers", "services"},  # services: the AI answer's validator, imported lazily
}


def layer_violations(src=SRC) -> list[str]:
    found = []
    known = set(modules(src))
    for name, path in modules(src).items():
        package = package_of(name)
        for target in sorted(imports(path)):
            root = target.split(".")[0]
            if (target in known and root not in MAY_IMPORT[package]) or (
                root in LIBRARY_HOMES and package not in LIBRARY_HOMES[root]
            ):
                found.append(f"{name} imports {target}")
    return sorted(set(found))


def package_cycles(src=SRC) -> list[list[str]]:
    graph: dict[str, set[str]] = {}
    for module, targets in project_graph(src).items():
        graph.setdefault(package_of(module), set()).update(package_of(t) for t in targets)
    for package, targets in graph.items():
        targets.discard(package)
    return cycles(graph)


def test_every_package_imports_only_what_its_layer_allows():
    assert layer_violations() == []


def test_no_two_packages_import_each_other_even_indirectly():
    assert package_cycles() == []


def test_no_module_imports_itself_even_indirectly():
    assert cycles(project_graph()) == []


def test_every_package_of_src_has_a_rule():
    assert {package_of(name) for name in modules()} == set(MAY_IMPORT)


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        ({"d1/x.py": "from cf.d1 import D1Database\n", "cf/d1.py": ""}, "d1.x imports cf.d1"),
        ({"cf/x.py": "import local.runtime\n", "local/runtime.py": ""}, "cf.x imports local.runtime"),
        ({"local/x.py": "from entry import Default\n", "entry.py": ""}, "local.x imports entry"),
        ({"services/x.py": "import sqlite3\n"}, "services.x imports sqlite3"),
        ({"handlers/x.py": "def f():\n    from cf.kv import KV\n", "cf/kv.py": ""}, "handlers.x imports cf.kv"),
    ],
)
def test_the_layer_check_catches_a_wrong_way_import(tmp_path, files, expected):
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    assert expected in layer_violations(tmp_path)


def test_the_cycle_checks_catch_a_package_imported_through_its_own_init(tmp_path):
    package = tmp_path / "domain" / "deadlines"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("from domain.deadlines.compute import compute\n")
    (package / "compute.py").write_text("from domain.deadlines import explain\n")
    (package / "explain.py").write_text("")
    assert cycles(project_graph(tmp_path)) == [["domain.deadlines", "domain.deadlines.compute"]]


def test_the_cycle_checks_catch_two_packages_importing_each_other(tmp_path):
    for name, text in {"d1/a.py": "import services.b\n", "services/b.py": "import d1.a\n"}.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    assert package_cycles(tmp_path) == [["d1", "services"]]
