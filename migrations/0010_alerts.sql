-- The daily scan's bookkeeping, the digests sent and the calendar feeds' tokens (docs/echeances.md, "Daily scan,
-- digests, calendar"). The alerts themselves are notifications (0007), deduplicated by `alert:{deadline}:{threshold}`.

-- One row per cabinet and local date: a morning done (scan, digests) is not run again. A run still marked running
-- is not waited for: the scan and the digests are safe to run twice, so a crashed run's retry simply runs again.
CREATE TABLE morning_runs (
    cabinet_id TEXT NOT NULL REFERENCES cabinets(id),
    local_date TEXT NOT NULL,                 -- AAAA-MM-JJ in the cabinet's time zone
    status TEXT NOT NULL,                     -- running, done, failed
    started_at TEXT NOT NULL,
    finished_at TEXT,
    alerts INTEGER NOT NULL DEFAULT 0,        -- alerts raised by the run that finished it
    PRIMARY KEY (cabinet_id, local_date)
);

-- One row per person, kind and period: written before the mail is handed to the transport (at-least-once: a
-- digest claimed but never confirmed sent is sent again after 15 minutes; one sent twice beats one missed).
CREATE TABLE digest_sends (
    cabinet_id TEXT NOT NULL REFERENCES cabinets(id),
    person_id TEXT NOT NULL,
    kind TEXT NOT NULL,                       -- quotidien, hebdomadaire
    period TEXT NOT NULL,                     -- the local date, or the ISO week (2026-W11)
    status TEXT NOT NULL,                     -- envoi, envoye, echec (retried), refuse (for good)
    claimed_at TEXT NOT NULL,
    sent_at TEXT,
    message_id TEXT,
    PRIMARY KEY (cabinet_id, person_id, kind, period),
    FOREIGN KEY (cabinet_id, person_id) REFERENCES people (cabinet_id, id)
);

-- A person's calendar feed: only the SHA-256 digest of its secret token is kept. One token per person: a new one
-- replaces (revokes) the old; deleting the row revokes it.
CREATE TABLE calendar_tokens (
    cabinet_id TEXT NOT NULL REFERENCES cabinets(id),
    person_id TEXT NOT NULL,
    token_digest TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (cabinet_id, person_id),
    FOREIGN KEY (cabinet_id, person_id) REFERENCES people (cabinet_id, id)
);
-- The feed's URL carries the token alone: it names its cabinet (a cross-cabinet read, d1/cross_cabinet.py).
CREATE UNIQUE INDEX calendar_tokens_by_digest ON calendar_tokens (token_digest);
