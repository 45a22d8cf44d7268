// A recording's transcript: the audio player synchronised to the text (each segment a button with its time: a click
// or Enter seeks there; the segment being played is marked aria-current as `timeupdate` goes), its state while it is
// not finished (live), its warnings, « Corriger » (each segment's text; saved as a new version, a 409 says to
// reload), its versions (the machine's version 1 always viewable) and the suggestions it produced.
import { useEffect, useRef, useState } from "preact/hooks";
import { ApiError } from "../api";
import { audioUrl, transcriptionApi, type Segment, type TranscriptionDetail, type VersionOut } from "../api_transcriptions";
import { ErrorMessage, Page, StatusMessage, submit, useAction } from "../components/ui";
import { dateTime } from "../format";
import { onRealtime } from "../realtime";
import { dossierApi } from "../api_dossiers";
import { can, session } from "../session";
import { clock, segmentAt, stateSentence, versionLabel, withFrame } from "../transcription_format";
import { TranscriptionState } from "./dossier_dictees";

const mayEdit = can("document.upload");
const mayReadDossiers = can("dossier.read");

const STALE =
  "Cette transcription a été corrigée entre-temps. Votre texte n’est pas enregistré : rechargez la transcription pour partir de sa dernière version.";

function Segments({ segments, current, onSeek }: { segments: Segment[]; current: number; onSeek: (index: number) => void }) {
  if (segments.length === 0) return <p>Aucune parole transcrite.</p>;
  return (
    <ol class="segments simple">
      {segments.map((segment, index) => (
        <li key={`${segment.start}-${index}`}>
          <button type="button" class="segment" aria-current={index === current ? "true" : undefined} onClick={() => onSeek(index)}>
            <span class="temps">{clock(segment.start)}</span> <span class="parole">{segment.text}</span>
          </button>
        </li>
      ))}
    </ol>
  );
}

function Editor({ detail, onSaved, onReload, onCancel }: {
  detail: TranscriptionDetail;
  onSaved: (saved: TranscriptionDetail) => void;
  onReload: () => void;
  onCancel: () => void;
}) {
  const [texts, setTexts] = useState(detail.segments.map((segment) => segment.text));
  const [stale, setStale] = useState(false);
  const first = useRef<HTMLTextAreaElement>(null);
  useEffect(() => first.current?.focus(), []);
  const save = useAction(async () => {
    const segments = detail.segments.map((segment, index) => ({ ...segment, text: (texts[index] ?? "").trim() }));
    try {
      onSaved(await transcriptionApi.saveSegments(detail.id, detail.current_version ?? 1, segments));
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) setStale(true);
      throw error;
    }
  });
  return (
    <form class="formulaire correction" aria-label="Corriger la transcription" aria-busy={save.busy} onSubmit={submit(() => void save.run())}>
      <div class="alerte" role="alert" aria-live="assertive">
        {stale ? <p>{STALE}</p> : save.error ? <p>{save.error instanceof ApiError ? save.error.message : "L’enregistrement a échoué. Réessayez."}</p> : null}
      </div>
      {detail.segments.map((segment, index) => (
        <div class="champ" key={`${segment.start}-${index}`}>
          <label for={`segment-${index}`}>
            Passage à {clock(segment.start)} (jusqu’à {clock(segment.end)})
          </label>
          <textarea
            id={`segment-${index}`}
            ref={index === 0 ? first : null}
            rows={2}
            value={texts[index] ?? ""}
            onInput={(event) => {
              const value = event.currentTarget.value;
              setTexts((current) => current.map((text, at) => (at === index ? value : text)));
            }}
          />
        </div>
      ))}
      <div class="actions">
        {stale ? (
          <button type="button" onClick={onReload}>
            Recharger la transcription
          </button>
        ) : (
          <button type="submit" disabled={save.busy}>
            Enregistrer la correction
          </button>
        )}
        <button type="button" class="secondaire" onClick={onCancel}>
          Annuler
        </button>
      </div>
    </form>
  );
}

/** Who may have corrected a transcript, by id: the person logged in and the dossier's people (when readable). */
function usePeopleNames(dossierId: string | null): ReadonlyMap<string, string> {
  const [names, setNames] = useState<ReadonlyMap<string, string>>(new Map());
  useEffect(() => {
    const known = new Map<string, string>();
    const me = session.value?.person;
    if (me) known.set(me.id, me.name);
    setNames(new Map(known));
    if (!dossierId || !mayReadDossiers.value) return;
    dossierApi.dossiers
      .get(dossierId)
      .then((dossier) => {
        for (const person of [...dossier.team, ...(dossier.responsible ? [dossier.responsible] : [])]) known.set(person.id, person.name);
        setNames(new Map(known));
      })
      .catch(() => undefined); // the names are a comfort: without them a correction is « correction »
  }, [dossierId]);
  return names;
}

function Versions({ detail }: { detail: TranscriptionDetail }) {
  const names = usePeopleNames(detail.dossier_id);
  const [shown, setShown] = useState<VersionOut | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const open = useAction(async (version: number) => setShown(await transcriptionApi.version(detail.id, version)));
  useEffect(() => heading.current?.focus(), [shown?.version]);
  return (
    <section aria-labelledby="titre-versions">
      <h2 id="titre-versions">Versions</h2>
      <ErrorMessage error={open.error} />
      <ul class="liste versions">
        {detail.versions.map((version) => (
          <li key={version.version}>
            <span>
              {versionLabel(version, names)}, {dateTime(version.created_at)}
              {version.version === detail.current_version ? " (actuelle)" : ""}
            </span>
            <button type="button" class="secondaire" disabled={open.busy} onClick={() => void open.run(version.version)}>
              Afficher<span class="visuellement-cache"> la version {version.version}</span>
            </button>
          </li>
        ))}
      </ul>
      {shown ? (
        <section class="version-lue" aria-labelledby="titre-version-lue">
          <h3 id="titre-version-lue" ref={heading} tabIndex={-1}>
            {versionLabel(shown, names)}
          </h3>
          <ol class="simple">
            {shown.segments.map((segment, index) => (
              <li key={`${segment.start}-${index}`}>
                <span class="temps">{clock(segment.start)}</span> {segment.text}
              </li>
            ))}
          </ol>
          <button type="button" class="secondaire" onClick={() => setShown(null)}>
            Fermer cette version
          </button>
        </section>
      ) : null}
    </section>
  );
}

