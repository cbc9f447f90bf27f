//! Generic versioned records (a `kind`, an `id`, JSON `data`) written through the audited path,
//! with optimistic concurrency and idempotency keys. The workflows (documents, meetings, tasks…)
//! keep their state here until they get tables of their own.

use crate::canonical::to_canonical;
use crate::clock::{format_ts, parse_ts};
use crate::db::{EventDraft, Store, WriteTx};
use crate::error::{DbContext, Result, StoreError};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use sqlx::Row;
use sqlx::any::AnyRow;

/// Who does a change, what it is called in the log, and the rules that applied. Every write
/// function takes one; it becomes the audit event's `actor`, `action` and `citations`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Audit {
    /// Account id, or `system:<component>` for background jobs and the CLI.
    pub actor: String,
    /// Dotted verb, e.g. `document.register`, `account.create`.
    pub action: String,
    /// Citation objects (as `zhengwu_rules::Citation` serialises) that justified the change.
    pub citations: Vec<Value>,
}

impl Audit {
    pub fn new(actor: impl Into<String>, action: impl Into<String>) -> Audit {
        Audit {
            actor: actor.into(),
            action: action.into(),
            citations: Vec::new(),
        }
    }
    /// Add one citation (anything serialisable; a value that cannot be serialised is recorded as
    /// its error text rather than dropped).
    pub fn cite(mut self, c: impl Serialize) -> Audit {
        let v = serde_json::to_value(c).unwrap_or_else(|e| Value::String(e.to_string()));
        self.citations.push(v);
        self
    }
    pub fn with_action(&self, action: impl Into<String>) -> Audit {
        Audit {
            action: action.into(),
            ..self.clone()
        }
    }
}

/// A stored record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    pub kind: String,
    pub id: String,
    /// Starts at 1, +1 on every update. Pass it back as `expected_version`.
    pub version: i64,
    pub data: Value,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// A record to create.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewRecord {
    pub kind: String,
    /// Generated (time-ordered, random) when absent.
    pub id: Option<String>,
    pub data: Value,
    /// Same key + same payload from the same actor → the original result; same key + another
    /// payload → [`StoreError::IdempotencyMismatch`].
    pub idempotency_key: Option<String>,
}

/// Outcome of a create: the record, and whether it was replayed from an idempotency key.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Created<T> {
    pub value: T,
    /// True when the idempotency key had been seen: nothing was written this time.
    pub replayed: bool,
}

/// One operation of [`Store::batch`].
#[derive(Debug, Clone, PartialEq)]
pub enum RecordOp {
    Create(NewRecord),
    Update {
        kind: String,
        id: String,
        expected_version: i64,
        data: Value,
    },
    Delete {
        kind: String,
        id: String,
        expected_version: i64,
    },
}

pub(crate) fn check_name(what_zh: &str, what_en: &str, s: &str) -> Result<()> {
    if s.trim().is_empty() || s.len() > 200 || s.chars().any(char::is_control) {
        return Err(StoreError::invalid(
            format!("{what_zh}不能为空、过长或含控制字符：{s:?}"),
            format!(
                "{what_en} must be non-empty, at most 200 bytes, without control characters: {s:?}"
            ),
        ));
    }
    Ok(())
}

/// A new id: 13 hex digits of milliseconds (sorts by creation time) + 16 random hex digits.
/// The one row `sql` finds with `key` bound as `$1`, read by `from_row`, on `conn` (the pool, or
/// a write's connection); none found is a not-found of `object_type`. `what` (zh, en) names the
/// read in a database error.
pub(crate) async fn fetch_one<'c, T>(
    conn: impl sqlx::Executor<'c, Database = sqlx::Any>,
    sql: &'static str,
    key: &str,
    from_row: fn(&AnyRow) -> Result<T>,
    object_type: &str,
    what: (&'static str, &'static str),
) -> Result<T> {
    let row = sqlx::query(sql)
        .bind(key.to_string())
        .fetch_optional(conn)
        .await
        .ctx(what.0, what.1)?;
    match row {
        Some(r) => from_row(&r),
        None => Err(StoreError::not_found(object_type, key)),
    }
}

