"""wrangler.toml is the production truth: wrangler itself validates it (dry run, offline), the modules it would
upload are exactly the Worker's, and the bindings, queues and crons the application relies on are checked here one
by one."""

from __future__ import annotations

import ast
import re
import subprocess
import tomllib
from pathlib import Path
from typing import Any

import pytest

from domain.transcriptions import MAX_ATTEMPTS
from tests.workers._node import ROOT, require_node

DRY_RUN_TIMEOUT_SECONDS = 180


@pytest.fixture(scope="module")
def config() -> dict[str, Any]:
    with (ROOT / "wrangler.toml").open("rb") as handle:
        return tomllib.load(handle)


@pytest.mark.slow
def test_wrangler_accepts_the_configuration_in_a_dry_run(tmp_path: Path) -> None:
    env = require_node()
    completed = subprocess.run(
        ["npx", "--no-install", "wrangler", "deploy", "--dry-run", "--outdir", str(tmp_path / "dist")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=DRY_RUN_TIMEOUT_SECONDS,
        check=False,
    )
    output = completed.stdout + completed.stderr
    assert completed.returncode == 0, output[-4000:]
    assert "--dry-run: exiting now." in output
    assert (tmp_path / "dist" / "entry.py").exists()
    for binding in ("env.DB", "env.SESSIONS", "env.DOCUMENTS", "env.AI", "env.HUB", "env.JOBS", "env.MAILER"):
        assert binding in output, f"{binding} missing from wrangler's binding list"
    # What ships is what runs: the Worker's packages and nothing of the CPython runtime (or anything else).
    shipped = {path.relative_to(tmp_path / "dist").as_posix() for path in (tmp_path / "dist").rglob("*.py")}
    assert not any(name.startswith("local/") for name in shipped)
    assert shipped == worker_modules()
    missing = sorted(import_closure_of_entry() - shipped)
    assert missing == [], f"entry.py imports modules the bundle leaves out: {missing}"
    [total] = re.findall(r"Total \((\d+) modules\)", output)
    assert int(total) == len(shipped) - 1  # wrangler counts the main module apart


WORKER_PACKAGES = ("cf", "d1", "domain", "handlers", "services")  # as scripts/stage_worker.mjs stages them


def worker_modules() -> set[str]:
    src = ROOT / "src"
    files = [src / "entry.py", *(path for name in WORKER_PACKAGES for path in (src / name).rglob("*.py"))]
    return {path.relative_to(src).as_posix() for path in files}


def import_closure_of_entry() -> set[str]:
    """Every src/ module entry.py can reach through import statements anywhere in its modules (function bodies too),
    with the packages that hold them."""
    src = ROOT / "src"

    def file_of(module: str) -> Path | None:
        base = src.joinpath(*module.split("."))
        return next((p for p in (base.with_suffix(".py"), base / "__init__.py") if p.exists()), None)

    seen: set[Path] = set()
    todo = [src / "entry.py"]
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        parts = path.relative_to(src).with_suffix("").parts
        names = [".".join(parts[:n]) for n in range(1, len(parts))]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names += [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names += [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
        todo += [found for name in names if (found := file_of(name)) is not None]
    return {path.relative_to(src).as_posix() for path in seen}


# Worker modules entry.py never imports, shipped all the same because scripts/stage_worker.mjs stages whole packages:
# each is named here with the reason it lives in a Worker package rather than in src/local/.
SHIPPED_BUT_NOT_IMPORTED = {
    "d1/seed_rows.py": "the seed's D1 writes: its repository contract runs on D1 in the Workers harness",
    "services/ingest.py": "the CLI's in-process intake (./poste ingest, the benches): runtime-agnostic use cases",
}


def test_the_worker_ships_what_entry_py_imports_and_only_the_named_exceptions_beside() -> None:
    """The bundle (the dry run above checks it is worker_modules()) holds entry.py's import closure; a module that
    Workers never import fails here unless it is named, with its reason, in SHIPPED_BUT_NOT_IMPORTED."""
    assert sorted(import_closure_of_entry() - worker_modules()) == []
    assert sorted(worker_modules() - import_closure_of_entry()) == sorted(SHIPPED_BUT_NOT_IMPORTED)


def test_the_worker_is_a_python_worker_on_the_314_lane(config: dict[str, Any]) -> None:
    assert config["name"] == "iapostemanager"
    assert config["main"] == "build/worker/entry.py"  # staged from src/entry.py by [build]
    assert config["build"]["command"] == "node scripts/stage_worker.mjs"
    assert "python_workers" in config["compatibility_flags"]
    # python_workers implies python_workers_314 (Python 3.14, Pyodide 314) from this date.
    assert config["compatibility_date"] >= "2026-09-08"


def test_the_flags_the_compatibility_date_turns_on_are_reviewed_in_the_deploy_guide(config: dict[str, Any]) -> None:
    """A compatibility date turns on every flag whose default date it passes: docs/deploy.md reviews them for the
    configured date and says which matter here. A new date without a new review fails."""
    deploy = (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
    [review] = re.findall(r"^## The compatibility date and its flags\n(.*?)(?=^## )", deploy, re.S | re.M)
    assert f'`compatibility_date = "{config["compatibility_date"]}"`' in review
    assert "`python_workers_314`" in review  # the lane itself


def test_storage_bindings(config: dict[str, Any]) -> None:
    [d1] = config["d1_databases"]
    assert d1["binding"] == "DB"
    assert d1["migrations_dir"] == "migrations"
    assert (ROOT / d1["migrations_dir"]).is_dir()
    [kv] = config["kv_namespaces"]
    assert kv["binding"] == "SESSIONS"
    [r2] = config["r2_buckets"]
    assert r2["binding"] == "DOCUMENTS"
    assert r2["jurisdiction"] == "eu"
    assert config["ai"]["binding"] == "AI"


def test_outbound_mail_may_reach_any_lawyer_from_the_configured_sender(config: dict[str, Any]) -> None:
    """Invitations and resets go to each person's own address: a destination restriction on the binding would
    refuse them (E_RECIPIENT_NOT_ALLOWED). The sender is `[vars] MAIL_FROM`, allowed by the binding if it lists
    senders. (The harness builds Miniflare's binding from this same table.)"""
    from services.outbound_mail import parse_sender

    [mailer] = config["send_email"]
    assert mailer["name"] == "MAILER"
    assert "destination_address" not in mailer
    assert "allowed_destination_addresses" not in mailer
    sender = parse_sender(config["vars"]["MAIL_FROM"])
    assert sender.address in mailer.get("allowed_sender_addresses", [sender.address])


def test_the_cabinet_hub_durable_object_is_declared_with_a_sqlite_migration(config: dict[str, Any]) -> None:
    [hub] = config["durable_objects"]["bindings"]
    assert hub == {"name": "HUB", "class_name": "CabinetHub"}
    assert any("CabinetHub" in m.get("new_sqlite_classes", []) for m in config["migrations"])
    assert "class CabinetHub(" in (ROOT / "src" / "entry.py").read_text(encoding="utf-8")


def test_jobs_are_produced_and_consumed_with_retries_and_dead_letters(config: dict[str, Any]) -> None:
    producers = {p["binding"]: p["queue"] for p in config["queues"]["producers"]}
    consumers = {c["queue"]: c for c in config["queues"]["consumers"]}
    assert set(producers) == {"JOBS", "AUDIO_JOBS"}
    assert set(consumers) == set(producers.values())
    for consumer in consumers.values():
        assert consumer["max_retries"] >= 1
        assert consumer["dead_letter_queue"] not in ("", *producers.values())
        assert consumer["max_batch_size"] >= 1
    assert len({c["dead_letter_queue"] for c in consumers.values()}) == 2


def test_the_audio_lane_takes_one_recording_at_a_time_and_retries_past_the_jobs_own_backoff(
    config: dict[str, Any],
) -> None:
    audio = next(c for c in config["queues"]["consumers"] if c["queue"] == "iapostemanager-audio")
    assert audio["max_batch_size"] == 1
    assert audio["max_retries"] >= MAX_ATTEMPTS  # the job fails the transcription for good before the queue gives up
    deploy = (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
    for queue in ("iapostemanager-audio", "iapostemanager-audio-dlq"):
        assert f"wrangler queues create {queue}\n" in deploy


def test_crons_match_the_scheduled_handler(config: dict[str, Any]) -> None:
    crons = config["triggers"]["crons"]
    assert len(crons) == len(set(crons))
    # The morning (scan, digests, Monday's weekly report) at 07:00 in each cabinet's zone: every hour, each firing
    # serving the cabinets whose local time it is 07:00 (services/deadline_scan.py).
    assert "0 0-23 * * *" in crons, "no hourly firing of the cabinets' mornings"
    assert "*/5 * * * *" in crons, "no mail sweep every few minutes"
    from services.cron import CRON_TASKS

    assert set(CRON_TASKS) == set(crons)


def test_the_deploy_guide_lists_exactly_the_configured_crons(config: dict[str, Any]) -> None:
    guide = (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
    section = guide.split("## 8. Cron triggers", 1)[1].split("\n## ", 1)[0]
    listed = set(re.findall(r"^\| `([^`]+)` \|", section, flags=re.MULTILINE))
    assert listed == set(config["triggers"]["crons"]), "docs/deploy.md §8 does not list wrangler.toml's crons"


def test_the_dashboard_is_served_as_assets_with_the_api_reaching_the_worker(config: dict[str, Any]) -> None:
    assets = config["assets"]
    assert assets["directory"] == "./public"
    assert (ROOT / "public").is_dir()
    assert assets["binding"] == "ASSETS"
    assert assets["not_found_handling"] == "single-page-application"
    assert assets["run_worker_first"] == ["/api/*", "/calendar/*"]


def test_vars_hold_no_secrets(config: dict[str, Any]) -> None:
    for name in config.get("vars", {}):
        assert not any(word in name.upper() for word in ("SECRET", "TOKEN", "PASSWORD", "KEY")), name
