// A dossier's "Échéances" tab: its deadlines (new one with the live computation), its hearings (add, renvoi: the
// old one shown replaced), and a procedure chain applied with the anchors known so far.
import { useEffect, useState } from "preact/hooks";
import { echeanceApi, itemsOf, type DeadlineOut, type HearingOut, type ProcedureOut } from "../api_echeances";
import { DeadlineForm } from "../components/deadline_form";
import { SelectField } from "../components/dossier_ui";
import { DeadlineTable } from "../components/echeance_ui";
import { ErrorMessage, Field, StatusMessage, fieldError, submit, useAction } from "../components/ui";
import { byUrgency, HEARING_STATUS_LABELS, longDay } from "../echeance_format";
import { can } from "../session";

const mayManage = can("deadline.manage");
type Changed = (message: string) => Promise<void>;

function HearingForm({ label, onSend }: { label: string; onSend: (body: Record<string, string>) => Promise<void> }) {
  const [values, setValues] = useState({ date: "", time: "", court: "", chamber: "", hearing_type: "" });
  const send = useAction(async () => {
    const body = Object.fromEntries(Object.entries(values).filter(([, value]) => value.trim() !== ""));
    await onSend(body);
    setValues({ date: "", time: "", court: "", chamber: "", hearing_type: "" });
  });
  const set = (name: keyof typeof values) => (value: string) => setValues((current) => ({ ...current, [name]: value }));
  return (
    <form class="formulaire" aria-label={label} onSubmit={submit(() => void send.run())}>
      <ErrorMessage error={fieldError(send.error, "date") ? null : send.error} />
      <Field label="Date de l’audience" type="date" name="hearing_date" required value={values.date} onValue={set("date")} error={fieldError(send.error, "date")} />
      <Field label="Heure (HH:MM)" name="hearing_time" inputMode="numeric" pattern="[0-2][0-9]:[0-5][0-9]" autoComplete="off" value={values.time} onValue={set("time")} />
      <Field label="Juridiction" name="hearing_court" autoComplete="off" value={values.court} onValue={set("court")} />
      <Field label="Chambre" name="hearing_chamber" autoComplete="off" value={values.chamber} onValue={set("chamber")} />
      <Field label="Type d’audience" hint="Par exemple : plaidoiries, mise en état, référé." name="hearing_type" autoComplete="off" value={values.hearing_type} onValue={set("hearing_type")} />
      <div class="actions">
        <button type="submit" class="secondaire" disabled={send.busy}>
          {label}
        </button>
      </div>
    </form>
  );
}

function Postpone({ hearing, onChanged }: { hearing: HearingOut; onChanged: Changed }) {
  const [date, setDate] = useState("");
  const [time, setTime] = useState(hearing.time ?? "");
  const [reason, setReason] = useState("");
  const send = useAction(async () => {
    const moved = await echeanceApi.hearings.postpone(hearing.id, { date, ...(time ? { time } : {}), ...(reason.trim() ? { reason: reason.trim() } : {}) });
    await onChanged(`Audience renvoyée au ${longDay(moved.date)}.`);
  });
  return (
    <form class="formulaire" aria-label={`Renvoi de l’audience du ${longDay(hearing.date)}`} onSubmit={submit(() => void send.run())}>
      <ErrorMessage error={send.error} />
      <Field label="Nouvelle date" type="date" name="renvoi_date" required value={date} onValue={setDate} />
      <Field label="Nouvelle heure (HH:MM)" name="renvoi_time" inputMode="numeric" autoComplete="off" value={time} onValue={setTime} />
      <Field label="Motif du renvoi (facultatif)" name="renvoi_reason" autoComplete="off" value={reason} onValue={setReason} />
      <div class="actions">
        <button type="submit" disabled={send.busy}>
          Enregistrer le renvoi
        </button>
      </div>
    </form>
  );
}

