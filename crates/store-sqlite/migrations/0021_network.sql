-- Associations and hotspots (issue 20). Whom a child was found with, where they were found or
-- last seen (recorded with the return), and a person or place they disclosed (recorded with the
-- return home interview): a person or place haven holds, never free text. Only ever added.
CREATE TABLE episode_associations (
    id BLOB PRIMARY KEY NOT NULL,
    episode_id BLOB NOT NULL REFERENCES missing_episodes (id),
    relation TEXT NOT NULL CHECK (relation IN ('found_with', 'found_at', 'last_seen_at', 'disclosed')),
    source TEXT NOT NULL CHECK (source IN ('return', 'rhi')),
    person_id BLOB REFERENCES people (id),
    location_id BLOB REFERENCES locations (id),
    at DATETIME NOT NULL,
    recorded_by BLOB REFERENCES users (id),
    recorded_at DATETIME NOT NULL,
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

-- Every edge of the network, one row each: the child of an episode joined to a person or a
-- place, with the part of the episode it came from, its record, the episode's owner and when.
-- The structured parts only: the place missing from, notes naming a person or a place (a
-- sighting at a place is `seen_at`), and the associations above.
CREATE VIEW network_links AS
SELECT e.person_id AS child, NULL AS other_person, e.from_location AS other_location,
       'missing_from' AS relation, 'episode' AS source, e.id AS source_id, e.id AS episode_id,
       e.owner_agency AS owner, e.last_seen_at AS at, e.area_id AS area_id
  FROM missing_episodes e WHERE e.from_location IS NOT NULL
UNION ALL
SELECT e.person_id, n.person_id, NULL, 'linked_person', 'note', n.id, e.id, e.owner_agency, n.at, e.area_id
  FROM episode_notes n JOIN missing_episodes e ON e.id = n.episode_id WHERE n.person_id IS NOT NULL
UNION ALL
SELECT e.person_id, NULL, n.location_id, CASE n.kind WHEN 'sighting' THEN 'seen_at' ELSE 'linked_place' END,
       'note', n.id, e.id, e.owner_agency, n.at, e.area_id
  FROM episode_notes n JOIN missing_episodes e ON e.id = n.episode_id WHERE n.location_id IS NOT NULL
UNION ALL
SELECT e.person_id, a.person_id, a.location_id, a.relation, a.source, a.id, e.id, e.owner_agency, a.at, e.area_id
  FROM episode_associations a JOIN missing_episodes e ON e.id = a.episode_id;
