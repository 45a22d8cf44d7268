// L'échéancier: the cabinet's deadlines as a list (overdue first, then by date) or a month/week calendar with the
// hearings, filtered by lawyer, dossier and status; the suggestions read from mail, to confirm or reject.
import { useEffect, useState } from "preact/hooks";
import { api, type PersonOut } from "../api";
import { dossierApi, type DossierSummary } from "../api_dossiers";
import { echeanceApi, itemsOf, type DeadlineFilters, type DeadlineOut, type HearingOut } from "../api_echeances";
import { Calendar, calendarRange, type CalendarView } from "../components/calendar";
import { SelectField } from "../components/dossier_ui";
import { DeadlineTable, Suggestions } from "../components/echeance_ui";
import { ErrorMessage, Page, StatusMessage, useAction } from "../components/ui";
import { addDays, addMonths, byUrgency, monthName, shortDay, STATUS_FILTERS, today } from "../echeance_format";
import { currentSearch } from "../router";
import { can } from "../session";

type View = "liste" | CalendarView;
const VIEWS: ReadonlyArray<readonly [View, string]> = [["liste", "Liste"], ["mois", "Mois"], ["semaine", "Semaine"]];
const mayManage = can("deadline.manage");
const mayReadPeople = can("people.read");
const mayReadDossiers = can("dossier.read");

/** `?vue=mois` or `?vue=semaine` opens the calendar (a link or a bookmark can ask for it). */
function viewOf(asked: string | null): View {
  return VIEWS.find(([code]) => code === asked)?.[0] ?? "liste";
}

function useChoices() {
  const [people, setPeople] = useState<PersonOut[]>([]);
  const [dossiers, setDossiers] = useState<DossierSummary[]>([]);
  useEffect(() => {
    // the filters' choices: a role that may not list the team or the dossiers simply gets fewer filters
    if (mayReadPeople.value) api.people.list().then((answer) => setPeople(answer.people.filter((person) => person.active)), () => {});
    if (mayReadDossiers.value) dossierApi.dossiers.list({ status: "ouvert" }, null, 100).then((page) => setDossiers(page.items), () => {});
  }, []);
  return { people, dossiers };
}

function Filters({ filters, onFilters }: { filters: DeadlineFilters; onFilters: (filters: DeadlineFilters) => void }) {
  const { people, dossiers } = useChoices();
  return (
    <form class="filtres" aria-label="Filtrer les échéances" onSubmit={(event) => event.preventDefault()}>
      <SelectField label="Statut" name="status" value={filters.status ?? "a_faire"} options={STATUS_FILTERS} onValue={(status) => onFilters({ ...filters, status })} />
      <SelectField
        label="Avocat responsable"
        name="responsible_id"
        value={filters.responsible_id ?? ""}
        options={[["", "Tous"], ...people.map((person) => [person.id, person.name] as const)]}
        onValue={(responsible_id) => onFilters({ ...filters, responsible_id })}
      />
      <SelectField
        label="Dossier"
        name="dossier_id"
        value={filters.dossier_id ?? ""}
        options={[["", "Tous"], ...dossiers.map((dossier) => [dossier.id, `${dossier.reference} — ${dossier.title}`] as const)]}
        onValue={(dossier_id) => onFilters({ ...filters, dossier_id })}
      />
    </form>
  );
}

function ViewSwitch({ view, onView }: { view: View; onView: (view: View) => void }) {
  return (
    <div class="actions" role="group" aria-label="Affichage">
      {VIEWS.map(([code, label]) => (
        <button key={code} type="button" class={view === code ? undefined : "secondaire"} aria-pressed={view === code ? "true" : "false"} onClick={() => onView(code)}>
          {label}
        </button>
      ))}
    </div>
  );
}

function Period({ view, anchor, onAnchor }: { view: CalendarView; anchor: string; onAnchor: (day: string) => void }) {
  const step = (direction: number) => onAnchor(view === "mois" ? addMonths(anchor, direction) : addDays(anchor, 7 * direction));
  const { first, last } = calendarRange(view, anchor);
  const label = view === "mois" ? monthName(anchor) : `semaine du ${shortDay(first)} au ${shortDay(last)}`;
  return (
    <div class="actions periode">
      <button type="button" class="secondaire" onClick={() => step(-1)}>
        Précédent<span class="visuellement-cache">{view === "mois" ? " : mois précédent" : " : semaine précédente"}</span>
      </button>
      <h2 class="titre-periode" aria-live="polite">
        {label}
      </h2>
      <button type="button" class="secondaire" onClick={() => step(1)}>
        Suivant<span class="visuellement-cache">{view === "mois" ? " : mois suivant" : " : semaine suivante"}</span>
      </button>
      <button type="button" class="secondaire" onClick={() => onAnchor(today())}>
        Aujourd’hui
      </button>
    </div>
  );
}

export function Echeances() {
  const [filters, setFilters] = useState<DeadlineFilters>({ status: "a_faire" });
  const [view, setView] = useState<View>(viewOf(new URLSearchParams(currentSearch.value).get("vue")));
  const [anchor, setAnchor] = useState(today());
  const [deadlines, setDeadlines] = useState<DeadlineOut[] | null>(null);
  const [hearings, setHearings] = useState<HearingOut[]>([]);
  const [suggested, setSuggested] = useState<{ deadlines: DeadlineOut[]; hearings: HearingOut[] }>({ deadlines: [], hearings: [] });
  const [status, setStatus] = useState<string | null>(null);
  const load = useAction(async () => {
    const range = view === "liste" ? {} : (({ first, last }) => ({ from: first, to: last }))(calendarRange(view, anchor));
    const [found, shown, waiting] = await Promise.all([
      echeanceApi.deadlines.list({ ...filters, ...range }),
      view === "liste" ? Promise.resolve({ items: [] as HearingOut[] }) : echeanceApi.hearings.list({ ...range, dossier_id: filters.dossier_id }),
      echeanceApi.suggestions(),
    ]);
    setDeadlines(byUrgency(itemsOf(found)));
    setHearings(itemsOf(shown));
    setSuggested(waiting);
  });
  useEffect(() => void load.run(), [JSON.stringify(filters), view, anchor]);
  const changed = async (message: string) => {
    setStatus(message);
    await load.run();
  };
  return (
    <Page title="Échéancier">
      <StatusMessage text={status} />
      <ErrorMessage error={load.error} />
      {mayManage.value ? <Suggestions deadlines={suggested.deadlines} hearings={suggested.hearings} onChanged={changed} /> : null}
      <h2>Échéances</h2>
      <Filters filters={filters} onFilters={setFilters} />
      <ViewSwitch view={view} onView={setView} />
      {view !== "liste" ? <Period view={view} anchor={anchor} onAnchor={setAnchor} /> : null}
      {deadlines === null ? (
        <p class="chargement">Chargement…</p>
      ) : view === "liste" ? (
        <DeadlineTable deadlines={deadlines} showDossier manage={mayManage.value} onChanged={changed} />
      ) : (
        <div class="defilement" role="region" aria-label="Calendrier des échéances et audiences" tabIndex={0}>
          <Calendar view={view} anchor={anchor} deadlines={deadlines} hearings={hearings} />
        </div>
      )}
    </Page>
  );
}
