-- Full-text search over units, registrations and items, one index each (so a search for
-- units never walks the matches among a million items). An index holds, per row, the
-- overlapping character bigrams of its text (`bi`, as hex tokens, so a substring of any
-- length >= 2 is a phrase query) and its characters (`uni`, for one-character queries).
-- The queue numbers documents id*4+1 (unit), id*4+2 (registration), id*4+3 (item).
-- Triggers only queue changed documents (with NOT EXISTS rather than OR IGNORE, which the
-- conflict policy of the statement firing the trigger, e.g. intake's upsert, overrides);
-- the program computes the grams (search/), so plain SQL against the catalog never needs
-- the program's functions.

CREATE VIRTUAL TABLE search_units USING fts5(bi, uni, content='', contentless_delete=1, tokenize='unicode61');
CREATE VIRTUAL TABLE search_registrations USING fts5(bi, uni, content='', contentless_delete=1, tokenize='unicode61');
CREATE VIRTUAL TABLE search_items USING fts5(bi, uni, content='', contentless_delete=1, tokenize='unicode61');

CREATE TABLE search_pending (doc INTEGER PRIMARY KEY);

CREATE TRIGGER units_search_insert AFTER INSERT ON units BEGIN
    INSERT INTO search_pending SELECT NEW.id * 4 + 1 WHERE NOT EXISTS (SELECT 1 FROM search_pending WHERE doc = NEW.id * 4 + 1);
END;
CREATE TRIGGER units_search_update AFTER UPDATE ON units BEGIN
    INSERT INTO search_pending SELECT NEW.id * 4 + 1 WHERE NOT EXISTS (SELECT 1 FROM search_pending WHERE doc = NEW.id * 4 + 1);
END;
CREATE TRIGGER units_search_delete AFTER DELETE ON units BEGIN
    INSERT INTO search_pending SELECT OLD.id * 4 + 1 WHERE NOT EXISTS (SELECT 1 FROM search_pending WHERE doc = OLD.id * 4 + 1);
END;
CREATE TRIGGER registrations_search_insert AFTER INSERT ON registrations BEGIN
    INSERT INTO search_pending SELECT NEW.id * 4 + 2 WHERE NOT EXISTS (SELECT 1 FROM search_pending WHERE doc = NEW.id * 4 + 2);
END;
CREATE TRIGGER registrations_search_update AFTER UPDATE ON registrations BEGIN
    INSERT INTO search_pending SELECT NEW.id * 4 + 2 WHERE NOT EXISTS (SELECT 1 FROM search_pending WHERE doc = NEW.id * 4 + 2);
END;
CREATE TRIGGER registrations_search_delete AFTER DELETE ON registrations BEGIN
    INSERT INTO search_pending SELECT OLD.id * 4 + 2 WHERE NOT EXISTS (SELECT 1 FROM search_pending WHERE doc = OLD.id * 4 + 2);
END;
CREATE TRIGGER items_search_insert AFTER INSERT ON items BEGIN
    INSERT INTO search_pending SELECT NEW.id * 4 + 3 WHERE NOT EXISTS (SELECT 1 FROM search_pending WHERE doc = NEW.id * 4 + 3);
END;
CREATE TRIGGER items_search_update AFTER UPDATE ON items BEGIN
    INSERT INTO search_pending SELECT NEW.id * 4 + 3 WHERE NOT EXISTS (SELECT 1 FROM search_pending WHERE doc = NEW.id * 4 + 3);
END;
CREATE TRIGGER items_search_delete AFTER DELETE ON items BEGIN
    INSERT INTO search_pending SELECT OLD.id * 4 + 3 WHERE NOT EXISTS (SELECT 1 FROM search_pending WHERE doc = OLD.id * 4 + 3);
END;

INSERT INTO search_pending SELECT id * 4 + 1 FROM units;
INSERT INTO search_pending SELECT id * 4 + 2 FROM registrations;
INSERT INTO search_pending SELECT id * 4 + 3 FROM items;
