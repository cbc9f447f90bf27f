//! Online backup and restore.
//!
//! # Backup (while the server keeps serving)
//! - SQLite, default: `VACUUM INTO FILE` — a compact, consistent copy of the database file (a WAL
//!   read transaction; writers are not blocked). The result is itself a zhengwu SQLite database.
//! - PostgreSQL, and SQLite when FILE ends in `.jsonl`: the logical format below, read in one
//!   REPEATABLE READ, READ ONLY transaction (one consistent snapshot; writers are not blocked).
//!
//! # The logical format (`zhengwu-backup` version 1), JSON Lines, UTF-8
//! 1. a header object: `{"format":"zhengwu-backup","format_version":1,"schema_version":N,
//!    "source_backend":"postgres"|"sqlite","created_at":"…","tables":{"<table>":["col",…],…}}`;
//! 2. one line per row: `{"t":"<table>","r":[v1,v2,…]}`, values in the header's column order —
//!    integers as JSON numbers, text as JSON strings, SQL NULL as `null`; tables in dependency
//!    order, rows in primary-key order;
//! 3. a trailer: `{"end":true,"rows":<total rows>}` — a file without it is truncated and refused.
//!
//! `schema_migrations` is not in the file: the header's `schema_version` stands for it.
//!
//! # Restore
//! [`Store::restore`] accepts either kind of file into either backend (so it also moves a county
//! from SQLite to PostgreSQL). In ONE transaction it replaces every table's rows with the backup's,
//! then appends a `backup.restore` audit event; the audit chain is verified before commit and a
//! backup whose chain does not verify is refused. A backup from a newer schema is refused; an
//! older SQLite backup is migrated (on a temporary copy) first.

use crate::clock::format_ts;
use crate::db::{Backend, EventDraft, Store, WriteTx, schema_version};
use crate::error::{DbContext, Result, StoreError};
use crate::records::Audit;
use serde::Serialize;
use serde_json::{Value, json};
use sqlx::Row;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Ty {
    Int,
    Text,
}

struct Table {
    name: &'static str,
    cols: &'static [(&'static str, Ty)],
    order_by: &'static str,
}

use Ty::{Int, Text};

