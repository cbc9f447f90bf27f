//! Official documents (收文 / 发文): the state a workflow decided (`data`, canonical JSON) with
//! indexed projections for listing, each actor's inbox (待办 / 已办 / 抄送), attachments with their
//! SHA-256, the 退文 record per submitting unit, and gap-free official numbering per issuer, series
//! and year, allocated inside the write transaction.
//!
//! The store decides nothing about documents: zhengwu-domain does; this module writes its result
//! and the audit event in one transaction.

use crate::canonical::to_canonical;
use crate::clock::{format_ts, parse_ts};
use crate::db::{Store, WriteTx};
use crate::error::{DbContext, Result, StoreError};
use crate::followup::{FollowupWrite, insert_followup, update_followup_in};
use crate::records::{Audit, Created, idempotency_check, idempotency_save, new_id};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use sqlx::Row;
use sqlx::any::AnyRow;

/// The object type of documents in the audit log.
pub const OBJECT: &str = "document";

/// Largest attachment accepted (bytes).
pub const MAX_ATTACHMENT_BYTES: usize = 20 * 1024 * 1024;
/// Most attachments on one document.
pub const MAX_ATTACHMENTS: usize = 20;
/// Media types accepted for attachments.
pub const ATTACHMENT_TYPES: [&str; 8] = [
    "application/pdf",
    "application/ofd",
    "application/msword",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.ms-excel",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "image/jpeg",
    "image/png",
];

/// A stored document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    pub id: String,
    pub government_id: String,
    /// `in` (收文) or `out` (发文).
    pub direction: String,
    pub status: String,
    pub title: String,
    /// The submitting (in) or drafting (out) unit.
    pub unit: String,
    pub doc_number: Option<String>,
    /// Projection of the current deadline, for indexing only (the truth is in `data`).
    pub due_on: Option<String>,
    pub version: i64,
    pub data: Value,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// An attachment to store: its bytes are hashed (SHA-256) and kept.
#[derive(Debug, Clone, PartialEq)]
pub struct NewAttachment {
    pub name: String,
    pub media_type: String,
    pub content: Vec<u8>,
}

/// An attachment as listed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attachment {
    pub seq: i64,
    pub name: String,
    pub media_type: String,
    pub size: i64,
    pub sha256: String,
}

/// How an inbox changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InboxOp {
    /// Into the actor's 待办 (leaving 已办 if it was there).
    Todo(String),
    /// From 待办 to 已办.
    Done(String),
    /// 抄送 / 传阅.
    Cc(String),
}

/// A number to allocate in the write: `{series}〔{year}〕{n}号`, gap-free per issuer + series + year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberRequest {
    pub issuer: String,
    pub series: String,
    pub year: i64,
}

/// A document to create.
#[derive(Debug, Clone, PartialEq)]
pub struct NewDocument {
    pub government_id: String,
    pub direction: String,
    pub status: String,
    pub title: String,
    pub unit: String,
    pub due_on: Option<String>,
    pub data: Value,
    pub attachments: Vec<NewAttachment>,
    pub inbox: Vec<InboxOp>,
    /// Returned at registration: record it against the unit with these reasons.
    pub returned: Option<Value>,
    pub idempotency_key: Option<String>,
}

/// A change to a document decided by the workflow.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DocumentChange {
    pub status: String,
    pub due_on: Option<String>,
    pub data: Value,
    pub inbox: Vec<InboxOp>,
    pub returned: Option<Value>,
    /// Allocate an official number; it is written to the `doc_number` column and to
    /// `data[number_field]`.
    pub number: Option<NumberRequest>,
    pub number_field: String,
    /// Bump a counter (e.g. normative documents issued by an issuer this year) in the same write.
    pub count: Option<NumberRequest>,
    /// A normative document's register entry (登记编号, 有效期) to write in the same transaction;
    /// its `doc_number` is the document's (allocated in this write when `number` is set).
    pub normative: Option<NormativeEntry>,
    /// A follow-up item written in the same transaction, with its own audit event after the
    /// document's: the proactive disclosure register entry of an issued document, or its update
    /// after a publication. If it cannot be written, neither is the document's change.
    pub followup: Option<FollowupWrite>,
}

