-- What each person wants of each notification type (docs/notifications.md): pushed live to their dashboards
-- (toasts, browser notifications), and listed in their morning e-mail digest. No row: both on. Every notification
-- is stored and listed whatever the preferences: they choose what interrupts, never what is kept.
CREATE TABLE notification_preferences (
    cabinet_id TEXT NOT NULL REFERENCES cabinets(id),
    person_id TEXT NOT NULL,
    type TEXT NOT NULL,
    live INTEGER NOT NULL DEFAULT 1 CHECK (live IN (0, 1)),
    digest INTEGER NOT NULL DEFAULT 1 CHECK (digest IN (0, 1)),
    updated_at TEXT NOT NULL,
    PRIMARY KEY (cabinet_id, person_id, type)
);
