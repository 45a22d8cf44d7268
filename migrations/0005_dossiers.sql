-- Clients, dossiers and documents: the cabinet's files, their parties and court references, the conflict checks
-- made when they were opened, documents and their versions (bytes in the blob store), and one full-text index over
-- all of it. Every index starts with cabinet_id: no query of the application scans another cabinet's rows.

-- A client is a natural person (civility, first and last name) or a legal one (company name, SIREN).
-- `name_key` is the name folded for conflict checks (accents and case removed, words sorted); `sort_name` orders lists.
-- Addresses and phones are JSON lists; every address used to recognise their mail is a row of client_emails.
CREATE TABLE clients (
    id TEXT PRIMARY KEY,
    cabinet_id TEXT NOT NULL REFERENCES cabinets(id),
    kind TEXT NOT NULL,
    civility TEXT NOT NULL DEFAULT '',
    first_name TEXT NOT NULL DEFAULT '',
    last_name TEXT NOT NULL DEFAULT '',
    company_name TEXT NOT NULL DEFAULT '',
    siren TEXT NOT NULL DEFAULT '',
    display_name TEXT NOT NULL,
    sort_name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    addresses_json TEXT NOT NULL DEFAULT '[]',
    phones_json TEXT NOT NULL DEFAULT '[]',
    notes TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX clients_in_cabinet ON clients (cabinet_id, id);
CREATE INDEX clients_by_name ON clients (cabinet_id, sort_name, id);
CREATE INDEX clients_by_created ON clients (cabinet_id, created_at, id);
CREATE INDEX clients_by_name_key ON clients (cabinet_id, name_key);
CREATE INDEX clients_by_siren ON clients (cabinet_id, siren);

CREATE TABLE client_emails (
    cabinet_id TEXT NOT NULL,
    client_id TEXT NOT NULL,
    email TEXT NOT NULL,
    PRIMARY KEY (cabinet_id, client_id, email),
    FOREIGN KEY (cabinet_id, client_id) REFERENCES clients (cabinet_id, id)
);
-- Recognising a sender: which client uses this address.
CREATE INDEX client_emails_by_email ON client_emails (cabinet_id, email);

-- The last number given to a dossier per cabinet and year: a dossier's insert and this counter's increment are one
-- batch, so references have no gaps and no duplicates whatever the concurrency.
CREATE TABLE dossier_numbers (
    cabinet_id TEXT NOT NULL REFERENCES cabinets(id),
    year INTEGER NOT NULL,
    last_number INTEGER NOT NULL,
    PRIMARY KEY (cabinet_id, year)
);

-- status: ouvert | en_attente | clos | archive. visibility: cabinet (everyone in the cabinet) | equipe (the
-- responsible lawyer, the team and the associés only). Dates of opening and closing are calendar dates (Paris).
CREATE TABLE dossiers (
    id TEXT PRIMARY KEY,
    cabinet_id TEXT NOT NULL REFERENCES cabinets(id),
    reference TEXT NOT NULL,
    year INTEGER NOT NULL,
    number INTEGER NOT NULL,
    title TEXT NOT NULL,
    matter_type TEXT NOT NULL,
    status TEXT NOT NULL,
    visibility TEXT NOT NULL,
    responsible_id TEXT,
    jurisdiction TEXT NOT NULL DEFAULT '',
    opened_on TEXT NOT NULL,
    closed_on TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX dossiers_in_cabinet ON dossiers (cabinet_id, id);
CREATE UNIQUE INDEX dossiers_by_reference ON dossiers (cabinet_id, reference);
CREATE UNIQUE INDEX dossiers_by_number ON dossiers (cabinet_id, year, number);
CREATE INDEX dossiers_by_status ON dossiers (cabinet_id, status, reference);
CREATE INDEX dossiers_by_opened ON dossiers (cabinet_id, opened_on, id);
CREATE INDEX dossiers_by_responsible ON dossiers (cabinet_id, responsible_id, reference);
CREATE INDEX dossiers_by_closed ON dossiers (cabinet_id, closed_on);

CREATE TABLE dossier_clients (
    cabinet_id TEXT NOT NULL,
    dossier_id TEXT NOT NULL,
    client_id TEXT NOT NULL,
    PRIMARY KEY (cabinet_id, dossier_id, client_id),
    FOREIGN KEY (cabinet_id, dossier_id) REFERENCES dossiers (cabinet_id, id),
    FOREIGN KEY (cabinet_id, client_id) REFERENCES clients (cabinet_id, id)
);
CREATE INDEX dossier_clients_by_client ON dossier_clients (cabinet_id, client_id, dossier_id);

-- The team beyond the responsible lawyer: who works on the dossier (and so may see it when it is 'equipe').
CREATE TABLE dossier_team (
    cabinet_id TEXT NOT NULL,
    dossier_id TEXT NOT NULL,
    person_id TEXT NOT NULL,
    PRIMARY KEY (cabinet_id, dossier_id, person_id),
    FOREIGN KEY (cabinet_id, dossier_id) REFERENCES dossiers (cabinet_id, id)
);
CREATE INDEX dossier_team_by_person ON dossier_team (cabinet_id, person_id, dossier_id);

-- Parties other than the clients. role: adverse (adverse party) | conseil_adverse (their counsel) | autre.
-- kind: personne_physique | personne_morale. `represents_id` ties a counsel to the party they act for.
CREATE TABLE parties (
    id TEXT PRIMARY KEY,
    cabinet_id TEXT NOT NULL REFERENCES cabinets(id),
    dossier_id TEXT NOT NULL,
    role TEXT NOT NULL,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    siren TEXT NOT NULL DEFAULT '',
    name_key TEXT NOT NULL,
    represents_id TEXT,
    created_at TEXT NOT NULL,
    FOREIGN KEY (cabinet_id, dossier_id) REFERENCES dossiers (cabinet_id, id)
);
CREATE UNIQUE INDEX parties_in_cabinet ON parties (cabinet_id, id);
CREATE INDEX parties_by_dossier ON parties (cabinet_id, dossier_id, role, name);
CREATE INDEX parties_by_name_key ON parties (cabinet_id, name_key);
CREATE INDEX parties_by_siren ON parties (cabinet_id, siren);

CREATE TABLE party_emails (
    cabinet_id TEXT NOT NULL,
    party_id TEXT NOT NULL,
    dossier_id TEXT NOT NULL,
    email TEXT NOT NULL,
    PRIMARY KEY (cabinet_id, party_id, email),
    FOREIGN KEY (cabinet_id, party_id) REFERENCES parties (cabinet_id, id)
);
CREATE INDEX party_emails_by_email ON party_emails (cabinet_id, email);
CREATE INDEX party_emails_by_dossier ON party_emails (cabinet_id, dossier_id);

-- Court references of a dossier. kind: rg | portalis | administratif | pourvoi. `value` is the canonical form
-- (domain/extraction/references.py `normalise`), `compact` the same without punctuation, for lookups whatever the
-- punctuation the mail or the lawyer used.
CREATE TABLE court_references (
    id TEXT PRIMARY KEY,
    cabinet_id TEXT NOT NULL,
    dossier_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    value TEXT NOT NULL,
    compact TEXT NOT NULL,
    court TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    FOREIGN KEY (cabinet_id, dossier_id) REFERENCES dossiers (cabinet_id, id)
);
CREATE UNIQUE INDEX court_references_once ON court_references (cabinet_id, dossier_id, kind, value);
CREATE INDEX court_references_by_compact ON court_references (cabinet_id, compact);

-- A conflict-of-interest check: the names checked, what matched (JSON), and what the lawyer decided
-- (confirme: went ahead knowing the matches; aucun: nothing matched).
CREATE TABLE conflict_checks (
    id TEXT PRIMARY KEY,
    cabinet_id TEXT NOT NULL REFERENCES cabinets(id),
    dossier_id TEXT,
    subjects_json TEXT NOT NULL,
    matches_json TEXT NOT NULL,
    decision TEXT NOT NULL,
    checked_by TEXT NOT NULL,
    checked_at TEXT NOT NULL
);
CREATE INDEX conflict_checks_by_dossier ON conflict_checks (cabinet_id, dossier_id, checked_at);

-- A document, linked to a dossier (or not yet), with its versions; `deleted_at` marks a soft deletion.
CREATE TABLE documents (
    id TEXT PRIMARY KEY,
    cabinet_id TEXT NOT NULL REFERENCES cabinets(id),
    dossier_id TEXT,
    title TEXT NOT NULL,
    current_version INTEGER NOT NULL,
    source TEXT NOT NULL DEFAULT 'upload',
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT,
    deleted_by TEXT
);
CREATE UNIQUE INDEX documents_in_cabinet ON documents (cabinet_id, id);
CREATE INDEX documents_by_dossier ON documents (cabinet_id, dossier_id, deleted_at, created_at, id);
CREATE INDEX documents_by_created ON documents (cabinet_id, deleted_at, created_at, id);

-- One row per uploaded version. The bytes are in the blob store under `blob_key` (cabinets/{cabinet_id}/…);
-- `content_type` is what the bytes are (sniffed), `declared_type` what the uploader said. text_status: extrait |
-- vide | non_pris_en_charge | echec.
CREATE TABLE document_versions (
    cabinet_id TEXT NOT NULL,
    document_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    file_name TEXT NOT NULL,
    blob_key TEXT NOT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    content_type TEXT NOT NULL,
    declared_type TEXT NOT NULL DEFAULT '',
    text_status TEXT NOT NULL,
    uploaded_by TEXT NOT NULL,
    uploaded_at TEXT NOT NULL,
    PRIMARY KEY (cabinet_id, document_id, version),
    FOREIGN KEY (cabinet_id, document_id) REFERENCES documents (cabinet_id, id)
);
CREATE INDEX document_versions_by_sha256 ON document_versions (cabinet_id, sha256);

CREATE TABLE document_tags (
    cabinet_id TEXT NOT NULL,
    document_id TEXT NOT NULL,
    tag TEXT NOT NULL,
    PRIMARY KEY (cabinet_id, document_id, tag),
    FOREIGN KEY (cabinet_id, document_id) REFERENCES documents (cabinet_id, id)
);
CREATE INDEX document_tags_by_tag ON document_tags (cabinet_id, tag, document_id);

-- A client's erasure asked for while legal retention still forbids it: the retention job erases them when
-- `erasable_from` comes (if nothing reopened meanwhile), and the request stays as the record of the answer.
CREATE TABLE erasure_requests (
    cabinet_id TEXT NOT NULL REFERENCES cabinets(id),
    client_id TEXT NOT NULL,
    requested_by TEXT NOT NULL,
    requested_at TEXT NOT NULL,
    erasable_from TEXT NOT NULL,
    done_at TEXT,
    PRIMARY KEY (cabinet_id, client_id)
);
CREATE INDEX erasure_requests_due ON erasure_requests (cabinet_id, done_at, erasable_from);

-- The mail feature files messages into dossiers; the column is here so that search, exports and erasure can follow
-- a message to its dossier from the start.
ALTER TABLE inbound_mail ADD COLUMN dossier_id TEXT;
CREATE INDEX inbound_mail_by_dossier ON inbound_mail (cabinet_id, dossier_id, received_at);

-- One full-text index over clients, dossiers, parties, mail and documents' text. `search_entries` holds the text
-- (one row per indexed object, replaced when it changes: d1/search_index.py writes it) and `search_index` is the FTS5
-- index over it, kept in step by the triggers below; d1/search.py reads it. `tenant` is one token naming the
-- cabinet, matched inside the MATCH expression so that the index itself never returns another cabinet's rows;
-- `refs` holds court and cabinet references in every punctuation. kind: client | dossier | partie | mail |
-- document. dossier_id is NULL for what belongs to no dossier (clients, unfiled mail).
CREATE TABLE search_entries (
    rowid INTEGER PRIMARY KEY,
    cabinet_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    subject_id TEXT NOT NULL,
    dossier_id TEXT,
    tenant TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    refs TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX search_entries_by_subject ON search_entries (cabinet_id, kind, subject_id);
CREATE INDEX search_entries_by_dossier ON search_entries (cabinet_id, dossier_id);

CREATE VIRTUAL TABLE search_index USING fts5(
    tenant,
    title,
    body,
    refs,
    content = 'search_entries',
    content_rowid = 'rowid',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER search_entries_inserted AFTER INSERT ON search_entries BEGIN
    INSERT INTO search_index (rowid, tenant, title, body, refs)
    VALUES (new.rowid, new.tenant, new.title, new.body, new.refs);
END;
CREATE TRIGGER search_entries_deleted AFTER DELETE ON search_entries BEGIN
    INSERT INTO search_index (search_index, rowid, tenant, title, body, refs)
    VALUES ('delete', old.rowid, old.tenant, old.title, old.body, old.refs);
END;
CREATE TRIGGER search_entries_updated AFTER UPDATE ON search_entries BEGIN
    INSERT INTO search_index (search_index, rowid, tenant, title, body, refs)
    VALUES ('delete', old.rowid, old.tenant, old.title, old.body, old.refs);
    INSERT INTO search_index (rowid, tenant, title, body, refs)
    VALUES (new.rowid, new.tenant, new.title, new.body, new.refs);
END;