/// A normative document's register entry, as the workflow decided it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct NormativeEntry {
    pub registration_number: Option<String>,
    pub issued_on: String,
    pub valid_until: Option<String>,
}

/// One row of the normative-document register.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NormativeRecord {
    pub doc_id: String,
    pub government_id: String,
    pub title: String,
    pub doc_number: Option<String>,
    pub registration_number: Option<String>,
    pub issued_on: String,
    pub valid_until: Option<String>,
}

/// A notice about a normative document (e.g. its validity ends soon), sent once per document,
/// kind and period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NormativeNotice {
    pub doc_id: String,
    pub kind: String,
    pub period: String,
    pub government_id: String,
    pub message: String,
    pub sent_at: String,
}

/// One row of an inbox.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InboxItem {
    pub doc_id: String,
    pub at: String,
    pub direction: String,
    pub status: String,
    pub title: String,
    pub unit: String,
    pub doc_number: Option<String>,
    pub due_on: Option<String>,
}

/// One 退文 of a unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReturnRecord {
    pub doc_id: String,
    pub at: String,
    pub reasons: Value,
}

const COLS: &str = "id, government_id, direction, status, title, unit, doc_number, due_on, version, data, created_at, updated_at";

fn doc_from_row(row: &AnyRow) -> Result<Document> {
    let c = |e| StoreError::Database {
        context: "读取公文",
        context_en: "reading a document",
        source: e,
    };
    let data: String = row.try_get("data").map_err(c)?;
    let created: String = row.try_get("created_at").map_err(c)?;
    let updated: String = row.try_get("updated_at").map_err(c)?;
    Ok(Document {
        id: row.try_get("id").map_err(c)?,
        government_id: row.try_get("government_id").map_err(c)?,
        direction: row.try_get("direction").map_err(c)?,
        status: row.try_get("status").map_err(c)?,
        title: row.try_get("title").map_err(c)?,
        unit: row.try_get("unit").map_err(c)?,
        doc_number: row.try_get("doc_number").map_err(c)?,
        due_on: row.try_get("due_on").map_err(c)?,
        version: row.try_get("version").map_err(c)?,
        data: serde_json::from_str(&data)
            .map_err(|e| StoreError::Corrupt(format!("document data: {e}")))?,
        created_at: parse_ts(&created)?,
        updated_at: parse_ts(&updated)?,
    })
}

fn summary(d: &Document) -> Value {
    json!({"id": d.id, "version": d.version, "status": d.status, "data": d.data, "doc_number": d.doc_number})
}

fn check_attachment(a: &NewAttachment) -> Result<()> {
    crate::records::check_name("附件名", "attachment name", &a.name)?;
    if !ATTACHMENT_TYPES.contains(&a.media_type.as_str()) {
        return Err(StoreError::invalid(
            format!(
                "附件“{}”的类型 {} 不受理，可用：{}",
                a.name,
                a.media_type,
                ATTACHMENT_TYPES.join("、")
            ),
            format!(
                "attachment {:?}: type {} is not accepted; accepted: {}",
                a.name,
                a.media_type,
                ATTACHMENT_TYPES.join(", ")
            ),
        ));
    }
    if a.content.is_empty() || a.content.len() > MAX_ATTACHMENT_BYTES {
        return Err(StoreError::invalid(
            format!(
                "附件“{}”大小为 {} 字节，须在 1 字节至 {} MB 之间",
                a.name,
                a.content.len(),
                MAX_ATTACHMENT_BYTES / 1024 / 1024
            ),
            format!(
                "attachment {:?} is {} bytes; it must be 1 byte to {} MB",
                a.name,
                a.content.len(),
                MAX_ATTACHMENT_BYTES / 1024 / 1024
            ),
        ));
    }
    Ok(())
}

