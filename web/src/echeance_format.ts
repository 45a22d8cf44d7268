// French labels and calendar arithmetic of the échéances and courrier screens. Dates are the contract's
// `AAAA-MM-JJ` strings in the cabinet's time zone: arithmetic is done at UTC noon, so no DST shift moves a day.
import type { DeadlineOut, DeadlineStatus, HearingStatus } from "./api_echeances";

export const DEADLINE_STATUS_LABELS: Record<DeadlineStatus, string> = {
  suggere: "Suggérée, à confirmer",
  a_faire: "À faire",
  fait: "Faite",
  annule: "Annulée",
  rejete: "Rejetée",
};

export const HEARING_STATUS_LABELS: Record<HearingStatus, string> = {
  suggeree: "Suggérée, à confirmer",
  prevue: "Prévue",
  remplacee: "Remplacée",
  annulee: "Annulée",
  rejetee: "Rejetée",
};

export const STATUS_FILTERS: ReadonlyArray<readonly [string, string]> = [
  ["a_faire", "À faire"],
  ["suggere", "Suggérées"],
  ["fait", "Faites"],
  ["annule", "Annulées"],
  ["all", "Toutes"],
];

export const RESIDENCES: ReadonlyArray<readonly [string, string]> = [
  ["", "En France métropolitaine (aucun délai de distance)"],
  ["971", "Guadeloupe"],
  ["972", "Martinique"],
  ["973", "Guyane"],
  ["974", "La Réunion"],
  ["976", "Mayotte"],
  ["etranger", "À l’étranger"],
];

export const COURT_ZONES: ReadonlyArray<readonly [string, string]> = [
  ["metropole", "Métropole"],
  ["57", "Moselle (57)"],
  ["67", "Bas-Rhin (67)"],
  ["68", "Haut-Rhin (68)"],
  ["971", "Guadeloupe (971)"],
  ["972", "Martinique (972)"],
  ["973", "Guyane (973)"],
  ["974", "La Réunion (974)"],
  ["976", "Mayotte (976)"],
];

const WEEKDAY = new Intl.DateTimeFormat("fr-FR", { weekday: "long", day: "numeric", month: "long", timeZone: "UTC" });
const SHORT = new Intl.DateTimeFormat("fr-FR", { weekday: "short", day: "numeric", month: "short", timeZone: "UTC" });
const MONTH = new Intl.DateTimeFormat("fr-FR", { month: "long", year: "numeric", timeZone: "UTC" });
const LONG = new Intl.DateTimeFormat("fr-FR", {
  weekday: "long", day: "numeric", month: "long", year: "numeric", timeZone: "UTC",
});
const ISO_IN_PARIS = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Paris" });

function noon(day: string): Date {
  return new Date(`${day}T12:00:00Z`);
}

export function today(): string {
  return ISO_IN_PARIS.format(new Date());
}

export function addDays(day: string, days: number): string {
  const when = noon(day);
  when.setUTCDate(when.getUTCDate() + days);
  return when.toISOString().slice(0, 10);
}

/** Monday of the week holding `day` (French weeks start on Monday). */
export function mondayOf(day: string): string {
  return addDays(day, -((noon(day).getUTCDay() + 6) % 7));
}

export function monthStart(day: string): string {
  return `${day.slice(0, 7)}-01`;
}

export function addMonths(day: string, months: number): string {
  const when = noon(monthStart(day));
  when.setUTCMonth(when.getUTCMonth() + months);
  return when.toISOString().slice(0, 10);
}

export function monthEnd(day: string): string {
  return addDays(addMonths(day, 1), -1);
}

export function longDay(day: string | null | undefined): string {
  return day ? LONG.format(noon(day)) : "—";
}

export function weekday(day: string): string {
  return WEEKDAY.format(noon(day));
}

export function shortDay(day: string): string {
  return SHORT.format(noon(day));
}

export function monthName(day: string): string {
  return MONTH.format(noon(day));
}

/** Every day from `first` to `last`, both included. */
export function daysBetween(first: string, last: string): string[] {
  const days: string[] = [];
  for (let day = first; day <= last; day = addDays(day, 1)) days.push(day);
  return days;
}

/** The échéancier's order: overdue first, then by due date (those without a date, waiting for an event, last). */
export function byUrgency(deadlines: DeadlineOut[]): DeadlineOut[] {
  return [...deadlines].sort((a, b) => {
    if (a.overdue !== b.overdue) return a.overdue ? -1 : 1;
    return (a.due_date ?? "9999").localeCompare(b.due_date ?? "9999");
  });
}

/** What a chain step whose anchor is not known yet waits for (the API writes "en attente de …" as its act). */
export function waitingFor(deadline: DeadlineOut): string | null {
  if (deadline.due_date || deadline.trigger_date) return null;
  return deadline.trigger_act.replace(/^en attente d[e’']\s*/i, "") || "l’événement qui le déclenche";
}
