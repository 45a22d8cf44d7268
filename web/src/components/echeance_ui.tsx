// Building blocks of the échéances screens: the engine's explanation, the list of deadlines (mark done with its
// version), a suggestion to confirm or reject with the quote it was read from.
import type { ComponentChildren } from "preact";
import { echeanceApi, type DeadlineOut, type DossierRef, type EngineResult, type HearingOut } from "../api_echeances";
import { DEADLINE_STATUS_LABELS, longDay, waitingFor } from "../echeance_format";
import { ErrorMessage, useAction } from "./ui";

/** What the engine says: the date, the alert, each step of its reasoning, its warnings and its legal basis. */
export function EngineExplanation({ result, title = "Calcul du moteur" }: { result: EngineResult; title?: string }) {
  return (
    <div class="explication">
      <p class="echeance-calculee">
        <strong>{title} : {longDay(result.due_date)}</strong>
        {result.alert_date !== result.due_date ? <> — alerte recommandée le {longDay(result.alert_date)}</> : null}
      </p>
      <ol class="raisonnement" aria-label="Explication du calcul">
        {result.explanation.map((sentence) => (
          <li key={sentence}>{sentence}</li>
        ))}
      </ol>
      {result.warnings.length > 0 ? (
        <ul class="avertissements" aria-label="Avertissements">
          {result.warnings.map((warning) => (
            <li key={warning}>{warning}</li>
          ))}
        </ul>
      ) : null}
      {result.legal_basis.length > 0 ? <p class="discret">Fondement : {result.legal_basis.join(" ; ")}.</p> : null}
    </div>
  );
}

function DueCell({ deadline }: { deadline: DeadlineOut }) {
  const waiting = waitingFor(deadline);
  if (waiting) return <span class="attente">En attente de {waiting}</span>;
  return (
    <>
      {longDay(deadline.due_date)}
      {deadline.overdue ? <strong class="ko"> (en retard)</strong> : null}
      {deadline.manual_due_date ? (
        <span class="discret">
          {" "}
          — fixée à la main ({deadline.manual_reason}) ; date calculée : {longDay(deadline.computed_due_date)}
        </span>
      ) : null}
    </>
  );
}

/** The deadlines as a table (cards on a phone), overdue first as the API orders them; "Marquer faite" sends the
 * version read, so a change made meanwhile by someone else is refused rather than overwritten. */
