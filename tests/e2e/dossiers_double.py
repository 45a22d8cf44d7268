"""A stand-in for the API of docs/dossiers.md (clients, dossiers, parties, references, conflict checks, documents,
search, RGPD), answering inside ContractDouble, so the screens can be checked on their own: accessibility, phone
layout, CSP, keyboard, and the behaviours the contract asks of them (the conflict check shown and confirmed, the
raw-body upload with X-File-Name, the field of a 422, the French 413/415, the retention refusal with its date).
The same screens against the real API: test_dossier_flows.py.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

from playwright.sync_api import Route

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)
ZIP = b"PK\x05\x06" + b"\x00" * 18
UPLOAD_LIMIT = 200_000
RG = re.compile(r"^(?:[A-Z] )?\d{2}/\d{5}$")
INJECTION = '<img src=x id=injecte onerror="document.title=1">'


@dataclass
class Raw:
    """A non-JSON answer: a file."""

    body: bytes
    content_type: str
    headers: dict[str, str] = field(default_factory=dict)


def fold(name: str) -> str:
    """The contract's `name_key`: accents and case ignored, words sorted."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return " ".join(sorted(re.findall(r"[a-z0-9]+", plain)))


def _client(cid: str, kind: str, display: str, **more: Any) -> dict[str, Any]:
    return {"id": cid, "kind": kind, "display_name": display, "emails": [], "phones": [], "addresses": [],
            "created_at": "2026-11-02T09:15:00Z", "updated_at": "2026-11-02T09:15:00Z", **more}  # fmt: skip


def _document(did: str, title: str, file_name: str, content_type: str, size: int, status: str) -> dict[str, Any]:
    return {"id": did, "dossier_id": "d-1", "title": title, "tags": ["procédure"], "current_version": 1,
            "file_name": file_name, "size": size, "sha256": "0" * 64, "content_type": content_type,
            "text_status": status, "created_at": "2026-11-20T10:00:00Z",
            "created_by": {"id": "p-marie", "name": "Marie Martin"}, "updated_at": "2026-11-20T10:00:00Z"}  # fmt: skip


