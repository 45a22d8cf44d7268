"""`./poste echeance add`, run as a user runs it: a deadline written in a dossier, computed by the engine, printed as
the API shows it; bad input refused in French with exit status 2."""

import json
from pathlib import Path

from tests.integration.test_cli import poste
from tests.integration.test_cli_dossiers import _setup, client, dossier


def _json(result) -> dict:
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def echeance(tmp_path: Path, *args: str):
    return poste("echeance", "--data-dir", str(tmp_path), "add", *args)


def test_a_deadline_is_added_to_a_dossier_and_printed_with_its_due_date_and_explanation(tmp_path):
    _setup(tmp_path)
    claire = _json(client(tmp_path, "--name", "Claire Dupont"))
    opened = _json(dossier(tmp_path, "--title", "Bail commercial", "--client", claire["id"]))
    appeal = _json(echeance(tmp_path, "--dossier", opened["id"], "--kind", "appel", "--from", "2026-01-31"))
    # one month from Saturday 31 January is Saturday 28 February, extended to Monday 2 March (art. 641, 642 CPC)
    assert (appeal["due_date"], appeal["computed_due_date"], appeal["status"]) == ("2026-03-02", "2026-03-02",
                                                                                   "a_faire")  # fmt: skip
    assert appeal["dossier"]["id"] == opened["id"]
    assert appeal["title"] == "Appel d'un jugement (matière contentieuse)"
    assert appeal["result"]["explanation"]
    assert appeal["engine_version"]
    free = _json(echeance(tmp_path, "--dossier", opened["id"], "--delay", "15 jours", "--from", "2026-03-02",
                          "--title", "Répondre à la sommation"))  # fmt: skip
    assert (free["due_date"], free["delay"], free["title"]) == ("2026-03-17", "15 jours", "Répondre à la sommation")
    assert free["id"] != appeal["id"]


def test_bad_input_is_refused_in_french_with_exit_status_2(tmp_path):
    _setup(tmp_path)
    claire = _json(client(tmp_path, "--name", "Claire Dupont"))
    opened = _json(dossier(tmp_path, "--title", "Bail commercial", "--client", claire["id"]))
    bad_date = echeance(tmp_path, "--dossier", opened["id"], "--kind", "appel", "--from", "31/01/2026")
    assert (bad_date.returncode, "Date attendue" in bad_date.stderr, bad_date.stdout) == (2, True, "")
    unknown = echeance(tmp_path, "--dossier", "01JNOTHING0000000000000000", "--delay", "1 mois", "--from", "2026-01-31")
    assert (unknown.returncode, "Dossier introuvable" in unknown.stderr) == (2, True)
    both = echeance(tmp_path, "--dossier", opened["id"], "--kind", "appel", "--delay", "1 mois", "--from", "2026-01-31")
    assert (both.returncode, "incompatible" in both.stderr) == (2, True)
    unreadable = echeance(tmp_path, "--dossier", opened["id"], "--delay", "bientôt", "--from", "2026-01-31")
    assert (unreadable.returncode, unreadable.stderr.startswith("Erreur : ")) == (2, True)
