-- The missing episode as practitioners need it (issue 18):
-- a NAIRA grade's reason where the child has exploitation concerns or is repeat missing;
-- the next review time a supervisor or inspector sets on their review;
-- the officer in charge of the investigation, shown on the missing-now board;
-- who offered the return home interview, whether its interviewer was independent of the
-- child's care and of the police, and whether the child consented to its being shared.
-- Rows written before this migration have none of these: NULL (or '') reads as not recorded.
ALTER TABLE episode_gradings ADD COLUMN naira_reason TEXT;
ALTER TABLE episode_notes ADD COLUMN next_review_at TIMESTAMPTZ;
ALTER TABLE missing_episodes ADD COLUMN officer_in_charge TEXT NOT NULL DEFAULT '';
ALTER TABLE episode_rhis ADD COLUMN offered_by TEXT NOT NULL DEFAULT '';
ALTER TABLE episode_rhis ADD COLUMN interviewer_independent BOOLEAN;
ALTER TABLE episode_rhis ADD COLUMN consent_to_share TEXT
    CHECK (consent_to_share IN ('given', 'refused', 'not_asked'));
