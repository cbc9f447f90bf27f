-- Supervision ledger (督查督办台账), its idempotent notices (催办/临期/升级) and the job lease of the
-- background scheduler. The item's truth is `data` (start + period + suspensions + extensions, as
-- JSON); the other columns are projections for indexing, refreshed on every write and scheduler run.
CREATE TABLE supervision_items (
    id TEXT PRIMARY KEY,
    government_id TEXT NOT NULL,
    profile_id TEXT NOT NULL,
    source TEXT NOT NULL,
    title TEXT NOT NULL,
    lead_unit TEXT NOT NULL,
    responsible TEXT NOT NULL,
    stage TEXT NOT NULL,
    is_open INTEGER NOT NULL,
    assigned_on TEXT NOT NULL,
    due_on TEXT,
    status TEXT NOT NULL,
    colour TEXT,
    provisional INTEGER NOT NULL,
    completed_on TEXT,
    closed_on TEXT,
    on_time INTEGER,
    reminders_total INTEGER NOT NULL,
    data TEXT NOT NULL,
    version INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- The overdue scan and the scheduler: open items by projected due date (covering the id).
CREATE INDEX supervision_items_open_due ON supervision_items (is_open, due_on, id);

-- The ledger page: one government's items in due-date order (keyset pagination on (due_on, id)).
CREATE INDEX supervision_items_gov_due ON supervision_items (government_id, is_open, due_on, id);

-- Reports per unit and per source; a unit's ledger page in due order (keyset on due_on, id) without a
-- sort.
CREATE INDEX supervision_items_gov_unit ON supervision_items (government_id, lead_unit, is_open, due_on, id);

CREATE INDEX supervision_items_gov_source ON supervision_items (government_id, source);

-- One row per (item, kind, due period): the scheduler sends each notice once, whatever the restarts.
CREATE TABLE supervision_notices (
    item_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    period TEXT NOT NULL,
    government_id TEXT NOT NULL,
    recipient TEXT NOT NULL,
    message TEXT NOT NULL,
    sent_at TEXT NOT NULL,
    acknowledged_at TEXT,
    PRIMARY KEY (item_id, kind, period)
);

CREATE INDEX supervision_notices_recipient ON supervision_notices (government_id, recipient, sent_at);

-- A lease per background job: with several instances on one database, only the holder runs it.
CREATE TABLE job_leases (
    name TEXT PRIMARY KEY,
    holder TEXT NOT NULL,
    expires_at TEXT NOT NULL
);

-- 请销假 (discipline): leaders' leave with the acting position; the acting look-up is indexed.
CREATE TABLE leave_requests (
    id TEXT PRIMARY KEY,
    government_id TEXT NOT NULL,
    position_id TEXT NOT NULL,
    acting_position_id TEXT,
    departs_on TEXT NOT NULL,
    returns_on TEXT NOT NULL,
    status TEXT NOT NULL,
    data TEXT NOT NULL,
    version INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE INDEX leave_requests_acting ON leave_requests (position_id, status, departs_on);
