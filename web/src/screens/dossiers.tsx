// Dossiers: the list (status, responsible, client, title or reference; sorting; "voir plus" by cursor) and the
// new dossier form, whose conflict-of-interest check shows its matches and asks the lawyer to confirm knowingly.
import { useEffect, useState } from "preact/hooks";
import { api, type PersonOut } from "../api";
import {
  conflictsOf,
  dossierApi,
  type ClientOut,
  type ConflictMatch,
  type DossierFilters,
  type DossierSummary,
  type NewDossier,
  type NewParty,
  type ReferenceKind,
  type Visibility,
} from "../api_dossiers";
import { ClientPicker, ConflictReview, MoreButton, SelectField } from "../components/dossier_ui";
import { PartyForm, partySubject } from "../components/party_form";
import { ErrorMessage, Field, Page, fieldError, submit, useAction } from "../components/ui";
import { PARTY_LABELS, REFERENCE_HINTS, REFERENCE_LABELS, STATUS_LABELS, VISIBILITY_LABELS } from "../dossier_format";
import { currentSearch, navigate } from "../router";
import { can } from "../session";
import { DossierTable } from "./client";

const mayManage = can("dossier.manage");
const STATUSES: ReadonlyArray<readonly [string, string]> = [["", "Tous"], ...Object.entries(STATUS_LABELS)];
const SORTS: ReadonlyArray<readonly [string, string]> = [
  ["-opened_on", "Les plus récemment ouverts"],
  ["reference", "Référence croissante"],
  ["-reference", "Référence décroissante"],
  ["title", "Intitulé"],
];

/** The cabinet's active people, for the "responsable" choices (empty when the list may not be read). */
function usePeople(): PersonOut[] {
  const [people, setPeople] = useState<PersonOut[]>([]);
  useEffect(() => {
    api.people.list().then((answer) => setPeople(answer.people.filter((person) => person.active)), () => setPeople([]));
  }, []);
  return people;
}

