//! 依申请公开: the disclosure requests table (migration 0005). The server evaluates a request through
//! `zhengwu-domain` (kind `disclosure_request`) and hands the store the request JSON with its status
//! and reply due date for the index. The tracking code is what the applicant uses on the public page.

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
pub struct NewDisclosure {
    pub government_id: String,
    pub profile_id: String,
    pub received_on: String,
    pub status: String,
    pub due_on: Option<String>,
    pub data: Value,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Disclosure {
    pub id: String,
    pub government_id: String,
    pub profile_id: String,
    pub tracking_code: String,
    pub received_on: String,
    pub status: String,
    pub due_on: Option<String>,
    pub data: Value,
    pub version: i64,
    pub created_at: String,
    pub updated_at: String,
}

macro_rules! cols {
    () => {
        "id, government_id, profile_id, tracking_code, received_on, status, due_on, data, version, created_at, updated_at"
    };
}
const COLS: &str = cols!();
const BY_ID: &str = concat!(
    "SELECT ",
    cols!(),
    " FROM disclosure_requests WHERE id = $1"
);
const BY_CODE: &str = concat!(
    "SELECT ",
    cols!(),
    " FROM disclosure_requests WHERE tracking_code = $1"
);

fn from_row(r: &AnyRow) -> Result<Disclosure> {
    let c = |e| StoreError::Database {
        context: "读取公开申请",
        context_en: "reading a disclosure request",
        source: e,
    };
    let data: String = r.try_get("data").map_err(c)?;
    Ok(Disclosure {
        id: r.try_get("id").map_err(c)?,
        government_id: r.try_get("government_id").map_err(c)?,
        profile_id: r.try_get("profile_id").map_err(c)?,
        tracking_code: r.try_get("tracking_code").map_err(c)?,
        received_on: r.try_get("received_on").map_err(c)?,
        status: r.try_get("status").map_err(c)?,
        due_on: r.try_get("due_on").map_err(c)?,
        data: serde_json::from_str(&data)
            .map_err(|e| StoreError::Corrupt(format!("disclosure data: {e}")))?,
        version: r.try_get("version").map_err(c)?,
        created_at: r.try_get("created_at").map_err(c)?,
        updated_at: r.try_get("updated_at").map_err(c)?,
    })
}

/// The one row `sql` (`BY_…`) finds with `key`, read on `conn` (the pool, or a write's connection).
async fn fetch<'c>(
    conn: impl sqlx::Executor<'c, Database = sqlx::Any>,
    sql: &'static str,
    key: &str,
) -> Result<Disclosure> {
    fetch_one(
        conn,
        sql,
        key,
        from_row,
        "disclosure_request",
        ("读取公开申请", "reading a disclosure request"),
    )
    .await
}

fn audit_json(d: &Disclosure) -> Value {
    json!({"id": d.id, "version": d.version, "status": d.status, "due_on": d.due_on, "data": d.data})
}

impl Store {
    /// Registers a request; its tracking code (16 random hex digits) is generated here.
    pub async fn create_disclosure(&self, audit: &Audit, new: NewDisclosure) -> Result<Disclosure> {
        let mut w = self.begin_write().await?;
        let id = new_id(w.now);
        let code = crate::accounts::random_hex(8);
        let now = format_ts(w.now);
        sqlx::query(&format!(
            "INSERT INTO disclosure_requests ({COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1, $9, $9)"
        ))
        .bind(&id)
        .bind(&new.government_id)
        .bind(&new.profile_id)
        .bind(&code)
        .bind(&new.received_on)
        .bind(&new.status)
        .bind(&new.due_on)
        .bind(to_canonical(&new.data))
        .bind(&now)
        .execute(w.c()?)
        .await
        .ctx("写入公开申请", "writing a disclosure request")?;
        let d = Disclosure {
            id,
            government_id: new.government_id,
            profile_id: new.profile_id,
            tracking_code: code,
            received_on: new.received_on,
            status: new.status,
            due_on: new.due_on,
            data: new.data,
            version: 1,
            created_at: now.clone(),
            updated_at: now,
        };
        let after = audit_json(&d);
        w.audited(audit, "disclosure_request", &d.id, None, Some(&after))
            .await?;
        w.commit().await?;
        Ok(d)
    }

    /// A government's disclosure requests, the latest received first (at most `limit`).
    pub async fn list_disclosures(
        &self,
        government_id: &str,
        limit: i64,
    ) -> Result<Vec<Disclosure>> {
        let rows = sqlx::query(&format!(
            "SELECT {COLS} FROM disclosure_requests WHERE government_id = $1 ORDER BY received_on DESC, id DESC LIMIT $2"
        ))
        .bind(government_id)
        .bind(limit)
        .fetch_all(&self.inner.pool)
        .await
        .ctx("读取公开申请", "reading disclosure requests")?;
        rows.iter().map(from_row).collect()
    }

    /// Every government's requests after `after` in id order (at most `limit`): the re-projection
    /// of their deadlines when a calendar year is loaded.
    pub async fn disclosures_after(&self, after: &str, limit: i64) -> Result<Vec<Disclosure>> {
        let rows = sqlx::query(&format!(
            "SELECT {COLS} FROM disclosure_requests WHERE id > $1 ORDER BY id LIMIT $2"
        ))
        .bind(after)
        .bind(limit.max(0))
        .fetch_all(&self.inner.pool)
        .await
        .ctx("读取公开申请", "reading disclosure requests")?;
        rows.iter().map(from_row).collect()
    }

    pub async fn get_disclosure(&self, id: &str) -> Result<Disclosure> {
        fetch(&self.inner.pool, BY_ID, id).await
    }

    /// By the applicant's tracking code (the public status page).
    pub async fn disclosure_by_code(&self, code: &str) -> Result<Disclosure> {
        fetch(&self.inner.pool, BY_CODE, code).await
    }

    /// Updates a request (optimistic on `expected_version`), audited.
    pub async fn update_disclosure(
        &self,
        audit: &Audit,
        id: &str,
        expected_version: i64,
        status: &str,
        due_on: Option<String>,
        data: Value,
    ) -> Result<Disclosure> {
        let mut w = self.begin_write().await?;
        let old = fetch(w.c()?, BY_ID, id).await?;
        let conflict = || StoreError::Conflict {
            object_type: "disclosure_request".into(),
            id: id.into(),
            expected: expected_version,
            current: old.version,
        };
        if old.version != expected_version {
            return Err(conflict());
        }
        let now = format_ts(w.now);
        let res = sqlx::query(
            "UPDATE disclosure_requests SET status = $1, due_on = $2, data = $3, version = version + 1, updated_at = $4 WHERE id = $5 AND version = $6",
        )
        .bind(status)
        .bind(&due_on)
        .bind(to_canonical(&data))
        .bind(&now)
        .bind(id)
        .bind(expected_version)
        .execute(w.c()?)
        .await
        .ctx("更新公开申请", "updating a disclosure request")?;
        if res.rows_affected() != 1 {
            return Err(conflict());
        }
        let new = Disclosure {
            status: status.to_string(),
            due_on,
            data,
            version: old.version + 1,
            updated_at: now,
            ..old.clone()
        };
        let (before, after) = (audit_json(&old), audit_json(&new));
        w.audited(audit, "disclosure_request", id, Some(&before), Some(&after))
            .await?;
        w.commit().await?;
        Ok(new)
    }
}
