//! 请销假: the leave requests table (migration 0004) and the acting look-up
//! ([`Store::acting_for`]) that routing uses to send a leader's work to whoever acts for them.

use crate::canonical::to_canonical;
use crate::clock::format_ts;
use crate::db::Store;
use crate::error::{DbContext, Result, StoreError};
use crate::records::{Audit, fetch_one, new_id};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use sqlx::Row;
use sqlx::any::AnyRow;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewLeave {
    pub government_id: String,
    pub position_id: String,
    pub acting_position_id: Option<String>,
    pub departs_on: String,
    pub returns_on: String,
    pub status: String,
    pub data: Value,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LeaveRow {
    pub id: String,
    pub government_id: String,
    pub position_id: String,
    pub acting_position_id: Option<String>,
    pub departs_on: String,
    pub returns_on: String,
    pub status: String,
    pub data: Value,
    pub version: i64,
}

macro_rules! cols {
    () => {
        "id, government_id, position_id, acting_position_id, departs_on, returns_on, status, data, version"
    };
}
const COLS: &str = cols!();
const BY_ID: &str = concat!("SELECT ", cols!(), " FROM leave_requests WHERE id = $1");

fn from_row(r: &AnyRow) -> Result<LeaveRow> {
    let c = |e| StoreError::Database {
        context: "读取请假记录",
        context_en: "reading a leave request",
        source: e,
    };
    let data: String = r.try_get("data").map_err(c)?;
    Ok(LeaveRow {
        id: r.try_get("id").map_err(c)?,
        government_id: r.try_get("government_id").map_err(c)?,
        position_id: r.try_get("position_id").map_err(c)?,
        acting_position_id: r.try_get("acting_position_id").map_err(c)?,
        departs_on: r.try_get("departs_on").map_err(c)?,
        returns_on: r.try_get("returns_on").map_err(c)?,
        status: r.try_get("status").map_err(c)?,
        data: serde_json::from_str(&data)
            .map_err(|e| StoreError::Corrupt(format!("leave data: {e}")))?,
        version: r.try_get("version").map_err(c)?,
    })
}

/// The one row `sql` (`BY_…`) finds with `key`, read on `conn` (the pool, or a write's connection).
async fn fetch<'c>(
    conn: impl sqlx::Executor<'c, Database = sqlx::Any>,
    sql: &'static str,
    key: &str,
) -> Result<LeaveRow> {
    fetch_one(
        conn,
        sql,
        key,
        from_row,
        "leave_request",
        ("读取请假记录", "reading a leave request"),
    )
    .await
}

fn audit_json(l: &LeaveRow) -> Value {
    json!({"id": l.id, "version": l.version, "status": l.status, "position_id": l.position_id,
           "acting_position_id": l.acting_position_id, "departs_on": l.departs_on,
           "returns_on": l.returns_on, "data": l.data})
}

impl Store {
    pub async fn create_leave(&self, audit: &Audit, new: NewLeave) -> Result<LeaveRow> {
        let mut w = self.begin_write().await?;
        let id = new_id(w.now);
        let now = format_ts(w.now);
        sqlx::query(&format!(
            "INSERT INTO leave_requests ({COLS}, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1, $9, $9)"
        ))
        .bind(&id)
        .bind(&new.government_id)
        .bind(&new.position_id)
        .bind(&new.acting_position_id)
        .bind(&new.departs_on)
        .bind(&new.returns_on)
        .bind(&new.status)
        .bind(to_canonical(&new.data))
        .bind(&now)
        .execute(w.c()?)
        .await
        .ctx("写入请假记录", "writing a leave request")?;
        let l = LeaveRow {
            id,
            government_id: new.government_id,
            position_id: new.position_id,
            acting_position_id: new.acting_position_id,
            departs_on: new.departs_on,
            returns_on: new.returns_on,
            status: new.status,
            data: new.data,
            version: 1,
        };
        let after = audit_json(&l);
        w.audited(audit, "leave_request", &l.id, None, Some(&after))
            .await?;
        w.commit().await?;
        Ok(l)
    }

    /// A government's leave requests, the latest departure first (at most `limit`).
    pub async fn list_leaves(&self, government_id: &str, limit: i64) -> Result<Vec<LeaveRow>> {
        let rows = sqlx::query(&format!(
            "SELECT {COLS} FROM leave_requests WHERE government_id = $1 ORDER BY departs_on DESC, id DESC LIMIT $2"
        ))
        .bind(government_id)
        .bind(limit)
        .fetch_all(&self.inner.pool)
        .await
        .ctx("读取请假记录", "reading leave requests")?;
        rows.iter().map(from_row).collect()
    }

    pub async fn get_leave(&self, id: &str) -> Result<LeaveRow> {
        fetch(&self.inner.pool, BY_ID, id).await
    }

    /// Updates status, return date and data (optimistic on `expected_version`), audited.
    pub async fn update_leave(
        &self,
        audit: &Audit,
        id: &str,
        expected_version: i64,
        status: &str,
        returns_on: &str,
        data: Value,
    ) -> Result<LeaveRow> {
        let mut w = self.begin_write().await?;
        let old = fetch(w.c()?, BY_ID, id).await?;
        let conflict = || StoreError::Conflict {
            object_type: "leave_request".into(),
            id: id.into(),
            expected: expected_version,
            current: old.version,
        };
        if old.version != expected_version {
            return Err(conflict());
        }
        let now = format_ts(w.now);
        let res = sqlx::query(
            "UPDATE leave_requests SET status = $1, returns_on = $2, data = $3, version = version + 1, updated_at = $4 WHERE id = $5 AND version = $6",
        )
        .bind(status)
        .bind(returns_on)
        .bind(to_canonical(&data))
        .bind(&now)
        .bind(id)
        .bind(expected_version)
        .execute(w.c()?)
        .await
        .ctx("更新请假记录", "updating a leave request")?;
        if res.rows_affected() != 1 {
            return Err(conflict());
        }
        let new = LeaveRow {
            status: status.to_string(),
            returns_on: returns_on.to_string(),
            data,
            version: old.version + 1,
            ..old.clone()
        };
        let (before, after) = (audit_json(&old), audit_json(&new));
        w.audited(audit, "leave_request", id, Some(&before), Some(&after))
            .await?;
        w.commit().await?;
        Ok(new)
    }

    /// Who acts for the leader holding `position_id` on `date` (`YYYY-MM-DD`): the acting position
    /// named by the approved leave covering that day (the latest departure wins), if any. For the
    /// routing of a leader's work while away.
    pub async fn acting_for(&self, position_id: &str, date: &str) -> Result<Option<String>> {
        let row = sqlx::query(
            "SELECT acting_position_id FROM leave_requests WHERE position_id = $1 AND status = 'approved' \
             AND departs_on <= $2 AND returns_on >= $2 AND acting_position_id IS NOT NULL \
             ORDER BY departs_on DESC LIMIT 1",
        )
        .bind(position_id)
        .bind(date)
        .fetch_optional(&self.inner.pool)
        .await
        .ctx("查询代理人", "looking up the acting person")?;
        row.map(|r| {
            r.try_get::<String, _>("acting_position_id")
                .ctx("查询代理人", "looking up the acting person")
        })
        .transpose()
    }
}
