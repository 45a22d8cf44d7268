"""`./poste client add` and `./poste dossier add`, run as a user runs them: a client's kind from its name, a dossier
numbered with canonical references, and the conflict check's findings printed (acknowledged: no one to ask)."""

import json
from pathlib import Path

from tests.integration.test_cli import poste


def _json(result) -> dict:
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _setup(tmp_path: Path) -> None:
    created = poste("cabinet", "--data-dir", str(tmp_path), "create", "--name", "Cabinet Martin", "--slug", "martin",
                    "--admin-email", "associe@martin.fr", "--admin-password", "un mot de passe long")  # fmt: skip
    assert created.returncode == 0, created.stderr


def client(tmp_path: Path, *args: str):
    return poste("client", "--data-dir", str(tmp_path), "add", "--cabinet", "martin", *args)


def dossier(tmp_path: Path, *args: str):
    return poste("dossier", "--data-dir", str(tmp_path), "add", "--cabinet", "martin", *args)


def test_a_client_is_a_natural_or_legal_person_from_its_name_and_bad_input_is_refused(tmp_path):
    _setup(tmp_path)
    claire = _json(client(tmp_path, "--name", "Mme Claire Dupont Martin", "--email", "Claire@Exemple.fr"))
    assert (claire["kind"], claire["display_name"], claire["emails"]) == (
        "personne_physique", "Mme Claire Dupont Martin", ["claire@exemple.fr"])  # fmt: skip
    company = _json(client(tmp_path, "--name", "SARL Boulangerie Martin"))
    assert (company["kind"], company["display_name"]) == ("personne_morale", "SARL Boulangerie Martin")
    assert len(claire["id"]) == 26
    refused = client(tmp_path, "--name", "Acme", "--siren", "123456789")
    assert (refused.returncode, "SIREN" in refused.stderr) == (2, True)
    helped = poste("client", "add", "--help")
    assert "forme sociale" in helped.stdout


def test_a_dossier_is_numbered_and_prints_its_references_parties_and_conflicts(tmp_path):
    _setup(tmp_path)
    claire = _json(client(tmp_path, "--name", "Claire Dupont"))
    first = _json(dossier(tmp_path, "--title", "Bail commercial", "--client", claire["id"], "--rg", "24/1234",
                          "--portalis", "dbx6wb7habcde", "--party", "SCI Les Tilleuls:gerant@tilleuls.fr"))  # fmt: skip
    assert (first["reference"][-4:], first["title"], first["client_ids"]) == ("0001", "Bail commercial",
                                                                              [claire["id"]])  # fmt: skip
    assert [r["value"] for r in first["court_references"]] == ["DBX6-W-B7H-ABCDE", "24/01234"]
    assert [(p["name"], p["emails"]) for p in first["parties"]] == [("SCI Les Tilleuls", ["gerant@tilleuls.fr"])]
    assert first["conflicts"] == []
    tilleuls = _json(client(tmp_path, "--name", "SCI Les Tilleuls"))
    second = _json(dossier(tmp_path, "--title", "Tilleuls c/ Dupont", "--client", tilleuls["id"], "--party",
                           "DUPONT Claire"))  # fmt: skip
    assert second["reference"][-4:] == "0002"
    found = {(c["against"], c["name"], c["blocking"]) for c in second["conflicts"]}
    assert found == {("adverse", "SCI Les Tilleuls", True), ("client", "Claire Dupont", True)}
    unknown = dossier(tmp_path, "--title", "X", "--client", "01JNOTHING0000000000000000")
    assert (unknown.returncode, "Client inconnu" in unknown.stderr) == (2, True)