pub(crate) fn new_id(now: Timestamp) -> String {
    let ms = now.as_millisecond().max(0);
    format!("{ms:013x}{}", crate::accounts::random_hex(8))
}

fn record_from_row(row: &AnyRow) -> Result<Record> {
    let c = |e| StoreError::Database {
        context: "读取记录",
        context_en: "reading a record",
        source: e,
    };
    let data: String = row.try_get("data").map_err(c)?;
    let created: String = row.try_get("created_at").map_err(c)?;
    let updated: String = row.try_get("updated_at").map_err(c)?;
    Ok(Record {
        kind: row.try_get("kind").map_err(c)?,
        id: row.try_get("id").map_err(c)?,
        version: row.try_get("version").map_err(c)?,
        data: serde_json::from_str(&data)
            .map_err(|e| StoreError::Corrupt(format!("record data: {e}")))?,
        created_at: parse_ts(&created)?,
        updated_at: parse_ts(&updated)?,
    })
}

fn record_json(r: &Record) -> Value {
    json!({"kind": r.kind, "id": r.id, "version": r.version, "data": r.data})
}

async fn fetch_record(w: &mut WriteTx, kind: &str, id: &str) -> Result<Option<Record>> {
    let row = sqlx::query(
        "SELECT kind, id, version, data, created_at, updated_at FROM records WHERE kind = $1 AND id = $2",
    )
    .bind(kind)
    .bind(id)
    .fetch_optional(w.c()?)
    .await
    .ctx("读取记录", "reading a record")?;
    row.as_ref().map(record_from_row).transpose()
}

/// Look up an idempotency key inside the write transaction. `Some(response)` = replay.
pub(crate) async fn idempotency_check(
    w: &mut WriteTx,
    actor: &str,
    key: &str,
    request_hash: &str,
) -> Result<Option<Value>> {
    let row = sqlx::query(
        "SELECT request_hash, response FROM idempotency_keys WHERE actor = $1 AND key = $2",
    )
    .bind(actor)
    .bind(key)
    .fetch_optional(w.c()?)
    .await
    .ctx("读取幂等键", "reading an idempotency key")?;
    let Some(row) = row else { return Ok(None) };
    let stored: String = row
        .try_get("request_hash")
        .ctx("读取幂等键", "reading an idempotency key")?;
    if stored != request_hash {
        return Err(StoreError::IdempotencyMismatch { key: key.into() });
    }
    let resp: String = row
        .try_get("response")
        .ctx("读取幂等键", "reading an idempotency key")?;
    let v = serde_json::from_str(&resp)
        .map_err(|e| StoreError::Corrupt(format!("idempotency response: {e}")))?;
    Ok(Some(v))
}

