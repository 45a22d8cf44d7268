"""Recordings on a dossier (docs/transcription.md): uploaded, transcribed by the audio lane's job (a scripted model
here), read with their segments and versions, corrected by a lawyer, tried again after a failure, never transcribed
twice for the same bytes, their facts suggested with the words and the time they were said; another cabinet's, or a
dossier the person may not see, is a 404 on every route."""

from __future__ import annotations

import io
import wave
from dataclasses import replace

from domain.actors import SYSTEM, Role
from domain.audio import UnusableAudio
from services.context import AppContext
from services.jobs import RetryLater, TranscribeRecording
from services.scope import CabinetScope
from services.transcription_job import transcribe_recording
from tests.api.client import ApiClient
from tests.api.document_seed import run_text_job, uploaded
from tests.api.dossier_rows import new_dossier
from tests.api.seed import cabinet_with_session, person_of, signed_in
from tests.contract.expect import raises
from tests.scripted_transcriber import RecordingHub, ScriptedTranscriber


def wav(seconds: float = 0.5, tone: int = 0) -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(8000)
        w.writeframes(bytes([tone % 256, 0]) * int(8000 * seconds))
    return out.getvalue()


async def setup(api: ApiClient, slug: str) -> tuple[str, str, dict[str, str]]:
    cabinet, headers = await cabinet_with_session(api.context, f"{slug}@poste.example", Role.AVOCAT)
    lawyer = await person_of(api.context, cabinet.id, Role.AVOCAT)  # the dossier's lawyer hears of its recordings
    return cabinet.id, await new_dossier(api.context, cabinet.id, responsible_id=lawyer.id), headers


async def record(api: ApiClient, dossier_id: str, headers: dict[str, str], data: bytes) -> dict:
    answer = await api.request("POST", f"/api/dossiers/{dossier_id}/recordings?title=Dictée%20Martin",
                               content=data, headers={**headers, "content-type": "audio/wav",
                                                      "x-file-name": "dictee.wav"})  # fmt: skip
    assert answer.status == 201, answer.body
    return answer.json()


async def run_job(ctx: AppContext, cabinet_id: str, transcription_id: str, transcriber: ScriptedTranscriber) -> None:
    await transcribe_recording(replace(ctx, transcriber=transcriber), TranscribeRecording(cabinet_id, transcription_id))


async def test_a_recording_is_queued_transcribed_and_read_with_its_segments_versions_and_suggested_facts(api):
    cabinet_id, dossier_id, headers = await setup(api, "dictee")
    queued = await record(api, dossier_id, headers, wav())
    assert (queued["status"], queued["position"], queued["dossier_id"], queued["title"]) == (
        "en_attente", 1, dossier_id, "Dictée Martin")  # fmt: skip
    assert queued["audio_url"] == f"/api/documents/{queued['document_id']}/content"
    model = ScriptedTranscriber()
    await run_job(api.context, cabinet_id, queued["id"], model)
    detail = (await api.request("GET", f"/api/transcriptions/{queued['id']}", headers=headers)).json()
    assert (detail["status"], detail["progress"], detail["position"], detail["language"]) == (
        "terminee", 100, None, "fr")  # fmt: skip
    assert (detail["duration_s"], detail["current_version"]) == (11.0, 1)
    assert [s["text"] for s in detail["segments"]][1] == "L'audience est renvoyée au 12 mars 2030."
    assert [(v["version"], v["source"]) for v in detail["versions"]] == [(1, "machine")]
    assert len(detail["suggestions"]) == 1
    hearings = (await api.request("GET", "/api/suggestions", headers=headers)).json()["hearings"]
    assert [(h["date"], h["source"]) for h in hearings] == [("2030-03-12", "dictee")]
    assert "(à 0:03)" in hearings[0]["quote"]
    assert "renvoyée au 12 mars 2030" in hearings[0]["quote"]
    found = (await api.request("GET", "/api/search?q=prévenir", headers=headers)).json()
    assert queued["document_id"] in str(found)
    listed = (await api.request("GET", f"/api/dossiers/{dossier_id}/transcriptions", headers=headers)).json()
    assert [t["id"] for t in listed["items"]] == [queued["id"]]
    notes = (await api.request("GET", "/api/notifications", headers=headers)).json()["items"]
    types = [n["type"] for n in notes]
    assert "transcription.terminee" in types
    assert "echeance.suggeree" in types
    suggested = next(n for n in notes if n["type"] == "echeance.suggeree")
    assert suggested["body"].startswith("Entendu dans un enregistrement")
    await run_job(api.context, cabinet_id, queued["id"], model)  # delivered again: nothing new
    assert len(model.calls) == 1
    assert len((await api.request("GET", "/api/suggestions", headers=headers)).json()["hearings"]) == 1


