-- The register of restrictions (issue 12, point 5; reglement 8.5): one row
-- per carried-out restrict action, written in the transaction that records
-- the action done, so a restriction in a school system is never missing
-- from the register. A row stays in force until it is lifted; lifting is
-- announced first (reglement 8.5.4: the subject is told before; policy:
-- five working days' notice) and carried out from `lift_from` on.
--
-- A table of its own rather than columns on case_actions: a restriction
-- outlives the case's execution (the case is answered and closed while the
-- records stay marked), and the lift has a life of its own (announced,
-- claimed, retried, failed), which an action row's states do not describe.
--
-- state: active → announced → lifting → lifted; a lift that fails for good
-- is `failed` until an officer runs it again. A school system has one
-- marker per record, so while another restriction of the same subject in
-- the same plugin is in force a lift leaves the records marked and ends as
-- `released`; the last lift of that subject there clears the records of
-- every released one too, and they become `lifted`.
CREATE TABLE restrictions (
    id                    INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id               INTEGER NOT NULL REFERENCES cases (id),
    action_row            INTEGER NOT NULL UNIQUE REFERENCES case_actions (id),
    action                TEXT    NOT NULL,
    plugin                TEXT    NOT NULL,
    -- The subject's key in that plugin, as the plan named them: the lift
    -- reaches the same person without the plan.
    person_key            TEXT    NOT NULL,
    -- The approved records (JSON, table → keys): exactly those are lifted.
    scope                 TEXT    NOT NULL,
    records               INTEGER NOT NULL,
    since                 TEXT    NOT NULL,
    state                 TEXT    NOT NULL DEFAULT 'active',
    lift_announced_at     TEXT,
    lift_announced_by     TEXT,
    lift_reason           TEXT,
    -- The date the lift may take effect, in the organisation's calendar,
    -- and the instant that day begins there.
    lift_on               TEXT,
    lift_from             TEXT,
    lift_attempts         INTEGER NOT NULL DEFAULT 0,
    lift_next_attempt_at  TEXT,
    lift_error            TEXT,
    lifted_at             TEXT,
    lifted_by             TEXT,
    updated_at            TEXT    NOT NULL
);
CREATE INDEX restrictions_state ON restrictions (state, lift_next_attempt_at);
CREATE INDEX restrictions_case ON restrictions (case_id);
