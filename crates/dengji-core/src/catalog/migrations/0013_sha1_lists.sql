-- Depositors' SHA-1 checksum lists (`sha1sum` output, `manifest-sha1.txt`, `*.sha1`) are
-- verified like the others. An item's SHA-1 is computed only when a list needs it.

ALTER TABLE items ADD COLUMN sha1 TEXT;

-- supplied_checksums allowed sha256, md5 and sm3 only: rebuilt to allow sha1 as well,
-- rows and triggers unchanged.
CREATE TABLE supplied_checksums_new (
    registration_id INTEGER NOT NULL REFERENCES registrations(id),
    checksum_file   TEXT NOT NULL,
    line            INTEGER NOT NULL,
    path            TEXT NOT NULL,
    algorithm       TEXT NOT NULL CHECK (algorithm IN ('sha256', 'md5', 'sm3', 'sha1')),
    expected        TEXT NOT NULL,
    UNIQUE (registration_id, checksum_file, line)
);
INSERT INTO supplied_checksums_new (registration_id, checksum_file, line, path, algorithm, expected)
    SELECT registration_id, checksum_file, line, path, algorithm, expected FROM supplied_checksums;
DROP TABLE supplied_checksums;
ALTER TABLE supplied_checksums_new RENAME TO supplied_checksums;

CREATE TRIGGER checksums_sealed_no_change BEFORE UPDATE ON supplied_checksums
WHEN (SELECT status FROM registrations WHERE id = OLD.registration_id) = 'sealed'
BEGIN SELECT RAISE(ABORT, 'sealed registration is immutable'); END;

CREATE TRIGGER checksums_sealed_no_delete BEFORE DELETE ON supplied_checksums
WHEN (SELECT status FROM registrations WHERE id = OLD.registration_id) = 'sealed'
BEGIN SELECT RAISE(ABORT, 'sealed registration is immutable'); END;
