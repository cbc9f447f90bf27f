//! `zhengwu-store`: the one persistence layer of zhengwu, on two backends.
//!
//! - **SQLite** (default): a file path (or `sqlite:PATH`); the file is created and migrated with
//!   nothing installed (SQLite is compiled in). WAL journal, `synchronous = FULL`: a write that
//!   returned `Ok` survives a crash or power loss.
//! - **PostgreSQL**: a `postgres://…` URL (the CLI also reads [`DATABASE_URL_ENV`],
//!   `ZHENGWU_DATABASE_URL`).
//!
//! Both pass one conformance suite (`tests/conformance.rs`).
//!
//! # Using it
//! ```no_run
//! # async fn demo() -> zhengwu_store::Result<()> {
//! use zhengwu_store::{Audit, NewRecord, Store};
//! let store = Store::open("zhengwu.db").await?;          // connect + migrate
//! let audit = Audit::new("acct-42", "document.register"); // actor, action (+ .cite(citation))
//! let created = store
//!     .create_record(&audit, NewRecord {
//!         kind: "document".into(), id: None,
//!         data: serde_json::json!({"title": "关于…的请示"}),
//!         idempotency_key: Some("client-key-1".into()),
//!     })
//!     .await?;
//! let rec = created.value;
//! let rec = store
//!     .update_record(&audit.with_action("document.review"), "document", &rec.id, rec.version,
//!                    serde_json::json!({"title": "关于…的请示", "state": "reviewed"}))
//!     .await?; // stale version → StoreError::Conflict { current, .. }
//! assert!(store.verify_audit().await?.ok());
//! # Ok(()) }
//! ```
//!
//! # Guarantees
//! - **Every state change is audited in the same transaction**: each write function appends an
//!   [`AuditEvent`] (actor, time from the injected [`Clock`], action, object type/id, before/after
//!   JSON, rule citations) to a SHA-256 hash chain; see [`audit`] for the canonical form.
//!   [`Store::verify_audit`] names the first edited, deleted, inserted or reordered event.
//! - **Appends are serialised**: a single-row chain head (`audit_head`) is locked first in every
//!   write transaction (a row lock in PostgreSQL; in SQLite the write lock, taken by
//!   `BEGIN IMMEDIATE`), and writers of one process queue on one lock, so concurrent writers —
//!   also from several processes — cannot fork the chain.
//! - **Group commit**: each write runs as a SAVEPOINT inside a transaction shared with the writers
//!   queued behind it; it is all-or-nothing on its own (a failed or cancelled write rolls back to
//!   its savepoint, the others go on) and a write function returns `Ok` only after the shared
//!   COMMIT is durable. A batch is committed when no writer is queued, at 256 writes, or 20 ms
//!   after it began. One writer at a time therefore pays one fsync per write; many concurrent
//!   writers share them.
//! - **Optimistic concurrency**: every mutable row has a `version`; updates take
//!   `expected_version` and fail with [`StoreError::Conflict`] naming the current version.
//! - **Idempotency**: [`NewRecord::idempotency_key`] (scoped per actor): same key + same payload →
//!   the original result with `replayed = true`; same key + other payload →
//!   [`StoreError::IdempotencyMismatch`]; nothing is filed twice.
//! - **Migrations** are versioned and run on open; a database newer than the binary is refused
//!   with [`StoreError::SchemaTooNew`].
//! - **Errors** are [`StoreError`], whose `Display` is Chinese first with English in brackets;
//!   [`StoreError::is_client_error`] separates 4xx from 5xx.
//!
//! # Areas
//! - [`records`]: generic versioned JSON records (`create_record`, `update_record`,
//!   `delete_record`, `batch`, `get_record`, `list_records`).
//! - [`accounts`]: accounts (argon2id), sessions with expiry and CSRF token, API tokens stored as
//!   SHA-256 (`create_account`, `authenticate`, `update_account`, `create_session`,
//!   `session_by_token`, `delete_session`, `create_api_token`, `api_token_account`, …).
//! - [`org`]: the organisation model (governments bound to a profile, departments, people,
//!   leadership positions with role ids, portfolios 分管, substitution pairs 工作补位) with
//!   all-or-nothing CSV/xlsx import and export.
//! - [`calendar`]: holiday schedules loaded at run time.
//! - [`backup`]: online backup and restore.
//! - [`meetings`]: meetings, agenda items, major decisions and the work meeting decisions assign
//!   (`create_doc`, `update_doc`, `record_item_decision`, `list_assigned_work`, …).
//! - [`followup`]: event invitations, the proactive disclosure register, NPC suggestions and CPPCC
//!   proposals, 12345 hotline tickets (one table, `kind` per area).
//! - [`supervision`]: the supervision ledger (督查督办台账), its idempotent notices and job leases.
//! - [`login_guard`]: login rate limits and lockout, shared by every instance on the database
//!   (`login_admit`, `login_is_locked`, `login_failed`, `login_succeeded`, `login_housekeeping`).

pub mod accounts;
pub mod audit;
pub mod backup;
pub mod calendar;
pub mod canonical;
pub mod clock;
mod db;
pub mod documents;
pub mod error;
pub mod followup;
pub mod leave;
pub mod login_guard;
pub mod meetings;
pub mod openness;
pub mod org;
pub mod records;
pub mod supervision;

pub use accounts::{Account, AccountPatch, ApiToken, NewAccount, NewApiToken, NewSession, Session};
pub use audit::{AuditEvent, BadEvent, BadKind, VerifyReport};
pub use calendar::CalendarYear;
pub use clock::{Clock, ManualClock, SystemClock};
pub use db::{
    Backend, DATABASE_URL_ENV, MigrationReport, Store, StoreOptions, resolve_url, schema_version,
};
pub use documents::{NormativeEntry, NormativeNotice, NormativeRecord};
pub use error::{ImportProblem, Result, StoreError};
pub use followup::{FollowupChange, FollowupQuery, FollowupRow, FollowupWrite, NewFollowup};
pub use leave::{LeaveRow, NewLeave};
pub use login_guard::{LOGIN_WINDOW, login_name_key};
pub use meetings::{AssignedWork, Doc, DocTable, NewAssignedWork};
pub use openness::{Disclosure, NewDisclosure};
pub use records::{Audit, Created, NewRecord, Record, RecordOp};
pub use supervision::{
    LedgerQuery, NewSupItem, ReportBy, ReportRow, SupItem, SupNotice, SupProjection,
};
