//! The one error type of the store. Every message is Chinese first, with English in brackets, so the
//! server and the CLI can show it as is.

use thiserror::Error;

/// Result of a store operation.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// One problem in an imported organisation file: the line (1-based, the header is line 1) and the
/// column it concerns.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ImportProblem {
    pub line: u64,
    pub column: String,
    pub message_zh: String,
    pub message_en: String,
}

impl std::fmt::Display for ImportProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "第 {} 行，{} 列：{} (line {}, column {}: {})",
            self.line, self.column, self.message_zh, self.line, self.column, self.message_en
        )
    }
}

#[derive(Debug, Error)]
pub enum StoreError {
    /// Optimistic concurrency: the caller edited a stale copy.
    #[error(
        "版本冲突：{object_type} {id} 当前版本为 {current}，提交的版本为 {expected}，请刷新后重试 (version conflict: {object_type} {id} is at version {current}, the change was based on version {expected}; reload and retry)"
    )]
    Conflict {
        object_type: String,
        id: String,
        expected: i64,
        current: i64,
    },

    #[error("对象不存在：{object_type} {id} (not found: {object_type} {id})")]
    NotFound { object_type: String, id: String },

    /// Creating an object that already exists.
    #[error("对象已存在：{object_type} {id} (already exists: {object_type} {id})")]
    AlreadyExists { object_type: String, id: String },

    /// An idempotency key reused for a different request.
    #[error(
        "幂等键 {key} 已用于另一个不同内容的请求，未重复办理 (idempotency key {key} was already used for a different request; nothing was filed)"
    )]
    IdempotencyMismatch { key: String },

    /// The database was migrated by a newer zhengwu.
    #[error(
        "数据库结构版本 {database} 高于本程序支持的版本 {binary}，请升级 zhengwu 后再使用此数据库 (database schema version {database} is newer than this binary supports ({binary}); upgrade zhengwu before using this database)"
    )]
    SchemaTooNew { database: i64, binary: i64 },

    /// Input that does not satisfy the model (empty name, unknown role id, …).
    #[error("输入无效：{zh} (invalid input: {en})")]
    Invalid { zh: String, en: String },

    /// An organisation import with problems; nothing was written.
    #[error("{}", import_summary(.0))]
    Import(Vec<ImportProblem>),

    /// Wrong user name or password, disabled account.
    #[error(
        "用户名或密码错误，或账号已停用 (wrong user name or password, or the account is disabled)"
    )]
    BadCredentials,

    /// The database URL is not understood.
    #[error("数据库地址无效：{0} (invalid database URL: {0})")]
    BadUrl(String),

    /// A backup file that cannot be restored.
    #[error("备份文件无效：{zh} (invalid backup file: {en})")]
    Backup { zh: String, en: String },

    #[error("数据库错误：{context}：{source} (database error while {context_en}: {source})")]
    Database {
        context: &'static str,
        context_en: &'static str,
        #[source]
        source: sqlx::Error,
    },

    #[error("文件读写失败：{path}：{source} (file I/O failed: {path}: {source})")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },

    /// Stored data that cannot be decoded (corrupted or hand-edited database).
    #[error("数据库内容损坏：{0} (corrupt stored data: {0})")]
    Corrupt(String),
}

fn import_summary(problems: &[ImportProblem]) -> String {
    let mut s = format!(
        "导入失败，共 {} 处问题，未写入任何数据 (import failed with {} problem(s); nothing was written)",
        problems.len(),
        problems.len()
    );
    for p in problems {
        s.push_str("\n  ");
        s.push_str(&p.to_string());
    }
    s
}

impl StoreError {
    pub(crate) fn invalid(zh: impl Into<String>, en: impl Into<String>) -> StoreError {
        StoreError::Invalid {
            zh: zh.into(),
            en: en.into(),
        }
    }
    pub(crate) fn backup(zh: impl Into<String>, en: impl Into<String>) -> StoreError {
        StoreError::Backup {
            zh: zh.into(),
            en: en.into(),
        }
    }
    pub(crate) fn io(path: impl std::fmt::Display, source: std::io::Error) -> StoreError {
        StoreError::Io {
            path: path.to_string(),
            source,
        }
    }
    pub(crate) fn not_found(object_type: &str, id: &str) -> StoreError {
        StoreError::NotFound {
            object_type: object_type.into(),
            id: id.into(),
        }
    }
    /// True for errors caused by the caller's input or a stale version (HTTP 4xx), false for
    /// failures of the system (HTTP 5xx).
    pub fn is_client_error(&self) -> bool {
        !matches!(
            self,
            StoreError::Database { .. } | StoreError::Io { .. } | StoreError::Corrupt(_)
        )
    }
}

/// Attach a bilingual context to a sqlx error.
pub(crate) trait DbContext<T> {
    fn ctx(self, zh: &'static str, en: &'static str) -> Result<T>;
}

impl<T> DbContext<T> for std::result::Result<T, sqlx::Error> {
    fn ctx(self, zh: &'static str, en: &'static str) -> Result<T> {
        self.map_err(|source| StoreError::Database {
            context: zh,
            context_en: en,
            source,
        })
    }
}
