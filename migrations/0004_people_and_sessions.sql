-- Cabinets, people and sessions: the cabinet's settings, its people and their roles, invitations, password resets,
-- the index of open sessions (the tokens themselves live in KV), second factors, attempt counters, and the audit
-- trail's who/from-where columns.

-- The slug names the cabinet in its inbound address (`{slug}@{mail domain}`) and on the command line.
ALTER TABLE cabinets ADD COLUMN slug TEXT;
UPDATE cabinets SET slug = substr(inbound_address, 1, instr(inbound_address, '@') - 1) WHERE slug IS NULL;
CREATE UNIQUE INDEX cabinets_by_slug ON cabinets (slug);
-- The court seat's holiday zone (domain/deadlines/zones.py codes), days before a deadline when alerts go out
-- (JSON list), how long closed files are kept, and whether a second factor is required.
ALTER TABLE cabinets ADD COLUMN court_zone TEXT NOT NULL DEFAULT 'metropole';
ALTER TABLE cabinets ADD COLUMN alert_days TEXT NOT NULL DEFAULT '[7,3,1,0]';
ALTER TABLE cabinets ADD COLUMN retention_days INTEGER NOT NULL DEFAULT 3650;
ALTER TABLE cabinets ADD COLUMN totp_policy TEXT NOT NULL DEFAULT 'optional';

-- A person works in one cabinet. Login asks only for the email, so an address has one account on the platform.
CREATE TABLE people (
    id TEXT PRIMARY KEY,
    cabinet_id TEXT NOT NULL REFERENCES cabinets(id),
    email TEXT NOT NULL,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    active INTEGER NOT NULL DEFAULT 1,
    password_hash TEXT NOT NULL,
    totp_secret TEXT,
    totp_pending_secret TEXT,
    totp_last_step INTEGER,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX people_by_email ON people (email);
CREATE UNIQUE INDEX people_in_cabinet ON people (cabinet_id, id);
CREATE INDEX people_by_cabinet ON people (cabinet_id, active, name);

-- Single-use recovery codes of a person's second factor, stored as digests.
CREATE TABLE recovery_codes (
    cabinet_id TEXT NOT NULL,
    person_id TEXT NOT NULL,
    digest TEXT NOT NULL,
    used_at TEXT,
    PRIMARY KEY (cabinet_id, person_id, digest),
    FOREIGN KEY (cabinet_id, person_id) REFERENCES people (cabinet_id, id)
);

-- An invitation is a link (its token's digest here) that creates the person when accepted, once, before expiry.
CREATE TABLE invitations (
    id TEXT PRIMARY KEY,
    cabinet_id TEXT NOT NULL REFERENCES cabinets(id),
    email TEXT NOT NULL,
    role TEXT NOT NULL,
    token_digest TEXT NOT NULL UNIQUE,
    invited_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    accepted_person_id TEXT,
    revoked_at TEXT
);
CREATE INDEX invitations_by_cabinet ON invitations (cabinet_id, accepted_person_id, revoked_at, expires_at);

CREATE TABLE password_resets (
    id TEXT PRIMARY KEY,
    cabinet_id TEXT NOT NULL,
    person_id TEXT NOT NULL,
    token_digest TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at TEXT,
    FOREIGN KEY (cabinet_id, person_id) REFERENCES people (cabinet_id, id)
);
CREATE INDEX password_resets_by_person ON password_resets (cabinet_id, person_id, used_at);

-- Open sessions, for "mes sessions" and for revocation that holds at once everywhere: KV maps a token's digest to
-- its session, and every request checks its row here (D1 is consistent, KV is not). `role` is the role the session
-- was opened with: when the person's role differs, the session is rotated.
CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    cabinet_id TEXT NOT NULL,
    person_id TEXT NOT NULL,
    role TEXT NOT NULL,
    created_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    user_agent TEXT NOT NULL,
    client_ip TEXT NOT NULL,
    ended_at TEXT,
    ended_reason TEXT,
    FOREIGN KEY (cabinet_id, person_id) REFERENCES people (cabinet_id, id)
);
CREATE INDEX sessions_by_person ON sessions (cabinet_id, person_id, ended_at);

-- Failed attempts (login, second factor, reset) per account and per client address, in fixed windows. Not tenant
-- data: an attempt comes before anyone knows the cabinet, and buckets name digests, not addresses.
CREATE TABLE attempt_counters (
    bucket TEXT PRIMARY KEY,
    window_start TEXT NOT NULL,
    attempts INTEGER NOT NULL
);

-- Who acted from where, and what changed (a summary without secrets).
ALTER TABLE audit_log ADD COLUMN summary TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_log ADD COLUMN client_ip TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_log ADD COLUMN user_agent TEXT NOT NULL DEFAULT '';
CREATE INDEX audit_log_by_cabinet_action ON audit_log (cabinet_id, action, at);
