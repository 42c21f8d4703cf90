-- Disposal (销毁): an application naming items of a sealed registration (or all of it), a
-- decision by a reviewer other than the applicant, and, once approved, a tombstone per
-- item. The sealed rows stay as they were; the tombstones say the content is gone.

CREATE TABLE disposals (
    id                INTEGER PRIMARY KEY,
    registration_id   INTEGER NOT NULL REFERENCES registrations(id),
    whole             INTEGER NOT NULL,       -- 1: every item of the registration
    reason            TEXT NOT NULL,
    consent_reference TEXT NOT NULL,          -- the unit's written consent (文号)
    status            TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
    applied_by        TEXT NOT NULL,
    applied_at        TEXT NOT NULL,
    decided_by        TEXT,
    decided_at        TEXT,
    decision_note     TEXT,
    objects_removed   INTEGER                 -- vault objects that left with the approval
);
CREATE INDEX disposals_registration ON disposals(registration_id);

CREATE TABLE disposal_items (
    disposal_id INTEGER NOT NULL REFERENCES disposals(id),
    item_id     INTEGER NOT NULL REFERENCES items(id),
    PRIMARY KEY (disposal_id, item_id)
);

-- One tombstone per disposed item: what it was (digests) and who disposed of it when.
CREATE TABLE disposed_items (
    item_id         INTEGER PRIMARY KEY REFERENCES items(id),
    disposal_id     INTEGER NOT NULL REFERENCES disposals(id),
    registration_id INTEGER NOT NULL REFERENCES registrations(id),
    path            TEXT NOT NULL,
    size            INTEGER NOT NULL,
    sha256          TEXT NOT NULL,
    sm3             TEXT NOT NULL,
    disposed_at     TEXT NOT NULL,
    disposed_by     TEXT NOT NULL
);
CREATE INDEX disposed_items_registration ON disposed_items(registration_id);

-- Media holding a bag with disposed content: the next write or repair of the medium
-- removes it from the bag and records when.
CREATE TABLE media_disposals (
    medium_id       INTEGER NOT NULL REFERENCES media(id),
    disposal_id     INTEGER NOT NULL REFERENCES disposals(id),
    registration_id INTEGER NOT NULL REFERENCES registrations(id),
    marked_at       TEXT NOT NULL,
    removed_at      TEXT,
    removed_by      TEXT,
    PRIMARY KEY (medium_id, disposal_id)
);

CREATE TRIGGER disposals_no_delete BEFORE DELETE ON disposals
BEGIN SELECT RAISE(ABORT, 'a disposal application is never deleted'); END;

CREATE TRIGGER disposals_decided_once BEFORE UPDATE ON disposals
WHEN OLD.status != 'pending'
  OR NEW.registration_id IS NOT OLD.registration_id OR NEW.whole IS NOT OLD.whole
  OR NEW.reason IS NOT OLD.reason OR NEW.consent_reference IS NOT OLD.consent_reference
  OR NEW.applied_by IS NOT OLD.applied_by OR NEW.applied_at IS NOT OLD.applied_at
BEGIN SELECT RAISE(ABORT, 'a disposal application changes only by its one decision'); END;

CREATE TRIGGER disposal_items_no_update BEFORE UPDATE ON disposal_items
BEGIN SELECT RAISE(ABORT, 'what a disposal application names never changes'); END;

CREATE TRIGGER disposal_items_no_delete BEFORE DELETE ON disposal_items
BEGIN SELECT RAISE(ABORT, 'what a disposal application names is never deleted'); END;

CREATE TRIGGER disposed_items_no_update BEFORE UPDATE ON disposed_items
BEGIN SELECT RAISE(ABORT, 'a tombstone never changes'); END;

CREATE TRIGGER disposed_items_no_delete BEFORE DELETE ON disposed_items
BEGIN SELECT RAISE(ABORT, 'a tombstone is never deleted'); END;

CREATE TRIGGER media_disposals_no_delete BEFORE DELETE ON media_disposals
BEGIN SELECT RAISE(ABORT, 'a mark on a medium is never deleted'); END;

CREATE TRIGGER media_disposals_removed_once BEFORE UPDATE ON media_disposals
WHEN OLD.removed_at IS NOT NULL
  OR NEW.medium_id IS NOT OLD.medium_id OR NEW.disposal_id IS NOT OLD.disposal_id
  OR NEW.registration_id IS NOT OLD.registration_id OR NEW.marked_at IS NOT OLD.marked_at
BEGIN SELECT RAISE(ABORT, 'a mark on a medium changes only when its content is removed'); END;
