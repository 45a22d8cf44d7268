"""`./poste migrate`, `./poste cabinet`, `./poste user`, `./poste outbox` and `./poste mail`, run as a user runs
them."""

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


def create(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return poste("cabinet", "--data-dir", str(tmp_path), "create", *args)


def test_a_cabinet_is_created_with_its_associe_listed_and_its_slug_cannot_be_taken_twice(tmp_path):
    created = create(tmp_path, "--name", "Cabinet Martin", "--slug", "Cabinet-Martin", "--admin-email",
                     "M.Martin@Cabinet-Martin.fr", "--admin-password", "un mot de passe long")  # fmt: skip
    assert created.returncode == 0, created.stderr
    cabinet = json.loads(created.stdout)
    assert (cabinet["slug"], cabinet["inbound_address"]) == ("cabinet-martin", "cabinet-martin@poste.example")
    assert (cabinet["admin_email"], cabinet["invitation_link"]) == ("m.martin@cabinet-martin.fr", None)
    assert (len(cabinet["id"]), len(cabinet["admin_id"])) == (26, 26)
    taken = create(tmp_path, "--name", "Autre", "--slug", "cabinet-martin", "--admin-email", "x@autre.fr")
    assert taken.returncode == 2
    assert "« cabinet-martin » est déjà celui d'un cabinet" in taken.stderr
    listed = json.loads(poste("cabinet", "--data-dir", str(tmp_path), "list").stdout)
    assert [row["id"] for row in listed] == [cabinet["id"]]


def test_without_a_password_the_associe_gets_a_single_use_invitation_link_by_mail(tmp_path):
    created = create(tmp_path, "--name", "Cabinet Durand", "--slug", "durand", "--admin-email", "p.durand@durand.fr")
    assert created.returncode == 0, created.stderr
    link = json.loads(created.stdout)["invitation_link"]
    assert link.startswith("http://127.0.0.1:8787/invitation/")
    (sent,) = json.loads(poste("outbox", "--data-dir", str(tmp_path)).stdout)
    assert (sent["to"], sent["subject"]) == ("p.durand@durand.fr", "Invitation : cabinet Cabinet Durand")
    shown = poste("outbox", "--data-dir", str(tmp_path), "show", sent["id"])
    assert link in shown.stdout


def test_a_slug_with_a_plus_or_accents_is_refused_in_french(tmp_path):
    for slug in ("a+b", "étude", "-x", ""):
        refused = create(tmp_path, "--name", "X", f"--slug={slug}", "--admin-email", "x@x.fr")
        assert refused.returncode == 2, slug
        assert "identifiant court" in refused.stderr, refused.stderr


def test_people_are_added_with_a_password_or_invited_and_bad_input_is_refused(tmp_path):
    create(tmp_path, "--name", "Cabinet Martin", "--slug", "martin", "--admin-email", "a@martin.fr",
           "--admin-password", "un mot de passe long")  # fmt: skip

    def user(*args: str) -> subprocess.CompletedProcess[str]:
        return poste("user", "--data-dir", str(tmp_path), "add", "--cabinet", "martin", *args)

    added = user("--email", "Paul.Durand@martin.fr", "--role", "avocat", "--password", "un autre mot de passe")
    assert added.returncode == 0, added.stderr
    person = json.loads(added.stdout)
    assert (person["email"], person["name"], person["role"]) == ("paul.durand@martin.fr", "Paul Durand", "avocat")
    invited = json.loads(user("--email", "claire@martin.fr", "--role", "assistant").stdout)
    assert (invited["id"], "/invitation/" in invited["invitation_link"]) == (None, True)
    again = user("--email", "paul.durand@martin.fr", "--role", "avocat", "--password", "un autre mot de passe")
    assert (again.returncode, "déjà un compte" in again.stderr) == (2, True)
    bad_role = user("--email", "x@martin.fr", "--role", "stagiaire")
    assert (bad_role.returncode, "Rôle inconnu" in bad_role.stderr) == (2, True)
    short = user("--email", "y@martin.fr", "--role", "avocat", "--password", "court")
    assert (short.returncode, "12" in short.stderr) == (2, True)
    elsewhere = poste("user", "--data-dir", str(tmp_path), "add", "--cabinet", "inconnu", "--email", "z@z.fr",
                      "--role", "avocat")  # fmt: skip
    assert (elsewhere.returncode, "Aucun cabinet « inconnu »" in elsewhere.stderr) == (2, True)


def test_a_cabinets_mail_is_listed_and_shown_from_the_cli(tmp_path):
    import asyncio

    from local.config import LocalConfig
    from local.runtime import open_runtime
    from services.inbound_mail import InboundEnvelope, receive_mail

    cabinet = json.loads(create(tmp_path, "--name", "Cabinet Martin", "--slug", "martin", "--admin-email",
                                "a@martin.fr", "--admin-password", "un mot de passe long").stdout)  # fmt: skip
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


def test_the_outbox_lists_sent_mail_newest_first_and_shows_the_text_with_its_link_whole(tmp_path):
    import asyncio

    from local.config import LocalConfig
    from local.runtime import open_runtime
    from services.ports import OutboundMail

    assert json.loads(poste("outbox", "--data-dir", str(tmp_path)).stdout) == []  # nothing sent yet: no folder
    link = "http://127.0.0.1:8787/invitation/" + "Tk9_x-" * 9
    runtime = open_runtime(LocalConfig(data_dir=tmp_path))
    invitation = OutboundMail(
        "me.durand@cabinet-durand.fr",
        "Invitation à rejoindre le cabinet Martin",
        f"Bonjour,\n\nRejoignez le cabinet : {link}\n",
        html=f'<a href="{link}">Rejoindre</a>',
    )
    reset = OutboundMail("associe@cabinet-martin.fr", "Réinitialisation de votre mot de passe", "Lien : …")
    first = asyncio.run(runtime.context.mailer.send(invitation))
    second = asyncio.run(runtime.context.mailer.send(reset))
    runtime.close()

    listed = poste("outbox", "--data-dir", str(tmp_path))
    assert listed.returncode == 0, listed.stderr
    rows = json.loads(listed.stdout)
    assert [row["message_id"] for row in rows] == [second, first]
    assert rows[1]["to"] == "me.durand@cabinet-durand.fr"
    assert rows[1]["subject"] == "Invitation à rejoindre le cabinet Martin"
    assert rows[1]["date"].endswith("Z")
    assert set(rows[1]) == {"id", "message_id", "to", "subject", "date"}
    only = json.loads(
        poste("outbox", "list", "--to", "Me.Durand@cabinet-durand.fr", "--data-dir", str(tmp_path)).stdout
    )
    assert [row["id"] for row in only] == [rows[1]["id"]]

    shown = poste("outbox", "show", rows[1]["id"], "--data-dir", str(tmp_path))
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout == f"Bonjour,\n\nRejoignez le cabinet : {link}\n"
    by_message_id = poste("outbox", "--data-dir", str(tmp_path), "show", first)
    assert by_message_id.stdout == shown.stdout
    for unknown in ("01ZZZZZZZZZZZZZZZZZZZZZZZZ", "../blobs/x", ""):
        missing = poste("outbox", "show", unknown, "--data-dir", str(tmp_path))
        assert missing.returncode == 2
        assert "Aucun message de ce nom" in missing.stderr
