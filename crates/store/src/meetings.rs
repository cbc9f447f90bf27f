//! Meetings (issue #6): meetings, agenda items (议题), major administrative decisions (重大行政决策)
//! and the work that meeting decisions assign (会议决定事项), in tables of their own (migration 0003).
//!
//! A meeting, an agenda item and a major decision are versioned JSON documents ([`Doc`]); the columns
//! that are listed or scanned (government, meeting type and date, an item's meeting, status) are
//! projected from the document into indexed columns on every write. The pure rules live in
//! `zhengwu-domain::meetings`; this module only stores what those decided, each change with its audit
//! event (and the citations that justified it) in the same transaction.
//!
//! [`AssignedWork`] is the public shape of "work assigned by a meeting decision": the supervision
//! ledger reads it with [`Store::list_assigned_work`]. Its deadline is kept as start + period +
//! citation (with the explanation); `due_on` is the projection for indexing.

use crate::canonical::to_canonical;
use crate::clock::{format_ts, parse_ts};
use crate::db::{EventDraft, Store, WriteTx};
use crate::error::{DbContext, Result, StoreError};
use crate::records::{Audit, new_id};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use sqlx::Row;
use sqlx::any::AnyRow;

/// Which document table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocTable {
    Meeting,
    AgendaItem,
    MajorDecision,
}

impl DocTable {
    fn table(self) -> &'static str {
        match self {
            DocTable::Meeting => "meetings",
            DocTable::AgendaItem => "meeting_items",
            DocTable::MajorDecision => "major_decisions",
        }
    }

    /// The audit log's object type.
    pub fn object_type(self) -> &'static str {
        match self {
            DocTable::Meeting => "meeting",
            DocTable::AgendaItem => "agenda_item",
            DocTable::MajorDecision => "major_decision",
        }
    }

    /// Indexed columns projected from the document: a meeting's `type` and `date`, an item's
    /// `meeting_id`.
    fn extra(self) -> &'static [(&'static str, &'static str)] {
        match self {
            DocTable::Meeting => &[("meeting_type", "type"), ("meeting_date", "date")],
            DocTable::AgendaItem => &[("meeting_id", "meeting_id")],
            DocTable::MajorDecision => &[],
        }
    }

    fn select(self) -> String {
        format!(
            "SELECT id, government_id, status, version, data, created_at, updated_at FROM {}",
            self.table()
        )
    }
}

/// A stored meeting, agenda item or major decision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Doc {
    pub id: String,
    pub government_id: String,
    pub status: String,
    /// Starts at 1, +1 on every update; pass it back as `expected_version`.
    pub version: i64,
    pub data: Value,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// Work assigned by a meeting decision, for the supervision ledger (督查台账). The deadline is
/// `start_on` + `period` (a `zhengwu_rules::Period` as JSON) under `citation`; `due_on` is derived
/// with the calendar and `explain` says how.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AssignedWork {
    pub id: String,
    pub government_id: String,
    pub meeting_id: String,
    pub item_id: String,
    /// The unit named by the decision (a department id or name).
    pub unit: String,
    pub task: String,
    /// The meeting day (YYYY-MM-DD): the period runs from it.
    pub start_on: String,
    pub period: Value,
    pub citation: Value,
    /// YYYY-MM-DD, derived from start + period with the calendar.
    pub due_on: String,
    pub explain: String,
    pub created_at: Timestamp,
}

/// Work to record with a decision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewAssignedWork {
    pub unit: String,
    pub task: String,
    pub start_on: String,
    pub period: Value,
    pub citation: Value,
    pub due_on: String,
    pub explain: String,
}

fn err(e: sqlx::Error) -> StoreError {
    StoreError::Database {
        context: "读取会议数据",
        context_en: "reading meeting data",
        source: e,
    }
}

fn doc_from_row(row: &AnyRow) -> Result<Doc> {
    let data: String = row.try_get("data").map_err(err)?;
    let created: String = row.try_get("created_at").map_err(err)?;
    let updated: String = row.try_get("updated_at").map_err(err)?;
    Ok(Doc {
        id: row.try_get("id").map_err(err)?,
        government_id: row.try_get("government_id").map_err(err)?,
        status: row.try_get("status").map_err(err)?,
        version: row.try_get("version").map_err(err)?,
        data: serde_json::from_str(&data)
            .map_err(|e| StoreError::Corrupt(format!("meeting data: {e}")))?,
        created_at: parse_ts(&created)?,
        updated_at: parse_ts(&updated)?,
    })
}

