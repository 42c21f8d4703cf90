-- The everyday desk: domains can be retired, and drafts discarded.

-- A retired domain stays on the units that have it and in statistics; it is no longer
-- offered for new units or edits.
ALTER TABLE domains ADD COLUMN retired_at TEXT;

-- What is left of a discarded draft. Its id is never given to another draft, so the
-- ledger's `registration:N` keeps naming one thing.
CREATE TABLE discarded_drafts (
    id           INTEGER PRIMARY KEY,
    unit_id      INTEGER NOT NULL REFERENCES units(id),
    title        TEXT NOT NULL,
    files        INTEGER NOT NULL,
    bytes        INTEGER NOT NULL,
    reason       TEXT NOT NULL,
    discarded_at TEXT NOT NULL,
    discarded_by TEXT NOT NULL
);

CREATE TRIGGER discarded_drafts_no_update BEFORE UPDATE ON discarded_drafts
BEGIN SELECT RAISE(ABORT, 'the record of a discarded draft never changes'); END;

CREATE TRIGGER discarded_drafts_no_delete BEFORE DELETE ON discarded_drafts
BEGIN SELECT RAISE(ABORT, 'the record of a discarded draft is never deleted'); END;
