//! The append-only, hash-chained audit log.
//!
//! # The chain
//! Events are numbered `seq = 1, 2, 3, …` without gaps. Each event stores `prev_hash` (the `hash`
//! of event `seq - 1`; for event 1 the 64 zeros of [`ZERO_HASH`]) and its own
//!
//! ```text
//! hash = lowercase hex of SHA-256( UTF-8 bytes of the event's canonical form )
//! ```
//!
//! # The canonical form of an event
//! The JSON object below, written by [`crate::canonical::to_canonical`] (members sorted by key, no
//! whitespace; see that module for strings and numbers):
//!
//! ```text
//! {"action":…,"actor":…,"after":<JSON or null>,"at":"2026-03-01T08:00:00.000000Z",
//!  "before":<JSON or null>,"citations":[…],"object_id":…,"object_type":…,
//!  "prev_hash":"<64 hex>","seq":<integer>}
//! ```
//!
//! `at` is the injected clock's time in the fixed-width UTC form of [`crate::clock::format_ts`].
//! Because `prev_hash` and `seq` are inside the hashed bytes, editing, deleting, inserting or
//! reordering any event breaks the chain at that event; [`crate::Store::verify_audit`] recomputes
//! it. The single-row table `audit_head` records the last `seq` and `hash`, so deleting events at
//! the end is detected too. (Someone able to rewrite every later event and the head can forge a
//! consistent chain: publish or copy the head hash elsewhere to anchor it.)

use crate::canonical::to_canonical;
use crate::clock::{format_ts, parse_ts};
use crate::db::Store;
use crate::error::{DbContext, Result, StoreError};
use jiff::Timestamp;
use serde::Serialize;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use sqlx::Row;
use sqlx::any::AnyRow;

/// `prev_hash` of the first event.
pub const ZERO_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One audit event as stored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AuditEvent {
    pub seq: i64,
    pub at: Timestamp,
    pub actor: String,
    pub action: String,
    pub object_type: String,
    pub object_id: String,
    pub before: Option<Value>,
    pub after: Option<Value>,
    /// The rule citations that applied (JSON objects as the rules crate writes them).
    pub citations: Vec<Value>,
    pub prev_hash: String,
    pub hash: String,
}

impl AuditEvent {
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn seal(
        seq: i64,
        at: Timestamp,
        actor: &str,
        action: &str,
        object_type: &str,
        object_id: &str,
        before: Option<Value>,
        after: Option<Value>,
        citations: Vec<Value>,
        prev_hash: &str,
    ) -> AuditEvent {
        // Truncate to what is stored, so the hash recomputed from the database matches.
        let at = Timestamp::from_microsecond(at.as_microsecond()).unwrap_or(at);
        let mut ev = AuditEvent {
            seq,
            at,
            actor: actor.into(),
            action: action.into(),
            object_type: object_type.into(),
            object_id: object_id.into(),
            before,
            after,
            citations,
            prev_hash: prev_hash.into(),
            hash: String::new(),
        };
        ev.hash = ev.compute_hash();
        ev
    }

    /// The canonical form hashed into the chain (see the module docs).
    pub fn canonical(&self) -> String {
        let v = json!({
            "action": self.action,
            "actor": self.actor,
            "after": self.after.clone().unwrap_or(Value::Null),
            "at": format_ts(self.at),
            "before": self.before.clone().unwrap_or(Value::Null),
            "citations": Value::Array(self.citations.clone()),
            "object_id": self.object_id,
            "object_type": self.object_type,
            "prev_hash": self.prev_hash,
            "seq": self.seq,
        });
        to_canonical(&v)
    }

    /// SHA-256 of the canonical form, lowercase hex.
    pub fn compute_hash(&self) -> String {
        hex(&Sha256::digest(self.canonical().as_bytes()))
    }
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[(b >> 4) as usize] as char);
        s.push(DIGITS[(b & 15) as usize] as char);
    }
    s
}

pub(crate) fn sha256_hex(data: &[u8]) -> String {
    hex(&Sha256::digest(data))
}