function Hearings({ dossierId, hearings, onChanged }: { dossierId: string; hearings: HearingOut[]; onChanged: Changed }) {
  const [moving, setMoving] = useState<string | null>(null);
  const dateOf = (id: string | null) => hearings.find((one) => one.id === id)?.date;
  return (
    <section aria-labelledby="titre-audiences">
      <h2 id="titre-audiences">Audiences</h2>
      {hearings.length === 0 ? <p>Aucune audience.</p> : null}
      <ul class="liste audiences">
        {hearings.map((hearing) => (
          <li key={hearing.id} id={`audience-${hearing.id}`} class={hearing.status === "remplacee" ? "remplacee" : undefined}>
            <span>
              <strong>{longDay(hearing.date)}</strong>
              {hearing.time ? ` à ${hearing.time}` : ""}
              {hearing.court ? `, ${hearing.court}` : ""}
              {hearing.chamber ? `, ${hearing.chamber}` : ""}
              {hearing.hearing_type ? ` (${hearing.hearing_type})` : ""} — {HEARING_STATUS_LABELS[hearing.status]}
              {hearing.status === "remplacee" && dateOf(hearing.replaced_by) ? ` par l’audience du ${longDay(dateOf(hearing.replaced_by))}` : ""}
            </span>
            {mayManage.value && hearing.status === "prevue" ? (
              <button type="button" class="secondaire" aria-expanded={moving === hearing.id ? "true" : "false"} onClick={() => setMoving(moving === hearing.id ? null : hearing.id)}>
                Renvoyer<span class="visuellement-cache"> l’audience du {longDay(hearing.date)}</span>
              </button>
            ) : null}
            {moving === hearing.id ? <Postpone hearing={hearing} onChanged={async (message) => (setMoving(null), await onChanged(message))} /> : null}
          </li>
        ))}
      </ul>
      {mayManage.value ? (
        <details>
          <summary>Ajouter une audience</summary>
          <HearingForm
            label="Ajouter l’audience"
            onSend={async (body) => {
              const added = await echeanceApi.hearings.create(dossierId, { date: body.date ?? "", ...body });
              await onChanged(`Audience du ${longDay(added.date)} ajoutée.`);
            }}
          />
        </details>
      ) : null}
    </section>
  );
}

/** The events a chain waits for (each step's `after` that names no earlier step), with their French labels. */
function eventsOf(procedure: ProcedureOut): { name: string; label: string }[] {
  const keys = new Set(procedure.steps.map((step) => step.key));
  const names = [...new Set(procedure.steps.map((step) => step.after).filter((after) => !keys.has(after)))];
  return names.map((name) => ({ name, label: eventLabel(name, [procedure]) }));
}

function eventLabel(name: string, procedures: ProcedureOut[]): string {
  for (const procedure of procedures) {
    const found = procedure.events?.find((event) => event.name === name);
    if (found) return found.label;
  }
  return name.replace(/_/g, " ");
}

/** The event a chain step waits for, read from the procedure holding that step. */
function eventOf(deadline: DeadlineOut, procedures: ProcedureOut[]): string | null {
  for (const procedure of procedures) {
    const step = procedure.steps.find((one) => one.key === deadline.chain_step);
    if (step && !procedure.steps.some((other) => other.key === step.after)) return step.after;
  }
  return null;
}

function AnchorForm({ dossierId, runId, event, label, steps, onChanged }: { dossierId: string; runId: string; event: string; label: string; steps: string[]; onChanged: Changed }) {
  const [day, setDay] = useState("");
  const send = useAction(async () => {
    const run = await echeanceApi.procedures.anchor(dossierId, runId, { [event]: day });
    await onChanged(`Date « ${label} » enregistrée : les échéances qui en dépendent sont recalculées (${run.deadlines.length}).`);
  });
  return (
    <form class="filtres" aria-label={`Date connue : ${label}`} onSubmit={submit(() => void send.run())}>
      <ErrorMessage error={send.error} />
      <Field label={`Date : ${label}`} hint={`Attendue par : ${steps.join(", ")}.`} type="date" name={`connue_${event}`} required value={day} onValue={setDay} />
      <div class="actions">
        <button type="submit" class="secondaire" disabled={send.busy}>
          Enregistrer la date<span class="visuellement-cache"> : {label}</span>
        </button>
      </div>
    </form>
  );
}

/** The anchors still unknown in the chains applied to this dossier: entering one recomputes its steps. */
function Anchors({ dossierId, deadlines, procedures, onChanged }: { dossierId: string; deadlines: DeadlineOut[]; procedures: ProcedureOut[]; onChanged: Changed }) {
  const waiting = new Map<string, { runId: string; event: string; steps: string[] }>();
  for (const deadline of deadlines) {
    const event = deadline.chain_run_id && !deadline.trigger_date ? eventOf(deadline, procedures) : null;
    if (!event || !deadline.chain_run_id) continue;
    const key = `${deadline.chain_run_id}:${event}`;
    const found = waiting.get(key) ?? { runId: deadline.chain_run_id, event, steps: [] };
    found.steps.push(deadline.title);
    waiting.set(key, found);
  }
  if (waiting.size === 0) return null;
  return (
    <section aria-labelledby="titre-ancres">
      <h3 id="titre-ancres">Dates attendues par les procédures</h3>
      {[...waiting.entries()].map(([key, one]) => (
        <AnchorForm key={key} dossierId={dossierId} runId={one.runId} event={one.event} label={eventLabel(one.event, procedures)} steps={one.steps} onChanged={onChanged} />
      ))}
    </section>
  );
}

