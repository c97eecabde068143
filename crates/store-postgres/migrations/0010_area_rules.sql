-- The missing-episode rules of each area, one row per saved version: the same table and meaning
-- as the SQLite store. A version is never changed or removed: episodes name the version that
-- decided them. The rules are the domain's MissingRules as JSON.
CREATE TABLE area_rules (
    area_id uuid NOT NULL CONSTRAINT area_rules_area_id_fkey REFERENCES areas (id),
    number bigint NOT NULL CONSTRAINT area_rules_number_positive CHECK (number > 0),
    rules jsonb NOT NULL,
    applies_from timestamptz NOT NULL,
    saved_at timestamptz NOT NULL,
    saved_by uuid CONSTRAINT area_rules_saved_by_fkey REFERENCES users (id),
    saved_by_label text NOT NULL,
    CONSTRAINT area_rules_pkey PRIMARY KEY (area_id, number)
);
CREATE INDEX area_rules_applying ON area_rules (area_id, applies_from);

CREATE FUNCTION area_rules_kept() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'area_rules versions are kept as saved' USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER area_rules_no_update BEFORE UPDATE ON area_rules
    FOR EACH ROW EXECUTE FUNCTION area_rules_kept();
CREATE TRIGGER area_rules_no_delete BEFORE DELETE ON area_rules
    FOR EACH ROW EXECUTE FUNCTION area_rules_kept();
CREATE TRIGGER area_rules_no_truncate BEFORE TRUNCATE ON area_rules
    FOR EACH STATEMENT EXECUTE FUNCTION area_rules_kept();
