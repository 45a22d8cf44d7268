// The typed client of docs/notifications.md: a person's notifications (listed by cursor, unread count, marked
// read), their per-type preferences, and the home screen's dashboard. Same conventions as api.ts.
import { query, request, seg } from "./api";
import type { MailSummary } from "./api_courrier";
import type { DeadlineOut, HearingOut } from "./api_echeances";

export type NotificationType =
  | "echeance.alerte"
  | "echeance.depassee"
  | "echeance.suggeree"
  | "echeance.recalculee"
  | "courrier.nouveau"
  | "courrier.classe"
  | "courrier.a_classer";

/** `NotificationOut`, also the `notification` object of a realtime frame. `type` stays a string: a type added
 * later by the server must not break the list. */
export interface NotificationOut {
  id: string;
  seq: number;
  type: NotificationType | string;
  title: string;
  body: string;
  link: string | null;
  dossier_id: string | null;
  subject_id: string | null;
  created_at: string;
  read_at: string | null;
}

export interface NotificationPage {
  items: NotificationOut[];
  next_cursor: string | null;
  unread: number;
}

export interface TypePreference {
  type: string;
  label: string;
  live: boolean;
  digest: boolean;
}

export interface Dashboard {
  today: string;
  week_end: string;
  deadlines: { overdue: DeadlineOut[]; today: DeadlineOut[]; week: DeadlineOut[] };
  hearings: { today: HearingOut[]; week: HearingOut[] };
  to_file: number;
  suggestions: number;
  latest_mail: MailSummary[];
  unread: number;
  last_seq: number;
}

export const notificationApi = {
  list: (cursor: string | null = null, limit = 30, unreadOnly = false) =>
    request<NotificationPage>("GET", `/api/notifications${query({ cursor, limit, unread: unreadOnly ? "true" : null })}`),
  unread: () => request<{ unread: number; last_seq: number }>("GET", "/api/notifications/unread"),
  read: (id: string) => request<{ unread: number }>("POST", `/api/notifications/${seg(id)}/read`),
  readAll: (upToSeq?: number) =>
    request<{ read: number; unread: number }>("POST", "/api/notifications/read-all", {
      body: upToSeq === undefined ? {} : { up_to_seq: upToSeq },
    }),
  preferences: () => request<{ types: TypePreference[] }>("GET", "/api/notifications/preferences"),
  savePreferences: (types: Omit<TypePreference, "label">[]) =>
    request<{ types: TypePreference[] }>("PUT", "/api/notifications/preferences", { body: { types } }),
  dashboard: () => request<Dashboard>("GET", "/api/dashboard"),
};

/** What a browser notification says: a fixed phrase per type, never the title or body (a lock screen shows it,
 * and a title may name a dossier). */
export const BROWSER_PHRASES: Record<string, string> = {
  "echeance.alerte": "Nouvelle alerte d’échéance",
  "echeance.depassee": "Une échéance est dépassée",
  "echeance.suggeree": "Nouvelle échéance suggérée",
  "echeance.recalculee": "Une échéance a été recalculée",
  "courrier.nouveau": "Nouveau courrier",
  "courrier.classe": "Courrier classé",
  "courrier.a_classer": "Courrier à classer",
  "transcription.terminee": "Enregistrement transcrit",
  "transcription.echec": "Enregistrement non transcrit",
};

export function browserPhrase(type: string): string {
  return BROWSER_PHRASES[type] ?? "Nouvelle notification";
}
