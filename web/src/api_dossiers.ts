// The typed client of docs/dossiers.md: clients, dossiers, parties, court references, conflict checks, documents,
// search and RGPD. Same conventions as api.ts (CSRF token, French ApiError); uploads go through XMLHttpRequest so
// the screen can show the upload's progress (fetch reports none for a request body).
import { ApiError, csrfToken, errorFromBody, handled, query, request, seg } from "./api";

export type ClientKind = "personne_physique" | "personne_morale";
export type DossierStatus = "ouvert" | "en_attente" | "clos" | "archive";
export type Visibility = "cabinet" | "equipe";
export type PartyRole = "adverse" | "conseil_adverse" | "autre";
export type ReferenceKind = "rg" | "portalis" | "administratif" | "pourvoi";
export type TextStatus = "en_attente" | "extrait" | "vide" | "non_pris_en_charge" | "echec";
export type SearchKind = "client" | "dossier" | "partie" | "mail" | "document";

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

export interface Address {
  label?: string;
  line1: string;
  line2?: string;
  postal_code: string;
  city: string;
  country?: string;
}

export interface NewClient {
  kind: ClientKind;
  civility?: "M." | "Mme" | "";
  first_name?: string;
  last_name?: string;
  company_name?: string;
  siren?: string;
  addresses?: Address[];
  phones?: string[];
  emails?: string[];
  notes?: string;
}

export interface ClientOut extends NewClient {
  id: string;
  display_name: string;
  created_at: string;
  updated_at: string;
}

export interface PersonRef {
  id: string;
  name: string;
}

export interface ClientRef {
  id: string;
  display_name: string;
}

export interface DossierSummary {
  id: string;
  reference: string;
  title: string;
  matter_type: string;
  status: DossierStatus;
  visibility: Visibility;
  responsible: PersonRef | null;
  clients: ClientRef[];
  opened_on: string;
  closed_on: string | null;
}

export interface ClientDetail extends ClientOut {
  dossiers: DossierSummary[];
}

export interface NewParty {
  role: PartyRole;
  kind: ClientKind;
  name: string;
  siren?: string;
  emails?: string[];
  represents_id?: string;
}

export interface PartyOut extends NewParty {
  id: string;
}

export interface NewReference {
  kind: ReferenceKind;
  value: string;
  court?: string;
}

export interface CourtReferenceOut {
  id: string;
  kind: ReferenceKind;
  value: string;
  court: string | null;
}

export interface DossierOut extends DossierSummary {
  team: PersonRef[];
  parties: PartyOut[];
  court_references: CourtReferenceOut[];
  jurisdiction: string | null;
  created_at: string;
  updated_at: string;
}

export interface NewDossier {
  title: string;
  matter_type: string;
  client_ids: string[];
  responsible_id?: string;
  visibility?: Visibility;
  jurisdiction?: string;
  parties?: NewParty[];
  court_references?: NewReference[];
  acknowledge_conflicts?: boolean;
}

export interface DossierChanges {
  title?: string;
  status?: DossierStatus;
  visibility?: Visibility;
  responsible_id?: string;
}

export interface ConflictMatch {
  subject: string;
  match: "siren" | "nom";
  against: "client" | PartyRole;
  id: string | null; // null when the match is in a dossier kept from the user (`restricted`)
  name: string;
  dossier: { id: string; reference: string } | null;
  /** Opposite sides (a client against an adverse party): the server answers 409 until confirmed. */
  blocking: boolean;
  /** The match is in a dossier kept from the user: no id, no dossier, a hint instead. */
  restricted: boolean;
  hint: string | null;
}

export interface DocumentOut {
  id: string;
  dossier_id: string;
  title: string;
  tags: string[];
  current_version: number;
  file_name: string;
  size: number;
  sha256: string;
  content_type: string;
  text_status: TextStatus;
  created_at: string;
  created_by: PersonRef | null;
  updated_at: string;
}

export interface SearchHit {
  kind: SearchKind;
  id: string;
  title: string;
  snippet: string;
  dossier: { id: string; reference: string } | null;
}

export interface ClientFilters {
  q?: string;
  kind?: string;
  sort?: string;
}

export interface DossierFilters {
  status?: string;
  client_id?: string;
  responsible_id?: string;
  q?: string;
  sort?: string;
}

/** The conflicts a 409 `conflit_a_confirmer` carries, or null for any other error. */
export function conflictsOf(error: unknown): ConflictMatch[] | null {
  if (!(error instanceof ApiError) || error.code !== "conflit_a_confirmer") return null;
  return Array.isArray(error.body.conflicts) ? (error.body.conflicts as ConflictMatch[]) : [];
}

