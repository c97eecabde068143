-- The sharing model as data: what each agreement shares (record class, to which kind of agency,
-- about whom), when it is next reviewed, and which agency owns each missing episode.

ALTER TABLE agreements ADD COLUMN review_on date;

CREATE TABLE agreement_grants (
    agreement_id uuid NOT NULL CONSTRAINT agreement_grants_agreement_id_fkey REFERENCES agreements (id),
    record_class text NOT NULL,
    to_kind text NOT NULL,
    scope text NOT NULL CONSTRAINT agreement_grants_scope_check CHECK (scope IN ('cohort', 'own_cases')),
    CONSTRAINT agreement_grants_pkey PRIMARY KEY (agreement_id, record_class, to_kind)
);

-- Agreements made before grants were data shared everything about each member's cohort with
-- every other member: they keep that meaning until an admin narrows them.
INSERT INTO agreement_grants (agreement_id, record_class, to_kind, scope)
SELECT a.id, c.class, k.kind, 'cohort'
FROM agreements a
CROSS JOIN (VALUES ('identity'), ('police_assessment'), ('episode_summary'), ('rhi_content'), ('health'), ('education')) c (class)
CROSS JOIN (VALUES ('police'), ('local_authority'), ('health'), ('education'), ('rhi_provider'), ('youth_justice'), ('commissioner')) k (kind);

-- The agency whose episode it is: the reporting officer's force; for an episode without one
-- (imported history), the police force holding the child, else the first holder.
ALTER TABLE missing_episodes ADD COLUMN owner_agency uuid CONSTRAINT missing_episodes_owner_agency_fkey REFERENCES agencies (id);
UPDATE missing_episodes e SET owner_agency = u.agency_id FROM users u WHERE u.id = e.recorded_by;
UPDATE missing_episodes e SET owner_agency = (
    SELECT r.agency_id FROM agency_records r JOIN agencies g ON g.id = r.agency_id
    WHERE r.person_id = e.person_id
    ORDER BY (g.kind <> 'police'), r.recorded_at, r.agency_id LIMIT 1)
WHERE owner_agency IS NULL;
CREATE INDEX missing_episodes_owner ON missing_episodes (owner_agency);
