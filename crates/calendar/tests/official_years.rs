//! Every weekday off and every make-up working day of 2020–2026, as listed in HOLIDAYS.md's
//! machine-readable digest, checked against the calendar — and every other day of those years is an
//! ordinary day (Mon–Fri working, Sat/Sun off). The expected table is written out here by hand from
//! HOLIDAYS.md (not from the calendar's data files); when ../shared/reference/HOLIDAYS.md is present the
//! test also parses it and requires the hand-written table to equal it.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly on purpose

use std::collections::{BTreeMap, BTreeSet};
use zhengwu_calendar::{Calendar, Date};

/// (year, weekday days off, make-up working days, total working days) — HOLIDAYS.md digest.
const DIGEST: &[(i16, &str, &str, i32)] = &[
    (
        2020,
        "01-01, 01-24, 01-27, 01-28, 01-29, 01-30, 01-31, 04-06, 05-01, 05-04, 05-05, 06-25, 06-26, 10-01, 10-02, 10-05, 10-06, 10-07, 10-08",
        "01-19, 04-26, 05-09, 06-28, 09-27, 10-10",
        249,
    ),
    (
        2021,
        "01-01, 02-11, 02-12, 02-15, 02-16, 02-17, 04-05, 05-03, 05-04, 05-05, 06-14, 09-20, 09-21, 10-01, 10-04, 10-05, 10-06, 10-07",
        "02-07, 02-20, 04-25, 05-08, 09-18, 09-26, 10-09",
        250,
    ),
    (
        2022,
        "01-03, 01-31, 02-01, 02-02, 02-03, 02-04, 04-04, 04-05, 05-02, 05-03, 05-04, 06-03, 09-12, 10-03, 10-04, 10-05, 10-06, 10-07",
        "01-29, 01-30, 04-02, 04-24, 05-07, 10-08, 10-09",
        249,
    ),
    (
        2023,
        "01-02, 01-23, 01-24, 01-25, 01-26, 01-27, 04-05, 05-01, 05-02, 05-03, 06-22, 06-23, 09-29, 10-02, 10-03, 10-04, 10-05, 10-06",
        "01-28, 01-29, 04-23, 05-06, 06-25, 10-07, 10-08",
        249,
    ),
    (
        2024,
        "01-01, 02-12, 02-13, 02-14, 02-15, 02-16, 04-04, 04-05, 05-01, 05-02, 05-03, 06-10, 09-16, 09-17, 10-01, 10-02, 10-03, 10-04, 10-07",
        "02-04, 02-18, 04-07, 04-28, 05-11, 09-14, 09-29, 10-12",
        251,
    ),
    (
        2025,
        "01-01, 01-28, 01-29, 01-30, 01-31, 02-03, 02-04, 04-04, 05-01, 05-02, 05-05, 06-02, 10-01, 10-02, 10-03, 10-06, 10-07, 10-08",
        "01-26, 02-08, 04-27, 09-28, 10-11",
        248,
    ),
    (
        2026,
        "01-01, 01-02, 02-16, 02-17, 02-18, 02-19, 02-20, 02-23, 04-06, 05-01, 05-04, 05-05, 06-19, 09-25, 10-01, 10-02, 10-05, 10-06, 10-07",
        "01-04, 02-14, 02-28, 05-09, 09-20, 10-10",
        248,
    ),
];

fn dates(year: i16, list: &str) -> BTreeSet<Date> {
    list.split(',')
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .map(|md| format!("{year}-{md}").parse::<Date>().unwrap())
        .collect()
}

type Table = BTreeMap<i16, (BTreeSet<Date>, BTreeSet<Date>, i32)>;

fn hand_table() -> Table {
    DIGEST
        .iter()
        .map(|&(y, off, work, total)| (y, (dates(y, off), dates(y, work), total)))
        .collect()
}

