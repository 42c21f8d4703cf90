-- DA/T 70 at the seal: a draft seals only when the four-property check of its current
-- content has no error finding, or a reviewer accepted each one with a reason. One row per
-- accepted finding (its rule, its item's path and content; '' for a finding about the
-- whole registration). Rows are added only while the registration is a draft and never
-- edited; a discarded or dropped draft takes them along.
CREATE TABLE check_acceptances (
    id              INTEGER PRIMARY KEY,
    registration_id INTEGER NOT NULL REFERENCES registrations(id),
    rule            TEXT NOT NULL,
    item            TEXT NOT NULL DEFAULT '',
    sha256          TEXT NOT NULL DEFAULT '',
    message         TEXT NOT NULL,
    reason          TEXT NOT NULL,
    accepted_by     TEXT NOT NULL,
    accepted_at     TEXT NOT NULL
);
CREATE INDEX check_acceptances_registration ON check_acceptances(registration_id);

CREATE TRIGGER check_acceptances_sealed_no_insert BEFORE INSERT ON check_acceptances
WHEN (SELECT status FROM registrations WHERE id = NEW.registration_id) IS NOT 'draft'
BEGIN SELECT RAISE(ABORT, 'check findings are accepted only in a draft'); END;

CREATE TRIGGER check_acceptances_no_update BEFORE UPDATE ON check_acceptances
BEGIN SELECT RAISE(ABORT, 'an acceptance is never edited'); END;

CREATE TRIGGER check_acceptances_sealed_no_delete BEFORE DELETE ON check_acceptances
WHEN (SELECT status FROM registrations WHERE id = OLD.registration_id) IS NOT 'draft'
BEGIN SELECT RAISE(ABORT, 'sealed registration is immutable'); END;

-- What the seal's check found and which errors were accepted, as the seal entry records it
-- (JSON; none for seals from before the gate). Written by the seal's own update.
ALTER TABLE registrations ADD COLUMN seal_check TEXT;
