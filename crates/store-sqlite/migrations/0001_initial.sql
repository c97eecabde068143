-- haven's schema on SQLite. Identifiers are UUIDs stored as 16-byte BLOBs; times are RFC 3339
-- text in UTC (as sqlx writes them, so they compare correctly as text); dates are YYYY-MM-DD.
-- Codes (kinds, roles, actions) are the stable codes of haven-domain.

CREATE TABLE areas (
    id BLOB PRIMARY KEY NOT NULL,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    kind TEXT NOT NULL
);

CREATE TABLE agencies (
    id BLOB PRIMARY KEY NOT NULL,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    area_id BLOB REFERENCES areas (id)
);

CREATE TABLE agreements (
    id BLOB PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    purpose TEXT NOT NULL,
    starts_on DATE NOT NULL,
    ends_on DATE
);

CREATE TABLE agreement_members (
    agreement_id BLOB NOT NULL REFERENCES agreements (id),
    agency_id BLOB NOT NULL REFERENCES agencies (id),
    position INTEGER NOT NULL,
    PRIMARY KEY (agreement_id, agency_id)
);

CREATE TABLE users (
    id BLOB PRIMARY KEY NOT NULL,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    agency_id BLOB NOT NULL REFERENCES agencies (id),
    role TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    must_change_password BOOLEAN NOT NULL,
    disabled BOOLEAN NOT NULL DEFAULT FALSE,
    version INTEGER NOT NULL DEFAULT 1,
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL
);
CREATE INDEX users_agency ON users (agency_id);

CREATE TABLE sign_in_attempts (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL,
    address TEXT NOT NULL,
    succeeded BOOLEAN NOT NULL,
    at DATETIME NOT NULL
);
CREATE INDEX sign_in_attempts_username ON sign_in_attempts (username, at);
CREATE INDEX sign_in_attempts_address ON sign_in_attempts (address, at);

CREATE TABLE api_tokens (
    id BLOB PRIMARY KEY NOT NULL,
    user_id BLOB NOT NULL REFERENCES users (id),
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at DATETIME NOT NULL,
    revoked BOOLEAN NOT NULL DEFAULT FALSE
);

CREATE TABLE sessions (
    id_hash TEXT PRIMARY KEY NOT NULL,
    user_id BLOB NOT NULL REFERENCES users (id),
    csrf_token TEXT NOT NULL,
    created_at DATETIME NOT NULL,
    expires_at DATETIME NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires_at ON sessions (expires_at);

CREATE TABLE people (
    id BLOB PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL,
    given_name TEXT NOT NULL,
    middle_names TEXT,
    family_name TEXT NOT NULL,
    date_of_birth DATE,
    sex TEXT NOT NULL,
    gender TEXT,
    ethnicity TEXT NOT NULL,
    care_status TEXT NOT NULL,
    placing_authority BLOB REFERENCES agencies (id),
    host_authority BLOB REFERENCES agencies (id),
    version INTEGER NOT NULL,
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL
);
CREATE INDEX people_family_name ON people (lower(family_name));
CREATE INDEX people_given_name ON people (lower(given_name));
CREATE INDEX people_date_of_birth ON people (date_of_birth);

CREATE TABLE person_aliases (
    id BLOB PRIMARY KEY NOT NULL,
    person_id BLOB NOT NULL REFERENCES people (id),
    given_name TEXT,
    family_name TEXT,
    note TEXT
);
CREATE INDEX person_aliases_person ON person_aliases (person_id);
CREATE INDEX person_aliases_given_name ON person_aliases (lower(given_name));
CREATE INDEX person_aliases_family_name ON person_aliases (lower(family_name));

CREATE TABLE agency_records (
    person_id BLOB NOT NULL REFERENCES people (id),
    agency_id BLOB NOT NULL REFERENCES agencies (id),
    reference TEXT,
    recorded_at DATETIME NOT NULL,
    PRIMARY KEY (person_id, agency_id)
);
CREATE UNIQUE INDEX agency_records_reference ON agency_records (agency_id, reference) WHERE reference IS NOT NULL;
CREATE INDEX agency_records_agency ON agency_records (agency_id, person_id);
CREATE INDEX agency_records_lookup ON agency_records (reference);

CREATE TABLE locations (
    id BLOB PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL,
    name TEXT,
    address TEXT NOT NULL,
    postcode TEXT,
    area_id BLOB REFERENCES areas (id),
    lat REAL,
    lon REAL
);
CREATE INDEX locations_postcode ON locations (postcode);

CREATE TABLE placements (
    id BLOB PRIMARY KEY NOT NULL,
    person_id BLOB NOT NULL REFERENCES people (id),
    location_id BLOB NOT NULL REFERENCES locations (id),
    kind TEXT NOT NULL,
    started_on DATE NOT NULL,
    ended_on DATE,
    placing_authority BLOB REFERENCES agencies (id)
);
CREATE INDEX placements_person ON placements (person_id, started_on);
CREATE INDEX placements_location ON placements (location_id);

-- The audit trail. No foreign keys: an event may name a record that was never created (a
-- denied request for an unknown id), and the trail must outlive anything it describes.
CREATE TABLE audit_events (
    id BLOB PRIMARY KEY NOT NULL,
    at DATETIME NOT NULL,
    actor_user_id BLOB,
    actor_agency_id BLOB,
    actor_role TEXT,
    actor_label TEXT NOT NULL,
    action TEXT NOT NULL,
    subject_kind TEXT NOT NULL,
    subject_id BLOB,
    person_id BLOB,
    purpose TEXT NOT NULL,
    detail TEXT
);
CREATE INDEX audit_events_person ON audit_events (person_id, at);
CREATE INDEX audit_events_at ON audit_events (at);

-- Append-only, enforced by the database itself: nobody, not even haven, edits the trail.
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'audit_events is append-only');
END;

CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'audit_events is append-only');
END;
