-- Warning markers on people and places, with their reviews, and children's NRM referrals with
-- their decisions. Each belongs to the agency whose user recorded it (owner_agency): partners
-- see it under the warning_marker and nrm record classes of their agreements.
CREATE TABLE markers (
    id BLOB PRIMARY KEY NOT NULL,
    person_id BLOB REFERENCES people (id),
    location_id BLOB REFERENCES locations (id),
    marker_type TEXT NOT NULL,
    reason TEXT NOT NULL,
    source_agency BLOB NOT NULL REFERENCES agencies (id),
    source_note TEXT NOT NULL,
    starts_on DATE NOT NULL,
    review_on DATE NOT NULL,
    owner_agency BLOB NOT NULL REFERENCES agencies (id),
    raised_by BLOB REFERENCES users (id),
    raised_at DATETIME NOT NULL,
    needs_approval INTEGER NOT NULL CHECK (needs_approval IN (0, 1)),
    approved_by BLOB REFERENCES users (id),
    approved_agency BLOB REFERENCES agencies (id),
    approved_at DATETIME,
    ended_on DATE,
    version INTEGER NOT NULL CHECK (version > 0),
    -- On a person or on a place, never both.
    CHECK ((person_id IS NULL) <> (location_id IS NULL)),
    CHECK (review_on > starts_on),
    CHECK ((approved_by IS NULL) = (approved_at IS NULL))
);
CREATE INDEX markers_person ON markers (person_id) WHERE person_id IS NOT NULL;
CREATE INDEX markers_location ON markers (location_id) WHERE location_id IS NOT NULL;
CREATE INDEX markers_open_review ON markers (review_on) WHERE ended_on IS NULL;

CREATE TABLE marker_reviews (
    marker_id BLOB NOT NULL REFERENCES markers (id),
    position INTEGER NOT NULL,
    reviewed_on DATE NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('keep', 'end')),
    next_review_on DATE,
    note TEXT NOT NULL,
    reviewed_by BLOB REFERENCES users (id),
    reviewed_at DATETIME NOT NULL,
    PRIMARY KEY (marker_id, position),
    CHECK ((outcome = 'keep') = (next_review_on IS NOT NULL))
);

CREATE TRIGGER marker_reviews_no_update BEFORE UPDATE ON marker_reviews
BEGIN
    SELECT RAISE(ABORT, 'marker reviews are kept as recorded');
END;
CREATE TRIGGER marker_reviews_no_delete BEFORE DELETE ON marker_reviews
BEGIN
    SELECT RAISE(ABORT, 'marker reviews are kept as recorded');
END;

CREATE TABLE nrm_referrals (
    id BLOB PRIMARY KEY NOT NULL,
    person_id BLOB NOT NULL REFERENCES people (id),
    first_responder TEXT NOT NULL,
    first_responder_note TEXT,
    referred_on DATE NOT NULL,
    exploitation TEXT NOT NULL,
    rg_outcome TEXT CHECK (rg_outcome IN ('positive', 'negative')),
    rg_on DATE,
    cg_outcome TEXT CHECK (cg_outcome IN ('positive', 'negative')),
    cg_on DATE,
    owner_agency BLOB NOT NULL REFERENCES agencies (id),
    recorded_by BLOB REFERENCES users (id),
    recorded_at DATETIME NOT NULL,
    version INTEGER NOT NULL CHECK (version > 0),
    CHECK ((rg_outcome IS NULL) = (rg_on IS NULL)),
    CHECK ((cg_outcome IS NULL) = (cg_on IS NULL)),
    -- No decision before the referral; a conclusive decision only after a positive reasonable one.
    CHECK (rg_on IS NULL OR rg_on >= referred_on),
    CHECK (cg_on IS NULL OR (rg_outcome = 'positive' AND cg_on >= rg_on))
);
CREATE INDEX nrm_referrals_person ON nrm_referrals (person_id);
