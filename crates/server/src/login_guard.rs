//! Brute-force protection for the login endpoint: a rate limit per client address and per account
//! name (attempts per one-minute window), and a temporary lockout after consecutive failures. Both
//! are keyed by the name as typed (trimmed, case-insensitive), whether or not such an account
//! exists, so their answers reveal nothing about which accounts exist. The state is kept in the
//! database ([`zhengwu_store::login_guard`]), so several instances behind a load balancer share one
//! budget and one lockout, and time is the store's clock.

use jiff::SignedDuration;
use std::net::IpAddr;
use zhengwu_store::{Result, Store};

/// Why a login attempt may not even be tried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Throttle {
    /// Too many attempts; retry after this many seconds.
    RateLimited(u64),
}

pub struct LoginGuard {
    store: Store,
    per_ip_per_minute: u32,
    per_account_per_minute: u32,
    lockout_failures: u32,
    lockout: SignedDuration,
}

impl LoginGuard {
    pub fn new(
        store: Store,
        per_ip_per_minute: u32,
        per_account_per_minute: u32,
        lockout_failures: u32,
        lockout: SignedDuration,
    ) -> LoginGuard {
        LoginGuard {
            store,
            per_ip_per_minute,
            per_account_per_minute,
            lockout_failures: lockout_failures.max(1),
            lockout,
        }
    }

    /// Takes one attempt from both budgets; `Some` when the attempt is refused.
    pub async fn admit(&self, ip: IpAddr, username: &str) -> Result<Option<Throttle>> {
        let wait = self
            .store
            .login_admit(
                &ip.to_string(),
                username,
                self.per_ip_per_minute,
                self.per_account_per_minute,
            )
            .await?;
        Ok(wait.map(Throttle::RateLimited))
    }

    /// True while the name is locked after too many failures.
    pub async fn is_locked(&self, username: &str) -> Result<bool> {
        self.store.login_is_locked(username).await
    }

    /// Counts a failure; returns true when this failure locked the name.
    pub async fn failed(&self, username: &str) -> Result<bool> {
        self.store
            .login_failed(username, self.lockout_failures, self.lockout)
            .await
    }

    pub async fn succeeded(&self, username: &str) -> Result<()> {
        self.store.login_succeeded(username).await
    }

    /// Deletes state that no longer matters, so the table stays small under a spray of names.
    pub async fn housekeeping(&self) -> Result<u64> {
        self.store.login_housekeeping(self.lockout).await
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly on purpose
mod tests {
    use super::*;
    use std::sync::Arc;
    use zhengwu_store::{ManualClock, StoreOptions};

    /// A guard on a fresh SQLite file (removed on drop) with a manual clock.
    struct Fixture {
        guard: LoginGuard,
        clock: Arc<ManualClock>,
        dir: std::path::PathBuf,
    }

    impl Drop for Fixture {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }

    async fn fixture(per_ip: u32, per_account: u32, failures: u32, lockout_secs: i64) -> Fixture {
        static N: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let dir = std::env::temp_dir().join(format!(
            "zhengwu-login-guard-{}-{}",
            std::process::id(),
            N.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&dir).unwrap();
        let clock = Arc::new(ManualClock::new("2026-03-02T01:00:00Z".parse().unwrap()));
        let store = Store::connect_with(
            dir.join("zw.db").to_str().unwrap(),
            StoreOptions {
                clock: clock.clone(),
                ..StoreOptions::default()
            },
        )
        .await
        .unwrap();
        let lockout = SignedDuration::from_secs(lockout_secs);
        Fixture {
            guard: LoginGuard::new(store, per_ip, per_account, failures, lockout),
            clock,
            dir,
        }
    }

    #[tokio::test]
    async fn rate_limits_per_account_and_per_ip() {
        let fx = fixture(4, 2, 5, 60).await;
        let g = &fx.guard;
        let ip: IpAddr = [127, 0, 0, 1].into();
        assert_eq!(g.admit(ip, "alice").await.unwrap(), None);
        assert_eq!(g.admit(ip, "ALICE").await.unwrap(), None);
        assert!(matches!(
            g.admit(ip, "alice").await.unwrap(),
            Some(Throttle::RateLimited(s)) if s >= 1
        ));
        // Every attempt from the address counts against it, refused or not: 3 of 4 are spent.
        assert_eq!(g.admit(ip, "bob").await.unwrap(), None);
        assert!(
            g.admit(ip, "carol").await.unwrap().is_some(),
            "the address budget of 4 is spent"
        );
        assert_eq!(g.admit([10, 0, 0, 1].into(), "carol").await.unwrap(), None);
    }

    #[tokio::test]
    async fn locks_after_consecutive_failures_and_success_resets() {
        let fx = fixture(100, 100, 3, 60).await;
        let g = &fx.guard;
        assert!(!g.failed("a").await.unwrap());
        g.succeeded("a").await.unwrap();
        assert!(!g.failed("a").await.unwrap());
        assert!(!g.failed("a").await.unwrap());
        assert!(!g.is_locked("a").await.unwrap());
        assert!(
            g.failed("a").await.unwrap(),
            "the third consecutive failure locks"
        );
        assert!(g.is_locked("A").await.unwrap());
        assert!(!g.is_locked("b").await.unwrap());
    }

    #[tokio::test]
    async fn a_lock_runs_out() {
        let fx = fixture(100, 100, 1, 20).await;
        let g = &fx.guard;
        assert!(g.failed("a").await.unwrap());
        assert!(g.is_locked("a").await.unwrap());
        fx.clock.advance(SignedDuration::from_secs(30));
        assert!(!g.is_locked("a").await.unwrap());
        // The lock is over and nothing else was counted: the row goes.
        fx.clock.advance(SignedDuration::from_secs(60));
        assert_eq!(g.housekeeping().await.unwrap(), 1);
        assert_eq!(g.housekeeping().await.unwrap(), 0);
    }
}
