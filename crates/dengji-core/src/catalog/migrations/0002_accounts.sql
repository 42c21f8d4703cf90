-- Accounts, roles, four-eyes sealing, idle lock, and applications for restore/hand-back.

CREATE TABLE users (
    id             INTEGER PRIMARY KEY,
    name           TEXT NOT NULL UNIQUE,
    password_hash  TEXT NOT NULL,          -- argon2id PHC string
    roles          TEXT NOT NULL,          -- comma-separated: admin, clerk, reviewer
    disabled       INTEGER NOT NULL DEFAULT 0,
    created_at     TEXT NOT NULL,
    failed_logins  INTEGER NOT NULL DEFAULT 0,
    last_failed_at TEXT
);

INSERT INTO settings (key, value) VALUES ('four_eyes', 'on'), ('idle_lock_minutes', '10');

CREATE TABLE applications (
    id              INTEGER PRIMARY KEY,
    kind            TEXT NOT NULL CHECK (kind IN ('restore', 'handback')),
    registration_id INTEGER NOT NULL REFERENCES registrations(id),
    reason          TEXT NOT NULL,
    reference       TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
    applied_by      TEXT NOT NULL,
    applied_at      TEXT NOT NULL,
    decided_by      TEXT,
    decided_at      TEXT
);
