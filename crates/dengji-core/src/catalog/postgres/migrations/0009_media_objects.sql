-- SQLite's 0025_media_objects.sql: a medium's row says whether a registration went there as
-- a BagIt bag or as a version of its series' OCFL object, and that version's message.
ALTER TABLE media_bags ADD COLUMN form TEXT NOT NULL DEFAULT 'bag' CHECK (form IN ('bag', 'ocfl'));
ALTER TABLE media_bags ADD COLUMN ocfl_message TEXT;