function Transcript({ detail, onChanged }: { detail: TranscriptionDetail; onChanged: (detail: TranscriptionDetail | null, message: string) => void }) {
  const audio = useRef<HTMLAudioElement>(null);
  const [current, setCurrent] = useState(-1);
  const [editing, setEditing] = useState(false);
  const follow = () => setCurrent(segmentAt(detail.segments, audio.current?.currentTime ?? 0));
  const seek = (index: number) => {
    const player = audio.current;
    const segment = detail.segments[index];
    if (!player || !segment) return;
    player.currentTime = segment.start;
    setCurrent(index);
    void player.play().catch(() => undefined); // a browser refusing to play still shows the place
  };
  return (
    <>
      <audio ref={audio} class="lecteur" controls preload="metadata" src={audioUrl(detail)} onTimeUpdate={follow} onSeeked={follow}>
        Votre navigateur ne lit pas l’audio : <a href={audioUrl(detail)}>téléchargez l’enregistrement</a>.
      </audio>
      <section aria-labelledby="titre-texte">
        <h2 id="titre-texte">Texte{detail.current_version && detail.current_version > 1 ? ` (version ${detail.current_version}, corrigée)` : ""}</h2>
        {editing ? (
          <Editor
            detail={detail}
            onSaved={(saved) => {
              setEditing(false);
              onChanged(saved, `Correction enregistrée : version ${saved.current_version ?? ""}.`);
            }}
            onReload={() => {
              setEditing(false);
              onChanged(null, "Transcription rechargée.");
            }}
            onCancel={() => setEditing(false)}
          />
        ) : (
          <>
            <p class="aide">Touchez un passage pour l’écouter à partir de ce moment.</p>
            <Segments segments={detail.segments} current={current} onSeek={seek} />
            {mayEdit.value && detail.segments.length > 0 ? (
              <div class="actions">
                <button type="button" class="secondaire" onClick={() => setEditing(true)}>
                  Corriger
                </button>
              </div>
            ) : null}
          </>
        )}
      </section>
    </>
  );
}

export function TranscriptionScreen({ params }: { params: Record<string, string> }) {
  const id = params.id ?? "";
  const [detail, setDetail] = useState<TranscriptionDetail | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const shown = useRef(detail);
  shown.current = detail;
  const load = useAction(async () => setDetail(await transcriptionApi.get(id)));
  useEffect(() => void load.run(), [id]);
  useEffect(
    () =>
      onRealtime((event) => {
        if (event.kind === "resync") return void load.run();
        if (event.kind !== "transcription" || event.transcription.id !== id || !shown.current) return;
        const changed = withFrame(shown.current, event.transcription);
        setStatus(`${stateSentence(changed)}.`);
        if (changed.status === "terminee" || changed.status === "echec") void load.run();
        else setDetail(changed);
      }),
    [id],
  );
  if (detail === null) {
    return (
      <Page title={load.error ? "Transcription introuvable" : "Transcription"}>
        <ErrorMessage error={load.error} />
        {load.error ? null : <p class="chargement">Chargement…</p>}
      </Page>
    );
  }
  const finished = detail.status === "terminee";
  return (
    <Page title={detail.title}>
      {detail.dossier_id ? (
        <p>
          <a href={`/dossiers/${encodeURIComponent(detail.dossier_id)}?onglet=dictees`}>Retour aux dictées du dossier</a>
        </p>
      ) : null}
      <StatusMessage text={status} />
      <ErrorMessage error={load.error} />
      <p class="etat-transcription">
        <TranscriptionState transcription={detail} />
        {detail.duration_s ? <span class="discret"> — durée {clock(detail.duration_s)}</span> : null}
      </p>
      {detail.warnings.length > 0 ? (
        <ul class="avertissements" aria-label="Avertissements">
          {detail.warnings.map((warning) => (
            <li key={warning}>{warning}</li>
          ))}
        </ul>
      ) : null}
      {finished ? (
        <Transcript
          key={`${detail.id}-${detail.current_version ?? 0}`}
          detail={detail}
          onChanged={(saved, message) => {
            setStatus(message);
            if (saved) setDetail(saved);
            else void load.run();
          }}
        />
      ) : (
        <audio class="lecteur" controls preload="metadata" src={audioUrl(detail)} aria-label={`Enregistrement « ${detail.title} »`} />
      )}
      {finished ? (
        <p>
          {detail.suggestions.length > 0
            ? `Cette dictée a produit ${detail.suggestions.length} suggestion${detail.suggestions.length > 1 ? "s" : ""} d’échéance à confirmer : `
            : "Aucune suggestion d’échéance tirée de cette dictée pour l’instant. "}
          <a href="/echeances">Voir les suggestions dans l’échéancier</a>
        </p>
      ) : null}
      {finished && detail.versions.length > 0 ? <Versions detail={detail} /> : null}
    </Page>
  );
}