async def test_a_correction_is_a_new_version_and_a_stale_one_is_refused(api):
    cabinet_id, dossier_id, headers = await setup(api, "correction")
    queued = await record(api, dossier_id, headers, wav())
    await run_job(api.context, cabinet_id, queued["id"], ScriptedTranscriber())
    path = f"/api/transcriptions/{queued['id']}"
    segments = (await api.request("GET", path, headers=headers)).json()["segments"]
    segments[0]["text"] = "Note pour le dossier Martin-Durand."
    edited = await api.request("PUT", f"{path}/segments", json={"base_version": 1, "segments": segments},
                               headers=headers)  # fmt: skip
    assert edited.status == 200, edited.body
    assert edited.json()["current_version"] == 2
    assert [(v["version"], v["source"]) for v in edited.json()["versions"]] == [(2, "edition"), (1, "machine")]
    stale = await api.request("PUT", f"{path}/segments", json={"base_version": 1, "segments": segments},
                              headers=headers)  # fmt: skip
    assert stale.status == 409
    moved = [{**segments[0], "end": 4.0}, *segments[1:]]
    refused = await api.request("PUT", f"{path}/segments", json={"base_version": 2, "segments": moved},
                                headers=headers)  # fmt: skip
    assert refused.status == 422
    assert "horaires" in refused.json()["message"]
    lax = await api.request("PUT", f"{path}/segments", json={"base_version": "2", "segments": segments},
                            headers=headers)  # fmt: skip
    assert lax.status == 422
    machine = (await api.request("GET", f"{path}/versions/1", headers=headers)).json()
    assert machine["segments"][0]["text"] == "Note pour le dossier Martin."
    assert (await api.request("GET", f"{path}/versions/3", headers=headers)).status == 404
    found = (await api.request("GET", "/api/search?q=Durand", headers=headers)).json()
    assert queued["document_id"] in str(found)


async def test_unreadable_audio_fails_with_its_reason_keeps_the_audio_and_can_be_tried_again(api):
    cabinet_id, dossier_id, headers = await setup(api, "illisible")
    hub = RecordingHub()
    ctx = replace(api.context, hub=hub)
    queued = await record(api, dossier_id, headers, wav())
    await run_job(ctx, cabinet_id, queued["id"], ScriptedTranscriber(errors=[UnusableAudio()]))
    path = f"/api/transcriptions/{queued['id']}"
    failed = (await api.request("GET", path, headers=headers)).json()
    assert failed["status"] == "echec"
    assert "illisible" in failed["error"]
    assert (await api.request("GET", queued["audio_url"], headers=headers)).status == 200
    notes = (await api.request("GET", "/api/notifications", headers=headers)).json()["items"]
    assert "transcription.echec" in [n["type"] for n in notes]
    assert [f["transcription"]["status"] for f in hub.frames("transcription")] == ["en_cours", "echec"]
    again = await api.request("POST", f"{path}/retry", headers=headers)
    assert again.status == 202
    assert again.json()["status"] == "en_attente"
    assert (await api.request("POST", f"{path}/retry", headers=headers)).status == 409
    await run_job(api.context, cabinet_id, queued["id"], ScriptedTranscriber())
    assert (await api.request("GET", path, headers=headers)).json()["status"] == "terminee"


