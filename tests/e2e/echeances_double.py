"""A stand-in for the API of docs/echeances.md (deadlines, hearings, suggestions, procedure chains, court closures,
the calendar feed, the cabinet's alert settings), answering inside ContractDouble, so the échéances screens can be
checked on their own. The live computation is the REAL engine (services.deadlines.compute), so the explanation the
form shows is the one lawyers will read; the rules the screens depend on are kept: `version` required on a PATCH
(409 `modifie_entre_temps` when stale), a manual due date only with its reason (422 on `manual_reason`), a renvoi
marking the old hearing `remplacee` with `replaced_by`, confirm and reject only from the suggested status.
The same screens against the real API: test_echeance_flows.py (once the API has landed).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from domain.deadlines.catalogue import catalogue_as_dicts
from domain.errors import InvalidInput
from services.deadlines import DeadlineQuery, compute

D1 = {"id": "d-1", "reference": "2026-0001", "title": "Bail commercial rue des Lilas"}
MARIE = {"id": "p-marie", "name": "Marie Martin"}
PAUL = {"id": "p-paul", "name": "Paul Durand"}
SUGGESTED_QUOTE = "vous disposez d’un délai de quinze jours à compter de la signification du 30 novembre 2026"
CHAIN_ID = "pr-appel-2024"


def today() -> str:
    return dt.date.today().isoformat()


def in_days(days: int) -> str:
    return (dt.date.today() + dt.timedelta(days=days)).isoformat()


def _deadline(did: str, title: str, due: str | None, status: str = "a_faire", **more: Any) -> dict[str, Any]:
    return {"id": did, "dossier": D1, "title": title, "kind": None, "delay": "15 jours", "trigger_date": due,
            "trigger_act": "", "due_date": due, "computed_due_date": due, "manual_due_date": None,
            "manual_reason": "", "alert_date": due, "status": status, "overdue": bool(due and due < today()),
            "source": "manuel", "source_id": None, "quote": "", "responsible": MARIE, "result": None,
            "engine_version": "1", "chain_run_id": None, "chain_step": None, "version": 1,
            "created_at": "2026-11-20T10:00:00Z", "updated_at": "2026-11-20T10:00:00Z", **more}  # fmt: skip


def _hearing(hid: str, day: str, status: str = "prevue", **more: Any) -> dict[str, Any]:
    return {"id": hid, "dossier": D1, "date": day, "time": "09:30", "court": "TJ Bordeaux", "chamber": "5e chambre",
            "hearing_type": "plaidoiries", "notes": "", "status": status, "replaced_by": None, "source": "manuel",
            "source_id": None, "quote": "", "version": 1, **more}  # fmt: skip


def _error(status: int, code: str, message: str, champ: str | None = None) -> tuple[int, dict[str, Any]]:
    return status, {"erreur": code, "message": message, **({"champ": champ} if champ else {})}


def engine(body: dict[str, Any]) -> tuple[int, Any]:
    """The real engine on a NewDeadline (the preview route's answer), its refusals as the API's 422."""
    try:
        query = DeadlineQuery(start=body.get("from"), delay=body.get("delay"), kind=body.get("kind"),
                              party_residence=body.get("party_residence") or None,
                              backward=bool(body.get("backward")), trigger=body.get("trigger_act"))  # fmt: skip
        return 200, compute(query).as_dict()
    except InvalidInput as refused:
        return _error(422, "echeance_invalide", str(refused), getattr(refused, "field", None))


@dataclass
class EcheancesDouble:
    bodies: list[tuple[str, str, Any]] = field(default_factory=list)
    deadlines: list[dict[str, Any]] = field(default_factory=list)
    hearings: list[dict[str, Any]] = field(default_factory=list)
    closures: list[dict[str, str]] = field(default_factory=list)
    cabinet: dict[str, Any] = field(default_factory=dict)
    token: str | None = None
    previews: int = 0

    def __post_init__(self) -> None:
        self.deadlines = [
            _deadline("e-retard", "Conclusions en réponse", in_days(-3)),
            _deadline("e-bientot", "Signifier le jugement", in_days(12), responsible=PAUL),
            _deadline("e-chaine", "Conclusions de l’intimé", None,
                      trigger_act="en attente de notification des conclusions de l'appelant", chain_run_id="run-1",
                      chain_step="conclusions_intime"),
            _deadline("e-suggere", "Appel de l’ordonnance de référé", in_days(5), "suggere", source="courrier",
                      source_id="m-1", quote=SUGGESTED_QUOTE, kind="appel_refere"),
        ]  # fmt: skip
        self.hearings = [
            _hearing("h-1", in_days(8)),
            _hearing("h-suggeree", in_days(20), "suggeree", source="courrier", source_id="m-1",
                     quote="l’affaire est appelée à l’audience du 22 décembre à 14 heures"),
        ]  # fmt: skip
        self.closures = [{"day": "2026-12-24", "reason": "Fermeture du greffe"}]
        self.cabinet = {"name": "Cabinet Martin", "timezone": "Europe/Paris", "court_zone": "metropole",
                        "alert_days": [7, 3, 1, 0], "retention_days": 1825, "totp_policy": "optional"}  # fmt: skip

    # --- routes (parts: the path after /api/, split on "/")

    def route(self, method: str, parts: list[str], query: dict[str, str], body: Any) -> Any:
        if method != "GET":
            self.bodies.append((method, "/".join(parts), body))
        match method, parts:
            case "GET", ["cabinet"]:
                return 200, self.cabinet
            case "PATCH", ["cabinet"]:
                self.cabinet.update(body)
                return 200, self.cabinet
            case _, ["cabinet", "closures", *rest]:
                return self._closures(method, rest, body)
            case "GET", ["deadlines"]:
                return 200, {"items": self._deadlines(query), "next_cursor": None}
            case "GET", ["deadlines", "catalogue"]:
                return 200, {"items": catalogue_as_dicts()}
            case "POST", ["deadlines", "preview"]:
                self.previews += 1
                return engine(body)
            case _, ["deadlines", did, *rest]:
                return self._deadline(method, did, rest, body)
            case "GET", ["hearings"]:
                chosen = [h for h in self.hearings if h["status"] == query.get("status", "prevue")
                          and query.get("from", "") <= h["date"] <= query.get("to", "9999")]  # fmt: skip
                return 200, {"items": sorted(chosen, key=lambda h: h["date"]), "next_cursor": None}
            case "POST", ["hearings", hid, verb]:
                return self._hearing_action(hid, verb, body)
            case "GET", ["suggestions"]:
                return 200, {"deadlines": [d for d in self.deadlines if d["status"] == "suggere"],
                             "hearings": [h for h in self.hearings if h["status"] == "suggeree"]}  # fmt: skip
            case "GET", ["procedures"]:
                return 200, {"items": [PROCEDURE]}
            case "POST", ["dossiers", "d-1", "deadlines"]:
                return self._create(body)
            case "POST", ["dossiers", "d-1", "hearings"]:
                hearing = _hearing(f"h-{len(self.hearings) + 1}", body["date"], **{k: body.get(k) for k in
                                   ("time", "court", "chamber", "hearing_type")})  # fmt: skip
                self.hearings.append(hearing)
                return 201, hearing
            case "POST", ["dossiers", "d-1", "procedures"]:
                return self._apply(body)
            case "PATCH", ["dossiers", "d-1", "procedures", run_id]:
                return self._anchor(run_id, body["anchors"])
            case "POST", ["calendar", "token"]:
                self.token = f"jeton-{len(self.bodies)}"
                return 200, {"url": f"https://poste.example/calendar/{self.token}.ics"}
            case "DELETE", ["calendar", "token"]:
                self.token = None
                return 204, None
        return None

    def _deadlines(self, query: dict[str, str]) -> list[dict[str, Any]]:
        status = query.get("status", "a_faire")
        chosen = [d for d in self.deadlines if (status == "all" or d["status"] == status)
                  and (not query.get("dossier_id") or d["dossier"]["id"] == query["dossier_id"])
                  and (not query.get("responsible_id") or (d["responsible"] or {}).get("id") == query["responsible_id"])
                  and (not query.get("from") or (d["due_date"] or "") >= query["from"])
                  and (not query.get("to") or (d["due_date"] or "9999") <= query["to"])]  # fmt: skip
        return sorted(chosen, key=lambda d: (not d["overdue"], d["due_date"] or "9999"))

    def _deadline(self, method: str, did: str, rest: list[str], body: Any) -> Any:
        deadline = next((d for d in self.deadlines if d["id"] == did), None)
        if deadline is None:
            return _error(404, "introuvable", "Échéance introuvable.")
        if method == "PATCH" and rest == []:
            if body.get("version") != deadline["version"]:
                return _error(409, "modifie_entre_temps", "L’échéance a été modifiée entre-temps : rechargez la page.")
            deadline.update({k: v for k, v in body.items() if k != "version"})
            deadline["version"] += 1
            return 200, deadline
        if method == "POST" and rest in (["confirm"], ["reject"]):
            if deadline["status"] != "suggere":
                return _error(409, "deja_traitee", "Cette suggestion a déjà été traitée.")
            deadline["status"] = "a_faire" if rest == ["confirm"] else "rejete"
            deadline["version"] += 1
            return 200, deadline
        return _error(404, "introuvable", "Ressource introuvable.")

    def _create(self, body: dict[str, Any]) -> Any:
        if bool(body.get("manual_due_date")) != bool(body.get("manual_reason")):
            return _error(422, "validation", "Une échéance fixée à la main exige son motif.", "manual_reason")
        status, result = engine(body)
        if status != 200:
            return status, result
        due = body.get("manual_due_date") or result["due_date"]
        deadline = _deadline(f"e-{len(self.deadlines) + 1}", body.get("title") or "Échéance", due,
                             kind=body.get("kind"), delay=result["delay"], trigger_date=body["from"],
                             trigger_act=body.get("trigger_act"), computed_due_date=result["due_date"],
                             manual_due_date=body.get("manual_due_date"), manual_reason=body.get("manual_reason"),
                             alert_date=result["alert_date"], result=result)  # fmt: skip
        self.deadlines.append(deadline)
        return 201, deadline

    def _hearing_action(self, hid: str, verb: str, body: Any) -> Any:
        hearing = next((h for h in self.hearings if h["id"] == hid), None)
        if hearing is None:
            return _error(404, "introuvable", "Audience introuvable.")
        if verb == "postpone":
            moved = {**hearing, "id": f"h-{len(self.hearings) + 1}", "date": body["date"],
                     "time": body.get("time") or hearing["time"], "version": 1}  # fmt: skip
            hearing.update(status="remplacee", replaced_by=moved["id"])
            self.hearings.append(moved)
            return 201, moved
        hearing["status"] = "prevue" if verb == "confirm" else "rejetee"
        return 200, hearing

    def _apply(self, body: dict[str, Any]) -> Any:
        anchors, made = body.get("anchors", {}), []
        for step in PROCEDURE["steps"]:
            start = anchors.get(step["after"])
            result = engine({"from": start, "kind": step["kind"]})[1] if start else None
            due = result["due_date"] if result else None
            label = EVENTS[step["after"]]
            made.append(_deadline(f"e-{len(self.deadlines) + len(made) + 1}", step["title"], due, kind=step["kind"],
                                  trigger_date=start, trigger_act=label if start else f"en attente de {label}",
                                  chain_run_id="run-2", chain_step=step["key"], result=result))  # fmt: skip
        self.deadlines.extend(made)
        return 201, {"run_id": "run-2", "deadlines": made}

    def _anchor(self, run_id: str, anchors: dict[str, str]) -> Any:
        """An anchor entered later: every step of the run that waits for it is computed (version bumped)."""
        steps = {step["key"]: step for step in PROCEDURE["steps"]}
        run = [d for d in self.deadlines if d["chain_run_id"] == run_id]
        for deadline in run:
            step = steps[deadline["chain_step"]]
            start = anchors.get(step["after"])
            if start:
                result = engine({"from": start, "kind": step["kind"]})[1]
                deadline.update(trigger_date=start, due_date=result["due_date"], result=result,
                                trigger_act=EVENTS[step["after"]],
                                computed_due_date=result["due_date"], version=deadline["version"] + 1)  # fmt: skip
        return 200, {"run_id": run_id, "deadlines": run}

    def _closures(self, method: str, rest: list[str], body: Any) -> Any:
        if method == "GET" and rest == []:
            return 200, {"items": self.closures, "next_cursor": None}
        if method == "POST" and rest == []:
            self.closures.append({"day": body["day"], "reason": body["reason"]})
            return 201, body
        if method == "DELETE" and len(rest) == 1:
            self.closures = [c for c in self.closures if c["day"] != rest[0]]
            return 204, None
        return None


EVENTS = {"avis_fixation": "avis de fixation",
          "conclusions_appelant_notifiees": "notification des conclusions de l'appelant"}  # fmt: skip
PROCEDURE = {
    "id": CHAIN_ID,
    "name": "Appel à bref délai (appels formés depuis le 1er sept. 2024)",
    "description": "Les délais de l’appelant courent de l’avis de fixation ; ceux de l’intimé de la notification.",
    "builtin": True,
    "based_on": None,
    "events": [{"name": name, "label": label} for name, label in EVENTS.items()],
    "steps": [
        {
            "key": "signification",
            "title": "Signifier la déclaration d’appel",
            "kind": "signification_declaration_appel",
            "after": "avis_fixation",
            "basis": ["CPC art. 906-1"],
        },
        {
            "key": "conclusions_appelant",
            "title": "Conclusions de l’appelant",
            "kind": "conclusions_appelant_bref_delai",
            "after": "avis_fixation",
            "basis": ["CPC art. 906-2"],
        },
        {
            "key": "conclusions_intime",
            "title": "Conclusions de l’intimé",
            "kind": "conclusions_intime_bref_delai",
            "after": "conclusions_appelant_notifiees",
            "basis": ["CPC art. 906-2"],
        },
    ],
}
