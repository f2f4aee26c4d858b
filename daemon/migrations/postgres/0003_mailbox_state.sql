-- IMAP progress per watched mailbox: after a restart or a dropped connection
-- the intake reads exactly the UIDs above `last_uid`, as long as the folder's
-- UIDVALIDITY is unchanged (RFC 3501 §2.3.1.1); when it changed, the folder
-- is read anew and Message-ID deduplication keeps that from making doubles.
CREATE TABLE mailbox_state (
    mailbox      TEXT        PRIMARY KEY,
    uidvalidity  BIGINT      NOT NULL,
    last_uid     BIGINT      NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL
);

-- An outgoing message is claimed (status 'sending') before the attempt; a row
-- still 'sending' at start-up was interrupted between the attempt and its
-- record, and is resolved before anything else is sent.
ALTER TABLE outbox ADD COLUMN claimed_at TIMESTAMPTZ;
