// The typed client of docs/courrier.md on top of the intake's mail routes: the "à classer" tray, filing (one
// message or many), a dossier's mail grouped by thread, and a message with its new text, its quoted history, its
// sanitised HTML and the facts read in it. Same conventions as api.ts.
import { query, request, seg } from "./api";

/** The mail routes name a dossier by id and reference (no title). */
export interface DossierRef {
  id: string;
  reference: string;
  title?: string;
}

export type MailStatus = "received" | "unrouted" | "corrupt" | "filed" | "to_file" | "quarantined";
/** The API says "new" / "history"; `./poste ingest` prints "nouveau" / "historique". */
export type FactOrigin = "new" | "history" | "nouveau" | "historique";

export interface FilingCandidate {
  dossier: DossierRef;
  confidence: number;
  reason: string;
}

export interface MailSummary {
  id: string;
  status: MailStatus;
  mail_from: string;
  recipient: string;
  received_at: string;
  size: number;
  subject: string | null;
  message_kind: string | null;
  message_id_reused: boolean;
  dossier: DossierRef | null;
  confidence: number | null;
  filing_reason: string | null;
  filed_by_hand?: boolean;
  quarantine_reason?: string | null;
  thread_id?: string;
  /** In the tray: the best candidate, filed in one click. */
  suggestion?: FilingCandidate | null;
  candidates?: FilingCandidate[];
}

export interface MailFact {
  kind: string;
  value: string;
  quote: string;
  start: number;
  end: number;
  confidence: number;
  details: Record<string, string>;
  /** Where the fact stands and whether it still holds ("active", "cancelled", "moved", "past", "expired"); a
   * reading stored before they existed has neither: the screen then places the fact by its quote. */
  origin?: FactOrigin;
  status?: string;
}

export interface MailAttachment {
  filename: string;
  content_type: string;
  size: number;
  sha256: string;
  document_id?: string | null;
  duplicate?: boolean;
}

export interface MailReading {
  read_status: string;
  reason: string;
  message_id: string;
  subject: string;
  sender: string;
  sent_at: string;
  in_reply_to: string;
  references: string[];
  attachments: MailAttachment[];
  facts: MailFact[];
  message_kind: string;
  sender_kind: string;
  extractor: string;
  read_at: string;
}

export interface MailOut extends MailSummary {
  sha256: string;
  reading: MailReading | null;
  candidates: FilingCandidate[];
  text_new: string | null;
  text_history: string | null;
  html_sanitised: string | null;
  /** The attachments with the dossier document each became (the reading's list has no document ids). */
  attachments?: MailAttachment[];
}

export interface MailThread {
  thread_id: string;
  subject: string | null;
  messages: MailSummary[];
}

/** The contract keeps the intake's page shape for `/api/mail` and the conventions' one for the tray. */
interface AnyPage {
  items?: MailSummary[];
  messages?: MailSummary[];
  next_cursor?: string | null;
  next_before?: string | null;
}

function pageOf(answer: AnyPage): { items: MailSummary[]; next: string | null } {
  return { items: answer.items ?? answer.messages ?? [], next: answer.next_cursor ?? answer.next_before ?? null };
}

export const rawUrl = (id: string) => `/api/mail/${seg(id)}/raw`;
/** The message's sanitised HTML, a document of its own the view frames in a sandbox (docs/courrier.md). */
export const htmlUrl = (id: string) => `/api/mail/${seg(id)}/html`;

export const courrierApi = {
  list: (filters: { status?: string; dossier_id?: string }, limit = 50) =>
    request<AnyPage>("GET", `/api/mail${query({ ...filters, limit })}`).then(pageOf),
  tray: (cursor: string | null = null, limit = 50) =>
    request<AnyPage>("GET", `/api/mail/tray${query({ cursor, limit })}`).then(pageOf),
  get: (id: string) => request<MailOut>("GET", `/api/mail/${seg(id)}`),
  file: (id: string, dossierId: string, rememberSender = false) =>
    request<MailSummary>("POST", `/api/mail/${seg(id)}/file`, {
      body: { dossier_id: dossierId, remember_sender: rememberSender },
    }),
  fileMany: (mailIds: string[], dossierId: string) =>
    request<{ filed: number }>("POST", "/api/mail/file", { body: { mail_ids: mailIds, dossier_id: dossierId } }),
  ofDossier: (dossierId: string, cursor: string | null = null) =>
    request<{ threads: MailThread[]; next_cursor: string | null }>(
      "GET",
      `/api/dossiers/${seg(dossierId)}/mail${query({ cursor, limit: 50 })}`,
    ),
};

/** The tray's suggestion for a message: its best candidate, else the dossier the filing job proposed. */
export function suggestionOf(mail: MailSummary): FilingCandidate | null {
  const best = mail.suggestion ?? mail.candidates?.[0];
  if (best) return best;
  if (mail.dossier) return { dossier: mail.dossier, confidence: mail.confidence ?? 0, reason: mail.filing_reason ?? "" };
  return null;
}