fn b64(data: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(A[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

async fn apply_inbox(w: &mut WriteTx, doc_id: &str, ops: &[InboxOp]) -> Result<()> {
    let at = format_ts(w.now);
    for op in ops {
        let (actor, remove, add) = match op {
            InboxOp::Todo(a) => (a, Some("done"), "todo"),
            InboxOp::Done(a) => (a, Some("todo"), "done"),
            InboxOp::Cc(a) => (a, None, "cc"),
        };
        if let Some(r) = remove {
            sqlx::query("DELETE FROM document_inbox WHERE actor = $1 AND box = $2 AND doc_id = $3")
                .bind(actor)
                .bind(r)
                .bind(doc_id)
                .execute(w.c()?)
                .await
                .ctx("更新待办", "updating an inbox")?;
        }
        sqlx::query(
            "INSERT INTO document_inbox (actor, box, doc_id, at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (actor, box, doc_id) DO UPDATE SET at = excluded.at",
        )
        .bind(actor)
        .bind(add)
        .bind(doc_id)
        .bind(&at)
        .execute(w.c()?)
        .await
        .ctx("更新待办", "updating an inbox")?;
    }
    Ok(())
}

async fn record_return(w: &mut WriteTx, unit: &str, doc_id: &str, reasons: &Value) -> Result<()> {
    sqlx::query(
        "INSERT INTO document_returns (unit, doc_id, at, reasons) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (unit, doc_id) DO UPDATE SET at = excluded.at, reasons = excluded.reasons",
    )
    .bind(unit)
    .bind(doc_id)
    .bind(format_ts(w.now))
    .bind(to_canonical(reasons))
    .execute(w.c()?)
    .await
    .ctx("记录退文", "recording a return")?;
    Ok(())
}

/// Allocates the next number of a counter inside the write (gap-free: the write either commits
/// with it or not at all; writers are serialised and the row update locks on PostgreSQL).
async fn next_number(w: &mut WriteTx, n: &NumberRequest) -> Result<i64> {
    sqlx::query(
        "INSERT INTO document_numbers (issuer, series, year, last) VALUES ($1, $2, $3, 0) \
         ON CONFLICT (issuer, series, year) DO NOTHING",
    )
    .bind(&n.issuer)
    .bind(&n.series)
    .bind(n.year)
    .execute(w.c()?)
    .await
    .ctx("分配文号", "allocating a number")?;
    sqlx::query(
        "UPDATE document_numbers SET last = last + 1 WHERE issuer = $1 AND series = $2 AND year = $3",
    )
    .bind(&n.issuer)
    .bind(&n.series)
    .bind(n.year)
    .execute(w.c()?)
    .await
    .ctx("分配文号", "allocating a number")?;
    let row = sqlx::query(
        "SELECT last FROM document_numbers WHERE issuer = $1 AND series = $2 AND year = $3",
    )
    .bind(&n.issuer)
    .bind(&n.series)
    .bind(n.year)
    .fetch_one(w.c()?)
    .await
    .ctx("分配文号", "allocating a number")?;
    row.try_get("last").ctx("分配文号", "allocating a number")
}

async fn fetch_doc(w: &mut WriteTx, id: &str) -> Result<Option<Document>> {
    let row = sqlx::query(&format!("SELECT {COLS} FROM documents WHERE id = $1"))
        .bind(id)
        .fetch_optional(w.c()?)
        .await
        .ctx("读取公文", "reading a document")?;
    row.as_ref().map(doc_from_row).transpose()
}

async fn create_in(w: &mut WriteTx, audit: &Audit, new: NewDocument) -> Result<Created<Document>> {
    if new.attachments.len() > MAX_ATTACHMENTS {
        return Err(StoreError::invalid(
            format!("附件不得超过 {MAX_ATTACHMENTS} 个"),
            format!("at most {MAX_ATTACHMENTS} attachments"),
        ));
    }
    for a in &new.attachments {
        check_attachment(a)?;
    }
    let hashes: Vec<String> = new
        .attachments
        .iter()
        .map(|a| crate::audit::sha256_hex(&a.content))
        .collect();
    let request_hash = new.idempotency_key.as_ref().map(|_| {
        crate::audit::sha256_hex(
            to_canonical(&json!({"government_id": new.government_id, "direction": new.direction, "data": new.data, "attachments": hashes}))
                .as_bytes(),
        )
    });
    if let (Some(key), Some(h)) = (&new.idempotency_key, &request_hash)
        && let Some(resp) = idempotency_check(w, &audit.actor, key, h).await?
    {
        let value: Document = serde_json::from_value(resp)
            .map_err(|e| StoreError::Corrupt(format!("idempotency response: {e}")))?;
        return Ok(Created {
            value,
            replayed: true,
        });
    }
    let id = new_id(w.now);
    let now = format_ts(w.now);
    sqlx::query(
        "INSERT INTO documents (id, government_id, direction, status, title, unit, doc_number, due_on, version, data, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, NULL, $7, 1, $8, $9, $9)",
    )
    .bind(&id)
    .bind(&new.government_id)
    .bind(&new.direction)
    .bind(&new.status)
    .bind(&new.title)
    .bind(&new.unit)
    .bind(&new.due_on)
    .bind(to_canonical(&new.data))
    .bind(&now)
    .execute(w.c()?)
    .await
    .ctx("写入公文", "writing a document")?;
    for (i, (a, h)) in new.attachments.iter().zip(&hashes).enumerate() {
        sqlx::query(
            "INSERT INTO document_attachments (doc_id, seq, name, media_type, size, sha256, content_base64) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&id)
        .bind(i64::try_from(i).unwrap_or(i64::MAX) + 1)
        .bind(&a.name)
        .bind(&a.media_type)
        .bind(i64::try_from(a.content.len()).unwrap_or(i64::MAX))
        .bind(h)
        .bind(b64(&a.content))
        .execute(w.c()?)
        .await
        .ctx("写入附件", "writing an attachment")?;
    }
    apply_inbox(w, &id, &new.inbox).await?;
    if let Some(r) = &new.returned {
        record_return(w, &new.unit, &id, r).await?;
    }
    let doc = Document {
        id: id.clone(),
        government_id: new.government_id,
        direction: new.direction,
        status: new.status,
        title: new.title,
        unit: new.unit,
        doc_number: None,
        due_on: new.due_on,
        version: 1,
        data: new.data,
        created_at: parse_ts(&now)?,
        updated_at: parse_ts(&now)?,
    };
    let mut after = summary(&doc);
    after["attachments"] = json!(hashes);
    w.audited(audit, OBJECT, &id, None, Some(&after)).await?;
    if let (Some(key), Some(h)) = (&new.idempotency_key, &request_hash) {
        let resp = serde_json::to_value(&doc).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        idempotency_save(w, &audit.actor, key, h, OBJECT, &id, &resp).await?;
    }
    Ok(Created {
        value: doc,
        replayed: false,
    })
}

impl Store {
    /// Creates a document (with attachments, inbox entries and a 退文 record) and its audit event
    /// in one transaction.
    pub async fn create_document(
        &self,
        audit: &Audit,
        new: NewDocument,
    ) -> Result<Created<Document>> {
        let mut w = self.begin_write().await?;
        let out = create_in(&mut w, audit, new).await?;
        w.commit().await?;
        Ok(out)
    }

    /// Applies a workflow's decision to a document still at `expected_version`.
    pub async fn update_document(
        &self,
        audit: &Audit,
        id: &str,
        expected_version: i64,
        mut change: DocumentChange,
    ) -> Result<Document> {
        let followup = change.followup.take();
        let mut w = self.begin_write().await?;
        let Some(old) = fetch_doc(&mut w, id).await? else {
            return Err(StoreError::not_found(OBJECT, id));
        };
        if old.version != expected_version {
            return Err(StoreError::Conflict {
                object_type: OBJECT.into(),
                id: id.into(),
                expected: expected_version,
                current: old.version,
            });
        }
        let mut doc_number = old.doc_number.clone();
        if let Some(n) = &change.number {
            let seq = next_number(&mut w, n).await?;
            let number = format!("{}〔{}〕{}号", n.series, n.year, seq);
            if let Value::Object(m) = &mut change.data {
                m.insert(change.number_field.clone(), json!(number));
            }
            doc_number = Some(number);
        }
        if let Some(c) = &change.count {
            next_number(&mut w, c).await?;
        }
        let now = format_ts(w.now);
        let res = sqlx::query(
            "UPDATE documents SET status = $1, due_on = $2, data = $3, doc_number = $4, version = version + 1, updated_at = $5 \
             WHERE id = $6 AND version = $7",
        )
        .bind(&change.status)
        .bind(&change.due_on)
        .bind(to_canonical(&change.data))
        .bind(&doc_number)
        .bind(&now)
        .bind(id)
        .bind(expected_version)
        .execute(w.c()?)
        .await
        .ctx("更新公文", "updating a document")?;
        if res.rows_affected() != 1 {
            return Err(StoreError::Conflict {
                object_type: OBJECT.into(),
                id: id.into(),
                expected: expected_version,
                current: old.version,
            });
        }
        apply_inbox(&mut w, id, &change.inbox).await?;
        if let Some(r) = &change.returned {
            record_return(&mut w, &old.unit, id, r).await?;
        }
        if let Some(n) = &change.normative {
            let title = change
                .data
                .pointer("/draft/title")
                .and_then(Value::as_str)
                .unwrap_or(&old.title)
                .to_string();
            write_normative(
                &mut w,
                &old.government_id,
                id,
                &title,
                doc_number.as_deref(),
                n,
                &now,
            )
            .await?;
        }
        let doc = Document {
            status: change.status,
            due_on: change.due_on,
            data: change.data,
            doc_number,
            version: old.version + 1,
            updated_at: parse_ts(&now)?,
            ..old.clone()
        };
        let before = summary(&old);
        let after = summary(&doc);
        w.audited(audit, OBJECT, id, Some(&before), Some(&after))
            .await?;
        match followup {
            Some(FollowupWrite::Create {
                audit,
                mut new,
                number_key,
            }) => {
                if let (Some(k), Some(n), Value::Object(m)) =
                    (number_key, &doc.doc_number, &mut new.data)
                {
                    m.insert(k, json!(n));
                }
                insert_followup(&mut w, &audit, new).await?;
            }
            Some(FollowupWrite::Update {
                audit,
                kind,
                id,
                expected_version,
                change,
            }) => {
                update_followup_in(&mut w, &audit, &kind, &id, expected_version, change).await?;
            }
            None => {}
        }
        w.commit().await?;
        Ok(doc)
    }

    /// The normative-document register of a government (all governments when `None`), ordered by
    /// the end of validity (documents without one last); with `valid_until_by`, only documents
    /// whose validity ends on or before that date (expired ones included).
    pub async fn normative_documents(
        &self,
        government_id: Option<&str>,
        valid_until_by: Option<&str>,
        limit: i64,
    ) -> Result<Vec<NormativeRecord>> {
        let mut sql = String::from(
            "SELECT doc_id, government_id, title, doc_number, registration_number, issued_on, valid_until \
             FROM normative_documents WHERE 1 = 1",
        );
        let mut n = 0;
        if government_id.is_some() {
            n += 1;
            sql.push_str(&format!(" AND government_id = ${n}"));
        }
        if valid_until_by.is_some() {
            n += 1;
            sql.push_str(&format!(
                " AND valid_until IS NOT NULL AND valid_until <= ${n}"
            ));
        }
        n += 1;
        sql.push_str(&format!(
            " ORDER BY CASE WHEN valid_until IS NULL THEN 1 ELSE 0 END, valid_until, doc_id LIMIT ${n}"
        ));
        let mut q = sqlx::query(&sql);
        if let Some(g) = government_id {
            q = q.bind(g.to_string());
        }
        if let Some(v) = valid_until_by {
            q = q.bind(v.to_string());
        }
        let rows = q
            .bind(limit.clamp(1, 10_000))
            .fetch_all(&self.inner.pool)
            .await
            .ctx("查询规范性文件登记", "listing normative documents")?;
        rows.iter()
            .map(|r| {
                let c = |e| StoreError::Database {
                    context: "读取规范性文件登记",
                    context_en: "reading the normative-document register",
                    source: e,
                };
                Ok(NormativeRecord {
                    doc_id: r.try_get("doc_id").map_err(c)?,
                    government_id: r.try_get("government_id").map_err(c)?,
                    title: r.try_get("title").map_err(c)?,
                    doc_number: r.try_get("doc_number").map_err(c)?,
                    registration_number: r.try_get("registration_number").map_err(c)?,
                    issued_on: r.try_get("issued_on").map_err(c)?,
                    valid_until: r.try_get("valid_until").map_err(c)?,
                })
            })
            .collect()
    }

    /// Sends a notice about a normative document once: recorded with its audit event and the
    /// document put in the office's 待办 (`office_inbox`), in one transaction. Returns `false`
    /// (writing nothing) when the notice for this document, kind and period was already sent.
    pub async fn send_normative_notice(
        &self,
        audit: &Audit,
        notice: &NormativeNotice,
        office_inbox: &str,
    ) -> Result<bool> {
        let mut w = self.begin_write().await?;
        let now = format_ts(w.now);
        let res = sqlx::query(
            "INSERT INTO normative_notices (doc_id, kind, period, government_id, message, sent_at) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (doc_id, kind, period) DO NOTHING",
        )
        .bind(&notice.doc_id)
        .bind(&notice.kind)
        .bind(&notice.period)
        .bind(&notice.government_id)
        .bind(&notice.message)
        .bind(&now)
        .execute(w.c()?)
        .await
        .ctx(
            "记录规范性文件提醒",
            "recording a normative-document notice",
        )?;
        if res.rows_affected() == 0 {
            // Already sent: the write is dropped (rolled back), nothing changes.
            return Ok(false);
        }
        apply_inbox(
            &mut w,
            &notice.doc_id,
            &[InboxOp::Todo(office_inbox.to_string())],
        )
        .await?;
        let after =
            json!({"kind": notice.kind, "period": notice.period, "message": notice.message});
        w.audited(audit, OBJECT, &notice.doc_id, None, Some(&after))
            .await?;
        w.commit().await?;
        Ok(true)
    }

    /// The notices sent about a government's normative documents, oldest first.
    pub async fn normative_notices(&self, government_id: &str) -> Result<Vec<NormativeNotice>> {
        let rows = sqlx::query(
            "SELECT doc_id, kind, period, government_id, message, sent_at FROM normative_notices \
             WHERE government_id = $1 ORDER BY sent_at, doc_id, kind, period",
        )
        .bind(government_id)
        .fetch_all(&self.inner.pool)
        .await
        .ctx("查询规范性文件提醒", "listing normative-document notices")?;
        rows.iter()
            .map(|r| {
                let c = |e| StoreError::Database {
                    context: "读取规范性文件提醒",
                    context_en: "reading a normative-document notice",
                    source: e,
                };
                Ok(NormativeNotice {
                    doc_id: r.try_get("doc_id").map_err(c)?,
                    kind: r.try_get("kind").map_err(c)?,
                    period: r.try_get("period").map_err(c)?,
                    government_id: r.try_get("government_id").map_err(c)?,
                    message: r.try_get("message").map_err(c)?,
                    sent_at: r.try_get("sent_at").map_err(c)?,
                })
            })
            .collect()
    }

    pub async fn get_document(&self, id: &str) -> Result<Option<Document>> {
        let row = sqlx::query(&format!("SELECT {COLS} FROM documents WHERE id = $1"))
            .bind(id)
            .fetch_optional(&self.inner.pool)
            .await
            .ctx("读取公文", "reading a document")?;
        row.as_ref().map(doc_from_row).transpose()
    }

    /// An actor's inbox (`todo`, `done`, `cc`), newest first, keyset-paged by `(at, doc_id)`.
    pub async fn document_inbox(
        &self,
        actor: &str,
        inbox: &str,
        before: Option<(&str, &str)>,
        limit: i64,
    ) -> Result<Vec<InboxItem>> {
        let (at, id) = before.unwrap_or(("~", "~"));
        let rows = sqlx::query(
            "SELECT i.doc_id, i.at, d.direction, d.status, d.title, d.unit, d.doc_number, d.due_on \
             FROM document_inbox i JOIN documents d ON d.id = i.doc_id \
             WHERE i.actor = $1 AND i.box = $2 AND (i.at < $3 OR (i.at = $3 AND i.doc_id < $4)) \
             ORDER BY i.at DESC, i.doc_id DESC LIMIT $5",
        )
        .bind(actor)
        .bind(inbox)
        .bind(at)
        .bind(id)
        .bind(limit.clamp(0, 500))
        .fetch_all(&self.inner.pool)
        .await
        .ctx("读取待办", "reading an inbox")?;
        let c = |e| StoreError::Database {
            context: "读取待办",
            context_en: "reading an inbox",
            source: e,
        };
        rows.iter()
            .map(|r| {
                Ok(InboxItem {
                    doc_id: r.try_get("doc_id").map_err(c)?,
                    at: r.try_get("at").map_err(c)?,
                    direction: r.try_get("direction").map_err(c)?,
                    status: r.try_get("status").map_err(c)?,
                    title: r.try_get("title").map_err(c)?,
                    unit: r.try_get("unit").map_err(c)?,
                    doc_number: r.try_get("doc_number").map_err(c)?,
                    due_on: r.try_get("due_on").map_err(c)?,
                })
            })
            .collect()
    }

    /// The attachments of a document (without their bytes).
    pub async fn document_attachments(&self, doc_id: &str) -> Result<Vec<Attachment>> {
        let rows = sqlx::query(
            "SELECT seq, name, media_type, size, sha256 FROM document_attachments WHERE doc_id = $1 ORDER BY seq",
        )
        .bind(doc_id)
        .fetch_all(&self.inner.pool)
        .await
        .ctx("读取附件", "reading attachments")?;
        rows.iter()
            .map(|r| {
                Ok(Attachment {
                    seq: r.try_get("seq").ctx("读取附件", "reading attachments")?,
                    name: r.try_get("name").ctx("读取附件", "reading attachments")?,
                    media_type: r
                        .try_get("media_type")
                        .ctx("读取附件", "reading attachments")?,
                    size: r.try_get("size").ctx("读取附件", "reading attachments")?,
                    sha256: r.try_get("sha256").ctx("读取附件", "reading attachments")?,
                })
            })
            .collect()
    }

    /// The 退文 records of a unit, newest first.
    pub async fn document_returns(&self, unit: &str) -> Result<Vec<ReturnRecord>> {
        let rows = sqlx::query(
            "SELECT doc_id, at, reasons FROM document_returns WHERE unit = $1 ORDER BY at DESC, doc_id DESC",
        )
        .bind(unit)
        .fetch_all(&self.inner.pool)
        .await
        .ctx("读取退文记录", "reading returns")?;
        rows.iter()
            .map(|r| {
                let reasons: String = r
                    .try_get("reasons")
                    .ctx("读取退文记录", "reading returns")?;
                Ok(ReturnRecord {
                    doc_id: r.try_get("doc_id").ctx("读取退文记录", "reading returns")?,
                    at: r.try_get("at").ctx("读取退文记录", "reading returns")?,
                    reasons: serde_json::from_str(&reasons)
                        .map_err(|e| StoreError::Corrupt(format!("return reasons: {e}")))?,
                })
            })
            .collect()
    }

    /// The last number allocated on a counter (0 when none).
    pub async fn document_counter(&self, n: &NumberRequest) -> Result<i64> {
        let row = sqlx::query(
            "SELECT last FROM document_numbers WHERE issuer = $1 AND series = $2 AND year = $3",
        )
        .bind(&n.issuer)
        .bind(&n.series)
        .bind(n.year)
        .fetch_optional(&self.inner.pool)
        .await
        .ctx("读取文号", "reading a counter")?;
        match row {
            Some(r) => r.try_get("last").ctx("读取文号", "reading a counter"),
            None => Ok(0),
        }
    }

    /// Documents of a government in one direction (and status), by id, keyset-paged.
    pub async fn list_documents(
        &self,
        government_id: &str,
        direction: &str,
        status: Option<&str>,
        after: Option<&str>,
        limit: i64,
    ) -> Result<Vec<Document>> {
        let rows = match status {
            Some(s) => sqlx::query(&format!(
                "SELECT {COLS} FROM documents WHERE government_id = $1 AND direction = $2 AND status = $3 AND id > $4 ORDER BY id LIMIT $5"
            ))
            .bind(government_id)
            .bind(direction)
            .bind(s)
            .bind(after.unwrap_or(""))
            .bind(limit.clamp(0, 500))
            .fetch_all(&self.inner.pool)
            .await,
            None => sqlx::query(&format!(
                "SELECT {COLS} FROM documents WHERE government_id = $1 AND direction = $2 AND id > $3 ORDER BY id LIMIT $4"
            ))
            .bind(government_id)
            .bind(direction)
            .bind(after.unwrap_or(""))
            .bind(limit.clamp(0, 500))
            .fetch_all(&self.inner.pool)
            .await,
        }
        .ctx("读取公文", "reading documents")?;
        rows.iter().map(doc_from_row).collect()
    }

    /// Bulk load of generated documents for benchmarks and demos: `n` documents in batches of
    /// 10,000 rows per transaction, each batch audited as one event (`document.bulk_load`).
    pub async fn bulk_load_documents(
        &self,
        audit: &Audit,
        government_id: &str,
        n: usize,
        template: &Value,
        inbox_actor: &str,
        inbox: &str,
    ) -> Result<()> {
        let mut done = 0usize;
        while done < n {
            let batch = (n - done).min(10_000);
            let mut w = self.begin_write().await?;
            let first = new_id(w.now);
            let now = format_ts(w.now);
            let data = to_canonical(template);
            for i in 0..batch {
                let id = format!("{first}-{:08}", done + i);
                sqlx::query(
                    "INSERT INTO documents (id, government_id, direction, status, title, unit, doc_number, due_on, version, data, created_at, updated_at) \
                     VALUES ($1, $2, 'in', 'closed', $3, $4, NULL, NULL, 1, $5, $6, $6)",
                )
                .bind(&id)
                .bind(government_id)
                .bind(format!("生成的公文 {}", done + i))
                .bind(format!("unit{}", (done + i) % 50))
                .bind(&data)
                .bind(&now)
                .execute(w.c()?)
                .await
                .ctx("批量写入公文", "bulk loading documents")?;
                sqlx::query(
                    "INSERT INTO document_inbox (actor, box, doc_id, at) VALUES ($1, $2, $3, $4)",
                )
                .bind(inbox_actor)
                .bind(inbox)
                .bind(&id)
                .bind(&now)
                .execute(w.c()?)
                .await
                .ctx("批量写入公文", "bulk loading documents")?;
            }
            let after = json!({"government_id": government_id, "count": batch});
            w.audited(audit, OBJECT, &first, None, Some(&after)).await?;
            w.commit().await?;
            done += batch;
        }
        Ok(())
    }
}

/// Writes a normative document's register entry; a registration number already used by another
/// document of the government is refused.
async fn write_normative(
    w: &mut WriteTx,
    government_id: &str,
    doc_id: &str,
    title: &str,
    doc_number: Option<&str>,
    n: &NormativeEntry,
    now: &str,
) -> Result<()> {
    if let Some(reg) = &n.registration_number {
        let clash = sqlx::query(
            "SELECT doc_id FROM normative_documents WHERE government_id = $1 AND registration_number = $2 AND doc_id <> $3",
        )
        .bind(government_id)
        .bind(reg)
        .bind(doc_id)
        .fetch_optional(w.c()?)
        .await
        .ctx("检查登记编号", "checking the registration number")?;
        if clash.is_some() {
            return Err(StoreError::Invalid {
                zh: format!("登记编号 {reg} 已被另一份规范性文件使用"),
                en: format!(
                    "registration number {reg} is already used by another normative document"
                ),
            });
        }
    }
    sqlx::query(
        "INSERT INTO normative_documents (doc_id, government_id, title, doc_number, registration_number, issued_on, valid_until, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
         ON CONFLICT (doc_id) DO UPDATE SET title = excluded.title, doc_number = excluded.doc_number, \
         registration_number = excluded.registration_number, issued_on = excluded.issued_on, \
         valid_until = excluded.valid_until, updated_at = excluded.updated_at",
    )
    .bind(doc_id)
    .bind(government_id)
    .bind(title)
    .bind(doc_number)
    .bind(&n.registration_number)
    .bind(&n.issued_on)
    .bind(&n.valid_until)
    .bind(now)
    .execute(w.c()?)
    .await
    .ctx("登记规范性文件", "registering a normative document")?;
    Ok(())
}
