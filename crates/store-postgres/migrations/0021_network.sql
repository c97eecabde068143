-- Associations and hotspots (issue 20): the same table, view and meaning as the SQLite store.
CREATE TABLE episode_associations (
    id uuid PRIMARY KEY,
    episode_id uuid NOT NULL CONSTRAINT episode_associations_episode_id_fkey REFERENCES missing_episodes (id),
    relation text NOT NULL CHECK (relation IN ('found_with', 'found_at', 'last_seen_at', 'disclosed')),
    source text NOT NULL CHECK (source IN ('return', 'rhi')),
    person_id uuid CONSTRAINT episode_associations_person_id_fkey REFERENCES people (id),
    location_id uuid CONSTRAINT episode_associations_location_id_fkey REFERENCES locations (id),
    at timestamptz NOT NULL,
    recorded_by uuid CONSTRAINT episode_associations_recorded_by_fkey REFERENCES users (id),
    recorded_at timestamptz NOT NULL,
    CHECK ((person_id IS NULL) <> (location_id IS NULL)),
    CHECK ((relation = 'disclosed') = (source = 'rhi')),
    CHECK (relation <> 'found_with' OR person_id IS NOT NULL),
    CHECK (relation NOT IN ('found_at', 'last_seen_at') OR location_id IS NOT NULL)
);
CREATE INDEX episode_associations_episode ON episode_associations (episode_id);
CREATE INDEX episode_associations_person ON episode_associations (person_id) WHERE person_id IS NOT NULL;
CREATE INDEX episode_associations_location ON episode_associations (location_id) WHERE location_id IS NOT NULL;
CREATE INDEX episode_notes_location ON episode_notes (location_id) WHERE location_id IS NOT NULL;
CREATE INDEX missing_episodes_from_location ON missing_episodes (from_location) WHERE from_location IS NOT NULL;
CREATE INDEX missing_episodes_area ON missing_episodes (area_id, last_seen_at);

CREATE VIEW network_links AS
SELECT e.person_id AS child, NULL::uuid AS other_person, e.from_location AS other_location,
       'missing_from'::text AS relation, 'episode'::text AS source, e.id AS source_id, e.id AS episode_id,
       e.owner_agency AS owner, e.last_seen_at AS at, e.area_id AS area_id
  FROM missing_episodes e WHERE e.from_location IS NOT NULL
UNION ALL
SELECT e.person_id, n.person_id, NULL::uuid, 'linked_person', 'note', n.id, e.id, e.owner_agency, n.at, e.area_id
  FROM episode_notes n JOIN missing_episodes e ON e.id = n.episode_id WHERE n.person_id IS NOT NULL
UNION ALL
SELECT e.person_id, NULL::uuid, n.location_id,
       CASE n.kind WHEN 'sighting' THEN 'seen_at' ELSE 'linked_place' END,
       'note', n.id, e.id, e.owner_agency, n.at, e.area_id
  FROM episode_notes n JOIN missing_episodes e ON e.id = n.episode_id WHERE n.location_id IS NOT NULL
UNION ALL
SELECT e.person_id, a.person_id, a.location_id, a.relation, a.source, a.id, e.id, e.owner_agency, a.at, e.area_id
  FROM episode_associations a JOIN missing_episodes e ON e.id = a.episode_id;
