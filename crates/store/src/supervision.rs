//! The supervision ledger's tables (migration 0004): items with their projected, indexed columns,
//! the idempotent notices of the scheduler, and the job lease that lets one instance of several run
//! a background job.
//!
//! The store does not decide anything: the server evaluates an item through `zhengwu-domain` (which
//! evaluates the `supervision_item` kind of the rules crate) and hands the store the item JSON
//! (`data`, the truth: start + period + suspensions + extensions) with its projection
//! ([`SupProjection`]: due date, status, colour…) for the indexes. Every write is audited in the same
//! transaction as the change.

use crate::canonical::to_canonical;
use crate::clock::format_ts;
use crate::db::Store;
use crate::error::{DbContext, Result, StoreError};
use crate::records::{Audit, fetch_one, new_id};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use sqlx::Row;
use sqlx::any::AnyRow;

/// The indexed projection of an item (computed by the domain on every write and scheduler run).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupProjection {
    pub stage: String,
    pub is_open: bool,
    /// The earliest due date not yet met (`YYYY-MM-DD`), derived from the item's deadlines.
    pub due_on: Option<String>,
    pub status: String,
    pub colour: Option<String>,
    pub provisional: bool,
    pub completed_on: Option<String>,
    pub closed_on: Option<String>,
    /// For completed items: whether every deadline was met.
    pub on_time: Option<bool>,
    pub reminders_total: i64,
}

/// A new item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewSupItem {
    pub government_id: String,
    pub profile_id: String,
    pub source: String,
    pub title: String,
    pub lead_unit: String,
    pub responsible: String,
    pub assigned_on: String,
    pub data: Value,
    pub projection: SupProjection,
}

/// A stored item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SupItem {
    pub id: String,
    pub government_id: String,
    pub profile_id: String,
    pub source: String,
    pub title: String,
    pub lead_unit: String,
    pub responsible: String,
    pub assigned_on: String,
    #[serde(flatten)]
    pub projection: SupProjection,
    pub data: Value,
    pub version: i64,
    pub created_at: String,
    pub updated_at: String,
}

/// A notice the scheduler sent (催办, 临期提醒, 升级提示).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupNotice {
    pub item_id: String,
    pub kind: String,
    pub period: String,
    pub government_id: String,
    pub recipient: String,
    pub message: String,
    pub sent_at: String,
}

/// Ledger filters (all optional) and keyset pagination on (due_on, id).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerQuery {
    pub government_id: String,
    /// Only open items (the default ledger) or only finished ones.
    pub open: Option<bool>,
    pub status: Option<String>,
    pub lead_unit: Option<String>,
    pub source: Option<String>,
    /// Continue after this (due_on, id) (from the previous page's `next`).
    pub after: Option<(String, String)>,
    pub limit: u32,
}

/// One row of a report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportRow {
    pub key: String,
    pub total: i64,
    pub open: i64,
    pub overdue: i64,
    pub completed: i64,
    pub completed_on_time: i64,
    /// completed_on_time / completed, when anything was completed.
    pub on_time_rate: Option<f64>,
}

macro_rules! cols {
    () => {
        "id, government_id, profile_id, source, title, lead_unit, responsible, stage, is_open, assigned_on, due_on, status, colour, provisional, completed_on, closed_on, on_time, reminders_total, data, version, created_at, updated_at"
    };
}
const COLS: &str = cols!();
const BY_ID: &str = concat!("SELECT ", cols!(), " FROM supervision_items WHERE id = $1");

/// Due date used for items without one, so that keyset pagination has a total order (sorts last).
const NO_DUE: &str = "9999-12-31";

