-- The answer to a case (issue 13): the letter as drafted and edited, the
-- data package and its one-time delivery, and the art. 19 notices.
--
-- A package row holds no personal data. The package is a file, sealed with
-- a key of its own; that key is kept here wrapped by a master key outside
-- the store, and set to NULL when the package is deleted, which destroys the
-- package in every backup of the file too. The link's token and the code
-- are kept as SHA-256 hashes only (both are long random values, so a hash
-- without salt cannot be reversed by trying). The manifest and the hash of
-- the plain ZIP stay after deletion (answers.md §5).
CREATE TABLE case_answers (
    id          BIGSERIAL PRIMARY KEY,
    case_id     BIGINT  NOT NULL UNIQUE REFERENCES cases (id),
    lang        TEXT    NOT NULL,
    subject     TEXT    NOT NULL,
    body        TEXT    NOT NULL,
    drafted_at  TIMESTAMPTZ    NOT NULL,
    edited_by   TEXT,
    edited_at   TIMESTAMPTZ,
    sent_at     TIMESTAMPTZ
);

-- state: ready → offered → downloading → downloaded; offered → locked (too
-- many wrong codes) | expired.
CREATE TABLE packages (
    id             BIGSERIAL PRIMARY KEY,
    case_id        BIGINT  NOT NULL REFERENCES cases (id),
    file           TEXT    NOT NULL UNIQUE,
    wrapped_key    BYTEA,
    sha256         TEXT    NOT NULL,
    size           BIGINT  NOT NULL,
    records        BIGINT  NOT NULL,
    manifest       TEXT    NOT NULL,
    state          TEXT    NOT NULL DEFAULT 'ready',
    token_hash     TEXT    UNIQUE,
    code_hash      TEXT,
    code_attempts  BIGINT  NOT NULL DEFAULT 0,
    expires_at     TIMESTAMPTZ,
    downloaded_at  TIMESTAMPTZ,
    deleted_at     TIMESTAMPTZ,
    deleted_why    TEXT,
    made_at        TIMESTAMPTZ    NOT NULL,
    updated_at     TIMESTAMPTZ    NOT NULL
);
CREATE INDEX packages_case ON packages (case_id);
CREATE INDEX packages_expiry ON packages (state, expires_at);

-- One row per recipient of a case's changes (art. 19): told by e-mail,
-- by a person (a task), or exempt with the officer's reason.
CREATE TABLE recipient_notices (
    id             BIGSERIAL PRIMARY KEY,
    case_id        BIGINT  NOT NULL REFERENCES cases (id),
    recipient      TEXT    NOT NULL,
    channel        TEXT    NOT NULL,
    address        TEXT,
    about          TEXT    NOT NULL,
    state          TEXT    NOT NULL,
    exempt_reason  TEXT,
    note           TEXT,
    settled_by     TEXT,
    recorded_at    TIMESTAMPTZ    NOT NULL,
    settled_at     TIMESTAMPTZ,
    UNIQUE (case_id, recipient)
);
