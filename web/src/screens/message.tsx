// One message: its headers and filing, the new text first with each fact marked at its quote, the quoted history
// folded, its attachments, the facts read (origin and status). The HTML version is framed on request: see HtmlVersion.
import { useEffect, useState } from "preact/hooks";
import { contentUrl } from "../api_dossiers";
import { courrierApi, htmlUrl, rawUrl, type MailFact, type MailOut } from "../api_courrier";
import { ErrorMessage, Page, StatusMessage, useAction } from "../components/ui";
import { can } from "../session";
import { fewerInTray } from "../tray";
import { factLabel, factStatus, factValue, highlight, MAIL_STATUS_LABELS, originOf, percent } from "../courrier_format";
import { fileSize } from "../dossier_format";
import { dateTime } from "../format";

interface Placed {
  index: number;
  quote: string;
}

type Origin = "nouveau" | "historique";

/** The facts to mark in one part of the message: those of that origin. */
function factsIn(origins: Origin[], facts: MailFact[], origin: Origin): Placed[] {
  return facts.flatMap((fact, index) => (origins[index] === origin ? [{ index, quote: fact.quote }] : []));
}

function MarkedText({ text, facts, all, origin }: { text: string; facts: Placed[]; all: MailFact[]; origin: Origin }) {
  return (
    <div class="texte-courrier">
      {highlight(text, facts).map((part, index) => {
        const fact = part.fact === null ? undefined : all[part.fact];
        if (!fact || part.fact === null) return part.text;
        return (
          <mark key={index} id={`fait-${part.fact}`} class={`fait ${origin}`} title={`${factLabel(fact)} : ${factValue(fact)}`}>
            {part.text}
          </mark>
        );
      })}
    </div>
  );
}

/** The HTML version, folded: the text version stays the view. Opened, it is framed from its own address (the app's
 * policy allows `frame-src 'self'`; Trusted Types refuses any HTML string, `srcdoc` included), a document the API
 * answers sanitised under its own policy (no script, no remote content); the empty `sandbox` adds no script, no
 * same-origin, no form and no navigation of the page. The frame is only created once the section is opened. */
function HtmlVersion({ mail }: { mail: MailOut }) {
  const [open, setOpen] = useState(false);
  if (!mail.html_sanitised) return null;
  return (
    <details class="mise-en-forme" onToggle={(event) => setOpen((event.currentTarget as HTMLDetailsElement).open)}>
      <summary>Afficher la mise en forme d’origine</summary>
      {open ? (
        <iframe
          sandbox=""
          src={htmlUrl(mail.id)}
          title="Message au format HTML"
          referrerpolicy="no-referrer"
          class="cadre-courrier"
        />
      ) : null}
    </details>
  );
}

function Facts({ facts, origins }: { facts: MailFact[]; origins: Origin[] }) {
  if (facts.length === 0) return <p>Aucun élément relevé.</p>;
  return (
    <ul class="liste faits">
      {facts.map((fact, index) => (
        <li key={index}>
          <span>
            <a href={`#fait-${index}`}>{factLabel(fact)}</a> : <strong>{factValue(fact)}</strong> — {origins[index] === "historique" ? "historique cité" : "nouveau texte"}
            {factStatus(fact) ? `, ${factStatus(fact)}` : ""}
          </span>
        </li>
      ))}
    </ul>
  );
}

function Headers({ mail }: { mail: MailOut }) {
  return (
    <dl class="fiche">
      <dt>De</dt>
      <dd>{mail.reading?.sender || mail.mail_from}</dd>
      <dt>À</dt>
      <dd>{mail.recipient}</dd>
      <dt>Reçu le</dt>
      <dd>{dateTime(mail.received_at)}</dd>
      <dt>Statut</dt>
      <dd>
        {MAIL_STATUS_LABELS[mail.status] ?? mail.status}
        {mail.quarantine_reason ? ` : ${mail.quarantine_reason}` : ""}
      </dd>
      <dt>Dossier</dt>
      <dd>
        {mail.dossier ? (
          <>
            <a href={`/dossiers/${encodeURIComponent(mail.dossier.id)}?onglet=courrier`}>{mail.dossier.reference}</a>{mail.dossier.title ? ` ${mail.dossier.title}` : ""}
            {mail.filing_reason ? ` — ${mail.filing_reason} (confiance ${percent(mail.confidence)})` : ""}
          </>
        ) : mail.status === "to_file" ? (
          <a href="/courrier/a-classer">À classer</a>
        ) : (
          "—"
        )}
      </dd>
    </dl>
  );
}

