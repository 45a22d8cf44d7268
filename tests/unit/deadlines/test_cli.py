"""`./poste deadline` end to end, as a subprocess: the JSON on stdout, French errors on stderr, exit codes."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from local.cli import french_error, main

ROOT = Path(__file__).resolve().parents[3]


def poste(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(ROOT / "poste"), "deadline", *args], capture_output=True, text=True, timeout=120, check=False
    )


def deadline_json(*args: str) -> Any:
    completed = poste(*args)
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout)


def test_the_cli_prints_the_due_date_and_its_explanation_as_json() -> None:
    result = deadline_json("--from", "2026-01-31", "--delay", "1 mois")

    assert result["due_date"] == "2026-03-02"
    assert result["theoretical_date"] == "2026-02-28"
    assert isinstance(result["warnings"], list)
    assert "Délai d'un mois : expire le 28 février 2026 (pas de 31 février)." in result["explanation"]


def test_the_cli_applies_the_zone_and_the_party_residence() -> None:
    result = deadline_json("--from", "2028-01-31", "--kind", "appel", "--zone", "57", "--party-residence", "971")

    assert (result["due_date"], result["alert_date"], result["distance"]) == ("2028-03-31", "2028-03-29", "un mois")


def test_the_cli_adds_two_months_for_a_party_abroad() -> None:
    result = deadline_json("--from", "2026-01-15", "--delay", "1 mois", "--party-residence", "etranger")

    assert result["due_date"] == "2026-04-15"


def test_the_cli_computes_a_backward_delay_with_an_alert_date() -> None:
    result = deadline_json("--from", "2026-05-18", "--delay", "8 jours", "--backward")

    assert (result["due_date"], result["alert_date"], result["mode"]) == ("2026-05-09", "2026-05-07", "rebours")


def test_the_cli_keys_appeal_procedure_rules_on_the_filing_date() -> None:
    before = deadline_json("--from", "2024-09-10", "--kind", "conclusions_appelant_bref_delai",
                           "--filed-on", "2024-08-30")  # fmt: skip
    after = deadline_json("--from", "2024-09-10", "--kind", "conclusions_appelant_bref_delai",
                          "--filed-on", "2024-09-02")  # fmt: skip

    assert (before["due_date"], after["due_date"]) == ("2024-10-10", "2024-11-12")


def test_the_cli_honours_closure_days_and_the_good_friday_flag() -> None:
    closed = deadline_json("--from", "2026-07-24", "--delay", "15 jours", "--closed", "2026-08-10")
    no_good_friday = deadline_json("--from", "2026-03-03", "--delay", "1 mois", "--zone", "57",
                                   "--court-good-friday", "non")  # fmt: skip

    assert (closed["due_date"], closed["alert_date"]) == ("2026-08-11", "2026-08-10")
    assert no_good_friday["due_date"] == "2026-04-03"


def test_the_cli_files_a_pourvoi_on_the_paris_calendar_whatever_the_zone() -> None:
    result = deadline_json("--from", "2026-03-27", "--kind", "pourvoi", "--zone", "971")

    assert (result["due_date"], result["court_timezone"]) == ("2026-05-27", "Europe/Paris")


def test_the_cli_lists_the_catalogue_with_legal_bases() -> None:
    entries = deadline_json("--catalogue")

    kinds = {entry["kind"] for entry in entries}
    assert {"appel", "appel_refere", "appel_jex", "appel_cph", "opposition", "pourvoi"} <= kinds
    assert all(entry["versions"] and entry["versions"][0]["basis"] for entry in entries)


@pytest.mark.parametrize(("args", "message"), [
    (("--from", "2026-01-31", "--delay", "bientôt"), "Délai illisible"),
    (("--from", "31/01/2026", "--delay", "1 mois"), "Date invalide"),
    (("--from", "2026-01-31", "--delay", "1 mois", "--zone", "999"), "Zone inconnue"),
    (("--from", "2026-01-31", "--delay", "1 mois", "--party-residence", "lune"), "Résidence inconnue"),
    (("--from", "2026-01-31", "--kind", "appel_imaginaire"), "Type de délai inconnu"),
    (("--from", "2026-01-31",), "Indiquez un délai"),
    (("--delay", "1 mois",), "point de départ"),
    (("--from", "1960-01-31", "--delay", "1 mois"), "hors du champ"),
    (("--from", "2026-01-31", "--delay", "1 mois", "--court-good-friday", "peut-etre"),
     "Erreur : valeur invalide pour --court-good-friday : 'peut-etre'"),
    (("--from", "2026-01-31", "--delay", "1 mois", "--tomorrow"), "Erreur : option inconnue : --tomorrow"),
    (("--from",), "Erreur : valeur manquante pour --from"),
    (("--from", "2026-01-31", "--delay", "1 mois", "--backward", "--prescription"), "incompatibles"),
    (("--from", "2026-01-31", "--kind", "appel", "--prescription"), "Options incompatibles : « appel »"),
    (("--from", "2026-01-31", "--kind", "prescription_droit_commun", "--backward"), "Options incompatibles"),
    (("--from", "2026-01-31", "--delay", "-1 mois"), "signe « - » refusé"),
])  # fmt: skip
def test_bad_input_gives_a_french_error_and_exit_code_2_without_traceback(args: tuple[str, ...], message: str) -> None:
    completed = poste(*args)

    assert completed.returncode == 2
    assert message in completed.stderr
    assert "Traceback" not in completed.stderr
    assert "error:" not in completed.stderr
    assert completed.stdout == ""


@pytest.mark.parametrize(("message", "french"), [
    ("unrecognized arguments: --foo", "option inconnue : --foo"),
    ("argument --x: invalid choice: 'z' (choose from 'a', 'b')",
     "valeur invalide pour --x : 'z' (choix possibles : 'a', 'b')"),
    ("argument --x: invalid choice: 'z' (choose from a, b)", "valeur invalide pour --x : 'z' (choix possibles : a, b)"),
    ("argument --n: invalid int value: 'deux'", "valeur invalide pour --n : 'deux'"),
    ("the following arguments are required: --from", "arguments obligatoires manquants : --from"),
    ("argument --x: not allowed with argument --y", "--x est incompatible avec --y"),
    ("ambiguous option: --f could match --from, --filed-on", "option ambiguë : --f (possibles : --from, --filed-on)"),
    ("something new", "argument invalide (something new)"),
])  # fmt: skip
def test_the_poste_parser_translates_argparse_errors_into_french(message: str, french: str) -> None:
    assert french_error(message) == french


@pytest.mark.parametrize(("argv", "french"), [
    (["migrate", "--no-such-option"], "Erreur : option inconnue : --no-such-option"),
    (["cabinet"], "Erreur : arguments obligatoires manquants"),
    (["no-such-command"], "Erreur : valeur invalide pour COMMANDE : 'no-such-command'"),
])  # fmt: skip
def test_the_poste_parser_and_its_subcommands_print_french_errors(
    argv: list[str], french: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(argv)

    assert exit_info.value.code == 2
    assert capsys.readouterr().err.startswith(french)
