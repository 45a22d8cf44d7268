-- Foundation schema. The only schema source, applied by wrangler to D1 and by the local runtime to SQLite.
-- Every tenant table carries cabinet_id and every index the application uses starts with it.

CREATE TABLE cabinets (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    inbound_address TEXT NOT NULL UNIQUE,
    timezone TEXT NOT NULL DEFAULT 'Europe/Paris',
    created_at TEXT NOT NULL
);

-- Every message that reaches the inbound handler, routed or not: the raw bytes are in the blob store first.
CREATE TABLE inbound_mail (
    id TEXT PRIMARY KEY,
    cabinet_id TEXT REFERENCES cabinets(id),
    mail_from TEXT NOT NULL,
    recipients TEXT NOT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    blob_key TEXT NOT NULL,
    status TEXT NOT NULL,
    received_at TEXT NOT NULL
);
CREATE INDEX inbound_mail_by_cabinet ON inbound_mail (cabinet_id, received_at);
CREATE UNIQUE INDEX inbound_mail_by_digest ON inbound_mail (sha256, recipients);

-- One row per cron firing that did its work, so a retried or duplicated trigger runs once.
CREATE TABLE scheduled_runs (
    task TEXT NOT NULL,
    run_key TEXT NOT NULL,
    cron TEXT NOT NULL,
    started_at TEXT NOT NULL,
    PRIMARY KEY (task, run_key)
);

-- Who did what, when, from where: written in the same batch as the change it records.
CREATE TABLE audit_log (
    id TEXT PRIMARY KEY,
    cabinet_id TEXT,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    subject TEXT,
    origin TEXT,
    at TEXT NOT NULL
);
CREATE INDEX audit_log_by_cabinet ON audit_log (cabinet_id, at);
