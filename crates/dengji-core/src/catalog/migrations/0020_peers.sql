-- Other archives this one reports to (upper, 上级) or takes reports from (lower, 下级),
-- each known by its archive keys' certificates. An admin registers a peer after checking
-- its key's fingerprint with the other archive (by telephone, on paper); a later key of the
-- peer is taken only with its certificate signed by a key of that peer already registered.
-- Nothing here is changed or deleted, and the ledger records each registration.

CREATE TABLE peers (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL,          -- the certificate's O: the archive's name
    region_code   TEXT NOT NULL,          -- its OU: the archive's GB/T 2260 code
    relation      TEXT NOT NULL CHECK (relation IN ('upper', 'lower')),
    added_at      TEXT NOT NULL,
    added_by      TEXT NOT NULL,
    UNIQUE (name, region_code)
);

CREATE TABLE peer_keys (
    id            INTEGER PRIMARY KEY,
    peer_id       INTEGER NOT NULL REFERENCES peers(id),
    fingerprint   TEXT NOT NULL UNIQUE,   -- SM3 of the DER SubjectPublicKeyInfo
    subject       TEXT NOT NULL,
    certificate   TEXT NOT NULL,          -- X.509, PEM, as presented
    signed_by     INTEGER REFERENCES peer_keys(id),  -- the peer's earlier key, for a rotation
    added_at      TEXT NOT NULL,
    added_by      TEXT NOT NULL
);

CREATE TRIGGER peers_no_update BEFORE UPDATE ON peers
BEGIN SELECT RAISE(ABORT, 'a registered peer archive is never changed'); END;
CREATE TRIGGER peers_no_delete BEFORE DELETE ON peers
BEGIN SELECT RAISE(ABORT, 'a registered peer archive is never deleted'); END;
CREATE TRIGGER peer_keys_no_update BEFORE UPDATE ON peer_keys
BEGIN SELECT RAISE(ABORT, 'a peer archive''s key is never changed'); END;
CREATE TRIGGER peer_keys_no_delete BEFORE DELETE ON peer_keys
BEGIN SELECT RAISE(ABORT, 'a peer archive''s key is never deleted'); END;
