// The tableau de bord of a logged-in person (GET /api/dashboard): overdue deadlines first, then today's and this
// week's deadlines and hearings, the « à classer » and suggestions counts, the latest mail. Refetched when the
// socket says mail or deadlines moved (courrier.*, echeance.*) or asks for a resync.
import { useEffect, useRef, useState } from "preact/hooks";
import { notificationApi, type Dashboard as DashboardData } from "../api_notifications";
import type { DeadlineOut, HearingOut } from "../api_echeances";
import { ErrorMessage, useAction } from "./ui";
import { LiveState } from "./notifications_ui";
import { longDay } from "../echeance_format";
import { MAIL_STATUS_LABELS } from "../courrier_format";
import { dateTime } from "../format";
import { onRealtime, unreadCount } from "../realtime";

const REFETCH_AFTER_MS = 300; // a burst of frames (a bulk filing) asks once

const dossierHref = (id: string, tab: string) => `/dossiers/${encodeURIComponent(id)}?onglet=${tab}`;

function Deadlines({ items, empty }: { items: DeadlineOut[]; empty: string }) {
  if (items.length === 0) return <p class="discret">{empty}</p>;
  return (
    <ul class="simple tableau-de-bord">
      {items.map((deadline) => (
        <li key={deadline.id} class={deadline.overdue ? "carte en-retard" : "carte"}>
          <p>
            <strong>{longDay(deadline.due_date)}</strong> — {deadline.title}
          </p>
          <p class="discret">
            Dossier <a href={dossierHref(deadline.dossier.id, "echeances")}>{deadline.dossier.reference}</a>
            {deadline.responsible ? ` · ${deadline.responsible.name}` : ""}
          </p>
        </li>
      ))}
    </ul>
  );
}

function Hearings({ items }: { items: HearingOut[] }) {
  if (items.length === 0) return null;
  return (
    <ul class="simple tableau-de-bord">
      {items.map((hearing) => (
        <li key={hearing.id} class="carte audience">
          <p>
            <strong>
              Audience du {longDay(hearing.date)}
              {hearing.time ? ` à ${hearing.time.replace(":", " h ")}` : ""}
            </strong>
            {hearing.court ? ` — ${hearing.court}` : ""}
            {hearing.chamber ? `, ${hearing.chamber}` : ""}
          </p>
          <p class="discret">
            Dossier <a href={dossierHref(hearing.dossier.id, "echeances")}>{hearing.dossier.reference}</a>
          </p>
        </li>
      ))}
    </ul>
  );
}

function Counters({ data }: { data: DashboardData }) {
  const unread = unreadCount.value ?? data.unread;
  return (
    <ul class="compteurs simple">
      <li>
        <a href="/courrier/a-classer">
          <strong>{data.to_file}</strong> {data.to_file <= 1 ? "courrier à classer" : "courriers à classer"}
        </a>
      </li>
      <li>
        <a href="/echeances">
          <strong>{data.suggestions}</strong> {data.suggestions <= 1 ? "suggestion à confirmer" : "suggestions à confirmer"}
        </a>
      </li>
      <li>
        <a href="/notifications">
          <strong>{unread}</strong> {unread <= 1 ? "notification non lue" : "notifications non lues"}
        </a>
      </li>
    </ul>
  );
}

function Content({ data }: { data: DashboardData }) {
  const overdue = data.deadlines.overdue;
  return (
    <>
      <Counters data={data} />
      {overdue.length > 0 ? (
        <section aria-labelledby="titre-en-retard" class="en-retard">
          <h2 id="titre-en-retard">En retard ({overdue.length})</h2>
          <Deadlines items={overdue} empty="" />
        </section>
      ) : null}
      <section aria-labelledby="titre-aujourdhui">
        <h2 id="titre-aujourdhui">Aujourd’hui, {longDay(data.today)}</h2>
        <Deadlines items={data.deadlines.today} empty="Aucune échéance aujourd’hui." />
        <Hearings items={data.hearings.today} />
      </section>
      <section aria-labelledby="titre-semaine">
        <h2 id="titre-semaine">Cette semaine, jusqu’au {longDay(data.week_end)}</h2>
        <Deadlines items={data.deadlines.week} empty="Aucune autre échéance cette semaine." />
        <Hearings items={data.hearings.week} />
      </section>
      <section aria-labelledby="titre-courrier">
        <h2 id="titre-courrier">Derniers courriers</h2>
        {data.latest_mail.length === 0 ? (
          <p class="discret">Aucun courrier reçu.</p>
        ) : (
          <ul class="simple tableau-de-bord">
            {data.latest_mail.map((mail) => (
              <li key={mail.id} class="carte">
                <p>
                  <a href={`/courrier/${encodeURIComponent(mail.id)}`}>{mail.subject || "(sans objet)"}</a>
                </p>
                <p class="discret">
                  De {mail.mail_from}, reçu le {dateTime(mail.received_at)} · {MAIL_STATUS_LABELS[mail.status] ?? mail.status}
                  {mail.dossier ? ` · dossier ${mail.dossier.reference}` : ""}
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

export function Dashboard() {
  const [data, setData] = useState<DashboardData | null>(null);
  const load = useAction(async () => setData(await notificationApi.dashboard()));
  const pending = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => {
    void load.run();
    const stop = onRealtime((event) => {
      const relevant = event.kind === "resync" || (event.kind === "notification" && /^(courrier|echeance)\./.test(event.note.type));
      if (!relevant) return;
      clearTimeout(pending.current);
      pending.current = setTimeout(() => void load.run(), REFETCH_AFTER_MS);
    });
    return () => {
      stop();
      clearTimeout(pending.current);
    };
  }, []);
  return (
    <>
      <LiveState />
      <ErrorMessage error={load.error} />
      {data ? <Content data={data} /> : load.error ? null : <p class="chargement">Chargement…</p>}
    </>
  );
}
