// French labels of the dossiers feature's codes, and the small formatting its screens share.
import type {
  ClientKind,
  ConflictMatch,
  DossierStatus,
  PartyRole,
  ReferenceKind,
  SearchKind,
  TextStatus,
  Visibility,
} from "./api_dossiers";

export const KIND_LABELS: Record<ClientKind, string> = {
  personne_physique: "Personne physique",
  personne_morale: "Personne morale",
};

export const STATUS_LABELS: Record<DossierStatus, string> = {
  ouvert: "Ouvert",
  en_attente: "En attente",
  clos: "Clos",
  archive: "Archivé",
};

export const VISIBILITY_LABELS: Record<Visibility, string> = {
  cabinet: "Tout le cabinet",
  equipe: "L’équipe du dossier seulement",
};

export const PARTY_LABELS: Record<PartyRole, string> = {
  adverse: "Partie adverse",
  conseil_adverse: "Conseil adverse",
  autre: "Autre intervenant",
};

export const REFERENCE_LABELS: Record<ReferenceKind, string> = {
  rg: "Numéro RG",
  portalis: "Numéro Portalis",
  administratif: "Requête administrative",
  pourvoi: "Pourvoi en cassation",
};

export const REFERENCE_HINTS: Record<ReferenceKind, string> = {
  rg: "Par exemple 24/01234 ou A 24/01234",
  portalis: "Par exemple DBX6-W-B7H-ABCDE",
  administratif: "Par exemple 2401234, avec le tribunal",
  pourvoi: "Par exemple 24-12.345",
};

export const TEXT_STATUS_LABELS: Record<TextStatus, string> = {
  en_attente: "Lecture du texte en cours",
  extrait: "Texte lu (cherchable)",
  vide: "Aucun texte",
  non_pris_en_charge: "Format non lu",
  echec: "Échec de la lecture",
};

export const SEARCH_KIND_LABELS: Record<SearchKind, string> = {
  client: "Clients",
  dossier: "Dossiers",
  partie: "Parties",
  mail: "Courrier",
  document: "Documents",
};

const AGAINST_LABELS: Record<ConflictMatch["against"], string> = {
  client: "client du cabinet",
  adverse: "partie adverse",
  conseil_adverse: "conseil adverse",
  autre: "autre intervenant",
};

export function againstLabel(match: ConflictMatch): string {
  return AGAINST_LABELS[match.against];
}

const UNITS = ["octets", "Ko", "Mo", "Go"];

/** 1536 → "1,5 Ko" (French decimal comma, powers of 1024 as file managers show them). */
export function fileSize(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const shown = unit === 0 ? String(value) : value.toLocaleString("fr-FR", { maximumFractionDigits: 1 });
  return `${shown} ${UNITS[unit]}`;
}

/** The parts of a search snippet: the words between `[` and `]` are the matches, to show as <mark>. */
export function snippetParts(snippet: string): { text: string; matched: boolean }[] {
  const parts: { text: string; matched: boolean }[] = [];
  const pattern = /\[([^\]]*)\]/g;
  let last = 0;
  for (let found = pattern.exec(snippet); found; found = pattern.exec(snippet)) {
    if (found.index > last) parts.push({ text: snippet.slice(last, found.index), matched: false });
    parts.push({ text: found[1] ?? "", matched: true });
    last = found.index + found[0].length;
  }
  if (last < snippet.length) parts.push({ text: snippet.slice(last), matched: false });
  return parts;
}

/** Whether the browser can show this type itself, in an image (images) or a tab of its own (PDF). */
export function previewKind(contentType: string): "image" | "pdf" | null {
  const type = contentType.split(";")[0]?.trim().toLowerCase() ?? "";
  if (["image/png", "image/jpeg", "image/gif", "image/webp"].includes(type)) return "image";
  if (type === "application/pdf") return "pdf";
  return null;
}