export function Dossiers() {
  const people = usePeople();
  const initialClient = new URLSearchParams(currentSearch.value).get("client_id") ?? "";
  const [form, setForm] = useState<Required<DossierFilters>>({ status: "", responsible_id: "", client_id: initialClient, q: "", sort: "-opened_on" });
  const [clientName, setClientName] = useState<string | null>(null);
  const [applied, setApplied] = useState<DossierFilters>({});
  const [dossiers, setDossiers] = useState<DossierSummary[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const search = useAction(async (filters: DossierFilters) => {
    const page = await dossierApi.dossiers.list(filters, null);
    setApplied(filters);
    setDossiers(page.items);
    setCursor(page.next_cursor);
  });
  const more = useAction(async () => {
    const page = await dossierApi.dossiers.list(applied, cursor);
    setDossiers([...(dossiers ?? []), ...page.items]);
    setCursor(page.next_cursor);
  });
  useEffect(() => void search.run({ sort: "-opened_on", client_id: initialClient }), []);
  const set = (name: keyof DossierFilters) => (value: string) => setForm({ ...form, [name]: value });
  const responsibles: ReadonlyArray<readonly [string, string]> = [["", "Tous"], ...people.map((p) => [p.id, p.name] as const)];
  return (
    <Page title="Dossiers">
      {mayManage.value ? (
        <p>
          <a class="bouton" href="/dossiers/nouveau">
            Nouveau dossier
          </a>
        </p>
      ) : null}
      <form class="filtres" aria-label="Filtrer les dossiers" onSubmit={submit(() => void search.run({ ...form, q: form.q.trim() }))}>
        <Field label="Intitulé ou référence" name="q" value={form.q} onValue={set("q")} />
        <SelectField label="Statut" name="status" value={form.status} options={STATUSES} onValue={set("status")} />
        <SelectField label="Responsable" name="responsible_id" value={form.responsible_id} options={responsibles} onValue={set("responsible_id")} />
        <SelectField label="Tri" name="sort" value={form.sort} options={SORTS} onValue={set("sort")} />
        <div class="filtre-client">
          {form.client_id ? (
            <p>
              Client : {clientName ?? "choisi"}{" "}
              <button type="button" class="lien" onClick={() => setForm({ ...form, client_id: "" })}>
                Tous les clients
              </button>
            </p>
          ) : (
            <ClientPicker
              label="Client"
              exclude={[]}
              onPick={(client) => {
                setClientName(client.display_name);
                setForm({ ...form, client_id: client.id });
              }}
            />
          )}
        </div>
        <div class="actions">
          <button type="submit" disabled={search.busy}>
            Filtrer
          </button>
        </div>
      </form>
      <ErrorMessage error={search.error ?? more.error} />
      {dossiers === null ? (
        <p class="chargement">Chargement…</p>
      ) : dossiers.length === 0 ? (
        <p role="status">Aucun dossier ne correspond.</p>
      ) : (
        <>
          <DossierTable dossiers={dossiers} label="Dossiers" />
          <MoreButton cursor={cursor} busy={more.busy} onMore={() => void more.run()} />
        </>
      )}
    </Page>
  );
}

interface DossierForm {
  title: string;
  matter_type: string;
  responsible_id: string;
  visibility: Visibility;
  jurisdiction: string;
  reference_kind: ReferenceKind;
  reference_value: string;
}

/** The names the conflict check looks for: each client's and each party's, with their SIREN. */
function subjectsOf(clients: ClientOut[], parties: NewParty[]) {
  const ofClient = (client: ClientOut) => {
    const name = client.company_name || [client.first_name, client.last_name].filter(Boolean).join(" ") || client.display_name;
    return client.siren ? { name, siren: client.siren } : { name };
  };
  return [...clients.map(ofClient), ...parties.map(partySubject)];
}

function bodyOf(form: DossierForm, clients: ClientOut[], parties: NewParty[], acknowledge: boolean): NewDossier {
  const body: NewDossier = {
    title: form.title.trim(),
    matter_type: form.matter_type.trim(),
    client_ids: clients.map((client) => client.id),
    visibility: form.visibility,
    parties,
    acknowledge_conflicts: acknowledge,
  };
  if (form.responsible_id) body.responsible_id = form.responsible_id;
  if (form.jurisdiction.trim()) body.jurisdiction = form.jurisdiction.trim();
  if (form.reference_value.trim()) body.court_references = [{ kind: form.reference_kind, value: form.reference_value.trim() }];
  return body;
}

function ChosenClients({ clients, error, onClients }: { clients: ClientOut[]; error: string | null; onClients: (clients: ClientOut[]) => void }) {
  return (
    <fieldset>
      <legend>Clients</legend>
      {clients.length === 0 ? <p>Aucun client choisi : il en faut au moins un.</p> : null}
      <ul class="liste">
        {clients.map((client) => (
          <li key={client.id}>
            <span>{client.display_name}</span>
            <button type="button" class="secondaire" onClick={() => onClients(clients.filter((c) => c.id !== client.id))}>
              Retirer<span class="visuellement-cache"> {client.display_name}</span>
            </button>
          </li>
        ))}
      </ul>
      <ClientPicker label="Ajouter un client" exclude={clients.map((c) => c.id)} onPick={(client) => onClients([...clients, client])} />
      {error ? <p class="erreur-champ">{error}</p> : null}
    </fieldset>
  );
}

function ChosenParties({ parties, onParties }: { parties: NewParty[]; onParties: (parties: NewParty[]) => void }) {
  return (
    <fieldset>
      <legend>Parties</legend>
      <ul class="liste">
        {parties.map((party, index) => (
          <li key={`${index}:${party.name}`}>
            <span>
              {party.name} — {PARTY_LABELS[party.role]}
              {party.siren ? ` (SIREN ${party.siren})` : ""}
            </span>
            <button type="button" class="secondaire" onClick={() => onParties(parties.filter((_, i) => i !== index))}>
              Retirer<span class="visuellement-cache"> {party.name}</span>
            </button>
          </li>
        ))}
      </ul>
      <PartyForm onParty={async (party) => onParties([...parties, party])} submitLabel="Ajouter la partie" />
    </fieldset>
  );
}

/** The preview of POST /api/conflicts/check, without a client's match on their own record. */
async function previewConflicts(clients: ClientOut[], parties: NewParty[]): Promise<ConflictMatch[]> {
  const ids = clients.map((client) => client.id);
  const { conflicts } = await dossierApi.conflicts.check(subjectsOf(clients, parties));
  return conflicts.filter((match) => !(match.against === "client" && match.id !== null && ids.includes(match.id))); // a client matching their own record
}

const NEW_DOSSIER: DossierForm = { title: "", matter_type: "", responsible_id: "", visibility: "cabinet", jurisdiction: "", reference_kind: "rg", reference_value: "" };

export function NewDossierScreen() {
  const people = usePeople();
  const [form, setForm] = useState<DossierForm>(NEW_DOSSIER);
  const [clients, setClients] = useState<ClientOut[]>([]);
  const [parties, setParties] = useState<NewParty[]>([]);
  const [conflicts, setConflicts] = useState<ConflictMatch[] | null>(null); // null: not checked since the last change
  const [confirmed, setConfirmed] = useState(false);
  useEffect(() => {
    const wanted = new URLSearchParams(currentSearch.value).get("client");
    if (wanted) dossierApi.clients.get(wanted).then((client) => setClients([client]), () => undefined);
  }, []);
  const changed = () => {
    setConflicts(null);
    setConfirmed(false);
  };
  const create = useAction(async () => {
    if (conflicts === null) {
      const found = await previewConflicts(clients, parties);
      setConflicts(found);
      if (found.length > 0) return; // shown; the lawyer confirms, then submits again
    }
    try {
      const acknowledge = conflicts !== null && conflicts.length > 0 && confirmed;
      const created = await dossierApi.dossiers.create(bodyOf(form, clients, parties, acknowledge));
      navigate(`/dossiers/${encodeURIComponent(created.id)}`);
    } catch (error) {
      const found = conflictsOf(error);
      if (found === null) throw error;
      setConflicts(found); // the server's own check found more than the preview
      setConfirmed(false);
    }
  });
  const set = (name: keyof DossierForm) => (value: string) => setForm({ ...form, [name]: value });
  const pending = conflicts !== null && conflicts.length > 0;
  const responsibles: ReadonlyArray<readonly [string, string]> = [["", "Moi (par défaut)"], ...people.map((p) => [p.id, p.name] as const)];
  return (
    <Page title="Nouveau dossier">
      <form class="formulaire large" aria-busy={create.busy} onSubmit={submit(() => void create.run())}>
        <ErrorMessage error={create.error} />
        <Field label="Intitulé" name="title" required autoComplete="off" value={form.title} onValue={set("title")} error={fieldError(create.error, "title")} />
        <Field label="Matière" hint="Par exemple Baux commerciaux" name="matter_type" required autoComplete="off" value={form.matter_type} onValue={set("matter_type")} error={fieldError(create.error, "matter_type")} />
        <ChosenClients clients={clients} error={fieldError(create.error, "client_ids")} onClients={(chosen) => { setClients(chosen); changed(); }} />
        <ChosenParties parties={parties} onParties={(chosen) => { setParties(chosen); changed(); }} />
        <SelectField label="Responsable" name="responsible_id" value={form.responsible_id} options={responsibles} onValue={set("responsible_id")} />
        <SelectField label="Visibilité" name="visibility" value={form.visibility} options={Object.entries(VISIBILITY_LABELS) as [Visibility, string][]} onValue={set("visibility")} />
        <Field label="Juridiction" name="jurisdiction" autoComplete="off" value={form.jurisdiction} onValue={set("jurisdiction")} />
        <SelectField label="Type de référence de procédure" name="reference_kind" value={form.reference_kind} options={Object.entries(REFERENCE_LABELS) as [ReferenceKind, string][]} onValue={set("reference_kind")} />
        <Field label="Référence de procédure (facultative)" hint={REFERENCE_HINTS[form.reference_kind]} name="reference_value" autoComplete="off" value={form.reference_value} onValue={set("reference_value")} error={fieldError(create.error, "value")} />
        {pending ? <ConflictReview conflicts={conflicts} confirmed={confirmed} onConfirmed={setConfirmed} /> : null}
        <div class="actions">
          <button type="submit" disabled={create.busy || clients.length === 0 || (pending && !confirmed)}>
            {pending ? "Créer le dossier malgré ces correspondances" : "Vérifier les conflits et créer le dossier"}
          </button>
          <a href="/dossiers">Annuler</a>
        </div>
      </form>
    </Page>
  );
}
