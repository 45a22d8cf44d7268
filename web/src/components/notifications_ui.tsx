// The bell of the navigation (the unread count in its name) and the live toasts: a polite region that announces
// what arrives without ever taking the focus, each toast closed by its own button.
import { connectionState, dismissToast, toasts, unreadCount, type ConnectionState } from "../realtime";
import { dateTime } from "../format";

export function unreadLabel(count: number | null): string {
  if (count === null || count === 0) return count === 0 ? "Notifications, aucune non lue" : "Notifications";
  return count === 1 ? "Notifications, 1 non lue" : `Notifications, ${count} non lues`;
}

export function Bell({ current }: { current: boolean }) {
  const count = unreadCount.value;
  return (
    <li>
      <a href="/notifications" class="cloche" aria-label={unreadLabel(count)} aria-current={current ? "page" : undefined}>
        <svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true" focusable="false">
          <path
            fill="currentColor"
            d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"
          />
        </svg>
        {count ? (
          <span class="compteur" aria-hidden="true">
            {count > 99 ? "99+" : count}
          </span>
        ) : null}
      </a>
    </li>
  );
}

const STATE_LABELS: Record<ConnectionState, string> = {
  arrete: "Mises à jour en direct : arrêtées.",
  connexion: "Mises à jour en direct : connexion…",
  connecte: "Mises à jour en direct : actives.",
  reconnexion: "Mises à jour en direct : connexion perdue, nouvelle tentative…",
};

export function LiveState() {
  const state = connectionState.value;
  return <p class={`direct ${state}`}>{STATE_LABELS[state]}</p>;
}

export function Toasts() {
  const shown = toasts.value;
  return (
    <section class="toasts" aria-label="Nouvelles notifications">
      <div aria-live="polite" aria-relevant="additions">
        {shown.map((note) => (
          <div class="toast" key={note.id} id={`toast-${note.seq}`}>
            <p class="titre-toast">
              {note.link && note.link.startsWith("/") ? <a href={note.link} onClick={() => dismissToast(note.id)}>{note.title}</a> : note.title}
            </p>
            {note.body ? <p class="corps-toast">{note.body}</p> : null}
            <p class="discret">{dateTime(note.created_at)}</p>
            <button type="button" class="secondaire" onClick={() => dismissToast(note.id)}>
              Fermer<span class="visuellement-cache"> la notification « {note.title} »</span>
            </button>
          </div>
        ))}
      </div>
    </section>
  );
}