fn work_from_row(row: &AnyRow) -> Result<AssignedWork> {
    let period: String = row.try_get("period").map_err(err)?;
    let citation: String = row.try_get("citation").map_err(err)?;
    let created: String = row.try_get("created_at").map_err(err)?;
    let corrupt = |e: serde_json::Error| StoreError::Corrupt(format!("assigned work: {e}"));
    Ok(AssignedWork {
        id: row.try_get("id").map_err(err)?,
        government_id: row.try_get("government_id").map_err(err)?,
        meeting_id: row.try_get("meeting_id").map_err(err)?,
        item_id: row.try_get("item_id").map_err(err)?,
        unit: row.try_get("unit").map_err(err)?,
        task: row.try_get("task").map_err(err)?,
        start_on: row.try_get("start_on").map_err(err)?,
        period: serde_json::from_str(&period).map_err(corrupt)?,
        citation: serde_json::from_str(&citation).map_err(corrupt)?,
        due_on: row.try_get("due_on").map_err(err)?,
        explain: row.try_get("explain").map_err(err)?,
        created_at: parse_ts(&created)?,
    })
}

fn doc_json(t: DocTable, d: &Doc) -> Value {
    json!({"type": t.object_type(), "id": d.id, "version": d.version, "status": d.status, "data": d.data})
}

fn projected(t: DocTable, data: &Value) -> Vec<Option<String>> {
    t.extra()
        .iter()
        .map(|(_, field)| data.get(*field).and_then(Value::as_str).map(str::to_string))
        .collect()
}

fn check_status(status: &str) -> Result<()> {
    crate::records::check_name("状态", "status", status)
}

async fn fetch_doc(w: &mut WriteTx, t: DocTable, id: &str) -> Result<Option<Doc>> {
    let sql = format!("{} WHERE id = $1", t.select());
    let row = sqlx::query(&sql)
        .bind(id)
        .fetch_optional(w.c()?)
        .await
        .ctx("读取会议数据", "reading meeting data")?;
    row.as_ref().map(doc_from_row).transpose()
}

async fn insert_doc(
    w: &mut WriteTx,
    audit: &Audit,
    t: DocTable,
    government_id: &str,
    status: &str,
    data: Value,
) -> Result<Doc> {
    crate::records::check_name("政府", "government", government_id)?;
    check_status(status)?;
    let id = new_id(w.now);
    let now = format_ts(w.now);
    let extra = t.extra();
    let mut cols = vec![
        "id",
        "government_id",
        "status",
        "version",
        "data",
        "created_at",
        "updated_at",
    ];
    cols.extend(extra.iter().map(|(c, _)| *c));
    let marks = (1..=cols.len())
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!(
        "INSERT INTO {} ({}) VALUES ({marks})",
        t.table(),
        cols.join(", ")
    );
    let mut q = sqlx::query(&sql)
        .bind(id.clone())
        .bind(government_id.to_string())
        .bind(status.to_string())
        .bind(1_i64)
        .bind(to_canonical(&data))
        .bind(now.clone())
        .bind(now.clone());
    for v in projected(t, &data) {
        q = q.bind(v);
    }
    q.execute(w.c()?)
        .await
        .ctx("写入会议数据", "writing meeting data")?;
    let doc = Doc {
        id,
        government_id: government_id.to_string(),
        status: status.to_string(),
        version: 1,
        data,
        created_at: parse_ts(&now)?,
        updated_at: parse_ts(&now)?,
    };
    let after = doc_json(t, &doc);
    w.audited(audit, t.object_type(), &doc.id, None, Some(&after))
        .await?;
    Ok(doc)
}

