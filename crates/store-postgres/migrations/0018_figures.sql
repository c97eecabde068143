-- Figures for boards read an area's episodes over a span of dates: by area, then by date
-- reported (issue 17). The gradings and notes are reached from each episode by their own keys.
CREATE INDEX missing_episodes_area_reported ON missing_episodes (area_id, reported_at);
