-- What intake's read pass found in each file's content (the facts the four-property
-- check's rules need: opens, encryption, pages, image header, program code, macros), as
-- JSON, so the check that closes every intake reads no file twice. None for items taken
-- before: the check reads those from the vault.
ALTER TABLE items ADD COLUMN inspection TEXT;
