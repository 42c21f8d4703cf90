-- Business data as a versioned series (电子业务数据): a unit's dataset handed over every
-- month, quarter or year. A registration may be a version of a series: the draft names the
-- series and the period it covers; sealing gives it the next version number. A series is
-- never deleted (its versions refer to it); its name, system and cadence may be edited.

CREATE TABLE series (
    id          INTEGER PRIMARY KEY,
    unit_id     INTEGER NOT NULL REFERENCES units(id),
    name        TEXT NOT NULL,
    system      TEXT,                 -- the business system it is exported from
    cadence     TEXT NOT NULL CHECK (cadence IN ('monthly', 'quarterly', 'yearly')),
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    UNIQUE (unit_id, name)
);

CREATE TRIGGER series_no_delete BEFORE DELETE ON series
BEGIN SELECT RAISE(ABORT, 'a series is never deleted'); END;

ALTER TABLE registrations ADD COLUMN series_id INTEGER REFERENCES series(id);
ALTER TABLE registrations ADD COLUMN series_period TEXT;
ALTER TABLE registrations ADD COLUMN series_version INTEGER;

CREATE UNIQUE INDEX registrations_series_version ON registrations(series_id, series_version) WHERE series_version IS NOT NULL;
CREATE INDEX registrations_series ON registrations(series_id) WHERE series_id IS NOT NULL;
