// The home page: the tableau de bord for a logged-in person who may read deadlines; otherwise today's health
// panel (logged-out visitors, a pending 2FA enrolment) with a greeting once logged in.
import { useEffect, useState } from "preact/hooks";
import { api, type HealthReport } from "../api";
import { Dashboard } from "../components/dashboard";
import { Page } from "../components/ui";
import { can, session } from "../session";

const mayReadDeadlines = can("deadline.read");

const LABELS: Record<string, string> = {
  database: "Base de données",
  kv: "Sessions",
  blobs: "Documents",
  queue: "File de tâches",
  inbound_mail: "Courrier entrant",
};

function Health() {
  const [report, setReport] = useState<HealthReport | null>(null);
  const [unreachable, setUnreachable] = useState(false);
  useEffect(() => {
    api.health().then(setReport, () => setUnreachable(true));
  }, []);
  const ok = report?.status === "ok";
  const state = unreachable
    ? "Service injoignable."
    : report === null
      ? "Vérification…"
      : ok
        ? `Opérationnel (version ${report.version})`
        : "Dégradé";
  return (
    <>
      <h2>État du service</h2>
      <p id="etat" class={report === null && !unreachable ? "" : ok ? "ok" : "ko"} role="status">
        {state}
      </p>
      <table id="liaisons" hidden={report === null}>
        <caption class="visuellement-cache">État de chaque liaison du service</caption>
        <thead>
          <tr>
            <th scope="col">Liaison</th>
            <th scope="col">État</th>
          </tr>
        </thead>
        <tbody>
          {Object.entries(report?.bindings ?? {}).map(([name, binding]) => (
            <tr key={name}>
              <td>{LABELS[name] ?? name}</td>
              <td class={binding.ok ? "ok" : "ko"}>
                {binding.ok ? "OK" : `En erreur (${binding.error ?? "migrations manquantes"})`}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

export function Home() {
  const current = session.value;
  const person = current?.person;
  if (current === undefined) return <p class="chargement">Chargement…</p>; // which page it is depends on who
  if (current && !current.totp_enrolment_required && mayReadDeadlines.value) {
    return (
      <Page title="Tableau de bord">
        <p>
          Bonjour {current.person.name}. <a href="/compte">Mon compte</a>
        </p>
        <Dashboard />
      </Page>
    );
  }
  return (
    <Page title="IA Poste Manager">
      <p class="accroche">Le courrier du cabinet, classé ; les délais, surveillés.</p>
      {person ? (
        <p>
          Bonjour {person.name}. <a href="/compte">Mon compte</a>
        </p>
      ) : current === null ? (
        <p>
          <a href="/connexion">Se connecter</a> pour accéder au cabinet.
        </p>
      ) : null}
      <Health />
    </Page>
  );
}
