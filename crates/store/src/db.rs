//! Connecting, migrating, and the audited write transaction every state change goes through.

use crate::audit::{self, AuditEvent};
use crate::clock::{Clock, SystemClock, format_ts};
use crate::error::{DbContext, Result, StoreError};
use jiff::Timestamp;
use serde_json::Value;
use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::{Any, AnyPool, Executor, Row, Transaction};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The environment variable naming the database when `--db` is not given.
pub const DATABASE_URL_ENV: &str = "ZHENGWU_DATABASE_URL";

/// Which database engine a store runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// One migration: version, name and the SQL for each backend.
struct Migration {
    version: i64,
    name: &'static str,
    sqlite: &'static str,
    postgres: &'static str,
}

/// All migrations this binary knows, in order. Append only; never edit a released one.
const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "init",
        sqlite: include_str!("../migrations/sqlite/0001_init.sql"),
        postgres: include_str!("../migrations/postgres/0001_init.sql"),
    },
    Migration {
        version: 2,
        name: "documents",
        sqlite: include_str!("../migrations/sqlite/0002_documents.sql"),
        postgres: include_str!("../migrations/postgres/0002_documents.sql"),
    },
    Migration {
        version: 3,
        name: "meetings",
        sqlite: include_str!("../migrations/sqlite/0003_meetings.sql"),
        postgres: include_str!("../migrations/postgres/0003_meetings.sql"),
    },
    Migration {
        version: 4,
        name: "supervision",
        sqlite: include_str!("../migrations/sqlite/0004_supervision.sql"),
        postgres: include_str!("../migrations/postgres/0004_supervision.sql"),
    },
    Migration {
        version: 5,
        name: "openness",
        sqlite: include_str!("../migrations/sqlite/0005_openness.sql"),
        postgres: include_str!("../migrations/postgres/0005_openness.sql"),
    },
    Migration {
        version: 6,
        name: "followup",
        sqlite: include_str!("../migrations/sqlite/0006_followup.sql"),
        postgres: include_str!("../migrations/postgres/0006_followup.sql"),
    },
    Migration {
        version: 7,
        name: "normative",
        sqlite: include_str!("../migrations/sqlite/0007_normative.sql"),
        postgres: include_str!("../migrations/postgres/0007_normative.sql"),
    },
    Migration {
        version: 8,
        name: "login_guard",
        sqlite: include_str!("../migrations/sqlite/0008_login_guard.sql"),
        postgres: include_str!("../migrations/postgres/0008_login_guard.sql"),
    },
];

/// The newest schema version this binary understands.
pub fn schema_version() -> i64 {
    MIGRATIONS.last().map_or(0, |m| m.version)
}

/// Split a migration script into statements: `;` at the end of a line ends one; `--` lines are
/// comments. (Migration files keep to this; it avoids a multi-statement API whose futures are not
/// `Send`.)
fn statements(sql: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut pos = 0;
    for line in sql.split_inclusive('\n') {
        pos += line.len();
        if line.trim_end().ends_with(';') {
            out.push(sql[start..pos].trim());
            start = pos;
        }
    }
    out.push(sql[start..].trim());
    out.into_iter()
        .map(|s| s.trim_end_matches(';'))
        .filter(|s| {
            s.lines()
                .any(|l| !l.trim().is_empty() && !l.trim_start().starts_with("--"))
        })
        .collect()
}

/// Options for [`Store::connect_with`].
#[derive(Debug, Clone)]
pub struct StoreOptions {
    /// Source of every timestamp the store writes.
    pub clock: Arc<dyn Clock>,
    /// Pool size (SQLite: readers; writes are serialised anyway).
    pub max_connections: u32,
    /// Run migrations on connect (the default).
    pub migrate: bool,
}

impl Default for StoreOptions {
    fn default() -> Self {
        StoreOptions {
            clock: Arc::new(SystemClock),
            max_connections: 8,
            migrate: true,
        }
    }
}

/// What [`Store::migrate`] did.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct MigrationReport {
    pub from_version: i64,
    pub to_version: i64,
    pub applied: Vec<i64>,
}

/// A handle on the database; cheap to clone and share between tasks.
#[derive(Clone, Debug)]
pub struct Store {
    pub(crate) inner: Arc<Inner>,
}

