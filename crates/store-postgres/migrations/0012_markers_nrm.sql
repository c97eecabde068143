-- Warning markers on people and places, with their reviews, and children's NRM referrals with
-- their decisions: the same tables and meaning as the SQLite store. Each belongs to the agency
-- whose user recorded it (owner_agency).
CREATE TABLE markers (
    id uuid CONSTRAINT markers_pkey PRIMARY KEY,
    person_id uuid CONSTRAINT markers_person_id_fkey REFERENCES people (id),
    location_id uuid CONSTRAINT markers_location_id_fkey REFERENCES locations (id),
    marker_type text NOT NULL,
    reason text NOT NULL,
    source_agency uuid NOT NULL CONSTRAINT markers_source_agency_fkey REFERENCES agencies (id),
    source_note text NOT NULL,
    starts_on date NOT NULL,
    review_on date NOT NULL,
    owner_agency uuid NOT NULL CONSTRAINT markers_owner_agency_fkey REFERENCES agencies (id),
    raised_by uuid CONSTRAINT markers_raised_by_fkey REFERENCES users (id),
    raised_at timestamptz NOT NULL,
    needs_approval boolean NOT NULL,
    approved_by uuid CONSTRAINT markers_approved_by_fkey REFERENCES users (id),
    approved_agency uuid CONSTRAINT markers_approved_agency_fkey REFERENCES agencies (id),
    approved_at timestamptz,
    ended_on date,
    version bigint NOT NULL CONSTRAINT markers_version_positive CHECK (version > 0),
    CONSTRAINT markers_one_subject CHECK ((person_id IS NULL) <> (location_id IS NULL)),
    CONSTRAINT markers_review_after_start CHECK (review_on > starts_on),
    CONSTRAINT markers_approval_whole CHECK ((approved_by IS NULL) = (approved_at IS NULL))
);
CREATE INDEX markers_person ON markers (person_id) WHERE person_id IS NOT NULL;
CREATE INDEX markers_location ON markers (location_id) WHERE location_id IS NOT NULL;
CREATE INDEX markers_open_review ON markers (review_on) WHERE ended_on IS NULL;

CREATE TABLE marker_reviews (
    marker_id uuid NOT NULL CONSTRAINT marker_reviews_marker_id_fkey REFERENCES markers (id),
    position bigint NOT NULL,
    reviewed_on date NOT NULL,
    outcome text NOT NULL CONSTRAINT marker_reviews_outcome CHECK (outcome IN ('keep', 'end')),
    next_review_on date,
    note text NOT NULL,
    reviewed_by uuid CONSTRAINT marker_reviews_reviewed_by_fkey REFERENCES users (id),
    reviewed_at timestamptz NOT NULL,
    CONSTRAINT marker_reviews_pkey PRIMARY KEY (marker_id, position),
    CONSTRAINT marker_reviews_next_when_kept CHECK ((outcome = 'keep') = (next_review_on IS NOT NULL))
);

CREATE FUNCTION marker_reviews_kept() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'marker reviews are kept as recorded' USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER marker_reviews_no_update BEFORE UPDATE ON marker_reviews
    FOR EACH ROW EXECUTE FUNCTION marker_reviews_kept();
CREATE TRIGGER marker_reviews_no_delete BEFORE DELETE ON marker_reviews
    FOR EACH ROW EXECUTE FUNCTION marker_reviews_kept();

CREATE TABLE nrm_referrals (
    id uuid CONSTRAINT nrm_referrals_pkey PRIMARY KEY,
    person_id uuid NOT NULL CONSTRAINT nrm_referrals_person_id_fkey REFERENCES people (id),
    first_responder text NOT NULL,
    first_responder_note text,
    referred_on date NOT NULL,
    exploitation text NOT NULL,
    rg_outcome text CONSTRAINT nrm_rg_outcome CHECK (rg_outcome IN ('positive', 'negative')),
    rg_on date,
    cg_outcome text CONSTRAINT nrm_cg_outcome CHECK (cg_outcome IN ('positive', 'negative')),
    cg_on date,
    owner_agency uuid NOT NULL CONSTRAINT nrm_referrals_owner_agency_fkey REFERENCES agencies (id),
    recorded_by uuid CONSTRAINT nrm_referrals_recorded_by_fkey REFERENCES users (id),
    recorded_at timestamptz NOT NULL,
    version bigint NOT NULL CONSTRAINT nrm_version_positive CHECK (version > 0),
    CONSTRAINT nrm_rg_whole CHECK ((rg_outcome IS NULL) = (rg_on IS NULL)),
    CONSTRAINT nrm_cg_whole CHECK ((cg_outcome IS NULL) = (cg_on IS NULL)),
    CONSTRAINT nrm_rg_after_referral CHECK (rg_on IS NULL OR rg_on >= referred_on),
    CONSTRAINT nrm_cg_after_positive_rg CHECK (cg_on IS NULL OR (rg_outcome = 'positive' AND cg_on >= rg_on))
);
CREATE INDEX nrm_referrals_person ON nrm_referrals (person_id);
