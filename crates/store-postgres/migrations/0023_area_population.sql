-- Each area's child population, one row per saved version: the same table and meaning as the
-- SQLite store. A version is never changed or removed. The population is the domain's
-- Population as JSONB.
CREATE TABLE area_populations (
    area_id uuid NOT NULL CONSTRAINT area_populations_area_id_fkey REFERENCES areas (id),
    number bigint NOT NULL CONSTRAINT area_populations_number_positive CHECK (number > 0),
    population jsonb NOT NULL,
    saved_at timestamptz NOT NULL,
    saved_by uuid CONSTRAINT area_populations_saved_by_fkey REFERENCES users (id),
    saved_by_label text NOT NULL,
    CONSTRAINT area_populations_pkey PRIMARY KEY (area_id, number)
);

CREATE FUNCTION area_populations_kept() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'area_populations versions are kept as saved' USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER area_populations_no_update BEFORE UPDATE ON area_populations
    FOR EACH ROW EXECUTE FUNCTION area_populations_kept();
CREATE TRIGGER area_populations_no_delete BEFORE DELETE ON area_populations
    FOR EACH ROW EXECUTE FUNCTION area_populations_kept();
CREATE TRIGGER area_populations_no_truncate BEFORE TRUNCATE ON area_populations
    FOR EACH STATEMENT EXECUTE FUNCTION area_populations_kept();