export interface Upload {
  file: Blob;
  fileName: string;
  title?: string;
  tags?: string;
  onProgress: (sent: number, total: number) => void;
}

/** Sends a file as the raw body (X-File-Name percent-encoded), reporting the bytes sent as they go. The answer is
 * the created document, or what the route creates from it (a recording's transcription). */
export function upload<T = DocumentOut>(path: string, { file, fileName, title, tags, onProgress }: Upload): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", path + query({ title, tags }));
    xhr.setRequestHeader("Accept", "application/json");
    xhr.setRequestHeader("Content-Type", file.type || "application/octet-stream");
    xhr.setRequestHeader("X-File-Name", encodeURIComponent(fileName));
    const csrf = csrfToken();
    if (csrf) xhr.setRequestHeader("X-CSRF-Token", csrf);
    xhr.upload.onprogress = (event) => onProgress(event.loaded, event.lengthComputable ? event.total : file.size);
    xhr.onerror = () =>
      reject(new ApiError(0, "reseau", "Le service est injoignable : vérifiez votre connexion puis réessayez."));
    xhr.onload = () => {
      let parsed: unknown = null;
      try {
        parsed = JSON.parse(xhr.responseText);
      } catch {
        // not JSON: errorFromBody says the answer was unexpected
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(parsed as T);
      else reject(handled(errorFromBody(xhr.status, parsed)));
    };
    xhr.send(file);
  });
}

export const contentUrl = (documentId: string, inline = false) =>
  `/api/documents/${seg(documentId)}/content${inline ? "?disposition=inline" : ""}`;

export const dossierApi = {
  clients: {
    list: (filters: ClientFilters, cursor: string | null, limit = 50) =>
      request<Page<ClientOut>>("GET", `/api/clients${query({ ...filters, cursor, limit })}`),
    create: (body: NewClient) => request<ClientOut>("POST", "/api/clients", { body }),
    get: (id: string) => request<ClientDetail>("GET", `/api/clients/${seg(id)}`),
    exportUrl: (id: string) => `/api/clients/${seg(id)}/export`,
    erase: (id: string, confirm: string) =>
      request<Record<string, unknown>>("POST", `/api/clients/${seg(id)}/erasure`, { body: { confirm } }),
  },

  dossiers: {
    list: (filters: DossierFilters, cursor: string | null, limit = 50) =>
      request<Page<DossierSummary>>("GET", `/api/dossiers${query({ ...filters, cursor, limit })}`),
    create: (body: NewDossier) => request<DossierOut>("POST", "/api/dossiers", { body }),
    get: (id: string) => request<DossierOut>("GET", `/api/dossiers/${seg(id)}`),
    update: (id: string, body: DossierChanges) => request<DossierOut>("PATCH", `/api/dossiers/${seg(id)}`, { body }),
    addClient: (id: string, clientId: string) =>
      request<DossierOut>("POST", `/api/dossiers/${seg(id)}/clients`, { body: { client_id: clientId } }),
    removeClient: (id: string, clientId: string) =>
      request<DossierOut>("DELETE", `/api/dossiers/${seg(id)}/clients/${seg(clientId)}`),
    addParty: (id: string, body: NewParty & { acknowledge_conflicts?: boolean }) =>
      request<PartyOut>("POST", `/api/dossiers/${seg(id)}/parties`, { body }),
    removeParty: (id: string, partyId: string) =>
      request<void>("DELETE", `/api/dossiers/${seg(id)}/parties/${seg(partyId)}`),
    addReference: (id: string, body: NewReference) =>
      request<CourtReferenceOut>("POST", `/api/dossiers/${seg(id)}/references`, { body }),
    removeReference: (id: string, referenceId: string) =>
      request<void>("DELETE", `/api/dossiers/${seg(id)}/references/${seg(referenceId)}`),
    documents: (id: string, cursor: string | null = null) =>
      request<Page<DocumentOut>>("GET", `/api/dossiers/${seg(id)}/documents${query({ cursor, limit: 100 })}`),
    uploadPath: (id: string) => `/api/dossiers/${seg(id)}/documents`,
  },

  conflicts: {
    check: (subjects: { name: string; siren?: string }[]) =>
      request<{ conflicts: ConflictMatch[] }>("POST", "/api/conflicts/check", { body: { subjects } }),
  },

  documents: {
    remove: (id: string) => request<void>("DELETE", `/api/documents/${seg(id)}`),
  },

  search: (q: string, cursor: string | null = null, kind?: SearchKind) =>
    request<Page<SearchHit>>("GET", `/api/search${query({ q, cursor, kind, limit: 20 })}`),
};
