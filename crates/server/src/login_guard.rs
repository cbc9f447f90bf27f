//! Brute-force protection for the login endpoint: a rate limit per client address and per account
//! name (GCRA, via `governor`), and a temporary lockout after consecutive failures. Both are keyed
//! by the name as typed, whether or not such an account exists, so their answers reveal nothing
//! about which accounts exist. State is per process: several instances behind a load balancer
//! each keep their own (the per-instance limits still bound the total rate).

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::collections::HashMap;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Why a login attempt may not even be tried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Throttle {
    /// Too many attempts; retry after this many seconds.
    RateLimited(u64),
}

struct Failures {
    count: u32,
    locked_until: Option<Instant>,
}

pub struct LoginGuard {
    per_ip: DefaultKeyedRateLimiter<IpAddr>,
    per_account: DefaultKeyedRateLimiter<String>,
    failures: Mutex<HashMap<String, Failures>>,
    lockout_failures: u32,
    lockout: Duration,
}

fn per_minute(n: u32) -> Quota {
    Quota::per_minute(NonZeroU32::new(n).unwrap_or(NonZeroU32::MIN))
}

/// Account names compare case-insensitively here so `Admin` and `admin` share one budget.
fn key(username: &str) -> String {
    username.trim().to_lowercase()
}

impl LoginGuard {
    pub fn new(
        per_ip_per_minute: u32,
        per_account_per_minute: u32,
        lockout_failures: u32,
        lockout: Duration,
    ) -> LoginGuard {
        LoginGuard {
            per_ip: RateLimiter::keyed(per_minute(per_ip_per_minute)),
            per_account: RateLimiter::keyed(per_minute(per_account_per_minute)),
            failures: Mutex::new(HashMap::new()),
            lockout_failures: lockout_failures.max(1),
            lockout,
        }
    }

    /// Takes one attempt from both budgets.
    pub fn admit(&self, ip: IpAddr, username: &str) -> Result<(), Throttle> {
        let clock = DefaultClock::default();
        let wait = |nu: governor::NotUntil<_>| {
            Throttle::RateLimited(nu.wait_time_from(clock.now()).as_secs().max(1))
        };
        self.per_ip.check_key(&ip).map_err(wait)?;
        self.per_account.check_key(&key(username)).map_err(wait)?;
        Ok(())
    }

    /// True while the name is locked after too many failures.
    pub fn is_locked(&self, username: &str) -> bool {
        let now = Instant::now();
        let map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        map.get(&key(username))
            .and_then(|f| f.locked_until)
            .is_some_and(|until| until > now)
    }

    /// Counts a failure; returns true when this failure locked the name.
    pub fn failed(&self, username: &str) -> bool {
        let now = Instant::now();
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        let f = map.entry(key(username)).or_insert(Failures {
            count: 0,
            locked_until: None,
        });
        if f.locked_until.is_some_and(|until| until <= now) {
            // The lock ran out: a fresh budget of failures.
            f.count = 0;
            f.locked_until = None;
        }
        f.count += 1;
        if f.count >= self.lockout_failures && f.locked_until.is_none() {
            f.locked_until = Some(now + self.lockout);
            return true;
        }
        false
    }

    pub fn succeeded(&self, username: &str) {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        map.remove(&key(username));
    }

    /// Drops state that no longer matters, so memory stays bounded under a spray of names.
    pub fn housekeeping(&self) {
        self.per_ip.retain_recent();
        self.per_account.retain_recent();
        let now = Instant::now();
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        map.retain(|_, f| f.locked_until.is_none_or(|until| until > now));
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly on purpose
mod tests {
    use super::*;

    #[test]
    fn rate_limits_per_account_and_per_ip() {
        let g = LoginGuard::new(4, 2, 5, Duration::from_secs(60));
        let ip: IpAddr = [127, 0, 0, 1].into();
        assert!(g.admit(ip, "alice").is_ok());
        assert!(g.admit(ip, "ALICE").is_ok());
        assert!(matches!(g.admit(ip, "alice"), Err(Throttle::RateLimited(s)) if s >= 1));
        // Every attempt from the address counts against it, refused or not: 3 of 4 are spent.
        assert!(g.admit(ip, "bob").is_ok());
        assert!(
            g.admit(ip, "carol").is_err(),
            "the address budget of 4 is spent"
        );
        assert!(g.admit([10, 0, 0, 1].into(), "carol").is_ok());
    }

    #[test]
    fn locks_after_consecutive_failures_and_success_resets() {
        let g = LoginGuard::new(100, 100, 3, Duration::from_secs(60));
        assert!(!g.failed("a"));
        g.succeeded("a");
        assert!(!g.failed("a"));
        assert!(!g.failed("a"));
        assert!(!g.is_locked("a"));
        assert!(g.failed("a"), "the third consecutive failure locks");
        assert!(g.is_locked("A"));
        assert!(!g.is_locked("b"));
    }

    #[test]
    fn a_lock_runs_out() {
        let g = LoginGuard::new(100, 100, 1, Duration::from_millis(20));
        assert!(g.failed("a"));
        assert!(g.is_locked("a"));
        std::thread::sleep(Duration::from_millis(30));
        assert!(!g.is_locked("a"));
        g.housekeeping();
        assert!(g.failures.lock().unwrap().is_empty());
    }
}