pub(crate) async fn idempotency_save(
    w: &mut WriteTx,
    actor: &str,
    key: &str,
    request_hash: &str,
    object_type: &str,
    object_id: &str,
    response: &Value,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO idempotency_keys (actor, key, request_hash, object_type, object_id, response, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(actor)
    .bind(key)
    .bind(request_hash)
    .bind(object_type)
    .bind(object_id)
    .bind(to_canonical(response))
    .bind(format_ts(w.now))
    .execute(w.c()?)
    .await
    .ctx("保存幂等键", "saving an idempotency key")?;
    Ok(())
}

async fn create_in(w: &mut WriteTx, audit: &Audit, new: NewRecord) -> Result<Created<Record>> {
    check_name("记录类型", "record kind", &new.kind)?;
    if let Some(id) = &new.id {
        check_name("记录编号", "record id", id)?;
    }
    let request_hash = new.idempotency_key.as_ref().map(|_| {
        crate::audit::sha256_hex(
            to_canonical(&json!({"kind": new.kind, "id": new.id, "data": new.data})).as_bytes(),
        )
    });
    if let (Some(key), Some(h)) = (&new.idempotency_key, &request_hash)
        && let Some(resp) = idempotency_check(w, &audit.actor, key, h).await?
    {
        let value: Record = serde_json::from_value(resp)
            .map_err(|e| StoreError::Corrupt(format!("idempotency response: {e}")))?;
        return Ok(Created {
            value,
            replayed: true,
        });
    }
    let id = new.id.clone().unwrap_or_else(|| new_id(w.now));
    let now = format_ts(w.now);
    // The primary key decides "already exists" (one statement instead of a look-up first); the
    // failed statement is undone with the write's savepoint.
    let res = sqlx::query(
        "INSERT INTO records (kind, id, version, data, created_at, updated_at) VALUES ($1, $2, 1, $3, $4, $4)",
    )
    .bind(&new.kind)
    .bind(&id)
    .bind(to_canonical(&new.data))
    .bind(&now)
    .execute(w.c()?)
    .await;
    match res {
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
            return Err(StoreError::AlreadyExists {
                object_type: new.kind,
                id,
            });
        }
        other => {
            other.ctx("写入记录", "writing a record")?;
        }
    }
    let rec = Record {
        kind: new.kind.clone(),
        id: id.clone(),
        version: 1,
        data: new.data,
        created_at: crate::clock::parse_ts(&now)?,
        updated_at: crate::clock::parse_ts(&now)?,
    };
    let after = record_json(&rec);
    w.event(EventDraft {
        actor: &audit.actor,
        action: &audit.action,
        object_type: &rec.kind,
        object_id: &rec.id,
        before: None,
        after: Some(&after),
        citations: &audit.citations,
    })
    .await?;
    if let (Some(key), Some(h)) = (&new.idempotency_key, &request_hash) {
        let resp = serde_json::to_value(&rec).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        idempotency_save(w, &audit.actor, key, h, &rec.kind, &rec.id, &resp).await?;
    }
    Ok(Created {
        value: rec,
        replayed: false,
    })
}

async fn update_in(
    w: &mut WriteTx,
    audit: &Audit,
    kind: &str,
    id: &str,
    expected_version: i64,
    data: Value,
) -> Result<Record> {
    let Some(old) = fetch_record(w, kind, id).await? else {
        return Err(StoreError::not_found(kind, id));
    };
    if old.version != expected_version {
        return Err(StoreError::Conflict {
            object_type: kind.into(),
            id: id.into(),
            expected: expected_version,
            current: old.version,
        });
    }
    let now = format_ts(w.now);
    // The version guard in the WHERE clause is what makes a lost update impossible even if the
    // read above were not serialised.
    let res = sqlx::query(
        "UPDATE records SET version = version + 1, data = $1, updated_at = $2 WHERE kind = $3 AND id = $4 AND version = $5",
    )
    .bind(to_canonical(&data))
    .bind(&now)
    .bind(kind)
    .bind(id)
    .bind(expected_version)
    .execute(w.c()?)
    .await
    .ctx("更新记录", "updating a record")?;
    if res.rows_affected() != 1 {
        return Err(StoreError::Conflict {
            object_type: kind.into(),
            id: id.into(),
            expected: expected_version,
            current: old.version,
        });
    }
    let rec = Record {
        version: old.version + 1,
        data,
        updated_at: parse_ts(&now)?,
        ..old.clone()
    };
    let before = record_json(&old);
    let after = record_json(&rec);
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
    Ok(rec)
}

async fn delete_in(
    w: &mut WriteTx,
    audit: &Audit,
    kind: &str,
    id: &str,
    expected_version: i64,
) -> Result<()> {
    let Some(old) = fetch_record(w, kind, id).await? else {
        return Err(StoreError::not_found(kind, id));
    };
    if old.version != expected_version {
        return Err(StoreError::Conflict {
            object_type: kind.into(),
            id: id.into(),
            expected: expected_version,
            current: old.version,
        });
    }
    sqlx::query("DELETE FROM records WHERE kind = $1 AND id = $2 AND version = $3")
        .bind(kind)
        .bind(id)
        .bind(expected_version)
        .execute(w.c()?)
        .await
        .ctx("删除记录", "deleting a record")?;
    let before = record_json(&old);
    w.event(EventDraft {
        actor: &audit.actor,
        action: &audit.action,
        object_type: kind,
        object_id: id,
        before: Some(&before),
        after: None,
        citations: &audit.citations,
    })
    .await?;
    Ok(())
}

