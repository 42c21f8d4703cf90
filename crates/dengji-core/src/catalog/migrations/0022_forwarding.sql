-- Reports forwarded upward: a city's package carries, byte for byte, the packages its
-- counties sent it, so the province checks each county's own signature and ledger. A
-- county known to the province only through its city is a peer `via` that city (its key
-- taken from the city's signed catalog copy). Each received package keeps the list of its
-- files (all in the vault) to be forwarded in turn, the report it came inside, and the
-- number of the ledger entry that took it in (the city forwards those taken in since its
-- last receipt).

ALTER TABLE peers ADD COLUMN via INTEGER REFERENCES peers(id);
ALTER TABLE peer_reports ADD COLUMN package_files TEXT;
ALTER TABLE peer_reports ADD COLUMN forwarded_by INTEGER REFERENCES peers(id);
ALTER TABLE peer_reports ADD COLUMN forwarded_in INTEGER;
ALTER TABLE peer_reports ADD COLUMN import_seq INTEGER;
