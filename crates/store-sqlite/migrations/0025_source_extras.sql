-- What an agency's file holds beyond identity (issue 19), kept on its source record as the agency
-- wrote it: ethnicity, care status and the placing authority's agency code. Empty where the file
-- has no such column. A person made from the record takes them (parsed); a record linked to a
-- person already held leaves that person as it is.
ALTER TABLE source_records ADD COLUMN ethnicity TEXT NOT NULL DEFAULT '';
ALTER TABLE source_records ADD COLUMN care_status TEXT NOT NULL DEFAULT '';
ALTER TABLE source_records ADD COLUMN placing_authority TEXT NOT NULL DEFAULT '';
