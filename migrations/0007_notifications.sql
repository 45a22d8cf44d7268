-- Notifications: every event a person should hear about (an alert, a mail filed, a suggestion to confirm) is stored
-- first, then pushed live. `seq` grows per cabinet (what a dashboard that reconnects asks "since"); `dedupe_key`
-- makes an event that a retry or a second cron firing repeats land once. The audience is resolved when the
-- notification is written, into one delivery row per person (read/unread lives there), in the same batch.
CREATE TABLE notification_counters (
    cabinet_id TEXT PRIMARY KEY REFERENCES cabinets(id),
    last_seq INTEGER NOT NULL
);

CREATE TABLE notifications (
    id TEXT PRIMARY KEY,
    cabinet_id TEXT NOT NULL REFERENCES cabinets(id),
    seq INTEGER NOT NULL,
    dedupe_key TEXT NOT NULL,
    type TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    link TEXT NOT NULL,
    audience_json TEXT NOT NULL,
    dossier_id TEXT,
    subject_id TEXT,
    created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX notifications_in_cabinet ON notifications (cabinet_id, id);
CREATE UNIQUE INDEX notifications_by_seq ON notifications (cabinet_id, seq);
CREATE UNIQUE INDEX notifications_by_key ON notifications (cabinet_id, dedupe_key);
CREATE INDEX notifications_by_dossier ON notifications (cabinet_id, dossier_id, seq);

CREATE TABLE notification_deliveries (
    cabinet_id TEXT NOT NULL,
    person_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    notification_id TEXT NOT NULL,
    read_at TEXT,
    PRIMARY KEY (cabinet_id, person_id, seq),
    FOREIGN KEY (cabinet_id, notification_id) REFERENCES notifications (cabinet_id, id)
);
-- Unread counts and "mark all read" for one person.
CREATE INDEX notification_deliveries_unread ON notification_deliveries (cabinet_id, person_id, read_at, seq);
-- Who received one notification (the realtime hub pushes to exactly them).
CREATE INDEX notification_deliveries_by_notification ON notification_deliveries (cabinet_id, notification_id);
