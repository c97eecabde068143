-- Every version of a child's grab pack, kept (issue 18): an episode shows the pack as it was
-- when the child was reported, beside the latest. The triggers copy each written version, so no
-- writer (a save, the demo's bulk load, a future import) can forget to; versions are never
-- changed or removed.
CREATE TABLE grab_pack_versions (
    person_id BLOB NOT NULL REFERENCES people (id),
    version INTEGER NOT NULL,
    description TEXT NOT NULL,
    distinguishing_features TEXT NOT NULL,
    places_frequented TEXT NOT NULL,
    associates TEXT NOT NULL,
    phone_and_social_media TEXT NOT NULL,
    health_and_medication TEXT NOT NULL,
    risks TEXT NOT NULL,
    updated_by BLOB REFERENCES users (id),
    updated_at DATETIME,
    PRIMARY KEY (person_id, version)
);

INSERT INTO grab_pack_versions
SELECT person_id, version, description, distinguishing_features, places_frequented, associates,
       phone_and_social_media, health_and_medication, risks, updated_by, updated_at
FROM grab_packs;

CREATE TRIGGER grab_packs_keep_inserted AFTER INSERT ON grab_packs
BEGIN
    INSERT INTO grab_pack_versions VALUES (NEW.person_id, NEW.version, NEW.description,
        NEW.distinguishing_features, NEW.places_frequented, NEW.associates, NEW.phone_and_social_media,
        NEW.health_and_medication, NEW.risks, NEW.updated_by, NEW.updated_at);
END;

CREATE TRIGGER grab_packs_keep_updated AFTER UPDATE ON grab_packs
BEGIN
    INSERT INTO grab_pack_versions VALUES (NEW.person_id, NEW.version, NEW.description,
        NEW.distinguishing_features, NEW.places_frequented, NEW.associates, NEW.phone_and_social_media,
        NEW.health_and_medication, NEW.risks, NEW.updated_by, NEW.updated_at);
END;

CREATE TRIGGER grab_pack_versions_no_update BEFORE UPDATE ON grab_pack_versions
BEGIN
    SELECT RAISE(ABORT, 'grab pack versions are kept as saved');
END;

CREATE TRIGGER grab_pack_versions_no_delete BEFORE DELETE ON grab_pack_versions
BEGIN
    SELECT RAISE(ABORT, 'grab pack versions are kept as saved');
END;
