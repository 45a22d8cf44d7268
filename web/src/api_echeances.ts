// The typed client of docs/echeances.md: deadlines (with the engine's result), hearings, suggestions, procedure
// chains, court closures and the calendar feed. Same conventions as api.ts (CSRF token, French ApiError).
import { query, request, seg } from "./api";
import type { Page, PersonRef } from "./api_dossiers";

export type DeadlineStatus = "suggere" | "a_faire" | "fait" | "annule" | "rejete";
export type HearingStatus = "suggeree" | "prevue" | "remplacee" | "annulee" | "rejetee";

export interface SkippedDay {
  date: string;
  reason: string;
  name: string | null;
  basis: string | null;
}

/** The engine's answer (`POST /api/deadlines/compute` and `/preview`, and `DeadlineOut.result`). */
export interface EngineResult {
  due_date: string;
  theoretical_date: string;
  alert_date: string;
  start_date: string;
  mode: string;
  rule: string;
  legal_basis: string[];
  kind: string | null;
  delay: string;
  distance: string | null;
  zone: string;
  court_timezone: string;
  extended: boolean;
  skipped_days: SkippedDay[];
  warnings: string[];
  explanation: string[];
}

export interface DossierRef {
  id: string;
  reference: string;
  title: string;
}

export interface NewDeadline {
  title?: string;
  kind?: string;
  delay?: string;
  from: string;
  trigger_act?: string;
  zone?: string;
  party_residence?: string;
  served_in_person_at?: string;
  backward?: boolean;
  prescription?: boolean;
  responsible_id?: string;
  manual_due_date?: string;
  manual_reason?: string;
}

