// "Nouvelle échéance" on a dossier: a catalogue entry or a free delay, the triggering date and act, the party's
// residence; the engine computes as the lawyer types (POST /api/deadlines/preview, debounced, stale answers
// dropped) and its explanation and warnings are shown before anything is saved. A manual due date needs its
// reason, and the computed one stays shown beside it.
import { useEffect, useId, useRef, useState } from "preact/hooks";
import { echeanceApi, type CatalogueEntry, type DeadlineOut, type EngineResult, type NewDeadline } from "../api_echeances";
import { longDay, RESIDENCES } from "../echeance_format";
import { can } from "../session";
import { SelectField } from "./dossier_ui";
import { EngineExplanation } from "./echeance_ui";
import { ErrorMessage, Field, fieldError, messageOf, submit, useAction } from "./ui";

const DEBOUNCE_MS = 350;
const mayOverride = can("deadline.override");

type Mode = "catalogue" | "libre";

interface Draft {
  mode: Mode;
  kind: string;
  delay: string;
  from: string;
  act: string;
  residence: string;
  backward: boolean;
}

function question(draft: Draft): NewDeadline | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(draft.from)) return null;
  const rule = draft.mode === "catalogue" ? { kind: draft.kind } : { delay: draft.delay.trim() };
  if (draft.mode === "catalogue" ? !draft.kind : !draft.delay.trim()) return null;
  return {
    ...rule,
    from: draft.from,
    ...(draft.act.trim() ? { trigger_act: draft.act.trim() } : {}),
    ...(draft.residence ? { party_residence: draft.residence } : {}),
    ...(draft.mode === "libre" && draft.backward ? { backward: true } : {}),
  };
}

