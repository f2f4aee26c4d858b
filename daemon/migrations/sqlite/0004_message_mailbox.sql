-- The configured mailbox a message came in through, so that answers to its
-- case are copied to that mailbox's Sent folder (and, later, sent from it).
ALTER TABLE messages ADD COLUMN mailbox TEXT;
