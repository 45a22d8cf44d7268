// The typed client of the API the web app talks to: one function per route of docs/people.md (and /api/health).
// Every state-changing request carries the session's CSRF token; errors become an ApiError holding the API's own
// French message. A 401 outside the login forms and a 403 `totp_a_configurer` are also handed to the app's
// handlers (go to login, go to 2FA enrolment) before the caller sees them.

export type Role = "associe" | "avocat" | "collaborateur" | "assistant";
export const ROLES: readonly Role[] = ["associe", "avocat", "collaborateur", "assistant"];
export type TotpPolicy = "optional" | "required";

export interface SessionPerson {
  id: string;
  email: string;
  name: string;
  role: Role;
  totp_enabled: boolean;
}

export interface SessionCabinet {
  id: string;
  name: string;
  slug: string;
  totp_policy: TotpPolicy;
}

export interface SessionOut {
  csrf_token: string;
  person: SessionPerson;
  cabinet: SessionCabinet;
  permissions: string[];
  totp_enrolment_required: boolean;
}

export interface LoginIn {
  email: string;
  password: string;
  totp?: string;
}

export interface InvitationOut {
  email: string;
  role: Role;
  cabinet_name: string;
  expires_at: string;
}

export interface AccountSession {
  id: string;
  created_at: string;
  last_seen_at: string;
  user_agent: string | null;
  client_ip: string | null;
  current: boolean;
}

export interface TotpEnrolmentOut {
  secret: string;
  otpauth_uri: string;
}

export interface PersonOut {
  id: string;
  email: string;
  name: string;
  role: Role;
  active: boolean;
  totp_enabled: boolean;
  created_at: string;
}

export interface PendingInvitation {
  id: string;
  email: string;
  role: Role;
  expires_at: string;
}

export interface CabinetSettings {
  name: string;
  timezone: string;
  court_zone: string | null;
  alert_days: number[];
  retention_days: number;
  totp_policy: TotpPolicy;
}

export interface AuditEntry {
  id: string;
  at: string;
  actor: string | null;
  actor_name: string | null;
  action: string;
  subject: string | null;
  summary: string | null;
  client_ip: string | null;
  user_agent: string | null;
  origin: string | null;
}

export interface AuditFilters {
  actor?: string;
  action?: string;
  subject?: string;
  since?: string;
  until?: string;
}

export interface AuditPage {
  entries: AuditEntry[];
  next_cursor: string | null;
}

export interface HealthReport {
  status: string;
  version: string;
  bindings: Record<string, { ok: boolean; error?: string | null }>;
}

export interface Problem {
  champ: string;
  message: string;
}

/** An answer other than 2xx, or no answer at all (status 0). `message` is French, for people. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field: string | null;
  readonly details: Problem[];
  /** The whole error body, for the answers that carry more than a message (the conflicts of a 409, a date). */
  readonly body: Record<string, unknown>;

  constructor(
    status: number,
    code: string,
    message: string,
    field: string | null = null,
    details: Problem[] = [],
    body: Record<string, unknown> = {},
  ) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field;
    this.details = details;
    this.body = body;
  }
}

interface Hooks {
  csrfToken: () => string | null;
  onUnauthorized: () => void;
  onTotpSetupRequired: () => void;
}

const hooks: Hooks = { csrfToken: () => null, onUnauthorized: () => {}, onTotpSetupRequired: () => {} };

export function configureApi(given: Partial<Hooks>): void {
  Object.assign(hooks, given);
}

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

interface RequestOptions {
  body?: unknown;
  /** A 401 is this form's own answer (wrong password, TOTP asked): do not send the person to the login page. */
  authForm?: boolean;
}

const STATE_CHANGING: ReadonlySet<Method> = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export async function request<T>(method: Method, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (options.body !== undefined) headers["Content-Type"] = "application/json";
  const csrf = hooks.csrfToken();
  if (STATE_CHANGING.has(method) && csrf) headers["X-CSRF-Token"] = csrf;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: "same-origin",
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    });
  } catch {
    throw new ApiError(0, "reseau", "Le service est injoignable : vérifiez votre connexion puis réessayez.");
  }
  if (response.ok) {
    if (response.status === 204 || response.status === 205) return undefined as T;
    return (await response.json()) as T;
  }
  const error = await errorOf(response);
  throw handled(error, options.authForm ?? false);
}

