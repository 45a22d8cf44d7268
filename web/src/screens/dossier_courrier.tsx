// A dossier's "Courrier" tab: its messages grouped by thread, newest thread first, each message linked to its view.
import { useEffect, useState } from "preact/hooks";
import { courrierApi, type MailThread } from "../api_courrier";
import { MoreButton } from "../components/dossier_ui";
import { ErrorMessage, useAction } from "../components/ui";
import { dateTime } from "../format";

export function DossierCourrier({ dossierId }: { dossierId: string }) {
  const [threads, setThreads] = useState<MailThread[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const load = useAction(async (after: string | null = null) => {
    const page = await courrierApi.ofDossier(dossierId, after);
    setThreads((current) => (after && current ? [...current, ...page.threads] : page.threads));
    setCursor(page.next_cursor);
  });
  useEffect(() => void load.run(), [dossierId]);
  return (
    <section aria-labelledby="titre-courrier-dossier">
      <h2 id="titre-courrier-dossier">Courrier</h2>
      <ErrorMessage error={load.error} />
      {threads === null ? <p class="chargement">Chargement…</p> : threads.length === 0 ? <p>Aucun courrier classé dans ce dossier.</p> : null}
      {(threads ?? []).map((thread) => (
        <article key={thread.thread_id} class="fil" aria-label={`Fil : ${thread.subject || "(sans objet)"}`}>
          <h3>
            {thread.subject || "(sans objet)"} <span class="discret">({thread.messages.length} message{thread.messages.length > 1 ? "s" : ""})</span>
          </h3>
          <ol class="simple">
            {thread.messages.map((mail) => (
              <li key={mail.id}>
                <a href={`/courrier/${encodeURIComponent(mail.id)}`}>{mail.subject || "(sans objet)"}</a>{" "}
                <span class="discret">
                  — {mail.mail_from}, {dateTime(mail.received_at)}
                </span>
              </li>
            ))}
          </ol>
        </article>
      ))}
      <MoreButton cursor={cursor} busy={load.busy} onMore={() => void load.run(cursor)} />
    </section>
  );
}