#[derive(Debug)]
pub(crate) struct Inner {
    pub(crate) pool: AnyPool,
    pub(crate) backend: Backend,
    pub(crate) clock: Arc<dyn Clock>,
    /// The writers' lock and the shared batch transaction (see [`Store::begin_write`]). Queueing
    /// writers here, not in SQLite's busy handler (which sleeps and polls), keeps latency low.
    pub(crate) gate: Arc<tokio::sync::Mutex<Shared>>,
    /// Writers queued on `gate`.
    pub(crate) waiting: AtomicUsize,
    pub(crate) sqlite_path: Option<PathBuf>,
}

/// Turn what a user typed (`postgres://…`, `sqlite:…`, or a plain file path) into a URL the driver
/// understands, and say which backend it is.
pub fn resolve_url(db: &str) -> Result<(Backend, String, Option<PathBuf>)> {
    let db = db.trim();
    if db.is_empty() {
        return Err(StoreError::BadUrl("(空)".into()));
    }
    if db.starts_with("postgres://") || db.starts_with("postgresql://") {
        return Ok((Backend::Postgres, db.to_string(), None));
    }
    if db.contains("://") && !db.starts_with("sqlite:") {
        return Err(StoreError::BadUrl(format!(
            "{db}：仅支持 postgres:// 或 SQLite 文件路径 (only postgres:// URLs or SQLite file paths are supported)"
        )));
    }
    let path = match db
        .strip_prefix("sqlite://")
        .or_else(|| db.strip_prefix("sqlite:"))
    {
        // URL parameters are ours to set (mode=rwc, pragmas); a plain path is taken as it is.
        Some(rest) => rest.split('?').next().unwrap_or(rest),
        None => db,
    };
    if path.is_empty() || path == ":memory:" {
        return Err(StoreError::BadUrl(format!(
            "{db}：需要数据库文件路径，不支持内存数据库 (a database file path is required; in-memory databases are not supported)"
        )));
    }
    let abs = std::path::absolute(Path::new(path)).map_err(|e| StoreError::io(path, e))?;
    let text = abs.to_string_lossy().into_owned();
    // The driver takes SQLite paths as URLs and decodes them more than once; rather than guess,
    // refuse the characters that URLs treat specially.
    if text.contains(['?', '#', '%']) {
        return Err(StoreError::BadUrl(format!(
            "{text}：SQLite 文件路径不能含 ? # % 字符 (a SQLite file path must not contain ?, # or %)"
        )));
    }
    Ok((
        Backend::Sqlite,
        format!("sqlite://{text}?mode=rwc"),
        Some(abs),
    ))
}

impl Store {
    /// Connect with default options and run migrations. `db` is a `postgres://` URL, or a SQLite
    /// file path (created if missing). Refuses a database migrated by a newer zhengwu.
    pub async fn open(db: &str) -> Result<Store> {
        Store::connect_with(db, StoreOptions::default()).await
    }

