-- The people and places a MACE meeting linked to an agenda item's subject (issue 20): the same
-- table, view and meaning as the SQLite store.
CREATE TABLE mace_item_links (
    id uuid PRIMARY KEY,
    item_id uuid NOT NULL CONSTRAINT mace_item_links_item_id_fkey REFERENCES mace_items (id),
    person_id uuid CONSTRAINT mace_item_links_person_id_fkey REFERENCES people (id),
    location_id uuid CONSTRAINT mace_item_links_location_id_fkey REFERENCES locations (id),
    recorded_by uuid CONSTRAINT mace_item_links_recorded_by_fkey REFERENCES users (id),
    recorded_at timestamptz NOT NULL,
    CHECK ((person_id IS NULL) <> (location_id IS NULL))
);
CREATE INDEX mace_item_links_item ON mace_item_links (item_id);
CREATE UNIQUE INDEX mace_item_links_once_person ON mace_item_links (item_id, person_id) WHERE person_id IS NOT NULL;
CREATE INDEX mace_item_links_person ON mace_item_links (person_id) WHERE person_id IS NOT NULL;
CREATE INDEX mace_item_links_location ON mace_item_links (location_id) WHERE location_id IS NOT NULL;
CREATE UNIQUE INDEX mace_item_links_once_location ON mace_item_links (item_id, location_id) WHERE location_id IS NOT NULL;
CREATE INDEX mace_items_location ON mace_items (location_id) WHERE location_id IS NOT NULL;

CREATE VIEW mace_links AS
SELECT CASE i.kind WHEN 'child' THEN i.person_id ELSE k.person_id END AS child,
       CASE i.kind WHEN 'child' THEN k.person_id WHEN 'person_of_concern' THEN i.person_id END AS other_person,
       CASE i.kind WHEN 'child' THEN k.location_id WHEN 'location' THEN i.location_id END AS other_location,
       k.id AS source_id, k.item_id AS item_id, m.id AS meeting_id, m.owner_agency AS owner,
       m.starts_at AS at, m.area_id AS area_id
  FROM mace_item_links k
  JOIN mace_items i ON i.id = k.item_id
  JOIN mace_meetings m ON m.id = i.meeting_id
 WHERE i.kind <> 'theme';
