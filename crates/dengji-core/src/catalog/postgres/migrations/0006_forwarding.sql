-- SQLite's 0022_forwarding.sql: peers known through another peer, and what forwarding a
-- received report needs (its files, the report it came inside, the entry that took it in).

ALTER TABLE peers ADD COLUMN via BIGINT REFERENCES peers(id);
ALTER TABLE peer_reports ADD COLUMN package_files TEXT;
ALTER TABLE peer_reports ADD COLUMN forwarded_by BIGINT REFERENCES peers(id);
ALTER TABLE peer_reports ADD COLUMN forwarded_in BIGINT;
ALTER TABLE peer_reports ADD COLUMN import_seq BIGINT;
