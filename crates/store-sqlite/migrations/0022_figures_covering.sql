-- Figures for boards (issue 17) read an area's episodes over two years with their gradings
-- and reviews, and the area's children. These indexes hold every column those reads need, so
-- the reads never touch the wide rows (free text) of episodes, gradings and notes, and the
-- children are found from the area's places and authorities rather than by scanning people.
CREATE INDEX missing_episodes_area_span ON missing_episodes (area_id, reported_at, returned_at, person_id, id);
DROP INDEX missing_episodes_area_reported;
CREATE INDEX episode_gradings_facts ON episode_gradings (episode_id, position, grade, graded_at);
CREATE INDEX episode_notes_reviews ON episode_notes (episode_id, position, kind, at)
    WHERE kind IN ('supervisor_review', 'inspector_review');
CREATE INDEX locations_area ON locations (area_id);
CREATE INDEX people_placing_authority ON people (placing_authority) WHERE placing_authority IS NOT NULL;
CREATE INDEX people_host_authority ON people (host_authority) WHERE host_authority IS NOT NULL;
