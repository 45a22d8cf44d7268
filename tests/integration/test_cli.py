"""`./poste migrate` and `./poste cabinet`, run as a user runs them."""

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
