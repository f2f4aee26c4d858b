-- The officer's daily digest (issue 16, point 6). One row per day the
-- digest was looked at, written in the transaction that queues its mails
-- (none on a day with nothing to attend to), so that a restart or a second
-- daemon on the same database never sends a day's digest twice: the
-- primary key on `day` refuses the second. `counts` holds how many of each
-- kind the digest listed (JSON), `mails` how many mails were queued; no
-- references, names or addresses.
CREATE TABLE digests (
    day     DATE PRIMARY KEY,
    at      TIMESTAMPTZ NOT NULL,
    counts  TEXT   NOT NULL,
    mails   BIGINT NOT NULL
);
