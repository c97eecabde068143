-- The missing-episode rules of each area (review clocks, NAIRA, the return home interview's
-- hours, repeat missing, the lowest grade, whose episodes are kept), one row per saved version.
-- A version is never changed or removed: episodes name the version that decided them. The
-- rules are the domain's MissingRules as JSON, so that a version reads back as it was saved.
CREATE TABLE area_rules (
    area_id BLOB NOT NULL REFERENCES areas (id),
    number INTEGER NOT NULL CHECK (number > 0),
    rules TEXT NOT NULL CHECK (json_valid(rules)),
    applies_from DATETIME NOT NULL,
    saved_at DATETIME NOT NULL,
    saved_by BLOB REFERENCES users (id),
    saved_by_label TEXT NOT NULL,
    PRIMARY KEY (area_id, number)
);
CREATE INDEX area_rules_applying ON area_rules (area_id, applies_from);

CREATE TRIGGER area_rules_no_update BEFORE UPDATE ON area_rules
BEGIN
    SELECT RAISE(ABORT, 'area_rules versions are kept as saved');
END;

CREATE TRIGGER area_rules_no_delete BEFORE DELETE ON area_rules
BEGIN
    SELECT RAISE(ABORT, 'area_rules versions are kept as saved');
END;
