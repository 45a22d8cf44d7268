// The phone-friendly recorder of a dossier's « Dictées et messages vocaux »: the microphone through getUserMedia,
// MediaRecorder (Enregistrer, Pause, Reprendre, Arrêter) with the time recorded, then a title and « Envoyer » with
// the upload's progress. A refused, missing or busy microphone, or a browser that cannot record, is said in French.
import { useEffect, useId, useRef, useState } from "preact/hooks";
import { transcriptionApi, type TranscriptionOut } from "../api_transcriptions";
import { clock } from "../transcription_format";
import { ErrorMessage, StatusMessage, submit, useAction } from "./ui";

type Phase = "pret" | "demande" | "enregistre" | "pause" | "termine";

// what the browsers' recorders can make, the best first (the API takes WebM, Ogg and MP4)
const TYPES = ["audio/webm;codecs=opus", "audio/ogg;codecs=opus", "audio/mp4", "audio/webm"];
const EXTENSIONS: Record<string, string> = { "audio/webm": "webm", "audio/ogg": "ogg", "audio/mp4": "m4a" };

/** Why this browser cannot record at all, or null when it can. */
export function cannotRecord(): string | null {
  if (!window.isSecureContext) return "L’enregistrement n’est possible que sur une connexion sécurisée (https).";
  if (!navigator.mediaDevices?.getUserMedia || typeof MediaRecorder === "undefined") {
    return "Ce navigateur ne sait pas enregistrer le son. Utilisez un navigateur récent, ou déposez un fichier audio dans l’onglet Documents.";
  }
  return null;
}

/** The French sentence for getUserMedia's refusal (its DOMException's name). */
export function microphoneProblem(error: unknown): string {
  const name = error instanceof DOMException ? error.name : "";
  if (name === "NotAllowedError" || name === "SecurityError") {
    return "L’accès au micro a été refusé. Autorisez le micro pour ce site dans les réglages du navigateur, puis touchez « Enregistrer » à nouveau.";
  }
  if (name === "NotFoundError" || name === "OverconstrainedError") {
    return "Aucun micro n’est disponible sur cet appareil. Branchez-en un, ou déposez un fichier audio dans l’onglet Documents.";
  }
  if (name === "NotReadableError" || name === "AbortError") {
    return "Le micro est occupé par une autre application (un appel en cours ?). Fermez-la, puis réessayez.";
  }
  return "Le micro n’a pas pu être ouvert. Réessayez.";
}

function chosenType(): string {
  return TYPES.find((type) => MediaRecorder.isTypeSupported(type)) ?? "";
}

function defaultTitle(): string {
  const when = new Intl.DateTimeFormat("fr-FR", { dateStyle: "long", timeStyle: "short", timeZone: "Europe/Paris" }).format(new Date());
  return `Dictée du ${when}`;
}

/** The recording machinery, kept out of the component's render: the stream, the recorder, the time counted. */
function useRecording() {
  const [phase, setPhase] = useState<Phase>("pret");
  const [problem, setProblem] = useState<string | null>(null);
  const [recording, setRecording] = useState<Blob | null>(null);
  const [, setTick] = useState(0);
  const recorder = useRef<MediaRecorder | null>(null);
  const stream = useRef<MediaStream | null>(null);
  const counted = useRef({ before: 0, since: 0 }); // ms recorded before the current run; when it started (0: paused)
  const release = () => {
    for (const track of stream.current?.getTracks() ?? []) track.stop();
    stream.current = null;
  };
  useEffect(() => {
    if (phase !== "enregistre") return undefined;
    const timer = setInterval(() => setTick((tick) => tick + 1), 250);
    return () => clearInterval(timer);
  }, [phase]);
  useEffect(() => () => {
    if (recorder.current?.state !== "inactive") recorder.current?.stop();
    release();
  }, []);
  const elapsed = () => counted.current.before + (counted.current.since ? Date.now() - counted.current.since : 0);
  const start = async () => {
    setProblem(null);
    const why = cannotRecord();
    if (why) return setProblem(why);
    setPhase("demande");
    try {
      stream.current = await navigator.mediaDevices.getUserMedia({ audio: true });
    } catch (error) {
      setProblem(microphoneProblem(error));
      return setPhase("pret");
    }
    const type = chosenType();
    let made: MediaRecorder;
    try {
      made = new MediaRecorder(stream.current, type ? { mimeType: type } : {});
    } catch {
      release();
      setProblem("Ce navigateur ne sait pas enregistrer le son du micro. Utilisez un navigateur récent.");
      return setPhase("pret");
    }
    const chunks: Blob[] = [];
    made.ondataavailable = (event) => {
      if (event.data.size > 0) chunks.push(event.data);
    };
    made.onstop = () => {
      release();
      setRecording(new Blob(chunks, { type: (made.mimeType || type || "audio/webm").split(";")[0] ?? "audio/webm" }));
      setPhase("termine");
    };
    recorder.current = made;
    counted.current = { before: 0, since: Date.now() };
    made.start(1000);
    setPhase("enregistre");
  };
  const pause = () => {
    recorder.current?.pause();
    counted.current = { before: elapsed(), since: 0 };
    setPhase("pause");
  };
  const resume = () => {
    recorder.current?.resume();
    counted.current = { before: counted.current.before, since: Date.now() };
    setPhase("enregistre");
  };
  const stop = () => {
    counted.current = { before: elapsed(), since: 0 };
    recorder.current?.stop(); // onstop gives the recording
  };
  const discard = () => {
    setRecording(null);
    counted.current = { before: 0, since: 0 };
    setPhase("pret");
  };
  return { phase, problem, recording, elapsed, start, pause, resume, stop, discard };
}

