-- A job keeps the thresholds it decides rows by and a digest of its file, so a resumed job decides
-- its remaining rows as the first attempt would have, and only from the same file. Jobs from before
-- this migration used the defaults; their digest is unknown (empty). It also counts what its rows
-- became (kept with each batch, so a page can say so without reading every row); jobs from before
-- this migration count from zero. `last_batch_at` is when a batch was last written (a job whose
-- batches have stopped coming, and that no process here is running, stopped part-way).
ALTER TABLE import_jobs ADD COLUMN link_at double precision NOT NULL DEFAULT 0.95;
ALTER TABLE import_jobs ADD COLUMN review_at double precision NOT NULL DEFAULT 0.60;
ALTER TABLE import_jobs ADD COLUMN file_sha256 text NOT NULL DEFAULT '';
ALTER TABLE import_jobs ADD COLUMN linked bigint NOT NULL DEFAULT 0;
ALTER TABLE import_jobs ADD COLUMN created bigint NOT NULL DEFAULT 0;
ALTER TABLE import_jobs ADD COLUMN queued bigint NOT NULL DEFAULT 0;
ALTER TABLE import_jobs ADD COLUMN errors bigint NOT NULL DEFAULT 0;
ALTER TABLE import_jobs ADD COLUMN last_batch_at timestamptz;
CREATE INDEX import_jobs_by_agency ON import_jobs (agency_id, created_at);
