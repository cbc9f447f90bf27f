//! The login guard's state (migration 0008, table `login_guard`): per-minute attempt windows for
//! client addresses and login names, and the lockout of a name after consecutive failures. Kept in
//! the database, so several server instances on one database share one budget and one lockout.
//!
//! Each operation is one statement (an `INSERT … ON CONFLICT DO UPDATE … RETURNING` for the
//! counters), so concurrent attempts — from one instance or several — are counted exactly on both
//! backends. "Now" is the store's injected [`Clock`](crate::Clock); timestamps are stored in the
//! fixed-width text form of [`format_ts`], so comparing the text compares the times.
//!
//! Names are keyed by [`login_name_key`] (trimmed, lower-cased) whether or not such an account
//! exists, so nothing here tells which accounts exist. The state is not business data: it is not
//! in backups, and [`Store::login_housekeeping`] deletes the rows that no longer matter.

use crate::clock::{format_ts, parse_ts};
use crate::db::Store;
use crate::error::{DbContext, Result};
use jiff::{SignedDuration, Timestamp};
use sqlx::Row;
use std::sync::LazyLock;

/// The length of an attempt window: the limits are per minute.
pub const LOGIN_WINDOW: SignedDuration = SignedDuration::from_secs(60);

const ADDRESS: &str = "address";
const NAME: &str = "name";

/// The key of a login name: trimmed and lower-cased, so `Admin` and ` admin` share one budget and
/// one lockout.
pub fn login_name_key(name: &str) -> String {
    name.trim().to_lowercase()
}

/// Counts one attempt in the key's current window (starting a new window when the last one is
/// over) and returns the window's start and its count including this attempt.
const COUNT_ATTEMPT: &str = "INSERT INTO login_guard (kind, key, window_start, window_count, failures, failed_at, locked_until, lock_began) \
     VALUES ($1, $2, $3, 1, 0, NULL, NULL, 0) \
     ON CONFLICT (kind, key) DO UPDATE SET \
     window_count = CASE WHEN login_guard.window_start <= $4 THEN 1 ELSE login_guard.window_count + 1 END, \
     window_start = CASE WHEN login_guard.window_start <= $4 THEN $3 ELSE login_guard.window_start END \
     RETURNING window_start, window_count";

/// Counts one failure of a name. A streak is over (the count starts again at 1) when its lock ran
/// out, or when no lock is on and the last failure is older than the lockout period. The name is
/// locked when the streak reaches the threshold and no lock is on; `lock_began` says whether this
/// failure locked it. Binds: $1 key, $2 now, $3 now − lockout, $4 threshold, $5 now + lockout.
/// (Every right-hand side of an UPDATE sees the row as it was, hence the repeated expressions.)
static COUNT_FAILURE: LazyLock<String> = LazyLock::new(|| {
    let locked = "(login_guard.locked_until IS NOT NULL AND login_guard.locked_until > $2)";
    let stale = "((login_guard.locked_until IS NOT NULL AND login_guard.locked_until <= $2) \
         OR (login_guard.locked_until IS NULL \
         AND (login_guard.failed_at IS NULL OR login_guard.failed_at <= $3)))";
    let streak = format!("(CASE WHEN {stale} THEN 1 ELSE login_guard.failures + 1 END)");
    format!(
        "INSERT INTO login_guard (kind, key, window_start, window_count, failures, failed_at, locked_until, lock_began) \
         VALUES ('name', $1, $2, 0, 1, $2, CASE WHEN 1 >= $4 THEN $5 ELSE NULL END, CASE WHEN 1 >= $4 THEN 1 ELSE 0 END) \
         ON CONFLICT (kind, key) DO UPDATE SET \
         failures = {streak}, \
         failed_at = $2, \
         lock_began = CASE WHEN {locked} THEN 0 WHEN {streak} >= $4 THEN 1 ELSE 0 END, \
         locked_until = CASE WHEN {locked} THEN login_guard.locked_until WHEN {streak} >= $4 THEN $5 ELSE NULL END \
         RETURNING lock_began"
    )
});

/// `now + d`, saturating (a lockout that runs past year 9999 is a lockout until then).
fn after(now: Timestamp, d: SignedDuration) -> Timestamp {
    now.checked_add(d).unwrap_or(Timestamp::MAX)
}

/// `now − d`, saturating at 1970 (every stored time is later).
fn before(now: Timestamp, d: SignedDuration) -> Timestamp {
    now.checked_sub(d).unwrap_or(Timestamp::UNIX_EPOCH)
}

