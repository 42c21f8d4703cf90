-- The access log: sign-ins (and failed ones), sign-outs, screen locks and unlocks,
-- certificate prints and verifications, exports. A hash chain of its own, built like the
-- ledger's and checked by `ledger verify`, so the ledger's numbering stays the archive's.
CREATE TABLE access_log (
    seq            INTEGER PRIMARY KEY,
    at             TEXT NOT NULL,
    operator       TEXT NOT NULL,
    action         TEXT NOT NULL,
    subject        TEXT NOT NULL,
    payload        TEXT NOT NULL,
    payload_sha256 TEXT NOT NULL,
    prev_hash      TEXT NOT NULL,
    entry_hash     TEXT NOT NULL
);
CREATE INDEX access_log_at ON access_log(at);

CREATE TRIGGER access_log_append_only_update BEFORE UPDATE ON access_log
BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;

CREATE TRIGGER access_log_append_only_delete BEFORE DELETE ON access_log
BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;
