-- The partner directory: the teams and services of an area and the referral pathways between
-- them; the same tables and meaning as the SQLite store. It holds no person data; a pathway is
-- removed by marking it.
CREATE TABLE directory_teams (
    id uuid CONSTRAINT directory_teams_pkey PRIMARY KEY,
    area_id uuid NOT NULL CONSTRAINT directory_teams_area_id_fkey REFERENCES areas (id),
    agency_id uuid NOT NULL CONSTRAINT directory_teams_agency_id_fkey REFERENCES agencies (id),
    name text NOT NULL,
    kind text NOT NULL CONSTRAINT directory_teams_kind CHECK (kind IN ('exploitation_team', 'missing_persons_team',
        'mash', 'rhi_provider', 'youth_service', 'youth_justice_service', 'specialist_charity', 'health_service',
        'education_service', 'other')),
    what text NOT NULL,
    how_to_refer text NOT NULL,
    email text,
    phone text,
    active boolean NOT NULL,
    created_by uuid CONSTRAINT directory_teams_created_by_fkey REFERENCES users (id),
    created_at timestamptz NOT NULL,
    version bigint NOT NULL CONSTRAINT directory_teams_version_positive CHECK (version > 0),
    CONSTRAINT directory_teams_name_unique UNIQUE (area_id, name)
);
CREATE INDEX directory_teams_agency ON directory_teams (agency_id);

CREATE TABLE directory_pathways (
    id uuid CONSTRAINT directory_pathways_pkey PRIMARY KEY,
    from_team uuid NOT NULL CONSTRAINT directory_pathways_from_team_fkey REFERENCES directory_teams (id),
    to_team uuid NOT NULL CONSTRAINT directory_pathways_to_team_fkey REFERENCES directory_teams (id),
    used_when text NOT NULL,
    how text NOT NULL,
    created_by uuid CONSTRAINT directory_pathways_created_by_fkey REFERENCES users (id),
    created_at timestamptz NOT NULL,
    removed_by uuid CONSTRAINT directory_pathways_removed_by_fkey REFERENCES users (id),
    removed_at timestamptz,
    CONSTRAINT directory_pathways_not_to_itself CHECK (from_team <> to_team)
);
CREATE UNIQUE INDEX directory_pathways_live ON directory_pathways (from_team, to_team, used_when)
    WHERE removed_at IS NULL;
CREATE INDEX directory_pathways_to ON directory_pathways (to_team);
