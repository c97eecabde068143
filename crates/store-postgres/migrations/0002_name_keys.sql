-- Search by name keys: each name beside its key (haven_store::name_key: accents stripped, lower
-- case), written by the store, so that `sian` finds `Siân` and `SIÂN` alike and both backends
-- match and order names the same way. The keys compare byte by byte (COLLATE "C"), so a prefix
-- is an index range whatever the database's locale. They replace the lower(...) expression
-- indexes. Rows stored before this migration get lower(name) as their key.

ALTER TABLE people ADD COLUMN given_name_key text COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE people ADD COLUMN family_name_key text COLLATE "C" NOT NULL DEFAULT '';
UPDATE people SET given_name_key = lower(given_name), family_name_key = lower(family_name);
ALTER TABLE people ALTER COLUMN given_name_key DROP DEFAULT, ALTER COLUMN family_name_key DROP DEFAULT;

ALTER TABLE person_aliases ADD COLUMN given_name_key text COLLATE "C";
ALTER TABLE person_aliases ADD COLUMN family_name_key text COLLATE "C";
UPDATE person_aliases SET given_name_key = lower(given_name), family_name_key = lower(family_name);

DROP INDEX people_family_name;
DROP INDEX people_given_name;
DROP INDEX person_aliases_given_name;
DROP INDEX person_aliases_family_name;

CREATE INDEX people_family_name_key ON people (family_name_key);
CREATE INDEX people_given_name_key ON people (given_name_key);
CREATE INDEX person_aliases_given_name_key ON person_aliases (given_name_key);
CREATE INDEX person_aliases_family_name_key ON person_aliases (family_name_key);
