-- The people and places a MACE meeting linked to an agenda item's subject (issue 20): a child's
-- item names the adults, other children and places the meeting judged linked to the child; a
-- person of concern's or a place's item names the children linked to them. Each is an edge of the
-- network, dated by the meeting, for the meeting's agencies only. Only ever added; an item with
-- links is not taken off the agenda.
CREATE TABLE mace_item_links (
    id BLOB PRIMARY KEY NOT NULL,
    item_id BLOB NOT NULL REFERENCES mace_items (id),
    person_id BLOB REFERENCES people (id),
    location_id BLOB REFERENCES locations (id),
    recorded_by BLOB REFERENCES users (id),
    recorded_at DATETIME NOT NULL,
    CHECK ((person_id IS NULL) <> (location_id IS NULL))
);
CREATE INDEX mace_item_links_item ON mace_item_links (item_id);
CREATE UNIQUE INDEX mace_item_links_once_person ON mace_item_links (item_id, person_id) WHERE person_id IS NOT NULL;
CREATE INDEX mace_item_links_person ON mace_item_links (person_id) WHERE person_id IS NOT NULL;
CREATE INDEX mace_item_links_location ON mace_item_links (location_id) WHERE location_id IS NOT NULL;
CREATE UNIQUE INDEX mace_item_links_once_location ON mace_item_links (item_id, location_id) WHERE location_id IS NOT NULL;
CREATE INDEX mace_items_location ON mace_items (location_id) WHERE location_id IS NOT NULL;

-- Each link as an edge with a child at one end: the item's child and what was linked, or the
-- linked child and the item's person or place. `owner` is the convening agency; who sees an
-- edge is the meeting's agencies (owner, chair's, attendees' and apologies'), which the store's
-- reads decide.
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
