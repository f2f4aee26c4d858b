-- The case file's own retention (issue 16, point 3). A case closed (or
-- rejected) longer ago than `[case_file] retention` is reduced to an
-- anonymous record, in one transaction with its audit entry:
--   * its `cases` row keeps the reference, state, dates, request types,
--     language and deadline; the requester's address and name, the
--     subject line, the body, the classification (which quotes the
--     letter) and the triage reason are emptied;
--   * its events keep kind, time, actor and states, without their detail
--     text (which may name an address, a file or an officer's note);
--   * its messages, outgoing mail, identity record, plans, decisions,
--     actions, restrictions (all lifted: a case with one in force waits),
--     answer letter, packages and art. 19 notices are deleted.
-- One row here per reduced case says when, when the case was closed, and
-- what the deleted action rows told that the figures and the officer
-- still need: which systems acted with which kind of action and how it
-- ended (JSON; system names only, no records or keys).
CREATE TABLE case_reductions (
    case_id     INTEGER PRIMARY KEY REFERENCES cases (id),
    reduced_at  TEXT    NOT NULL,
    closed_at   TEXT    NOT NULL,
    systems     TEXT    NOT NULL
);
