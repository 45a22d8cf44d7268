// The home page: today's health panel for everyone, and a greeting once logged in.
import { useEffect, useState } from "preact/hooks";
import { api, type HealthReport } from "../api";
import { Page } from "../components/ui";
import { session } from "../session";

const LABELS: Record<string, string> = {
  database: "Base de données",
  kv: "Sessions",
  blobs: "Documents",
  queue: "File de tâches",
  inbound_mail: "Courrier entrant",
};

export function Home() {
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
  const person = session.value?.person;
  return (
    <Page title="IA Poste Manager">
      <p class="accroche">Le courrier du cabinet, classé ; les délais, surveillés.</p>
      {person ? (
        <p>
          Bonjour {person.name}. <a href="/compte">Mon compte</a>
        </p>
      ) : session.value === null ? (
        <p>
          <a href="/connexion">Se connecter</a> pour accéder au cabinet.
        </p>
      ) : null}
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
    </Page>
  );
}