impl Store {
    /// Create a record and its audit event in one transaction.
    pub async fn create_record(&self, audit: &Audit, new: NewRecord) -> Result<Created<Record>> {
        let mut w = self.begin_write().await?;
        let out = create_in(&mut w, audit, new).await?;
        // Also for a replay: its original may sit in the same, not yet durable, batch.
        w.commit().await?;
        Ok(out)
    }

    /// Replace a record's data if it is still at `expected_version`; otherwise
    /// [`StoreError::Conflict`] naming the current version. Returns the new version.
    pub async fn update_record(
        &self,
        audit: &Audit,
        kind: &str,
        id: &str,
        expected_version: i64,
        data: Value,
    ) -> Result<Record> {
        let mut w = self.begin_write().await?;
        let rec = update_in(&mut w, audit, kind, id, expected_version, data).await?;
        w.commit().await?;
        Ok(rec)
    }

    /// Delete a record that is still at `expected_version` (its last state stays in the log).
    pub async fn delete_record(
        &self,
        audit: &Audit,
        kind: &str,
        id: &str,
        expected_version: i64,
    ) -> Result<()> {
        let mut w = self.begin_write().await?;
        delete_in(&mut w, audit, kind, id, expected_version).await?;
        w.commit().await?;
        Ok(())
    }

    /// Several operations, each with its own audit event, in ONE transaction: all or nothing.
    /// For imports and bulk jobs whose operations belong together.
    pub async fn batch(&self, audit: &Audit, ops: Vec<RecordOp>) -> Result<Vec<Option<Record>>> {
        let mut w = self.begin_write().await?;
        let mut out = Vec::with_capacity(ops.len());
        for op in ops {
            out.push(match op {
                RecordOp::Create(n) => Some(create_in(&mut w, audit, n).await?.value),
                RecordOp::Update {
                    kind,
                    id,
                    expected_version,
                    data,
                } => Some(update_in(&mut w, audit, &kind, &id, expected_version, data).await?),
                RecordOp::Delete {
                    kind,
                    id,
                    expected_version,
                } => {
                    delete_in(&mut w, audit, &kind, &id, expected_version).await?;
                    None
                }
            });
        }
        w.commit().await?;
        Ok(out)
    }

    pub async fn get_record(&self, kind: &str, id: &str) -> Result<Option<Record>> {
        let row = sqlx::query(
            "SELECT kind, id, version, data, created_at, updated_at FROM records WHERE kind = $1 AND id = $2",
        )
        .bind(kind)
        .bind(id)
        .fetch_optional(&self.inner.pool)
        .await
        .ctx("读取记录", "reading a record")?;
        row.as_ref().map(record_from_row).transpose()
    }

    /// Records of one kind ordered by id, at most `limit` after `after_id` (keyset paging).
    pub async fn list_records(
        &self,
        kind: &str,
        after_id: Option<&str>,
        limit: i64,
    ) -> Result<Vec<Record>> {
        let rows = sqlx::query(
            "SELECT kind, id, version, data, created_at, updated_at FROM records WHERE kind = $1 AND id > $2 ORDER BY id LIMIT $3",
        )
        .bind(kind)
        .bind(after_id.unwrap_or(""))
        .bind(limit.max(0))
        .fetch_all(&self.inner.pool)
        .await
        .ctx("读取记录", "reading records")?;
        rows.iter().map(record_from_row).collect()
    }

    /// How many records of a kind exist.
    pub async fn count_records(&self, kind: &str) -> Result<i64> {
        let row = sqlx::query("SELECT COUNT(*) AS n FROM records WHERE kind = $1")
            .bind(kind)
            .fetch_one(&self.inner.pool)
            .await
            .ctx("统计记录", "counting records")?;
        row.try_get("n").ctx("统计记录", "counting records")
    }
}
