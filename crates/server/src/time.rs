//! One clock, one zone. Every "today" and every time the server shows comes from the store's
//! injected clock ([`zhengwu_store::Store::now`], a `ManualClock` in tests), read in Asia/Shanghai
//! here and nowhere else.
//!
//! The zone comes from the tz database bundled into the binary (jiff's `tzdb-bundle-always`), so
//! "Asia/Shanghai" resolves on a machine without `/usr/share/zoneinfo` and whatever that machine's
//! own zone is. China has kept UTC+8 without daylight saving since 1991, so the fixed offset is the
//! fallback should the lookup ever fail; it gives the same answer for every date the system handles.

use jiff::Timestamp;
use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;
use std::sync::OnceLock;
use zhengwu_store::Store;

/// The zone every civil date and time of zhengwu is in.
pub const ZONE: &str = "Asia/Shanghai";

/// The zone, resolved once.
pub fn zone() -> &'static TimeZone {
    static Z: OnceLock<TimeZone> = OnceLock::new();
    Z.get_or_init(|| {
        TimeZone::get(ZONE).unwrap_or_else(|e| {
            tracing::error!(error = %e, "Asia/Shanghai missing from the bundled tz database; using +08:00");
            TimeZone::fixed(jiff::tz::offset(8))
        })
    })
}

/// The Beijing wall-clock time of an instant.
pub fn local(t: Timestamp) -> DateTime {
    zone().to_datetime(t)
}

/// The Beijing civil date of an instant.
pub fn date(t: Timestamp) -> Date {
    local(t).date()
}

/// Today in Beijing by the store's clock (for code that has a store but no `AppState`: the demo
/// seeds, the CLI).
pub fn today(store: &Store) -> Date {
    date(store.now())
}

/// `2026-12-07 09:30`, Beijing time, for tables whose heading says the zone.
pub fn minute(t: Timestamp) -> String {
    local(t).strftime("%Y-%m-%d %H:%M").to_string()
}

/// `2026-12-07 09:30:05`, Beijing time.
pub fn second(t: Timestamp) -> String {
    local(t).strftime("%Y-%m-%d %H:%M:%S").to_string()
}

/// `2026-12-07 09:30（北京时间）` / `2026-12-07 09:30 (Beijing time)`: a time shown on its own.
pub fn labelled(t: Timestamp, en: bool) -> String {
    if en {
        format!("{} (Beijing time)", minute(t))
    } else {
        format!("{}（北京时间）", minute(t))
    }
}

/// The heading suffix of a column of times: `（北京时间）` / ` (Beijing time)`.
pub fn label(en: bool) -> &'static str {
    if en {
        " (Beijing time)"
    } else {
        "（北京时间）"
    }
}

/// A stored timestamp (RFC 3339, UTC) shown as Beijing minutes; text that is not a timestamp is
/// shown as it is (nothing a record holds should make a page fail).
pub fn minute_of(stored: &str) -> String {
    match stored.parse::<Timestamp>() {
        Ok(t) => minute(t),
        Err(_) => stored.to_string(),
    }
}

/// A stored timestamp shown on its own, labelled (`2026-12-08 07:30（北京时间）`); other text as
/// it is.
pub fn labelled_of(stored: &str, en: bool) -> String {
    match stored.parse::<Timestamp>() {
        Ok(t) => labelled(t, en),
        Err(_) => stored.to_string(),
    }
}

/// The Beijing date of a stored timestamp (RFC 3339, UTC); text that is not one is cut to its
/// first ten characters, as the pages did before.
pub fn date_of(stored: &str) -> String {
    match stored.parse::<Timestamp>() {
        Ok(t) => date(t).to_string(),
        Err(_) => stored.get(..10).unwrap_or(stored).to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap_or_default()
    }

    #[test]
    fn beijing_is_eight_hours_ahead_across_midnight() {
        assert_eq!(date(ts("2026-12-07T15:59:00Z")).to_string(), "2026-12-07");
        assert_eq!(minute(ts("2026-12-07T15:59:00Z")), "2026-12-07 23:59");
        assert_eq!(date(ts("2026-12-07T16:00:00Z")).to_string(), "2026-12-08");
        assert_eq!(
            labelled(ts("2026-12-07T23:30:00Z"), false),
            "2026-12-08 07:30（北京时间）"
        );
        assert_eq!(minute_of("2026-12-07T23:30:00.000000Z"), "2026-12-08 07:30");
        assert_eq!(date_of("2026-12-07T23:30:00.000000Z"), "2026-12-08");
        assert_eq!(minute_of("not a time"), "not a time");
    }

    #[test]
    fn the_zone_is_the_bundled_one() {
        // Not the +08:00 fallback: the bundled database names it.
        assert_eq!(zone().iana_name(), Some(ZONE));
    }
}
