-- Disruption activity under the 4Ps against persons of concern and places (issue 16): the same
-- table and meaning as the SQLite store. Only the outcome changes after it is written.
CREATE TABLE disruptions (
    id uuid CONSTRAINT disruptions_pkey PRIMARY KEY,
    area_id uuid NOT NULL CONSTRAINT disruptions_area_id_fkey REFERENCES areas (id),
    person_id uuid CONSTRAINT disruptions_person_id_fkey REFERENCES people (id),
    location_id uuid CONSTRAINT disruptions_location_id_fkey REFERENCES locations (id),
    child_id uuid CONSTRAINT disruptions_child_id_fkey REFERENCES people (id),
    meeting_id uuid CONSTRAINT disruptions_meeting_id_fkey REFERENCES mace_meetings (id),
    action_id uuid CONSTRAINT disruptions_action_id_fkey REFERENCES mace_actions (id),
    four_p text NOT NULL CONSTRAINT disruptions_four_p CHECK (four_p IN ('prepare', 'prevent', 'protect', 'pursue')),
    tactic text NOT NULL,
    done_on date NOT NULL,
    issued_on date,
    expires_on date,
    outcome text NOT NULL,
    outcome_note text NOT NULL,
    officer_name text NOT NULL,
    officer_agency uuid NOT NULL CONSTRAINT disruptions_officer_agency_fkey REFERENCES agencies (id),
    owner_agency uuid NOT NULL CONSTRAINT disruptions_owner_agency_fkey REFERENCES agencies (id),
    created_by uuid CONSTRAINT disruptions_created_by_fkey REFERENCES users (id),
    created_at timestamptz NOT NULL,
    version bigint NOT NULL CONSTRAINT disruptions_version_positive CHECK (version > 0),
    CONSTRAINT disruptions_one_subject CHECK ((person_id IS NULL) <> (location_id IS NULL)),
    CONSTRAINT disruptions_expires_after_issue
        CHECK (expires_on IS NULL OR (issued_on IS NOT NULL AND expires_on > issued_on)),
    CONSTRAINT disruptions_cawn_whole
        CHECK (tactic <> 'cawn' OR (person_id IS NOT NULL AND child_id IS NOT NULL AND expires_on IS NOT NULL))
);
CREATE INDEX disruptions_area ON disruptions (area_id, done_on);
CREATE INDEX disruptions_person ON disruptions (person_id) WHERE person_id IS NOT NULL;
CREATE INDEX disruptions_child ON disruptions (child_id) WHERE child_id IS NOT NULL;
CREATE INDEX disruptions_location ON disruptions (location_id) WHERE location_id IS NOT NULL;
