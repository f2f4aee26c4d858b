-- Identity on a case (issue 11): the finding, the subject, a pending code
-- (hashed) and the verification, as one JSON record per case. The record's
-- type has no field for a document number, a BSN or an image.
CREATE TABLE case_identity (
    case_id     INTEGER PRIMARY KEY REFERENCES cases (id),
    record      TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL
);
