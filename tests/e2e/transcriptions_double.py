"""A stand-in for the API of docs/transcription.md (a dossier's recordings and transcriptions, a transcript's
versions, a correction, a retry, the audio served with HTTP Range), answering inside ContractDouble so the recorder,
the transcriptions list and the transcript screen can be checked on their own. The `transcription` frames of the
realtime socket are pushed through the notifications double's socket (`frame`).

It keeps the contract's rules the screens depend on: a recording answered 201 with its transcription `en_attente`
and its place in the queue, a correction refused with 409 unless `base_version` is the current version (and unless
its segments keep the count and timings), a retry refused with 409 unless `echec`.
"""

from __future__ import annotations

import io
import json
import re
import wave
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

from playwright.sync_api import Route

from tests.e2e.dossiers_double import Raw

DURATION_S = 12
MACHINE = [
    {"start": 0.0, "end": 3.8, "text": "Audience de ce matin devant le tribunal judiciaire de Bordeaux."},
    {"start": 4.0, "end": 7.6, "text": "L’affaire est renvoyée au 12 mars pour les conclusions adverses."},
    {"start": 8.0, "end": 11.5, "text": "Prévenir Madame Dupont et préparer nos pièces."},
]
CORRECTED = [dict(MACHINE[0]),
             {**MACHINE[1], "text": "L’affaire est renvoyée au 12 mars pour les conclusions de la SCI."},
             dict(MACHINE[2])]  # fmt: skip
SILENCE_WARNING = "Aucune parole n’a été entendue : l’enregistrement est peut-être vide ou n’est que de la musique."
MARIE, PAUL = "p-marie", "p-paul"  # a version's author is a person's id
UNREADABLE = "Le fichier audio est illisible ou endommagé : enregistrez-le à nouveau."