async fn update_doc_in(
    w: &mut WriteTx,
    audit: &Audit,
    t: DocTable,
    id: &str,
    expected_version: i64,
    status: &str,
    data: Value,
) -> Result<Doc> {
    check_status(status)?;
    let Some(old) = fetch_doc(w, t, id).await? else {
        return Err(StoreError::not_found(t.object_type(), id));
    };
    let conflict = || StoreError::Conflict {
        object_type: t.object_type().into(),
        id: id.into(),
        expected: expected_version,
        current: old.version,
    };
    if old.version != expected_version {
        return Err(conflict());
    }
    let now = format_ts(w.now);
    let mut sets = vec![
        "version = version + 1".to_string(),
        "status = $1".to_string(),
        "data = $2".to_string(),
        "updated_at = $3".to_string(),
    ];
    let extra = t.extra();
    for (i, (c, _)) in extra.iter().enumerate() {
        sets.push(format!("{c} = ${}", i + 4));
    }
    let n = extra.len() + 4;
    let sql = format!(
        "UPDATE {} SET {} WHERE id = ${n} AND version = ${}",
        t.table(),
        sets.join(", "),
        n + 1
    );
    let mut q = sqlx::query(&sql)
        .bind(status.to_string())
        .bind(to_canonical(&data))
        .bind(now.clone());
    for v in projected(t, &data) {
        q = q.bind(v);
    }
    let res = q
        .bind(id.to_string())
        .bind(expected_version)
        .execute(w.c()?)
        .await
        .ctx("更新会议数据", "updating meeting data")?;
    if res.rows_affected() != 1 {
        return Err(conflict());
    }
    let doc = Doc {
        version: old.version + 1,
        status: status.to_string(),
        data,
        updated_at: parse_ts(&now)?,
        ..old.clone()
    };
    let before = doc_json(t, &old);
    let after = doc_json(t, &doc);
    w.audited(audit, t.object_type(), id, Some(&before), Some(&after))
        .await?;
    Ok(doc)
}

impl Store {
    /// Creates a meeting, agenda item or major decision (version 1) with its audit event.
    pub async fn create_doc(
        &self,
        audit: &Audit,
        t: DocTable,
        government_id: &str,
        status: &str,
        data: Value,
    ) -> Result<Doc> {
        let mut w = self.begin_write().await?;
        let d = insert_doc(&mut w, audit, t, government_id, status, data).await?;
        w.commit().await?;
        Ok(d)
    }

    /// Replaces a document's status and data if it is still at `expected_version`
    /// ([`StoreError::Conflict`] otherwise).
    pub async fn update_doc(
        &self,
        audit: &Audit,
        t: DocTable,
        id: &str,
        expected_version: i64,
        status: &str,
        data: Value,
    ) -> Result<Doc> {
        let mut w = self.begin_write().await?;
        let d = update_doc_in(&mut w, audit, t, id, expected_version, status, data).await?;
        w.commit().await?;
        Ok(d)
    }

    /// Several document updates in one transaction (e.g. the agenda: the meeting and its items).
    pub async fn update_docs(
        &self,
        audit: &Audit,
        updates: Vec<(DocTable, String, i64, String, Value)>,
    ) -> Result<Vec<Doc>> {
        let mut w = self.begin_write().await?;
        let mut out = Vec::with_capacity(updates.len());
        for (t, id, v, status, data) in updates {
            out.push(update_doc_in(&mut w, audit, t, &id, v, &status, data).await?);
        }
        w.commit().await?;
        Ok(out)
    }