/** The engine's answer to the draft, asked again DEBOUNCE_MS after the last keystroke. */
function useLivePreview(draft: Draft) {
  const [result, setResult] = useState<EngineResult | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const asked = useRef(0);
  const body = question(draft);
  const key = JSON.stringify(body);
  useEffect(() => {
    if (!body) {
      setResult(null);
      setProblem(null);
      return;
    }
    const ticket = ++asked.current;
    const timer = setTimeout(() => {
      setBusy(true);
      echeanceApi.deadlines
        .preview(body)
        .then((answer) => ticket === asked.current && (setResult(answer), setProblem(null)))
        .catch((error: unknown) => ticket === asked.current && (setResult(null), setProblem(messageOf(error))))
        .finally(() => ticket === asked.current && setBusy(false));
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [key]);
  return { body, result, problem, busy };
}

function RuleFields({ draft, set, catalogue }: { draft: Draft; set: (change: Partial<Draft>) => void; catalogue: CatalogueEntry[] }) {
  const id = useId();
  return (
    <fieldset>
      <legend>Délai</legend>
      <div class="case">
        <input type="radio" id={`${id}-cat`} name="mode" checked={draft.mode === "catalogue"} onChange={() => set({ mode: "catalogue" })} />
        <label for={`${id}-cat`}>Un délai du catalogue</label>
      </div>
      <div class="case">
        <input type="radio" id={`${id}-libre`} name="mode" checked={draft.mode === "libre"} onChange={() => set({ mode: "libre" })} />
        <label for={`${id}-libre`}>Un délai libre</label>
      </div>
      {draft.mode === "catalogue" ? (
        <SelectField
          label="Type de délai"
          name="kind"
          value={draft.kind}
          options={[["", "— Choisir —"], ...catalogue.map((entry) => [entry.kind, entry.label] as const)]}
          onValue={(kind) => set({ kind })}
        />
      ) : (
        <>
          <Field label="Durée du délai" hint="Par exemple : 15 jours, 1 mois, quinzaine." name="delay" autoComplete="off" value={draft.delay} onValue={(delay) => set({ delay })} />
          <div class="case">
            <input type="checkbox" id={`${id}-rebours`} checked={draft.backward} onChange={(event) => set({ backward: event.currentTarget.checked })} />
            <label for={`${id}-rebours`}>Délai à rebours (avant l’événement)</label>
          </div>
        </>
      )}
    </fieldset>
  );
}

function LivePanel({ live }: { live: ReturnType<typeof useLivePreview> }) {
  const id = useId();
  return (
    <section class="calcul" aria-labelledby={`${id}-calcul`} aria-live="polite" aria-busy={live.busy}>
      <h3 id={`${id}-calcul`}>Calcul en direct</h3>
      {live.problem ? <p class="erreur-champ">{live.problem}</p> : null}
      {live.result ? <EngineExplanation result={live.result} title="Échéance calculée" /> : null}
      {!live.result && !live.problem ? <p class="discret">Choisissez un délai et une date de départ : l’échéance se calcule aussitôt.</p> : null}
    </section>
  );
}

interface Manual {
  on: boolean;
  day: string;
  reason: string;
}

/** A manual due date (deadline.override): its reason is required, the computed date stays in its description. */
function ManualDate({ manual, set, computed, reasonMissing, error }: { manual: Manual; set: (change: Partial<Manual>) => void; computed: string | undefined; reasonMissing: boolean; error: unknown }) {
  const id = useId();
  return (
    <div class="sous-formulaire">
      <div class="case">
        <input type="checkbox" id={`${id}-manuelle`} checked={manual.on} onChange={(event) => set({ on: event.currentTarget.checked })} />
        <label for={`${id}-manuelle`}>Fixer l’échéance à la main</label>
      </div>
      {manual.on ? (
        <>
          <Field label="Échéance retenue" hint={`Date calculée : ${longDay(computed)}.`} type="date" name="manual_due_date" required value={manual.day} onValue={(day) => set({ day })} error={fieldError(error, "manual_due_date")} />
          <Field label="Motif (obligatoire)" name="manual_reason" autoComplete="off" value={manual.reason} onValue={(reason) => set({ reason })} error={reasonMissing ? "Indiquez pourquoi l’échéance calculée n’est pas retenue." : fieldError(error, "manual_reason")} />
        </>
      ) : null}
    </div>
  );
}

export function DeadlineForm({ dossierId, onCreated }: { dossierId: string; onCreated: (deadline: DeadlineOut) => Promise<void> }) {
  const [catalogue, setCatalogue] = useState<CatalogueEntry[]>([]);
  const [draft, setDraft] = useState<Draft>({ mode: "catalogue", kind: "", delay: "", from: "", act: "", residence: "", backward: false });
  const [title, setTitle] = useState("");
  const [manual, setManual] = useState<Manual>({ on: false, day: "", reason: "" });
  const [reasonMissing, setReasonMissing] = useState(false);
  const set = (change: Partial<Draft>) => setDraft((current) => ({ ...current, ...change }));
  const load = useAction(async () => setCatalogue(await echeanceApi.catalogue()));
  useEffect(() => void load.run(), []);
  const live = useLivePreview(draft);
  const entry = catalogue.find((one) => one.kind === draft.kind);
  const save = useAction(async () => {
    if (!live.body) return;
    const chosenTitle = title.trim() || (draft.mode === "catalogue" ? entry?.label : `Délai de ${draft.delay.trim()}`) || "Échéance";
    const body: NewDeadline = { ...live.body, title: chosenTitle };
    if (manual.on) Object.assign(body, { manual_due_date: manual.day, manual_reason: manual.reason.trim() });
    await onCreated(await echeanceApi.deadlines.create(dossierId, body));
  });
  return (
    <form class="formulaire large" aria-label="Nouvelle échéance" onSubmit={submit(() => {
      const missing = manual.on && !manual.reason.trim();
      setReasonMissing(missing);
      if (!missing) void save.run();
    })}>
      <ErrorMessage error={load.error ?? (fieldError(save.error, "manual_reason") ? null : save.error)} />
      <RuleFields draft={draft} set={set} catalogue={catalogue} />
      <Field label="Date de l’acte ou de l’événement de départ" type="date" name="from" required value={draft.from} onValue={(from) => set({ from })} error={fieldError(save.error, "from")} />
      <Field label="Acte de départ" hint={entry ? `Par défaut : ${entry.trigger}.` : "Par exemple : signification du jugement."} name="trigger_act" autoComplete="off" value={draft.act} onValue={(act) => set({ act })} />
      <SelectField label="Résidence de la partie qui doit agir" name="party_residence" value={draft.residence} options={RESIDENCES} onValue={(residence) => set({ residence })} />
      <Field label="Intitulé (facultatif)" hint="Par défaut : le type de délai." name="title" autoComplete="off" value={title} onValue={setTitle} />
      <LivePanel live={live} />
      {mayOverride.value ? (
        <ManualDate manual={manual} set={(change) => setManual((current) => ({ ...current, ...change }))} computed={live.result?.due_date} reasonMissing={reasonMissing} error={save.error} />
      ) : null}
      <div class="actions">
        <button type="submit" disabled={save.busy || !live.body}>
          Enregistrer l’échéance
        </button>
      </div>
    </form>
  );
}
