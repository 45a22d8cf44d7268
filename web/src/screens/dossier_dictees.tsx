// A dossier's « Dictées et messages vocaux » tab: the recorder, then the dossier's transcriptions (newest first),
// each with its status, its place in the queue or its progress, the reason of a failure and « Réessayer », kept
// live by the socket's `transcription` frames (a frame for a recording not listed yet reloads the list).
import { useEffect, useRef, useState } from "preact/hooks";
import { transcriptionApi, type TranscriptionOut } from "../api_transcriptions";
import { Recorder } from "../components/recorder";
import { ErrorMessage, StatusMessage, useAction } from "../components/ui";
import { dateTime } from "../format";
import { onRealtime } from "../realtime";
import { can } from "../session";
import { clock, lowerFirst, stateSentence, TRANSCRIPTION_STATUS_LABELS, withFrame } from "../transcription_format";

const mayUpload = can("document.upload");

export function TranscriptionState({ transcription }: { transcription: TranscriptionOut }) {
  const { status, progress, position, error, title } = transcription;
  return (
    <>
      <span class={`badge statut-${status}`}>{TRANSCRIPTION_STATUS_LABELS[status]}</span>
      {status === "en_attente" ? <span class="discret"> {stateSentence({ status, progress, position, error })}</span> : null}
      {status === "en_cours" ? (
        <span class="avancement">
          <progress max={100} value={progress} aria-label={`Progression de la transcription « ${title} »`}>
            {progress} %
          </progress>
          <span aria-hidden="true">{Math.round(progress)} %</span>
        </span>
      ) : null}
      {status === "echec" ? <span class="raison"> {error ?? "Raison inconnue."}</span> : null}
    </>
  );
}

function Row({ transcription, onRetry, retrying }: { transcription: TranscriptionOut; onRetry: () => void; retrying: boolean }) {
  const { id, title, status, duration_s, created_at } = transcription;
  return (
    <li class="carte" id={`transcription-${id}`}>
      <p class="titre-transcription">
        <a href={`/transcriptions/${encodeURIComponent(id)}`}>{title}</a>
        <span class="discret">
          {" "}
          — {dateTime(created_at)}
          {duration_s ? `, ${clock(duration_s)}` : ""}
        </span>
      </p>
      <p class="etat-transcription">
        <TranscriptionState transcription={transcription} />
      </p>
      {status === "echec" && mayUpload.value ? (
        <div class="actions">
          <button type="button" class="secondaire" disabled={retrying} onClick={onRetry}>
            Réessayer<span class="visuellement-cache"> la transcription « {title} »</span>
          </button>
        </div>
      ) : null}
    </li>
  );
}

export function DossierDictees({ dossierId }: { dossierId: string }) {
  const [items, setItems] = useState<TranscriptionOut[] | null>(null);
  const [announced, setAnnounced] = useState<string | null>(null);
  const shown = useRef(items);
  shown.current = items;
  const load = useAction(async () => setItems((await transcriptionApi.ofDossier(dossierId)).items));
  const retry = useAction(async (transcription: TranscriptionOut) => {
    const again = await transcriptionApi.retry(transcription.id);
    setItems((current) => (current ?? []).map((row) => (row.id === again.id ? again : row)));
    setAnnounced(`« ${again.title} » : nouvelle tentative, ${lowerFirst(stateSentence(again))}.`);
  });
  useEffect(() => void load.run(), [dossierId]);
  useEffect(
    () =>
      onRealtime((event) => {
        if (event.kind === "resync") void load.run();
        if (event.kind !== "transcription" || event.transcription.dossier_id !== dossierId) return;
        const frame = event.transcription;
        const row = shown.current?.find((one) => one.id === frame.id);
        if (!row) return void load.run();
        const changed = withFrame(row, frame);
        if (row.status !== changed.status || row.progress !== changed.progress || row.position !== changed.position) {
          setAnnounced(`« ${row.title} » : ${lowerFirst(stateSentence(changed))}.`);
        }
        setItems((current) => (current ?? []).map((one) => (one.id === frame.id ? withFrame(one, frame) : one)));
      }),
    [dossierId],
  );
  const sent = async (transcription: TranscriptionOut) => {
    setItems((current) => [transcription, ...(current ?? []).filter((row) => row.id !== transcription.id)]);
  };
  return (
    <section aria-labelledby="titre-dictees">
      <h2 id="titre-dictees">Dictées et messages vocaux</h2>
      {mayUpload.value ? <Recorder dossierId={dossierId} onSent={sent} /> : null}
      <h3>Transcriptions du dossier</h3>
      <StatusMessage text={announced} />
      <ErrorMessage error={load.error ?? retry.error} />
      {items === null ? (
        <p class="chargement">Chargement…</p>
      ) : items.length === 0 ? (
        <p>Aucune dictée ni message vocal dans ce dossier.</p>
      ) : (
        <ul class="transcriptions simple">
          {items.map((transcription) => (
            <Row key={transcription.id} transcription={transcription} retrying={retry.busy} onRetry={() => void retry.run(transcription)} />
          ))}
        </ul>
      )}
    </section>
  );
}
