"""A stand-in for the courrier routes of docs/courrier.md (the "à classer" tray, filing one message or many, a
dossier's mail by thread, a message with its new text, its quoted history, its facts and attachments), answering
inside ContractDouble so the courrier screens can be checked on their own. The message m-1 carries what the view
must handle with care: a quoted history holding a fact that must stay apart, a cancelled hearing, an HTML part
with a remote image and a script, an attachment turned into a document.

Its HTML route answers as the API does (handlers/api/inbound_mail.py: the same document around the body, the same
headers through the same middleware), but with the hostile HTML *unsanitised*, as if the sanitiser had missed it
all: the browser tests then see the frame's own walls (its policy, the iframe's sandbox) hold on their own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from starlette.datastructures import MutableHeaders

from handlers.api.inbound_mail import FRAMED_HEADERS, framed_document
from handlers.api.security import protect
from tests.e2e.dossiers_double import Raw

D1 = {"id": "d-1", "reference": "2026-0001"}  # the mail routes name a dossier without its title
HOSTILE_HTML = (
    '<p>Bonjour <b>Maître</b>,</p><img src="https://pisteur.example/p.gif" alt="">'
    '<link rel="stylesheet" href="https://feuilles.example/s.css"><script>document.title="pirate"</script>'
    '<img src="/api/pirate-image" alt="" onerror="document.title=\'pirate\'">'
    '<form action="https://hameconnage.example/"><label>Mot de passe <input name="mdp"></label></form>'
)
TEXT_NEW = (
    "Maître,\n\nJe vous informe que l’affaire RG 24/01234 est renvoyée à l’audience du 15 janvier 2027 à 9 h 30.\n"
    "L’audience du 10 décembre 2026 est donc annulée.\n\nBien confraternellement,\nMe Bernard"
)
TEXT_HISTORY = (
    "Le 20 nov. 2026, Me Martin a écrit :\n> Pouvez-vous me confirmer la date ? Le délai expire le 5 décembre 2026.\n"
)


def _summary(mid: str, subject: str, sender: str, status: str, **more: Any) -> dict[str, Any]:
    return {"id": mid, "status": status, "mail_from": sender, "recipient": "cabinet-martin@poste.example",
            "received_at": "2026-12-01T08:30:00Z", "size": 4096, "subject": subject, "message_kind": "other",
            "message_id_reused": False, "dossier": None, "confidence": None, "filing_reason": "",
            "filed_by_hand": False, "quarantine_reason": "", "thread_id": f"t-{mid}", **more}  # fmt: skip


def _fact(kind: str, value: str, quote: str, **more: str) -> dict[str, Any]:
    """A fact as the API's reading gives it; without `origin` (a reading stored before it existed) the screen
    places it by its quote."""
    return {"kind": kind, "value": value, "quote": quote, "start": 0, "end": len(quote), "confidence": 0.9,
            "details": {}, **more}  # fmt: skip


@dataclass
class CourrierDouble:
    bodies: list[tuple[str, str, Any]] = field(default_factory=list)
    tray: list[dict[str, Any]] = field(default_factory=list)
    filed: list[dict[str, Any]] = field(default_factory=list)

    def __post_init__(self) -> None:
        candidate = {"dossier": D1, "confidence": 0.55, "reason": "expéditeur connu : conseil adverse du dossier"}
        by_rg = {"dossier": D1, "confidence": 0.5, "reason": "RG 24/01234 cité, mais un autre dossier a le même"}
        self.tray = [
            _summary("m-2", "Votre dossier Dupont / SCI Les Lilas", "avocat@bernard.example", "to_file",
                     suggestion=candidate, confidence=0.55, filing_reason=candidate["reason"]),
            _summary("m-3", "Facture de novembre", "compta@fournisseur.example", "to_file", suggestion=None),
            _summary("m-4", "Relance", "greffe@tj-bordeaux.example", "to_file", suggestion=by_rg, confidence=0.5,
                     filing_reason=by_rg["reason"]),
        ]  # fmt: skip
        self.filed = [
            _summary("m-1", "RE: Renvoi — RG 24/01234", "avocat@bernard.example", "filed", dossier=D1,
                     confidence=0.95, filing_reason="réponse au courrier du 20 novembre 2026"),
            _summary("m-0", "Renvoi — RG 24/01234", "marie@cabinet-martin.example", "filed", dossier=D1,
                     confidence=0.9, filing_reason="référence RG 24/01234"),
            _summary("m-5", "Assignation reçue", "huissier@etude.example", "filed", dossier=D1, confidence=1.0,
                     filing_reason="adresse du dossier 2026-0001"),
        ]  # fmt: skip

    def message(self, mid: str) -> dict[str, Any] | None:
        summary = next((m for m in self.filed + self.tray if m["id"] == mid), None)
        if summary is None:
            return None
        facts = [
            _fact("rg", "24/01234", "RG 24/01234", origin="new", status="active"),
            _fact("hearing", "2027-01-15T09:30", "renvoyée à l’audience du 15 janvier 2027 à 9 h 30"),
            _fact("hearing", "2026-12-10", "L’audience du 10 décembre 2026 est donc annulée", origin="new",
                  status="cancelled"),
            _fact("deadline", "2026-12-05", "Le délai expire le 5 décembre 2026", origin="history", status="past"),
        ]  # fmt: skip
        reading = {"read_status": "ok", "reason": "", "message_id": f"<{mid}@bernard.example>",
                   "subject": summary["subject"], "sender": "Me Bernard <avocat@bernard.example>",
                   "sent_at": "2026-12-01T08:29:00Z", "in_reply_to": "", "references": [],
                   "attachments": [{"filename": "avis.pdf", "content_type": "application/pdf", "size": 52_000,
                                    "sha256": "a" * 64}],
                   "facts": facts, "message_kind": "other", "sender_kind": "avocat", "extractor": "rules",
                   "read_at": "2026-12-01T08:31:00Z"}  # fmt: skip
        attachments = [{"position": 0, "filename": "avis.pdf", "content_type": "application/pdf", "size": 52_000,
                        "sha256": "a" * 64, "document_id": "doc-1", "duplicate": False}]  # fmt: skip
        candidates = [summary["suggestion"]] if summary.get("suggestion") else []
        detail = {key: value for key, value in summary.items() if key != "suggestion"}
        return {**detail, "sha256": "b" * 64, "reading": reading, "candidates": candidates, "text_new": TEXT_NEW,
                "text_history": TEXT_HISTORY, "html_sanitised": HOSTILE_HTML, "attachments": attachments}  # fmt: skip

    # --- routes (parts: the path after /api/, split on "/")

    def route(self, method: str, parts: list[str], query: dict[str, str], body: Any) -> Any:
        if method != "GET":
            self.bodies.append((method, "/".join(parts), body))
        match method, parts:
            case "GET", ["mail"]:
                chosen = self.tray if query.get("status") == "to_file" else self.filed + self.tray
                return 200, {"messages": [_plain(m) for m in chosen], "next_before": None}
            case "GET", ["mail", "tray"]:
                return 200, {"items": self.tray, "next_cursor": None}
            case "POST", ["mail", "file"]:
                moved = [m for m in self.tray if m["id"] in body["mail_ids"]]
                for mail in moved:
                    self._file(mail, body["dossier_id"])
                return 200, {"filed": len(moved)}
            case "POST", ["mail", mid, "file"]:
                mail = next((m for m in self.tray if m["id"] == mid), None)
                return (200, _plain(self._file(mail, body["dossier_id"]))) if mail else _unknown()
            case "GET", ["mail", mid, "html"]:
                return (200, framed_html()) if self.message(mid) else _unknown()
            case "GET", ["mail", mid]:
                found = self.message(mid)
                return (200, found) if found else _unknown()
            case "GET", ["dossiers", did, "mail"]:
                mine = [m for m in self.filed if m["dossier"] and m["dossier"]["id"] == did]
                mine = [_plain(m) for m in mine]
                threads = [{"thread_id": "t-1", "subject": "Renvoi — RG 24/01234", "messages": mine[:2]},
                           {"thread_id": "t-2", "subject": "Assignation reçue", "messages": mine[2:]}]  # fmt: skip
                return 200, {"threads": [t for t in threads if t["messages"]], "next_cursor": None}
        return None

    def _file(self, mail: dict[str, Any], dossier_id: str) -> dict[str, Any]:
        self.tray.remove(mail)
        mail.update(status="filed", dossier={**D1, "id": dossier_id}, filing_reason="classé à la main", confidence=1,
                    filed_by_hand=True, suggestion=None)  # fmt: skip
        self.filed.append(mail)
        return mail


def framed_html() -> Raw:
    headers = MutableHeaders(headers=FRAMED_HEADERS)
    protect(headers)
    return Raw(framed_document(HOSTILE_HTML).encode(), "text/html; charset=utf-8", dict(headers.items()))


def _plain(summary: dict[str, Any]) -> dict[str, Any]:
    """A summary outside the tray: without the tray's `suggestion`."""
    return {key: value for key, value in summary.items() if key != "suggestion"}


def _unknown() -> tuple[int, dict[str, str]]:
    return 404, {"erreur": "introuvable", "message": "Ressource introuvable."}
