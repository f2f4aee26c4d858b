-- A case without a classification (a message kept raw for triage) has NULL,
-- no longer the text '{}' standing for "none".
ALTER TABLE cases ALTER COLUMN classification DROP NOT NULL;
ALTER TABLE cases ALTER COLUMN classification DROP DEFAULT;
UPDATE cases SET classification = NULL WHERE classification = '{}';
