// French wording of the transcriptions: statuses, the place in the queue, times as m:ss, a frame merged into a row.
import type { TranscriptionFrame, TranscriptionOut, TranscriptionStatus, VersionInfo } from "./api_transcriptions";

export const TRANSCRIPTION_STATUS_LABELS: Record<TranscriptionStatus, string> = {
  en_attente: "En attente",
  en_cours: "Transcription en cours",
  terminee: "Transcrite",
  echec: "Échec",
};

/** 65.4 → "1:05"; an hour and more → "1:02:05". */
export function clock(seconds: number | null | undefined): string {
  const total = Math.max(0, Math.floor(seconds ?? 0));
  const [hours, minutes, secs] = [Math.floor(total / 3600), Math.floor((total % 3600) / 60), total % 60];
  const two = (n: number) => String(n).padStart(2, "0");
  return hours > 0 ? `${hours}:${two(minutes)}:${two(secs)}` : `${minutes}:${two(secs)}`;
}

/** 1 → "1re dans la file d’attente", 3 → "3e dans la file d’attente". */
export function queuePlace(position: number | null): string {
  if (position === null || position < 1) return "Dans la file d’attente";
  return `${position}${position === 1 ? "re" : "e"} dans la file d’attente`;
}

/** What a row says of its state, in one sentence (also what the live region announces). */
export function stateSentence(transcription: Pick<TranscriptionOut, "status" | "progress" | "position" | "error">): string {
  switch (transcription.status) {
    case "en_attente":
      return transcription.error ? `${queuePlace(transcription.position)} (nouvelle tentative : ${transcription.error})` : queuePlace(transcription.position);
    case "en_cours":
      return `Transcription en cours : ${Math.round(transcription.progress)} %`;
    case "terminee":
      return "Transcription terminée";
    case "echec":
      return `Échec : ${transcription.error ?? "raison inconnue"}`;
  }
}

export function withFrame<T extends TranscriptionOut>(row: T, frame: TranscriptionFrame): T {
  const { status, progress, position, error } = frame;
  return { ...row, status, progress, position, error };
}

/** `names` maps the people the screen knows (the dossier's team, the person logged in) from their id: the API gives
 * a version's author as an id, which is never shown as such. */
export function versionLabel(version: VersionInfo, names: ReadonlyMap<string, string> = new Map()): string {
  if (version.source === "machine" || version.version === 1) return `Version ${version.version} : version d’origine (machine)`;
  const author = typeof version.author === "string" ? names.get(version.author) : version.author?.name;
  return `Version ${version.version} : correction${author ? ` de ${author}` : ""}`;
}

/** The segment being played at `time`: the last one started (a pause between two keeps the previous one), none
 * before the first starts or once the last has ended. */
export function segmentAt(segments: ReadonlyArray<{ start: number; end: number }>, time: number): number {
  let found = -1;
  for (const [index, segment] of segments.entries()) {
    if (segment.start <= time + 0.05) found = index;
    else break;
  }
  const last = segments[segments.length - 1];
  return last && found === segments.length - 1 && time > last.end + 0.5 ? -1 : found;
}

export const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);
