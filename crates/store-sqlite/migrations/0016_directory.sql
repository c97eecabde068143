-- The partner directory: the teams and services of an area, each run by one agency, and the
-- referral pathways between them. It holds no person data. A team is changed in place with its
-- version (the audit trail names the fields each change changed); a pathway is removed by
-- marking it, so what the chart once showed stays on record.
CREATE TABLE directory_teams (
    id BLOB PRIMARY KEY NOT NULL,
    area_id BLOB NOT NULL REFERENCES areas (id),
    agency_id BLOB NOT NULL REFERENCES agencies (id),
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('exploitation_team', 'missing_persons_team', 'mash', 'rhi_provider',
        'youth_service', 'youth_justice_service', 'specialist_charity', 'health_service', 'education_service',
        'other')),
    what TEXT NOT NULL,
    how_to_refer TEXT NOT NULL,
    email TEXT,
    phone TEXT,
    active INTEGER NOT NULL CHECK (active IN (0, 1)),
    created_by BLOB REFERENCES users (id),
    created_at DATETIME NOT NULL,
    version INTEGER NOT NULL CHECK (version > 0),
    -- One name per team in an area, so that the chart and the list are unambiguous.
    UNIQUE (area_id, name)
);
CREATE INDEX directory_teams_agency ON directory_teams (agency_id);

CREATE TABLE directory_pathways (
    id BLOB PRIMARY KEY NOT NULL,
    from_team BLOB NOT NULL REFERENCES directory_teams (id),
    to_team BLOB NOT NULL REFERENCES directory_teams (id),
    used_when TEXT NOT NULL,
    how TEXT NOT NULL,
    created_by BLOB REFERENCES users (id),
    created_at DATETIME NOT NULL,
    removed_by BLOB REFERENCES users (id),
    removed_at DATETIME,
    CHECK (from_team <> to_team)
);
-- One live pathway for the same teams and occasion.
CREATE UNIQUE INDEX directory_pathways_live ON directory_pathways (from_team, to_team, used_when)
    WHERE removed_at IS NULL;
CREATE INDEX directory_pathways_to ON directory_pathways (to_team);
