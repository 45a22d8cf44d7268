// The tab's one connection to the cabinet's hub (docs/realtime.md): notifications pushed live, what was missed
// replayed on (re)connection from the highest `seq` seen, a ping every 30 s, reconnection with backoff, and a
// 4003 close sending the person back to login. The UI reads its signals (unread count, latest notifications,
// toasts, connection state) and subscribes to its events (a dashboard refetches on courrier.* / echeance.*).
import { signal } from "@preact/signals";
import { notificationApi, browserPhrase, type NotificationOut } from "./api_notifications";
import type { TranscriptionFrame } from "./api_transcriptions";
import { navigate } from "./router";
import { loginUrl, session } from "./session";

export type ConnectionState = "arrete" | "connexion" | "connecte" | "reconnexion";
export type RealtimeEvent =
  | { kind: "notification"; note: NotificationOut; replay: boolean }
  | { kind: "read"; ids: string[]; all: boolean }
  | { kind: "resync" }
  | { kind: "transcription"; transcription: TranscriptionFrame };

export const PING_EVERY_MS = 30_000;
export const PONG_WITHIN_MS = 10_000;
export const BACKOFF_FIRST_MS = 1_000;
export const BACKOFF_CAP_MS = 30_000;
export const STABLE_AFTER_MS = 60_000;
export const ACCESS_WITHDRAWN = 4003;
const LATEST_KEPT = 20;
const TOASTS_SHOWN = 3;
const SEQS_REMEMBERED = 500;
const BROWSER_FLAG = "poste.notifications-navigateur";

/** null while unknown (before the first count is read). */
export const unreadCount = signal<number | null>(null);
/** The notifications this tab received over the socket, newest first. */
export const latestNotifications = signal<NotificationOut[]>([]);
export const toasts = signal<NotificationOut[]>([]);
export const connectionState = signal<ConnectionState>("arrete");

const listeners = new Set<(event: RealtimeEvent) => void>();
let running = false;
let socket: WebSocket | null = null;
let highestSeq = 0; // the `since` of the next connection
let countedUpTo = 0; // the unread count read over HTTP already includes every seq up to this one
const seen = new Set<number>();
let attempt = 0;
let openedAt = 0;
let reconnectTimer: ReturnType<typeof setTimeout> | undefined;
let pingTimer: ReturnType<typeof setInterval> | undefined;
let pongTimer: ReturnType<typeof setTimeout> | undefined;

