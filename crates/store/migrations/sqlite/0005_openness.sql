-- 依申请公开: disclosure requests. `data` is the truth (receipt, 补正, extension, consultation,
-- reply); status and due_on are projections of the disclosure_request evaluation, for the index.
CREATE TABLE disclosure_requests (
    id TEXT PRIMARY KEY,
    government_id TEXT NOT NULL,
    profile_id TEXT NOT NULL,
    tracking_code TEXT NOT NULL UNIQUE,
    received_on TEXT NOT NULL,
    status TEXT NOT NULL,
    due_on TEXT,
    data TEXT NOT NULL,
    version INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE INDEX disclosure_requests_gov_status ON disclosure_requests (government_id, status, due_on);
