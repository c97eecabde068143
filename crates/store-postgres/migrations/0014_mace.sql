-- MACE meetings of an area, their attendees and apologies by agency, their agenda items, and the
-- area's action register with each action's updates: the same tables and meaning as the SQLite
-- store. Updates of an action are kept as recorded.
CREATE TABLE mace_meetings (
    id uuid CONSTRAINT mace_meetings_pkey PRIMARY KEY,
    area_id uuid NOT NULL CONSTRAINT mace_meetings_area_id_fkey REFERENCES areas (id),
    starts_at timestamptz NOT NULL,
    chair_name text NOT NULL,
    chair_agency uuid NOT NULL CONSTRAINT mace_meetings_chair_agency_fkey REFERENCES agencies (id),
    owner_agency uuid NOT NULL CONSTRAINT mace_meetings_owner_agency_fkey REFERENCES agencies (id),
    created_by uuid CONSTRAINT mace_meetings_created_by_fkey REFERENCES users (id),
    created_at timestamptz NOT NULL,
    version bigint NOT NULL CONSTRAINT mace_meetings_version_positive CHECK (version > 0)
);
CREATE INDEX mace_meetings_area ON mace_meetings (area_id, starts_at);

CREATE TABLE mace_attendees (
    meeting_id uuid NOT NULL CONSTRAINT mace_attendees_meeting_id_fkey REFERENCES mace_meetings (id),
    apology boolean NOT NULL,
    position bigint NOT NULL,
    name text NOT NULL,
    agency_id uuid NOT NULL CONSTRAINT mace_attendees_agency_id_fkey REFERENCES agencies (id),
    CONSTRAINT mace_attendees_pkey PRIMARY KEY (meeting_id, apology, position)
);
CREATE INDEX mace_attendees_agency ON mace_attendees (agency_id, meeting_id);

CREATE TABLE mace_items (
    id uuid CONSTRAINT mace_items_pkey PRIMARY KEY,
    meeting_id uuid NOT NULL CONSTRAINT mace_items_meeting_id_fkey REFERENCES mace_meetings (id),
    position bigint NOT NULL CONSTRAINT mace_items_position_positive CHECK (position > 0),
    kind text NOT NULL CONSTRAINT mace_items_kind CHECK (kind IN ('child', 'person_of_concern', 'location', 'theme')),
    person_id uuid CONSTRAINT mace_items_person_id_fkey REFERENCES people (id),
    location_id uuid CONSTRAINT mace_items_location_id_fkey REFERENCES locations (id),
    theme text,
    reason text NOT NULL,
    summary text NOT NULL,
    decisions text NOT NULL,
    risk_after text CONSTRAINT mace_items_risk_after CHECK (risk_after IN ('green', 'amber', 'red')),
    version bigint NOT NULL CONSTRAINT mace_items_version_positive CHECK (version > 0),
    CONSTRAINT mace_items_position_unique UNIQUE (meeting_id, position),
    CONSTRAINT mace_items_person_subject CHECK ((person_id IS NOT NULL) = (kind IN ('child', 'person_of_concern'))),
    CONSTRAINT mace_items_location_subject CHECK ((location_id IS NOT NULL) = (kind = 'location')),
    CONSTRAINT mace_items_theme_subject CHECK ((theme IS NOT NULL) = (kind = 'theme'))
);
CREATE INDEX mace_items_person ON mace_items (person_id) WHERE person_id IS NOT NULL;

CREATE TABLE mace_actions (
    id uuid CONSTRAINT mace_actions_pkey PRIMARY KEY,
    area_id uuid NOT NULL CONSTRAINT mace_actions_area_id_fkey REFERENCES areas (id),
    number bigint NOT NULL CONSTRAINT mace_actions_number_positive CHECK (number > 0),
    meeting_id uuid NOT NULL CONSTRAINT mace_actions_meeting_id_fkey REFERENCES mace_meetings (id),
    current_meeting uuid NOT NULL CONSTRAINT mace_actions_current_meeting_fkey REFERENCES mace_meetings (id),
    item_id uuid CONSTRAINT mace_actions_item_id_fkey REFERENCES mace_items (id),
    text text NOT NULL,
    owner_name text NOT NULL,
    owner_agency uuid NOT NULL CONSTRAINT mace_actions_owner_agency_fkey REFERENCES agencies (id),
    due_on date NOT NULL,
    four_p text CONSTRAINT mace_actions_four_p CHECK (four_p IN ('prepare', 'prevent', 'protect', 'pursue')),
    status text NOT NULL CONSTRAINT mace_actions_status CHECK (status IN ('open', 'in_progress', 'done', 'closed')),
    closed_reason text,
    version bigint NOT NULL CONSTRAINT mace_actions_version_positive CHECK (version > 0),
    CONSTRAINT mace_actions_number_unique UNIQUE (area_id, number),
    CONSTRAINT mace_actions_closed_with_reason CHECK ((status = 'closed') = (closed_reason IS NOT NULL))
);
CREATE INDEX mace_actions_current ON mace_actions (current_meeting);
CREATE INDEX mace_actions_owner ON mace_actions (owner_agency, status, due_on);

CREATE TABLE mace_action_updates (
    action_id uuid NOT NULL CONSTRAINT mace_action_updates_action_id_fkey REFERENCES mace_actions (id),
    position bigint NOT NULL CONSTRAINT mace_action_updates_position_positive CHECK (position > 0),
    status text NOT NULL CONSTRAINT mace_action_updates_status CHECK (status IN ('open', 'in_progress', 'done', 'closed')),
    note text NOT NULL,
    updated_by uuid CONSTRAINT mace_action_updates_updated_by_fkey REFERENCES users (id),
    updated_at timestamptz NOT NULL,
    CONSTRAINT mace_action_updates_pkey PRIMARY KEY (action_id, position)
);

CREATE FUNCTION mace_action_updates_kept() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'action updates are kept as recorded' USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER mace_action_updates_no_update BEFORE UPDATE ON mace_action_updates
    FOR EACH ROW EXECUTE FUNCTION mace_action_updates_kept();
CREATE TRIGGER mace_action_updates_no_delete BEFORE DELETE ON mace_action_updates
    FOR EACH ROW EXECUTE FUNCTION mace_action_updates_kept();