    /// Connect with options; migrates unless `options.migrate` is false (then only checks that the
    /// database is not newer than this binary).
    pub async fn connect_with(db: &str, options: StoreOptions) -> Result<Store> {
        install_default_drivers();
        let (backend, url, sqlite_path) = resolve_url(db)?;
        let pool = AnyPoolOptions::new()
            .max_connections(options.max_connections.max(1))
            // Fail in seconds, not the driver's default 30, when the server is unreachable.
            .acquire_timeout(std::time::Duration::from_secs(10))
            .after_connect(move |conn, _meta| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        // WAL + synchronous=FULL: a committed write survives power loss; readers
                        // never block the writer (online backup while serving).
                        conn.execute("PRAGMA journal_mode = WAL").await?;
                        conn.execute("PRAGMA synchronous = FULL").await?;
                        conn.execute("PRAGMA foreign_keys = ON").await?;
                        conn.execute("PRAGMA busy_timeout = 30000").await?;
                    }
                    Ok(())
                })
            })
            .connect(&url)
            .await
            .ctx("连接数据库", "connecting to the database")?;
        let store = Store {
            inner: Arc::new(Inner {
                pool,
                backend,
                clock: options.clock,
                gate: Arc::new(tokio::sync::Mutex::new(Shared::default())),
                waiting: AtomicUsize::new(0),
                sqlite_path,
            }),
        };
        if options.migrate {
            store.migrate().await?;
        } else {
            let current = store.current_schema_version().await?;
            if current > schema_version() {
                return Err(StoreError::SchemaTooNew {
                    database: current,
                    binary: schema_version(),
                });
            }
        }
        Ok(store)
    }

    pub fn backend(&self) -> Backend {
        self.inner.backend
    }

    /// The SQLite database file, if this store is on SQLite.
    pub fn sqlite_path(&self) -> Option<&Path> {
        self.inner.sqlite_path.as_deref()
    }

    /// The injected clock's current time.
    pub fn now(&self) -> Timestamp {
        self.inner.clock.now()
    }

    /// The underlying pool, for read-only queries of other crates' projections.
    pub fn pool(&self) -> &AnyPool {
        &self.inner.pool
    }

    /// Close all connections (waits for them to be returned).
    pub async fn close(&self) {
        drop(self.lock_writers().await);
        self.inner.pool.close().await;
    }

    /// The schema version recorded in the database (0 for an empty database).
    pub async fn current_schema_version(&self) -> Result<i64> {
        let exists = self.table_exists("schema_migrations").await?;
        if !exists {
            return Ok(0);
        }
        let row = sqlx::query("SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations")
            .fetch_one(&self.inner.pool)
            .await
            .ctx("读取数据库结构版本", "reading the schema version")?;
        row.try_get::<i64, _>("v")
            .ctx("读取数据库结构版本", "reading the schema version")
    }

    async fn table_exists(&self, table: &str) -> Result<bool> {
        let sql = match self.inner.backend {
            Backend::Sqlite => {
                "SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name = $1"
            }
            Backend::Postgres => {
                "SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = $1"
            }
        };
        let row = sqlx::query(sql)
            .bind(table)
            .fetch_one(&self.inner.pool)
            .await
            .ctx("检查数据表", "checking for a table")?;
        let n: i64 = row.try_get("n").ctx("检查数据表", "checking for a table")?;
        Ok(n > 0)
    }

    /// Apply the migrations the database lacks, each in its own transaction. Refuses (changing
    /// nothing) when the database is newer than this binary.
    pub async fn migrate(&self) -> Result<MigrationReport> {
        let _gate = self.lock_writers().await;
        let mut conn = self
            .inner
            .pool
            .acquire()
            .await
            .ctx("连接数据库", "connecting to the database")?;
        if self.inner.backend == Backend::Postgres {
            // Several app instances may start at once: one migrates, the others wait.
            sqlx::query("SELECT pg_advisory_lock(7355608)")
                .execute(&mut *conn)
                .await
                .ctx("获取迁移锁", "taking the migration lock")?;
        }
        let result = self.migrate_locked(&mut conn).await;
        if self.inner.backend == Backend::Postgres {
            let _ = sqlx::query("SELECT pg_advisory_unlock(7355608)")
                .execute(&mut *conn)
                .await;
        }
        result
    }

    async fn migrate_locked(&self, conn: &mut sqlx::AnyConnection) -> Result<MigrationReport> {
        sqlx::query(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)",
        )
        .execute(&mut *conn)
        .await
        .ctx("创建迁移记录表", "creating the migrations table")?;
        let row = sqlx::query("SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations")
            .fetch_one(&mut *conn)
            .await
            .ctx("读取数据库结构版本", "reading the schema version")?;
        let from: i64 = row
            .try_get("v")
            .ctx("读取数据库结构版本", "reading the schema version")?;
        if from > schema_version() {
            return Err(StoreError::SchemaTooNew {
                database: from,
                binary: schema_version(),
            });
        }
        let mut applied = Vec::new();
        for m in MIGRATIONS.iter().filter(|m| m.version > from) {
            let sql = match self.inner.backend {
                Backend::Sqlite => m.sqlite,
                Backend::Postgres => m.postgres,
            };
            let mut tx = sqlx::Connection::begin(&mut *conn)
                .await
                .ctx("开始迁移事务", "starting a migration transaction")?;
            for stmt in statements(sql) {
                sqlx::query(stmt)
                    .persistent(false)
                    .execute(&mut *tx)
                    .await
                    .ctx("执行数据库迁移", "running a migration")?;
            }
            sqlx::query(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
            )
            .bind(m.version)
            .bind(m.name)
            .bind(format_ts(self.now()))
            .execute(&mut *tx)
            .await
            .ctx("记录迁移", "recording a migration")?;
            tx.commit()
                .await
                .ctx("提交迁移", "committing a migration")?;
            applied.push(m.version);
        }
        Ok(MigrationReport {
            from_version: from,
            to_version: schema_version(),
            applied,
        })
    }

    /// A read-only transaction that sees one consistent snapshot (SQLite: a WAL read
    /// transaction; PostgreSQL: REPEATABLE READ), for reads that span several statements.
    pub(crate) async fn begin_read(&self) -> Result<Transaction<'static, Any>> {
        let mut tx = self
            .inner
            .pool
            .begin()
            .await
            .ctx("开始读事务", "starting a read transaction")?;
        if self.inner.backend == Backend::Postgres {
            sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                .execute(&mut *tx)
                .await
                .ctx("设置快照读", "setting snapshot isolation")?;
        }
        Ok(tx)
    }

    /// Take the writers' lock with no batch left open (for migrations, which use their own
    /// connection).
    pub(crate) async fn lock_writers(&self) -> tokio::sync::OwnedMutexGuard<Shared> {
        let mut g = self.acquire_gate().await;
        settle(&mut g).await;
        g
    }

    async fn acquire_gate(&self) -> tokio::sync::OwnedMutexGuard<Shared> {
        let waiting = Waiting::new(self.clone());
        let g = self.inner.gate.clone().lock_owned().await;
        waiting.acquired();
        g
    }

    /// Begin an audited write. Writes are serialised through one lock (the gate) and run as
    /// SAVEPOINTs inside a shared transaction that holds the audit chain head: a row lock on
    /// `audit_head` (PostgreSQL) / the database write lock via `BEGIN IMMEDIATE` (SQLite). So the
    /// chain cannot fork, and concurrent writers share one durable commit (group commit): each
    /// write is still all-or-nothing on its own (its savepoint), and [`WriteTx::commit`] returns
    /// only after the shared COMMIT is durable.
    pub(crate) async fn begin_write(&self) -> Result<WriteTx> {
        let mut g = self.acquire_gate().await;
        if g.dirty
            && let Err(e) = rollback_savepoint(&mut g).await
        {
            fail_batch(&mut g, &e);
        }
        // The first write of a batch needs no savepoint: if it fails, the whole (otherwise
        // empty) transaction is rolled back. Saves two statements when writers come one by one.
        let first = g.tx.is_none();
        if first {
            let mut tx = match self.inner.backend {
                // IMMEDIATE takes SQLite's write lock now, so a second process waits in the busy
                // handler instead of failing later when a read transaction tries to upgrade.
                Backend::Sqlite => self.inner.pool.begin_with("BEGIN IMMEDIATE").await,
                Backend::Postgres => self.inner.pool.begin().await,
            }
            .ctx("开始写事务", "starting a write transaction")?;
            let row =
                sqlx::query("UPDATE audit_head SET seq = seq WHERE id = 1 RETURNING seq, hash")
                    .fetch_one(&mut *tx)
                    .await
                    .ctx("锁定审计链头", "locking the audit chain head")?;
            let seq: i64 = row
                .try_get("seq")
                .ctx("读取审计链头", "reading the audit chain head")?;
            let hash: String = row
                .try_get("hash")
                .ctx("读取审计链头", "reading the audit chain head")?;
            g.tx = Some(tx);
            g.start_head = (seq, hash.clone());
            g.head = (seq, hash);
            g.started = Some(std::time::Instant::now());
        }
        let Some(mut tx) = g.tx.take() else {
            return Err(StoreError::Corrupt("write batch missing".into()));
        };
        if !first && let Err(e) = sqlx::query("SAVEPOINT zw_write").execute(&mut *tx).await {
            g.tx = Some(tx);
            let err = StoreError::Database {
                context: "开始写事务",
                context_en: "starting a write",
                source: e,
            };
            fail_batch(&mut g, &err);
            return Err(err);
        }
        let (head_seq, head_hash) = g.head.clone();
        Ok(WriteTx {
            tx: Some(tx),
            savepoint: !first,
            head_seq,
            head_hash,
            now: self.now(),
            gate: Some(g),
            store: self.clone(),
        })
    }
}

