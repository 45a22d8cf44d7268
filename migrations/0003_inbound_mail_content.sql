-- A retry is the same delivery only when its content matches too: a different message reusing a Message-ID is kept
-- as its own record, flagged. content_sha256 is the digest without the trace headers relays add ('' for rows
-- recorded before this migration, which are taken as matching).
ALTER TABLE inbound_mail ADD COLUMN content_sha256 TEXT NOT NULL DEFAULT '';
ALTER TABLE inbound_mail ADD COLUMN message_id_reused INTEGER NOT NULL DEFAULT 0;
