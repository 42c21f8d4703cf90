-- The archive's SM2 keys (机构密钥), oldest first. The private half is stored only as
-- encrypted PKCS#8 (PBES2 with scrypt and AES-256-CBC under the key passphrase), so the
-- catalog and the snapshots on media never hold it in the clear. A rotation retires the
-- old key and links the new one to it: `cross_certificate` is the new key's certificate
-- signed by the old key, `rotation_statement` a plain text signed by the old key.

CREATE TABLE archive_keys (
    id                  INTEGER PRIMARY KEY,
    fingerprint         TEXT NOT NULL UNIQUE,   -- SM3 of the DER SubjectPublicKeyInfo
    algorithm           TEXT NOT NULL,          -- 'SM2-SM3'
    subject             TEXT NOT NULL,
    certificate         TEXT NOT NULL,          -- self-signed X.509, PEM
    encrypted_key       TEXT NOT NULL,          -- PKCS#8 EncryptedPrivateKeyInfo, PEM
    predecessor         INTEGER UNIQUE REFERENCES archive_keys(id),
    cross_certificate   TEXT,
    rotation_statement  TEXT,
    rotation_signature  TEXT,                   -- base64 of the DER SM2 signature
    created_at          TEXT NOT NULL,
    created_by          TEXT NOT NULL,
    retired_at          TEXT
);

-- A key is never deleted; the only change is its retirement, once.
CREATE TRIGGER archive_keys_no_delete BEFORE DELETE ON archive_keys
BEGIN SELECT RAISE(ABORT, 'an archive key is never deleted'); END;

CREATE TRIGGER archive_keys_retire_only BEFORE UPDATE ON archive_keys
WHEN OLD.retired_at IS NOT NULL OR NEW.retired_at IS NULL
    OR NEW.fingerprint IS NOT OLD.fingerprint OR NEW.certificate IS NOT OLD.certificate
    OR NEW.encrypted_key IS NOT OLD.encrypted_key OR NEW.predecessor IS NOT OLD.predecessor
    OR NEW.cross_certificate IS NOT OLD.cross_certificate OR NEW.rotation_statement IS NOT OLD.rotation_statement
    OR NEW.rotation_signature IS NOT OLD.rotation_signature OR NEW.created_at IS NOT OLD.created_at
    OR NEW.subject IS NOT OLD.subject OR NEW.algorithm IS NOT OLD.algorithm OR NEW.created_by IS NOT OLD.created_by
BEGIN SELECT RAISE(ABORT, 'an archive key changes only by being retired, once'); END;

-- Signed statements of certificates (DJC2): the QR text, stored so a reprint carries the
-- same one. Older certificates (layout 1) have none.
CREATE TABLE certificate_statements (
    certificate_id  INTEGER PRIMARY KEY REFERENCES certificates(id),
    statement       TEXT NOT NULL,
    key_id          INTEGER NOT NULL REFERENCES archive_keys(id)
);

CREATE TRIGGER certificate_statements_no_update BEFORE UPDATE ON certificate_statements
BEGIN SELECT RAISE(ABORT, 'an issued certificate is immutable'); END;

CREATE TRIGGER certificate_statements_no_delete BEFORE DELETE ON certificate_statements
BEGIN SELECT RAISE(ABORT, 'an issued certificate is immutable'); END;
