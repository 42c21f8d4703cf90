-- Registration certificates (登记证明). A row is everything printed on the certificate
-- apart from the file list (which comes from the sealed items), so the PDF can be
-- rendered again to the same bytes; pdf_sha256/pdf_sm3 are the digests of those bytes.

CREATE TABLE certificates (
    id                  INTEGER PRIMARY KEY,
    certificate_number  TEXT NOT NULL UNIQUE,   -- <region>-<year>-Z<seq:06>
    seq_year            INTEGER NOT NULL,
    seq                 INTEGER NOT NULL,
    registration_id     INTEGER NOT NULL REFERENCES registrations(id),
    -- The certificate this one replaces (补发); each is replaced at most once.
    reissue_of          INTEGER UNIQUE REFERENCES certificates(id),
    registration_number TEXT NOT NULL,
    title               TEXT NOT NULL,
    kind                TEXT NOT NULL,
    unit_name           TEXT NOT NULL,
    unit_uscc           TEXT,
    sealed_at           TEXT NOT NULL,
    files               INTEGER NOT NULL,
    bytes               INTEGER NOT NULL,
    package_sm3         TEXT NOT NULL,
    package_sha256      TEXT NOT NULL,
    archive_name        TEXT NOT NULL,
    region_code         TEXT NOT NULL,
    region_name         TEXT NOT NULL,
    ledger_size         INTEGER NOT NULL,       -- the checkpoint printed: the ledger just before the issue entry
    ledger_head         TEXT NOT NULL,
    issued_at           TEXT NOT NULL,
    issued_by           TEXT NOT NULL,
    layout              INTEGER NOT NULL,       -- version of the rendering (see ARCHITECTURE.md)
    pdf_sha256          TEXT NOT NULL UNIQUE,
    pdf_sm3             TEXT NOT NULL,
    pdf_bytes           INTEGER NOT NULL,
    UNIQUE (seq_year, seq)
);
CREATE INDEX certificates_registration ON certificates(registration_id);

CREATE TRIGGER certificates_only_sealed BEFORE INSERT ON certificates
WHEN (SELECT status FROM registrations WHERE id = NEW.registration_id) IS NOT 'sealed'
BEGIN SELECT RAISE(ABORT, 'certificates are issued for sealed registrations only'); END;

CREATE TRIGGER certificates_no_update BEFORE UPDATE ON certificates
BEGIN SELECT RAISE(ABORT, 'an issued certificate is immutable'); END;

CREATE TRIGGER certificates_no_delete BEFORE DELETE ON certificates
BEGIN SELECT RAISE(ABORT, 'an issued certificate is immutable'); END;
