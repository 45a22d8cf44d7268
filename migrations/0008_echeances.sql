-- Deadlines (échéances) and hearings (audiences) on dossiers (docs/echeances.md). The engine's whole result is kept
-- with each computed deadline; `due_date` is the date that counts (the manual one when a lawyer set it, with its
-- reason, else the computed one, which stays visible beside it). Suggested rows (read in mail or a dictation) count
-- only once a lawyer confirms them.

CREATE TABLE deadlines (
    id TEXT PRIMARY KEY,
    cabinet_id TEXT NOT NULL REFERENCES cabinets(id),
    dossier_id TEXT NOT NULL,
    title TEXT NOT NULL,
    kind TEXT NOT NULL DEFAULT '',            -- a catalogue entry, or '' for a free delay
    delay TEXT NOT NULL DEFAULT '',           -- the free delay as typed (« 15 jours »), '' for a catalogue entry
    trigger_date TEXT,                        -- AAAA-MM-JJ; NULL while waiting for an outside event (a chain step)
    trigger_act TEXT NOT NULL DEFAULT '',     -- the act or event the delay runs from (« signification du jugement »)
    request_json TEXT NOT NULL DEFAULT '{}',  -- the engine's other inputs (zone, residence, mode…)
    result_json TEXT,                         -- the engine's full result (due, alert, explanation, warnings, basis)
    engine_version TEXT NOT NULL DEFAULT '',
    computed_due_date TEXT,
    manual_due_date TEXT,
    manual_reason TEXT NOT NULL DEFAULT '',
    due_date TEXT,                            -- manual_due_date when set, else computed_due_date
    alert_date TEXT,
    next_alert_on TEXT,                       -- the day the daily scan next raises an alert for it (NULL: none due)
    responsible_id TEXT,
    status TEXT NOT NULL,                     -- suggere, a_faire, fait, annule, rejete
    source TEXT NOT NULL,                     -- manuel, courrier, dictee, chaine
    source_id TEXT,                           -- the mail, dictation or chain run it comes from
    quote TEXT NOT NULL DEFAULT '',           -- the words it was read from (suggestions)
    chain_run_id TEXT,
    chain_step TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    FOREIGN KEY (cabinet_id, dossier_id) REFERENCES dossiers (cabinet_id, id)
);
CREATE UNIQUE INDEX deadlines_in_cabinet ON deadlines (cabinet_id, id);
-- The échéancier (overdue first, then by date) and the suggestions to confirm.
CREATE INDEX deadlines_by_status ON deadlines (cabinet_id, status, due_date, id);
CREATE INDEX deadlines_by_dossier ON deadlines (cabinet_id, dossier_id, due_date);
CREATE INDEX deadlines_by_responsible ON deadlines (cabinet_id, responsible_id, status, due_date);
-- The daily scan reads only the rows an alert is due for.
CREATE INDEX deadlines_by_next_alert ON deadlines (cabinet_id, next_alert_on);
CREATE INDEX deadlines_by_chain_run ON deadlines (cabinet_id, chain_run_id);
CREATE INDEX deadlines_by_source ON deadlines (cabinet_id, source_id);
-- Deadlines an earlier engine version computed (a rule changed): read by range on each side of the current version.
CREATE INDEX deadlines_by_engine ON deadlines (cabinet_id, status, engine_version);

CREATE TABLE hearings (
    id TEXT PRIMARY KEY,
    cabinet_id TEXT NOT NULL REFERENCES cabinets(id),
    dossier_id TEXT NOT NULL,
    date TEXT NOT NULL,                       -- AAAA-MM-JJ
    time TEXT,                                -- HH:MM, cabinet's local time; NULL when unknown
    court TEXT NOT NULL DEFAULT '',
    chamber TEXT NOT NULL DEFAULT '',
    hearing_type TEXT NOT NULL DEFAULT '',    -- plaidoiries, mise en état, référé, orientation…
    status TEXT NOT NULL,                     -- suggeree, prevue, remplacee, annulee, rejetee
    replaced_by TEXT,                         -- the hearing it was moved to (renvoi)
    source TEXT NOT NULL,                     -- manuel, courrier, dictee
    source_id TEXT,
    quote TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    version INTEGER NOT NULL DEFAULT 1,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    FOREIGN KEY (cabinet_id, dossier_id) REFERENCES dossiers (cabinet_id, id)
);
CREATE UNIQUE INDEX hearings_in_cabinet ON hearings (cabinet_id, id);
CREATE INDEX hearings_by_status ON hearings (cabinet_id, status, date, id);
CREATE INDEX hearings_by_dossier ON hearings (cabinet_id, dossier_id, date);
CREATE INDEX hearings_by_source ON hearings (cabinet_id, source_id);

-- Every change of a deadline, with what it was before: a computed result is never silently altered.
CREATE TABLE deadline_history (
    id TEXT PRIMARY KEY,
    cabinet_id TEXT NOT NULL,
    deadline_id TEXT NOT NULL,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    change TEXT NOT NULL,                     -- cree, recalcule, date_manuelle, statut, confirme, rejete…
    reason TEXT NOT NULL DEFAULT '',
    before_json TEXT,
    after_json TEXT,
    FOREIGN KEY (cabinet_id, deadline_id) REFERENCES deadlines (cabinet_id, id)
);
CREATE INDEX deadline_history_by_deadline ON deadline_history (cabinet_id, deadline_id, at);

-- Days the cabinet's court declared closed (grève, fermeture exceptionnelle): the engine treats them as non-working.
CREATE TABLE court_closures (
    cabinet_id TEXT NOT NULL REFERENCES cabinets(id),
    day TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    PRIMARY KEY (cabinet_id, day)
);

-- Procedure chains a cabinet wrote (the shipped ones live in code, domain/procedures.py): steps as JSON, each step's
-- date relative to an earlier step or to an outside event (an anchor entered later).
CREATE TABLE procedures (
    id TEXT PRIMARY KEY,
    cabinet_id TEXT NOT NULL REFERENCES cabinets(id),
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    steps_json TEXT NOT NULL,
    based_on TEXT,                            -- the chain it was copied from (a shipped one's key, or another id)
    version INTEGER NOT NULL DEFAULT 1,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX procedures_in_cabinet ON procedures (cabinet_id, id);
CREATE INDEX procedures_by_name ON procedures (cabinet_id, name, id);

-- A chain applied to a dossier: the chain as it was then (a later edit of the chain never rewrites a dossier's
-- steps), and its anchors — the outside events' dates, with the hearing an event follows when it is one (a renvoi
-- moves the anchor with it).
CREATE TABLE procedure_runs (
    id TEXT PRIMARY KEY,
    cabinet_id TEXT NOT NULL REFERENCES cabinets(id),
    dossier_id TEXT NOT NULL,
    procedure_id TEXT NOT NULL,
    procedure_json TEXT NOT NULL,
    anchors_json TEXT NOT NULL DEFAULT '{}',          -- {"event": "AAAA-MM-JJ"}
    anchor_hearings_json TEXT NOT NULL DEFAULT '{}',  -- {"event": "hearing id"}
    version INTEGER NOT NULL DEFAULT 1,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    FOREIGN KEY (cabinet_id, dossier_id) REFERENCES dossiers (cabinet_id, id)
);
CREATE UNIQUE INDEX procedure_runs_in_cabinet ON procedure_runs (cabinet_id, id);
CREATE INDEX procedure_runs_by_dossier ON procedure_runs (cabinet_id, dossier_id, created_at);
