// French labels of the courrier screens, and the cutting of a message's text at its facts' quotes (the parts become
// text nodes and <mark> elements: never HTML).
import type { MailFact } from "./api_courrier";
import { longDay } from "./echeance_format";

export const FACT_LABELS: Record<string, string> = {
  rg: "Numéro RG",
  portalis: "Numéro Portalis",
  pourvoi: "Pourvoi",
  minute: "Minute",
  dossier_ref: "Référence du cabinet",
  jurisdiction: "Juridiction",
  parties: "Parties",
  date: "Date",
  datetime: "Date et heure",
  hearing: "Audience",
  deadline: "Échéance",
  delay: "Délai",
  amount: "Montant",
};

export const FACT_STATUS_LABELS: Record<string, string> = {
  active: "en vigueur",
  actif: "en vigueur",
  cancelled: "annulée",
  annule: "annulée",
  moved: "renvoyée",
  renvoye: "renvoyée",
  past: "passée",
  passe: "passée",
  expired: "expirée",
  expire: "expirée",
};

export const MAIL_STATUS_LABELS: Record<string, string> = {
  received: "Reçu",
  unrouted: "Destinataire inconnu",
  corrupt: "Illisible",
  filed: "Classé",
  to_file: "À classer",
  quarantined: "En quarantaine",
};

export function factLabel(fact: MailFact): string {
  return FACT_LABELS[fact.kind] ?? fact.kind;
}

export function factStatus(fact: MailFact): string | null {
  return fact.status ? (FACT_STATUS_LABELS[fact.status] ?? fact.status) : null;
}

/** Where a fact stands: its origin when the API gives it, else the part of the message holding its quote. */
export function originOf(fact: MailFact, textNew: string, textHistory: string): "nouveau" | "historique" {
  if (fact.origin) return fact.origin === "history" || fact.origin === "historique" ? "historique" : "nouveau";
  return !textNew.includes(fact.quote) && textHistory.includes(fact.quote) ? "historique" : "nouveau";
}

export function percent(confidence: number | null | undefined): string {
  return confidence === null || confidence === undefined ? "—" : `${Math.round(confidence * 100)} %`;
}

export interface TextPart {
  text: string;
  fact: number | null; // index of the fact whose quote this part is
}

/** `text` cut at the first occurrence of each fact's quote (overlapping quotes: the first one found wins). */
export function highlight(text: string, facts: ReadonlyArray<{ index: number; quote: string }>): TextPart[] {
  const spans: { start: number; end: number; fact: number }[] = [];
  for (const { index, quote } of facts) {
    const start = quote ? text.indexOf(quote) : -1;
    if (start < 0) continue;
    const end = start + quote.length;
    if (spans.some((span) => start < span.end && span.start < end)) continue;
    spans.push({ start, end, fact: index });
  }
  spans.sort((a, b) => a.start - b.start);
  const parts: TextPart[] = [];
  let at = 0;
  for (const span of spans) {
    if (span.start > at) parts.push({ text: text.slice(at, span.start), fact: null });
    parts.push({ text: text.slice(span.start, span.end), fact: span.fact });
    at = span.end;
  }
  if (at < text.length) parts.push({ text: text.slice(at), fact: null });
  return parts;
}

/** A fact's value for people: ISO dates (and date-times) written out in French, the rest as read. */
export function factValue(fact: MailFact): string {
  const found = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}):(\d{2}))?$/.exec(fact.value);
  if (!found?.[1]) return fact.value;
  return found[2] ? `${longDay(found[1])} à ${found[2]} h ${found[3]}` : longDay(found[1]);
}
