-- zhengwu schema version 7 (sqlite): normative documents (规范性文件) after issue — the registration
-- number (登记编号, unique per government), the validity period (有效期) for the expiry reminders and
-- the clean-up list, and the scheduler's expiry notices (one per document, kind and period). Keep in
-- step with ../postgres/0007_normative.sql. A projection of the document's `data`.

CREATE TABLE normative_documents (
    doc_id TEXT PRIMARY KEY,
    government_id TEXT NOT NULL,
    title TEXT NOT NULL,
    doc_number TEXT,
    registration_number TEXT,
    issued_on TEXT NOT NULL,
    valid_until TEXT,
    updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX normative_documents_registration ON normative_documents (government_id, registration_number);
CREATE INDEX normative_documents_validity ON normative_documents (government_id, valid_until, doc_id);

CREATE TABLE normative_notices (
    doc_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    period TEXT NOT NULL,
    government_id TEXT NOT NULL,
    message TEXT NOT NULL,
    sent_at TEXT NOT NULL,
    PRIMARY KEY (doc_id, kind, period)
);
