-- haven's schema on PostgreSQL: the same tables and meaning as the SQLite store, in native
-- types. Constraints are named: the store maps their names to the field a user knows.

CREATE TABLE areas (
    id uuid PRIMARY KEY,
    code text NOT NULL CONSTRAINT areas_code_key UNIQUE,
    name text NOT NULL,
    kind text NOT NULL
);

CREATE TABLE agencies (
    id uuid PRIMARY KEY,
    code text NOT NULL CONSTRAINT agencies_code_key UNIQUE,
    name text NOT NULL,
    kind text NOT NULL,
    area_id uuid CONSTRAINT agencies_area_id_fkey REFERENCES areas (id)
);

CREATE TABLE agreements (
    id uuid PRIMARY KEY,
    name text NOT NULL,
    purpose text NOT NULL,
    starts_on date NOT NULL,
    ends_on date
);

CREATE TABLE agreement_members (
    agreement_id uuid NOT NULL CONSTRAINT agreement_members_agreement_id_fkey REFERENCES agreements (id),
    agency_id uuid NOT NULL CONSTRAINT agreement_members_agency_id_fkey REFERENCES agencies (id),
    position integer NOT NULL,
    CONSTRAINT agreement_members_pkey PRIMARY KEY (agreement_id, agency_id)
);

CREATE TABLE users (
    id uuid PRIMARY KEY,
    username text NOT NULL CONSTRAINT users_username_key UNIQUE,
    display_name text NOT NULL,
    agency_id uuid NOT NULL CONSTRAINT users_agency_id_fkey REFERENCES agencies (id),
    role text NOT NULL,
    password_hash text NOT NULL,
    must_change_password boolean NOT NULL,
    disabled boolean NOT NULL DEFAULT false,
    version bigint NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);
CREATE INDEX users_agency ON users (agency_id);

CREATE TABLE sign_in_attempts (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username text NOT NULL,
    address text NOT NULL,
    succeeded boolean NOT NULL,
    at timestamptz NOT NULL
);
CREATE INDEX sign_in_attempts_username ON sign_in_attempts (username, at);
CREATE INDEX sign_in_attempts_address ON sign_in_attempts (address, at);

CREATE TABLE api_tokens (
    id uuid PRIMARY KEY,
    user_id uuid NOT NULL CONSTRAINT api_tokens_user_id_fkey REFERENCES users (id),
    name text NOT NULL,
    token_hash text NOT NULL CONSTRAINT api_tokens_token_hash_key UNIQUE,
    created_at timestamptz NOT NULL,
    revoked boolean NOT NULL DEFAULT false
);

CREATE TABLE sessions (
    id_hash text PRIMARY KEY,
    user_id uuid NOT NULL CONSTRAINT sessions_user_id_fkey REFERENCES users (id),
    csrf_token text NOT NULL,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires_at ON sessions (expires_at);

CREATE TABLE people (
    id uuid PRIMARY KEY,
    kind text NOT NULL,
    given_name text NOT NULL,
    middle_names text,
    family_name text NOT NULL,
    date_of_birth date,
    sex text NOT NULL,
    gender text,
    ethnicity text NOT NULL,
    care_status text NOT NULL,
    placing_authority uuid CONSTRAINT people_placing_authority_fkey REFERENCES agencies (id),
    host_authority uuid CONSTRAINT people_host_authority_fkey REFERENCES agencies (id),
    version bigint NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);
CREATE INDEX people_family_name ON people (lower(family_name) text_pattern_ops);
CREATE INDEX people_given_name ON people (lower(given_name) text_pattern_ops);
CREATE INDEX people_date_of_birth ON people (date_of_birth);

CREATE TABLE person_aliases (
    id uuid PRIMARY KEY,
    person_id uuid NOT NULL CONSTRAINT person_aliases_person_id_fkey REFERENCES people (id),
    given_name text,
    family_name text,
    note text
);
CREATE INDEX person_aliases_person ON person_aliases (person_id);
CREATE INDEX person_aliases_given_name ON person_aliases (lower(given_name) text_pattern_ops);
CREATE INDEX person_aliases_family_name ON person_aliases (lower(family_name) text_pattern_ops);

CREATE TABLE agency_records (
    person_id uuid NOT NULL CONSTRAINT agency_records_person_id_fkey REFERENCES people (id),
    agency_id uuid NOT NULL CONSTRAINT agency_records_agency_id_fkey REFERENCES agencies (id),
    reference text,
    recorded_at timestamptz NOT NULL,
    CONSTRAINT agency_records_pkey PRIMARY KEY (person_id, agency_id)
);
CREATE UNIQUE INDEX agency_records_reference_key ON agency_records (agency_id, reference) WHERE reference IS NOT NULL;
CREATE INDEX agency_records_agency ON agency_records (agency_id, person_id);
CREATE INDEX agency_records_lookup ON agency_records (reference);

CREATE TABLE locations (
    id uuid PRIMARY KEY,
    kind text NOT NULL,
    name text,
    address text NOT NULL,
    postcode text,
    area_id uuid CONSTRAINT locations_area_id_fkey REFERENCES areas (id),
    lat double precision,
    lon double precision
);
CREATE INDEX locations_postcode ON locations (postcode);

CREATE TABLE placements (
    id uuid PRIMARY KEY,
    person_id uuid NOT NULL CONSTRAINT placements_person_id_fkey REFERENCES people (id),
    location_id uuid NOT NULL CONSTRAINT placements_location_id_fkey REFERENCES locations (id),
    kind text NOT NULL,
    started_on date NOT NULL,
    ended_on date,
    placing_authority uuid CONSTRAINT placements_placing_authority_fkey REFERENCES agencies (id)
);
CREATE INDEX placements_person ON placements (person_id, started_on);
CREATE INDEX placements_location ON placements (location_id);

-- The audit trail. No foreign keys: an event may name a record that was never created (a
-- denied request for an unknown id), and the trail must outlive anything it describes.
CREATE TABLE audit_events (
    id uuid CONSTRAINT audit_events_pkey PRIMARY KEY,
    at timestamptz NOT NULL,
    actor_user_id uuid,
    actor_agency_id uuid,
    actor_role text,
    actor_label text NOT NULL,
    action text NOT NULL,
    subject_kind text NOT NULL,
    subject_id uuid,
    person_id uuid,
    purpose text NOT NULL,
    detail text
);
CREATE INDEX audit_events_person ON audit_events (person_id, at);
CREATE INDEX audit_events_at ON audit_events (at);

-- Append-only, enforced by the database itself: nobody, not even haven, edits the trail.
CREATE FUNCTION audit_events_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_events is append-only' USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
-- TRUNCATE bypasses row triggers: refuse it too.
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
