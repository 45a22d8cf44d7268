"""`./poste parse FILE.eml` driven from outside, as a subprocess."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[3]
LEGAL = ROOT / "tests" / "fixtures" / "legal"


def poste_parse(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(ROOT / "poste"), "parse", *args], capture_output=True, text=True, timeout=120, check=False
    )


def parsed(path: Path) -> dict[str, Any]:
    done = poste_parse(str(path))
    assert done.returncode == 0, done.stderr
    document: dict[str, Any] = json.loads(done.stdout)
    return document


def test_a_court_notice_is_printed_with_headers_and_facts() -> None:
    document = parsed(LEGAL / "01_rpva_avis_fixation_ca_lyon.eml")
    assert document["status"] == "ok"
    assert document["subject"] == "e-Barreau - Avis de fixation [24/01234] - Parties : MARTIN / SARL DUPONT"
    assert document["from"] == ["e-Barreau <noreply@e-barreau.fr>"]
    assert document["date"] == "2026-01-12T09:41:07+01:00"
    assert document["message_id"] == "<01_rpva_avis_fixation_ca_lyon@fixtures.iapostemanager.test>"
    assert document["kind"] == "avis_de_fixation"
    facts = {(f["kind"], f["value"]) for f in document["facts"]}
    assert ("rg", "24/01234") in facts
    assert ("hearing", "2026-03-12T09:00") in facts
    assert all({"kind", "value", "quote"} <= set(f) for f in document["facts"])
    for key in ("to", "in_reply_to", "references", "attachments", "events"):
        assert key in document


def test_attachments_events_and_threading_are_printed() -> None:
    invitation = parsed(LEGAL / "12_calendar_invitation_audience.eml")
    assert invitation["attachments"][0]["filename"] == "audience.ics"
    assert len(invitation["attachments"][0]["sha256"]) == 64
    assert invitation["attachments"][0]["size"] > 0
    assert invitation["events"][0]["summary"] == "Audience Martin c/ SARL Dupont"
    assert invitation["events"][0]["start"].startswith("2026-03-12T09:00:00")
    reply = parsed(LEGAL / "10_reply_client_confirmation.eml")
    assert reply["in_reply_to"] == "<rappel-audience-0122@vasseur-avocats.fr>"
    assert reply["references"] == ["<rappel-audience-0122@vasseur-avocats.fr>"]


def test_a_message_that_cannot_be_read_is_malformed_with_exit_code_zero(tmp_path: Path) -> None:
    outlook = tmp_path / "message.msg"
    outlook.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    document = parsed(outlook)
    assert document["status"] == "malformed"
    assert document["reason"] == "outlook_msg_not_mime"
    assert document["facts"] == []


def test_an_empty_file_is_malformed(tmp_path: Path) -> None:
    empty = tmp_path / "vide.eml"
    empty.write_bytes(b"")
    assert parsed(empty)["reason"] == "empty"


def test_a_missing_file_fails_with_a_french_message() -> None:
    done = poste_parse("/nonexistent/absent.eml")
    assert done.returncode != 0
    assert "introuvable" in done.stderr
    assert done.stdout == ""


def test_a_message_with_more_facts_than_the_caps_says_so(tmp_path: Path) -> None:
    body = "12 € " * 20_000  # 42 s before the overlap checks became bisections
    path = tmp_path / "dense.eml"
    path.write_bytes(
        b"From: a@b.fr\r\nSubject: montants\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + body.encode()
    )
    document = parsed(path)
    assert document["status"] == "ok"
    assert len([f for f in document["facts"] if f["kind"] == "amount"]) == 200
    assert document["facts_capped"] == ["amount"]


def test_hostile_attachment_names_are_printed_clean(tmp_path: Path) -> None:
    part = (
        '--BB\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=".."\r\n\r\nx\r\n'
        "--BB\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment;"
        " filename*=utf-8''invoice%E2%80%AEfdp.exe\r\n\r\nx\r\n--BB--\r\n"
    )
    path = tmp_path / "names.eml"
    path.write_bytes(b'From: a@b.fr\r\nContent-Type: multipart/mixed; boundary="BB"\r\n\r\n' + part.encode())
    assert [a["filename"] for a in parsed(path)["attachments"]] == ["attachment", "invoicefdp.exe"]