/// The writers' shared state, behind the gate.
#[derive(Debug, Default)]
pub(crate) struct Shared {
    /// The open batch transaction (None between batches).
    tx: Option<Transaction<'static, Any>>,
    /// Chain head when the batch began, and after its released writes.
    start_head: (i64, String),
    head: (i64, String),
    /// A write was abandoned (error or cancellation): roll back its savepoint before anything else.
    dirty: bool,
    /// Writers whose savepoint is released, waiting for the durable COMMIT.
    waiters: Vec<tokio::sync::oneshot::Sender<std::result::Result<(), String>>>,
    started: Option<std::time::Instant>,
}

/// Counts writers queued on the gate; the last writer of a burst commits the batch. If a queued
/// writer is cancelled before it gets the gate, a task makes sure the batch it was expected to
/// commit is committed.
struct Waiting {
    store: Store,
    done: bool,
}

impl Waiting {
    fn new(store: Store) -> Waiting {
        store.inner.waiting.fetch_add(1, Ordering::SeqCst);
        Waiting { store, done: false }
    }
    fn acquired(mut self) {
        self.store.inner.waiting.fetch_sub(1, Ordering::SeqCst);
        self.done = true;
    }
}

impl Drop for Waiting {
    fn drop(&mut self) {
        if !self.done {
            self.store.inner.waiting.fetch_sub(1, Ordering::SeqCst);
            spawn_settle(&self.store);
        }
    }
}

