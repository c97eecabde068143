-- Disruption activity under the 4Ps against persons of concern and places (issue 16): the
-- tactic from the Home Office toolkit list, its dates, outcome and officer. Each belongs to the
-- agency whose user recorded it (owner_agency): partners see it under the disruption record
-- class of their agreements. Only the outcome changes after it is written (a new version, and
-- an audit event in the same transaction).
CREATE TABLE disruptions (
    id BLOB PRIMARY KEY NOT NULL,
    area_id BLOB NOT NULL REFERENCES areas (id),
    person_id BLOB REFERENCES people (id),
    location_id BLOB REFERENCES locations (id),
    child_id BLOB REFERENCES people (id),
    meeting_id BLOB REFERENCES mace_meetings (id),
    action_id BLOB REFERENCES mace_actions (id),
    four_p TEXT NOT NULL CHECK (four_p IN ('prepare', 'prevent', 'protect', 'pursue')),
    tactic TEXT NOT NULL,
    done_on DATE NOT NULL,
    issued_on DATE,
    expires_on DATE,
    outcome TEXT NOT NULL,
    outcome_note TEXT NOT NULL,
    officer_name TEXT NOT NULL,
    officer_agency BLOB NOT NULL REFERENCES agencies (id),
    owner_agency BLOB NOT NULL REFERENCES agencies (id),
    created_by BLOB REFERENCES users (id),
    created_at DATETIME NOT NULL,
    version INTEGER NOT NULL CHECK (version > 0),
    -- Against a person or a place, never both.
    CHECK ((person_id IS NULL) <> (location_id IS NULL)),
    -- An expiry only with an issue, and after it (a CAWN expiring before its issue is refused).
    CHECK (expires_on IS NULL OR (issued_on IS NOT NULL AND expires_on > issued_on)),
    -- A CAWN is served on a person, with its issue and expiry dates and the child it protects.
    CHECK (tactic <> 'cawn' OR (person_id IS NOT NULL AND child_id IS NOT NULL AND expires_on IS NOT NULL))
);
CREATE INDEX disruptions_area ON disruptions (area_id, done_on);
CREATE INDEX disruptions_person ON disruptions (person_id) WHERE person_id IS NOT NULL;
CREATE INDEX disruptions_child ON disruptions (child_id) WHERE child_id IS NOT NULL;
CREATE INDEX disruptions_location ON disruptions (location_id) WHERE location_id IS NOT NULL;