pub(crate) async fn insert_event(conn: &mut sqlx::AnyConnection, ev: &AuditEvent) -> Result<()> {
    sqlx::query(
        "INSERT INTO audit_events (seq, at, actor, action, object_type, object_id, before_json, after_json, citations, prev_hash, hash) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(ev.seq)
    .bind(format_ts(ev.at))
    .bind(&ev.actor)
    .bind(&ev.action)
    .bind(&ev.object_type)
    .bind(&ev.object_id)
    .bind(ev.before.as_ref().map(to_canonical))
    .bind(ev.after.as_ref().map(to_canonical))
    .bind(to_canonical(&Value::Array(ev.citations.clone())))
    .bind(&ev.prev_hash)
    .bind(&ev.hash)
    .execute(conn)
    .await
    .ctx("写入审计事件", "writing an audit event")?;
    Ok(())
}

const EVENT_COLUMNS: &str = "seq, at, actor, action, object_type, object_id, before_json, after_json, citations, prev_hash, hash";

fn parse_json(seq: i64, col: &str, s: &str) -> Result<Value> {
    serde_json::from_str(s)
        .map_err(|e| StoreError::Corrupt(format!("audit event {seq} column {col}: {e}")))
}

pub(crate) fn event_from_row(row: &AnyRow) -> Result<AuditEvent> {
    let c = |e| StoreError::Database {
        context: "读取审计事件",
        context_en: "reading an audit event",
        source: e,
    };
    let seq: i64 = row.try_get("seq").map_err(c)?;
    let at: String = row.try_get("at").map_err(c)?;
    let before: Option<String> = row.try_get("before_json").map_err(c)?;
    let after: Option<String> = row.try_get("after_json").map_err(c)?;
    let citations: String = row.try_get("citations").map_err(c)?;
    let citations = match parse_json(seq, "citations", &citations)? {
        Value::Array(a) => a,
        _ => {
            return Err(StoreError::Corrupt(format!(
                "audit event {seq}: citations is not a list"
            )));
        }
    };
    Ok(AuditEvent {
        seq,
        at: parse_ts(&at)?,
        actor: row.try_get("actor").map_err(c)?,
        action: row.try_get("action").map_err(c)?,
        object_type: row.try_get("object_type").map_err(c)?,
        object_id: row.try_get("object_id").map_err(c)?,
        before: before
            .as_deref()
            .map(|s| parse_json(seq, "before_json", s))
            .transpose()?,
        after: after
            .as_deref()
            .map(|s| parse_json(seq, "after_json", s))
            .transpose()?,
        citations,
        prev_hash: row.try_get("prev_hash").map_err(c)?,
        hash: row.try_get("hash").map_err(c)?,
    })
}

/// Why verification stopped at an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BadKind {
    /// The event with this `seq` is missing (deleted), or numbers are out of order.
    Missing,
    /// `prev_hash` does not equal the previous event's hash (inserted or reordered events).
    BrokenLink,
    /// The event's content does not match its hash (edited).
    HashMismatch,
    /// The stored content cannot be read back (edited into invalid JSON or timestamp).
    Unreadable,
    /// The chain head disagrees with the last event (events deleted or appended at the end).
    HeadMismatch,
}

/// The first bad event found by [`Store::verify_audit`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BadEvent {
    pub seq: i64,
    pub kind: BadKind,
    pub message_zh: String,
    pub message_en: String,
}

impl std::fmt::Display for BadEvent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.message_zh, self.message_en)
    }
}

/// Result of recomputing the chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VerifyReport {
    /// Events checked (up to and including the first bad one).
    pub checked: i64,
    /// What the chain head records.
    pub head_seq: i64,
    pub head_hash: String,
    /// `None` when the whole chain verifies.
    pub first_bad: Option<BadEvent>,
}

impl VerifyReport {
    pub fn ok(&self) -> bool {
        self.first_bad.is_none()
    }
}

fn bad(seq: i64, kind: BadKind, zh: String, en: String) -> Option<BadEvent> {
    Some(BadEvent {
        seq,
        kind,
        message_zh: zh,
        message_en: en,
    })
}

