-- Missing episodes, from report to return home interview, and the children's grab packs: the
-- same tables and meaning as the SQLite store. Constraints are named: the store maps their
-- names to the field a user knows.

-- An episode and its return: the return lives on the episode row because "one open episode per
-- person" is a partial unique index over it (returned_at IS NULL while the child is missing).
CREATE TABLE missing_episodes (
    id uuid PRIMARY KEY,
    person_id uuid NOT NULL CONSTRAINT missing_episodes_person_id_fkey REFERENCES people (id),
    reported_at timestamptz NOT NULL,
    last_seen_at timestamptz NOT NULL,
    last_seen_where text NOT NULL,
    reporter text NOT NULL,
    from_location uuid CONSTRAINT missing_episodes_from_location_fkey REFERENCES locations (id),
    area_id uuid CONSTRAINT missing_episodes_area_id_fkey REFERENCES areas (id),
    circumstances text NOT NULL,
    police_reference text,
    out_of_area boolean NOT NULL,
    recorded_by uuid CONSTRAINT missing_episodes_recorded_by_fkey REFERENCES users (id),
    imported boolean NOT NULL,
    version bigint NOT NULL,
    -- Found and returned: all NULL while the episode is open.
    returned_at timestamptz,
    found_where text,
    found_by text,
    with_whom text,
    harm_seen text,
    disclosed boolean,
    found_in_other_force_area boolean,
    prevention_interview_at timestamptz,
    prevention_interview_notes text,
    return_recorded_by uuid CONSTRAINT missing_episodes_return_recorded_by_fkey REFERENCES users (id),
    return_recorded_at timestamptz,
    CONSTRAINT missing_episodes_return_whole CHECK (
        (returned_at IS NULL) = (return_recorded_at IS NULL) AND (returned_at IS NULL) = (found_where IS NULL)
    )
);
-- One open episode per person, enforced here and not only by the application.
CREATE UNIQUE INDEX missing_episodes_one_open ON missing_episodes (person_id) WHERE returned_at IS NULL;
CREATE INDEX missing_episodes_person ON missing_episodes (person_id, reported_at);
-- The window listing: open now (returned_at IS NULL), reported since, returned since.
CREATE INDEX missing_episodes_reported_at ON missing_episodes (reported_at);
CREATE INDEX missing_episodes_returned_at ON missing_episodes (returned_at);

-- Every grading, oldest first by position; the latest is the current grade.
CREATE TABLE episode_gradings (
    episode_id uuid NOT NULL CONSTRAINT episode_gradings_episode_id_fkey REFERENCES missing_episodes (id),
    position bigint NOT NULL,
    grade text NOT NULL,
    rationale text NOT NULL,
    -- The questionnaire answers as a JSON array of {"question", "answer"} codes.
    answers jsonb NOT NULL,
    graded_at timestamptz NOT NULL,
    graded_by uuid CONSTRAINT episode_gradings_graded_by_fkey REFERENCES users (id),
    rules_version text NOT NULL,
    CONSTRAINT episode_gradings_pkey PRIMARY KEY (episode_id, position)
);

-- Actions, enquiries, sightings, linked people and places, notifications: only ever added.
CREATE TABLE episode_notes (
    id uuid PRIMARY KEY,
    episode_id uuid NOT NULL CONSTRAINT episode_notes_episode_id_fkey REFERENCES missing_episodes (id),
    position bigint NOT NULL,
    kind text NOT NULL,
    at timestamptz NOT NULL,
    text text NOT NULL,
    person_id uuid CONSTRAINT episode_notes_person_id_fkey REFERENCES people (id),
    location_id uuid CONSTRAINT episode_notes_location_id_fkey REFERENCES locations (id),
    recipient text,
    recorded_by uuid CONSTRAINT episode_notes_recorded_by_fkey REFERENCES users (id),
    recorded_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX episode_notes_order ON episode_notes (episode_id, position);
CREATE INDEX episode_notes_person ON episode_notes (person_id) WHERE person_id IS NOT NULL;

-- The return home interview: at most one per episode, only after the return (the store checks).
CREATE TABLE episode_rhis (
    episode_id uuid CONSTRAINT episode_rhis_pkey PRIMARY KEY
        CONSTRAINT episode_rhis_episode_id_fkey REFERENCES missing_episodes (id),
    outcome text NOT NULL,
    reason text NOT NULL,
    held_at timestamptz NOT NULL,
    held_by uuid CONSTRAINT episode_rhis_held_by_fkey REFERENCES agencies (id),
    in_person boolean NOT NULL,
    non_uniformed_officer_present boolean NOT NULL,
    where_and_with_whom text NOT NULL,
    push_factors text NOT NULL,
    pull_factors text NOT NULL,
    disclosures text NOT NULL,
    harm text NOT NULL,
    exploitation_indicators text NOT NULL,
    child_wants text NOT NULL,
    information_shared_at timestamptz,
    follow_up_actions text NOT NULL,
    recorded_by uuid CONSTRAINT episode_rhis_recorded_by_fkey REFERENCES users (id),
    recorded_at timestamptz NOT NULL
);

-- A child's grab pack (Philomena; the Child Information Form in Wales): one per person,
-- versioned, photo-free.
CREATE TABLE grab_packs (
    person_id uuid CONSTRAINT grab_packs_pkey PRIMARY KEY
        CONSTRAINT grab_packs_person_id_fkey REFERENCES people (id),
    description text NOT NULL,
    distinguishing_features text NOT NULL,
    places_frequented text NOT NULL,
    associates text NOT NULL,
    phone_and_social_media text NOT NULL,
    health_and_medication text NOT NULL,
    risks text NOT NULL,
    updated_by uuid CONSTRAINT grab_packs_updated_by_fkey REFERENCES users (id),
    updated_at timestamptz,
    version bigint NOT NULL
);