export interface DeadlineOut {
  id: string;
  dossier: DossierRef;
  title: string;
  kind: string | null;
  delay: string | null;
  trigger_date: string | null;
  trigger_act: string; // "" when none; "en attente de …" for a chain step whose anchor is unknown
  due_date: string | null;
  computed_due_date: string | null;
  manual_due_date: string | null;
  manual_reason: string;
  alert_date: string | null;
  status: DeadlineStatus;
  overdue: boolean;
  source: string | null;
  source_id: string | null;
  quote: string;
  responsible: PersonRef | null;
  result: EngineResult | null;
  engine_version: string | null;
  chain_run_id: string | null;
  chain_step: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface HistoryEntry {
  at: string;
  actor?: PersonRef | null;
  change?: string;
  [more: string]: unknown;
}

export interface DeadlineChanges {
  version: number;
  title?: string;
  trigger_date?: string;
  trigger_act?: string;
  responsible_id?: string;
  status?: "a_faire" | "fait" | "annule";
  manual_due_date?: string | null;
  manual_reason?: string;
}

export interface DeadlineFilters {
  status?: string;
  responsible_id?: string;
  dossier_id?: string;
  from?: string;
  to?: string;
}

export interface NewHearing {
  date: string;
  time?: string;
  court?: string;
  chamber?: string;
  hearing_type?: string;
  notes?: string;
}

export interface HearingOut extends NewHearing {
  id: string;
  dossier: DossierRef;
  status: HearingStatus;
  replaced_by: string | null;
  source?: string | null;
  source_id?: string | null;
  quote?: string | null;
  version: number;
}

export interface ProcedureStep {
  key: string;
  title: string;
  kind?: string;
  delay?: string;
  after: string;
  backward?: boolean;
  basis: string[];
}

export interface ProcedureOut {
  id: string;
  name: string;
  description: string;
  builtin: boolean;
  based_on?: string | null;
  steps: ProcedureStep[];
  /** The outside events the chain waits for, with their French label (beyond docs/echeances.md; optional). */
  events?: { name: string; label: string }[];
}

export interface ChainRun {
  run_id: string;
  deadlines: DeadlineOut[];
}

export interface Closure {
  day: string;
  reason: string;
}

/** A catalogue entry, as `./poste deadline --catalogue` prints it (`GET /api/deadlines/catalogue`). */
export interface CatalogueEntry {
  kind: string;
  label: string;
  trigger: string;
}

export const echeanceApi = {
  catalogue: () => request<{ items: CatalogueEntry[] }>("GET", "/api/deadlines/catalogue").then((page) => page.items),

  deadlines: {
    list: (filters: DeadlineFilters, cursor: string | null = null, limit = 100) =>
      request<Page<DeadlineOut>>("GET", `/api/deadlines${query({ ...filters, cursor, limit })}`),
    preview: (body: NewDeadline) => request<EngineResult>("POST", "/api/deadlines/preview", { body }),
    create: (dossierId: string, body: NewDeadline) =>
      request<DeadlineOut>("POST", `/api/dossiers/${seg(dossierId)}/deadlines`, { body }),
    get: (id: string) => request<DeadlineOut & { history: HistoryEntry[] }>("GET", `/api/deadlines/${seg(id)}`),
    update: (id: string, body: DeadlineChanges) => request<DeadlineOut>("PATCH", `/api/deadlines/${seg(id)}`, { body }),
    confirm: (id: string) => request<DeadlineOut>("POST", `/api/deadlines/${seg(id)}/confirm`),
    reject: (id: string, reason?: string) =>
      request<DeadlineOut>("POST", `/api/deadlines/${seg(id)}/reject`, { body: reason ? { reason } : {} }),
  },

  hearings: {
    list: (filters: { status?: string; dossier_id?: string | undefined; from?: string; to?: string }, limit = 100) =>
      request<Page<HearingOut>>("GET", `/api/hearings${query({ ...filters, limit })}`),
    create: (dossierId: string, body: NewHearing) =>
      request<HearingOut>("POST", `/api/dossiers/${seg(dossierId)}/hearings`, { body }),
    update: (id: string, body: Partial<NewHearing> & { version: number; status?: "prevue" | "annulee" }) =>
      request<HearingOut>("PATCH", `/api/hearings/${seg(id)}`, { body }),
    postpone: (id: string, body: { date: string; time?: string; reason?: string }) =>
      request<HearingOut>("POST", `/api/hearings/${seg(id)}/postpone`, { body }),
    confirm: (id: string) => request<HearingOut>("POST", `/api/hearings/${seg(id)}/confirm`),
    reject: (id: string, reason?: string) =>
      request<HearingOut>("POST", `/api/hearings/${seg(id)}/reject`, { body: reason ? { reason } : {} }),
  },

  suggestions: () => request<{ deadlines: DeadlineOut[]; hearings: HearingOut[] }>("GET", "/api/suggestions"),

  procedures: {
    list: () => request<{ items: ProcedureOut[] }>("GET", "/api/procedures"),
    apply: (dossierId: string, body: { procedure: string; anchors: Record<string, string> }) =>
      request<ChainRun>("POST", `/api/dossiers/${seg(dossierId)}/procedures`, { body }),
    anchor: (dossierId: string, runId: string, anchors: Record<string, string>) =>
      request<ChainRun>("PATCH", `/api/dossiers/${seg(dossierId)}/procedures/${seg(runId)}`, { body: { anchors } }),
  },

  closures: {
    list: () => request<Closure[] | Page<Closure>>("GET", "/api/cabinet/closures").then(itemsOf),
    add: (body: Closure) => request<Closure>("POST", "/api/cabinet/closures", { body }),
    remove: (day: string) => request<void>("DELETE", `/api/cabinet/closures/${seg(day)}`),
  },

  calendar: {
    create: () => request<{ url: string }>("POST", "/api/calendar/token"),
    revoke: () => request<void>("DELETE", "/api/calendar/token"),
  },
};

/** A list the contract gives either bare or as a page (`{"items", "next_cursor"}`). */
export function itemsOf<T>(answer: T[] | { items: T[] }): T[] {
  return Array.isArray(answer) ? answer : answer.items;
}
