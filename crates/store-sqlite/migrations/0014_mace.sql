-- MACE meetings of an area, their attendees and apologies by agency, their agenda items, and the
-- area's action register with each action's updates. A meeting belongs to its convening agency
-- (owner_agency); its content is for the agencies of the meeting only, which the application
-- decides. Updates of an action are kept as recorded.
CREATE TABLE mace_meetings (
    id BLOB PRIMARY KEY NOT NULL,
    area_id BLOB NOT NULL REFERENCES areas (id),
    starts_at DATETIME NOT NULL,
    chair_name TEXT NOT NULL,
    chair_agency BLOB NOT NULL REFERENCES agencies (id),
    owner_agency BLOB NOT NULL REFERENCES agencies (id),
    created_by BLOB REFERENCES users (id),
    created_at DATETIME NOT NULL,
    version INTEGER NOT NULL CHECK (version > 0)
);
CREATE INDEX mace_meetings_area ON mace_meetings (area_id, starts_at);

CREATE TABLE mace_attendees (
    meeting_id BLOB NOT NULL REFERENCES mace_meetings (id),
    apology INTEGER NOT NULL CHECK (apology IN (0, 1)),
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    agency_id BLOB NOT NULL REFERENCES agencies (id),
    PRIMARY KEY (meeting_id, apology, position)
);
CREATE INDEX mace_attendees_agency ON mace_attendees (agency_id, meeting_id);

CREATE TABLE mace_items (
    id BLOB PRIMARY KEY NOT NULL,
    meeting_id BLOB NOT NULL REFERENCES mace_meetings (id),
    position INTEGER NOT NULL CHECK (position > 0),
    kind TEXT NOT NULL CHECK (kind IN ('child', 'person_of_concern', 'location', 'theme')),
    person_id BLOB REFERENCES people (id),
    location_id BLOB REFERENCES locations (id),
    theme TEXT,
    reason TEXT NOT NULL,
    summary TEXT NOT NULL,
    decisions TEXT NOT NULL,
    risk_after TEXT CHECK (risk_after IN ('green', 'amber', 'red')),
    version INTEGER NOT NULL CHECK (version > 0),
    UNIQUE (meeting_id, position),
    -- Each kind names its subject, and only it.
    CHECK ((person_id IS NOT NULL) = (kind IN ('child', 'person_of_concern'))),
    CHECK ((location_id IS NOT NULL) = (kind = 'location')),
    CHECK ((theme IS NOT NULL) = (kind = 'theme'))
);
CREATE INDEX mace_items_person ON mace_items (person_id) WHERE person_id IS NOT NULL;

CREATE TABLE mace_actions (
    id BLOB PRIMARY KEY NOT NULL,
    area_id BLOB NOT NULL REFERENCES areas (id),
    number INTEGER NOT NULL CHECK (number > 0),
    meeting_id BLOB NOT NULL REFERENCES mace_meetings (id),
    current_meeting BLOB NOT NULL REFERENCES mace_meetings (id),
    item_id BLOB REFERENCES mace_items (id),
    text TEXT NOT NULL,
    owner_name TEXT NOT NULL,
    owner_agency BLOB NOT NULL REFERENCES agencies (id),
    due_on DATE NOT NULL,
    four_p TEXT CHECK (four_p IN ('prepare', 'prevent', 'protect', 'pursue')),
    status TEXT NOT NULL CHECK (status IN ('open', 'in_progress', 'done', 'closed')),
    closed_reason TEXT,
    version INTEGER NOT NULL CHECK (version > 0),
    -- Numbered in turn within the area's register.
    UNIQUE (area_id, number),
    -- Closed only with a reason.
    CHECK ((status = 'closed') = (closed_reason IS NOT NULL))
);
CREATE INDEX mace_actions_current ON mace_actions (current_meeting);
CREATE INDEX mace_actions_owner ON mace_actions (owner_agency, status, due_on);

CREATE TABLE mace_action_updates (
    action_id BLOB NOT NULL REFERENCES mace_actions (id),
    position INTEGER NOT NULL CHECK (position > 0),
    status TEXT NOT NULL CHECK (status IN ('open', 'in_progress', 'done', 'closed')),
    note TEXT NOT NULL,
    updated_by BLOB REFERENCES users (id),
    updated_at DATETIME NOT NULL,
    PRIMARY KEY (action_id, position)
);

CREATE TRIGGER mace_action_updates_no_update BEFORE UPDATE ON mace_action_updates
BEGIN
    SELECT RAISE(ABORT, 'action updates are kept as recorded');
END;
CREATE TRIGGER mace_action_updates_no_delete BEFORE DELETE ON mace_action_updates
BEGIN
    SELECT RAISE(ABORT, 'action updates are kept as recorded');
END;
