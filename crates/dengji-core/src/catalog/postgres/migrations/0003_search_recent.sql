-- A common term's newest matches without reading every match. GIN yields a term's
-- matches in no order, so the newest fifty of 12,000 items that hold it were found by
-- reading all 12,000 rows (50 ms from the page cache, over a second from disk, at
-- 10,000,000 items). Each document's keys in the index are now its grams and eight more:
-- the ranges of ids it is in, 4,096 (`#`), 32,768 (`&`), 262,144 (`~`) and 2,097,152
-- (`!`) ids wide, each also shifted by half its width (`%`, `=`, `^`, `@`), so that the
-- range holding the newest id always holds at least half a range of the newest. A search
-- asks first for the matches that also hold the narrowest newest range's key, then the
-- wider ones (search/mod.rs, RECENT): GIN intersects the key with the grams' by skipping,
-- in steps of the rarer, so a narrow range costs little for a common term and a rare
-- term costs little in any range. The key is one more element of the array the search
-- asks for, not a second condition the planner may choose to check row by row instead.
CREATE FUNCTION search_keys(grams TEXT[], id BIGINT) RETURNS TEXT[] LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT grams || ARRAY['#' || (id / 4096)::text, '%' || ((id + 2048) / 4096)::text,
                                '&' || (id / 32768)::text, '=' || ((id + 16384) / 32768)::text,
                                '~' || (id / 262144)::text, '^' || ((id + 131072) / 262144)::text,
                                '!' || (id / 2097152)::text, '@' || ((id + 1048576) / 2097152)::text] $$;
CREATE INDEX search_items_keys ON search_items USING GIN (search_keys(grams, id));
CREATE INDEX search_registrations_keys ON search_registrations USING GIN (search_keys(grams, id));
CREATE INDEX search_units_keys ON search_units USING GIN (search_keys(grams, id));
-- The planner's figures for the keys, as 0002 gave the grams.
ALTER INDEX search_items_keys ALTER COLUMN 1 SET STATISTICS 1000;
ALTER INDEX search_registrations_keys ALTER COLUMN 1 SET STATISTICS 1000;
ALTER INDEX search_units_keys ALTER COLUMN 1 SET STATISTICS 1000;
DROP INDEX search_items_grams;
DROP INDEX search_registrations_grams;
DROP INDEX search_units_grams;
ANALYZE search_items, search_registrations, search_units;