impl Store {
    /// Recompute the whole chain and report the first bad event, if any. Reads in pages inside one
    /// read transaction, so it sees a consistent snapshot while writers go on.
    pub async fn verify_audit(&self) -> Result<VerifyReport> {
        let mut tx = self.begin_read().await?;
        let head = sqlx::query("SELECT seq, hash FROM audit_head WHERE id = 1")
            .fetch_one(&mut *tx)
            .await
            .ctx("读取审计链头", "reading the audit chain head")?;
        let head_seq: i64 = head
            .try_get("seq")
            .ctx("读取审计链头", "reading the audit chain head")?;
        let head_hash: String = head
            .try_get("hash")
            .ctx("读取审计链头", "reading the audit chain head")?;

        let mut expected_seq = 1i64;
        let mut prev_hash = ZERO_HASH.to_string();
        let mut checked = 0i64;
        let mut after_seq = 0i64;
        const PAGE: i64 = 2000;
        loop {
            let rows = sqlx::query(&format!(
                "SELECT {EVENT_COLUMNS} FROM audit_events WHERE seq > $1 ORDER BY seq LIMIT $2"
            ))
            .bind(after_seq)
            .bind(PAGE)
            .fetch_all(&mut *tx)
            .await
            .ctx("读取审计事件", "reading audit events")?;
            if rows.is_empty() {
                break;
            }
            for row in &rows {
                let seq: i64 = row
                    .try_get("seq")
                    .ctx("读取审计事件", "reading audit events")?;
                after_seq = seq;
                checked += 1;
                if seq != expected_seq {
                    return Ok(VerifyReport {
                        checked,
                        head_seq,
                        head_hash,
                        first_bad: bad(
                            expected_seq,
                            BadKind::Missing,
                            format!("审计事件 {expected_seq} 缺失（下一条为 {seq}），链条断裂"),
                            format!(
                                "audit event {expected_seq} is missing (next is {seq}); the chain is broken"
                            ),
                        ),
                    });
                }
                let ev = match event_from_row(row) {
                    Ok(ev) => ev,
                    Err(e) => {
                        return Ok(VerifyReport {
                            checked,
                            head_seq,
                            head_hash,
                            first_bad: bad(
                                seq,
                                BadKind::Unreadable,
                                format!("审计事件 {seq} 内容无法读取：{e}"),
                                format!("audit event {seq} cannot be read: {e}"),
                            ),
                        });
                    }
                };
                if ev.prev_hash != prev_hash {
                    return Ok(VerifyReport {
                        checked,
                        head_seq,
                        head_hash,
                        first_bad: bad(
                            seq,
                            BadKind::BrokenLink,
                            format!(
                                "审计事件 {seq} 的前一哈希与事件 {} 不符（事件被插入、删除或调换顺序）",
                                seq - 1
                            ),
                            format!(
                                "audit event {seq} does not link to event {} (events inserted, deleted or reordered)",
                                seq - 1
                            ),
                        ),
                    });
                }
                if ev.compute_hash() != ev.hash {
                    return Ok(VerifyReport {
                        checked,
                        head_seq,
                        head_hash,
                        first_bad: bad(
                            seq,
                            BadKind::HashMismatch,
                            format!("审计事件 {seq} 的内容与其哈希不符（事件被修改）"),
                            format!(
                                "audit event {seq} does not match its hash (the event was edited)"
                            ),
                        ),
                    });
                }
                prev_hash = ev.hash;
                expected_seq += 1;
            }
        }
        let last = expected_seq - 1;
        let first_bad = if last != head_seq || prev_hash != head_hash {
            let seq = last.min(head_seq) + 1;
            bad(
                seq.max(1),
                BadKind::HeadMismatch,
                format!(
                    "审计链头记录到事件 {head_seq}，但日志止于事件 {last}（末尾事件被删除或追加）"
                ),
                format!(
                    "the chain head records event {head_seq} but the log ends at event {last} (events deleted or appended at the end)"
                ),
            )
        } else {
            None
        };
        tx.rollback()
            .await
            .ctx("结束读事务", "ending a read transaction")?;
        Ok(VerifyReport {
            checked,
            head_seq,
            head_hash,
            first_bad,
        })
    }

    /// Events with `seq > after_seq`, oldest first, at most `limit`.
    pub async fn audit_events(&self, after_seq: i64, limit: i64) -> Result<Vec<AuditEvent>> {
        let rows = sqlx::query(&format!(
            "SELECT {EVENT_COLUMNS} FROM audit_events WHERE seq > $1 ORDER BY seq LIMIT $2"
        ))
        .bind(after_seq)
        .bind(limit.max(0))
        .fetch_all(&self.inner.pool)
        .await
        .ctx("读取审计事件", "reading audit events")?;
        rows.iter().map(event_from_row).collect()
    }

    /// The history of one object, oldest first.
    pub async fn audit_for_object(
        &self,
        object_type: &str,
        object_id: &str,
    ) -> Result<Vec<AuditEvent>> {
        let rows = sqlx::query(&format!(
            "SELECT {EVENT_COLUMNS} FROM audit_events WHERE object_type = $1 AND object_id = $2 ORDER BY seq"
        ))
        .bind(object_type)
        .bind(object_id)
        .fetch_all(&self.inner.pool)
        .await
        .ctx("读取审计事件", "reading audit events")?;
        rows.iter().map(event_from_row).collect()
    }

    /// The chain head: `(last seq, its hash)`.
    pub async fn audit_head(&self) -> Result<(i64, String)> {
        let row = sqlx::query("SELECT seq, hash FROM audit_head WHERE id = 1")
            .fetch_one(&self.inner.pool)
            .await
            .ctx("读取审计链头", "reading the audit chain head")?;
        Ok((
            row.try_get("seq")
                .ctx("读取审计链头", "reading the audit chain head")?,
            row.try_get("hash")
                .ctx("读取审计链头", "reading the audit chain head")?,
        ))
    }

    /// Record an event that changes no table (e.g. a restricted record was read, a login failed).
    pub async fn record_event(
        &self,
        audit: &crate::Audit,
        object_type: &str,
        object_id: &str,
        details: Option<&Value>,
    ) -> Result<AuditEvent> {
        let mut w = self.begin_write().await?;
        let ev = w
            .event(crate::db::EventDraft {
                actor: &audit.actor,
                action: &audit.action,
                object_type,
                object_id,
                before: None,
                after: details,
                citations: &audit.citations,
            })
            .await?;
        w.commit().await?;
        Ok(ev)
    }
}
