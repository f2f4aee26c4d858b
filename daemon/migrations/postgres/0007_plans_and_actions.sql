-- The plan of a case, the officers' decisions on it, and the actions that
-- carry it out (issue 12). A plan is kept whole as JSON with its
-- fingerprint; a re-made plan supersedes the old one (kept, for the
-- record). Decisions name the plan they were made on. An action row is
-- one approved action of one plan, moving pending → running → done |
-- failed, or waived by an officer; the row is the claim that lets one
-- worker run it.
CREATE TABLE case_plans (
    id             BIGSERIAL PRIMARY KEY,
    case_id        BIGINT  NOT NULL REFERENCES cases (id),
    fingerprint    TEXT    NOT NULL,
    plan           TEXT    NOT NULL,
    made_at        TIMESTAMPTZ NOT NULL,
    superseded_at  TIMESTAMPTZ
);
CREATE INDEX case_plans_case ON case_plans (case_id);

CREATE TABLE plan_decisions (
    id        BIGSERIAL PRIMARY KEY,
    plan_id   BIGINT  NOT NULL REFERENCES case_plans (id),
    action    TEXT    NOT NULL,
    officer   TEXT    NOT NULL,
    decision  TEXT    NOT NULL,
    reason    TEXT,
    at        TIMESTAMPTZ NOT NULL,
    UNIQUE (plan_id, action, officer, decision)
);

CREATE TABLE case_actions (
    id               BIGSERIAL PRIMARY KEY,
    case_id          BIGINT  NOT NULL REFERENCES cases (id),
    plan_id          BIGINT  NOT NULL REFERENCES case_plans (id),
    action           TEXT    NOT NULL,
    spec             TEXT    NOT NULL,
    state            TEXT    NOT NULL DEFAULT 'pending',
    attempts         BIGINT  NOT NULL DEFAULT 0,
    next_attempt_at  TIMESTAMPTZ NOT NULL,
    result           TEXT,
    error            TEXT,
    note             TEXT,
    updated_at       TIMESTAMPTZ NOT NULL,
    UNIQUE (plan_id, action)
);
CREATE INDEX case_actions_due ON case_actions (state, next_attempt_at);
CREATE INDEX case_actions_case ON case_actions (case_id);
