-- Foundation schema. The only schema source, applied by wrangler to D1 and by the local runtime to SQLite.
-- Every tenant table carries cabinet_id and every index the application uses starts with it.

CREATE TABLE cabinets (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    inbound_address TEXT NOT NULL UNIQUE,
    timezone TEXT NOT NULL DEFAULT 'Europe/Paris',
    created_at TEXT NOT NULL
);

-- Every message that reaches the inbound handler, one row per recipient (as Email Routing delivers), routed or not:
-- the raw bytes are in the blob store first. dedupe_key is the Message-ID (or the digest without one).
CREATE TABLE inbound_mail (
    id TEXT PRIMARY KEY,
    cabinet_id TEXT REFERENCES cabinets(id),
    mail_from TEXT NOT NULL,
    recipient TEXT NOT NULL,
    dedupe_key TEXT NOT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    blob_key TEXT NOT NULL,
    status TEXT NOT NULL,
    received_at TEXT NOT NULL
);
CREATE INDEX inbound_mail_by_cabinet ON inbound_mail (cabinet_id, status, received_at);
-- Idempotency of deliveries; the recipient comes first because unrouted mail has no cabinet yet.
CREATE UNIQUE INDEX inbound_mail_delivery ON inbound_mail (recipient, dedupe_key);
-- Operator metrics (/api/health): recent traffic by status, without scanning the whole table.
CREATE INDEX inbound_mail_recent ON inbound_mail (received_at, status);

-- One row per task and period: a duplicated trigger finds a 'done' (or freshly 'running') row and stops; a run
-- that failed, or whose worker died, is taken over by the next firing.
CREATE TABLE scheduled_runs (
    task TEXT NOT NULL,
    run_key TEXT NOT NULL,
    cron TEXT NOT NULL,
    status TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
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