/// Every table of the schema except `schema_migrations` and `login_guard` (transient login rate
/// limits and lockouts, which a restore leaves as they are), parents before children.
const TABLES: &[Table] = &[
    Table {
        name: "audit_head",
        cols: &[("id", Int), ("seq", Int), ("hash", Text)],
        order_by: "id",
    },
    Table {
        name: "audit_events",
        cols: &[
            ("seq", Int),
            ("at", Text),
            ("actor", Text),
            ("action", Text),
            ("object_type", Text),
            ("object_id", Text),
            ("before_json", Text),
            ("after_json", Text),
            ("citations", Text),
            ("prev_hash", Text),
            ("hash", Text),
        ],
        order_by: "seq",
    },
    Table {
        name: "records",
        cols: &[
            ("kind", Text),
            ("id", Text),
            ("version", Int),
            ("data", Text),
            ("created_at", Text),
            ("updated_at", Text),
        ],
        order_by: "kind, id",
    },
    Table {
        name: "idempotency_keys",
        cols: &[
            ("actor", Text),
            ("key", Text),
            ("request_hash", Text),
            ("object_type", Text),
            ("object_id", Text),
            ("response", Text),
            ("created_at", Text),
        ],
        order_by: "actor, key",
    },
    Table {
        name: "accounts",
        cols: &[
            ("id", Text),
            ("username", Text),
            ("display_name", Text),
            ("password_hash", Text),
            ("roles", Text),
            ("government_id", Text),
            ("department_id", Text),
            ("person_id", Text),
            ("disabled", Int),
            ("version", Int),
            ("created_at", Text),
            ("updated_at", Text),
        ],
        order_by: "id",
    },
    Table {
        name: "sessions",
        cols: &[
            ("id", Text),
            ("token_hash", Text),
            ("account_id", Text),
            ("csrf_token", Text),
            ("created_at", Text),
            ("expires_at", Text),
        ],
        order_by: "id",
    },
    Table {
        name: "api_tokens",
        cols: &[
            ("id", Text),
            ("token_hash", Text),
            ("account_id", Text),
            ("name", Text),
            ("created_at", Text),
            ("expires_at", Text),
            ("revoked_at", Text),
        ],
        order_by: "id",
    },
    Table {
        name: "governments",
        cols: &[
            ("id", Text),
            ("name", Text),
            ("profile_id", Text),
            ("parent_id", Text),
            ("version", Int),
            ("created_at", Text),
            ("updated_at", Text),
        ],
        order_by: "id",
    },
    Table {
        name: "departments",
        cols: &[("government_id", Text), ("id", Text), ("name", Text)],
        order_by: "government_id, id",
    },
    Table {
        name: "people",
        cols: &[
            ("government_id", Text),
            ("id", Text),
            ("name", Text),
            ("department_id", Text),
        ],
        order_by: "government_id, id",
    },
    Table {
        name: "positions",
        cols: &[
            ("government_id", Text),
            ("id", Text),
            ("role", Text),
            ("title", Text),
            ("person_id", Text),
            ("rank", Int),
        ],
        order_by: "government_id, id",
    },
    Table {
        name: "portfolios",
        cols: &[
            ("government_id", Text),
            ("position_id", Text),
            ("subject_kind", Text),
            ("subject", Text),
        ],
        order_by: "government_id, position_id, subject_kind, subject",
    },
    Table {
        name: "substitutions",
        cols: &[
            ("government_id", Text),
            ("position_id", Text),
            ("substitute_id", Text),
        ],
        order_by: "government_id, position_id, substitute_id",
    },
    Table {
        name: "calendar_years",
        cols: &[
            ("year", Int),
            ("source", Text),
            ("loaded_at", Text),
            ("version", Int),
        ],
        order_by: "year",
    },
    Table {
        name: "documents",
        cols: &[
            ("id", Text),
            ("government_id", Text),
            ("direction", Text),
            ("status", Text),
            ("title", Text),
            ("unit", Text),
            ("doc_number", Text),
            ("due_on", Text),
            ("version", Int),
            ("data", Text),
            ("created_at", Text),
            ("updated_at", Text),
        ],
        order_by: "id",
    },
    Table {
        name: "document_inbox",
        cols: &[
            ("actor", Text),
            ("box", Text),
            ("doc_id", Text),
            ("at", Text),
        ],
        order_by: "actor, box, doc_id",
    },
    Table {
        name: "document_attachments",
        cols: &[
            ("doc_id", Text),
            ("seq", Int),
            ("name", Text),
            ("media_type", Text),
            ("size", Int),
            ("sha256", Text),
            ("content_base64", Text),
        ],
        order_by: "doc_id, seq",
    },
    Table {
        name: "document_returns",
        cols: &[
            ("unit", Text),
            ("doc_id", Text),
            ("at", Text),
            ("reasons", Text),
        ],
        order_by: "unit, doc_id",
    },
    Table {
        name: "document_numbers",
        cols: &[
            ("issuer", Text),
            ("series", Text),
            ("year", Int),
            ("last", Int),
        ],
        order_by: "issuer, series, year",
    },
    // Normative documents (migration 0007, issue #5).
    Table {
        name: "normative_documents",
        cols: &[
            ("doc_id", Text),
            ("government_id", Text),
            ("title", Text),
            ("doc_number", Text),
            ("registration_number", Text),
            ("issued_on", Text),
            ("valid_until", Text),
            ("updated_at", Text),
        ],
        order_by: "doc_id",
    },
    Table {
        name: "normative_notices",
        cols: &[
            ("doc_id", Text),
            ("kind", Text),
            ("period", Text),
            ("government_id", Text),
            ("message", Text),
            ("sent_at", Text),
        ],
        order_by: "doc_id, kind, period",
    },
    // Meetings (migration 0003, issue #6).
    Table {
        name: "meetings",
        cols: &[
            ("id", Text),
            ("government_id", Text),
            ("meeting_type", Text),
            ("meeting_date", Text),
            ("status", Text),
            ("version", Int),
            ("data", Text),
            ("created_at", Text),
            ("updated_at", Text),
        ],
        order_by: "id",
    },
    Table {
        name: "meeting_items",
        cols: &[
            ("id", Text),
            ("government_id", Text),
            ("meeting_id", Text),
            ("status", Text),
            ("version", Int),
            ("data", Text),
            ("created_at", Text),
            ("updated_at", Text),
        ],
        order_by: "id",
    },
    Table {
        name: "meeting_followups",
        cols: &[
            ("id", Text),
            ("government_id", Text),
            ("meeting_id", Text),
            ("item_id", Text),
            ("unit", Text),
            ("task", Text),
            ("start_on", Text),
            ("period", Text),
            ("citation", Text),
            ("due_on", Text),
            ("explain", Text),
            ("created_at", Text),
        ],
        order_by: "id",
    },
    Table {
        name: "major_decisions",
        cols: &[
            ("id", Text),
            ("government_id", Text),
            ("status", Text),
            ("version", Int),
            ("data", Text),
            ("created_at", Text),
            ("updated_at", Text),
        ],
        order_by: "id",
    },
    // Supervision, disclosure, leave (migrations 0004-0005, issue #7).
    Table {
        name: "supervision_items",
        cols: &[
            ("id", Text),
            ("government_id", Text),
            ("profile_id", Text),
            ("source", Text),
            ("title", Text),
            ("lead_unit", Text),
            ("responsible", Text),
            ("stage", Text),
            ("is_open", Int),
            ("assigned_on", Text),
            ("due_on", Text),
            ("status", Text),
            ("colour", Text),
            ("provisional", Int),
            ("completed_on", Text),
            ("closed_on", Text),
            ("on_time", Int),
            ("reminders_total", Int),
            ("data", Text),
            ("version", Int),
            ("created_at", Text),
            ("updated_at", Text),
        ],
        order_by: "id",
    },
    Table {
        name: "supervision_notices",
        cols: &[
            ("item_id", Text),
            ("kind", Text),
            ("period", Text),
            ("government_id", Text),
            ("recipient", Text),
            ("message", Text),
            ("sent_at", Text),
            ("acknowledged_at", Text),
        ],
        order_by: "item_id, kind, period",
    },
    Table {
        name: "disclosure_requests",
        cols: &[
            ("id", Text),
            ("government_id", Text),
            ("profile_id", Text),
            ("tracking_code", Text),
            ("received_on", Text),
            ("status", Text),
            ("due_on", Text),
            ("data", Text),
            ("version", Int),
            ("created_at", Text),
            ("updated_at", Text),
        ],
        order_by: "id",
    },
    Table {
        name: "leave_requests",
        cols: &[
            ("id", Text),
            ("government_id", Text),
            ("position_id", Text),
            ("acting_position_id", Text),
            ("departs_on", Text),
            ("returns_on", Text),
            ("status", Text),
            ("data", Text),
            ("version", Int),
            ("created_at", Text),
            ("updated_at", Text),
        ],
        order_by: "id",
    },
    // Events, proactive disclosure, suggestions/proposals, 12345 (migration 0006, issue #7).
    Table {
        name: "followup_items",
        cols: &[
            ("id", Text),
            ("government_id", Text),
            ("kind", Text),
            ("unit_id", Text),
            ("status", Text),
            ("opened_on", Text),
            ("due_on", Text),
            ("ref_id", Text),
            ("data", Text),
            ("version", Int),
            ("created_at", Text),
            ("updated_at", Text),
        ],
        order_by: "id",
    },
    Table {
        name: "job_leases",
        cols: &[("name", Text), ("holder", Text), ("expires_at", Text)],
        order_by: "name",
    },
];

