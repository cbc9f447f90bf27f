//! Holiday schedules loaded at run time (`zhengwu calendar load`): one row per year with the
//! notice's source text, so a newly announced year survives restarts without a new release.

use crate::clock::{format_ts, parse_ts};
use crate::db::{EventDraft, Store};
use crate::error::{DbContext, Result, StoreError};
use crate::records::Audit;
use jiff::Timestamp;
use serde::Serialize;
use serde_json::json;
use sqlx::Row;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CalendarYear {
    pub year: i64,
    /// The schedule as loaded (the calendar crate's file format).
    pub source: String,
    pub loaded_at: Timestamp,
    pub version: i64,
}

impl Store {
    /// Store (or replace) a year's schedule. The audit event keeps the SHA-256 of the old and new
    /// text, not the text itself.
    pub async fn put_calendar_year(
        &self,
        audit: &Audit,
        year: i64,
        source: &str,
    ) -> Result<CalendarYear> {
        if !(1949..=9999).contains(&year) {
            return Err(StoreError::invalid(
                format!("年份无效：{year}"),
                format!("invalid year: {year}"),
            ));
        }
        let mut w = self.begin_write().await?;
        let old = sqlx::query("SELECT source, version FROM calendar_years WHERE year = $1")
            .bind(year)
            .fetch_optional(w.c()?)
            .await
            .ctx("读取节假日安排", "reading a holiday schedule")?;
        let now = format_ts(w.now);
        let (before, version) = match &old {
            Some(row) => {
                let s: String = row
                    .try_get("source")
                    .ctx("读取节假日安排", "reading a holiday schedule")?;
                let v: i64 = row
                    .try_get("version")
                    .ctx("读取节假日安排", "reading a holiday schedule")?;
                sqlx::query("UPDATE calendar_years SET source = $1, loaded_at = $2, version = $3 WHERE year = $4")
                    .bind(source)
                    .bind(&now)
                    .bind(v + 1)
                    .bind(year)
                    .execute(w.c()?)
                    .await
                    .ctx("写入节假日安排", "writing a holiday schedule")?;
                (
                    Some(
                        json!({"year": year, "source_sha256": crate::audit::sha256_hex(s.as_bytes()), "version": v}),
                    ),
                    v + 1,
                )
            }
            None => {
                sqlx::query("INSERT INTO calendar_years (year, source, loaded_at, version) VALUES ($1, $2, $3, 1)")
                    .bind(year)
                    .bind(source)
                    .bind(&now)
                    .execute(w.c()?)
                    .await
                    .ctx("写入节假日安排", "writing a holiday schedule")?;
                (None, 1)
            }
        };
        let after = json!({"year": year, "source_sha256": crate::audit::sha256_hex(source.as_bytes()), "version": version});
        let id = year.to_string();
        w.event(EventDraft {
            actor: &audit.actor,
            action: &audit.action,
            object_type: "calendar_year",
            object_id: &id,
            before: before.as_ref(),
            after: Some(&after),
            citations: &audit.citations,
        })
        .await?;
        w.commit().await?;
        Ok(CalendarYear {
            year,
            source: source.into(),
            loaded_at: parse_ts(&now)?,
            version,
        })
    }

    /// What identifies the loaded set without reading the schedules: (year, version, loaded_at) of
    /// every loaded year, oldest first. A server compares it once a minute to notice a year loaded
    /// by another process.
    pub async fn calendar_year_stamps(&self) -> Result<Vec<(i64, i64, String)>> {
        let rows = sqlx::query("SELECT year, version, loaded_at FROM calendar_years ORDER BY year")
            .fetch_all(&self.inner.pool)
            .await
            .ctx("读取节假日安排", "reading holiday schedules")?;
        rows.iter()
            .map(|r| {
                let c = |e| StoreError::Database {
                    context: "读取节假日安排",
                    context_en: "reading holiday schedules",
                    source: e,
                };
                Ok((
                    r.try_get("year").map_err(c)?,
                    r.try_get("version").map_err(c)?,
                    r.try_get("loaded_at").map_err(c)?,
                ))
            })
            .collect()
    }

    /// All loaded years, oldest first.
    pub async fn calendar_years(&self) -> Result<Vec<CalendarYear>> {
        let rows = sqlx::query(
            "SELECT year, source, loaded_at, version FROM calendar_years ORDER BY year",
        )
        .fetch_all(&self.inner.pool)
        .await
        .ctx("读取节假日安排", "reading holiday schedules")?;
        rows.iter()
            .map(|r| {
                let at: String = r
                    .try_get("loaded_at")
                    .ctx("读取节假日安排", "reading holiday schedules")?;
                Ok(CalendarYear {
                    year: r
                        .try_get("year")
                        .ctx("读取节假日安排", "reading holiday schedules")?,
                    source: r
                        .try_get("source")
                        .ctx("读取节假日安排", "reading holiday schedules")?,
                    loaded_at: parse_ts(&at)?,
                    version: r
                        .try_get("version")
                        .ctx("读取节假日安排", "reading holiday schedules")?,
                })
            })
            .collect()
    }
}
