"""A stand-in for the people API of docs/people.md, answering the browser's `/api/*` requests (Playwright routes),
so each screen can be checked on its own (accessibility, phone layout, CSP, keyboard) with the data it needs.

It keeps the contract's rules that the screens depend on: the same 401 for an unknown email and a wrong password,
`totp_requis` / `totp_invalide`, the CSRF token on every state-changing request of a session (403 `csrf` without
it), 401 without a session, 403 `totp_a_configurer` while a required enrolment is pending, French messages. The
flows against the real API are in test_people_flows.py. `/api/health` goes to the real runtime.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import Page, Request, Route

from tests.e2e.courrier_double import CourrierDouble
from tests.e2e.dossiers_double import DossiersDouble, Raw
from tests.e2e.echeances_double import EcheancesDouble
from tests.e2e.notifications_double import NotificationsDouble
from tests.e2e.transcriptions_double import TranscriptionsDouble

CSRF = "jeton-csrf-de-test"
TOTP_CODE = "123456"
PASSWORD = "mot-de-passe-solide"
VALID_TOKEN = "jeton-valide"
RECOVERY = [f"secours-{n:02d}" for n in range(10)]
ASSOCIE_PERMISSIONS = ["mail.read", "people.manage", "audit.read", "cabinet.manage", "people.read", "client.read",
                      "client.manage", "dossier.read", "dossier.see_all", "dossier.manage", "document.read",
                      "document.upload", "document.delete", "search.use", "rgpd.manage", "deadline.read",
                      "deadline.manage", "deadline.override", "procedure.manage", "mail.file",
                      "mail.reprocess"]  # fmt: skip
OTPAUTH = "otpauth://totp/IA%20Poste%20Manager:marie%40cabinet-martin.example?secret=JBSWY3DPEHPK3PXPJBSWY3DP&issuer=IA%20Poste%20Manager"


def _person(pid: str, name: str, email: str, role: str, **more: Any) -> dict[str, Any]:
    return {"id": pid, "email": email, "name": name, "role": role, "active": True, "totp_enabled": False,
            "created_at": "2026-11-02T09:15:00Z", **more}  # fmt: skip


@dataclass
class ContractDouble:
    totp_enabled: bool = False
    enrolment_required: bool = False
    signed_in: bool = True
    seen: list[tuple[str, str, dict[str, str]]] = field(default_factory=list)
    queries: list[dict[str, str]] = field(default_factory=list)
    people: list[dict[str, Any]] = field(default_factory=list)
    invitations: list[dict[str, Any]] = field(default_factory=list)
    sessions: list[dict[str, Any]] = field(default_factory=list)
    audit: list[dict[str, Any]] = field(default_factory=list)
    permissions: list[str] = field(default_factory=lambda: list(ASSOCIE_PERMISSIONS))
    dossiers: DossiersDouble = field(default_factory=DossiersDouble)
    echeances: EcheancesDouble = field(default_factory=EcheancesDouble)
    courrier: CourrierDouble = field(default_factory=CourrierDouble)
    notifications: NotificationsDouble = field(default_factory=NotificationsDouble)
    transcriptions: TranscriptionsDouble = field(default_factory=TranscriptionsDouble)
    _route_of_request: Route | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self.people = [
            _person(
                "p-marie", "Marie Martin", "marie@cabinet-martin.example", "associe", totp_enabled=self.totp_enabled
            ),
            _person("p-paul", "Paul Durand", "paul@cabinet-martin.example", "avocat"),
            _person("p-lea", "Léa Petit", "lea@cabinet-martin.example", "assistant", active=False),
        ]
        self.invitations = [{"id": "i-1", "email": "nouveau@cabinet-martin.example", "role": "collaborateur",
                             "expires_at": "2026-12-20T10:00:00Z"}]  # fmt: skip
        self.sessions = [
            {"id": "s-1", "created_at": "2026-12-01T08:00:00Z", "last_seen_at": "2026-12-01T09:30:00Z",
             "user_agent": "Firefox sur Linux", "client_ip": "192.0.2.10", "current": True},
            {"id": "s-2", "created_at": "2026-11-28T18:00:00Z", "last_seen_at": "2026-11-29T07:00:00Z",
             "user_agent": "Safari sur iPhone", "client_ip": "198.51.100.7", "current": False},
        ]  # fmt: skip
        self.audit = [
            {"id": f"a-{n:03d}", "at": f"2026-11-{1 + n % 28:02d}T10:{n % 60:02d}:00Z", "actor": "p-marie",
             "actor_name": "Marie Martin", "action": "person.invited" if n % 2 else "auth.login",
             "subject": f"objet-{n}", "summary": f"Entrée numéro {n}", "client_ip": "192.0.2.10",
             "user_agent": "Firefox", "origin": "api"}
            for n in range(75)
        ]  # fmt: skip

    # --- what the app is told

    def session_out(self) -> dict[str, Any]:
        marie = self.people[0]
        return {
            "csrf_token": CSRF,
            "person": {key: marie[key] for key in ("id", "email", "name", "role", "totp_enabled")},
            "cabinet": {"id": "c-1", "name": "Cabinet Martin", "slug": "cabinet-martin", "totp_policy": "optional"},
            "permissions": self.permissions,
            "totp_enrolment_required": self.enrolment_required,
        }

    def install(self, page: Page) -> ContractDouble:
        page.route(re.compile(r"^[^?]*/api/.*"), self._answer)
        page.route_web_socket(re.compile(r"/api/realtime(\?|$)"), self.notifications.socket)
        return self

    def state_changing(self) -> list[tuple[str, str, dict[str, str]]]:
        return [seen for seen in self.seen if seen[0] in ("POST", "PUT", "PATCH", "DELETE")]

    # --- the routes

    def _answer(self, route: Route, request: Request) -> None:
        url = urlsplit(request.url)
        path, query = url.path, {k: v[0] for k, v in parse_qs(url.query).items()}
        method = request.method
        if path == "/api/health":
            route.continue_()
            return
        headers = {key.lower(): value for key, value in request.headers.items()}
        self.seen.append((method, path, headers))
        self.queries.append(query)
        json_body = "json" in headers.get("content-type", "") and request.post_data
        body = json.loads(request.post_data) if json_body else {}
        self._route_of_request = route
        status, answer = self._route(method, path, query, body, headers)
        if status == "held":  # an upload the test answers itself, once it has seen the progress bar
            return
        if isinstance(answer, Raw):
            route.fulfill(status=status, body=answer.body, content_type=answer.content_type, headers=answer.headers)
        elif status == 204:
            route.fulfill(status=204, body="")
        elif isinstance(answer, str):
            route.fulfill(status=status, body=answer, content_type="text/csv; charset=utf-8")
        else:
            route.fulfill(status=status, body=json.dumps(answer), content_type="application/json")

    def _route(
        self, method: str, path: str, query: dict[str, str], body: dict[str, Any], headers: dict[str, str]
    ) -> tuple[int, Any]:
        public = self._public(method, path, body)
        if public is not None:
            return public
        if not self.signed_in:
            return 401, {"erreur": "non_authentifie", "message": "Session requise : connectez-vous."}
        if method != "GET" and headers.get("x-csrf-token") != CSRF:
            return 403, {"erreur": "csrf", "message": "Requête refusée : jeton de sécurité absent ou invalide."}
        if self.enrolment_required and not path.startswith(("/api/account/totp", "/api/auth/")):
            return 403, {"erreur": "totp_a_configurer", "message": "Activez d’abord la double authentification."}
        return self._with_session(method, path, query, body)

    def _public(self, method: str, path: str, body: dict[str, Any]) -> tuple[int, Any] | None:
        if (method, path) == ("POST", "/api/auth/login"):
            return self._login(body)
        if (method, path) == ("GET", "/api/auth/session"):
            if self.signed_in:
                return 200, self.session_out()
            return 401, {"erreur": "non_authentifie", "message": "Session requise : connectez-vous."}
        if (method, path) == ("POST", "/api/auth/logout"):
            self.signed_in = False
            return 204, None
        if (method, path) == ("POST", "/api/auth/password-reset"):
            return 202, {"message": "Si un compte existe pour cette adresse, un lien vient de lui être envoyé."}
        if (method, path) == ("POST", "/api/auth/password-reset/complete"):
            return (204, None) if body.get("token") == VALID_TOKEN else (404, _gone("Lien"))
        if path.startswith("/api/invitations/"):
            token = path.split("/")[3]
            if token != VALID_TOKEN:
                return 404, _gone("Invitation")
            if method == "GET":
                return 200, {"email": "nouveau@cabinet-martin.example", "role": "collaborateur",
                             "cabinet_name": "Cabinet Martin", "expires_at": "2026-12-20T10:00:00Z"}  # fmt: skip
            self.signed_in = True
            return 200, self.session_out()
        return None

    def _login(self, body: dict[str, Any]) -> tuple[int, Any]:
        if body.get("email") != self.people[0]["email"] or body.get("password") != PASSWORD:
            return 401, {"erreur": "identifiants", "message": "Adresse e-mail ou mot de passe incorrect."}
        if self.totp_enabled and not body.get("totp"):
            return 401, {"erreur": "totp_requis", "message": "Saisissez le code de votre application."}
        if self.totp_enabled and body["totp"] not in (TOTP_CODE, *RECOVERY):
            return 401, {"erreur": "totp_invalide", "message": "Code de vérification incorrect."}
        self.signed_in = True
        return 200, self.session_out()

    def _with_session(self, method: str, path: str, query: dict[str, str], body: dict[str, Any]) -> tuple[int, Any]:
        parts = path.split("/")[2:]
        match method, parts:
            case "POST", ["auth", "logout-others"]:
                ended = sum(1 for s in self.sessions if not s["current"])
                self.sessions = [s for s in self.sessions if s["current"]]
                return 200, {"ended": ended}
            case "GET", ["account", "sessions"]:
                return 200, {"sessions": self.sessions}
            case "DELETE", ["account", "sessions", sid]:
                self.sessions = [s for s in self.sessions if s["id"] != sid]
                return 204, None
            case "POST", ["account", "password"]:
                if body.get("current_password") != PASSWORD:
                    return 422, {"erreur": "mot_de_passe", "message": "Mot de passe actuel incorrect.",
                                 "champ": "current_password"}  # fmt: skip
                return 204, None
            case "POST", ["account", "totp", "enrolment"]:
                return 200, {"secret": "JBSWY3DPEHPK3PXPJBSWY3DP", "otpauth_uri": OTPAUTH}
            case "POST", ["account", "totp", "confirm"]:
                if body.get("code") != TOTP_CODE:
                    return 422, {"erreur": "code_invalide", "message": "Code incorrect : réessayez.", "champ": "code"}
                self.totp_enabled, self.enrolment_required = True, False
                self.people[0]["totp_enabled"] = True
                return 200, {"recovery_codes": RECOVERY}
            case "DELETE", ["account", "totp"]:
                self.totp_enabled = self.people[0]["totp_enabled"] = False
                return 204, None
            case "GET", ["people"]:
                return 200, {"people": self.people, "invitations": self.invitations}
            case "POST", ["people", "invitations"]:
                sent = {"id": f"i-{len(self.invitations) + 2}", "email": body["email"], "role": body["role"],
                        "expires_at": "2026-12-22T10:00:00Z"}  # fmt: skip
                self.invitations.append(sent)
                return 201, sent
            case "DELETE", ["people", "invitations", iid]:
                self.invitations = [i for i in self.invitations if i["id"] != iid]
                return 204, None
            case "PATCH", ["people", pid]:
                return self._update(pid, role=body["role"])
            case "POST", ["people", pid, ("deactivate" | "reactivate") as verb]:
                return self._update(pid, active=verb == "reactivate")
            case "GET", ["audit"]:
                return 200, self._audit_page(query)
            case "GET", ["audit.csv"]:
                return 200, "id;at;action\n" + "".join(f"{e['id']};{e['at']};{e['action']}\n" for e in self.audit)
        # the échéances and courrier doubles first: they answer paths under /api/dossiers/{id}/ too
        answered = (
            self.transcriptions.route(self._route_of_request, method, parts, query, body)
            or self.notifications.route(method, parts, query, body)
            or self.echeances.route(method, parts, query, body)
            or self.courrier.route(method, parts, query, body)
        )
        if answered is not None:
            return answered
        answered = self.dossiers.route(self._route_of_request, method, parts, query, body)
        if answered is not None:
            return answered
        return 404, {"erreur": "introuvable", "message": "Ressource introuvable."}

    def _update(self, pid: str, **changes: Any) -> tuple[int, Any]:
        for person in self.people:
            if person["id"] == pid:
                person.update(changes)
                return 200, person
        return 404, {"erreur": "introuvable", "message": "Personne introuvable."}

    def _audit_page(self, query: dict[str, str]) -> dict[str, Any]:
        since, until = query.get("since", ""), query.get("until", "9999")
        chosen = [
            e for e in self.audit
            if (not query.get("action") or e["action"] == query["action"]) and since <= e["at"] < until
        ]  # fmt: skip
        start = int(query.get("cursor") or 0)
        size = int(query.get("limit") or 50)
        following = start + size
        return {"entries": chosen[start:following], "next_cursor": str(following) if following < len(chosen) else None}


def _gone(what: str) -> dict[str, str]:
    return {"erreur": "introuvable", "message": f"{what} inconnu(e), déjà utilisé(e) ou expiré(e)."}
