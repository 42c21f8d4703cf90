-- Backup media (备份介质) and the BagIt bags each one holds.

CREATE TABLE media (
    id               INTEGER PRIMARY KEY,
    medium_id        TEXT NOT NULL UNIQUE,   -- the id in the medium's DENGJI-MEDIUM.json
    label            TEXT NOT NULL UNIQUE,
    set_name         TEXT NOT NULL,
    kind             TEXT NOT NULL CHECK (kind IN ('hdd', 'ssd', 'usb', 'optical', 'tape')),
    location         TEXT,
    path             TEXT NOT NULL,          -- where it was mounted when registered or last written
    capacity_bytes   INTEGER,
    free_bytes       INTEGER,
    created_at       TEXT NOT NULL,
    created_by       TEXT NOT NULL,
    last_backup_at   TEXT,
    last_verified_at TEXT,
    last_result      TEXT CHECK (last_result IN ('ok', 'problems'))
);

-- A row means: this bag was written, fsynced, read back and verified on the medium.
CREATE TABLE media_bags (
    medium_id       INTEGER NOT NULL REFERENCES media(id),
    registration_id INTEGER NOT NULL REFERENCES registrations(id),
    bagging_date    TEXT NOT NULL,           -- YYYY-MM-DD in bag-info.txt
    bag_info_sha256 TEXT NOT NULL,           -- bag-info.txt as written
    files           INTEGER NOT NULL,
    bytes           INTEGER NOT NULL,
    written_at      TEXT NOT NULL,
    written_by      TEXT NOT NULL,
    PRIMARY KEY (medium_id, registration_id)
);

CREATE TRIGGER media_bags_no_delete BEFORE DELETE ON media_bags
BEGIN SELECT RAISE(ABORT, 'a written bag is never forgotten'); END;
