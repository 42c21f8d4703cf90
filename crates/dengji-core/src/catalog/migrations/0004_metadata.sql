-- Descriptive metadata (DA/T 46 style) of items, the unit's hand-over reference of a
-- registration, and the catalogue column mapping remembered per unit. The existing
-- triggers on sealed registrations and items freeze these columns with the rest.

ALTER TABLE items ADD COLUMN ref_code TEXT;        -- 档号
ALTER TABLE items ADD COLUMN title TEXT;           -- 题名
ALTER TABLE items ADD COLUMN creator TEXT;         -- 责任者
ALTER TABLE items ADD COLUMN doc_date TEXT;        -- 日期: YYYY, YYYY-MM or YYYY-MM-DD
ALTER TABLE items ADD COLUMN retention TEXT;       -- 保管期限: 永久, 30年, 10年
ALTER TABLE items ADD COLUMN classification TEXT;  -- 密级
ALTER TABLE items ADD COLUMN declared_pages INTEGER; -- 页数 as catalogued (pages = as counted)
ALTER TABLE items ADD COLUMN piece INTEGER;        -- 件号
ALTER TABLE items ADD COLUMN note TEXT;            -- 备注

ALTER TABLE registrations ADD COLUMN handover_ref TEXT; -- 移交单号 / the unit's reference

CREATE TABLE catalogue_mappings (
    unit_id     INTEGER PRIMARY KEY REFERENCES units(id),
    mapping     TEXT NOT NULL,   -- JSON: {"column header": "field"}
    updated_at  TEXT NOT NULL
);
