-- Legal holds (诉讼保全): while one is in force its registration cannot be disposed of.
-- A hold is lifted by recording its release, never by deleting it.
CREATE TABLE legal_holds (
    id              INTEGER PRIMARY KEY,
    registration_id INTEGER NOT NULL REFERENCES registrations(id),
    reference       TEXT NOT NULL,          -- the court's or requester's document number
    reason          TEXT NOT NULL,
    starts_on       TEXT NOT NULL,          -- YYYY-MM-DD, China date
    ends_on         TEXT,                   -- YYYY-MM-DD, inclusive; none: until released
    placed_by       TEXT NOT NULL,
    placed_at       TEXT NOT NULL,
    released_by     TEXT,
    released_at     TEXT,
    release_reason  TEXT
);
CREATE INDEX legal_holds_registration ON legal_holds(registration_id);

CREATE TRIGGER legal_holds_no_delete BEFORE DELETE ON legal_holds
BEGIN SELECT RAISE(ABORT, 'a legal hold is released, never deleted'); END;

CREATE TRIGGER legal_holds_release_only BEFORE UPDATE ON legal_holds
WHEN OLD.released_at IS NOT NULL
  OR NEW.registration_id IS NOT OLD.registration_id OR NEW.reference IS NOT OLD.reference
  OR NEW.reason IS NOT OLD.reason OR NEW.starts_on IS NOT OLD.starts_on OR NEW.ends_on IS NOT OLD.ends_on
  OR NEW.placed_by IS NOT OLD.placed_by OR NEW.placed_at IS NOT OLD.placed_at
BEGIN SELECT RAISE(ABORT, 'a legal hold changes only by its one release'); END;
