-- A retry is the same delivery only when its content matches too: a different message reusing a Message-ID is kept
-- as its own record, flagged. content_sha256 is the digest without the trace headers relays add ('' for rows
-- recorded before this migration, which are taken as matching).
ALTER TABLE inbound_mail ADD COLUMN content_sha256 TEXT NOT NULL DEFAULT '';
ALTER TABLE inbound_mail ADD COLUMN message_id_reused INTEGER NOT NULL DEFAULT 0;
-- How many times the mail sweep sent a message's job again: it gives up after a few (the message stays recorded and
-- visible, its job in the dead letters), so a job that always fails is not re-sent every five minutes forever.
ALTER TABLE inbound_mail ADD COLUMN requeued INTEGER NOT NULL DEFAULT 0;