    /// Records a decision on an agenda item (the item's new state) together with the work it
    /// assigns, in one transaction: the item's audit event carries the citations.
    pub async fn record_item_decision(
        &self,
        audit: &Audit,
        item_id: &str,
        expected_version: i64,
        status: &str,
        data: Value,
        work: Vec<NewAssignedWork>,
    ) -> Result<(Doc, Vec<AssignedWork>)> {
        let mut w = self.begin_write().await?;
        let item = update_doc_in(
            &mut w,
            audit,
            DocTable::AgendaItem,
            item_id,
            expected_version,
            status,
            data,
        )
        .await?;
        let meeting_id = item
            .data
            .get("meeting_id")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        let now = format_ts(w.now);
        let mut out = Vec::with_capacity(work.len());
        for nw in work {
            crate::records::check_name("承办单位", "unit", &nw.unit)?;
            let id = new_id(w.now);
            sqlx::query(
                "INSERT INTO meeting_followups (id, government_id, meeting_id, item_id, unit, task, start_on, period, citation, due_on, explain, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
            )
            .bind(id.clone())
            .bind(item.government_id.clone())
            .bind(meeting_id.clone())
            .bind(item.id.clone())
            .bind(nw.unit.clone())
            .bind(nw.task.clone())
            .bind(nw.start_on.clone())
            .bind(to_canonical(&nw.period))
            .bind(to_canonical(&nw.citation))
            .bind(nw.due_on.clone())
            .bind(nw.explain.clone())
            .bind(now.clone())
            .execute(w.c()?)
            .await
            .ctx("写入会议决定事项", "writing assigned work")?;
            let aw = AssignedWork {
                id,
                government_id: item.government_id.clone(),
                meeting_id: meeting_id.clone(),
                item_id: item.id.clone(),
                unit: nw.unit,
                task: nw.task,
                start_on: nw.start_on,
                period: nw.period,
                citation: nw.citation,
                due_on: nw.due_on,
                explain: nw.explain,
                created_at: parse_ts(&now)?,
            };
            let after =
                serde_json::to_value(&aw).map_err(|e| StoreError::Corrupt(e.to_string()))?;
            let cites = vec![aw.citation.clone()];
            w.event(EventDraft {
                actor: &audit.actor,
                action: "meeting.work_assigned",
                object_type: "assigned_work",
                object_id: &aw.id,
                before: None,
                after: Some(&after),
                citations: &cites,
            })
            .await?;
            out.push(aw);
        }
        w.commit().await?;
        Ok((item, out))
    }

    pub async fn get_doc(&self, t: DocTable, id: &str) -> Result<Option<Doc>> {
        let sql = format!("{} WHERE id = $1", t.select());
        let row = sqlx::query(&sql)
            .bind(id)
            .fetch_optional(self.pool())
            .await
            .ctx("读取会议数据", "reading meeting data")?;
        row.as_ref().map(doc_from_row).transpose()
    }

    /// Documents of one government ordered by id (creation time), keyset paging after `after_id`.
    pub async fn list_docs(
        &self,
        t: DocTable,
        government_id: &str,
        after_id: Option<&str>,
        limit: i64,
    ) -> Result<Vec<Doc>> {
        let sql = format!(
            "{} WHERE government_id = $1 AND id > $2 ORDER BY id LIMIT $3",
            t.select()
        );
        let rows = sqlx::query(&sql)
            .bind(government_id)
            .bind(after_id.unwrap_or(""))
            .bind(limit.max(0))
            .fetch_all(self.pool())
            .await
            .ctx("读取会议数据", "reading meeting data")?;
        rows.iter().map(doc_from_row).collect()
    }

    /// The agenda items placed on a meeting.
    pub async fn items_of_meeting(&self, meeting_id: &str) -> Result<Vec<Doc>> {
        let sql = format!(
            "{} WHERE meeting_id = $1 ORDER BY id",
            DocTable::AgendaItem.select()
        );
        let rows = sqlx::query(&sql)
            .bind(meeting_id)
            .fetch_all(self.pool())
            .await
            .ctx("读取议题", "reading agenda items")?;
        rows.iter().map(doc_from_row).collect()
    }

    /// How many meetings of a type a government held or scheduled on days `from..=to`
    /// (YYYY-MM-DD), not counting cancelled ones (cadence).
    pub async fn count_meetings(
        &self,
        government_id: &str,
        meeting_type: &str,
        from: &str,
        to: &str,
    ) -> Result<i64> {
        let row = sqlx::query(
            "SELECT COUNT(*) AS n FROM meetings WHERE government_id = $1 AND meeting_type = $2 \
             AND meeting_date >= $3 AND meeting_date <= $4 AND status <> 'cancelled'",
        )
        .bind(government_id)
        .bind(meeting_type)
        .bind(from)
        .bind(to)
        .fetch_one(self.pool())
        .await
        .ctx("统计会议", "counting meetings")?;
        row.try_get("n").ctx("统计会议", "counting meetings")
    }

