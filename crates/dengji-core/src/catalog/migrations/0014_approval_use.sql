-- An approval is used once: the restore it allowed records when and by whom. Approvals
-- already used by a completed restore (as the ledger says) are marked used now.

ALTER TABLE applications ADD COLUMN used_at TEXT;
ALTER TABLE applications ADD COLUMN used_by TEXT;

UPDATE applications SET
    used_at = (SELECT l.at FROM ledger l WHERE l.action = 'registration.restore'
                   AND l.subject = 'registration:' || applications.registration_id
                   AND json_extract(l.payload, '$.application') = applications.id
                   AND NOT json_extract(l.payload, '$.cancelled') ORDER BY l.seq LIMIT 1),
    used_by = (SELECT l.operator FROM ledger l WHERE l.action = 'registration.restore'
                   AND l.subject = 'registration:' || applications.registration_id
                   AND json_extract(l.payload, '$.application') = applications.id
                   AND NOT json_extract(l.payload, '$.cancelled') ORDER BY l.seq LIMIT 1)
WHERE status = 'approved';
