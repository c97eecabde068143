-- Imports of agencies' files of people. A job is one file; each row becomes a source record (the
-- agency's own record as it came, never deleted) linked to one person, or an error row with its
-- reason; possible links wait in link_reviews for a practitioner. (job, row) is unique, so a
-- resumed job never writes a row twice.

CREATE TABLE import_jobs (
    id BLOB PRIMARY KEY NOT NULL,
    agency_id BLOB NOT NULL REFERENCES agencies (id),
    file_name TEXT NOT NULL,
    total_rows INTEGER NOT NULL,
    rows_done INTEGER NOT NULL,
    status TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at DATETIME NOT NULL
);

CREATE TABLE source_records (
    id BLOB PRIMARY KEY NOT NULL,
    job_id BLOB NOT NULL REFERENCES import_jobs (id),
    agency_id BLOB NOT NULL REFERENCES agencies (id),
    row_no INTEGER NOT NULL,
    record_id TEXT NOT NULL,
    first_name TEXT NOT NULL,
    surname TEXT NOT NULL,
    dob TEXT NOT NULL,
    sex TEXT NOT NULL,
    postcode TEXT NOT NULL,
    -- The person it is linked to; NULL once its job is rolled back.
    person_id BLOB REFERENCES people (id),
    -- The person made from this record (by the import, a review, or an unlink): removed again when
    -- the record leaves it and it holds nothing else. No foreign key: that person may be gone.
    made_person_id BLOB,
    UNIQUE (job_id, row_no)
);
CREATE INDEX source_records_person ON source_records (person_id);
CREATE INDEX source_records_made_person ON source_records (made_person_id);

CREATE TABLE import_errors (
    job_id BLOB NOT NULL REFERENCES import_jobs (id),
    row_no INTEGER NOT NULL,
    reason TEXT NOT NULL,
    PRIMARY KEY (job_id, row_no)
);

CREATE TABLE link_reviews (
    id BLOB PRIMARY KEY NOT NULL,
    source_record_id BLOB NOT NULL REFERENCES source_records (id),
    candidate_id BLOB NOT NULL REFERENCES people (id),
    probability REAL NOT NULL,
    explanation TEXT NOT NULL,
    status TEXT NOT NULL,
    decided_by BLOB REFERENCES users (id),
    decided_at DATETIME,
    created_at DATETIME NOT NULL
);
CREATE INDEX link_reviews_status ON link_reviews (status, created_at);
CREATE INDEX link_reviews_source ON link_reviews (source_record_id);
CREATE INDEX link_reviews_candidate ON link_reviews (candidate_id);

-- An agency record added because an import linked the agency's record to the person: removed
-- again when no source record of that agency is linked to the person any more.
ALTER TABLE agency_records ADD COLUMN import_job_id BLOB;
