-- Missing episodes, from report to return home interview, and the children's grab packs.
-- Times are RFC 3339 text in UTC to the microsecond (the store truncates before writing, as
-- PostgreSQL keeps no more), so they compare correctly as text and read back equal on both
-- stores.

-- An episode and its return: the return lives on the episode row because "one open episode per
-- person" is a partial unique index over it (returned_at IS NULL while the child is missing).
CREATE TABLE missing_episodes (
    id BLOB PRIMARY KEY NOT NULL,
    person_id BLOB NOT NULL REFERENCES people (id),
    reported_at DATETIME NOT NULL,
    last_seen_at DATETIME NOT NULL,
    last_seen_where TEXT NOT NULL,
    reporter TEXT NOT NULL,
    from_location BLOB REFERENCES locations (id),
    area_id BLOB REFERENCES areas (id),
    circumstances TEXT NOT NULL,
    police_reference TEXT,
    out_of_area BOOLEAN NOT NULL,
    recorded_by BLOB REFERENCES users (id),
    imported BOOLEAN NOT NULL,
    version INTEGER NOT NULL,
    -- Found and returned: all NULL while the episode is open.
    returned_at DATETIME,
    found_where TEXT,
    found_by TEXT,
    with_whom TEXT,
    harm_seen TEXT,
    disclosed BOOLEAN,
    found_in_other_force_area BOOLEAN,
    prevention_interview_at DATETIME,
    prevention_interview_notes TEXT,
    return_recorded_by BLOB REFERENCES users (id),
    return_recorded_at DATETIME,
    CHECK ((returned_at IS NULL) = (return_recorded_at IS NULL)),
    CHECK ((returned_at IS NULL) = (found_where IS NULL))
);
-- One open episode per person, enforced here and not only by the application.
CREATE UNIQUE INDEX missing_episodes_one_open ON missing_episodes (person_id) WHERE returned_at IS NULL;
CREATE INDEX missing_episodes_person ON missing_episodes (person_id, reported_at);
-- The window listing: open now (returned_at IS NULL), reported since, returned since.
CREATE INDEX missing_episodes_reported_at ON missing_episodes (reported_at);
CREATE INDEX missing_episodes_returned_at ON missing_episodes (returned_at);

-- Every grading, oldest first by position; the latest is the current grade.
CREATE TABLE episode_gradings (
    episode_id BLOB NOT NULL REFERENCES missing_episodes (id),
    position INTEGER NOT NULL,
    grade TEXT NOT NULL,
    rationale TEXT NOT NULL,
    -- The questionnaire answers as a JSON array of {"question", "answer"} codes.
    answers TEXT NOT NULL,
    graded_at DATETIME NOT NULL,
    graded_by BLOB REFERENCES users (id),
    rules_version TEXT NOT NULL,
    PRIMARY KEY (episode_id, position)
);

-- Actions, enquiries, sightings, linked people and places, notifications: only ever added.
CREATE TABLE episode_notes (
    id BLOB PRIMARY KEY NOT NULL,
    episode_id BLOB NOT NULL REFERENCES missing_episodes (id),
    position INTEGER NOT NULL,
    kind TEXT NOT NULL,
    at DATETIME NOT NULL,
    text TEXT NOT NULL,
    person_id BLOB REFERENCES people (id),
    location_id BLOB REFERENCES locations (id),
    recipient TEXT,
    recorded_by BLOB REFERENCES users (id),
    recorded_at DATETIME NOT NULL
);
CREATE UNIQUE INDEX episode_notes_order ON episode_notes (episode_id, position);
CREATE INDEX episode_notes_person ON episode_notes (person_id) WHERE person_id IS NOT NULL;

-- The return home interview: at most one per episode, only after the return (the store checks).
CREATE TABLE episode_rhis (
    episode_id BLOB PRIMARY KEY NOT NULL REFERENCES missing_episodes (id),
    outcome TEXT NOT NULL,
    reason TEXT NOT NULL,
    held_at DATETIME NOT NULL,
    held_by BLOB REFERENCES agencies (id),
    in_person BOOLEAN NOT NULL,
    non_uniformed_officer_present BOOLEAN NOT NULL,
    where_and_with_whom TEXT NOT NULL,
    push_factors TEXT NOT NULL,
    pull_factors TEXT NOT NULL,
    disclosures TEXT NOT NULL,
    harm TEXT NOT NULL,
    exploitation_indicators TEXT NOT NULL,
    child_wants TEXT NOT NULL,
    information_shared_at DATETIME,
    follow_up_actions TEXT NOT NULL,
    recorded_by BLOB REFERENCES users (id),
    recorded_at DATETIME NOT NULL
);

-- A child's grab pack (Philomena; the Child Information Form in Wales): one per person,
-- versioned, photo-free.
CREATE TABLE grab_packs (
    person_id BLOB PRIMARY KEY NOT NULL REFERENCES people (id),
    description TEXT NOT NULL,
    distinguishing_features TEXT NOT NULL,
    places_frequented TEXT NOT NULL,
    associates TEXT NOT NULL,
    phone_and_social_media TEXT NOT NULL,
    health_and_medication TEXT NOT NULL,
    risks TEXT NOT NULL,
    updated_by BLOB REFERENCES users (id),
    updated_at DATETIME,
    version INTEGER NOT NULL
);
