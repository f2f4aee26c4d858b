-- A case without a classification (a message kept raw for triage) has NULL,
-- no longer the text '{}' standing for "none". SQLite cannot drop a NOT NULL
-- constraint in place, and rebuilding `cases` would trip the foreign keys
-- that point at it inside the migration's transaction; a new column, filled
-- from the old one before the old one is dropped, rewrites only this table.
ALTER TABLE cases RENAME COLUMN classification TO classification_until_0005;
ALTER TABLE cases ADD COLUMN classification TEXT;
UPDATE cases SET classification = NULLIF(classification_until_0005, '{}');
ALTER TABLE cases DROP COLUMN classification_until_0005;
