-- zhengwu schema version 2 (PostgreSQL): official documents in and out (收文 / 发文). Keep in step with
-- ../sqlite/0002_documents.sql. The workflow state is `data` (canonical JSON, decided by
-- zhengwu-domain); the columns beside it are projections for indexed listing.

CREATE TABLE documents (
    id TEXT PRIMARY KEY,
    government_id TEXT NOT NULL,
    direction TEXT NOT NULL,
    status TEXT NOT NULL,
    title TEXT NOT NULL,
    unit TEXT NOT NULL,
    doc_number TEXT,
    due_on TEXT,
    version BIGINT NOT NULL,
    data TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX documents_gov_status ON documents (government_id, direction, status, id);
CREATE INDEX documents_unit ON documents (unit, id);

CREATE TABLE document_inbox (
    actor TEXT NOT NULL,
    box TEXT NOT NULL,
    doc_id TEXT NOT NULL,
    at TEXT NOT NULL,
    PRIMARY KEY (actor, box, doc_id)
);
CREATE INDEX document_inbox_list ON document_inbox (actor, box, at, doc_id);
CREATE INDEX document_inbox_doc ON document_inbox (doc_id);

CREATE TABLE document_attachments (
    doc_id TEXT NOT NULL,
    seq BIGINT NOT NULL,
    name TEXT NOT NULL,
    media_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    content_base64 TEXT NOT NULL,
    PRIMARY KEY (doc_id, seq)
);

CREATE TABLE document_returns (
    unit TEXT NOT NULL,
    doc_id TEXT NOT NULL,
    at TEXT NOT NULL,
    reasons TEXT NOT NULL,
    PRIMARY KEY (unit, doc_id)
);

CREATE TABLE document_numbers (
    issuer TEXT NOT NULL,
    series TEXT NOT NULL,
    year BIGINT NOT NULL,
    last BIGINT NOT NULL,
    PRIMARY KEY (issuer, series, year)
);
