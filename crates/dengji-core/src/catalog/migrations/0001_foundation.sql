-- Foundation schema. Shipped migrations are never edited: add a new file instead.

CREATE TABLE archive (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    name        TEXT NOT NULL,
    region_code TEXT NOT NULL,
    instance_id TEXT NOT NULL,
    created_at  TEXT NOT NULL
);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE domains (
    name     TEXT PRIMARY KEY,
    position INTEGER NOT NULL
);

INSERT INTO domains (name, position) VALUES
    ('医疗', 1), ('卫生', 2), ('规划', 3), ('房管', 4), ('土地', 5), ('社保', 6),
    ('工商', 7), ('环保', 8), ('公积金', 9), ('民政', 10), ('国土', 11), ('药监', 12),
    ('教育', 13), ('交通', 14), ('水利', 15), ('农业', 16), ('司法', 17), ('税务', 18),
    ('婚姻', 19), ('城建', 20);

CREATE TABLE units (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('agency', 'institution', 'enterprise', 'project', 'organization', 'individual')),
    uscc        TEXT UNIQUE,
    uscc_forced INTEGER NOT NULL DEFAULT 0,
    domain      TEXT,
    created_at  TEXT NOT NULL
);

CREATE TABLE registrations (
    id                  INTEGER PRIMARY KEY,
    unit_id             INTEGER NOT NULL REFERENCES units(id),
    title               TEXT NOT NULL,
    kind                TEXT NOT NULL CHECK (kind IN ('paper-scan', 'electronic', 'business-data')),
    status              TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'sealed')),
    -- 'running' while an intake writes (or was killed while writing), 'complete' otherwise.
    intake_state        TEXT NOT NULL DEFAULT 'running' CHECK (intake_state IN ('running', 'complete')),
    created_at          TEXT NOT NULL,
    created_by          TEXT NOT NULL,
    registration_number TEXT UNIQUE,
    seq_year            INTEGER,
    seq                 INTEGER,
    sealed_at           TEXT,
    sealed_by           TEXT,
    package_sha256      TEXT,
    package_sm3         TEXT,
    UNIQUE (seq_year, seq),
    CHECK (status = 'draft' OR (registration_number IS NOT NULL AND package_sha256 IS NOT NULL AND package_sm3 IS NOT NULL))
);

CREATE TABLE items (
    id              INTEGER PRIMARY KEY,
    registration_id INTEGER NOT NULL REFERENCES registrations(id),
    path_raw        BLOB NOT NULL,   -- the original bytes of the relative path
    path            TEXT NOT NULL,   -- NFC form, for display and search
    size            INTEGER NOT NULL,
    mtime           TEXT,
    sha256          TEXT NOT NULL,
    sm3             TEXT NOT NULL,
    md5             TEXT,
    format          TEXT NOT NULL,
    pages           INTEGER,
    added_at        TEXT NOT NULL,
    UNIQUE (registration_id, path_raw)
);
CREATE INDEX items_sha256 ON items(sha256);
CREATE INDEX items_sm3 ON items(sm3);

CREATE TABLE intake_sources (
    registration_id INTEGER NOT NULL REFERENCES registrations(id),
    source_path     TEXT NOT NULL,
    added_at        TEXT NOT NULL,
    UNIQUE (registration_id, source_path)
);

-- Lines of depositor-supplied checksum files, paths relative to the registration root.
CREATE TABLE supplied_checksums (
    registration_id INTEGER NOT NULL REFERENCES registrations(id),
    checksum_file   TEXT NOT NULL,
    line            INTEGER NOT NULL,
    path            TEXT NOT NULL,
    algorithm       TEXT NOT NULL CHECK (algorithm IN ('sha256', 'md5', 'sm3')),
    expected        TEXT NOT NULL,
    UNIQUE (registration_id, checksum_file, line)
);

CREATE TABLE findings (
    id              INTEGER PRIMARY KEY,
    registration_id INTEGER NOT NULL REFERENCES registrations(id),
    kind            TEXT NOT NULL,
    path            TEXT NOT NULL,
    detail          TEXT NOT NULL,
    blocking        INTEGER NOT NULL,
    created_at      TEXT NOT NULL,
    acknowledged_at TEXT,
    acknowledged_by TEXT,
    ack_reason      TEXT,
    UNIQUE (registration_id, kind, path)
);

CREATE TABLE reg_sequence (
    year INTEGER PRIMARY KEY,
    last INTEGER NOT NULL
);

CREATE TABLE ledger (
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
CREATE INDEX ledger_subject ON ledger(subject);

-- Sealed means frozen: the code checks first, these triggers make sure.
CREATE TRIGGER registrations_sealed_no_update BEFORE UPDATE ON registrations
WHEN OLD.status = 'sealed'
BEGIN SELECT RAISE(ABORT, 'sealed registration is immutable'); END;

CREATE TRIGGER registrations_sealed_no_delete BEFORE DELETE ON registrations
WHEN OLD.status = 'sealed'
BEGIN SELECT RAISE(ABORT, 'sealed registration is immutable'); END;

CREATE TRIGGER items_sealed_no_insert BEFORE INSERT ON items
WHEN (SELECT status FROM registrations WHERE id = NEW.registration_id) = 'sealed'
BEGIN SELECT RAISE(ABORT, 'sealed registration is immutable'); END;

CREATE TRIGGER items_sealed_no_update BEFORE UPDATE ON items
WHEN (SELECT status FROM registrations WHERE id = OLD.registration_id) = 'sealed'
BEGIN SELECT RAISE(ABORT, 'sealed registration is immutable'); END;

CREATE TRIGGER items_sealed_no_delete BEFORE DELETE ON items
WHEN (SELECT status FROM registrations WHERE id = OLD.registration_id) = 'sealed'
BEGIN SELECT RAISE(ABORT, 'sealed registration is immutable'); END;

CREATE TRIGGER findings_sealed_no_change BEFORE UPDATE ON findings
WHEN (SELECT status FROM registrations WHERE id = OLD.registration_id) = 'sealed'
BEGIN SELECT RAISE(ABORT, 'sealed registration is immutable'); END;

CREATE TRIGGER findings_sealed_no_delete BEFORE DELETE ON findings
WHEN (SELECT status FROM registrations WHERE id = OLD.registration_id) = 'sealed'
BEGIN SELECT RAISE(ABORT, 'sealed registration is immutable'); END;

CREATE TRIGGER checksums_sealed_no_change BEFORE UPDATE ON supplied_checksums
WHEN (SELECT status FROM registrations WHERE id = OLD.registration_id) = 'sealed'
BEGIN SELECT RAISE(ABORT, 'sealed registration is immutable'); END;

CREATE TRIGGER checksums_sealed_no_delete BEFORE DELETE ON supplied_checksums
WHEN (SELECT status FROM registrations WHERE id = OLD.registration_id) = 'sealed'
BEGIN SELECT RAISE(ABORT, 'sealed registration is immutable'); END;

CREATE TRIGGER ledger_append_only_update BEFORE UPDATE ON ledger
BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;

CREATE TRIGGER ledger_append_only_delete BEFORE DELETE ON ledger
BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
