-- Le courrier classé (docs/courrier.md): how each message was filed, the filing history, the sender addresses a
-- lawyer asked to remember for a dossier, and the attachments turned into dossier documents.

-- The job's outcome on the message itself. status gains: filed (classé), to_file (à classer), quarantined (en
-- quarantaine, with its reason). `candidates_json` lists the dossiers considered ([{"dossier_id", "confidence",
-- "reason"}]); `filed_by_hand` marks a lawyer's filing, which no reprocessing ever changes. `thread_id` groups a
-- conversation (the Message-ID at its root); `filing_run` names the job run that recorded the outcome (the guard of
-- its audit row when two runs race).
ALTER TABLE inbound_mail ADD COLUMN confidence REAL;
ALTER TABLE inbound_mail ADD COLUMN filing_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE inbound_mail ADD COLUMN candidates_json TEXT NOT NULL DEFAULT '[]';
ALTER TABLE inbound_mail ADD COLUMN filed_by TEXT;
ALTER TABLE inbound_mail ADD COLUMN filed_at TEXT;
ALTER TABLE inbound_mail ADD COLUMN filed_by_hand INTEGER NOT NULL DEFAULT 0;
ALTER TABLE inbound_mail ADD COLUMN quarantine_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE inbound_mail ADD COLUMN thread_id TEXT NOT NULL DEFAULT '';
ALTER TABLE inbound_mail ADD COLUMN filing_run TEXT NOT NULL DEFAULT '';
-- A dossier's mail grouped by thread, and the thread of a reply.
CREATE INDEX inbound_mail_by_thread ON inbound_mail (cabinet_id, thread_id);
-- Threading: the filed message an In-Reply-To or References header names.
CREATE INDEX mail_readings_by_message_id ON mail_readings (cabinet_id, message_id);

-- Every filing decision, automatic or by hand, kept: what the message's row says now is the last of these.
CREATE TABLE mail_filings (
    id TEXT PRIMARY KEY,
    cabinet_id TEXT NOT NULL REFERENCES cabinets(id),
    inbound_id TEXT NOT NULL,
    status TEXT NOT NULL,
    dossier_id TEXT,
    confidence REAL,
    reason TEXT NOT NULL DEFAULT '',
    by_hand INTEGER NOT NULL DEFAULT 0,
    actor TEXT NOT NULL,
    at TEXT NOT NULL,
    FOREIGN KEY (cabinet_id, inbound_id) REFERENCES inbound_mail (cabinet_id, id)
);
CREATE INDEX mail_filings_by_mail ON mail_filings (cabinet_id, inbound_id, at);

-- Sender addresses a lawyer asked to remember for a dossier (never learnt silently): a later message from one of
-- them is filed there.
CREATE TABLE dossier_senders (
    cabinet_id TEXT NOT NULL,
    dossier_id TEXT NOT NULL,
    email TEXT NOT NULL,
    remembered_by TEXT NOT NULL,
    remembered_at TEXT NOT NULL,
    PRIMARY KEY (cabinet_id, dossier_id, email),
    FOREIGN KEY (cabinet_id, dossier_id) REFERENCES dossiers (cabinet_id, id)
);
CREATE INDEX dossier_senders_by_email ON dossier_senders (cabinet_id, email);

-- A message's attachments, in the order the reader found them, with the dossier document each became (NULL while
-- the message is not filed, or for a part that is not a file); `duplicate` when the dossier already held the bytes.
CREATE TABLE mail_attachments (
    cabinet_id TEXT NOT NULL,
    inbound_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    filename TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    document_id TEXT,
    duplicate INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (cabinet_id, inbound_id, position),
    FOREIGN KEY (cabinet_id, inbound_id) REFERENCES inbound_mail (cabinet_id, id)
);
