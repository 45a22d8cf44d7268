// Réglages du cabinet (associés) for the échéances: the alert thresholds, the court zone whose holidays count, and
// the court closures declared (adding or removing one makes the API recompute the deadlines it touches).
import { useEffect, useState } from "preact/hooks";
import { api, type CabinetSettings } from "../api";
import { echeanceApi, type Closure } from "../api_echeances";
import { SelectField } from "../components/dossier_ui";
import { ErrorMessage, Field, Page, StatusMessage, fieldError, submit, useAction } from "../components/ui";
import { COURT_ZONES, longDay } from "../echeance_format";

/** "15, 7, 1, 0" → [15, 7, 1, 0]; null when a part is not a whole number of days. */
export function parseThresholds(text: string): number[] | null {
  const parts = text.split(/[\s,;]+/).filter(Boolean);
  if (parts.length === 0 || parts.some((part) => !/^\d{1,3}$/.test(part))) return null;
  return [...new Set(parts.map(Number))].sort((a, b) => b - a);
}

function Alerts({ cabinet, onSaved }: { cabinet: CabinetSettings; onSaved: (cabinet: CabinetSettings) => void }) {
  const [thresholds, setThresholds] = useState(cabinet.alert_days.join(", "));
  const [zone, setZone] = useState(cabinet.court_zone ?? "metropole");
  const [problem, setProblem] = useState<string | null>(null);
  const save = useAction(async () => {
    const days = parseThresholds(thresholds);
    setProblem(days ? null : "Indiquez des nombres de jours séparés par des virgules, par exemple 7, 3, 1, 0.");
    if (days) onSaved(await api.cabinet.update({ alert_days: days, court_zone: zone }));
  });
  return (
    <form class="formulaire" aria-label="Alertes et juridiction" onSubmit={submit(() => void save.run())}>
      <ErrorMessage error={fieldError(save.error, "alert_days") ? null : save.error} />
      <Field label="Seuils d’alerte (jours avant l’échéance)" hint="Par exemple : 7, 3, 1, 0. Le retard est toujours signalé, aux associés aussi." name="alert_days" inputMode="numeric" autoComplete="off" value={thresholds} onValue={setThresholds} error={problem ?? fieldError(save.error, "alert_days")} />
      <SelectField label="Zone de la juridiction" hint="Ses jours fériés comptent dans le calcul des délais." name="court_zone" value={zone} options={COURT_ZONES} onValue={setZone} />
      <div class="actions">
        <button type="submit" disabled={save.busy}>
          Enregistrer
        </button>
      </div>
    </form>
  );
}

function Closures({ onStatus }: { onStatus: (message: string) => void }) {
  const [closures, setClosures] = useState<Closure[] | null>(null);
  const [day, setDay] = useState("");
  const [reason, setReason] = useState("");
  const load = useAction(async () => setClosures((await echeanceApi.closures.list()).sort((a, b) => a.day.localeCompare(b.day))));
  useEffect(() => void load.run(), []);
  const add = useAction(async () => {
    await echeanceApi.closures.add({ day, reason: reason.trim() });
    onStatus(`Fermeture du ${longDay(day)} déclarée : les échéances concernées sont recalculées.`);
    setDay("");
    setReason("");
    await load.run();
  });
  const remove = useAction(async (closure: Closure) => {
    await echeanceApi.closures.remove(closure.day);
    onStatus(`Fermeture du ${longDay(closure.day)} retirée : les échéances concernées sont recalculées.`);
    await load.run();
  });
  return (
    <section aria-labelledby="titre-fermetures">
      <h2 id="titre-fermetures">Fermetures de la juridiction</h2>
      <p class="aide">Les jours où le greffe est fermé (en plus des jours fériés) : un délai qui y finit est prorogé.</p>
      <ErrorMessage error={load.error ?? remove.error} />
      {closures !== null && closures.length === 0 ? <p>Aucune fermeture déclarée.</p> : null}
      <ul class="liste">
        {(closures ?? []).map((closure) => (
          <li key={closure.day}>
            <span>
              <strong>{longDay(closure.day)}</strong> — {closure.reason}
            </span>
            <button type="button" class="secondaire" disabled={remove.busy} onClick={() => void remove.run(closure)}>
              Retirer<span class="visuellement-cache"> la fermeture du {longDay(closure.day)}</span>
            </button>
          </li>
        ))}
      </ul>
      <form class="formulaire" aria-label="Déclarer une fermeture" onSubmit={submit(() => void add.run())}>
        <ErrorMessage error={add.error} />
        <Field label="Jour de fermeture" type="date" name="closure_day" required value={day} onValue={setDay} error={fieldError(add.error, "day")} />
        <Field label="Motif" hint="Par exemple : grève du greffe, pont." name="closure_reason" required autoComplete="off" value={reason} onValue={setReason} error={fieldError(add.error, "reason")} />
        <div class="actions">
          <button type="submit" class="secondaire" disabled={add.busy}>
            Déclarer la fermeture
          </button>
        </div>
      </form>
    </section>
  );
}

export function CabinetScreen() {
  const [cabinet, setCabinet] = useState<CabinetSettings | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const load = useAction(async () => setCabinet(await api.cabinet.get()));
  useEffect(() => void load.run(), []);
  return (
    <Page title="Réglages du cabinet">
      <StatusMessage text={status} />
      <ErrorMessage error={load.error} />
      <h2>Alertes et juridiction</h2>
      {cabinet ? (
        <Alerts
          cabinet={cabinet}
          onSaved={(saved) => {
            setCabinet(saved);
            setStatus(`Réglages enregistrés : alertes à J-${saved.alert_days.join(", J-")}.`);
          }}
        />
      ) : (
        <p class="chargement">Chargement…</p>
      )}
      <Closures onStatus={setStatus} />
    </Page>
  );
}