fn item_from_row(row: &AnyRow) -> Result<SupItem> {
    let c = |e| StoreError::Database {
        context: "读取督办事项",
        context_en: "reading a supervision item",
        source: e,
    };
    let data: String = row.try_get("data").map_err(c)?;
    let due: Option<String> = row.try_get("due_on").map_err(c)?;
    Ok(SupItem {
        id: row.try_get("id").map_err(c)?,
        government_id: row.try_get("government_id").map_err(c)?,
        profile_id: row.try_get("profile_id").map_err(c)?,
        source: row.try_get("source").map_err(c)?,
        title: row.try_get("title").map_err(c)?,
        lead_unit: row.try_get("lead_unit").map_err(c)?,
        responsible: row.try_get("responsible").map_err(c)?,
        assigned_on: row.try_get("assigned_on").map_err(c)?,
        projection: SupProjection {
            stage: row.try_get("stage").map_err(c)?,
            is_open: row.try_get::<i64, _>("is_open").map_err(c)? != 0,
            due_on: due.filter(|d| d != NO_DUE),
            status: row.try_get("status").map_err(c)?,
            colour: row.try_get("colour").map_err(c)?,
            provisional: row.try_get::<i64, _>("provisional").map_err(c)? != 0,
            completed_on: row.try_get("completed_on").map_err(c)?,
            closed_on: row.try_get("closed_on").map_err(c)?,
            on_time: row
                .try_get::<Option<i64>, _>("on_time")
                .map_err(c)?
                .map(|v| v != 0),
            reminders_total: row.try_get("reminders_total").map_err(c)?,
        },
        data: serde_json::from_str(&data)
            .map_err(|e| StoreError::Corrupt(format!("supervision item data: {e}")))?,
        version: row.try_get("version").map_err(c)?,
        created_at: row.try_get("created_at").map_err(c)?,
        updated_at: row.try_get("updated_at").map_err(c)?,
    })
}

/// The one row `sql` (`BY_…`) finds with `key`, read on `conn` (the pool, or a write's connection).
async fn fetch<'c>(
    conn: impl sqlx::Executor<'c, Database = sqlx::Any>,
    sql: &'static str,
    key: &str,
) -> Result<SupItem> {
    fetch_one(
        conn,
        sql,
        key,
        item_from_row,
        "supervision_item",
        ("读取督办事项", "reading a supervision item"),
    )
    .await
}

fn audit_json(it: &SupItem) -> Value {
    json!({"id": it.id, "version": it.version, "stage": it.projection.stage,
           "status": it.projection.status, "due_on": it.projection.due_on, "data": it.data})
}

fn b(v: bool) -> i64 {
    i64::from(v)
}

impl Store {
    /// Registers an item (立项), audited.
    pub async fn create_sup_item(&self, audit: &Audit, new: NewSupItem) -> Result<SupItem> {
        crate::records::check_name("督办事项标题", "item title", &new.title)?;
        crate::records::check_name("牵头单位", "lead unit", &new.lead_unit)?;
        let mut w = self.begin_write().await?;
        let id = new_id(w.now);
        let now = format_ts(w.now);
        let p = &new.projection;
        sqlx::query(&format!(
            "INSERT INTO supervision_items ({COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, 1, $20, $20)"
        ))
        .bind(&id)
        .bind(&new.government_id)
        .bind(&new.profile_id)
        .bind(&new.source)
        .bind(&new.title)
        .bind(&new.lead_unit)
        .bind(&new.responsible)
        .bind(&p.stage)
        .bind(b(p.is_open))
        .bind(&new.assigned_on)
        .bind(p.due_on.clone().unwrap_or_else(|| NO_DUE.into()))
        .bind(&p.status)
        .bind(&p.colour)
        .bind(b(p.provisional))
        .bind(&p.completed_on)
        .bind(&p.closed_on)
        .bind(p.on_time.map(b))
        .bind(p.reminders_total)
        .bind(to_canonical(&new.data))
        .bind(&now)
        .execute(w.c()?)
        .await
        .ctx("写入督办事项", "writing a supervision item")?;
        let it = SupItem {
            id,
            government_id: new.government_id,
            profile_id: new.profile_id,
            source: new.source,
            title: new.title,
            lead_unit: new.lead_unit,
            responsible: new.responsible,
            assigned_on: new.assigned_on,
            projection: new.projection,
            data: new.data,
            version: 1,
            created_at: now.clone(),
            updated_at: now,
        };
        let after = audit_json(&it);
        w.audited(audit, "supervision_item", &it.id, None, Some(&after))
            .await?;
        w.commit().await?;
        Ok(it)
    }

    pub async fn get_sup_item(&self, id: &str) -> Result<SupItem> {
        fetch(&self.inner.pool, BY_ID, id).await
    }

