-- dsrd store, PostgreSQL flavour. Timestamps are TIMESTAMPTZ except in the
-- audit log, whose text timestamp is hashed exactly as written. JSON is text.

CREATE TABLE reference_counters (
    prefix  TEXT    NOT NULL,
    year    BIGINT NOT NULL,
    last    BIGINT NOT NULL,
    PRIMARY KEY (prefix, year)
);

CREATE TABLE cases (
    id                BIGSERIAL PRIMARY KEY,
    reference         TEXT    NOT NULL UNIQUE,
    organisation      TEXT    NOT NULL,
    state             TEXT    NOT NULL,
    received_at       TIMESTAMPTZ    NOT NULL,
    requester_address TEXT,
    requester_name    TEXT,
    subject           TEXT,
    body_text         TEXT    NOT NULL,
    language          TEXT    NOT NULL,
    request_types     TEXT    NOT NULL DEFAULT '[]',
    due_date          DATE,
    deadline          TEXT    NOT NULL DEFAULT '{}',
    triage_reason     TEXT,
    created_at        TIMESTAMPTZ    NOT NULL,
    updated_at        TIMESTAMPTZ    NOT NULL
);
CREATE INDEX cases_state_due ON cases (state, due_date);

CREATE TABLE messages (
    id           BIGSERIAL PRIMARY KEY,
    case_id      BIGINT NOT NULL REFERENCES cases (id),
    dedupe_key   TEXT    NOT NULL UNIQUE,
    message_id   TEXT,
    source       TEXT    NOT NULL,
    received_at  TIMESTAMPTZ    NOT NULL,
    raw          BYTEA    NOT NULL,
    attachments  TEXT    NOT NULL DEFAULT '[]',
    parse_error  TEXT
);
CREATE INDEX messages_case ON messages (case_id);
CREATE INDEX messages_message_id ON messages (message_id);

CREATE TABLE case_events (
    id          BIGSERIAL PRIMARY KEY,
    case_id     BIGINT NOT NULL REFERENCES cases (id),
    at          TIMESTAMPTZ    NOT NULL,
    actor       TEXT    NOT NULL,
    kind        TEXT    NOT NULL,
    from_state  TEXT,
    to_state    TEXT,
    detail      TEXT
);
CREATE INDEX case_events_case ON case_events (case_id);

CREATE TABLE outbox (
    id               BIGSERIAL PRIMARY KEY,
    case_id          BIGINT REFERENCES cases (id),
    kind             TEXT    NOT NULL,
    message_id       TEXT    NOT NULL UNIQUE,
    sender           TEXT    NOT NULL,
    recipient        TEXT    NOT NULL,
    raw              BYTEA    NOT NULL,
    status           TEXT    NOT NULL DEFAULT 'pending',
    attempts         BIGINT NOT NULL DEFAULT 0,
    next_attempt_at  TIMESTAMPTZ    NOT NULL,
    last_error       TEXT,
    created_at       TIMESTAMPTZ    NOT NULL,
    sent_at          TIMESTAMPTZ
);
CREATE INDEX outbox_pending ON outbox (status, next_attempt_at);

-- The audit chain. `audit_head` is one row that every writer updates first:
-- it serialises writers (so the chain never forks) and it makes a SQLite
-- transaction take the write lock at its first statement.
CREATE TABLE audit_head (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    seq   BIGINT NOT NULL,
    hash  TEXT    NOT NULL
);
INSERT INTO audit_head (id, seq, hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE TABLE audit_log (
    seq        BIGINT PRIMARY KEY,
    at         TEXT    NOT NULL,
    actor      TEXT    NOT NULL,
    action     TEXT    NOT NULL,
    case_ref   TEXT,
    detail     TEXT    NOT NULL,
    prev_hash  TEXT    NOT NULL,
    hash       TEXT    NOT NULL
);
