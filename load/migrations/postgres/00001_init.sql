-- The canonical tables of SCHEMA.md, one row per documents.csv, facts.csv
-- and checks.csv row. Amounts are NUMERIC: exact decimals in 元, summed
-- exactly.


-- +goose Up
CREATE TABLE documents (
    doc_id         TEXT PRIMARY KEY,
    source         TEXT NOT NULL,
    format         TEXT NOT NULL,
    pages          INTEGER NOT NULL,
    unit_name      TEXT NOT NULL,
    province       TEXT NOT NULL,
    city           TEXT NOT NULL,
    county         TEXT NOT NULL,
    year           TEXT NOT NULL,
    doc_kind       TEXT NOT NULL,
    unit_published TEXT NOT NULL,
    tables_found   TEXT NOT NULL,
    tables_empty   TEXT NOT NULL,
    facts          INTEGER NOT NULL,
    checks_passed  INTEGER NOT NULL,
    checks_failed  INTEGER NOT NULL,
    status         TEXT NOT NULL,
    error          TEXT NOT NULL,
    duplicate_of   TEXT NOT NULL,
    scope          TEXT NOT NULL
);
CREATE INDEX documents_unit ON documents (unit_name, year, doc_kind);
CREATE INDEX documents_region ON documents (province, city, county, year);

CREATE TABLE facts (
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
    amount_yuan    NUMERIC NOT NULL,
    unit_published TEXT NOT NULL,
    source         TEXT NOT NULL,
    page           TEXT NOT NULL,
    "row"          INTEGER NOT NULL,
    sub_unit       TEXT NOT NULL,
    PRIMARY KEY (doc_id, ord)
);
CREATE INDEX facts_region ON facts (province, city, county, year);
CREATE INDEX facts_table ON facts ("table", flow, "column", row_kind);
CREATE INDEX facts_func ON facts (func_code);
CREATE INDEX facts_econ ON facts (econ_code);

CREATE TABLE checks (
    doc_id         TEXT NOT NULL REFERENCES documents (doc_id) ON DELETE CASCADE,
    ord            INTEGER NOT NULL,
    "check"        TEXT NOT NULL,
    "table"        TEXT NOT NULL,
    item           TEXT NOT NULL,
    expected_yuan  NUMERIC,
    actual_yuan    NUMERIC,
    diff_yuan      NUMERIC,
    tolerance_yuan NUMERIC,
    status         TEXT NOT NULL,
    detail         TEXT NOT NULL,
    page           TEXT NOT NULL,
    "row"          INTEGER,
    "column"       TEXT NOT NULL,
    PRIMARY KEY (doc_id, ord)
);
CREATE INDEX checks_status ON checks (status, "check");

-- +goose Down
DROP TABLE checks;
DROP TABLE facts;
DROP TABLE documents;
