-- Search indexes gain a `tri` column: the overlapping character trigrams of the text, as
-- hex tokens like `bi`. A query of three or more characters becomes a phrase of trigrams,
-- which are far rarer than bigrams: over a million items a registration-number fragment
-- such as `330102-2024` walked the doclists of bigrams like `20` and `02` (present in
-- nearly every row) and took 42 ms; as trigrams it takes 2.3 ms. Bigrams stay for
-- two-character queries, characters for one-character ones.
-- FTS5 tables cannot gain a column, so they are made anew and every document is queued:
-- the next search indexes them all (131 s for a million items, measured).

DROP TABLE search_units;
DROP TABLE search_registrations;
DROP TABLE search_items;

CREATE VIRTUAL TABLE search_units USING fts5(bi, tri, uni, content='', contentless_delete=1, tokenize='unicode61');
CREATE VIRTUAL TABLE search_registrations USING fts5(bi, tri, uni, content='', contentless_delete=1, tokenize='unicode61');
CREATE VIRTUAL TABLE search_items USING fts5(bi, tri, uni, content='', contentless_delete=1, tokenize='unicode61');

DELETE FROM search_pending;
INSERT INTO search_pending SELECT id * 4 + 1 FROM units;
INSERT INTO search_pending SELECT id * 4 + 2 FROM registrations;
INSERT INTO search_pending SELECT id * 4 + 3 FROM items;