/// Commit whatever batch is pending, in the background (used when a writer vanished).
fn spawn_settle(store: &Store) {
    if let Ok(h) = tokio::runtime::Handle::try_current() {
        let gate = store.inner.gate.clone();
        h.spawn(async move {
            let mut g = gate.lock_owned().await;
            settle(&mut g).await;
        });
    }
}

/// Undo an abandoned write's savepoint.
async fn rollback_savepoint(g: &mut Shared) -> Result<()> {
    g.dirty = false;
    if let Some(tx) = g.tx.as_mut() {
        sqlx::query("ROLLBACK TO SAVEPOINT zw_write")
            .execute(&mut **tx)
            .await
            .ctx("回滚写入", "rolling back a write")?;
        sqlx::query("RELEASE SAVEPOINT zw_write")
            .execute(&mut **tx)
            .await
            .ctx("回滚写入", "rolling back a write")?;
    }
    Ok(())
}

/// The batch cannot be committed: drop it (rollback) and tell every waiting writer.
fn fail_batch(g: &mut Shared, e: &StoreError) {
    g.tx = None; // dropping a sqlx transaction rolls it back
    g.dirty = false;
    g.started = None;
    for w in g.waiters.drain(..) {
        let _ = w.send(Err(e.to_string()));
    }
}

/// Clean up an abandoned write and commit the batch, if any.
async fn settle(g: &mut Shared) {
    if g.dirty
        && let Err(e) = rollback_savepoint(g).await
    {
        fail_batch(g, &e);
        return;
    }
    if g.tx.is_some() {
        flush(g).await;
    }
}

/// Write the chain head, COMMIT (durably), and tell the batch's writers.
async fn flush(g: &mut Shared) {
    let Some(mut tx) = g.tx.take() else { return };
    g.started = None;
    let result: Result<()> = async {
        if g.head != g.start_head {
            sqlx::query("UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1")
                .bind(g.head.0)
                .bind(&g.head.1)
                .execute(&mut *tx)
                .await
                .ctx("更新审计链头", "updating the audit chain head")?;
        }
        tx.commit().await.ctx("提交事务", "committing")
    }
    .await;
    let outcome = result.map_err(|e| e.to_string());
    for w in g.waiters.drain(..) {
        let _ = w.send(outcome.clone());
    }
}

/// Writes in one batch at most, and its oldest write's wait at most, before it is committed
/// even while more writers queue (bounds latency under constant load).
const BATCH_MAX: usize = 256;
const BATCH_MAX_WAIT: std::time::Duration = std::time::Duration::from_millis(20);

/// An open write (a savepoint in the shared batch transaction). State changes and their audit
/// events go in together; nothing is visible until [`WriteTx::commit`] has returned, and dropping
/// it rolls the write back.
pub struct WriteTx {
    tx: Option<Transaction<'static, Any>>,
    /// False for the first write of a batch (then the batch is this write alone).
    savepoint: bool,
    head_seq: i64,
    head_hash: String,
    /// One timestamp for the whole write: its events all happened "at once".
    pub(crate) now: Timestamp,
    gate: Option<tokio::sync::OwnedMutexGuard<Shared>>,
    store: Store,
}

impl Drop for WriteTx {
    fn drop(&mut self) {
        if let Some(mut g) = self.gate.take() {
            // Abandoned (error path or cancelled): the savepoint must be rolled back before the
            // batch goes on; do it now in the background so no lock is held longer than needed.
            if self.savepoint {
                g.tx = self.tx.take();
                g.dirty = g.tx.is_some();
                drop(g);
                spawn_settle(&self.store);
            } else {
                // The batch holds nothing else (no waiters yet): dropping the transaction rolls
                // it back.
                g.tx = None;
                g.started = None;
                drop(self.tx.take());
            }
        }
    }
}
/// What one audit event says, before it gets its place in the chain.
#[derive(Debug, Clone)]
pub struct EventDraft<'a> {
    pub actor: &'a str,
    pub action: &'a str,
    pub object_type: &'a str,
    pub object_id: &'a str,
    pub before: Option<&'a Value>,
    pub after: Option<&'a Value>,
    pub citations: &'a [Value],
}

