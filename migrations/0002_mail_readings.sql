-- A reading's message must be in the reading's own cabinet: the foreign key below names both columns.
CREATE UNIQUE INDEX inbound_mail_in_cabinet ON inbound_mail (cabinet_id, id);

-- What the mail.received job read in each stored message (headers, attachments, extracted facts), for the features
-- that file mail into dossiers and suggest deadlines. One row per message, replaced when the message is read again.
CREATE TABLE mail_readings (
    cabinet_id TEXT NOT NULL REFERENCES cabinets(id),
    inbound_id TEXT NOT NULL,
    read_status TEXT NOT NULL,
    reason TEXT NOT NULL,
    message_id TEXT NOT NULL,
    subject TEXT NOT NULL,
    sender TEXT NOT NULL,
    sent_at TEXT NOT NULL,
    in_reply_to TEXT NOT NULL,
    references_json TEXT NOT NULL,
    attachments_json TEXT NOT NULL,
    facts_json TEXT NOT NULL,
    message_kind TEXT NOT NULL,
    sender_kind TEXT NOT NULL,
    extractor TEXT NOT NULL,
    read_at TEXT NOT NULL,
    PRIMARY KEY (cabinet_id, inbound_id),
    FOREIGN KEY (cabinet_id, inbound_id) REFERENCES inbound_mail (cabinet_id, id)
);
-- The cabinet's mail, newest first (GET /api/mail).
CREATE INDEX inbound_mail_by_cabinet_recent ON inbound_mail (cabinet_id, received_at, id);
