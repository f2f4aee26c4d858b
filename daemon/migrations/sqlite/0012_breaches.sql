-- The breach register (reglement 6.4; GDPR art. 33(5): every personal data
-- breach is documented, reported or not). One row per breach, counted per
-- year for its reference (DATALEK-2026-0001).
--
-- The decisions are kept as JSON in the shape the library writes them
-- (`risk`: level and reasoning; `ap`: reported with when and the AP's
-- reference, or not reported with the reason; `subjects`: told with when
-- and how, or not told with the reason); NULL until decided. `ap IS NULL`
-- on an entry not closed is what the reminder and the digest look for.
--
-- A draft opened from a mail keeps the mail: `dedupe_key` (so a message
-- delivered twice opens one draft), its bytes in `raw`, and what the
-- officer sees of it in `mail` (JSON). `what` and `raw` may hold personal
-- data; the audit log never copies them.
--
-- `reminded_at` records the one reminder of the AP's due time, so a
-- restart never sends it twice.
CREATE TABLE breaches (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    reference         TEXT    NOT NULL UNIQUE,
    year              INTEGER NOT NULL,
    number            INTEGER NOT NULL,
    state             TEXT    NOT NULL,
    discovered_at     TEXT    NOT NULL,
    ap_due            TEXT    NOT NULL,
    what              TEXT    NOT NULL,
    categories        TEXT    NOT NULL,
    people            INTEGER,
    people_estimated  INTEGER NOT NULL DEFAULT 0,
    risk              TEXT,
    ap                TEXT,
    subjects          TEXT,
    measures          TEXT,
    mail              TEXT,
    dedupe_key        TEXT UNIQUE,
    raw               BLOB,
    created_by        TEXT    NOT NULL,
    created_at        TEXT    NOT NULL,
    updated_at        TEXT    NOT NULL,
    closed_at         TEXT,
    reminded_at       TEXT,
    UNIQUE (year, number)
);
CREATE INDEX breaches_open ON breaches (state, ap_due);