impl WriteTx {
    /// Append one audit event to the chain (inside this transaction).
    pub(crate) async fn event(&mut self, d: EventDraft<'_>) -> Result<AuditEvent> {
        let ev = AuditEvent::seal(
            self.head_seq + 1,
            self.now,
            d.actor,
            d.action,
            d.object_type,
            d.object_id,
            d.before.cloned(),
            d.after.cloned(),
            d.citations.to_vec(),
            &self.head_hash,
        );
        audit::insert_event(self.c()?, &ev).await?;
        self.head_seq = ev.seq;
        self.head_hash = ev.hash.clone();
        Ok(ev)
    }

    /// Append the audit event of one change to `object_type`/`object_id` made for `audit` (its
    /// actor, action and citations): the state before (none for a creation) and after.
    pub(crate) async fn audited(
        &mut self,
        audit: &crate::records::Audit,
        object_type: &str,
        object_id: &str,
        before: Option<&Value>,
        after: Option<&Value>,
    ) -> Result<AuditEvent> {
        self.event(EventDraft {
            actor: &audit.actor,
            action: &audit.action,
            object_type,
            object_id,
            before,
            after,
            citations: &audit.citations,
        })
        .await
    }

    /// Re-read the chain head (after rows were replaced wholesale, as in a restore).
    pub(crate) async fn reload_head(&mut self) -> Result<(i64, String)> {
        let row = sqlx::query("SELECT seq, hash FROM audit_head WHERE id = 1")
            .fetch_one(self.c()?)
            .await
            .ctx("读取审计链头", "reading the audit chain head")?;
        self.head_seq = row
            .try_get("seq")
            .ctx("读取审计链头", "reading the audit chain head")?;
        self.head_hash = row
            .try_get("hash")
            .ctx("读取审计链头", "reading the audit chain head")?;
        Ok((self.head_seq, self.head_hash.clone()))
    }

    /// The connection of this write.
    pub(crate) fn c(&mut self) -> Result<&mut sqlx::AnyConnection> {
        match self.tx.as_mut() {
            Some(tx) => Ok(&mut **tx),
            None => Err(StoreError::Corrupt("write already finished".into())),
        }
    }

    /// Finish the write: release its savepoint into the batch, and return once the batch's
    /// COMMIT is durable (committing it here when no other writer is queued).
    pub(crate) async fn commit(mut self) -> Result<()> {
        let (Some(mut g), Some(mut tx)) = (self.gate.take(), self.tx.take()) else {
            return Err(StoreError::Corrupt("write already finished".into()));
        };
        if self.savepoint
            && let Err(e) = sqlx::query("RELEASE SAVEPOINT zw_write")
                .execute(&mut *tx)
                .await
        {
            g.tx = Some(tx);
            g.dirty = true;
            drop(g);
            spawn_settle(&self.store);
            return Err(StoreError::Database {
                context: "提交事务",
                context_en: "committing",
                source: e,
            });
        }
        g.tx = Some(tx);
        g.head = (self.head_seq, std::mem::take(&mut self.head_hash));
        let (send, mut recv) = tokio::sync::oneshot::channel();
        g.waiters.push(send);
        let old = g.started.is_some_and(|t| t.elapsed() >= BATCH_MAX_WAIT);
        if self.store.inner.waiting.load(Ordering::SeqCst) == 0
            || g.waiters.len() >= BATCH_MAX
            || old
        {
            flush(&mut g).await;
        }
        drop(g);
        loop {
            // Normally the last writer of the batch commits it; should that writer vanish, commit
            // it ourselves after a short wait.
            match tokio::time::timeout(std::time::Duration::from_millis(100), &mut recv).await {
                Ok(Ok(Ok(()))) => return Ok(()),
                Ok(Ok(Err(msg))) => {
                    return Err(StoreError::Corrupt(format!(
                        "提交失败 (commit failed): {msg}"
                    )));
                }
                Ok(Err(_)) => return Err(StoreError::Corrupt("commit outcome lost".into())),
                Err(_) => {
                    let mut g = self.store.acquire_gate().await;
                    settle(&mut g).await;
                }
            }
        }
    }
}
