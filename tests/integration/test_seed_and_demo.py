"""`./poste demo`, `./poste seed` and the hint of `./poste serve` on an empty data folder, run as a user runs them;
what they made is then read back through the real HTTP API of the local runtime."""

from __future__ import annotations

import json
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from tests.runtime_process import start_runtime

ROOT = Path(__file__).resolve().parents[2]
SMALL = ("--cabinets", "2", "--clients", "20", "--dossiers-per-client", "2", "--mails", "60", "--documents", "30")


def poste(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(ROOT / "poste"), *args], capture_output=True, text=True, timeout=300, check=False)


@contextmanager
def signed_in(base_url: str, email: str, password: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=base_url, timeout=30) as client:
        client.post("/api/auth/login", json={"email": email, "password": password}).raise_for_status()
        yield client


def test_the_demo_cabinet_is_made_once_and_its_dossiers_and_read_documents_are_served(tmp_path):
    made = poste("demo", "--data-dir", str(tmp_path))
    assert made.returncode == 0, made.stderr
    demo = json.loads(made.stdout)
    assert (demo["cabinet"], demo["clients"], demo["dossiers"], demo["documents"]) == ("demo", 10, 15, 10)
    assert {person["role"] for person in demo["people"]} == {"associe", "avocat", "collaborateur", "assistant"}
    assert f"{demo['email']} / {demo['password']}" in made.stderr
    again = poste("demo", "--data-dir", str(tmp_path))
    assert again.returncode == 2
    assert "« demo » existe déjà" in again.stderr
    runtime = start_runtime(tmp_path)
    try:
        with signed_in(runtime.base_url, demo["email"], demo["password"]) as client:
            dossiers = client.get("/api/dossiers", params={"limit": 100}).json()["items"]
            documents = client.get("/api/documents", params={"limit": 100}).json()["items"]
            clients = client.get("/api/clients", params={"limit": 100}).json()["items"]
    finally:
        runtime.stop()
    assert (len(dossiers), len(documents), len(clients)) == (15, 10, 10)
    assert {document["text_status"] for document in documents} == {"extrait"}
    assert all(dossier["reference"].count("-") == 1 for dossier in dossiers)


def test_a_small_seed_fills_two_cabinets_that_a_lawyer_reads_through_the_api(tmp_path):
    seeded = poste("seed", "--data-dir", str(tmp_path), *SMALL, "--seed", "7")
    assert seeded.returncode == 0, seeded.stderr
    summary = json.loads(seeded.stdout)
    assert "Génération [" in seeded.stderr
    assert "Jeu de données écrit en" in seeded.stderr
    assert [len(cabinet["people"]) for cabinet in summary["cabinets"]] == [6, 6]
    associe = summary["cabinets"][0]["people"][0]
    runtime = start_runtime(tmp_path)
    try:
        with signed_in(runtime.base_url, associe["email"], summary["password"]) as client:
            clients = client.get("/api/clients", params={"limit": 100}).json()["items"]
            dossiers = client.get("/api/dossiers", params={"limit": 100}).json()["items"]
            documents = client.get("/api/documents", params={"limit": 100}).json()["items"]
    finally:
        runtime.stop()
    assert (len(clients), len(dossiers), len(documents)) == (20, 40, 15)
    assert {dossier["reference"][:2] for dossier in dossiers} == {"20"}


def test_the_same_seed_makes_the_same_people_clients_and_dossiers(tmp_path):
    for folder in ("a", "b"):
        assert poste("seed", "--data-dir", str(tmp_path / folder), *SMALL, "--seed", "3").returncode == 0

    def content(folder: str) -> list[tuple[str, ...]]:
        conn = sqlite3.connect(tmp_path / folder / "d1.sqlite")
        rows = conn.execute("SELECT display_name, siren FROM clients ORDER BY rowid").fetchall()
        rows += conn.execute("SELECT reference, title, status FROM dossiers ORDER BY rowid").fetchall()
        rows += conn.execute("SELECT kind, value, court FROM court_references ORDER BY rowid").fetchall()
        conn.close()
        return rows

    assert len(content("a")) > 100
    assert content("a") == content("b")


def test_serve_on_an_empty_data_folder_suggests_the_demo_cabinet(tmp_path):
    runtime = start_runtime(tmp_path)
    _, output = runtime.stop()
    assert "`./poste demo` crée le cabinet de démonstration" in output