/// The tables a backup covers (for tests that check no table is forgotten).
pub fn backed_up_tables() -> Vec<&'static str> {
    TABLES.iter().map(|t| t.name).collect()
}

/// Which kind of backup file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BackupFormat {
    /// A SQLite database file (`VACUUM INTO`).
    SqliteFile,
    /// The logical JSON Lines format.
    Jsonl,
}

impl BackupFormat {
    /// Short name for messages: `sqlite` or `jsonl`.
    pub fn name(self) -> &'static str {
        match self {
            BackupFormat::SqliteFile => "sqlite",
            BackupFormat::Jsonl => "jsonl",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BackupReport {
    pub path: PathBuf,
    pub format: BackupFormat,
    pub schema_version: i64,
    /// Audit chain head at the snapshot.
    pub audit_seq: i64,
    pub bytes: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RestoreReport {
    pub format: BackupFormat,
    pub rows: u64,
    /// Audit events in the backup (the restore event comes after them).
    pub audit_seq: i64,
    pub audit_head_hash: String,
}

fn bad(zh: impl Into<String>, en: impl Into<String>) -> StoreError {
    StoreError::backup(zh, en)
}

fn read_value(row: &sqlx::any::AnyRow, col: &str, ty: Ty) -> Result<Value> {
    Ok(match ty {
        Int => row
            .try_get::<Option<i64>, _>(col)
            .ctx("读取数据", "reading rows")?
            .map_or(Value::Null, Value::from),
        Text => row
            .try_get::<Option<String>, _>(col)
            .ctx("读取数据", "reading rows")?
            .map_or(Value::Null, Value::from),
    })
}

const PAGE: i64 = 1000;

impl Store {
    /// Back up while serving: SQLite → a database file, unless `path` ends in `.jsonl`;
    /// PostgreSQL → the logical format. Refuses to overwrite an existing file.
    pub async fn backup(&self, path: &Path) -> Result<BackupReport> {
        let logical = self.backend() == Backend::Postgres
            || path
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| e.eq_ignore_ascii_case("jsonl"));
        if path.exists() {
            return Err(bad(
                format!("文件 {} 已存在，不覆盖", path.display()),
                format!("file {} exists; not overwriting", path.display()),
            ));
        }
        if logical {
            self.backup_jsonl(path).await
        } else {
            let (seq, _) = self.audit_head().await?;
            let target = path.to_string_lossy().into_owned();
            sqlx::query("VACUUM INTO $1")
                .bind(&target)
                .execute(self.pool())
                .await
                .ctx("备份数据库", "backing up the database")?;
            let bytes = std::fs::metadata(path)
                .map_err(|e| StoreError::io(path.display(), e))?
                .len();
            // The head read above may be older than the snapshot; read the copy's own head.
            let copy = Store::connect_with(
                &target,
                crate::StoreOptions {
                    migrate: false,
                    max_connections: 1,
                    ..Default::default()
                },
            )
            .await?;
            let (copy_seq, _) = copy.audit_head().await?;
            copy.close().await;
            Ok(BackupReport {
                path: path.into(),
                format: BackupFormat::SqliteFile,
                schema_version: schema_version(),
                audit_seq: copy_seq.max(seq),
                bytes,
            })
        }
    }

    async fn backup_jsonl(&self, path: &Path) -> Result<BackupReport> {
        let tmp = path.with_extension("partial");
        let file = std::fs::File::create(&tmp).map_err(|e| StoreError::io(tmp.display(), e))?;
        let mut out = std::io::BufWriter::new(file);
        let io = |e: std::io::Error| StoreError::io(tmp.display(), e);
        let mut tx = self.begin_read().await?;
        let schema: i64 =
            sqlx::query("SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations")
                .fetch_one(&mut *tx)
                .await
                .ctx("读取数据库结构版本", "reading the schema version")?
                .try_get("v")
                .ctx("读取数据库结构版本", "reading the schema version")?;
        let tables: serde_json::Map<String, Value> = TABLES
            .iter()
            .map(|t| {
                (
                    t.name.to_string(),
                    Value::from(t.cols.iter().map(|c| c.0).collect::<Vec<_>>()),
                )
            })
            .collect();
        let header = json!({
            "format": "zhengwu-backup",
            "format_version": 1,
            "schema_version": schema,
            "source_backend": self.backend(),
            "created_at": format_ts(self.now()),
            "tables": tables,
        });
        writeln!(out, "{header}").map_err(io)?;
        let mut total = 0u64;
        let mut audit_seq = 0;
        for t in TABLES {
            let cols = t.cols.iter().map(|c| c.0).collect::<Vec<_>>().join(", ");
            let sql = format!(
                "SELECT {cols} FROM {} ORDER BY {} LIMIT $1 OFFSET $2",
                t.name, t.order_by
            );
            let mut offset = 0i64;
            loop {
                let rows = sqlx::query(&sql)
                    .bind(PAGE)
                    .bind(offset)
                    .fetch_all(&mut *tx)
                    .await
                    .ctx("读取数据", "reading rows")?;
                for row in &rows {
                    let mut vals = Vec::with_capacity(t.cols.len());
                    for (c, ty) in t.cols {
                        vals.push(read_value(row, c, *ty)?);
                    }
                    if t.name == "audit_head" {
                        audit_seq = vals.get(1).and_then(Value::as_i64).unwrap_or(0);
                    }
                    writeln!(out, "{}", json!({"t": t.name, "r": vals})).map_err(io)?;
                    total += 1;
                }
                if (rows.len() as i64) < PAGE {
                    break;
                }
                offset += PAGE;
            }
        }
        tx.rollback()
            .await
            .ctx("结束读事务", "ending a read transaction")?;
        writeln!(out, "{}", json!({"end": true, "rows": total})).map_err(io)?;
        let file = out
            .into_inner()
            .map_err(|e| StoreError::io(tmp.display(), e.into_error()))?;
        file.sync_all().map_err(io)?;
        drop(file);
        std::fs::rename(&tmp, path).map_err(|e| StoreError::io(path.display(), e))?;
        let bytes = std::fs::metadata(path)
            .map_err(|e| StoreError::io(path.display(), e))?
            .len();
        Ok(BackupReport {
            path: path.into(),
            format: BackupFormat::Jsonl,
            schema_version: schema,
            audit_seq,
            bytes,
        })
    }

    /// Whether the database holds any state (audit events or accounts); restore refuses to
    /// replace such a database unless told to.
    pub async fn is_empty(&self) -> Result<bool> {
        let (seq, _) = self.audit_head().await?;
        let n: i64 = sqlx::query("SELECT COUNT(*) AS n FROM accounts")
            .fetch_one(self.pool())
            .await
            .ctx("统计账号", "counting accounts")?
            .try_get("n")
            .ctx("统计账号", "counting accounts")?;
        Ok(seq == 0 && n == 0)
    }

    /// Replace this database's content with a backup (either format). Refuses when the database
    /// is not empty unless `replace` is true. All or nothing.
    pub async fn restore(
        &self,
        audit: &Audit,
        path: &Path,
        replace: bool,
    ) -> Result<RestoreReport> {
        if !replace && !self.is_empty().await? {
            return Err(bad(
                "目标数据库已有数据；确认覆盖请加 --force",
                "the target database is not empty; pass --force to replace it",
            ));
        }
        let mut head = [0u8; 16];
        {
            use std::io::Read;
            let mut f = std::fs::File::open(path).map_err(|e| StoreError::io(path.display(), e))?;
            let n = f
                .read(&mut head)
                .map_err(|e| StoreError::io(path.display(), e))?;
            if n < 16 {
                head[n..].fill(0);
            }
        }
        let file_hash = {
            use sha2::Digest;
            let mut h = sha2::Sha256::new();
            let mut f = std::fs::File::open(path).map_err(|e| StoreError::io(path.display(), e))?;
            std::io::copy(&mut f, &mut h).map_err(|e| StoreError::io(path.display(), e))?;
            crate::audit::hex(&h.finalize())
        };
        let (format, rows, mut w) = if &head == b"SQLite format 3\0" {
            self.restore_from_sqlite(path).await?
        } else {
            self.restore_from_jsonl(path).await?
        };
        // Check the restored chain inside the transaction before anything becomes visible.
        let (seq, hash) = w.reload_head().await?;
        let report = verify_in(&mut w).await?;
        if let Some(b) = report {
            return Err(bad(
                format!("备份中的审计链无效，未恢复：{}", b.message_zh),
                format!(
                    "the backup's audit chain does not verify; nothing restored: {}",
                    b.message_en
                ),
            ));
        }
        let after = json!({"file_sha256": file_hash, "format": format, "rows": rows, "audit_seq": seq, "audit_head_hash": hash});
        w.event(EventDraft {
            actor: &audit.actor,
            action: &audit.action,
            object_type: "database",
            object_id: "restore",
            before: None,
            after: Some(&after),
            citations: &audit.citations,
        })
        .await?;
        w.commit().await?;
        Ok(RestoreReport {
            format,
            rows,
            audit_seq: seq,
            audit_head_hash: hash,
        })
    }

    async fn clear_all(&self, w: &mut WriteTx) -> Result<()> {
        for t in TABLES.iter().rev() {
            let sql = format!("DELETE FROM {}", t.name);
            sqlx::query(&sql)
                .execute(w.c()?)
                .await
                .ctx("清空数据表", "clearing a table")?;
        }
        Ok(())
    }

    async fn restore_from_sqlite(&self, path: &Path) -> Result<(BackupFormat, u64, WriteTx)> {
        // Work on a copy: opening may migrate it, and the user's backup file stays untouched.
        let dir = std::env::temp_dir().join(format!(
            "zhengwu-restore-{}-{}",
            std::process::id(),
            crate::accounts::random_hex(6)
        ));
        std::fs::create_dir_all(&dir).map_err(|e| StoreError::io(dir.display(), e))?;
        let copy = dir.join("backup.db");
        let result = async {
            std::fs::copy(path, &copy).map_err(|e| StoreError::io(path.display(), e))?;
            let src = Store::connect_with(
                &copy.to_string_lossy(),
                crate::StoreOptions {
                    max_connections: 2,
                    migrate: false,
                    ..Default::default()
                },
            )
            .await?;
            if src.current_schema_version().await? == 0 {
                src.close().await;
                return Err(bad(
                    "该 SQLite 文件不是 zhengwu 数据库",
                    "this SQLite file is not a zhengwu database",
                ));
            }
            // An older backup is brought up to this binary's schema (on the copy).
            src.migrate().await?;
            let mut w = self.begin_write().await?;
            self.clear_all(&mut w).await?;
            let mut total = 0u64;
            for t in TABLES {
                let cols = t.cols.iter().map(|c| c.0).collect::<Vec<_>>().join(", ");
                let sql = format!(
                    "SELECT {cols} FROM {} ORDER BY {} LIMIT $1 OFFSET $2",
                    t.name, t.order_by
                );
                let mut offset = 0i64;
                loop {
                    let rows = sqlx::query(&sql)
                        .bind(PAGE)
                        .bind(offset)
                        .fetch_all(src.pool())
                        .await
                        .ctx("读取备份", "reading the backup")?;
                    for row in &rows {
                        let mut vals = Vec::with_capacity(t.cols.len());
                        for (c, ty) in t.cols {
                            vals.push(read_value(row, c, *ty)?);
                        }
                        insert_row(&mut w, t, &vals).await?;
                        total += 1;
                    }
                    if (rows.len() as i64) < PAGE {
                        break;
                    }
                    offset += PAGE;
                }
            }
            src.close().await;
            Ok((BackupFormat::SqliteFile, total, w))
        }
        .await;
        let _ = std::fs::remove_dir_all(&dir);
        result
    }

    async fn restore_from_jsonl(&self, path: &Path) -> Result<(BackupFormat, u64, WriteTx)> {
        let file = std::fs::File::open(path).map_err(|e| StoreError::io(path.display(), e))?;
        let mut lines = std::io::BufReader::new(file).lines();
        let line_err = |n: usize, zh: &str, en: &str| {
            bad(format!("第 {n} 行：{zh}"), format!("line {n}: {en}"))
        };
        let header: Value = match lines.next() {
            Some(Ok(l)) => serde_json::from_str(&l).unwrap_or(Value::Null),
            // Binary or empty: fall through to "not a zhengwu backup".
            Some(Err(_)) | None => Value::Null,
        };
        if header["format"] != "zhengwu-backup" || header["format_version"] != 1 {
            return Err(bad(
                "不是 zhengwu 备份文件（既非 SQLite 数据库，也非 zhengwu-backup 第 1 版）",
                "not a zhengwu backup (neither a SQLite database nor zhengwu-backup version 1)",
            ));
        }
        let version = header["schema_version"].as_i64().unwrap_or(-1);
        if version > schema_version() {
            return Err(StoreError::SchemaTooNew {
                database: version,
                binary: schema_version(),
            });
        }
        if version != schema_version() {
            return Err(bad(
                format!(
                    "备份的数据库结构版本为 {version}，本程序为 {}；请先用对应版本恢复再升级",
                    schema_version()
                ),
                format!(
                    "the backup has schema version {version}, this binary {}; restore with the matching version, then upgrade",
                    schema_version()
                ),
            ));
        }
        for t in TABLES {
            let expected: Vec<&str> = t.cols.iter().map(|c| c.0).collect();
            let got: Vec<&str> = header["tables"][t.name]
                .as_array()
                .map(|a| a.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            if got != expected {
                return Err(bad(
                    format!("表 {} 的列与本程序不符", t.name),
                    format!("the columns of table {} do not match this binary", t.name),
                ));
            }
        }
        let mut w = self.begin_write().await?;
        self.clear_all(&mut w).await?;
        let mut total = 0u64;
        let mut ended = false;
        for (i, line) in lines.enumerate() {
            let n = i + 2;
            let line = line.map_err(|e| StoreError::io(path.display(), e))?;
            if line.trim().is_empty() {
                continue;
            }
            if ended {
                return Err(line_err(
                    n,
                    "结束标记之后还有内容",
                    "content after the end marker",
                ));
            }
            let v: Value = serde_json::from_str(&line)
                .map_err(|e| line_err(n, &format!("不是 JSON：{e}"), &format!("not JSON: {e}")))?;
            if v["end"] == true {
                if v["rows"].as_u64() != Some(total) {
                    return Err(line_err(
                        n,
                        "行数与结束标记不符",
                        "row count does not match the end marker",
                    ));
                }
                ended = true;
                continue;
            }
            let (Some(name), Some(vals)) = (v["t"].as_str(), v["r"].as_array()) else {
                return Err(line_err(n, "缺少 t 或 r", "missing t or r"));
            };
            let Some(t) = TABLES.iter().find(|t| t.name == name) else {
                return Err(line_err(
                    n,
                    &format!("未知的表 {name}"),
                    &format!("unknown table {name}"),
                ));
            };
            if vals.len() != t.cols.len() {
                return Err(line_err(n, "列数不符", "wrong number of values"));
            }
            for ((c, ty), v) in t.cols.iter().zip(vals) {
                let ok = match ty {
                    Int => v.is_null() || v.is_i64(),
                    Text => v.is_null() || v.is_string(),
                };
                if !ok {
                    return Err(line_err(
                        n,
                        &format!("{name}.{c} 的值类型不符"),
                        &format!("wrong value type for {name}.{c}"),
                    ));
                }
            }
            insert_row(&mut w, t, vals).await?;
            total += 1;
        }
        if !ended {
            return Err(bad(
                "备份文件不完整（缺少结束标记）",
                "the backup file is truncated (no end marker)",
            ));
        }
        Ok((BackupFormat::Jsonl, total, w))
    }
}

async fn insert_row(w: &mut WriteTx, t: &Table, vals: &[Value]) -> Result<()> {
    let cols = t.cols.iter().map(|c| c.0).collect::<Vec<_>>().join(", ");
    let params = (1..=t.cols.len())
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!("INSERT INTO {} ({cols}) VALUES ({params})", t.name);
    let mut q = sqlx::query(&sql);
    for ((_, ty), v) in t.cols.iter().zip(vals) {
        q = match ty {
            Int => q.bind(v.as_i64()),
            Text => q.bind(v.as_str().map(str::to_string)),
        };
    }
    q.execute(w.c()?)
        .await
        .ctx("写入恢复数据", "writing restored rows")?;
    Ok(())
}

/// Recompute the chain inside a write transaction (used before committing a restore).
async fn verify_in(w: &mut WriteTx) -> Result<Option<crate::BadEvent>> {
    let mut prev = crate::audit::ZERO_HASH.to_string();
    let mut expected = 1i64;
    let mut after = 0i64;
    loop {
        let rows = sqlx::query(
            "SELECT seq, at, actor, action, object_type, object_id, before_json, after_json, citations, prev_hash, hash \
             FROM audit_events WHERE seq > $1 ORDER BY seq LIMIT $2",
        )
        .bind(after)
        .bind(PAGE)
        .fetch_all(w.c()?)
        .await
        .ctx("读取审计事件", "reading audit events")?;
        if rows.is_empty() {
            break;
        }
        for row in &rows {
            let ev = crate::audit::event_from_row(row);
            let bad_at = |seq: i64| {
                Some(crate::BadEvent {
                    seq,
                    kind: crate::BadKind::HashMismatch,
                    message_zh: format!("审计事件 {seq} 校验失败"),
                    message_en: format!("audit event {seq} fails verification"),
                })
            };
            let Ok(ev) = ev else {
                return Ok(bad_at(expected));
            };
            if ev.seq != expected || ev.prev_hash != prev || ev.compute_hash() != ev.hash {
                return Ok(bad_at(expected));
            }
            prev = ev.hash;
            after = ev.seq;
            expected += 1;
        }
    }
    let (seq, hash) = w.reload_head().await?;
    if seq != expected - 1 || hash != prev {
        return Ok(Some(crate::BadEvent {
            seq: expected,
            kind: crate::BadKind::HeadMismatch,
            message_zh: "审计链头与日志不符".into(),
            message_en: "the chain head does not match the log".into(),
        }));
    }
    Ok(None)
}
