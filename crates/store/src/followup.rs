//! The follow-up areas of issue #7 (migration 0006): event invitations and hosting applications,
//! the proactive disclosure register (主动公开), NPC suggestions and CPPCC proposals, 12345 hotline
//! tickets and each government's hotline configuration. One table `followup_items`; `kind` names
//! the area (`invitation`, `hosting`, `publication`, `suggestion`, `proposal`, `hotline_ticket`,
//! `hotline_config`). `data` is the truth; `unit_id`, `status`, `opened_on`, `due_on` and `ref_id`
//! are projections for lists and statistics. Every write appends its audit event in the same
//! transaction.

use crate::canonical::to_canonical;
use crate::clock::format_ts;
use crate::db::{EventDraft, Store, WriteTx};
use crate::error::{DbContext, Result, StoreError};
use crate::records::{Audit, new_id};
use crate::supervision::SupNotice;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use sqlx::Row;
use sqlx::any::AnyRow;

/// A new item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewFollowup {
    pub government_id: String,
    pub kind: String,
    pub unit_id: Option<String>,
    pub status: String,
    /// `YYYY-MM-DD`: received, assigned, formed or applied — the day the item's clock starts.
    pub opened_on: String,
    pub due_on: Option<String>,
    /// What the item refers to (e.g. the outgoing document of a register entry); unique per kind.
    pub ref_id: Option<String>,
    pub data: Value,
}

/// A stored item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FollowupRow {
    pub id: String,
    pub government_id: String,
    pub kind: String,
    pub unit_id: Option<String>,
    pub status: String,
    pub opened_on: String,
    pub due_on: Option<String>,
    pub ref_id: Option<String>,
    pub data: Value,
    pub version: i64,
}

/// The new projections and data of an update.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FollowupChange {
    pub unit_id: Option<String>,
    pub status: String,
    pub due_on: Option<String>,
    pub data: Value,
}

/// A list query: one government, one kind, optional filters; ordered by `opened_on`, then id.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FollowupQuery {
    pub government_id: String,
    pub kind: String,
    pub unit_id: Option<String>,
    pub status: Option<String>,
    /// `opened_on` from (inclusive), `YYYY-MM-DD`.
    pub opened_from: Option<String>,
    /// `opened_on` before (exclusive), `YYYY-MM-DD`.
    pub opened_before: Option<String>,
    pub limit: i64,
}

const COLS: &str =
    "id, government_id, kind, unit_id, status, opened_on, due_on, ref_id, data, version";

fn from_row(r: &AnyRow) -> Result<FollowupRow> {
    let c = |e| StoreError::Database {
        context: "读取事项",
        context_en: "reading a follow-up item",
        source: e,
    };
    let data: String = r.try_get("data").map_err(c)?;
    Ok(FollowupRow {
        id: r.try_get("id").map_err(c)?,
        government_id: r.try_get("government_id").map_err(c)?,
        kind: r.try_get("kind").map_err(c)?,
        unit_id: r.try_get("unit_id").map_err(c)?,
        status: r.try_get("status").map_err(c)?,
        opened_on: r.try_get("opened_on").map_err(c)?,
        due_on: r.try_get("due_on").map_err(c)?,
        ref_id: r.try_get("ref_id").map_err(c)?,
        data: serde_json::from_str(&data)
            .map_err(|e| StoreError::Corrupt(format!("followup data: {e}")))?,
        version: r.try_get("version").map_err(c)?,
    })
}

fn audit_json(f: &FollowupRow) -> Value {
    json!({"id": f.id, "version": f.version, "kind": f.kind, "status": f.status,
           "unit_id": f.unit_id, "opened_on": f.opened_on, "due_on": f.due_on,
           "ref_id": f.ref_id, "data": f.data})
}

/// A follow-up write made inside another record's transaction (see `DocumentChange::followup`): the
/// register entry of an issued document, or its update after a publication, so the document and
/// its register never disagree.
#[derive(Debug, Clone, PartialEq)]
pub enum FollowupWrite {
    /// A new item; `number_key`, when given, is the top-level key of `data` that takes the
    /// document's number (allocated in the same write).
    Create {
        audit: Audit,
        new: NewFollowup,
        number_key: Option<String>,
    },
    /// A change to an item (optimistic on `expected_version`).
    Update {
        audit: Audit,
        kind: String,
        id: String,
        expected_version: i64,
        change: FollowupChange,
    },
}

