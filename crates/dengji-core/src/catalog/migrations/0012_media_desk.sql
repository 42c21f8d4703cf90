-- Media at the desk: moved, shipped and brought back, retired.

-- A retired medium keeps its row and its bags (they were written), but its copies no
-- longer count toward the copy policy and nothing more is written to it.
ALTER TABLE media ADD COLUMN retired_at TEXT;
ALTER TABLE media ADD COLUMN retired_reason TEXT CHECK (retired_reason IN ('lost', 'destroyed', 'failed', 'migrated'));
ALTER TABLE media ADD COLUMN retired_note TEXT;

-- A transport of media (DA/T 75-2019 §7): counted and recorded when shipped, reconciled on
-- arrival. A medium is out while its row here has no return.
CREATE TABLE shipments (
    id          INTEGER PRIMARY KEY,
    destination TEXT NOT NULL,
    reference   TEXT,
    shipped_at  TEXT NOT NULL,
    shipped_by  TEXT NOT NULL,
    media_count INTEGER NOT NULL
);

CREATE TABLE shipment_media (
    shipment_id INTEGER NOT NULL REFERENCES shipments(id),
    medium_id   INTEGER NOT NULL REFERENCES media(id),
    returned_at TEXT,
    returned_by TEXT,
    PRIMARY KEY (shipment_id, medium_id)
);
CREATE INDEX shipment_media_out ON shipment_media(medium_id) WHERE returned_at IS NULL;