export function onRealtime(listener: (event: RealtimeEvent) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function highestSeenSeq(): number {
  return highestSeq;
}

/** Starts the tab's connection once a session is open: the unread count first over HTTP, then the socket from the
 * `last_seq` it gave (so nothing slips between). Calling it again while running does nothing. */
export function startRealtime(): void {
  if (running) return;
  running = true;
  attempt = 0;
  connectionState.value = "connexion";
  void recount().finally(() => {
    if (running) open();
  });
}

/** Logout, a lost session: closes the socket and forgets everything this tab was told. */
export function stopRealtime(): void {
  running = false;
  clearTimeout(reconnectTimer);
  stopPinging();
  const closing = socket;
  socket = null;
  if (closing) closeQuietly(closing);
  highestSeq = countedUpTo = 0;
  seen.clear();
  unreadCount.value = null;
  latestNotifications.value = [];
  toasts.value = [];
  connectionState.value = "arrete";
}

export function dismissToast(id: string): void {
  toasts.value = toasts.value.filter((note) => note.id !== id);
}

/** After the person marked notifications read on this tab (the API's answer carries the new count). */
export function setUnread(count: number, readIds: string[] | "all" = []): void {
  unreadCount.value = count;
  markRead(readIds);
}

async function recount(): Promise<void> {
  try {
    const { unread, last_seq } = await notificationApi.unread();
    if (!running) return;
    unreadCount.value = unread;
    countedUpTo = Math.max(countedUpTo, last_seq);
    highestSeq = Math.max(highestSeq, last_seq);
  } catch {
    // unreachable, or a 401 (the session module then sends the person to login): the socket says the rest
  }
}

function open(): void {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  const opened = new WebSocket(`${scheme}//${location.host}/api/realtime?since=${highestSeq}`);
  socket = opened;
  let wasOpen = false;
  opened.onopen = () => {
    wasOpen = true;
    openedAt = Date.now();
    connectionState.value = "connecte";
    startPinging(opened);
  };
  opened.onmessage = (message: MessageEvent) => {
    if (socket === opened) received(message.data);
  };
  opened.onclose = (closed: CloseEvent) => {
    if (socket !== opened) return; // replaced or stopped on purpose
    socket = null;
    stopPinging();
    if (closed.code === ACCESS_WITHDRAWN) withdrawn();
    else reconnectLater(wasOpen);
  };
}

/** Closing a socket that is still connecting makes the browser log an error: let it open, then close it. */
function closeQuietly(closing: WebSocket): void {
  if (closing.readyState === WebSocket.CONNECTING) {
    closing.onopen = () => closing.close(1000);
    closing.onerror = () => undefined;
  } else closing.close(1000);
}

function received(data: unknown): void {
  if (data === "pong") {
    clearTimeout(pongTimer);
    return;
  }
  let frame: Record<string, unknown>;
  try {
    frame = JSON.parse(String(data)) as Record<string, unknown>;
  } catch {
    return;
  }
  if (frame["type"] === "notification") notified(frame["notification"] as NotificationOut, frame["replay"] === true);
  else if (frame["type"] === "ready") highestSeq = Math.max(highestSeq, Number(frame["last_seq"]) || 0);
  else if (frame["type"] === "resync") void recount().then(() => emit({ kind: "resync" }));
  else if (frame["type"] === "read") readElsewhere(frame);
  else if (frame["type"] === "transcription") transcribing(frame["transcription"]);
  // any other type is not for this version of the app
}

function notified(note: NotificationOut, replay: boolean): void {
  if (!note || typeof note.seq !== "number" || note.seq <= countedUpTo || seen.has(note.seq)) return;
  seen.add(note.seq);
  if (seen.size > SEQS_REMEMBERED) seen.delete(Math.min(...seen));
  highestSeq = Math.max(highestSeq, note.seq);
  latestNotifications.value = [note, ...latestNotifications.value].slice(0, LATEST_KEPT);
  if (!note.read_at && unreadCount.value !== null) unreadCount.value += 1;
  if (!replay) {
    toasts.value = [note, ...toasts.value].slice(0, TOASTS_SHOWN);
    showInBrowser(note);
  }
  emit({ kind: "notification", note, replay });
}

/** A recording's state (docs/transcription.md): not stored, no seq; the screens showing it update their row. */
function transcribing(value: unknown): void {
  const given = value as Partial<TranscriptionFrame> | null;
  if (!given || typeof given.id !== "string" || typeof given.status !== "string") return;
  emit({
    kind: "transcription",
    transcription: {
      id: given.id,
      dossier_id: typeof given.dossier_id === "string" ? given.dossier_id : null,
      document_id: String(given.document_id ?? ""),
      status: given.status,
      progress: Number(given.progress) || 0,
      position: typeof given.position === "number" ? given.position : null,
      error: typeof given.error === "string" ? given.error : null,
    },
  });
}

function readElsewhere(frame: Record<string, unknown>): void {
  const ids = Array.isArray(frame["ids"]) ? (frame["ids"] as string[]) : [];
  const all = frame["all"] === true;
  if (typeof frame["unread"] === "number") unreadCount.value = frame["unread"];
  markRead(all ? "all" : ids);
  emit({ kind: "read", ids, all });
}

function markRead(ids: string[] | "all"): void {
  const now = new Date().toISOString();
  const isRead = (note: NotificationOut) => ids === "all" || ids.includes(note.id);
  latestNotifications.value = latestNotifications.value.map((note) => (!note.read_at && isRead(note) ? { ...note, read_at: now } : note));
  toasts.value = toasts.value.filter((note) => !isRead(note));
}

function emit(event: RealtimeEvent): void {
  for (const listener of listeners) listener(event);
}

function startPinging(opened: WebSocket): void {
  stopPinging();
  pingTimer = setInterval(() => {
    opened.send("ping");
    clearTimeout(pongTimer);
    pongTimer = setTimeout(() => {
      // no pong: the connection is dead even if the browser has not noticed; drop it and start again
      if (socket !== opened) return;
      socket = null;
      stopPinging();
      closeQuietly(opened);
      reconnectLater(true);
    }, PONG_WITHIN_MS);
  }, PING_EVERY_MS);
}

function stopPinging(): void {
  clearInterval(pingTimer);
  clearTimeout(pongTimer);
}

/** 1 s, 2 s, 4 s … capped at 30 s, ±20 %; back to 1 s after a connection that lasted 60 s. */
export function backoffDelay(attemptNumber: number, random: number = Math.random()): number {
  const base = Math.min(BACKOFF_CAP_MS, BACKOFF_FIRST_MS * 2 ** attemptNumber);
  return Math.round(base * (0.8 + 0.4 * random));
}

function reconnectLater(wasOpen: boolean): void {
  if (!running) return;
  if (wasOpen && Date.now() - openedAt >= STABLE_AFTER_MS) attempt = 0;
  connectionState.value = "reconnexion";
  const delay = backoffDelay(attempt);
  attempt += 1;
  clearTimeout(reconnectTimer);
  reconnectTimer = setTimeout(() => {
    if (!running) return;
    // a refused handshake says nothing to the page: a session that ended shows as a 401 over HTTP
    if (!wasOpen) void notificationApi.unread().catch(() => undefined);
    if (running) open();
  }, delay);
}

function withdrawn(): void {
  const target = loginUrl();
  stopRealtime();
  session.value = null;
  navigate(target, { replace: true });
}

// --- browser notifications (opt-in from Mon compte): the type's fixed phrase only, never a title or a body

export function browserNotificationsSupported(): boolean {
  return typeof Notification !== "undefined";
}

export function browserNotificationsOn(): boolean {
  return browserNotificationsSupported() && Notification.permission === "granted" && localStorage.getItem(BROWSER_FLAG) === "1";
}

export function setBrowserNotifications(on: boolean): void {
  if (on) localStorage.setItem(BROWSER_FLAG, "1");
  else localStorage.removeItem(BROWSER_FLAG);
}

function showInBrowser(note: NotificationOut): void {
  if (!browserNotificationsOn() || document.visibilityState === "visible") return; // the toast is enough
  // the same tag in every tab: one notification on the screen however many tabs are open
  const shown = new Notification("IA Poste Manager", { body: browserPhrase(note.type), tag: `poste-${note.seq}` });
  shown.onclick = () => {
    window.focus();
    navigate(note.link && note.link.startsWith("/") ? note.link : "/notifications");
    shown.close();
  };
}
