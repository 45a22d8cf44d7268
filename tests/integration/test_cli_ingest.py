"""`./poste ingest FILE.eml --to ADDRESS` and `./poste mail reprocess`, run as a user runs them (data under
POSTE_DATA_DIR): each message classé, à classer, en quarantaine or rejeté with its reason, exit 0 for each; the same
file twice is one message; facts say whether they come from the new text or the history."""

import base64
import json
import os
import subprocess
import sys
from pathlib import Path

from tests.integration.test_cli import poste

ROOT = Path(__file__).resolve().parents[2]
AVIS = (
    "From: Greffe <greffe@justice.fr>\r\nTo: martin@poste.example\r\nSubject: Avis de fixation RG 24/01234\r\n"
    "Message-ID: <cli-1@justice.fr>\r\nDate: Mon, 2 Mar 2026 09:15:00 +0100\r\nMIME-Version: 1.0\r\n"
    'Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n'
    "L'affaire RG n° 24/01234 est fixée à l'audience du 14 avril 2026 à 9 h 30.\r\n\r\n"
    "Le 1 mars 2026, Me X a écrit :\r\n> L'audience du 3 mars 2026 est renvoyée.\r\n"
    '--b\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename="avis.pdf"\r\n'
    "Content-Transfer-Encoding: base64\r\n\r\n" + base64.b64encode(b"%PDF-1.4\n%%EOF\n").decode() + "\r\n--b--\r\n"
).encode()


def ingest(data_dir: Path, path: Path, to: str = "martin@poste.example") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "POSTE_DATA_DIR": str(data_dir), "PYTHONPATH": str(ROOT / "src")}
    return subprocess.run([sys.executable, "-m", "local.cli", "ingest", str(path), "--to", to], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120, check=False)  # fmt: skip


def printed(result: subprocess.CompletedProcess[str]) -> dict:
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def setup(data_dir: Path) -> None:
    created = poste("cabinet", "--data-dir", str(data_dir), "create", "--name", "Cabinet Martin", "--slug", "martin",
                    "--admin-email", "associe@martin.fr", "--admin-password", "un mot de passe long")  # fmt: skip
    assert created.returncode == 0, created.stderr
    claire = poste("client", "--data-dir", str(data_dir), "add", "--cabinet", "martin", "--name", "Claire Dupont")
    client_id = json.loads(claire.stdout)["id"]
    opened = poste("dossier", "--data-dir", str(data_dir), "add", "--cabinet", "martin", "--title", "Bail",
                   "--client", client_id, "--rg", "24/01234")  # fmt: skip
    assert opened.returncode == 0, opened.stderr


def test_a_message_naming_a_dossiers_rg_is_filed_with_its_attachment_and_facts(tmp_path):
    data_dir, eml = tmp_path / "data", tmp_path / "avis.eml"
    setup(data_dir)
    eml.write_bytes(AVIS)
    first = printed(ingest(data_dir, eml))
    assert (first["status"], first["dossier"]["reference"], first["confidence"]) == ("classé", "2026-0001", 0.9)
    assert first["reason"] == "RG 24/01234 du dossier 2026-0001"
    (attachment,) = first["attachments"]
    assert (attachment["filename"], attachment["duplicate"]) == ("avis.pdf", False)
    assert attachment["document_id"]
    origins = {(fact["kind"], fact["value"]): fact["origin"] for fact in first["facts"]}
    assert origins[("hearing", "2026-04-14T09:30")] == "nouveau"
    assert "historique" in origins.values()
    assert {"kind", "value", "quote", "origin", "status"} <= set(first["facts"][0])
    again = printed(ingest(data_dir, eml))
    assert (again["mail_id"], again["status"]) == (first["mail_id"], "classé")


def test_unknown_unreadable_and_refused_messages_are_each_handled_with_exit_0(tmp_path):
    data_dir = tmp_path / "data"
    setup(data_dir)
    plain, outlook = tmp_path / "plain.eml", tmp_path / "outlook.msg"
    plain.write_bytes(b"From: x@y.fr\r\nSubject: Bonjour\r\nMessage-ID: <p@y>\r\n\r\nUn mot.\r\n")
    outlook.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    to_file = printed(ingest(data_dir, plain))
    assert (to_file["status"], to_file["dossier"]) == ("à classer", None)
    quarantined = printed(ingest(data_dir, outlook))
    assert (quarantined["status"], quarantined["reason"]) == (
        "en quarantaine", "Fichier Outlook (.msg) et non un message MIME.")  # fmt: skip
    unknown = printed(ingest(data_dir, plain, to="personne@poste.example"))
    assert unknown["status"] == "rejeté"
    refused = printed(ingest(data_dir, plain, to=""))
    assert (refused["status"], refused["mail_id"], refused["reason"]) == ("rejeté", None, "Aucun destinataire.")
    again = poste("mail", "--data-dir", str(data_dir), "reprocess", "--quarantined")
    assert again.returncode == 0, again.stderr
    assert [m["status"] for m in json.loads(again.stdout)["reprocessed"]] == ["en quarantaine"]
    missing = ingest(data_dir, tmp_path / "absent.eml")
    assert missing.returncode == 2
