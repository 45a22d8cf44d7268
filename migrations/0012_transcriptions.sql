-- Recordings transcribed (docs/transcription.md): one transcription per document version, its state on the audio
-- lane, and the transcript's versions (the machine's first, then each lawyer's edit, whole copies).

-- status: en_attente | en_cours | terminee | echec. `error` says why (a French sentence) while a temporary failure
-- waits for its retry or once it failed for good. `queued_at` orders the cabinet's waiting list (position);
-- `row_version` guards writes from concurrent runs (a job delivered twice, an edit racing a retry).
CREATE TABLE transcriptions (
    id TEXT PRIMARY KEY,
    cabinet_id TEXT NOT NULL REFERENCES cabinets(id),
    document_id TEXT NOT NULL,
    document_version INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    content_type TEXT NOT NULL,
    status TEXT NOT NULL,
    progress INTEGER NOT NULL DEFAULT 0,
    error TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    language TEXT,
    duration_s REAL,
    model TEXT NOT NULL DEFAULT '',
    warnings_json TEXT NOT NULL DEFAULT '[]',
    current_version INTEGER NOT NULL DEFAULT 0,
    received_at TEXT NOT NULL,
    queued_at TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    row_version INTEGER NOT NULL DEFAULT 1,
    FOREIGN KEY (cabinet_id, document_id) REFERENCES documents (cabinet_id, id)
);
CREATE UNIQUE INDEX transcriptions_in_cabinet ON transcriptions (cabinet_id, id);
CREATE UNIQUE INDEX transcriptions_by_document ON transcriptions (cabinet_id, document_id, document_version);
CREATE INDEX transcriptions_waiting ON transcriptions (cabinet_id, status, queued_at, id);
CREATE INDEX transcriptions_by_sha256 ON transcriptions (cabinet_id, sha256, status);

-- source: machine (version 1, what the model heard) | edition (a lawyer's correction, `author` their person id).
CREATE TABLE transcript_versions (
    cabinet_id TEXT NOT NULL,
    transcription_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    source TEXT NOT NULL,
    author TEXT,
    created_at TEXT NOT NULL,
    segments_json TEXT NOT NULL,
    PRIMARY KEY (cabinet_id, transcription_id, version),
    FOREIGN KEY (cabinet_id, transcription_id) REFERENCES transcriptions (cabinet_id, id)
);
