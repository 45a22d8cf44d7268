// The session as the app knows it: undefined while asking the API, null when nobody is logged in.
import { computed, signal } from "@preact/signals";
import { api, configureApi, type SessionOut } from "./api";
import { currentPath, currentSearch, navigate } from "./router";

export const session = signal<SessionOut | null | undefined>(undefined);
export const ENROLMENT_PATH = "/compte/double-authentification";
export const LOGIN_PATH = "/connexion";

export const can = (permission: string) => computed(() => session.value?.permissions.includes(permission) ?? false);

/** Where to come back to after logging in: the page the person was on, if it was one of the app's own. */
export function loginUrl(): string {
  const here = currentPath.value + currentSearch.value;
  const open = [LOGIN_PATH, "/mot-de-passe-oublie", "/"].includes(currentPath.value);
  return open ? LOGIN_PATH : `${LOGIN_PATH}?suite=${encodeURIComponent(here)}`;
}

configureApi({
  csrfToken: () => session.value?.csrf_token ?? null,
  onUnauthorized: () => {
    if (session.value === null && currentPath.value === LOGIN_PATH) return;
    const target = loginUrl();
    session.value = null;
    navigate(target, { replace: true });
  },
  onTotpSetupRequired: () => {
    if (session.value) session.value = { ...session.value, totp_enrolment_required: true };
    navigate(ENROLMENT_PATH, { replace: true });
  },
});

export async function loadSession(): Promise<void> {
  try {
    session.value = await api.auth.session();
  } catch {
    session.value = null; // no session, or no API to ask: the public pages still work
  }
}

/** After a login, an invitation or an enrolment: where the person goes next. */
export function enter(opened: SessionOut, next: string | null = null): void {
  session.value = opened;
  if (opened.totp_enrolment_required) navigate(ENROLMENT_PATH, { replace: true });
  else navigate(next && next.startsWith("/") && !next.startsWith("//") ? next : "/", { replace: true });
}

export async function logout(): Promise<void> {
  try {
    await api.auth.logout();
  } finally {
    session.value = null;
    navigate(LOGIN_PATH);
  }
}
