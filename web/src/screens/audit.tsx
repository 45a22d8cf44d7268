// Journal d'audit (associés): who did what, when and from where; filters, "voir plus" by cursor, CSV export.
import { useEffect, useState } from "preact/hooks";
import { api, type AuditEntry, type AuditFilters } from "../api";
import { ErrorMessage, Field, Page, submit, useAction } from "../components/ui";
import { dateTime } from "../format";

const PAGE_SIZE = 50;

const PARIS_OFFSET = new Intl.DateTimeFormat("en-US", { timeZone: "Europe/Paris", timeZoneName: "longOffset" });

/** Midnight in Paris at the start of `day` (YYYY-MM-DD) plus `days`, as the UTC instant the API filters on. */
export function parisMidnight(day: string, days = 0): string {
  const [year = 1970, month = 1, date = 1] = day.split("-").map(Number);
  const midnightUtc = Date.UTC(year, month - 1, date + days);
  const zone = PARIS_OFFSET.formatToParts(new Date(midnightUtc)).find((part) => part.type === "timeZoneName")?.value;
  const found = /GMT([+-])(\d{2}):(\d{2})/.exec(zone ?? "");
  const offset = found ? (found[1] === "-" ? -1 : 1) * (Number(found[2]) * 60 + Number(found[3])) : 0;
  return new Date(midnightUtc - offset * 60_000).toISOString().replace(".000Z", "Z");
}

/** The filters as the API takes them: empty fields left out; the days typed become instants (the API's `until`
 * is exclusive: "jusqu'au 3" means before midnight at the end of the 3rd, Paris time). */
function filtersOf(form: Record<keyof AuditFilters, string>): AuditFilters {
  const filters: AuditFilters = {};
  if (form.actor.trim()) filters.actor = form.actor.trim();
  if (form.action.trim()) filters.action = form.action.trim();
  if (form.subject.trim()) filters.subject = form.subject.trim();
  if (form.since) filters.since = parisMidnight(form.since);
  if (form.until) filters.until = parisMidnight(form.until, 1);
  return filters;
}

export function Audit() {
  const [form, setForm] = useState<Record<keyof AuditFilters, string>>({ actor: "", action: "", subject: "", since: "", until: "" });
  const [applied, setApplied] = useState<AuditFilters>({});
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const search = useAction(async (filters: AuditFilters) => {
    const page = await api.audit.list(filters, null, PAGE_SIZE);
    setApplied(filters);
    setEntries(page.entries);
    setCursor(page.next_cursor);
  });
  const more = useAction(async () => {
    const page = await api.audit.list(applied, cursor, PAGE_SIZE);
    setEntries([...(entries ?? []), ...page.entries]);
    setCursor(page.next_cursor);
  });
  useEffect(() => void search.run({}), []);
  const set = (name: keyof AuditFilters) => (value: string) => setForm({ ...form, [name]: value });
  return (
    <Page title="Journal d’audit">
      <form class="filtres" aria-label="Filtres du journal" onSubmit={submit(() => void search.run(filtersOf(form)))}>
        <Field label="Action" hint="Par exemple person.invited" name="action" value={form.action} onValue={set("action")} />
        <Field label="Personne (identifiant)" name="actor" value={form.actor} onValue={set("actor")} />
        <Field label="Objet (identifiant)" name="subject" value={form.subject} onValue={set("subject")} />
        <Field label="Depuis le" type="date" name="since" value={form.since} onValue={set("since")} />
        <Field label="Jusqu’au" type="date" name="until" value={form.until} onValue={set("until")} />
        <div class="actions">
          <button type="submit" disabled={search.busy}>
            Filtrer
          </button>
          <a class="bouton secondaire" href={api.audit.csvUrl(applied)} download>
            Exporter en CSV
          </a>
        </div>
      </form>
      <ErrorMessage error={search.error ?? more.error} />
      {entries === null ? (
        <p class="chargement">Chargement…</p>
      ) : entries.length === 0 ? (
        <p role="status">Aucune entrée ne correspond à ces filtres.</p>
      ) : (
        <>
          <p role="status" class="statut">
            {entries.length} entrée{entries.length > 1 ? "s" : ""} affichée{entries.length > 1 ? "s" : ""}
            {cursor ? " (il y en a d’autres)" : ""}.
          </p>
          <div class="defilement" role="region" aria-label="Entrées du journal" tabIndex={0}>
            <table class="tableau journal">
              <thead>
                <tr>
                  <th scope="col">Date</th>
                  <th scope="col">Personne</th>
                  <th scope="col">Action</th>
                  <th scope="col">Résumé</th>
                  <th scope="col">Objet</th>
                  <th scope="col">Origine</th>
                  <th scope="col">Adresse IP</th>
                </tr>
              </thead>
              <tbody>
                {entries.map((entry) => (
                  <tr key={entry.id}>
                    <td data-titre="Date">{dateTime(entry.at)}</td>
                    <td data-titre="Personne">{entry.actor_name ?? entry.actor ?? "Système"}</td>
                    <td data-titre="Action">
                      <code>{entry.action}</code>
                    </td>
                    <td data-titre="Résumé">{entry.summary ?? ""}</td>
                    <td data-titre="Objet">{entry.subject ?? ""}</td>
                    <td data-titre="Origine">{entry.origin ?? ""}</td>
                    <td data-titre="Adresse IP">{entry.client_ip ?? ""}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {cursor ? (
            <div class="actions">
              <button type="button" class="secondaire" disabled={more.busy} onClick={() => void more.run()}>
                Voir plus
              </button>
            </div>
          ) : null}
        </>
      )}
    </Page>
  );
}
