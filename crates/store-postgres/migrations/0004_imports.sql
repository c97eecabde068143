-- Imports of agencies' files of people. A job is one file; each row becomes a source record (the
-- agency's own record as it came, never deleted) linked to one person, or an error row with its
-- reason; possible links wait in link_reviews for a practitioner. (job, row) is unique, so a
-- resumed job never writes a row twice.

CREATE TABLE import_jobs (
    id uuid PRIMARY KEY,
    agency_id uuid NOT NULL REFERENCES agencies (id),
    file_name text NOT NULL,
    total_rows bigint NOT NULL,
    rows_done bigint NOT NULL,
    status text NOT NULL,
    created_by text NOT NULL,
    created_at timestamptz NOT NULL
);

CREATE TABLE source_records (
    id uuid PRIMARY KEY,
    job_id uuid NOT NULL REFERENCES import_jobs (id),
    agency_id uuid NOT NULL REFERENCES agencies (id),
    row_no bigint NOT NULL,
    record_id text NOT NULL,
    first_name text NOT NULL,
    surname text NOT NULL,
    dob text NOT NULL,
    sex text NOT NULL,
    postcode text NOT NULL,
    -- The person it is linked to; NULL once its job is rolled back.
    person_id uuid REFERENCES people (id),
    -- The person made from this record (by the import, a review, or an unlink): removed again when
    -- the record leaves it and it holds nothing else. No foreign key: that person may be gone.
    made_person_id uuid,
    UNIQUE (job_id, row_no)
);
CREATE INDEX source_records_person ON source_records (person_id);
CREATE INDEX source_records_made_person ON source_records (made_person_id);

CREATE TABLE import_errors (
    job_id uuid NOT NULL REFERENCES import_jobs (id),
    row_no bigint NOT NULL,
    reason text NOT NULL,
    PRIMARY KEY (job_id, row_no)
);

CREATE TABLE link_reviews (
    id uuid PRIMARY KEY,
    source_record_id uuid NOT NULL REFERENCES source_records (id),
    candidate_id uuid NOT NULL REFERENCES people (id),
    probability double precision NOT NULL,
    explanation text NOT NULL,
    status text NOT NULL,
    decided_by uuid REFERENCES users (id),
    decided_at timestamptz,
    created_at timestamptz NOT NULL
);
CREATE INDEX link_reviews_status ON link_reviews (status, created_at);
CREATE INDEX link_reviews_source ON link_reviews (source_record_id);
CREATE INDEX link_reviews_candidate ON link_reviews (candidate_id);

-- An agency record added because an import linked the agency's record to the person: removed
-- again when no source record of that agency is linked to the person any more.
ALTER TABLE agency_records ADD COLUMN import_job_id uuid;
