// A dossier's page: its header (reference, title, status and visibility changes), then tabs: the summary (clients,
// parties, court references), the documents, the mail grouped by thread, and the deadlines and hearings.
import { useEffect, useState } from "preact/hooks";
import { dossierApi, type DossierOut, type DossierStatus, type Visibility } from "../api_dossiers";
import { SelectField, Tabs } from "../components/dossier_ui";
import { ErrorMessage, Page, StatusMessage, submit, useAction } from "../components/ui";
import { STATUS_LABELS, VISIBILITY_LABELS } from "../dossier_format";
import { date } from "../format";
import { currentSearch } from "../router";
import { can } from "../session";
import { ClientsSection, PartiesSection, ReferencesSection } from "./dossier_sections";
import { DocumentsSection } from "./documents";
import { DossierCourrier } from "./dossier_courrier";
import { DossierEcheances } from "./dossier_echeances";
import { DossierDictees } from "./dossier_dictees";

const mayManage = can("dossier.manage");

/** The statuses reachable from `status`: archiving only once closed (the API refuses it otherwise). */
function nextStatuses(status: DossierStatus): [DossierStatus, string][] {
  const reachable: DossierStatus[] = status === "archive" ? ["archive", "clos"] : status === "clos" ? ["ouvert", "en_attente", "clos", "archive"] : ["ouvert", "en_attente", "clos"];
  return reachable.map((code) => [code, STATUS_LABELS[code]]);
}

function Header({ dossier, onChanged }: { dossier: DossierOut; onChanged: (message: string, dossier: DossierOut) => Promise<void> }) {
  const [status, setStatus] = useState<DossierStatus>(dossier.status);
  const [visibility, setVisibility] = useState<Visibility>(dossier.visibility);
  const save = useAction(async () => {
    const changes = { ...(status !== dossier.status ? { status } : {}), ...(visibility !== dossier.visibility ? { visibility } : {}) };
    const saved = await dossierApi.dossiers.update(dossier.id, changes);
    await onChanged(`Dossier ${saved.reference} : ${STATUS_LABELS[saved.status].toLowerCase()}, visible par ${VISIBILITY_LABELS[saved.visibility].toLowerCase()}.`, saved);
  });
  return (
    <>
      <dl class="fiche">
        <dt>Référence</dt>
        <dd>{dossier.reference}</dd>
        <dt>Matière</dt>
        <dd>{dossier.matter_type || "—"}</dd>
        <dt>Statut</dt>
        <dd>
          {STATUS_LABELS[dossier.status]}
          {dossier.closed_on ? `, clos le ${date(dossier.closed_on)}` : ""}
        </dd>
        <dt>Visibilité</dt>
        <dd>{VISIBILITY_LABELS[dossier.visibility]}</dd>
        <dt>Responsable</dt>
        <dd>{dossier.responsible?.name ?? "—"}</dd>
        <dt>Équipe</dt>
        <dd>{dossier.team.length > 0 ? dossier.team.map((person) => person.name).join(", ") : "—"}</dd>
        <dt>Juridiction</dt>
        <dd>{dossier.jurisdiction || "—"}</dd>
        <dt>Ouvert le</dt>
        <dd>{date(dossier.opened_on)}</dd>
      </dl>
      {mayManage.value ? (
        <form class="filtres" aria-label="Statut et visibilité" onSubmit={submit(() => void save.run())}>
          <SelectField label="Statut" name="status" value={status} options={nextStatuses(dossier.status)} onValue={setStatus} />
          <SelectField label="Visibilité" name="visibility" value={visibility} options={Object.entries(VISIBILITY_LABELS) as [Visibility, string][]} onValue={setVisibility} />
          <div class="actions">
            <button type="submit" class="secondaire" disabled={save.busy || (status === dossier.status && visibility === dossier.visibility)}>
              Enregistrer
            </button>
          </div>
          <ErrorMessage error={save.error} />
        </form>
      ) : null}
    </>
  );
}

export function DossierScreen({ params }: { params: Record<string, string> }) {
  const id = params.id ?? "";
  const [dossier, setDossier] = useState<DossierOut | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [tab, setTab] = useState(new URLSearchParams(currentSearch.value).get("onglet") ?? "resume");
  const load = useAction(async () => setDossier(await dossierApi.dossiers.get(id)));
  useEffect(() => void load.run(), [id]);
  if (dossier === null) {
    return (
      <Page title={load.error ? "Dossier introuvable" : "Dossier"}>
        <ErrorMessage error={load.error} />
        {load.error ? <a href="/dossiers">Retour aux dossiers</a> : <p class="chargement">Chargement…</p>}
      </Page>
    );
  }
  const changed = async (message: string, saved?: DossierOut) => {
    setStatus(message);
    if (saved) setDossier(saved);
    else await load.run();
  };
  const manage = mayManage.value;
  const tabs = [
    {
      id: "resume",
      label: "Résumé",
      content: () => (
        <>
          <ClientsSection dossier={dossier} manage={manage} onChanged={changed} />
          <PartiesSection dossier={dossier} manage={manage} onChanged={changed} />
          <ReferencesSection dossier={dossier} manage={manage} onChanged={changed} />
        </>
      ),
    },
    { id: "documents", label: "Documents", content: () => <DocumentsSection dossierId={dossier.id} /> },
    { id: "courrier", label: "Courrier", content: () => <DossierCourrier dossierId={dossier.id} /> },
    { id: "echeances", label: "Échéances", content: () => <DossierEcheances dossierId={dossier.id} /> },
    { id: "dictees", label: "Dictées", content: () => <DossierDictees dossierId={dossier.id} /> },
  ];
  return (
    <Page title={`${dossier.reference} — ${dossier.title}`}>
      <StatusMessage text={status} />
      <ErrorMessage error={load.error} />
      <Header key={dossier.updated_at + dossier.status + dossier.visibility} dossier={dossier} onChanged={changed} />
      <Tabs label="Contenu du dossier" tabs={tabs} selected={tab} onSelect={setTab} />
    </Page>
  );
}