def silent_wav(seconds: int = DURATION_S) -> bytes:
    """A real WAV (8 kHz, 16 bits, mono) of silence: the player loads it, knows its length and seeks in it."""
    out = io.BytesIO()
    with wave.open(out, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(8000)
        wav.writeframes(b"\x00\x00" * 8000 * seconds)
    return out.getvalue()


def transcription(tid: str, title: str, status: str, **more: Any) -> dict[str, Any]:
    return {"id": tid, "document_id": f"doc-{tid}", "dossier_id": "d-1", "title": title, "status": status,
            "progress": 100 if status == "terminee" else 0, "position": None, "error": None,
            "language": "fr" if status == "terminee" else None,
            "duration_s": DURATION_S if status == "terminee" else None, "warnings": [],
            "current_version": 1 if status == "terminee" else None, "created_at": "2026-12-01T17:30:00Z",
            "updated_at": "2026-12-01T17:31:00Z", "audio_url": f"/api/documents/doc-{tid}/content", **more}  # fmt: skip


def version(number: int, segments: list[dict[str, Any]], author: str | None) -> dict[str, Any]:
    return {"version": number, "source": "machine" if number == 1 else "edition", "author": author,
            "created_at": f"2026-12-01T1{7 + number}:00:00Z", "segments": segments}  # fmt: skip


def frame(row: dict[str, Any]) -> dict[str, Any]:
    keys = ("id", "dossier_id", "document_id", "status", "progress", "position", "error")
    return {"type": "transcription", "transcription": {key: row[key] for key in keys}}


@dataclass
class TranscriptionsDouble:
    rows: list[dict[str, Any]] = field(default_factory=list)  # newest first
    versions: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # oldest first
    recordings: list[dict[str, Any]] = field(default_factory=list)  # what the recorder sent
    bodies: list[tuple[str, str, Any]] = field(default_factory=list)
    hold_recordings: bool = False
    held: list[tuple[Route, dict[str, Any]]] = field(default_factory=list)
    audio_ranges: list[str] = field(default_factory=list)
    wav: bytes = b""

    def __post_init__(self) -> None:
        self.wav = silent_wav()
        self.rows = [
            transcription("t-2", "Message vocal du greffe", "en_cours", progress=40),
            transcription("t-3", "Dictée du 30 novembre", "en_attente", position=2),
            transcription("t-4", "Message de Mme Dupont", "echec", error=UNREADABLE),
            transcription("t-1", "Dictée après l’audience du 1er décembre", "terminee", current_version=2),
            transcription("t-5", "Message vide", "terminee", warnings=[SILENCE_WARNING]),
        ]
        self.versions = {"t-1": [version(1, MACHINE, None), version(2, CORRECTED, MARIE)],
                         "t-5": [version(1, [], None)]}  # fmt: skip

    def find(self, tid: str) -> dict[str, Any] | None:
        return next((row for row in self.rows if row["id"] == tid), None)

    def detail(self, row: dict[str, Any]) -> dict[str, Any]:
        kept = self.versions.get(row["id"], [])
        return {**row, "segments": kept[-1]["segments"] if kept else [],
                "versions": [{k: v for k, v in one.items() if k != "segments"} for one in reversed(kept)],
                "suggestions": ["s-1", "s-2"] if row["id"] == "t-1" else []}  # fmt: skip

    # --- routes (parts: the path after /api/, split on "/")

    def route(self, route: Route, method: str, parts: list[str], query: dict[str, str], body: Any) -> Any:
        match method, parts:
            case "GET", ["dossiers", did, "transcriptions"]:
                return 200, {"items": [row for row in self.rows if row["dossier_id"] == did]}
            case "POST", ["dossiers", did, "recordings"]:
                return self._record(route, did, query)
            case "GET", ["documents", doc_id, "content"] if doc_id.startswith("doc-t-"):
                return self._audio(route)
            case _, ["transcriptions", tid, *rest]:
                row = self.find(tid)
                if row is None:
                    return 404, {"erreur": "introuvable", "message": "Transcription introuvable."}
                if method != "GET":
                    self.bodies.append((method, "/".join(parts), body))
                return self._one(method, row, rest, body)
        return None

    def _one(self, method: str, row: dict[str, Any], rest: list[str], body: Any) -> Any:
        match method, rest:
            case "GET", []:
                return 200, self.detail(row)
            case "GET", ["versions", number]:
                found = [one for one in self.versions.get(row["id"], []) if str(one["version"]) == number]
                return (200, found[0]) if found else (404, {"erreur": "introuvable", "message": "Version introuvable."})
            case "PUT", ["segments"]:
                return self._correct(row, body)
            case "POST", ["retry"]:
                if row["status"] != "echec":
                    return 409, {"erreur": "pas_en_echec", "message": "Seule une transcription en échec se relance."}
                row.update(status="en_attente", error=None, position=1, progress=0)
                return 202, row
        return None

    def _correct(self, row: dict[str, Any], body: dict[str, Any]) -> Any:
        kept = self.versions[row["id"]]
        if body.get("base_version") != row["current_version"]:
            return 409, {"erreur": "modifie_entre_temps", "current_version": row["current_version"],
                         "message": "La transcription a été modifiée entre-temps : rechargez-la."}  # fmt: skip
        given = body.get("segments", [])
        timings = [(s["start"], s["end"]) for s in kept[-1]["segments"]]
        if [(s.get("start"), s.get("end")) for s in given] != timings:
            return 422, {"erreur": "segments_invalides", "message": "Seul le texte des passages peut changer."}
        row["current_version"] += 1
        kept.append(version(row["current_version"], [dict(s) for s in given], MARIE))
        return 200, self.detail(row)

    def edited_elsewhere(self, tid: str) -> None:
        """Someone else saves a correction: the screen's version is no longer the current one."""
        row = self.find(tid)
        assert row is not None
        kept = self.versions[tid]
        row["current_version"] += 1
        kept.append(version(row["current_version"], [dict(s) for s in kept[-1]["segments"]], PAUL))

    def _record(self, route: Route, did: str, query: dict[str, str]) -> Any:
        request = route.request
        data = request.post_data_buffer or b""
        sent = {"bytes": data, "content_type": request.headers.get("content-type", ""),
                "file_name": unquote(request.headers.get("x-file-name", "")), "title": query.get("title")}  # fmt: skip
        self.recordings.append(sent)
        tid = f"t-new-{len(self.recordings)}"
        row = transcription(tid, query.get("title") or sent["file_name"], "en_attente", dossier_id=did, position=2)
        self.rows.insert(0, row)
        if self.hold_recordings:
            self.held.append((route, row))
            return "held", row
        return 201, row

    def release_recordings(self) -> None:
        while self.held:
            route, row = self.held.pop(0)
            route.fulfill(status=201, body=json.dumps(row), content_type="application/json")

    def _audio(self, route: Route) -> Any:
        """The WAV, with HTTP Range as the API serves it (the player needs it to seek)."""
        wanted = route.request.headers.get("range", "")
        self.audio_ranges.append(wanted)
        size = len(self.wav)
        found = re.match(r"bytes=(\d+)-(\d*)$", wanted)
        if not found:
            return 200, Raw(self.wav, "audio/wav", {"Accept-Ranges": "bytes"})
        first = int(found[1])
        last = min(int(found[2]) if found[2] else size - 1, size - 1)
        headers = {"Accept-Ranges": "bytes", "Content-Range": f"bytes {first}-{last}/{size}"}
        return 206, Raw(self.wav[first : last + 1], "audio/wav", headers)
