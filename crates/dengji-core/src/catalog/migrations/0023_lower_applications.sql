-- An application may name a registration of a lower archive rather than one of ours: an
-- upper archive restores it from that archive's reported copy under the same approval
-- rules. Such a row names the lower archive (peer_id), the registration's number and its
-- unit as the copy had them when applied for; exactly one of the two targets is set, and
-- only restores are made from a lower archive's copy. SQLite cannot drop NOT NULL, so the
-- table is rebuilt with every row and id kept (no table refers to it).

CREATE TABLE applications_v23 (
    id              INTEGER PRIMARY KEY,
    kind            TEXT NOT NULL CHECK (kind IN ('restore', 'handback')),
    registration_id INTEGER REFERENCES registrations(id),
    reason          TEXT NOT NULL,
    reference       TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
    applied_by      TEXT NOT NULL,
    applied_at      TEXT NOT NULL,
    decided_by      TEXT,
    decided_at      TEXT,
    used_at         TEXT,
    used_by         TEXT,
    peer_id         INTEGER REFERENCES peers(id),
    lower_number    TEXT,
    lower_unit      TEXT,
    CHECK ((registration_id IS NULL) <> (peer_id IS NULL)),
    CHECK (peer_id IS NULL OR (kind = 'restore' AND lower_number IS NOT NULL AND lower_unit IS NOT NULL))
);

INSERT INTO applications_v23 (id, kind, registration_id, reason, reference, status, applied_by, applied_at, decided_by, decided_at, used_at, used_by)
    SELECT id, kind, registration_id, reason, reference, status, applied_by, applied_at, decided_by, decided_at, used_at, used_by FROM applications;

DROP TABLE applications;
ALTER TABLE applications_v23 RENAME TO applications;