impl Store {
    /// Takes one login attempt from the client address's budget and then from the name's (each
    /// per one-minute window; a limit of 0 counts as 1). Every attempt counts against the address,
    /// refused or not; an attempt the address's budget refuses does not count against the name.
    /// `Some(seconds)` when refused: the window ends in that many seconds (at least 1).
    pub async fn login_admit(
        &self,
        address: &str,
        name: &str,
        per_address_per_minute: u32,
        per_name_per_minute: u32,
    ) -> Result<Option<u64>> {
        let now = self.now();
        let (now_s, window_over) = (format_ts(now), format_ts(before(now, LOGIN_WINDOW)));
        let name = login_name_key(name);
        for (kind, key, limit) in [
            (ADDRESS, address, per_address_per_minute),
            (NAME, name.as_str(), per_name_per_minute),
        ] {
            let ctx = ("计数登录尝试", "counting a login attempt");
            let row = sqlx::query(COUNT_ATTEMPT)
                .bind(kind)
                .bind(key)
                .bind(&now_s)
                .bind(&window_over)
                .fetch_one(&self.inner.pool)
                .await
                .ctx(ctx.0, ctx.1)?;
            let count: i64 = row.try_get("window_count").ctx(ctx.0, ctx.1)?;
            if count > i64::from(limit.max(1)) {
                let start = parse_ts(&row.try_get::<String, _>("window_start").ctx(ctx.0, ctx.1)?)?;
                let left = after(start, LOGIN_WINDOW).duration_since(now);
                // Whole seconds, rounded up: retrying after that many seconds is never too early.
                let secs = left.as_secs() + i64::from(left.subsec_nanos() > 0);
                return Ok(Some(u64::try_from(secs).unwrap_or(0).max(1)));
            }
        }
        Ok(None)
    }

    /// True while the name is locked after too many consecutive failures.
    pub async fn login_is_locked(&self, name: &str) -> Result<bool> {
        let row = sqlx::query(
            "SELECT COUNT(*) AS n FROM login_guard WHERE kind = $1 AND key = $2 AND locked_until > $3",
        )
        .bind(NAME)
        .bind(login_name_key(name))
        .bind(format_ts(self.now()))
        .fetch_one(&self.inner.pool)
        .await
        .ctx("查询登录锁定", "checking a login lockout")?;
        let n: i64 = row
            .try_get("n")
            .ctx("查询登录锁定", "checking a login lockout")?;
        Ok(n > 0)
    }

    /// Counts a failed login of the name; `true` when this failure locked it (for `lockout` from
    /// now) — the streak reached `threshold` (0 counts as 1). A streak ends with a success, when
    /// its lock runs out, or after `lockout` without a failure.
    pub async fn login_failed(
        &self,
        name: &str,
        threshold: u32,
        lockout: SignedDuration,
    ) -> Result<bool> {
        let now = self.now();
        let row = sqlx::query(COUNT_FAILURE.as_str())
            .bind(login_name_key(name))
            .bind(format_ts(now))
            .bind(format_ts(before(now, lockout)))
            .bind(i64::from(threshold.max(1)))
            .bind(format_ts(after(now, lockout)))
            .fetch_one(&self.inner.pool)
            .await
            .ctx("记录登录失败", "counting a failed login")?;
        let began: i64 = row
            .try_get("lock_began")
            .ctx("记录登录失败", "counting a failed login")?;
        Ok(began == 1)
    }

    /// A successful login: the name's failure streak (and any lock) ends; its attempt window stays.
    pub async fn login_succeeded(&self, name: &str) -> Result<()> {
        sqlx::query(
            "UPDATE login_guard SET failures = 0, failed_at = NULL, locked_until = NULL, lock_began = 0 WHERE kind = $1 AND key = $2",
        )
        .bind(NAME)
        .bind(login_name_key(name))
        .execute(&self.inner.pool)
        .await
        .ctx("重置登录失败计数", "resetting a failed-login count")?;
        Ok(())
    }

    /// Deletes the rows that no longer matter — attempt window over, and no lock on nor failure
    /// streak still counting (`lockout` as for [`Store::login_failed`]) — so the table stays small
    /// under a spray of names. Returns how many.
    pub async fn login_housekeeping(&self, lockout: SignedDuration) -> Result<u64> {
        let now = self.now();
        let res = sqlx::query(
            "DELETE FROM login_guard WHERE window_start <= $1 AND (\
             (locked_until IS NOT NULL AND locked_until <= $2) \
             OR (locked_until IS NULL AND (failures = 0 OR failed_at IS NULL OR failed_at <= $3)))",
        )
        .bind(format_ts(before(now, LOGIN_WINDOW)))
        .bind(format_ts(now))
        .bind(format_ts(before(now, lockout)))
        .execute(&self.inner.pool)
        .await
        .ctx("清理登录限制记录", "purging login guard rows")?;
        Ok(res.rows_affected())
    }
}