    /// The meetings of a type held (not cancelled) between two days inclusive, in date order: the
    /// few of a period, read whole (e.g. to count the pre-meeting study sessions recorded on them).
    pub async fn meetings_between(
        &self,
        government_id: &str,
        meeting_type: &str,
        from: &str,
        to: &str,
    ) -> Result<Vec<Doc>> {
        let sql = format!(
            "{} WHERE government_id = $1 AND meeting_type = $2 AND meeting_date >= $3 \
             AND meeting_date <= $4 AND status <> 'cancelled' ORDER BY meeting_date, id",
            DocTable::Meeting.select()
        );
        let rows = sqlx::query(&sql)
            .bind(government_id)
            .bind(meeting_type)
            .bind(from)
            .bind(to)
            .fetch_all(self.pool())
            .await
            .ctx("读取会议数据", "reading meeting data")?;
        rows.iter().map(doc_from_row).collect()
    }

    /// Work assigned by meeting decisions of a government, by due date (the ledger's view),
    /// after `(after_due, after_id)`.
    pub async fn list_assigned_work(
        &self,
        government_id: &str,
        after: Option<(&str, &str)>,
        limit: i64,
    ) -> Result<Vec<AssignedWork>> {
        let (due, id) = after.unwrap_or(("", ""));
        let rows = sqlx::query(
            "SELECT id, government_id, meeting_id, item_id, unit, task, start_on, period, citation, due_on, explain, created_at \
             FROM meeting_followups WHERE government_id = $1 AND (due_on > $2 OR (due_on = $2 AND id > $3)) \
             ORDER BY due_on, id LIMIT $4",
        )
        .bind(government_id)
        .bind(due)
        .bind(id)
        .bind(limit.max(0))
        .fetch_all(self.pool())
        .await
        .ctx("读取会议决定事项", "reading assigned work")?;
        rows.iter().map(work_from_row).collect()
    }

    /// Every government's assigned work after `after` in id order (at most `limit`): the
    /// re-projection of their due dates when a calendar year is loaded.
    pub async fn assigned_work_after(&self, after: &str, limit: i64) -> Result<Vec<AssignedWork>> {
        let rows = sqlx::query(
            "SELECT id, government_id, meeting_id, item_id, unit, task, start_on, period, citation, due_on, explain, created_at \
             FROM meeting_followups WHERE id > $1 ORDER BY id LIMIT $2",
        )
        .bind(after)
        .bind(limit.max(0))
        .fetch_all(self.pool())
        .await
        .ctx("读取会议决定事项", "reading assigned work")?;
        rows.iter().map(work_from_row).collect()
    }

    /// Re-projects one piece of assigned work: its due date and explanation counted again (start,
    /// period and citation unchanged), with its audit event.
    pub async fn reproject_assigned_work(
        &self,
        audit: &Audit,
        id: &str,
        due_on: &str,
        explain: &str,
    ) -> Result<()> {
        let mut w = self.begin_write().await?;
        let old = sqlx::query("SELECT due_on, explain FROM meeting_followups WHERE id = $1")
            .bind(id)
            .fetch_optional(w.c()?)
            .await
            .ctx("读取会议决定事项", "reading assigned work")?
            .ok_or_else(|| StoreError::not_found("assigned_work", id))?;
        let before = json!({
            "due_on": old.try_get::<String, _>("due_on").map_err(err)?,
            "explain": old.try_get::<String, _>("explain").map_err(err)?,
        });
        sqlx::query("UPDATE meeting_followups SET due_on = $1, explain = $2 WHERE id = $3")
            .bind(due_on)
            .bind(explain)
            .bind(id)
            .execute(w.c()?)
            .await
            .ctx("更新会议决定事项", "updating assigned work")?;
        let after = json!({"due_on": due_on, "explain": explain});
        w.audited(audit, "assigned_work", id, Some(&before), Some(&after))
            .await?;
        w.commit().await?;
        Ok(())
    }

    /// The work assigned at one meeting.
    pub async fn assigned_work_of_meeting(&self, meeting_id: &str) -> Result<Vec<AssignedWork>> {
        let rows = sqlx::query(
            "SELECT id, government_id, meeting_id, item_id, unit, task, start_on, period, citation, due_on, explain, created_at \
             FROM meeting_followups WHERE meeting_id = $1 ORDER BY id",
        )
        .bind(meeting_id)
        .fetch_all(self.pool())
        .await
        .ctx("读取会议决定事项", "reading assigned work")?;
        rows.iter().map(work_from_row).collect()
    }
}