    /// Updates an item (optimistic: `expected_version`), audited; with `notice`, also records that
    /// notice in the same transaction — and does nothing at all (returns `Ok(None)`) when that
    /// notice was already sent, which makes the scheduler restart-safe.
    pub async fn update_sup_item(
        &self,
        audit: &Audit,
        id: &str,
        expected_version: i64,
        data: Value,
        projection: SupProjection,
        notice: Option<&SupNotice>,
    ) -> Result<Option<SupItem>> {
        let mut w = self.begin_write().await?;
        let old = fetch(w.c()?, BY_ID, id).await?;
        if old.version != expected_version {
            return Err(StoreError::Conflict {
                object_type: "supervision_item".into(),
                id: id.into(),
                expected: expected_version,
                current: old.version,
            });
        }
        let now = format_ts(w.now);
        if let Some(n) = notice {
            let res = sqlx::query(
                "INSERT INTO supervision_notices (item_id, kind, period, government_id, recipient, message, sent_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING",
            )
            .bind(&n.item_id)
            .bind(&n.kind)
            .bind(&n.period)
            .bind(&n.government_id)
            .bind(&n.recipient)
            .bind(&n.message)
            .bind(&now)
            .execute(w.c()?)
            .await
            .ctx("记录督办通知", "recording a supervision notice")?;
            if res.rows_affected() == 0 {
                // Already sent: the write is dropped (rolled back), nothing changes.
                return Ok(None);
            }
        }
        let p = &projection;
        let res = sqlx::query(
            "UPDATE supervision_items SET stage = $1, is_open = $2, due_on = $3, status = $4, colour = $5, provisional = $6, \
             completed_on = $7, closed_on = $8, on_time = $9, reminders_total = $10, data = $11, version = version + 1, updated_at = $12 \
             WHERE id = $13 AND version = $14",
        )
        .bind(&p.stage)
        .bind(b(p.is_open))
        .bind(p.due_on.clone().unwrap_or_else(|| NO_DUE.into()))
        .bind(&p.status)
        .bind(&p.colour)
        .bind(b(p.provisional))
        .bind(&p.completed_on)
        .bind(&p.closed_on)
        .bind(p.on_time.map(b))
        .bind(p.reminders_total)
        .bind(to_canonical(&data))
        .bind(&now)
        .bind(id)
        .bind(expected_version)
        .execute(w.c()?)
        .await
        .ctx("更新督办事项", "updating a supervision item")?;
        if res.rows_affected() != 1 {
            return Err(StoreError::Conflict {
                object_type: "supervision_item".into(),
                id: id.into(),
                expected: expected_version,
                current: old.version,
            });
        }
        let new = SupItem {
            projection,
            data,
            version: old.version + 1,
            updated_at: now,
            ..old.clone()
        };
        let before = audit_json(&old);
        let mut after = audit_json(&new);
        if let Some(n) = notice {
            after["notice"] = json!({"kind": n.kind, "period": n.period, "recipient": n.recipient, "message": n.message});
        }
        w.audited(audit, "supervision_item", id, Some(&before), Some(&after))
            .await?;
        w.commit().await?;
        Ok(Some(new))
    }

    /// One ledger page in due-date order, with the key of the next page.
    pub async fn sup_ledger(
        &self,
        q: &LedgerQuery,
    ) -> Result<(Vec<SupItem>, Option<(String, String)>)> {
        let mut sql = format!("SELECT {COLS} FROM supervision_items WHERE government_id = $1");
        let mut args: Vec<String> = vec![q.government_id.clone()];
        let mut n = 1;
        let mut push = |sql: &mut String, cond: &str, v: String, args: &mut Vec<String>| {
            n += 1;
            sql.push_str(&cond.replace('?', &format!("${n}")));
            args.push(v);
        };
        if let Some(open) = q.open {
            sql.push_str(if open {
                " AND is_open = 1"
            } else {
                " AND is_open = 0"
            });
        }
        if let Some(s) = &q.status {
            push(&mut sql, " AND status = ?", s.clone(), &mut args);
        }
        if let Some(s) = &q.lead_unit {
            push(&mut sql, " AND lead_unit = ?", s.clone(), &mut args);
        }
        if let Some(s) = &q.source {
            push(&mut sql, " AND source = ?", s.clone(), &mut args);
        }
        if let Some((d, id)) = &q.after {
            // A row-value comparison: both engines seek the (…, due_on, id) index to it.
            push(&mut sql, " AND (due_on, id) > (?", d.clone(), &mut args);
            push(&mut sql, ", ?)", id.clone(), &mut args);
        }
        let limit = q.limit.clamp(1, 500);
        sql.push_str(&format!(" ORDER BY due_on, id LIMIT {}", limit + 1));
        let mut query = sqlx::query(&sql);
        for a in &args {
            query = query.bind(a);
        }
        let rows = query
            .fetch_all(&self.inner.pool)
            .await
            .ctx("读取督办台账", "reading the supervision ledger")?;
        let mut items = rows.iter().map(item_from_row).collect::<Result<Vec<_>>>()?;
        let next = if items.len() > limit as usize {
            items.truncate(limit as usize);
            items.last().map(|i| {
                (
                    i.projection.due_on.clone().unwrap_or_else(|| NO_DUE.into()),
                    i.id.clone(),
                )
            })
        } else {
            None
        };
        Ok((items, next))
    }

