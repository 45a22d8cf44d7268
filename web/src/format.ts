// French formatting shared by the screens.
import type { Role } from "./api";

export const ROLE_LABELS: Record<Role, string> = {
  associe: "Associé",
  avocat: "Avocat",
  collaborateur: "Collaborateur",
  assistant: "Assistant",
};

const DATE_TIME = new Intl.DateTimeFormat("fr-FR", { dateStyle: "medium", timeStyle: "short", timeZone: "Europe/Paris" });
const DATE = new Intl.DateTimeFormat("fr-FR", { dateStyle: "long", timeZone: "Europe/Paris" });

export function dateTime(iso: string | null | undefined): string {
  if (!iso) return "—";
  const when = new Date(iso);
  return Number.isNaN(when.getTime()) ? iso : DATE_TIME.format(when);
}

export function date(iso: string | null | undefined): string {
  if (!iso) return "—";
  const when = new Date(iso);
  return Number.isNaN(when.getTime()) ? iso : DATE.format(when);
}

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 256;

/** The rule the API enforces, checked before sending so the person learns it at once. */
export function passwordProblem(password: string, confirmation: string): string | null {
  if (password.length < PASSWORD_MIN) return `Le mot de passe doit compter au moins ${PASSWORD_MIN} caractères.`;
  if (password.length > PASSWORD_MAX) return `Le mot de passe doit compter au plus ${PASSWORD_MAX} caractères.`;
  if (password !== confirmation) return "Les deux mots de passe ne sont pas identiques.";
  return null;
}