/// [`Store::create_followup`] inside an open write.
pub(crate) async fn insert_followup(
    w: &mut WriteTx,
    audit: &Audit,
    new: NewFollowup,
) -> Result<FollowupRow> {
    if let Some(r) = &new.ref_id {
        let dup = sqlx::query("SELECT id FROM followup_items WHERE kind = $1 AND ref_id = $2")
            .bind(&new.kind)
            .bind(r)
            .fetch_optional(w.c()?)
            .await
            .ctx("读取事项", "reading a follow-up item")?;
        if dup.is_some() {
            return Err(StoreError::Invalid {
                zh: format!("已登记过（{r}）"),
                en: format!("already registered ({r})"),
            });
        }
    }
    let id = new_id(w.now);
    let now = format_ts(w.now);
    sqlx::query(&format!(
            "INSERT INTO followup_items ({COLS}, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1, $10, $10)"
        ))
        .bind(&id)
        .bind(&new.government_id)
        .bind(&new.kind)
        .bind(&new.unit_id)
        .bind(&new.status)
        .bind(&new.opened_on)
        .bind(&new.due_on)
        .bind(&new.ref_id)
        .bind(to_canonical(&new.data))
        .bind(&now)
        .execute(w.c()?)
        .await
        .ctx("写入事项", "writing a follow-up item")?;
    let f = FollowupRow {
        id,
        government_id: new.government_id,
        kind: new.kind,
        unit_id: new.unit_id,
        status: new.status,
        opened_on: new.opened_on,
        due_on: new.due_on,
        ref_id: new.ref_id,
        data: new.data,
        version: 1,
    };
    let after = audit_json(&f);
    w.event(EventDraft {
        actor: &audit.actor,
        action: &audit.action,
        object_type: &f.kind,
        object_id: &f.id,
        before: None,
        after: Some(&after),
        citations: &audit.citations,
    })
    .await?;
    Ok(f)
}

/// [`Store::update_followup`] inside an open write.
pub(crate) async fn update_followup_in(
    w: &mut WriteTx,
    audit: &Audit,
    kind: &str,
    id: &str,
    expected_version: i64,
    change: FollowupChange,
) -> Result<FollowupRow> {
    let FollowupChange {
        unit_id,
        status,
        due_on,
        data,
    } = change;
    let row = sqlx::query(&format!(
        "SELECT {COLS} FROM followup_items WHERE id = $1 AND kind = $2"
    ))
    .bind(id)
    .bind(kind)
    .fetch_optional(w.c()?)
    .await
    .ctx("读取事项", "reading a follow-up item")?;
    let old = row
        .as_ref()
        .map(from_row)
        .transpose()?
        .ok_or_else(|| StoreError::not_found(kind, id))?;
    let conflict = || StoreError::Conflict {
        object_type: kind.into(),
        id: id.into(),
        expected: expected_version,
        current: old.version,
    };
    if old.version != expected_version {
        return Err(conflict());
    }
    let now = format_ts(w.now);
    let res = sqlx::query(
            "UPDATE followup_items SET unit_id = $1, status = $2, due_on = $3, data = $4, version = version + 1, updated_at = $5 WHERE id = $6 AND version = $7",
        )
        .bind(&unit_id)
        .bind(&status)
        .bind(&due_on)
        .bind(to_canonical(&data))
        .bind(&now)
        .bind(id)
        .bind(expected_version)
        .execute(w.c()?)
        .await
        .ctx("更新事项", "updating a follow-up item")?;
    if res.rows_affected() != 1 {
        return Err(conflict());
    }
    let new = FollowupRow {
        unit_id,
        status,
        due_on,
        data,
        version: old.version + 1,
        ..old.clone()
    };
    let (before, after) = (audit_json(&old), audit_json(&new));
    w.event(EventDraft {
        actor: &audit.actor,
        action: &audit.action,
        object_type: kind,
        object_id: id,
        before: Some(&before),
        after: Some(&after),
        citations: &audit.citations,
    })
    .await?;
    Ok(new)
}

impl Store {
    /// Records a new item (audited). A second item of the same kind with the same `ref_id` is
    /// refused with [`StoreError::Invalid`].
    pub async fn create_followup(&self, audit: &Audit, new: NewFollowup) -> Result<FollowupRow> {
        let mut w = self.begin_write().await?;
        let f = insert_followup(&mut w, audit, new).await?;
        w.commit().await?;
        Ok(f)
    }

    /// One item; `kind` must match (an id of another area is "not found").
    pub async fn get_followup(&self, kind: &str, id: &str) -> Result<FollowupRow> {
        let row = sqlx::query(&format!(
            "SELECT {COLS} FROM followup_items WHERE id = $1 AND kind = $2"
        ))
        .bind(id)
        .bind(kind)
        .fetch_optional(&self.inner.pool)
        .await
        .ctx("读取事项", "reading a follow-up item")?;
        row.as_ref()
            .map(from_row)
            .transpose()?
            .ok_or_else(|| StoreError::not_found(kind, id))
    }

    /// Updates unit, status, due date and data (optimistic on `expected_version`), audited.
    pub async fn update_followup(
        &self,
        audit: &Audit,
        kind: &str,
        id: &str,
        expected_version: i64,
        change: FollowupChange,
    ) -> Result<FollowupRow> {
        let mut w = self.begin_write().await?;
        let new = update_followup_in(&mut w, audit, kind, id, expected_version, change).await?;
        w.commit().await?;
        Ok(new)
    }