/** Hands a 401 (outside the login forms) and a 403 `totp_a_configurer` to the app before the caller sees them. */
export function handled(error: ApiError, authForm = false): ApiError {
  if (error.status === 401 && !authForm) hooks.onUnauthorized();
  if (error.status === 403 && error.code === "totp_a_configurer") hooks.onTotpSetupRequired();
  return error;
}

export function csrfToken(): string | null {
  return hooks.csrfToken();
}

async function errorOf(response: Response): Promise<ApiError> {
  try {
    return errorFromBody(response.status, await response.json());
  } catch {
    // not JSON: a proxy's or the platform's own page
    return errorFromBody(response.status, null);
  }
}

/** The ApiError of an answer's status and parsed JSON body (null when it was not JSON). */
export function errorFromBody(status: number, parsed: unknown): ApiError {
  const body = (parsed ?? {}) as { erreur?: unknown; message?: unknown; champ?: unknown; details?: unknown };
  if (typeof body.erreur === "string" && typeof body.message === "string") {
    const field = typeof body.champ === "string" ? body.champ : null;
    const details = Array.isArray(body.details) ? (body.details as Problem[]) : [];
    return new ApiError(status, body.erreur, body.message, field, details, body as Record<string, unknown>);
  }
  return new ApiError(
    status,
    "inattendu",
    `Le service a répondu de façon inattendue (HTTP ${status}). Réessayez dans un instant.`,
  );
}

export function query(params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== "") search.set(name, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}

export const seg = encodeURIComponent;

export const api = {
  health: () => request<HealthReport>("GET", "/api/health"),

  auth: {
    login: (body: LoginIn) => request<SessionOut>("POST", "/api/auth/login", { body, authForm: true }),
    session: () => request<SessionOut>("GET", "/api/auth/session", { authForm: true }),
    logout: () => request<void>("POST", "/api/auth/logout", { authForm: true }),
    logoutOthers: () => request<{ ended: number }>("POST", "/api/auth/logout-others"),
    requestPasswordReset: (body: { email: string }) =>
      request<{ message: string }>("POST", "/api/auth/password-reset", { body, authForm: true }),
    completePasswordReset: (body: { token: string; password: string }) =>
      request<void>("POST", "/api/auth/password-reset/complete", { body, authForm: true }),
  },

  invitations: {
    get: (token: string) => request<InvitationOut>("GET", `/api/invitations/${seg(token)}`, { authForm: true }),
    accept: (token: string, body: { name: string; password: string }) =>
      request<SessionOut>("POST", `/api/invitations/${seg(token)}/accept`, { body, authForm: true }),
  },

  account: {
    sessions: () => request<{ sessions: AccountSession[] }>("GET", "/api/account/sessions"),
    endSession: (id: string) => request<void>("DELETE", `/api/account/sessions/${seg(id)}`),
    changePassword: (body: { current_password: string; new_password: string }) =>
      request<void>("POST", "/api/account/password", { body }),
    startTotpEnrolment: () => request<TotpEnrolmentOut>("POST", "/api/account/totp/enrolment"),
    confirmTotp: (body: { code: string }) =>
      request<{ recovery_codes: string[] }>("POST", "/api/account/totp/confirm", { body }),
    disableTotp: (body: { password: string }) => request<void>("DELETE", "/api/account/totp", { body }),
  },

  people: {
    list: () => request<{ people: PersonOut[]; invitations: PendingInvitation[] }>("GET", "/api/people"),
    invite: (body: { email: string; role: Role }) =>
      request<PendingInvitation>("POST", "/api/people/invitations", { body }),
    revokeInvitation: (id: string) => request<void>("DELETE", `/api/people/invitations/${seg(id)}`),
    changeRole: (id: string, body: { role: Role }) => request<PersonOut>("PATCH", `/api/people/${seg(id)}`, { body }),
    deactivate: (id: string) => request<PersonOut>("POST", `/api/people/${seg(id)}/deactivate`),
    reactivate: (id: string) => request<PersonOut>("POST", `/api/people/${seg(id)}/reactivate`),
  },

  cabinet: {
    get: () => request<CabinetSettings>("GET", "/api/cabinet"),
    update: (body: Partial<CabinetSettings>) => request<CabinetSettings>("PATCH", "/api/cabinet", { body }),
  },

  audit: {
    list: (filters: AuditFilters, cursor: string | null, limit = 50) =>
      request<AuditPage>("GET", `/api/audit${query({ ...filters, cursor, limit })}`),
    csvUrl: (filters: AuditFilters) => `/api/audit.csv${query({ ...filters })}`,
  },
};