    /// The overdue scan: ids of open items (all governments) whose projected due date is before
    /// `today` (`YYYY-MM-DD`), in due order. Index `supervision_items_open_due`.
    pub async fn sup_overdue_ids(&self, today: &str) -> Result<Vec<String>> {
        let rows = sqlx::query(
            "SELECT id FROM supervision_items WHERE is_open = 1 AND due_on < $1 ORDER BY due_on",
        )
        .bind(today)
        .fetch_all(&self.inner.pool)
        .await
        .ctx("扫描逾期督办事项", "scanning overdue items")?;
        rows.iter()
            .map(|r| {
                r.try_get::<String, _>("id")
                    .ctx("扫描逾期督办事项", "scanning overdue items")
            })
            .collect()
    }

    /// Open items the scheduler must look at on `today`: due on or before `horizon` (their status
    /// may move), or whose stored status is `escalate`-relevant. Up to `limit`, after `after_id`
    /// (batching).
    pub async fn sup_due_before(
        &self,
        horizon: &str,
        after: Option<(&str, &str)>,
        limit: u32,
    ) -> Result<Vec<SupItem>> {
        let rows = match after {
            None => sqlx::query(&format!(
                "SELECT {COLS} FROM supervision_items WHERE is_open = 1 AND due_on <= $1 ORDER BY due_on, id LIMIT {limit}"
            ))
            .bind(horizon)
            .fetch_all(&self.inner.pool)
            .await,
            Some((d, id)) => sqlx::query(&format!(
                "SELECT {COLS} FROM supervision_items WHERE is_open = 1 AND due_on <= $1 AND (due_on, id) > ($2, $3) ORDER BY due_on, id LIMIT {limit}"
            ))
            .bind(horizon)
            .bind(d)
            .bind(id)
            .fetch_all(&self.inner.pool)
            .await,
        }
        .ctx("读取待处理督办事项", "reading items to process")?;
        rows.iter().map(item_from_row).collect()
    }

    /// Open items of the given profiles' governments (for re-projection after a calendar year is
    /// loaded), in id batches.
    pub async fn sup_open_after(&self, after_id: &str, limit: u32) -> Result<Vec<SupItem>> {
        let rows = sqlx::query(&format!(
            "SELECT {COLS} FROM supervision_items WHERE is_open = 1 AND id > $1 ORDER BY id LIMIT {limit}"
        ))
        .bind(after_id)
        .fetch_all(&self.inner.pool)
        .await
        .ctx("读取未办结督办事项", "reading open items")?;
        rows.iter().map(item_from_row).collect()
    }

    /// Notices sent for an item, oldest first.
    pub async fn sup_notices(&self, item_id: &str) -> Result<Vec<SupNotice>> {
        let rows = sqlx::query(
            "SELECT item_id, kind, period, government_id, recipient, message, sent_at FROM supervision_notices WHERE item_id = $1 ORDER BY sent_at, kind, period",
        )
        .bind(item_id)
        .fetch_all(&self.inner.pool)
        .await
        .ctx("读取督办通知", "reading notices")?;
        rows.iter().map(notice_from_row).collect()
    }