    /// Items of one kind of one government, oldest first (`limit` 0 = 10 000).
    pub async fn list_followup(&self, q: &FollowupQuery) -> Result<Vec<FollowupRow>> {
        let mut sql =
            format!("SELECT {COLS} FROM followup_items WHERE government_id = $1 AND kind = $2");
        let mut binds: Vec<&str> = Vec::new();
        for (col, op, v) in [
            ("unit_id", "=", &q.unit_id),
            ("status", "=", &q.status),
            ("opened_on", ">=", &q.opened_from),
            ("opened_on", "<", &q.opened_before),
        ] {
            if let Some(v) = v {
                binds.push(v);
                sql.push_str(&format!(" AND {col} {op} ${}", binds.len() + 2));
            }
        }
        let limit = if q.limit <= 0 {
            10_000
        } else {
            q.limit.min(10_000)
        };
        sql.push_str(&format!(" ORDER BY opened_on, id LIMIT {limit}"));
        let mut query = sqlx::query(&sql).bind(&q.government_id).bind(&q.kind);
        for b in binds {
            query = query.bind(b);
        }
        let rows = query
            .fetch_all(&self.inner.pool)
            .await
            .ctx("读取事项列表", "listing follow-up items")?;
        rows.iter().map(from_row).collect()
    }

    /// The item of a kind that refers to `ref_id`, if any.
    pub async fn followup_by_ref(&self, kind: &str, ref_id: &str) -> Result<Option<FollowupRow>> {
        let row = sqlx::query(&format!(
            "SELECT {COLS} FROM followup_items WHERE kind = $1 AND ref_id = $2"
        ))
        .bind(kind)
        .bind(ref_id)
        .fetch_optional(&self.inner.pool)
        .await
        .ctx("读取事项", "reading a follow-up item")?;
        row.as_ref().map(from_row).transpose()
    }

    /// Items of the kinds given with a due date and no reply / publication yet (stored status in
    /// `open_statuses`), all governments, by due date then id (`limit` capped at 10 000).
    pub async fn followup_open_due(
        &self,
        kinds: &[&str],
        open_statuses: &[&str],
        limit: i64,
    ) -> Result<Vec<FollowupRow>> {
        if kinds.is_empty() || open_statuses.is_empty() {
            return Ok(Vec::new());
        }
        let ph = |from: usize, n: usize| {
            (from..from + n)
                .map(|i| format!("${i}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let sql = format!(
            "SELECT {COLS} FROM followup_items WHERE kind IN ({}) AND status IN ({}) \
             AND due_on IS NOT NULL ORDER BY due_on, id LIMIT {}",
            ph(1, kinds.len()),
            ph(kinds.len() + 1, open_statuses.len()),
            limit.clamp(1, 10_000)
        );
        let mut q = sqlx::query(&sql);
        for k in kinds.iter().chain(open_statuses) {
            q = q.bind(*k);
        }
        let rows = q
            .fetch_all(&self.inner.pool)
            .await
            .ctx("读取待办事项", "listing open follow-up items")?;
        rows.iter().map(from_row).collect()
    }

    /// Sends a reminder about a follow-up item once: the keyed notice (item, kind, period) is
    /// recorded in `supervision_notices` (the recipient's work items) with its audit event, in one
    /// transaction. Returns `false` (writing nothing) when it was already sent.
    pub async fn send_followup_notice(
        &self,
        audit: &Audit,
        object_type: &str,
        notice: &SupNotice,
    ) -> Result<bool> {
        let mut w = self.begin_write().await?;
        let now = format_ts(w.now);
        let res = sqlx::query(
            "INSERT INTO supervision_notices (item_id, kind, period, government_id, recipient, message, sent_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (item_id, kind, period) DO NOTHING",
        )
        .bind(&notice.item_id)
        .bind(&notice.kind)
        .bind(&notice.period)
        .bind(&notice.government_id)
        .bind(&notice.recipient)
        .bind(&notice.message)
        .bind(&now)
        .execute(w.c()?)
        .await
        .ctx("记录事项提醒", "recording a follow-up notice")?;
        if res.rows_affected() == 0 {
            // Already sent: the write is dropped (rolled back), nothing changes.
            return Ok(false);
        }
        let after = json!({"kind": notice.kind, "period": notice.period,
                           "recipient": notice.recipient, "message": notice.message});
        w.event(EventDraft {
            actor: &audit.actor,
            action: &audit.action,
            object_type,
            object_id: &notice.item_id,
            before: None,
            after: Some(&after),
            citations: &audit.citations,
        })
        .await?;
        w.commit().await?;
        Ok(true)
    }
}
