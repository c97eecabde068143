-- Exploitation screenings: the tool version, the answers (indicator code -> answer and note, as
-- JSON), the score and the tool's tier, the practitioner's tier and the reason it differs, who
-- and when. A screening is kept as made: a new one is made instead of a change. A tier below
-- the tool's needs a reason, here as well as in the domain.
CREATE TABLE screenings (
    id BLOB PRIMARY KEY NOT NULL,
    person_id BLOB NOT NULL REFERENCES people (id),
    owner_agency BLOB NOT NULL REFERENCES agencies (id),
    tool_version INTEGER NOT NULL CHECK (tool_version > 0),
    answers TEXT NOT NULL CHECK (json_valid(answers)),
    score INTEGER NOT NULL CHECK (score >= 0),
    band TEXT NOT NULL CHECK (band IN ('green', 'amber', 'red')),
    floor_applied BOOLEAN NOT NULL,
    computed_tier TEXT NOT NULL CHECK (computed_tier IN ('green', 'amber', 'red')),
    tier TEXT NOT NULL CHECK (tier IN ('green', 'amber', 'red')),
    reason TEXT,
    screened_by BLOB REFERENCES users (id),
    screened_by_label TEXT NOT NULL,
    screened_at DATETIME NOT NULL,
    CHECK (reason IS NOT NULL OR
           (CASE tier WHEN 'green' THEN 0 WHEN 'amber' THEN 1 ELSE 2 END) >=
           (CASE computed_tier WHEN 'green' THEN 0 WHEN 'amber' THEN 1 ELSE 2 END))
);
CREATE INDEX screenings_person ON screenings (person_id, screened_at);

CREATE TRIGGER screenings_no_update BEFORE UPDATE ON screenings
BEGIN
    SELECT RAISE(ABORT, 'screenings are kept as made');
END;

CREATE TRIGGER screenings_no_delete BEFORE DELETE ON screenings
BEGIN
    SELECT RAISE(ABORT, 'screenings are kept as made');
END;
