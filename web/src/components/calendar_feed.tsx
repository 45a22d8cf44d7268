// "Mon compte": the personal calendar feed (ICS) — create or replace its secret address, copy it, revoke it — with
// how to subscribe from Google Agenda, Outlook and Apple Calendrier.
import { useState } from "preact/hooks";
import { echeanceApi } from "../api_echeances";
import { ErrorMessage, StatusMessage, useAction } from "./ui";

export function CalendarFeed() {
  const [url, setUrl] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const create = useAction(async () => {
    setUrl((await echeanceApi.calendar.create()).url);
    setStatus("Nouvelle adresse créée : l’ancienne, s’il y en avait une, ne fonctionne plus.");
  });
  const revoke = useAction(async () => {
    await echeanceApi.calendar.revoke();
    setUrl(null);
    setStatus("L’adresse de l’agenda est révoquée : les abonnements existants ne reçoivent plus rien.");
  });
  const copy = useAction(async () => {
    if (!url) return;
    await navigator.clipboard.writeText(url);
    setStatus("Adresse copiée.");
  });
  return (
    <section aria-labelledby="titre-agenda">
      <h2 id="titre-agenda">Mon agenda (abonnement)</h2>
      <p>
        Vos échéances et audiences peuvent apparaître dans votre agenda habituel, mises à jour automatiquement. L’adresse
        est secrète et personnelle : elle ne donne accès qu’à cet agenda, jamais à l’application. Pour des raisons de
        sécurité, elle n’est affichée qu’une fois : en créer une nouvelle révoque la précédente.
      </p>
      <StatusMessage text={status} />
      <ErrorMessage error={create.error ?? revoke.error ?? copy.error} />
      {url ? (
        <div class="champ">
          <label for="adresse-agenda">Adresse de l’agenda</label>
          <div class="en-ligne">
            <input id="adresse-agenda" type="text" readOnly value={url} onFocus={(event) => event.currentTarget.select()} />
            <button type="button" class="secondaire" onClick={() => void copy.run()}>
              Copier<span class="visuellement-cache"> l’adresse de l’agenda</span>
            </button>
          </div>
        </div>
      ) : null}
      <div class="actions">
        <button type="button" disabled={create.busy} onClick={() => void create.run()}>
          {url ? "Créer une nouvelle adresse" : "Créer l’adresse de mon agenda"}
        </button>
        <button type="button" class="secondaire" disabled={revoke.busy} onClick={() => void revoke.run()}>
          Révoquer l’adresse
        </button>
      </div>
      <details>
        <summary>Comment s’abonner</summary>
        <ul>
          <li>
            <strong>Google Agenda</strong> (sur ordinateur) : « Autres agendas » → « + » → « À partir de l’URL », collez
            l’adresse, puis « Ajouter l’agenda ». Google le met à jour toutes les quelques heures.
          </li>
          <li>
            <strong>Outlook</strong> : « Ajouter un calendrier » → « S’abonner à partir du web », collez l’adresse, donnez-lui
            un nom, puis « Importer ».
          </li>
          <li>
            <strong>Apple Calendrier</strong> (Mac) : « Fichier » → « Nouvel abonnement à un calendrier… », collez
            l’adresse. Sur iPhone : Réglages → Calendrier → Comptes → Ajouter un compte → Autre → « Ajouter un calendrier
            avec abonnement ».
          </li>
        </ul>
      </details>
    </section>
  );
}
