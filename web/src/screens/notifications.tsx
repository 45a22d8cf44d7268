// The person's notifications, newest first, read by cursor (« Voir plus »): one marked read by opening it or by its
// button, all of them at once; kept current by the socket (new ones on top, reads from another tab applied).
import { useEffect, useState } from "preact/hooks";
import { notificationApi, type NotificationOut } from "../api_notifications";
import { MoreButton } from "../components/dossier_ui";
import { LiveState } from "../components/notifications_ui";
import { ErrorMessage, Page, StatusMessage, useAction } from "../components/ui";
import { dateTime } from "../format";
import { highestSeenSeq, onRealtime, setUnread, unreadCount } from "../realtime";

function Item({ note, onRead, busy }: { note: NotificationOut; onRead: (note: NotificationOut) => void; busy: boolean }) {
  const unread = note.read_at === null;
  const link = note.link && note.link.startsWith("/") ? note.link : null;
  return (
    <li class={unread ? "carte non-lue" : "carte"} id={`notification-${note.id}`}>
      <p class="titre-notification">
        {unread ? <span class="pastille-non-lue">Non lue : </span> : null}
        {link ? (
          <a href={link} onClick={() => unread && onRead(note)}>
            {note.title}
          </a>
        ) : (
          note.title
        )}
      </p>
      {note.body ? <p class="corps-notification">{note.body}</p> : null}
      <p class="discret">{dateTime(note.created_at)}</p>
      {unread ? (
        <div class="actions">
          <button type="button" class="secondaire" disabled={busy} onClick={() => onRead(note)}>
            Marquer comme lue<span class="visuellement-cache"> : {note.title}</span>
          </button>
        </div>
      ) : null}
    </li>
  );
}

function readMessage(count: number): string {
  if (count === 0) return "Aucune notification n’était non lue.";
  return count === 1 ? "1 notification marquée comme lue." : `${count} notifications marquées comme lues.`;
}

const readNow = (note: NotificationOut): NotificationOut => ({ ...note, read_at: new Date().toISOString() });

/** Keeps a loaded list current: new notifications on top, reads made elsewhere applied, a resync reloads it. */
function useLiveList(setItems: (change: (before: NotificationOut[] | null) => NotificationOut[] | null) => void, reload: () => void) {
  useEffect(
    () =>
      onRealtime((event) => {
        if (event.kind === "resync") reload();
        else if (event.kind === "notification") {
          setItems((before) => (before && !before.some((one) => one.id === event.note.id) ? [event.note, ...before] : before));
        } else if (event.kind === "read") {
          setItems((before) => before && before.map((one) => (!one.read_at && (event.all || event.ids.includes(one.id)) ? readNow(one) : one)));
        }
      }),
    [],
  );
}

export function NotificationsScreen() {
  const [items, setItems] = useState<NotificationOut[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const load = useAction(async (from: string | null = null) => {
    const page = await notificationApi.list(from);
    setItems((before) => (from && before ? [...before, ...page.items] : page.items));
    setCursor(page.next_cursor);
    setUnread(page.unread);
  });
  const read = useAction(async (note: NotificationOut) => {
    const { unread } = await notificationApi.read(note.id);
    setItems((before) => (before ?? []).map((one) => (one.id === note.id ? readNow(one) : one)));
    setUnread(unread, [note.id]);
  });
  const readAll = useAction(async () => {
    const upTo = Math.max(highestSeenSeq(), ...(items ?? []).map((note) => note.seq));
    const answer = await notificationApi.readAll(upTo > 0 ? upTo : undefined);
    setItems((before) => (before ?? []).map((one) => (one.read_at || one.seq > upTo ? one : readNow(one))));
    setUnread(answer.unread, "all");
    setStatus(readMessage(answer.read));
  });
  useEffect(() => void load.run(), []);
  useLiveList(setItems, () => void load.run());
  const unread = unreadCount.value ?? 0;
  return (
    <Page title="Notifications">
      <LiveState />
      <ErrorMessage error={load.error ?? read.error ?? readAll.error} />
      <StatusMessage text={status} />
      <p>{unread === 0 ? "Aucune notification non lue." : unread === 1 ? "1 notification non lue." : `${unread} notifications non lues.`}</p>
      <div class="actions">
        <button type="button" disabled={readAll.busy || unread === 0} onClick={() => void readAll.run()}>
          Tout marquer comme lu
        </button>
      </div>
      {items === null ? (
        load.error ? null : <p class="chargement">Chargement…</p>
      ) : items.length === 0 ? (
        <p>Aucune notification pour le moment.</p>
      ) : (
        <ul class="notifications simple">
          {items.map((note) => (
            <Item key={note.id} note={note} busy={read.busy} onRead={(one) => void read.run(one)} />
          ))}
        </ul>
      )}
      <MoreButton cursor={cursor} busy={load.busy} onMore={() => void load.run(cursor)} />
    </Page>
  );
}