async def test_a_busy_model_leaves_the_recording_waiting_with_its_reason_and_asks_for_a_retry_later(api):
    from domain.audio import TranscriptionFailed

    cabinet_id, dossier_id, headers = await setup(api, "occupe")
    queued = await record(api, dossier_id, headers, wav())
    busy = ScriptedTranscriber(errors=[TranscriptionFailed("Le service est saturé.", temporary=True)])
    with raises(RetryLater) as raised:
        await run_job(api.context, cabinet_id, queued["id"], busy)
    assert raised.exception.seconds == 60  # type: ignore[union-attr]
    waiting = (await api.request("GET", f"/api/transcriptions/{queued['id']}", headers=headers)).json()
    assert (waiting["status"], waiting["error"], waiting["position"]) == ("en_attente", "Le service est saturé.", 1)


async def test_the_same_bytes_are_transcribed_once_in_a_cabinet(api):
    cabinet_id, dossier_id, headers = await setup(api, "cache")
    other_dossier = await new_dossier(api.context, cabinet_id, title="Autre dossier")
    first = await record(api, dossier_id, headers, wav(tone=7))
    second = await record(api, other_dossier, headers, wav(tone=7))
    model = ScriptedTranscriber()
    await run_job(api.context, cabinet_id, first["id"], model)
    await run_job(api.context, cabinet_id, second["id"], model)
    assert len(model.calls) == 1
    copy = (await api.request("GET", f"/api/transcriptions/{second['id']}", headers=headers)).json()
    assert copy["status"] == "terminee"
    assert len(copy["segments"]) == 3
    assert len(copy["suggestions"]) == 1  # its own dossier's suggestion


async def test_an_audio_document_gets_a_transcription_from_its_text_job_once_and_other_bytes_are_refused(api):
    cabinet_id, dossier_id, headers = await setup(api, "crochet")
    document = await uploaded(api.context, cabinet_id, dossier_id, wav(), file_name="message.wav",
                              declared="audio/wav")  # fmt: skip
    await run_text_job(api.context, cabinet_id, document.id)
    await run_text_job(api.context, cabinet_id, document.id)
    listed = (await api.request("GET", f"/api/dossiers/{dossier_id}/transcriptions", headers=headers)).json()
    assert [t["document_id"] for t in listed["items"]] == [document.id]
    pdf = await api.request("POST", f"/api/dossiers/{dossier_id}/recordings", content=b"%PDF-1.4 pas un son",
                            headers={**headers, "content-type": "application/pdf"})  # fmt: skip
    assert pdf.status == 415


async def test_another_cabinets_recording_and_a_dossier_kept_from_the_person_are_not_found_on_every_route(api):
    cabinet_id, dossier_id, headers = await setup(api, "secret")
    queued = await record(api, dossier_id, headers, wav())
    await run_job(api.context, cabinet_id, queued["id"], ScriptedTranscriber())
    _, outsider = await cabinet_with_session(api.context, "ailleurs@poste.example", Role.ASSOCIE)
    lawyer = await person_of(api.context, cabinet_id, Role.AVOCAT)
    kept = await new_dossier(api.context, cabinet_id, visibility="equipe", responsible_id=lawyer.id)
    kept_recording = await record(api, kept, headers, wav(tone=3))
    assistant = await signed_in(api.context, cabinet_id, Role.ASSISTANT)
    body = {"base_version": 1, "segments": [{"start": 0.0, "end": 3.5, "text": "x"}]}
    for who, dossier, transcription in ((outsider, dossier_id, queued["id"]),
                                        (assistant, kept, kept_recording["id"])):  # fmt: skip
        path = f"/api/transcriptions/{transcription}"
        answers = [
            await api.request("GET", path, headers=who),
            await api.request("GET", f"{path}/versions/1", headers=who),
            await api.request("PUT", f"{path}/segments", json=body, headers=who),
            await api.request("POST", f"{path}/retry", headers=who),
            await api.request("GET", f"/api/dossiers/{dossier}/transcriptions", headers=who),
            await api.request("POST", f"/api/dossiers/{dossier}/recordings", content=wav(),
                              headers={**who, "content-type": "audio/wav"}),
        ]  # fmt: skip
        assert [a.status for a in answers] == [404] * 6, [a.body for a in answers]
    system = CabinetScope(api.context, cabinet_id, SYSTEM, "tests")
    assert await system.transcriptions.get(SYSTEM, kept_recording["id"]) is not None
