// Le courrier "à classer": each message with the dossier the filing job suggests and why, filed in one click (its
// sender remembered for that dossier only when asked); or several chosen at once and filed together.
import { useEffect, useId, useState } from "preact/hooks";
import { dossierApi, type DossierSummary } from "../api_dossiers";
import { courrierApi, suggestionOf, type MailSummary } from "../api_courrier";
import { MoreButton, SelectField } from "../components/dossier_ui";
import { ErrorMessage, Page, StatusMessage, useAction } from "../components/ui";
import { percent } from "../courrier_format";
import { dateTime } from "../format";
import { can } from "../session";
import { countFrom, fewerInTray, trayCount } from "../tray";

const mayFile = can("mail.file");

function TrayItem({ mail, chosen, onChoose, onFile, busy }: { mail: MailSummary; chosen: boolean; onChoose: (value: boolean) => void; onFile: (dossierId: string, reference: string, remember: boolean) => void; busy: boolean }) {
  const id = useId();
  const [remember, setRemember] = useState(false);
  const suggestion = suggestionOf(mail);
  const subject = mail.subject || "(sans objet)";
  return (
    <li class="carte" id={`courrier-${mail.id}`}>
      <div class="case">
        {mayFile.value ? <input type="checkbox" id={`${id}-choix`} checked={chosen} onChange={(event) => onChoose(event.currentTarget.checked)} /> : null}
        <label for={`${id}-choix`}>
          <a href={`/courrier/${encodeURIComponent(mail.id)}`}>{subject}</a>
        </label>
      </div>
      <p class="discret">
        De {mail.mail_from}, reçu le {dateTime(mail.received_at)}
      </p>
      {suggestion ? (
        <p>
          Dossier suggéré : <strong>{suggestion.dossier.reference}</strong>{suggestion.dossier.title ? ` ${suggestion.dossier.title}` : ""} — {suggestion.reason} (confiance {percent(suggestion.confidence)})
        </p>
      ) : (
        <p>Aucun dossier suggéré.</p>
      )}
      {mayFile.value && suggestion ? (
        <div class="actions">
          <div class="case">
            <input type="checkbox" id={`${id}-retenir`} checked={remember} onChange={(event) => setRemember(event.currentTarget.checked)} />
            <label for={`${id}-retenir`}>
              Retenir {mail.mail_from} pour ce dossier
            </label>
          </div>
          <button type="button" disabled={busy} onClick={() => onFile(suggestion.dossier.id, suggestion.dossier.reference, remember)}>
            Classer dans {suggestion.dossier.reference}
            <span class="visuellement-cache"> : {subject}</span>
          </button>
        </div>
      ) : null}
    </li>
  );
}

function BulkBar({ chosen, onFile, busy }: { chosen: string[]; onFile: (dossierId: string) => void; busy: boolean }) {
  const [dossiers, setDossiers] = useState<DossierSummary[]>([]);
  const [target, setTarget] = useState("");
  useEffect(() => {
    dossierApi.dossiers.list({ status: "ouvert" }, null, 100).then((page) => setDossiers(page.items), () => {});
  }, []);
  return (
    <form class="filtres" aria-label="Classer la sélection" onSubmit={(event) => (event.preventDefault(), target && onFile(target))}>
      <SelectField label={chosen.length === 1 ? "Dossier pour le message choisi" : `Dossier pour les ${chosen.length} messages choisis`} name="bulk_dossier" value={target} options={[["", "— Choisir —"], ...dossiers.map((dossier) => [dossier.id, `${dossier.reference} — ${dossier.title}`] as const)]} onValue={setTarget} />
      <div class="actions">
        <button type="submit" disabled={busy || chosen.length === 0 || !target}>
          Classer la sélection
        </button>
      </div>
    </form>
  );
}

export function Tray() {
  const [messages, setMessages] = useState<MailSummary[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [chosen, setChosen] = useState<string[]>([]);
  const [status, setStatus] = useState<string | null>(null);
  const load = useAction(async (after: string | null = null) => {
    const page = await courrierApi.tray(after);
    setMessages((current) => (after && current ? [...current, ...page.items] : page.items));
    setCursor(page.next);
    if (!after) trayCount.value = countFrom(page.items.length, page.next !== null);
  });
  useEffect(() => void load.run(), []);
  const fileOne = useAction(async (mail: MailSummary, dossierId: string, reference: string, remember: boolean) => {
    await courrierApi.file(mail.id, dossierId, remember);
    setMessages((current) => (current ?? []).filter((one) => one.id !== mail.id));
    setChosen((current) => current.filter((id) => id !== mail.id));
    fewerInTray(1);
    setStatus(`« ${mail.subject || "(sans objet)"} » classé dans ${reference}${remember ? ` ; ${mail.mail_from} est retenu pour ce dossier` : ""}.`);
  });
  const fileMany = useAction(async (dossierId: string) => {
    const { filed } = await courrierApi.fileMany(chosen, dossierId);
    setChosen([]);
    fewerInTray(filed);
    setStatus(filed > 1 ? `${filed} messages classés.` : `${filed} message classé.`);
    await load.run();
  });
  return (
    <Page title="Courrier à classer">
      <StatusMessage text={status} />
      <ErrorMessage error={load.error ?? fileOne.error ?? fileMany.error} />
      {messages === null ? (
        <p class="chargement">Chargement…</p>
      ) : messages.length === 0 ? (
        <p>Aucun message à classer.</p>
      ) : (
        <>
          {mayFile.value ? <BulkBar chosen={chosen} busy={fileMany.busy} onFile={(id) => void fileMany.run(id)} /> : null}
          <ul class="simple courriers">
            {messages.map((mail) => (
              <TrayItem
                key={mail.id}
                mail={mail}
                busy={fileOne.busy}
                chosen={chosen.includes(mail.id)}
                onChoose={(value) => setChosen((current) => (value ? [...current, mail.id] : current.filter((id) => id !== mail.id)))}
                onFile={(dossierId, reference, remember) => void fileOne.run(mail, dossierId, reference, remember)}
              />
            ))}
          </ul>
          <MoreButton cursor={cursor} busy={load.busy} onMore={() => void load.run(cursor)} />
        </>
      )}
    </Page>
  );
}
