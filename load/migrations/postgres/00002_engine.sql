-- documents.engine: the PDF engine that read a document (go or pdfium),
-- empty for workbooks and for rows loaded before the column existed.

-- +goose Up
ALTER TABLE documents ADD COLUMN engine TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE documents DROP COLUMN engine;
