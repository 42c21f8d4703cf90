-- A series' versions go to a medium as one OCFL 1.1 object (`series/<series id>/`), the
-- versions as forward deltas; other registrations stay BagIt bags. A row says which form
-- it was written in (rows before this were bags) and, for an object's version, the message
-- its inventory records (it names the media that held the earlier versions when written,
-- which the catalog cannot work out again later).
ALTER TABLE media_bags ADD COLUMN form TEXT NOT NULL DEFAULT 'bag' CHECK (form IN ('bag', 'ocfl'));
ALTER TABLE media_bags ADD COLUMN ocfl_message TEXT;
