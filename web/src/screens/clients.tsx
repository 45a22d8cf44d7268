// Clients: the list (name search, kind filter, "voir plus" by cursor) and the new client form.
import { useEffect, useState } from "preact/hooks";
import { dossierApi, type ClientFilters, type ClientKind, type ClientOut, type NewClient } from "../api_dossiers";
import { MoreButton, SelectField } from "../components/dossier_ui";
import { ErrorMessage, Field, Page, fieldError, submit, useAction } from "../components/ui";
import { KIND_LABELS } from "../dossier_format";
import { navigate } from "../router";
import { can } from "../session";

const mayManage = can("client.manage");
const KIND_FILTER: ReadonlyArray<readonly [string, string]> = [
  ["", "Tous"],
  ["personne_physique", KIND_LABELS.personne_physique],
  ["personne_morale", KIND_LABELS.personne_morale],
];
const SORTS: ReadonlyArray<readonly [string, string]> = [
  ["name", "Nom"],
  ["-created_at", "Les plus récents"],
];

export function Clients() {
  const [form, setForm] = useState<Required<ClientFilters>>({ q: "", kind: "", sort: "name" });
  const [applied, setApplied] = useState<ClientFilters>({});
  const [clients, setClients] = useState<ClientOut[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const search = useAction(async (filters: ClientFilters) => {
    const page = await dossierApi.clients.list(filters, null);
    setApplied(filters);
    setClients(page.items);
    setCursor(page.next_cursor);
  });
  const more = useAction(async () => {
    const page = await dossierApi.clients.list(applied, cursor);
    setClients([...(clients ?? []), ...page.items]);
    setCursor(page.next_cursor);
  });
  useEffect(() => void search.run({ sort: "name" }), []);
  const set = (name: keyof ClientFilters) => (value: string) => setForm({ ...form, [name]: value });
  return (
    <Page title="Clients">
      {mayManage.value ? (
        <p>
          <a class="bouton" href="/clients/nouveau">
            Nouveau client
          </a>
        </p>
      ) : null}
      <form class="filtres" aria-label="Chercher un client" onSubmit={submit(() => void search.run({ ...form, q: form.q.trim() }))}>
        <Field label="Nom" hint="Le début du nom, accents indifférents" name="q" value={form.q} onValue={set("q")} />
        <SelectField label="Type" name="kind" value={form.kind} options={KIND_FILTER} onValue={set("kind")} />
        <SelectField label="Tri" name="sort" value={form.sort} options={SORTS} onValue={set("sort")} />
        <div class="actions">
          <button type="submit" disabled={search.busy}>
            Chercher
          </button>
        </div>
      </form>
      <ErrorMessage error={search.error ?? more.error} />
      {clients === null ? (
        <p class="chargement">Chargement…</p>
      ) : clients.length === 0 ? (
        <p role="status">Aucun client ne correspond.</p>
      ) : (
        <>
          <div class="defilement" role="region" aria-label="Clients" tabIndex={0}>
            <table class="tableau">
              <thead>
                <tr>
                  <th scope="col">Nom</th>
                  <th scope="col">Type</th>
                  <th scope="col">Adresse e-mail</th>
                  <th scope="col">SIREN</th>
                </tr>
              </thead>
              <tbody>
                {clients.map((client) => (
                  <tr key={client.id}>
                    <td data-titre="Nom">
                      <a href={`/clients/${encodeURIComponent(client.id)}`}>{client.display_name}</a>
                    </td>
                    <td data-titre="Type">{KIND_LABELS[client.kind]}</td>
                    <td data-titre="Adresse e-mail">{client.emails?.[0] ?? ""}</td>
                    <td data-titre="SIREN">{client.siren ?? ""}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <MoreButton cursor={cursor} busy={more.busy} onMore={() => void more.run()} />
        </>
      )}
    </Page>
  );
}

interface ClientForm {
  kind: ClientKind;
  civility: "" | "M." | "Mme";
  first_name: string;
  last_name: string;
  company_name: string;
  siren: string;
  email: string;
  phone: string;
  line1: string;
  postal_code: string;
  city: string;
  notes: string;
}

const EMPTY: ClientForm = {
  kind: "personne_physique",
  civility: "",
  first_name: "",
  last_name: "",
  company_name: "",
  siren: "",
  email: "",
  phone: "",
  line1: "",
  postal_code: "",
  city: "",
  notes: "",
};

/** The body of POST /api/clients: empty fields left out, one address when its lines are given. */
function newClientOf(form: ClientForm): NewClient {
  const body: NewClient = { kind: form.kind };
  const text = (value: string) => value.trim();
  if (form.kind === "personne_physique") {
    if (form.civility) body.civility = form.civility;
    if (text(form.first_name)) body.first_name = text(form.first_name);
    body.last_name = text(form.last_name);
  } else {
    body.company_name = text(form.company_name);
    if (text(form.siren)) body.siren = form.siren.replace(/\s+/g, "");
  }
  if (text(form.email)) body.emails = [text(form.email)];
  if (text(form.phone)) body.phones = [text(form.phone)];
  if (text(form.line1) || text(form.city)) {
    body.addresses = [{ line1: text(form.line1), postal_code: text(form.postal_code), city: text(form.city) }];
  }
  if (text(form.notes)) body.notes = text(form.notes);
  return body;
}

export function NewClientScreen() {
  const [form, setForm] = useState<ClientForm>(EMPTY);
  const create = useAction(async () => {
    const created = await dossierApi.clients.create(newClientOf(form));
    navigate(`/clients/${encodeURIComponent(created.id)}`);
  });
  const set = (name: keyof ClientForm) => (value: string) => setForm({ ...form, [name]: value });
  const error = (...fields: string[]) => fields.map((field) => fieldError(create.error, field)).find(Boolean) ?? null;
  const natural = form.kind === "personne_physique";
  return (
    <Page title="Nouveau client">
      <form class="formulaire" aria-busy={create.busy} onSubmit={submit(() => void create.run())}>
        <ErrorMessage error={create.error} />
        <SelectField
          label="Type de client"
          name="kind"
          value={form.kind}
          options={[
            ["personne_physique", KIND_LABELS.personne_physique],
            ["personne_morale", KIND_LABELS.personne_morale],
          ]}
          onValue={set("kind")}
        />
        {natural ? (
          <>
            <SelectField
              label="Civilité"
              name="civility"
              value={form.civility}
              options={[
                ["", "Non précisée"],
                ["Mme", "Mme"],
                ["M.", "M."],
              ]}
              onValue={set("civility")}
            />
            <Field label="Prénom" name="first_name" autoComplete="off" value={form.first_name} onValue={set("first_name")} />
            <Field label="Nom" name="last_name" autoComplete="off" required value={form.last_name} onValue={set("last_name")} error={error("last_name")} />
          </>
        ) : (
          <>
            <Field label="Raison sociale" name="company_name" autoComplete="off" required value={form.company_name} onValue={set("company_name")} error={error("company_name")} />
            <Field label="SIREN" hint="9 chiffres" name="siren" inputMode="numeric" autoComplete="off" value={form.siren} onValue={set("siren")} error={error("siren")} />
          </>
        )}
        <Field label="Adresse e-mail" type="email" name="email" autoComplete="off" value={form.email} onValue={set("email")} error={error("emails", "email")} />
        <Field label="Téléphone" name="phone" autoComplete="off" value={form.phone} onValue={set("phone")} error={error("phones")} />
        <Field label="Adresse" name="line1" autoComplete="off" value={form.line1} onValue={set("line1")} error={error("addresses.line1")} />
        <Field label="Code postal" name="postal_code" inputMode="numeric" autoComplete="off" value={form.postal_code} onValue={set("postal_code")} error={error("addresses.postal_code")} />
        <Field label="Ville" name="city" autoComplete="off" value={form.city} onValue={set("city")} error={error("addresses.city", "addresses")} />
        <Field label="Notes" name="notes" autoComplete="off" value={form.notes} onValue={set("notes")} />
        <div class="actions">
          <button type="submit" disabled={create.busy}>
            Créer le client
          </button>
          <a href="/clients">Annuler</a>
        </div>
      </form>
    </Page>
  );
}
