-- Report packages (上报) between archives. `upward_reports`: the packages this archive
-- wrote for an upper archive, each with the signed receipt that came back (written once,
-- when the receipt is taken in). `peer_reports`: the packages this archive took from its
-- lower archives; the copy of the lower archive's catalog each carried is a vault object
-- named by `catalog_sha256`. Rows are never deleted, and a received report never changes.

CREATE TABLE upward_reports (
    id              INTEGER PRIMARY KEY,
    peer_id         INTEGER NOT NULL REFERENCES peers(id),
    number          INTEGER NOT NULL,
    ledger_from     INTEGER NOT NULL,     -- the package holds the entries after this one
    ledger_size     INTEGER NOT NULL,
    ledger_head     TEXT NOT NULL,
    payload_from    INTEGER NOT NULL,     -- files of registrations sealed after this entry
    catalog_only    INTEGER NOT NULL,
    objects         INTEGER NOT NULL,
    bytes           INTEGER NOT NULL,
    tagmanifest_sm3 TEXT NOT NULL,
    exported_at     TEXT NOT NULL,
    exported_by     TEXT NOT NULL,
    receipt         TEXT,                 -- the upper archive's signed receipt
    acked_at        TEXT,
    acked_by        TEXT,
    UNIQUE (peer_id, number)
);

CREATE TRIGGER upward_reports_no_delete BEFORE DELETE ON upward_reports
BEGIN SELECT RAISE(ABORT, 'a report package is never forgotten'); END;
CREATE TRIGGER upward_reports_ack_once BEFORE UPDATE ON upward_reports
WHEN OLD.receipt IS NOT NULL OR NEW.receipt IS NULL OR NEW.acked_at IS NULL OR NEW.acked_by IS NULL
    OR NEW.peer_id IS NOT OLD.peer_id OR NEW.number IS NOT OLD.number OR NEW.ledger_from IS NOT OLD.ledger_from
    OR NEW.ledger_size IS NOT OLD.ledger_size OR NEW.ledger_head IS NOT OLD.ledger_head
    OR NEW.payload_from IS NOT OLD.payload_from OR NEW.catalog_only IS NOT OLD.catalog_only
    OR NEW.objects IS NOT OLD.objects OR NEW.bytes IS NOT OLD.bytes OR NEW.tagmanifest_sm3 IS NOT OLD.tagmanifest_sm3
    OR NEW.exported_at IS NOT OLD.exported_at OR NEW.exported_by IS NOT OLD.exported_by
BEGIN SELECT RAISE(ABORT, 'a report package changes only by its receipt being taken in, once'); END;

CREATE TABLE peer_reports (
    id              INTEGER PRIMARY KEY,
    peer_id         INTEGER NOT NULL REFERENCES peers(id),
    number          INTEGER NOT NULL,
    ledger_from     INTEGER NOT NULL,
    ledger_size     INTEGER NOT NULL,
    ledger_head     TEXT NOT NULL,
    catalog_sha256  TEXT NOT NULL,        -- the lower archive's catalog as reported, in the vault
    catalog_bytes   INTEGER NOT NULL,
    objects         INTEGER NOT NULL,     -- files the package carried
    bytes           INTEGER NOT NULL,
    registrations   INTEGER NOT NULL,     -- sealed registrations in the catalog copy
    tagmanifest_sm3 TEXT NOT NULL,
    signed_by       TEXT NOT NULL,        -- the lower archive's key fingerprint
    received_at     TEXT NOT NULL,
    received_by     TEXT NOT NULL,
    receipt         TEXT NOT NULL,
    UNIQUE (peer_id, number)
);

CREATE TRIGGER peer_reports_no_update BEFORE UPDATE ON peer_reports
BEGIN SELECT RAISE(ABORT, 'a received report is never changed'); END;
CREATE TRIGGER peer_reports_no_delete BEFORE DELETE ON peer_reports
BEGIN SELECT RAISE(ABORT, 'a received report is never deleted'); END;
