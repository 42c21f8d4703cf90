-- The planner's picture of the search grams. With the default statistics a gram it has
-- no figure for (a rare one, or one that is in no document) counted as being in one
-- document of 200, so a search for it walked the whole index newest first looking for
-- matches that were not there (32 s over 10,000,000 items). Ten times the elements
-- tracked make the rare ones rare to it, and their search goes through the GIN index.
ALTER TABLE search_items ALTER COLUMN grams SET STATISTICS 1000;
ALTER TABLE search_registrations ALTER COLUMN grams SET STATISTICS 1000;
ALTER TABLE search_units ALTER COLUMN grams SET STATISTICS 1000;
ANALYZE search_items, search_registrations, search_units;

-- The dashboard's newest registrations and its draft count, without reading all of a
-- centre's registrations (35 ms each over 100,000 of them).
CREATE INDEX registrations_created ON registrations (created_at, id);
CREATE INDEX registrations_status ON registrations (status);
