"""A stand-in for docs/notifications.md (a person's notifications, their preferences, the home screen's dashboard)
and for the realtime socket of docs/realtime.md, answering inside ContractDouble so the bell, the toasts, the
notifications screen, the preferences and the tableau de bord can be checked on their own.

The socket is answered through Playwright's `route_web_socket`, as the HTTP routes are through `page.route`: the
page's `new WebSocket("ws://<the runtime>/api/realtime?since=…")` never reaches the runtime, and this double speaks
the protocol in its place — it records each connection's `since`, replays what the person missed above it
(`replay: true`) then says `ready`, answers `ping` with `pong` (unless told to stay silent), pushes live frames,
publishes a `read` frame when one is marked read, and can drop the socket or close it with 4003.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import WebSocketRoute

from tests.e2e.echeances_double import _deadline, _hearing, in_days, today

TYPES = [
    ("echeance.alerte", "Alertes d’échéance"),
    ("echeance.depassee", "Échéances dépassées"),
    ("echeance.suggeree", "Échéances suggérées"),
    ("echeance.recalculee", "Échéances recalculées"),
    ("courrier.nouveau", "Nouveaux courriers"),
    ("courrier.classe", "Courriers classés"),
    ("courrier.a_classer", "Courriers à classer"),
]
SEEDED = 35  # more than a page (30): « Voir plus » has something to show
MAIL = {"id": "m-9", "status": "to_file", "mail_from": "greffe@tj-bordeaux.example",
        "recipient": "cabinet-martin@poste.example", "received_at": "2026-12-02T08:30:00Z", "size": 2048,
        "subject": "Avis de fixation", "message_kind": "other", "message_id_reused": False, "dossier": None,
        "confidence": None, "filing_reason": ""}  # fmt: skip


def notification(seq: int, kind: str = "echeance.alerte", *, read: bool = False, **more: Any) -> dict[str, Any]:
    """A NotificationOut: titles name a dossier by its reference, never a client or a party."""
    return {"id": f"n-{seq}", "seq": seq, "type": kind, "title": f"Échéance J-3 dans le dossier 2026-{seq:04d}",
            "body": "Conclusions d’intimé", "link": "/echeances", "dossier_id": "d-1", "subject_id": f"e-{seq}",
            "created_at": f"2026-12-01T{8 + seq % 10:02d}:{seq % 60:02d}:00+00:00",
            "read_at": "2026-12-01T20:00:00+00:00" if read else None, **more}  # fmt: skip


def frame(note: dict[str, Any], replay: bool) -> str:
    return json.dumps({"type": "notification", "seq": note["seq"], "replay": replay, "notification": note})


@dataclass
class NotificationsDouble:
    notifications: list[dict[str, Any]] = field(default_factory=list)  # newest first
    preferences: dict[str, dict[str, bool]] = field(default_factory=dict)
    bodies: list[tuple[str, str, Any]] = field(default_factory=list)
    sinces: list[int] = field(default_factory=list)
    sockets: list[WebSocketRoute] = field(default_factory=list)
    pings: int = 0
    answers_pings: bool = True
    dashboard_reads: int = 0
    to_file: int = 3

    def __post_init__(self) -> None:
        self.notifications = [notification(seq, read=seq <= 30) for seq in range(SEEDED, 0, -1)]
        self.preferences = {kind: {"live": True, "digest": True} for kind, _ in TYPES}

    @property
    def unread(self) -> int:
        return sum(1 for note in self.notifications if note["read_at"] is None)

    @property
    def last_seq(self) -> int:
        return max((note["seq"] for note in self.notifications), default=0)

    # --- the socket

    def socket(self, ws: WebSocketRoute) -> None:
        since = int(parse_qs(urlsplit(ws.url).query).get("since", ["0"])[0])
        self.sinces.append(since)
        self.sockets.append(ws)
        ws.on_message(lambda message: self._heard(ws, message))
        missed = sorted((n for n in self.notifications if since and n["seq"] > since), key=lambda n: n["seq"])
        for note in missed:
            ws.send(frame(note, replay=True))
        ws.send(json.dumps({"type": "ready", "last_seq": max(since, *(n["seq"] for n in missed), 0),
                            "replayed": len(missed)}))  # fmt: skip

    def _heard(self, ws: WebSocketRoute, message: str | bytes) -> None:
        if message == "ping":
            self.pings += 1
            if self.answers_pings:
                ws.send("pong")

    @property
    def live(self) -> WebSocketRoute:
        return self.sockets[-1]

    def push(self, note: dict[str, Any]) -> None:
        """A notification written now: stored, then pushed to the person's live socket."""
        self.notifications.insert(0, note)
        self.live.send(frame(note, replay=False))

    def store_only(self, note: dict[str, Any]) -> None:
        """A notification written while the person had no socket: a reconnection replays it."""
        self.notifications.insert(0, note)

    def send(self, event: dict[str, Any]) -> None:
        self.live.send(json.dumps(event))

    def drop(self, code: int = 1012) -> None:
        self.live.close(code=code, reason="Redémarrage du service.")

    # --- routes (parts: the path after /api/, split on "/")

    def route(self, method: str, parts: list[str], query: dict[str, str], body: Any) -> Any:
        if method != "GET":
            self.bodies.append((method, "/".join(parts), body))
        match method, parts:
            case "GET", ["notifications"]:
                return self._page(query)
            case "GET", ["notifications", "unread"]:
                return 200, {"unread": self.unread, "last_seq": self.last_seq}
            case "GET", ["notifications", "preferences"]:
                return 200, self._preferences()
            case "PUT", ["notifications", "preferences"]:
                return self._save(body)
            case "POST", ["notifications", "read-all"]:
                up_to = body.get("up_to_seq", self.last_seq)
                chosen = [n for n in self.notifications if n["read_at"] is None and n["seq"] <= up_to]
                self._mark(chosen)
                self._publish_read([], all_=True)
                return 200, {"read": len(chosen), "unread": self.unread}
            case "POST", ["notifications", nid, "read"]:
                found = [n for n in self.notifications if n["id"] == nid]
                if not found:
                    return 404, {"erreur": "introuvable", "message": "Notification introuvable."}
                self._mark([n for n in found if n["read_at"] is None])
                self._publish_read([nid], all_=False)
                return 200, {"unread": self.unread}
            case "GET", ["dashboard"]:
                self.dashboard_reads += 1
                return 200, self.dashboard()
        return None

    def _page(self, query: dict[str, str]) -> tuple[int, Any]:
        limit = int(query.get("limit") or 30)
        if not 1 <= limit <= 100:
            return 422, {"erreur": "invalide", "message": "Nombre d’éléments invalide.", "champ": "limit"}
        chosen = [n for n in self.notifications if query.get("unread") != "true" or n["read_at"] is None]
        start = int(query.get("cursor") or 0)
        following = start + limit
        more = str(following) if following < len(chosen) else None
        return 200, {"items": chosen[start:following], "next_cursor": more, "unread": self.unread}

    def _preferences(self) -> dict[str, Any]:
        return {"types": [{"type": kind, "label": label, **self.preferences[kind]} for kind, label in TYPES]}

    def _save(self, body: dict[str, Any]) -> tuple[int, Any]:
        for given in body.get("types", []):
            if given.get("type") not in self.preferences:
                return 422, {"erreur": "invalide", "message": "Type de notification inconnu.", "champ": "type"}
            self.preferences[given["type"]] = {"live": bool(given["live"]), "digest": bool(given["digest"])}
        return 200, self._preferences()

    def _mark(self, notes: list[dict[str, Any]]) -> None:
        for note in notes:
            note["read_at"] = "2026-12-02T09:00:00+00:00"

    def _publish_read(self, ids: list[str], *, all_: bool) -> None:
        for ws in self.sockets:
            with contextlib.suppress(Exception):  # a socket the page already closed
                ws.send(json.dumps({"type": "read", "ids": ids, "all": all_, "unread": self.unread}))

    def dashboard(self) -> dict[str, Any]:
        return {
            "today": today(),
            "week_end": in_days(6),
            "deadlines": {
                "overdue": [_deadline("e-retard", "Déposer les conclusions d’appelant", in_days(-2))],
                "today": [_deadline("e-jour", "Communiquer les pièces", today())],
                "week": [_deadline("e-semaine", "Signifier le jugement", in_days(3))],
            },
            "hearings": {"today": [], "week": [_hearing("h-semaine", in_days(4))]},
            "to_file": self.to_file,
            "suggestions": 2,
            "latest_mail": [MAIL],
            "unread": self.unread,
            "last_seq": self.last_seq,
        }
