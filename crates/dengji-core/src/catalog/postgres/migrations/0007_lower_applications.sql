-- SQLite's 0023_lower_applications.sql: an application may name a lower archive's
-- registration (restored from its reported copy) instead of one of ours.

ALTER TABLE applications ALTER COLUMN registration_id DROP NOT NULL;
ALTER TABLE applications ADD COLUMN peer_id BIGINT REFERENCES peers(id);
ALTER TABLE applications ADD COLUMN lower_number TEXT;
ALTER TABLE applications ADD COLUMN lower_unit TEXT;
ALTER TABLE applications ADD CONSTRAINT applications_one_target CHECK ((registration_id IS NULL) <> (peer_id IS NULL));
ALTER TABLE applications ADD CONSTRAINT applications_lower_restore
    CHECK (peer_id IS NULL OR (kind = 'restore' AND lower_number IS NOT NULL AND lower_unit IS NOT NULL));
