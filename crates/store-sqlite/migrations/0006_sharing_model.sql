-- The sharing model as data: what each agreement shares (record class, to which kind of agency,
-- about whom), when it is next reviewed, and which agency owns each missing episode.

ALTER TABLE agreements ADD COLUMN review_on DATE;

CREATE TABLE agreement_grants (
    agreement_id BLOB NOT NULL REFERENCES agreements (id),
    record_class TEXT NOT NULL,
    to_kind TEXT NOT NULL,
    scope TEXT NOT NULL CHECK (scope IN ('cohort', 'own_cases')),
    PRIMARY KEY (agreement_id, record_class, to_kind)
);

-- Agreements made before grants were data shared everything about each member's cohort with
-- every other member: they keep that meaning until an admin narrows them.
INSERT INTO agreement_grants (agreement_id, record_class, to_kind, scope)
SELECT a.id, c.column1, k.column1, 'cohort'
FROM agreements a
CROSS JOIN (VALUES ('identity'), ('police_assessment'), ('episode_summary'), ('rhi_content'), ('health'), ('education')) c
CROSS JOIN (VALUES ('police'), ('local_authority'), ('health'), ('education'), ('rhi_provider'), ('youth_justice'), ('commissioner')) k;

-- The agency whose episode it is: the reporting officer's force; for an episode without one
-- (imported history), the police force holding the child, else the first holder.
ALTER TABLE missing_episodes ADD COLUMN owner_agency BLOB REFERENCES agencies (id);
UPDATE missing_episodes SET owner_agency = (SELECT u.agency_id FROM users u WHERE u.id = missing_episodes.recorded_by)
WHERE recorded_by IS NOT NULL;
UPDATE missing_episodes SET owner_agency = (
    SELECT r.agency_id FROM agency_records r JOIN agencies g ON g.id = r.agency_id
    WHERE r.person_id = missing_episodes.person_id
    ORDER BY (g.kind <> 'police'), r.recorded_at, r.agency_id LIMIT 1)
WHERE owner_agency IS NULL;
CREATE INDEX missing_episodes_owner ON missing_episodes (owner_agency);