/// Parses the digest block of HOLIDAYS.md ("2020 weekday-off (19): 01-01, …").
fn parse_holidays_md(text: &str) -> Table {
    let mut t: Table = BTreeMap::new();
    for line in text.lines() {
        let mut words = line.split_whitespace();
        let (Some(y), Some(what)) = (words.next(), words.next()) else {
            continue;
        };
        let Ok(y) = y.parse::<i16>() else { continue };
        let rest = line.split_once(':').map(|(_, r)| r.trim()).unwrap_or("");
        let e = t.entry(y).or_default();
        match what {
            "weekday-off" => e.0 = dates(y, rest),
            "make-up-work" => e.1 = dates(y, rest),
            "total" => e.2 = rest.parse().unwrap(),
            _ => {}
        }
    }
    t
}

#[test]
fn hand_table_matches_holidays_md_when_present() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/reference/HOLIDAYS.md"
    );
    let Ok(text) = std::fs::read_to_string(path) else {
        eprintln!("HOLIDAYS.md not found at {path}; using the hand-written table only");
        return;
    };
    let parsed = parse_holidays_md(&text);
    assert_eq!(
        parsed,
        hand_table(),
        "the digest in HOLIDAYS.md changed: update DIGEST"
    );
    // The digest's own counts agree with its lists.
    for (y, (off, work, _)) in &parsed {
        let counted: Vec<_> = text
            .lines()
            .filter(|l| {
                l.starts_with(&format!("{y} weekday-off ("))
                    || l.starts_with(&format!("{y} make-up-work ("))
            })
            .collect();
        assert_eq!(counted.len(), 2, "{y}");
        assert!(counted[0].contains(&format!("({})", off.len())), "{y}");
        assert!(counted[1].contains(&format!("({})", work.len())), "{y}");
    }
}

#[test]
fn every_day_of_2020_to_2026_is_classified_as_holidays_md_says() {
    let cal = Calendar::official();
    let mut checked_off = 0;
    let mut checked_work = 0;
    for (y, (off, work, total)) in hand_table() {
        let mut d = Date::new(y, 1, 1).unwrap();
        let mut working = 0;
        while d.year() == y {
            let weekend = d.weekday().to_monday_zero_offset() >= 5;
            let expected = if off.contains(&d) {
                assert!(!weekend, "{d} listed as weekday-off but is a weekend");
                checked_off += 1;
                false
            } else if work.contains(&d) {
                assert!(weekend, "{d} listed as make-up but is a weekday");
                checked_work += 1;
                true
            } else {
                !weekend
            };
            let a = cal.is_working_day(d).unwrap();
            assert_eq!(a.value, expected, "{d}");
            assert!(!a.provisional, "{d} is in an official year");
            working += i32::from(a.value);
            d = d.tomorrow().unwrap();
        }
        assert_eq!(working, total, "total working days {y}");
        // The same total through the O(1) count.
        let dec31_prev = Date::new(y - 1, 12, 31).unwrap();
        let dec31 = Date::new(y, 12, 31).unwrap();
        assert_eq!(
            cal.working_days_between(dec31_prev, dec31).unwrap().value,
            total,
            "{y}"
        );
    }
    assert_eq!(checked_off, 19 + 18 + 18 + 18 + 19 + 18 + 19);
    assert_eq!(checked_work, 6 + 7 + 7 + 7 + 8 + 5 + 6);
}

#[test]
fn official_years_name_their_notice() {
    let cal = Calendar::official();
    let years: Vec<i16> = cal.schedules().map(|s| s.year()).collect();
    assert_eq!(years, (2020..=2026).collect::<Vec<_>>());
    for s in cal.schedules() {
        let n = &s.notices()[0];
        assert!(
            n.title
                .contains(&format!("关于{}年部分节假日安排的通知", s.year())),
            "{}",
            n.title
        );
        assert!(n.date.is_some());
    }
    // 2020 also names the Spring Festival extension (国办发明电〔2020〕1号).
    let y2020 = cal.schedule(2020).unwrap();
    assert!(
        y2020
            .notices()
            .iter()
            .any(|n| n.number.as_deref() == Some("国办发明电〔2020〕1号"))
    );
    // 2025 is 国办发明电〔2024〕12号 of 2024-11-12.
    let y2025 = cal.schedule(2025).unwrap();
    assert_eq!(
        y2025.notices()[0].number.as_deref(),
        Some("国办发明电〔2024〕12号")
    );
    assert_eq!(
        y2025.notices()[0].date,
        Some(jiff::civil::date(2024, 11, 12))
    );
}