    /// The latest notices (reminders, escalations) addressed to one recipient of a government —
    /// `office` or a unit — newest first, at most `limit` (1..=500); served by the index
    /// `supervision_notices_recipient`.
    pub async fn notices_for(
        &self,
        government_id: &str,
        recipient: &str,
        limit: i64,
    ) -> Result<Vec<SupNotice>> {
        let rows = sqlx::query(
            "SELECT item_id, kind, period, government_id, recipient, message, sent_at FROM supervision_notices \
             WHERE government_id = $1 AND recipient = $2 ORDER BY sent_at DESC, item_id, kind LIMIT $3",
        )
        .bind(government_id)
        .bind(recipient)
        .bind(limit.clamp(1, 500))
        .fetch_all(&self.inner.pool)
        .await
        .ctx("读取事项提醒", "reading reminders")?;
        rows.iter().map(notice_from_row).collect()
    }

    /// Report rows grouped by `lead_unit` or `source` for one government, as of `today`.
    pub async fn sup_report(
        &self,
        government_id: &str,
        by: ReportBy,
        today: &str,
    ) -> Result<Vec<ReportRow>> {
        let col = match by {
            ReportBy::Unit => "lead_unit",
            ReportBy::Source => "source",
        };
        let rows = sqlx::query(&format!(
            "SELECT {col} AS k, COUNT(*) AS total, \
             SUM(CASE WHEN is_open = 1 THEN 1 ELSE 0 END) AS open_n, \
             SUM(CASE WHEN is_open = 1 AND due_on < $2 THEN 1 ELSE 0 END) AS overdue_n, \
             SUM(CASE WHEN completed_on IS NOT NULL THEN 1 ELSE 0 END) AS done_n, \
             SUM(CASE WHEN on_time = 1 THEN 1 ELSE 0 END) AS ontime_n \
             FROM supervision_items WHERE government_id = $1 GROUP BY {col} ORDER BY {col}"
        ))
        .bind(government_id)
        .bind(today)
        .fetch_all(&self.inner.pool)
        .await
        .ctx("统计督办事项", "reporting on items")?;
        rows.iter()
            .map(|r| {
                let e = |e| StoreError::Database {
                    context: "统计督办事项",
                    context_en: "reporting on items",
                    source: e,
                };
                let i = |c: &str| -> Result<i64> {
                    Ok(r.try_get::<Option<i64>, _>(c).map_err(e)?.unwrap_or(0))
                };
                let completed = i("done_n")?;
                let on_time = i("ontime_n")?;
                Ok(ReportRow {
                    key: r.try_get("k").map_err(e)?,
                    total: i("total")?,
                    open: i("open_n")?,
                    overdue: i("overdue_n")?,
                    completed,
                    completed_on_time: on_time,
                    on_time_rate: (completed > 0).then(|| on_time as f64 / completed as f64),
                })
            })
            .collect()
    }

    /// Takes or renews the lease of a background job for `ttl_seconds`; `true` when `holder` holds
    /// it now. With several instances on one database exactly one holds it at a time (the row is
    /// claimed by a conditional UPDATE, or created by an INSERT that only one can win).
    pub async fn try_lease(&self, name: &str, holder: &str, ttl_seconds: i64) -> Result<bool> {
        let now = self.now();
        let until = now
            .checked_add(jiff::SignedDuration::from_secs(ttl_seconds))
            .unwrap_or(now);
        let (now_s, until_s) = (format_ts(now), format_ts(until));
        let res = sqlx::query(
            "UPDATE job_leases SET holder = $1, expires_at = $2 WHERE name = $3 AND (holder = $1 OR expires_at < $4)",
        )
        .bind(holder)
        .bind(&until_s)
        .bind(name)
        .bind(&now_s)
        .execute(&self.inner.pool)
        .await
        .ctx("更新任务租约", "renewing a job lease")?;
        if res.rows_affected() == 1 {
            return Ok(true);
        }
        let res = sqlx::query(
            "INSERT INTO job_leases (name, holder, expires_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
        )
        .bind(name)
        .bind(holder)
        .bind(&until_s)
        .execute(&self.inner.pool)
        .await
        .ctx("获取任务租约", "taking a job lease")?;
        Ok(res.rows_affected() == 1)
    }

    /// Gives a lease up (on shutdown) so another instance takes over at once.
    pub async fn release_lease(&self, name: &str, holder: &str) -> Result<()> {
        sqlx::query("DELETE FROM job_leases WHERE name = $1 AND holder = $2")
            .bind(name)
            .bind(holder)
            .execute(&self.inner.pool)
            .await
            .ctx("释放任务租约", "releasing a job lease")?;
        Ok(())
    }

