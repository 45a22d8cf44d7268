"""`./poste demo`, `./poste seed` and the hint of `./poste serve` on an empty data folder, run as a user runs them;
what they made is then read back through the real HTTP API of the local runtime."""

from __future__ import annotations

import json
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
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
    assert (demo["deadlines"], demo["hearings"]) == (8, 3)
    assert demo["mails"] == {"classé": 6, "à classer": 1, "en quarantaine": 1}
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
    # ten uploaded documents, and the PDF attached to a filed message
    assert (len(dossiers), len(documents), len(clients)) == (15, 11, 10)
    assert {document["text_status"] for document in documents} == {"extrait"}
    assert all(dossier["reference"].count("-") == 1 for dossier in dossiers)


def test_the_demo_agenda_and_mail_show_on_the_echeancier_and_courrier_screens(tmp_path):
    made = poste("demo", "--data-dir", str(tmp_path))
    assert made.returncode == 0, made.stderr
    demo = json.loads(made.stdout)
    runtime = start_runtime(tmp_path)
    try:
        with signed_in(runtime.base_url, demo["email"], demo["password"]) as client:
            deadlines = client.get("/api/deadlines", params={"status": "all", "limit": 100}).json()["items"]
            replaced = client.get("/api/hearings", params={"status": "remplacee"}).json()["items"]
            planned = client.get("/api/hearings", params={"status": "prevue"}).json()["items"]
            suggestions = client.get("/api/suggestions").json()
            mail = {status: client.get("/api/mail", params={"status": status, "limit": 50}).json()["messages"]
                    for status in ("filed", "to_file", "quarantined")}  # fmt: skip
    finally:
        runtime.stop()
    to_do = [d for d in deadlines if d["status"] == "a_faire" and d["due_date"]]
    assert [d["title"] for d in to_do if d["overdue"]] == ["Appel d'un jugement (matière contentieuse)"]
    week, month = (str(date.today() + timedelta(days=days)) for days in (7, 30))
    this_week = {d["title"] for d in to_do if not d["overdue"] and d["due_date"] <= week}
    assert "Appel d'une ordonnance de référé" in this_week
    assert len([d for d in to_do if d["due_date"] > month]) >= 3  # later ones
    assert [d["kind"] for d in deadlines if d["status"] == "fait"] == ["signification_declaration_appel"]
    manual = [d for d in deadlines if d["manual_due_date"]]
    assert [(d["due_date"] == d["manual_due_date"], bool(d["computed_due_date"])) for d in manual] == [(True, True)]
    assert "conseiller de la mise en état" in manual[0]["manual_reason"]
    waiting = [d for d in deadlines if d["chain_run_id"] and d["due_date"] is None]
    assert [d["trigger_act"] for d in waiting] == ["en attente de signification du jugement"]
    assert len(replaced) == 1
    assert replaced[0]["replaced_by"] in {h["id"] for h in planned}
    moved = next(h for h in planned if h["id"] == replaced[0]["replaced_by"])
    chain_step = next(d for d in deadlines if d["chain_step"] == "remise_assignation")
    assert chain_step["trigger_date"] == moved["date"]  # the step counted back from the hearing followed the renvoi
    assert chain_step["due_date"] < moved["date"]
    assert (len(mail["filed"]), len(mail["to_file"]), len(mail["quarantined"])) == (6, 1, 1)
    assert mail["to_file"][0]["subject"] == "Demande de rendez-vous"
    filed_ids = {m["id"] for m in mail["filed"]}
    suggested = [*suggestions["deadlines"], *suggestions["hearings"]]
    assert suggestions["hearings"]
    assert suggestions["deadlines"]
    assert {s["source"] for s in suggested} == {"courrier"}
    assert {s["source_id"] for s in suggested} <= filed_ids
    reply = next(m for m in mail["filed"] if m["subject"] == "Re: Convocation à l'audience")
    assert reply["id"] not in {s["source_id"] for s in suggested}  # its quoted history is never suggested


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
