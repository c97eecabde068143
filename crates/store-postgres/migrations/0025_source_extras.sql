-- What an agency's file holds beyond identity (issue 19): the same columns and meaning as the
-- SQLite store.
ALTER TABLE source_records ADD COLUMN ethnicity text NOT NULL DEFAULT '';
ALTER TABLE source_records ADD COLUMN care_status text NOT NULL DEFAULT '';
ALTER TABLE source_records ADD COLUMN placing_authority text NOT NULL DEFAULT '';