    /// The ledger as an xlsx workbook (one sheet, the columns of the ledger page).
    pub async fn sup_export_xlsx(&self, q: &LedgerQuery) -> Result<Vec<u8>> {
        use rust_xlsxwriter::Workbook;
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        let x = |e: rust_xlsxwriter::XlsxError| StoreError::Corrupt(format!("xlsx: {e}"));
        ws.set_name("督办台账").map_err(x)?;
        let head = [
            "编号",
            "来源",
            "事项",
            "牵头单位",
            "责任人",
            "交办日期",
            "办理期限",
            "状态",
            "标识",
            "阶段",
            "催办次数",
            "办结日期",
            "销号日期",
        ];
        for (c, h) in head.iter().enumerate() {
            ws.write_string(0, c as u16, *h).map_err(x)?;
        }
        let mut q = q.clone();
        q.limit = 500;
        let mut r: u32 = 1;
        loop {
            let (items, next) = self.sup_ledger(&q).await?;
            for it in &items {
                let p = &it.projection;
                let cells = [
                    it.id.as_str(),
                    it.source.as_str(),
                    it.title.as_str(),
                    it.lead_unit.as_str(),
                    it.responsible.as_str(),
                    it.assigned_on.as_str(),
                    p.due_on.as_deref().unwrap_or(""),
                    p.status.as_str(),
                    p.colour.as_deref().unwrap_or(""),
                    p.stage.as_str(),
                ];
                for (c, v) in cells.iter().enumerate() {
                    ws.write_string(r, c as u16, *v).map_err(x)?;
                }
                ws.write_number(r, 10, p.reminders_total as f64)
                    .map_err(x)?;
                ws.write_string(r, 11, p.completed_on.as_deref().unwrap_or(""))
                    .map_err(x)?;
                ws.write_string(r, 12, p.closed_on.as_deref().unwrap_or(""))
                    .map_err(x)?;
                r += 1;
            }
            match next {
                Some(n) => q.after = Some(n),
                None => break,
            }
        }
        wb.save_to_buffer().map_err(x)
    }

    /// Bulk insert for benchmarks and demo data: rows without audit events (NOT for application
    /// writes). Returns how many rows were inserted.
    #[doc(hidden)]
    pub async fn sup_bulk_insert_unaudited(&self, rows: &[NewSupItem]) -> Result<u64> {
        let mut w = self.begin_write().await?;
        let now = format_ts(w.now);
        let mut n = 0;
        for (i, new) in rows.iter().enumerate() {
            let p = &new.projection;
            let id = format!("{}{:08}", new_id(w.now), i);
            sqlx::query(&format!(
                "INSERT INTO supervision_items ({COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, 1, $20, $20)"
            ))
            .bind(&id)
            .bind(&new.government_id)
            .bind(&new.profile_id)
            .bind(&new.source)
            .bind(&new.title)
            .bind(&new.lead_unit)
            .bind(&new.responsible)
            .bind(&p.stage)
            .bind(b(p.is_open))
            .bind(&new.assigned_on)
            .bind(p.due_on.clone().unwrap_or_else(|| NO_DUE.into()))
            .bind(&p.status)
            .bind(&p.colour)
            .bind(b(p.provisional))
            .bind(&p.completed_on)
            .bind(&p.closed_on)
            .bind(p.on_time.map(b))
            .bind(p.reminders_total)
            .bind(to_canonical(&new.data))
            .bind(&now)
            .execute(w.c()?)
            .await
            .ctx("写入督办事项", "writing a supervision item")?;
            n += 1;
        }
        w.commit().await?;
        Ok(n)
    }
}

/// How a report groups items.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportBy {
    Unit,
    Source,
}

fn notice_from_row(r: &AnyRow) -> Result<SupNotice> {
    let g = |c: &str| -> Result<String> {
        r.try_get::<String, _>(c)
            .ctx("读取督办通知", "reading notices")
    };
    Ok(SupNotice {
        item_id: g("item_id")?,
        kind: g("kind")?,
        period: g("period")?,
        government_id: g("government_id")?,
        recipient: g("recipient")?,
        message: g("message")?,
        sent_at: g("sent_at")?,
    })
}
