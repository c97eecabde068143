-- Every version of a child's grab pack, kept (issue 18): the same table and meaning as the
-- SQLite store. A trigger copies each written version; versions are never changed or removed.
CREATE TABLE grab_pack_versions (
    person_id uuid NOT NULL CONSTRAINT grab_pack_versions_person_id_fkey REFERENCES people (id),
    version bigint NOT NULL,
    description text NOT NULL,
    distinguishing_features text NOT NULL,
    places_frequented text NOT NULL,
    associates text NOT NULL,
    phone_and_social_media text NOT NULL,
    health_and_medication text NOT NULL,
    risks text NOT NULL,
    updated_by uuid CONSTRAINT grab_pack_versions_updated_by_fkey REFERENCES users (id),
    updated_at timestamptz,
    PRIMARY KEY (person_id, version)
);

INSERT INTO grab_pack_versions
SELECT person_id, version, description, distinguishing_features, places_frequented, associates,
       phone_and_social_media, health_and_medication, risks, updated_by, updated_at
FROM grab_packs;

CREATE FUNCTION grab_packs_keep_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO grab_pack_versions VALUES (NEW.person_id, NEW.version, NEW.description,
        NEW.distinguishing_features, NEW.places_frequented, NEW.associates, NEW.phone_and_social_media,
        NEW.health_and_medication, NEW.risks, NEW.updated_by, NEW.updated_at);
    RETURN NEW;
END;
$$;

CREATE TRIGGER grab_packs_keep_version AFTER INSERT OR UPDATE ON grab_packs
    FOR EACH ROW EXECUTE FUNCTION grab_packs_keep_version();

CREATE FUNCTION grab_pack_versions_kept() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'grab pack versions are kept as saved';
END;
$$;

CREATE TRIGGER grab_pack_versions_kept BEFORE UPDATE OR DELETE ON grab_pack_versions
    FOR EACH ROW EXECUTE FUNCTION grab_pack_versions_kept();
