-- Four-property checks (四性检测, DA/T 70-2018): one row per completed check of a
-- registration, with its summary as JSON (files, bytes, counts per property and
-- severity, virus scan state, passed). Checking a sealed registration adds a row and
-- changes nothing of it; the rows themselves are never edited, and those of sealed
-- registrations never removed (a draft dropped by `recover` takes its checks along).

CREATE TABLE checks (
    id              INTEGER PRIMARY KEY,
    registration_id INTEGER NOT NULL REFERENCES registrations(id),
    at              TEXT NOT NULL,
    operator        TEXT NOT NULL,
    summary         TEXT NOT NULL
);
CREATE INDEX checks_registration ON checks(registration_id);

CREATE TRIGGER checks_no_update BEFORE UPDATE ON checks
BEGIN SELECT RAISE(ABORT, 'check records are never edited'); END;

CREATE TRIGGER checks_sealed_no_delete BEFORE DELETE ON checks
WHEN (SELECT status FROM registrations WHERE id = OLD.registration_id) = 'sealed'
BEGIN SELECT RAISE(ABORT, 'sealed registration is immutable'); END;
