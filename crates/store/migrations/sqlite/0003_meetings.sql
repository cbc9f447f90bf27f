-- Meetings, agenda items (议题), decisions' follow-up work and major administrative decisions
-- (issue #6). State is JSON in `data`; the columns that are listed or scanned are indexed.
CREATE TABLE meetings (
    id TEXT PRIMARY KEY,
    government_id TEXT NOT NULL,
    meeting_type TEXT NOT NULL,
    meeting_date TEXT NOT NULL,
    status TEXT NOT NULL,
    version INTEGER NOT NULL,
    data TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX meetings_by_government ON meetings (government_id, meeting_type, meeting_date);

CREATE TABLE meeting_items (
    id TEXT PRIMARY KEY,
    government_id TEXT NOT NULL,
    meeting_id TEXT,
    status TEXT NOT NULL,
    version INTEGER NOT NULL,
    data TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX meeting_items_by_meeting ON meeting_items (meeting_id);
CREATE INDEX meeting_items_by_status ON meeting_items (government_id, status);

CREATE TABLE meeting_followups (
    id TEXT PRIMARY KEY,
    government_id TEXT NOT NULL,
    meeting_id TEXT NOT NULL,
    item_id TEXT NOT NULL,
    unit TEXT NOT NULL,
    task TEXT NOT NULL,
    start_on TEXT NOT NULL,
    period TEXT NOT NULL,
    citation TEXT NOT NULL,
    due_on TEXT NOT NULL,
    explain TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX meeting_followups_by_due ON meeting_followups (government_id, due_on);
CREATE INDEX meeting_followups_by_unit ON meeting_followups (unit, due_on);
CREATE INDEX meeting_followups_by_meeting ON meeting_followups (meeting_id);

CREATE TABLE major_decisions (
    id TEXT PRIMARY KEY,
    government_id TEXT NOT NULL,
    status TEXT NOT NULL,
    version INTEGER NOT NULL,
    data TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX major_decisions_by_government ON major_decisions (government_id, status);
