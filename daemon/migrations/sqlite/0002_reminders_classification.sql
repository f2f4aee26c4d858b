-- Reminders to the officer: one row per case and kind, so a reminder is sent
-- once, also across restarts. A superseded kind (a 5-day reminder when the
-- case is already 1 day from its deadline) is recorded without mail.
CREATE TABLE case_reminders (
    case_id     INTEGER NOT NULL REFERENCES cases (id),
    kind        TEXT    NOT NULL,
    recorded_at TEXT    NOT NULL,
    mailed      INTEGER NOT NULL,
    PRIMARY KEY (case_id, kind)
);

-- The classification of a case as JSON: types, confidence, evidence, what
-- was extracted about whom it concerns, and who overrode it.
ALTER TABLE cases ADD COLUMN classification TEXT NOT NULL DEFAULT '{}';
