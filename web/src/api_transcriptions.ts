// The typed client of docs/transcription.md: a dossier's recordings and their transcriptions (status, position in
// the queue, progress), a transcript's timed segments and versions, a correction saved as a new version, a retry.
// A recording is sent as the raw body through XMLHttpRequest (api_dossiers.upload) so its progress can be shown.
import { request, seg } from "./api";
import { contentUrl, upload, type PersonRef } from "./api_dossiers";

export type TranscriptionStatus = "en_attente" | "en_cours" | "terminee" | "echec";

export interface Segment {
  start: number; // seconds from the recording's start
  end: number;
  text: string;
}

export interface TranscriptionOut {
  id: string;
  document_id: string;
  dossier_id: string | null; // null for a recording not (yet) filed in a dossier
  title: string;
  status: TranscriptionStatus;
  progress: number; // 0–100
  position: number | null; // its place among the cabinet's waiting recordings, 1 = the next one
  error: string | null;
  language: string | null;
  duration_s: number | null;
  warnings: string[];
  current_version: number | null; // 0 (or null) before the first transcript
  created_at: string;
  updated_at: string;
  audio_url?: string | null;
}

export interface VersionInfo {
  version: number;
  source: string; // "machine" for version 1, "edition" for a lawyer's correction
  author: PersonRef | string | null; // the API gives the person's id
  created_at: string;
}

export interface VersionOut extends VersionInfo {
  segments: Segment[];
}

export interface TranscriptionDetail extends TranscriptionOut {
  segments: Segment[];
  versions: VersionInfo[]; // newest first
  suggestions: string[];
}

/** The `transcription` frame of the realtime socket: a state, never stored (docs/transcription.md). */
export type TranscriptionFrame = Pick<TranscriptionOut, "id" | "dossier_id" | "document_id" | "status" | "progress" | "position" | "error">;

export interface RecordingUpload {
  file: Blob;
  fileName: string;
  title?: string;
  onProgress: (sent: number, total: number) => void;
}

export const audioUrl = (transcription: TranscriptionOut) => transcription.audio_url || contentUrl(transcription.document_id);

export const transcriptionApi = {
  ofDossier: (dossierId: string) =>
    request<{ items: TranscriptionOut[] }>("GET", `/api/dossiers/${seg(dossierId)}/transcriptions`),
  get: (id: string) => request<TranscriptionDetail>("GET", `/api/transcriptions/${seg(id)}`),
  version: (id: string, version: number) =>
    request<VersionOut>("GET", `/api/transcriptions/${seg(id)}/versions/${version}`),
  saveSegments: (id: string, baseVersion: number, segments: Segment[]) =>
    request<TranscriptionDetail>("PUT", `/api/transcriptions/${seg(id)}/segments`, {
      body: { base_version: baseVersion, segments },
    }),
  retry: (id: string) => request<TranscriptionOut>("POST", `/api/transcriptions/${seg(id)}/retry`),
  /** POST /api/dossiers/{id}/recordings: the recording stored as a document, its transcription queued (201). */
  send: (dossierId: string, { file, fileName, title, onProgress }: RecordingUpload) =>
    upload<TranscriptionOut>(`/api/dossiers/${seg(dossierId)}/recordings`, {
      file,
      fileName,
      ...(title ? { title } : {}),
      onProgress,
    }),
};
