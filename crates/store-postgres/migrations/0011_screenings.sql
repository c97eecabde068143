-- Exploitation screenings: the same table and meaning as the SQLite store. A screening is kept
-- as made; a tier below the tool's needs a reason, here as well as in the domain.
CREATE TABLE screenings (
    id uuid NOT NULL CONSTRAINT screenings_pkey PRIMARY KEY,
    person_id uuid NOT NULL CONSTRAINT screenings_person_id_fkey REFERENCES people (id),
    owner_agency uuid NOT NULL CONSTRAINT screenings_owner_agency_fkey REFERENCES agencies (id),
    tool_version integer NOT NULL CONSTRAINT screenings_tool_version_positive CHECK (tool_version > 0),
    answers jsonb NOT NULL,
    score integer NOT NULL CONSTRAINT screenings_score_positive CHECK (score >= 0),
    band text NOT NULL CONSTRAINT screenings_band_code CHECK (band IN ('green', 'amber', 'red')),
    floor_applied boolean NOT NULL,
    computed_tier text NOT NULL CONSTRAINT screenings_computed_tier_code CHECK (computed_tier IN ('green', 'amber', 'red')),
    tier text NOT NULL CONSTRAINT screenings_tier_code CHECK (tier IN ('green', 'amber', 'red')),
    reason text,
    screened_by uuid CONSTRAINT screenings_screened_by_fkey REFERENCES users (id),
    screened_by_label text NOT NULL,
    screened_at timestamptz NOT NULL,
    CONSTRAINT screenings_lowered_with_reason CHECK (reason IS NOT NULL OR
        (CASE tier WHEN 'green' THEN 0 WHEN 'amber' THEN 1 ELSE 2 END) >=
        (CASE computed_tier WHEN 'green' THEN 0 WHEN 'amber' THEN 1 ELSE 2 END))
);
CREATE INDEX screenings_person ON screenings (person_id, screened_at);

CREATE FUNCTION screenings_kept() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'screenings are kept as made' USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER screenings_no_update BEFORE UPDATE ON screenings
    FOR EACH ROW EXECUTE FUNCTION screenings_kept();
CREATE TRIGGER screenings_no_delete BEFORE DELETE ON screenings
    FOR EACH ROW EXECUTE FUNCTION screenings_kept();
CREATE TRIGGER screenings_no_truncate BEFORE TRUNCATE ON screenings
    FOR EACH STATEMENT EXECUTE FUNCTION screenings_kept();
