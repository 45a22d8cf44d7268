"""The operator API on the real local server, configured with its secret from the environment
(`POSTE_OPERATOR_TOKEN`): a cabinet created over HTTP, its associé able to log in; the same slug refused."""

from __future__ import annotations

from pathlib import Path

import httpx

from tests.runtime_process import start_runtime

TOKEN = "jeton-d-exploitation-du-test-assez-long"


def test_the_operator_creates_a_cabinet_whose_associe_logs_in(tmp_path: Path) -> None:
    runtime = start_runtime(tmp_path / "data", extra_env={"POSTE_OPERATOR_TOKEN": TOKEN})
    try:
        with httpx.Client(base_url=runtime.base_url, timeout=30) as http:
            body = {"name": "Cabinet Martin", "slug": "cabinet-martin", "admin_email": "m.martin@martin.fr",
                    "admin_password": "un mot de passe long"}  # fmt: skip
            refused = http.post("/api/operator/cabinets", json=body, headers={"authorization": "Bearer autre"})
            assert refused.status_code == 401
            created = http.post("/api/operator/cabinets", json=body, headers={"authorization": f"Bearer {TOKEN}"})
            assert created.status_code == 201, created.text
            cabinet = created.json()
            assert (cabinet["slug"], cabinet["inbound_address"]) == ("cabinet-martin", "cabinet-martin@poste.example")
            again = http.post("/api/operator/cabinets", json=body, headers={"authorization": f"Bearer {TOKEN}"})
            assert (again.status_code, again.json()["champ"]) == (409, "slug")
            login = http.post(
                "/api/auth/login", json={"email": "m.martin@martin.fr", "password": "un mot de passe long"}
            )
            assert login.status_code == 200, login.text
            assert login.json()["person"]["role"] == "associe"
            assert login.headers["set-cookie"].startswith("poste_session=")  # plain HTTP on loopback
    finally:
        code, output = runtime.stop()
    assert code == 0, output
    assert "POST /api/operator/cabinets activée (POSTE_OPERATOR_TOKEN)" in output
