"""`./poste migrate`, `./poste cabinet` and `./poste mail`, run as a user runs them."""

import json
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def poste(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(ROOT / "poste"), *args], capture_output=True, text=True, timeout=120, check=False)


def test_migrate_applies_once_then_reports_an_up_to_date_database(tmp_path):
    first = poste("migrate", "--data-dir", str(tmp_path))
    assert first.returncode == 0
    assert "Migration appliquée : 0001_foundation.sql" in first.stdout
    again = poste("migrate", "--data-dir", str(tmp_path))
    assert again.stdout.strip() == "Base à jour : aucune migration en attente."


def test_a_cabinet_is_created_listed_and_its_address_cannot_be_taken_twice(tmp_path):
    created = poste("cabinet", "--data-dir", str(tmp_path), "add", "--name", "Cabinet Martin",
                    "--address", "Cabinet-Martin@poste.example")  # fmt: skip
    assert created.returncode == 0, created.stderr
    cabinet = json.loads(created.stdout)
    assert cabinet["inbound_address"] == "cabinet-martin@poste.example"
    assert len(cabinet["id"]) == 26
    taken = poste("cabinet", "--data-dir", str(tmp_path), "add", "--name", "Autre",
                  "--address", "cabinet-martin@poste.example")  # fmt: skip
    assert taken.returncode == 2
    assert "déjà celle d'un cabinet" in taken.stderr
    listed = json.loads(poste("cabinet", "--data-dir", str(tmp_path), "list").stdout)
    assert [row["id"] for row in listed] == [cabinet["id"]]


def test_a_plus_tag_is_refused_in_a_cabinet_address(tmp_path):
    refused = poste("cabinet", "--data-dir", str(tmp_path), "add", "--name", "X", "--address", "a+b@poste.example")
    assert refused.returncode == 2


def test_a_cabinets_mail_is_listed_and_shown_from_the_cli(tmp_path):
    import asyncio

    from local.config import LocalConfig
    from local.runtime import open_runtime
    from services.inbound_mail import InboundEnvelope, receive_mail

    cabinet = json.loads(poste("cabinet", "--data-dir", str(tmp_path), "add", "--name", "Cabinet Martin",
                               "--address", "martin@poste.example").stdout)  # fmt: skip
    runtime = open_runtime(LocalConfig(data_dir=tmp_path))
    raw = b"From: greffe@justice.fr\r\nSubject: Avis RG 24/01234\r\nMessage-ID: <a1@x>\r\n\r\nAudience.\r\n"
    outcome = asyncio.run(
        receive_mail(runtime.context, InboundEnvelope("greffe@justice.fr", "martin@poste.example", raw))
    )
    runtime.close()
    listed = poste("mail", "--data-dir", str(tmp_path), "list", "--cabinet", cabinet["id"])
    assert listed.returncode == 0, listed.stderr
    (message,) = json.loads(listed.stdout)
    assert (message["id"], message["status"], message["reading"]) == (outcome.inbound_id, "received", None)
    shown = poste("mail", "--data-dir", str(tmp_path), "show", outcome.inbound_id, "--cabinet", cabinet["id"])
    assert json.loads(shown.stdout)["sha256"] == message["sha256"]
    elsewhere = poste("mail", "--data-dir", str(tmp_path), "show", outcome.inbound_id, "--cabinet", "autre")
    assert elsewhere.returncode == 2
    assert "Message introuvable" in elsewhere.stderr