const mayFile = can("mail.file");

/** A message still "à classer": its candidates, each with its reason, filed in one click. */
function Filing({ mail, onFiled }: { mail: MailOut; onFiled: (message: string) => Promise<void> }) {
  const file = useAction(async (dossierId: string, reference: string) => {
    await courrierApi.file(mail.id, dossierId);
    fewerInTray(1);
    await onFiled(`Message classé dans ${reference}.`);
  });
  if (mail.status !== "to_file" || !mayFile.value) return null;
  return (
    <section aria-labelledby="titre-classer">
      <h2 id="titre-classer">Classer ce message</h2>
      <ErrorMessage error={file.error} />
      {mail.candidates.length === 0 ? <p>Aucun dossier suggéré : classez-le depuis le courrier à classer.</p> : null}
      <ul class="liste">
        {mail.candidates.map((candidate) => (
          <li key={candidate.dossier.id}>
            <span>
              <strong>{candidate.dossier.reference}</strong>{candidate.dossier.title ? ` ${candidate.dossier.title}` : ""} — {candidate.reason} (confiance {percent(candidate.confidence)})
            </span>
            <button type="button" disabled={file.busy} onClick={() => void file.run(candidate.dossier.id, candidate.dossier.reference)}>
              Classer dans {candidate.dossier.reference}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function MessageScreen({ params }: { params: Record<string, string> }) {
  const id = params.id ?? "";
  const [mail, setMail] = useState<MailOut | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState<string | null>(null);
  useEffect(() => {
    courrierApi.get(id).then(setMail, setError);
  }, [id]);
  const filed = async (message: string) => {
    setStatus(message);
    setMail(await courrierApi.get(id));
  };
  if (!mail) {
    return (
      <Page title={error ? "Courrier introuvable" : "Courrier"}>
        <ErrorMessage error={error} />
        {error ? null : <p class="chargement">Chargement…</p>}
      </Page>
    );
  }
  const facts = mail.reading?.facts ?? [];
  const attachments = mail.attachments ?? mail.reading?.attachments ?? [];
  const origins = facts.map((fact) => originOf(fact, mail.text_new ?? "", mail.text_history ?? ""));
  return (
    <Page title={mail.subject || mail.reading?.subject || "(sans objet)"}>
      <StatusMessage text={status} />
      <Headers mail={mail} />
      <Filing mail={mail} onFiled={filed} />
      <section aria-labelledby="titre-texte">
        <h2 id="titre-texte">Message</h2>
        {mail.text_new ? <MarkedText text={mail.text_new} facts={factsIn(origins, facts, "nouveau")} all={facts} origin="nouveau" /> : <p>Aucun texte lisible.</p>}
        {mail.text_history ? (
          <details class="historique">
            <summary>Historique cité (messages précédents)</summary>
            <MarkedText text={mail.text_history} facts={factsIn(origins, facts, "historique")} all={facts} origin="historique" />
          </details>
        ) : null}
        <HtmlVersion mail={mail} />
      </section>
      <section aria-labelledby="titre-pieces">
        <h2 id="titre-pieces">Pièces jointes ({attachments.length})</h2>
        <ul class="liste">
          {attachments.map((attachment) => (
            <li key={attachment.sha256 + attachment.filename}>
              <span>
                {attachment.filename} ({fileSize(attachment.size)})
              </span>
              {attachment.document_id ? (
                <a href={contentUrl(attachment.document_id, true)} target="_blank" rel="noopener">
                  Aperçu<span class="visuellement-cache"> de {attachment.filename} (nouvel onglet)</span>
                </a>
              ) : null}
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="titre-faits">
        <h2 id="titre-faits">Éléments relevés ({facts.length})</h2>
        <Facts facts={facts} origins={origins} />
      </section>
      <p>
        <a href={rawUrl(mail.id)} download={`${mail.id}.eml`}>
          Télécharger le message d’origine (.eml)
        </a>
      </p>
    </Page>
  );
}
