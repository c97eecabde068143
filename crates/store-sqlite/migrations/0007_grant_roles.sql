-- Which roles at the receiving agency a grant is for: 'all', or role codes joined by commas
-- (police intelligence for a council's supervisors and MACE chair, not every practitioner).
-- Grants made before keep their meaning: every role.
ALTER TABLE agreement_grants ADD COLUMN roles TEXT NOT NULL DEFAULT 'all';
