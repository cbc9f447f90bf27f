//! The injected clock. Every timestamp the store writes (audit events, sessions, records) comes from
//! here, so tests can fix time and the domain stays deterministic.

use jiff::Timestamp;
use std::sync::Mutex;

pub trait Clock: Send + Sync + std::fmt::Debug {
    fn now(&self) -> Timestamp;
}

/// The machine's clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Timestamp {
        Timestamp::now()
    }
}

/// A clock that stands still until moved; for tests and replays.
#[derive(Debug)]
pub struct ManualClock(Mutex<Timestamp>);

impl ManualClock {
    pub fn new(at: Timestamp) -> ManualClock {
        ManualClock(Mutex::new(at))
    }
    pub fn set(&self, at: Timestamp) {
        *self.0.lock().unwrap_or_else(|p| p.into_inner()) = at;
    }
    pub fn advance(&self, by: jiff::SignedDuration) {
        let mut t = self.0.lock().unwrap_or_else(|p| p.into_inner());
        // Saturate rather than panic: a test moving time past year 9999 is a test bug, not a crash.
        *t = t.checked_add(by).unwrap_or(*t);
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Timestamp {
        *self.0.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// The stored form of a timestamp: RFC 3339 in UTC with exactly six fractional digits
/// (`2026-03-01T08:00:00.000000Z`). Fixed width, so text order is time order on both backends.
pub fn format_ts(t: Timestamp) -> String {
    let micros = t.as_microsecond();
    let t = Timestamp::from_microsecond(micros).unwrap_or(t);
    t.strftime("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
}

pub(crate) fn parse_ts(s: &str) -> crate::Result<Timestamp> {
    s.parse::<Timestamp>()
        .map_err(|e| crate::StoreError::Corrupt(format!("timestamp {s:?}: {e}")))
}
