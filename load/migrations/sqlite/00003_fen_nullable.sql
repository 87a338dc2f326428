-- facts.amount_fen may be NULL: it is the amount in 分 (元 × 100) as an
-- integer when the amount is a whole number of 分 that fits in 64 bits,
-- and NULL otherwise (a badly printed document can carry 936647884.387416
-- 元). amount_yuan is always the exact decimal text of facts.csv, so a
-- query that sums amount_fen must add the amount_yuan of the rows whose
-- amount_fen IS NULL, as aggregate does, or sum amount_yuan as decimals
-- (not as REAL). Misread amounts can be large enough that SUM(amount_fen)
-- fails with integer overflow; aggregate sums it in two parts.
--
-- SQLite cannot drop a column's NOT NULL, so the table is rebuilt: a new
-- table, the rows copied, the old one dropped, the new one renamed and the
-- indexes made again. Nothing refers to facts, and goose runs this in one
-- transaction: a database is either rebuilt whole or left as it was. Two
-- processes that open an old database at once both find 00003 to apply;
-- the guard fails the second, once the first has committed, rather than
-- rebuild again, and it then finds version 3 applied (see migrate).
-- Down fails on a database that holds such an amount (amount_fen NULL)
-- rather than round it.

-- +goose Up
CREATE TEMP TABLE fen_guard (amount_fen_not_null INTEGER CHECK (amount_fen_not_null = 1));
INSERT INTO fen_guard SELECT "notnull" FROM pragma_table_info('facts') WHERE name = 'amount_fen';
DROP TABLE fen_guard;
CREATE TABLE facts_new (
    doc_id         TEXT NOT NULL REFERENCES documents (doc_id) ON DELETE CASCADE,
    ord            INTEGER NOT NULL,
    unit_name      TEXT NOT NULL,
    province       TEXT NOT NULL,
    city           TEXT NOT NULL,
    county         TEXT NOT NULL,
    year           TEXT NOT NULL,
    doc_kind       TEXT NOT NULL,
    "table"        TEXT NOT NULL,
    flow           TEXT NOT NULL,
    row_kind       TEXT NOT NULL,
    func_code      TEXT NOT NULL,
    econ_code      TEXT NOT NULL,
    gov_econ_code  TEXT NOT NULL,
    code_source    TEXT NOT NULL,
    item           TEXT NOT NULL,
    "column"       TEXT NOT NULL,
    amount_yuan    TEXT NOT NULL,
    amount_fen     INTEGER,
    unit_published TEXT NOT NULL,
    source         TEXT NOT NULL,
    page           TEXT NOT NULL,
    "row"          INTEGER NOT NULL,
    sub_unit       TEXT NOT NULL,
    PRIMARY KEY (doc_id, ord)
);
INSERT INTO facts_new SELECT doc_id, ord, unit_name, province, city, county, year, doc_kind, "table", flow, row_kind,
    func_code, econ_code, gov_econ_code, code_source, item, "column", amount_yuan, amount_fen, unit_published, source,
    page, "row", sub_unit FROM facts;
DROP TABLE facts;
ALTER TABLE facts_new RENAME TO facts;
CREATE INDEX facts_region ON facts (province, city, county, year);
CREATE INDEX facts_table ON facts ("table", flow, "column", row_kind);
CREATE INDEX facts_func ON facts (func_code);
CREATE INDEX facts_econ ON facts (econ_code);

-- +goose Down
CREATE TABLE facts_old (
    doc_id         TEXT NOT NULL REFERENCES documents (doc_id) ON DELETE CASCADE,
    ord            INTEGER NOT NULL,
    unit_name      TEXT NOT NULL,
    province       TEXT NOT NULL,
    city           TEXT NOT NULL,
    county         TEXT NOT NULL,
    year           TEXT NOT NULL,
    doc_kind       TEXT NOT NULL,
    "table"        TEXT NOT NULL,
    flow           TEXT NOT NULL,
    row_kind       TEXT NOT NULL,
    func_code      TEXT NOT NULL,
    econ_code      TEXT NOT NULL,
    gov_econ_code  TEXT NOT NULL,
    code_source    TEXT NOT NULL,
    item           TEXT NOT NULL,
    "column"       TEXT NOT NULL,
    amount_yuan    TEXT NOT NULL,
    amount_fen     INTEGER NOT NULL,
    unit_published TEXT NOT NULL,
    source         TEXT NOT NULL,
    page           TEXT NOT NULL,
    "row"          INTEGER NOT NULL,
    sub_unit       TEXT NOT NULL,
    PRIMARY KEY (doc_id, ord)
);
INSERT INTO facts_old SELECT doc_id, ord, unit_name, province, city, county, year, doc_kind, "table", flow, row_kind,
    func_code, econ_code, gov_econ_code, code_source, item, "column", amount_yuan, amount_fen, unit_published, source,
    page, "row", sub_unit FROM facts;
DROP TABLE facts;
ALTER TABLE facts_old RENAME TO facts;
CREATE INDEX facts_region ON facts (province, city, county, year);
CREATE INDEX facts_table ON facts ("table", flow, "column", row_kind);
CREATE INDEX facts_func ON facts (func_code);
CREATE INDEX facts_econ ON facts (econ_code);