const ANNOUNCED: Record<Phase, string> = {
  pret: "",
  demande: "Autorisation du micro demandée…",
  enregistre: "Enregistrement en cours.",
  pause: "Enregistrement en pause.",
  termine: "Enregistrement terminé. Donnez-lui un titre, puis envoyez-le.",
};

export function Recorder({ dossierId, onSent }: { dossierId: string; onSent: (sent: TranscriptionOut) => Promise<void> }) {
  const id = useId();
  const rec = useRecording();
  const [title, setTitle] = useState("");
  const [progress, setProgress] = useState<number | null>(null);
  const [sentMessage, setSentMessage] = useState<string | null>(null);
  const main = useRef<HTMLButtonElement>(null);
  const titleInput = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (rec.phase === "termine") {
      setTitle(defaultTitle());
      titleInput.current?.focus();
    } else if (rec.phase !== "demande" && document.activeElement === document.body) main.current?.focus();
    if (rec.phase !== "pret") setSentMessage(null);
  }, [rec.phase]);
  const send = useAction(async () => {
    if (!rec.recording) return;
    const extension = EXTENSIONS[rec.recording.type] ?? "webm";
    setProgress(0);
    try {
      const sent = await transcriptionApi.send(dossierId, {
        file: rec.recording,
        fileName: `dictee-${new Date().toISOString().slice(0, 16).replace(/[-:T]/g, "")}.${extension}`,
        ...(title.trim() ? { title: title.trim() } : {}),
        onProgress: (done, total) => setProgress(total > 0 ? Math.round((done / total) * 100) : 0),
      });
      rec.discard();
      setSentMessage(`« ${sent.title} » est envoyée : sa transcription est en file d’attente.`);
      await onSent(sent);
    } finally {
      setProgress(null);
    }
  });
  const recording = rec.phase === "enregistre" || rec.phase === "pause";
  return (
    <div class="enregistreur" aria-labelledby={`${id}-titre`} role="group">
      <h3 id={`${id}-titre`}>Nouvelle dictée</h3>
      <div class="alerte" role="alert" aria-live="assertive">
        {rec.problem ? <p>{rec.problem}</p> : null}
      </div>
      <StatusMessage text={sentMessage ?? ANNOUNCED[rec.phase]} />
      <p class="chrono" role="timer" aria-label="Durée enregistrée">
        {clock(rec.elapsed() / 1000)}
      </p>
      {rec.phase === "termine" ? null : (
        <div class="actions">
          {recording ? (
            <>
              <button type="button" ref={main} class="grand" onClick={rec.phase === "pause" ? rec.resume : rec.pause}>
                {rec.phase === "pause" ? "Reprendre" : "Pause"}
              </button>
              <button type="button" class="grand danger" onClick={rec.stop}>
                Arrêter
              </button>
            </>
          ) : (
            <button type="button" ref={main} class="grand" disabled={rec.phase === "demande"} onClick={() => void rec.start()}>
              Enregistrer<span class="visuellement-cache"> une dictée</span>
            </button>
          )}
        </div>
      )}
      {rec.phase === "termine" ? (
        <form class="formulaire" aria-label="Envoyer la dictée" aria-busy={send.busy} onSubmit={submit(() => void send.run())}>
          <ErrorMessage error={send.error} />
          <div class="champ">
            <label for={`${id}-nom`}>Titre de la dictée</label>
            <input id={`${id}-nom`} ref={titleInput} name="title" autoComplete="off" value={title} onInput={(event) => setTitle(event.currentTarget.value)} />
          </div>
          {progress !== null ? (
            <div class="champ">
              <label for={`${id}-progression`}>Envoi en cours : {progress} %</label>
              <progress id={`${id}-progression`} max={100} value={progress}>
                {progress} %
              </progress>
            </div>
          ) : null}
          <div class="actions">
            <button type="submit" class="grand" disabled={send.busy}>
              Envoyer
            </button>
            <button type="button" class="grand secondaire" disabled={send.busy} onClick={() => window.confirm("Effacer cet enregistrement sans l’envoyer ?") && rec.discard()}>
              Recommencer
            </button>
          </div>
        </form>
      ) : null}
    </div>
  );
}
