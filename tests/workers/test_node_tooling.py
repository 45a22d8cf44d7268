"""package.json pins the Node tooling exactly, and package-lock.json agrees, so `npm ci` installs what was tested."""

from __future__ import annotations

import json
import re

from tests.workers._node import ROOT

EXACT = re.compile(r"^\d+\.\d+\.\d+$")


def test_the_tooling_is_pinned_to_exact_versions_recorded_in_the_lockfile() -> None:
    manifest = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    pins = manifest["devDependencies"]
    assert pins["pyodide"] == "314.0.6"  # the Python 3.14 Workers lane's interpreter
    assert pins["wrangler"].startswith("4.")
    assert pins["miniflare"].startswith("4.")
    for name, version in pins.items():
        assert EXACT.match(version), f"{name} must be pinned exactly, not {version!r}"
        assert lock["packages"][f"node_modules/{name}"]["version"] == version
    assert lock["packages"][""]["devDependencies"] == pins


def test_a_single_workerd_serves_wrangler_and_miniflare() -> None:
    # One workerd for every platform the lockfile must install on: wrangler's newer pin has no macOS or Windows
    # build on the registry these machines use, which made `npm ci` refuse the lockfile.
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    workerds = {path: entry["version"] for path, entry in lock["packages"].items() if path.endswith("/workerd")}
    assert len(set(workerds.values())) == 1, workerds
    # python_workers_314 (implied by python_workers from 2026-09-08) first ships in workerd 1.20261117.1.
    [version] = set(workerds.values())
    assert tuple(int(part) for part in version.split(".")) >= (1, 20261117, 1), version
