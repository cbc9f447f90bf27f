-- zhengwu schema version 1 (PostgreSQL). Keep in step with ../sqlite/0001_init.sql: the same tables,
-- columns and meaning; only the type names differ. Timestamps are TEXT in the fixed-width UTC form
-- 2026-03-01T08:00:00.000000Z; JSON is TEXT in canonical form.

CREATE TABLE audit_head (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    seq BIGINT NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE TABLE audit_events (
    seq BIGINT PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    object_type TEXT NOT NULL,
    object_id TEXT NOT NULL,
    before_json TEXT,
    after_json TEXT,
    citations TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX audit_events_object ON audit_events (object_type, object_id);

CREATE TABLE records (
    kind TEXT NOT NULL,
    id TEXT NOT NULL,
    version BIGINT NOT NULL,
    data TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (kind, id)
);

CREATE TABLE idempotency_keys (
    actor TEXT NOT NULL,
    key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    object_type TEXT NOT NULL,
    object_id TEXT NOT NULL,
    response TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (actor, key)
);

CREATE TABLE accounts (
    id TEXT PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    roles TEXT NOT NULL,
    government_id TEXT,
    department_id TEXT,
    person_id TEXT,
    disabled BIGINT NOT NULL,
    version BIGINT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    account_id TEXT NOT NULL REFERENCES accounts (id),
    csrf_token TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX sessions_account ON sessions (account_id);

CREATE TABLE api_tokens (
    id TEXT PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    account_id TEXT NOT NULL REFERENCES accounts (id),
    name TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT,
    revoked_at TEXT
);
CREATE INDEX api_tokens_account ON api_tokens (account_id);

CREATE TABLE governments (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    profile_id TEXT NOT NULL,
    parent_id TEXT,
    version BIGINT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE departments (
    government_id TEXT NOT NULL REFERENCES governments (id),
    id TEXT NOT NULL,
    name TEXT NOT NULL,
    PRIMARY KEY (government_id, id)
);

CREATE TABLE people (
    government_id TEXT NOT NULL REFERENCES governments (id),
    id TEXT NOT NULL,
    name TEXT NOT NULL,
    department_id TEXT,
    PRIMARY KEY (government_id, id)
);

CREATE TABLE positions (
    government_id TEXT NOT NULL REFERENCES governments (id),
    id TEXT NOT NULL,
    role TEXT NOT NULL,
    title TEXT NOT NULL,
    person_id TEXT,
    rank BIGINT NOT NULL,
    PRIMARY KEY (government_id, id)
);

CREATE TABLE portfolios (
    government_id TEXT NOT NULL REFERENCES governments (id),
    position_id TEXT NOT NULL,
    subject_kind TEXT NOT NULL,
    subject TEXT NOT NULL,
    PRIMARY KEY (government_id, position_id, subject_kind, subject)
);

CREATE TABLE substitutions (
    government_id TEXT NOT NULL REFERENCES governments (id),
    position_id TEXT NOT NULL,
    substitute_id TEXT NOT NULL,
    PRIMARY KEY (government_id, position_id, substitute_id)
);

CREATE TABLE calendar_years (
    year BIGINT PRIMARY KEY,
    source TEXT NOT NULL,
    loaded_at TEXT NOT NULL,
    version BIGINT NOT NULL
);
