-- A job keeps the thresholds it decides rows by and a digest of its file, so a resumed job decides
-- its remaining rows as the first attempt would have, and only from the same file. Jobs from before
-- this migration used the defaults; their digest is unknown (empty).
ALTER TABLE import_jobs ADD COLUMN link_at double precision NOT NULL DEFAULT 0.95;
ALTER TABLE import_jobs ADD COLUMN review_at double precision NOT NULL DEFAULT 0.60;
ALTER TABLE import_jobs ADD COLUMN file_sha256 text NOT NULL DEFAULT '';
CREATE INDEX import_jobs_by_agency ON import_jobs (agency_id, created_at);
