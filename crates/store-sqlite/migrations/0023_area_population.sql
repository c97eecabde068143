-- Each area's child population (children aged 0–17, in all and by sex, age band and ethnic
-- group, with its source and the date it is as of), for the rates of the figures for boards.
-- One row per saved version, the newest the one in use; a version is never changed or removed,
-- so a board pack can be traced to the numbers it was taken against. The population is the
-- domain's Population as JSON.
CREATE TABLE area_populations (
    area_id BLOB NOT NULL REFERENCES areas (id),
    number INTEGER NOT NULL CHECK (number > 0),
    population TEXT NOT NULL CHECK (json_valid(population)),
    saved_at DATETIME NOT NULL,
    saved_by BLOB REFERENCES users (id),
    saved_by_label TEXT NOT NULL,
    PRIMARY KEY (area_id, number)
);

CREATE TRIGGER area_populations_no_update BEFORE UPDATE ON area_populations
BEGIN
    SELECT RAISE(ABORT, 'area_populations versions are kept as saved');
END;

CREATE TRIGGER area_populations_no_delete BEFORE DELETE ON area_populations
BEGIN
    SELECT RAISE(ABORT, 'area_populations versions are kept as saved');
END;