function ChainForm({ dossierId, procedures, onChanged }: { dossierId: string; procedures: ProcedureOut[]; onChanged: Changed }) {
  const [chosen, setChosen] = useState("");
  const [anchors, setAnchors] = useState<Record<string, string>>({});
  const procedure = procedures.find((one) => one.id === chosen);
  const apply = useAction(async () => {
    const known = Object.fromEntries(Object.entries(anchors).filter(([, day]) => day));
    const run = await echeanceApi.procedures.apply(dossierId, { procedure: chosen, anchors: known });
    setChosen("");
    setAnchors({});
    await onChanged(`Procédure « ${procedure?.name ?? ""} » appliquée : ${run.deadlines.length} échéances.`);
  });
  return (
    <form class="formulaire large" aria-label="Appliquer une procédure" onSubmit={submit(() => void apply.run())}>
      <ErrorMessage error={apply.error} />
      <SelectField label="Procédure" name="procedure" value={chosen} options={[["", "— Choisir —"], ...procedures.map((one) => [one.id, one.name] as const)]} onValue={(id) => (setChosen(id), setAnchors({}))} />
      {procedure ? (
        <>
          {procedure.description ? <p class="discret">{procedure.description}</p> : null}
          <ol class="etapes">
            {procedure.steps.map((step) => (
              <li key={step.key}>
                {step.title} — {step.delay || step.kind} après {procedure.steps.some((one) => one.key === step.after) ? `l’étape « ${procedure.steps.find((one) => one.key === step.after)?.title ?? step.after} »` : eventLabel(step.after, [procedure])}
                {step.basis.length > 0 ? <span class="discret"> ({step.basis.join(", ")})</span> : null}
              </li>
            ))}
          </ol>
          <p class="aide">Saisissez les dates déjà connues ; les étapes qui en attendent une autre seront « en attente ».</p>
          {eventsOf(procedure).map((event) => (
            <Field key={event.name} label={`Date : ${event.label}`} type="date" name={`anchor_${event.name}`} value={anchors[event.name] ?? ""} onValue={(day) => setAnchors((current) => ({ ...current, [event.name]: day }))} />
          ))}
        </>
      ) : null}
      <div class="actions">
        <button type="submit" class="secondaire" disabled={!procedure || apply.busy}>
          Appliquer la procédure
        </button>
      </div>
    </form>
  );
}

export function DossierEcheances({ dossierId }: { dossierId: string }) {
  const [deadlines, setDeadlines] = useState<DeadlineOut[] | null>(null);
  const [hearings, setHearings] = useState<HearingOut[]>([]);
  const [status, setStatus] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [procedures, setProcedures] = useState<ProcedureOut[]>([]);
  const loadProcedures = useAction(async () => setProcedures((await echeanceApi.procedures.list()).items));
  useEffect(() => void loadProcedures.run(), []);
  const load = useAction(async () => {
    const [found, planned, replaced] = await Promise.all([
      echeanceApi.deadlines.list({ dossier_id: dossierId, status: "all" }),
      echeanceApi.hearings.list({ dossier_id: dossierId, status: "prevue" }),
      echeanceApi.hearings.list({ dossier_id: dossierId, status: "remplacee" }),
    ]);
    setDeadlines(byUrgency(itemsOf(found)));
    setHearings([...itemsOf(planned), ...itemsOf(replaced)].sort((a, b) => a.date.localeCompare(b.date)));
  });
  useEffect(() => void load.run(), [dossierId]);
  const changed = async (message: string) => {
    setStatus(message);
    await load.run();
  };
  return (
    <>
      <StatusMessage text={status} />
      <ErrorMessage error={load.error ?? loadProcedures.error} />
      <section aria-labelledby="titre-echeances-dossier">
        <h2 id="titre-echeances-dossier">Échéances</h2>
        {deadlines === null ? <p class="chargement">Chargement…</p> : <DeadlineTable deadlines={deadlines} showDossier={false} manage={mayManage.value} onChanged={changed} />}
        {mayManage.value && deadlines ? <Anchors dossierId={dossierId} deadlines={deadlines} procedures={procedures} onChanged={changed} /> : null}
        {mayManage.value ? (
          <div class="actions">
            <button type="button" class="secondaire" aria-expanded={adding ? "true" : "false"} onClick={() => setAdding(!adding)}>
              Nouvelle échéance
            </button>
          </div>
        ) : null}
        {adding ? (
          <DeadlineForm
            dossierId={dossierId}
            onCreated={async (deadline) => {
              setAdding(false);
              await changed(`Échéance « ${deadline.title} » enregistrée : ${longDay(deadline.due_date)}.`);
            }}
          />
        ) : null}
      </section>
      <Hearings dossierId={dossierId} hearings={hearings} onChanged={changed} />
      {mayManage.value ? (
        <section aria-labelledby="titre-procedure">
          <h2 id="titre-procedure">Appliquer une procédure</h2>
          <ChainForm dossierId={dossierId} procedures={procedures} onChanged={changed} />
        </section>
      ) : null}
    </>
  );
}
