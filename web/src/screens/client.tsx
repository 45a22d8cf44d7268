// A client's page: details, e-mail addresses, the dossiers the person may see; for associés (rgpd.manage) the
// export of everything held about them and the erasure, confirmed by typing their name, refused while the legal
// retention runs (the refusal says until when).
import { useEffect, useState } from "preact/hooks";
import { ApiError } from "../api";
import { dossierApi, type ClientDetail, type DossierSummary } from "../api_dossiers";
import { ErrorMessage, Field, Page, StatusMessage, submit, useAction } from "../components/ui";
import { KIND_LABELS, STATUS_LABELS } from "../dossier_format";
import { date } from "../format";
import { navigate } from "../router";
import { can } from "../session";

const mayManageRgpd = can("rgpd.manage");
const mayOpenDossier = can("dossier.manage");

export function DossierTable({ dossiers, label }: { dossiers: DossierSummary[]; label: string }) {
  return (
    <div class="defilement" role="region" aria-label={label} tabIndex={0}>
      <table class="tableau">
        <thead>
          <tr>
            <th scope="col">Référence</th>
            <th scope="col">Intitulé</th>
            <th scope="col">Clients</th>
            <th scope="col">Statut</th>
            <th scope="col">Responsable</th>
            <th scope="col">Ouvert le</th>
          </tr>
        </thead>
        <tbody>
          {dossiers.map((dossier) => (
            <tr key={dossier.id}>
              <td data-titre="Référence">
                <a href={`/dossiers/${encodeURIComponent(dossier.id)}`}>{dossier.reference}</a>
              </td>
              <td data-titre="Intitulé">{dossier.title}</td>
              <td data-titre="Clients">{dossier.clients.map((client) => client.display_name).join(", ")}</td>
              <td data-titre="Statut">{STATUS_LABELS[dossier.status]}</td>
              <td data-titre="Responsable">{dossier.responsible?.name ?? "—"}</td>
              <td data-titre="Ouvert le">{date(dossier.opened_on)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Details({ client }: { client: ClientDetail }) {
  const address = client.addresses?.[0];
  return (
    <dl class="fiche">
      <dt>Type</dt>
      <dd>{KIND_LABELS[client.kind]}</dd>
      {client.siren ? (
        <>
          <dt>SIREN</dt>
          <dd>{client.siren}</dd>
        </>
      ) : null}
      <dt>Adresses e-mail</dt>
      <dd>
        {client.emails && client.emails.length > 0 ? (
          <ul class="simple">
            {client.emails.map((email) => (
              <li key={email}>
                <a href={`mailto:${email}`}>{email}</a>
              </li>
            ))}
          </ul>
        ) : (
          "Aucune"
        )}
      </dd>
      <dt>Téléphones</dt>
      <dd>{client.phones && client.phones.length > 0 ? client.phones.join(", ") : "Aucun"}</dd>
      <dt>Adresse</dt>
      <dd>{address ? [address.line1, address.line2, `${address.postal_code} ${address.city}`].filter(Boolean).join(", ") : "—"}</dd>
      {client.notes ? (
        <>
          <dt>Notes</dt>
          <dd>{client.notes}</dd>
        </>
      ) : null}
    </dl>
  );
}

/** The refusal of an erasure while the legal retention runs: its message, and the first day erasure is possible. */
function RetentionRefusal({ error }: { error: ApiError }) {
  const from = typeof error.body.erasable_from === "string" ? error.body.erasable_from : null;
  return (
    <div class="avertissement" role="alert">
      <p>
        <strong>Effacement refusé : conservation légale.</strong> {error.message}
      </p>
      {from ? (
        <p>
          Effacement possible à partir du <strong>{date(from)}</strong>. La demande est enregistrée : elle sera exécutée
          à cette date.
        </p>
      ) : null}
    </div>
  );
}

function Rgpd({ client }: { client: ClientDetail }) {
  const [typed, setTyped] = useState("");
  const erase = useAction(async () => {
    await dossierApi.clients.erase(client.id, typed);
    navigate("/clients?efface=1");
  });
  const retention = erase.error instanceof ApiError && erase.error.code === "conservation_legale" ? erase.error : null;
  return (
    <section aria-labelledby="titre-rgpd">
      <h2 id="titre-rgpd">Données personnelles (RGPD)</h2>
      <p>
        <a class="bouton secondaire" href={dossierApi.clients.exportUrl(client.id)} download="">
          Exporter les données (RGPD)
        </a>
      </p>
      <p class="aide">Une archive ZIP de tout ce que le cabinet détient sur ce client (droit d’accès et portabilité).</p>
      <h3>Effacer ce client</h3>
      <p>
        L’effacement supprime le client, ses dossiers et leurs documents. Il est refusé tant qu’un dossier est ouvert
        ou clos depuis moins que la durée de conservation légale.
      </p>
      <form class="formulaire" onSubmit={submit(() => void erase.run())}>
        {retention ? <RetentionRefusal error={retention} /> : <ErrorMessage error={erase.error} />}
        <Field
          label={`Pour confirmer, saisissez le nom du client : ${client.display_name}`}
          name="confirm"
          autoComplete="off"
          value={typed}
          onValue={setTyped}
        />
        <div class="actions">
          <button type="submit" class="danger" disabled={erase.busy || typed !== client.display_name}>
            Effacer<span class="visuellement-cache"> {client.display_name}</span>
          </button>
        </div>
      </form>
    </section>
  );
}

export function ClientScreen({ params }: { params: Record<string, string> }) {
  const id = params.id ?? "";
  const [client, setClient] = useState<ClientDetail | null>(null);
  const load = useAction(async () => setClient(await dossierApi.clients.get(id)));
  useEffect(() => void load.run(), [id]);
  if (client === null) {
    return (
      <Page title={load.error ? "Client introuvable" : "Client"}>
        <ErrorMessage error={load.error} />
        {load.error ? <a href="/clients">Retour aux clients</a> : <p class="chargement">Chargement…</p>}
      </Page>
    );
  }
  return (
    <Page title={client.display_name}>
      <StatusMessage text={null} />
      <Details client={client} />
      <section aria-labelledby="titre-dossiers">
        <h2 id="titre-dossiers">Dossiers</h2>
        {mayOpenDossier.value ? (
          <p>
            <a href={`/dossiers/nouveau?client=${encodeURIComponent(client.id)}`}>Ouvrir un dossier pour ce client</a>
          </p>
        ) : null}
        {client.dossiers.length === 0 ? (
          <p>Aucun dossier visible pour ce client.</p>
        ) : (
          <DossierTable dossiers={client.dossiers} label={`Dossiers de ${client.display_name}`} />
        )}
      </section>
      {mayManageRgpd.value ? <Rgpd client={client} /> : null}
    </Page>
  );
}
