-- Follow-up areas of issue #7: leaders' event invitations and hosting applications (邀请领导出席活动、
-- 以政府名义举办活动), the proactive disclosure register (主动公开), NPC suggestions and CPPCC
-- proposals (建议提案), 12345 hotline tickets and the hotline configuration. One table, one row per
-- item; `kind` names the area. `data` is the truth; unit_id, status, due_on and opened_on are
-- projections for the lists and statistics.
CREATE TABLE followup_items (
    id TEXT PRIMARY KEY,
    government_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    unit_id TEXT,
    status TEXT NOT NULL,
    opened_on TEXT NOT NULL,
    due_on TEXT,
    ref_id TEXT,
    data TEXT NOT NULL,
    version BIGINT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE INDEX followup_items_gov_kind ON followup_items (government_id, kind, status, due_on);
CREATE INDEX followup_items_ref ON followup_items (kind, ref_id);
