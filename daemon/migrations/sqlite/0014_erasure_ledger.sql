-- The erasure ledger (issue 16, point 4): one row per carried-out erasure,
-- written in the transaction that records the action's result, so that
-- after a school system is restored from a backup `dsrd erasures replay`
-- can apply it again. Pseudonymised: the plugin, the subject's key there,
-- the records erased (the plugin's own keys, JSON table -> keys), and
-- keyed hashes (HMAC-SHA256 under a key kept outside the store) of the
-- identifiers the plugin held, with the id of that key. No name, address,
-- number or date of birth.
CREATE TABLE erasure_ledger (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    case_ref    TEXT NOT NULL,
    action      TEXT NOT NULL,
    plugin      TEXT NOT NULL,
    person      TEXT NOT NULL,
    mode        TEXT NOT NULL,
    scope       TEXT NOT NULL,
    identifiers TEXT NOT NULL,
    key_id      TEXT NOT NULL,
    erased_at   TEXT NOT NULL
);
CREATE INDEX erasure_ledger_plugin ON erasure_ledger (plugin, id);