@dataclass
class DossiersDouble:
    hold_uploads: bool = False
    held: list[tuple[Route, dict[str, Any]]] = field(default_factory=list)
    bodies: list[tuple[str, str, Any]] = field(default_factory=list)
    clients: list[dict[str, Any]] = field(default_factory=list)
    dossiers: list[dict[str, Any]] = field(default_factory=list)
    documents: list[dict[str, Any]] = field(default_factory=list)
    blobs: dict[str, bytes] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.clients = [
            _client("c-dupont", "personne_physique", "Mme Claire Dupont", civility="Mme", first_name="Claire",
                    last_name="Dupont", emails=["claire.dupont@example.fr"], phones=["06 12 34 56 78"],
                    addresses=[{"line1": "3 rue des Lilas", "postal_code": "33000", "city": "Bordeaux"}]),
            _client("c-boulangerie", "personne_morale", "SARL Boulangerie Martin",
                    company_name="SARL Boulangerie Martin", siren="732829320"),
            *[_client(f"c-{n:03d}", "personne_physique", f"M. Client Numéro {n:03d}", last_name=f"Numéro {n:03d}")
              for n in range(60)],
        ]  # fmt: skip
        self.dossiers = [
            {"id": "d-1", "reference": "2026-0001", "title": "Bail commercial rue des Lilas",
             "matter_type": "Baux commerciaux", "status": "ouvert", "visibility": "cabinet",
             "responsible": {"id": "p-marie", "name": "Marie Martin"},
             "team": [{"id": "p-paul", "name": "Paul Durand"}],
             "clients": [{"id": "c-dupont", "display_name": "Mme Claire Dupont"}],
             "parties": [{"id": "pa-1", "role": "adverse", "kind": "personne_morale", "name": "Société Générale",
                          "siren": "552120222", "emails": []}],
             "court_references": [{"id": "r-1", "kind": "rg", "value": "24/01234", "court": "TJ Bordeaux"}],
             "jurisdiction": "Tribunal judiciaire de Bordeaux", "opened_on": "2026-01-15", "closed_on": None,
             "created_at": "2026-01-15T09:00:00Z", "updated_at": "2026-01-15T09:00:00Z"},
        ]  # fmt: skip
        self.documents = [
            _document("doc-1", "Assignation", "assignation.pdf", "application/pdf", len(PDF), "extrait"),
            _document("doc-2", "Photo de la vitrine", "vitrine.png", "image/png", len(PNG), "non_pris_en_charge"),
        ]
        self.blobs = {"doc-1": PDF, "doc-2": PNG}

    # --- routes (parts: the path after /api/, split on "/")

    def route(self, route: Route, method: str, parts: list[str], query: dict[str, str], body: Any) -> Any:
        if method != "GET":
            self.bodies.append((method, "/".join(parts), body))
        match method, parts:
            case "GET", ["clients"]:
                return 200, self._client_page(query)
            case "POST", ["clients"]:
                return self._new_client(body)
            case "GET", ["clients", cid]:
                client = self._find(self.clients, cid)
                mine = [self._summary(d) for d in self.dossiers if any(c["id"] == cid for c in d["clients"])]
                return (200, {**client, "dossiers": mine}) if client else _unknown()
            case "GET", ["clients", cid, "export"]:
                return 200, Raw(ZIP, "application/zip", {"Content-Disposition": f'attachment; filename="{cid}.zip"'})
            case "POST", ["clients", cid, "erasure"]:
                return self._erase(cid, body)
            case "GET", ["dossiers"]:
                return 200, self._dossier_page(query)
            case "POST", ["dossiers"]:
                return self._new_dossier(body)
            case "POST", ["conflicts", "check"]:
                return 200, {"conflicts": self._conflicts(body["subjects"])}
            case _, ["dossiers", did, *rest]:
                dossier = self._find(self.dossiers, did)
                return self._in_dossier(route, method, dossier, rest, body) if dossier else _unknown()
            case _, ["documents", doc_id, *rest]:
                return self._document(method, doc_id, rest)
            case "GET", ["search"]:
                return self._search(query)
        return None

    def _in_dossier(self, route: Route, method: str, dossier: dict[str, Any], rest: list[str], body: Any) -> Any:
        match method, rest:
            case "GET", []:
                return 200, dossier
            case "PATCH", []:
                dossier.update({k: v for k, v in body.items() if k in ("status", "visibility", "title")})
                dossier["closed_on"] = "2026-12-02" if dossier["status"] in ("clos", "archive") else None
                return 200, dossier
            case "POST", ["parties"]:
                found = self._conflicts([{"name": body["name"], "siren": body.get("siren")}], blocking=True)
                if found and not body.get("acknowledge_conflicts"):
                    return _conflict(found)
                party = {k: v for k, v in body.items() if k != "acknowledge_conflicts"} | {"id": f"pa-{id(body)}"}
                dossier["parties"].append(party)
                return 201, party
            case "DELETE", ["parties", pid]:
                dossier["parties"] = [p for p in dossier["parties"] if p["id"] != pid]
                return 204, None
            case "POST", ["references"]:
                if body["kind"] == "rg" and not RG.match(body["value"].strip()):
                    return 422, {"erreur": "reference_invalide", "champ": "value",
                                 "message": "Numéro RG non reconnu : attendu par exemple 24/01234."}  # fmt: skip
                reference = {"id": f"r-{len(dossier['court_references']) + 2}", "court": None, **body}
                dossier["court_references"].append(reference)
                return 201, reference
            case "GET", ["documents"]:
                return 200, {
                    "items": [d for d in self.documents if d["dossier_id"] == dossier["id"]],
                    "next_cursor": None,
                }
            case "POST", ["documents"]:
                return self._upload(route, dossier)
        return _unknown()

    def _upload(self, route: Route, dossier: dict[str, Any]) -> Any:
        request = route.request
        data = request.post_data_buffer or b""
        name = unquote(request.headers.get("x-file-name", ""))
        declared = request.headers.get("content-type", "")
        if len(data) > UPLOAD_LIMIT:
            return 413, {"erreur": "fichier_trop_volumineux",
                         "message": "Fichier trop volumineux : 50 Mo au plus."}  # fmt: skip
        if declared == "application/pdf" and not data.startswith(b"%PDF"):
            return 415, {"erreur": "type_incoherent",
                         "message": "Le contenu du fichier ne correspond pas à son type déclaré (PDF)."}  # fmt: skip
        doc_id = f"doc-{len(self.documents) + 1}"
        sniffed = "application/pdf" if data.startswith(b"%PDF") else "text/plain; charset=utf-8"
        document = _document(doc_id, name.rsplit(".", 1)[0], name, sniffed, len(data), "en_attente")
        document["dossier_id"] = dossier["id"]
        self.documents.append(document)
        self.blobs[doc_id] = data
        if self.hold_uploads:
            self.held.append((route, document))
            return "held", document
        return 201, document

    def _document(self, method: str, doc_id: str, rest: list[str]) -> Any:
        document = self._find(self.documents, doc_id)
        if document is None:
            return _unknown()
        if method == "DELETE" and rest == []:
            self.documents.remove(document)
            return 204, None
        if method == "GET" and rest == ["content"]:
            return 200, Raw(self.blobs[doc_id], document["content_type"],
                            {"Content-Disposition": f'attachment; filename="{document["file_name"]}"'})  # fmt: skip
        return _unknown()

    def _search(self, query: dict[str, str]) -> Any:
        q = query.get("q", "").strip()
        if len(q) < 2:
            return 422, {"erreur": "validation", "champ": "q", "message": "Tapez au moins deux caractères."}
        items = [
            {"kind": "dossier", "id": "d-1", "title": "2026-0001 — Bail commercial rue des Lilas",
             "snippet": f"[{q}] commercial rue des Lilas", "dossier": {"id": "d-1", "reference": "2026-0001"}},
            {"kind": "document", "id": "doc-1", "title": "Assignation",
             "snippet": f"… le [{q}] consenti le 1er mars {INJECTION} …",
             "dossier": {"id": "d-1", "reference": "2026-0001"}},
            {"kind": "client", "id": "c-dupont", "title": "Mme Claire Dupont", "snippet": "Claire Dupont",
             "dossier": None},
        ]  # fmt: skip
        return 200, {"items": items, "next_cursor": None}

    def release_uploads(self) -> None:
        """Answers the uploads held back (hold_uploads), as the API would once the file is stored."""
        while self.held:
            route, document = self.held.pop(0)
            route.fulfill(status=201, body=json.dumps(document), content_type="application/json")

    # --- helpers

    @staticmethod
    def _find(rows: list[dict[str, Any]], rid: str) -> dict[str, Any] | None:
        return next((row for row in rows if row["id"] == rid), None)

    @staticmethod
    def _summary(dossier: dict[str, Any]) -> dict[str, Any]:
        keys = ("id", "reference", "title", "matter_type", "status", "visibility", "responsible", "clients",
                "opened_on", "closed_on")  # fmt: skip
        return {key: dossier[key] for key in keys}

    def _client_page(self, query: dict[str, str]) -> dict[str, Any]:
        q, kind = fold(query.get("q", "")), query.get("kind", "")
        chosen = [c for c in self.clients if (not kind or c["kind"] == kind)
                  and (not q or any(w.startswith(q) for w in fold(c["display_name"]).split()))]  # fmt: skip
        start, size = int(query.get("cursor") or 0), int(query.get("limit") or 50)
        return {
            "items": chosen[start : start + size],
            "next_cursor": str(start + size) if start + size < len(chosen) else None,
        }

    def _dossier_page(self, query: dict[str, str]) -> dict[str, Any]:
        chosen = [self._summary(d) for d in self.dossiers
                  if (not query.get("status") or d["status"] == query["status"])
                  and (not query.get("client_id")
                       or any(c["id"] == query["client_id"] for c in d["clients"]))]  # fmt: skip
        return {"items": chosen, "next_cursor": None}

    def _new_client(self, body: dict[str, Any]) -> Any:
        if body["kind"] == "personne_morale" and not body.get("company_name"):
            return 422, {"erreur": "validation", "champ": "company_name", "message": "La raison sociale est requise."}
        display = body.get("company_name") or " ".join(
            part for part in (body.get("civility"), body.get("first_name"), body.get("last_name")) if part
        )
        client = _client(
            f"c-new-{len(self.clients)}", body["kind"], display, **{k: v for k, v in body.items() if k != "kind"}
        )
        self.clients.append(client)
        return 201, client

    def _conflicts(self, subjects: list[dict[str, Any]], blocking: bool = False) -> list[dict[str, Any]]:
        found = []
        for subject in subjects:
            for dossier in self.dossiers:
                for party in dossier["parties"]:
                    by_siren = bool(subject.get("siren")) and subject.get("siren") == party.get("siren")
                    if by_siren or fold(subject["name"]) == fold(party["name"]):
                        found.append({"subject": subject["name"], "match": "siren" if by_siren else "nom",
                                      "against": party["role"], "id": party["id"], "name": party["name"],
                                      "dossier": {"id": dossier["id"], "reference": dossier["reference"]},
                                      "blocking": blocking, "restricted": False, "hint": None})  # fmt: skip
        return found

    def _new_dossier(self, body: dict[str, Any]) -> Any:
        names = [self._find(self.clients, cid) for cid in body["client_ids"]]
        subjects = [{"name": c["company_name"] if c.get("company_name") else c["display_name"], "siren": c.get("siren")}
                    for c in names if c] + body.get("parties", [])  # fmt: skip
        found = self._conflicts(subjects)
        if found and not body.get("acknowledge_conflicts"):
            return _conflict(found)
        number = len(self.dossiers) + 1
        dossier = {**self.dossiers[0], "id": f"d-{number}", "reference": f"2026-{number:04d}", "title": body["title"],
                   "matter_type": body["matter_type"], "clients": [{"id": c["id"], "display_name": c["display_name"]}
                   for c in names if c], "parties": [{**p, "id": f"pa-{number}-{i}"} for i, p in
                   enumerate(body.get("parties", []))], "court_references": [], "team": []}  # fmt: skip
        self.dossiers.append(dossier)
        return 201, dossier

    def _erase(self, cid: str, body: dict[str, Any]) -> Any:
        client = self._find(self.clients, cid)
        if client is None:
            return _unknown()
        if body.get("confirm") != client["display_name"]:
            return 422, {"erreur": "confirmation", "champ": "confirm", "message": "Le nom saisi ne correspond pas."}
        if any(any(c["id"] == cid for c in d["clients"]) for d in self.dossiers):
            return 409, {"erreur": "conservation_legale", "erasable_from": "2031-12-03",
                         "message": "Le dossier 2026-0001 est ouvert : la durée de conservation légale "
                                    "(5 ans après sa clôture, C. civ. art. 2225) court encore."}  # fmt: skip
        self.clients.remove(client)
        return 200, {"clients": 1, "dossiers": 0, "documents": 0}


def _unknown() -> tuple[int, dict[str, str]]:
    return 404, {"erreur": "introuvable", "message": "Ressource introuvable."}


def _conflict(found: list[dict[str, Any]]) -> tuple[int, dict[str, Any]]:
    return 409, {"erreur": "conflit_a_confirmer", "conflicts": found,
                 "message": "Conflit d’intérêts possible : confirmez après vérification."}  # fmt: skip