export function DeadlineTable({
  deadlines,
  showDossier,
  manage,
  onChanged,
}: {
  deadlines: DeadlineOut[];
  showDossier: boolean;
  manage: boolean;
  onChanged: (message: string) => Promise<void>;
}) {
  const done = useAction(async (deadline: DeadlineOut) => {
    await echeanceApi.deadlines.update(deadline.id, { version: deadline.version, status: "fait" });
    await onChanged(`Échéance « ${deadline.title} » marquée faite.`);
  });
  if (deadlines.length === 0) return <p>Aucune échéance.</p>;
  return (
    <>
      <ErrorMessage error={done.error} />
      <div class="defilement" role="region" aria-label="Échéances" tabIndex={0}>
        <table class="tableau echeances">
          <thead>
            <tr>
              <th scope="col">Échéance</th>
              <th scope="col">Intitulé</th>
              {showDossier ? <th scope="col">Dossier</th> : null}
              <th scope="col">Responsable</th>
              <th scope="col">Statut</th>
              <th scope="col">
                <span class="visuellement-cache">Action</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {deadlines.map((deadline) => (
              <tr key={deadline.id} id={`echeance-${deadline.id}`} class={deadline.overdue ? "en-retard" : undefined}>
                <td data-titre="Échéance">
                  <DueCell deadline={deadline} />
                </td>
                <td data-titre="Intitulé">{deadline.title}</td>
                {showDossier ? (
                  <td data-titre="Dossier">
                    <a href={`/dossiers/${encodeURIComponent(deadline.dossier.id)}?onglet=echeances`}>{deadline.dossier.reference}</a>{" "}
                    {deadline.dossier.title}
                  </td>
                ) : null}
                <td data-titre="Responsable">{deadline.responsible?.name ?? "—"}</td>
                <td data-titre="Statut">{DEADLINE_STATUS_LABELS[deadline.status]}</td>
                <td>
                  {manage && deadline.status === "a_faire" ? (
                    <button type="button" class="secondaire" disabled={done.busy} onClick={() => void done.run(deadline)}>
                      Marquer faite<span class="visuellement-cache"> : {deadline.title}</span>
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function Source({ item }: { item: { source?: string | null; source_id?: string | null; quote?: string | null } }) {
  return (
    <>
      {item.quote ? <blockquote class="citation">« {item.quote} »</blockquote> : null}
      {item.source === "courrier" && item.source_id ? (
        <p>
          <a href={`/courrier/${encodeURIComponent(item.source_id)}`}>Voir le courrier d’où elle a été lue</a>
        </p>
      ) : null}
    </>
  );
}

function SuggestionItem({
  what,
  item,
  busy,
  onAct,
  children,
}: {
  what: string; // "l’échéance Appel…", for the buttons' names
  item: { source?: string | null; source_id?: string | null; quote?: string | null };
  busy: boolean;
  onAct: (verb: "confirm" | "reject") => void;
  children: ComponentChildren;
}) {
  return (
    <li class="carte">
      <p>{children}</p>
      <Source item={item} />
      <div class="actions">
        <button type="button" disabled={busy} onClick={() => onAct("confirm")}>
          Confirmer<span class="visuellement-cache"> {what}</span>
        </button>
        <button type="button" class="secondaire" disabled={busy} onClick={() => onAct("reject")}>
          Rejeter<span class="visuellement-cache"> {what}</span>
        </button>
      </div>
    </li>
  );
}

const dossierLink = (dossier: DossierRef) => (
  <a href={`/dossiers/${encodeURIComponent(dossier.id)}?onglet=echeances`}>{dossier.reference}</a>
);

/** The suggestions read from mail, each confirmed or rejected in one click (both audited by the API). */
export function Suggestions({
  deadlines,
  hearings,
  onChanged,
}: {
  deadlines: DeadlineOut[];
  hearings: HearingOut[];
  onChanged: (message: string) => Promise<void>;
}) {
  const act = useAction(async (what: "deadline" | "hearing", verb: "confirm" | "reject", id: string, label: string) => {
    const api = what === "deadline" ? echeanceApi.deadlines : echeanceApi.hearings;
    await (verb === "confirm" ? api.confirm(id) : api.reject(id));
    await onChanged(verb === "confirm" ? `« ${label} » est confirmée.` : `« ${label} » est rejetée.`);
  });
  const count = deadlines.length + hearings.length;
  return (
    <section aria-labelledby="titre-suggestions">
      <h2 id="titre-suggestions">À confirmer ({count})</h2>
      <ErrorMessage error={act.error} />
      {count === 0 ? <p>Aucune suggestion en attente.</p> : null}
      <ul class="suggestions">
        {deadlines.map((deadline) => (
          <SuggestionItem key={deadline.id} what={`l’échéance ${deadline.title}`} item={deadline} busy={act.busy} onAct={(verb) => void act.run("deadline", verb, deadline.id, deadline.title)}>
            <strong>{deadline.title}</strong> — échéance le {longDay(deadline.due_date)}, dossier {dossierLink(deadline.dossier)}
          </SuggestionItem>
        ))}
        {hearings.map((hearing) => (
          <SuggestionItem key={hearing.id} what={`l’audience du ${longDay(hearing.date)}`} item={hearing} busy={act.busy} onAct={(verb) => void act.run("hearing", verb, hearing.id, `Audience du ${longDay(hearing.date)}`)}>
            <strong>Audience du {longDay(hearing.date)}</strong>
            {hearing.time ? ` à ${hearing.time}` : ""}
            {hearing.court ? `, ${hearing.court}` : ""} — dossier {dossierLink(hearing.dossier)}
          </SuggestionItem>
        ))}
      </ul>
    </section>
  );
}
