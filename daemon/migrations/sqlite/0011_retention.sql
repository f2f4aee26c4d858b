-- Retention rules on a schedule (issue 16, point 1). One row per rule the
-- scheduler has seen: the tick it last ran for (so a daemon that was
-- stopped runs a missed tick once), when it first saw the rule (a new
-- rule waits for its first tick instead of running at once), and the
-- lease a daemon holds while it runs a tick, so that of several daemons
-- on one database only one runs it; a crashed holder's lease expires.
CREATE TABLE retention_rules (
    rule          TEXT PRIMARY KEY,
    first_seen_at TEXT NOT NULL,
    last_run_at   TEXT,
    lease_until   TEXT
);
-- One row per run, scheduled or by hand, dry or not: per table the counts
-- the plugin reported (removed, kept and why), or the error. Counts and
-- table names only: no record keys, no personal data.
CREATE TABLE retention_runs (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    rule      TEXT    NOT NULL,
    plugin    TEXT    NOT NULL,
    at        TEXT    NOT NULL,
    tick      TEXT,
    dry_run   INTEGER NOT NULL,
    actor     TEXT    NOT NULL,
    tables    TEXT    NOT NULL,
    error     TEXT
);
CREATE INDEX retention_runs_rule ON retention_runs (rule, id);
