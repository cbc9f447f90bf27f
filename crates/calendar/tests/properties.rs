//! Algebraic properties of the working-day operations over the whole range.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly on purpose

use jiff::civil::Date;
use proptest::prelude::*;
use zhengwu_calendar::Calendar;

/// Any date 2000-01-01 … 2099-12-31 (day offsets from 2000-01-01).
fn any_date() -> impl Strategy<Value = Date> {
    (0i64..36_525).prop_map(|k| {
        jiff::civil::date(2000, 1, 1)
            .checked_add(jiff::Span::new().days(k))
            .unwrap()
    })
}

/// Dates leaving room for ±1000 working days inside the range.
fn inner_date() -> impl Strategy<Value = Date> {
    (2_000i64..34_000).prop_map(|k| {
        jiff::civil::date(2000, 1, 1)
            .checked_add(jiff::Span::new().days(k))
            .unwrap()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn add_then_between_round_trips(d in inner_date(), n in 1i32..1000) {
        let cal = Calendar::official();
        let r = cal.add_working_days(d, n).unwrap().value;
        prop_assert!(r > d);
        prop_assert!(cal.is_working_day(r).unwrap().value);
        prop_assert_eq!(cal.working_days_between(d, r).unwrap().value, n);
        // And backwards: from r, n working days back, counting (x, r] with r itself a working day.
        let x = cal.add_working_days(r, -n).unwrap().value;
        prop_assert_eq!(cal.working_days_between(x, r).unwrap().value, n);
    }

    #[test]
    fn add_is_strictly_monotonic_in_n(d in inner_date(), n in -999i32..999) {
        let cal = Calendar::official();
        let a = cal.add_working_days(d, n).unwrap().value;
        let b = cal.add_working_days(d, n + 1).unwrap().value;
        prop_assert!(a < b, "{} {}: {} {}", d, n, a, b);
    }

    #[test]
    fn before_and_after_are_inverse_on_working_days(d in inner_date(), n in 1u32..1000) {
        let cal = Calendar::official();
        // Move d onto a working day first.
        let w = cal.add_working_days(d, 1).unwrap().value;
        let after = cal.within_working_days_after(w, n).unwrap().value;
        prop_assert_eq!(cal.working_days_before(after, n).unwrap().value, w);
        let before = cal.working_days_before(w, n).unwrap().value;
        prop_assert_eq!(cal.within_working_days_after(before, n).unwrap().value, w);
    }

    #[test]
    fn between_agrees_with_a_day_by_day_count(a in any_date(), len in 0i64..60) {
        let cal = Calendar::official();
        let Ok(b) = a.checked_add(jiff::Span::new().days(len)) else { return Ok(()) };
        if b.year() > 2099 { return Ok(()) }
        let mut count = 0;
        let mut d = a;
        while d < b {
            d = d.tomorrow().unwrap();
            count += i32::from(cal.is_working_day(d).unwrap().value);
        }
        prop_assert_eq!(cal.working_days_between(a, b).unwrap().value, count);
    }

    #[test]
    fn days_after_lands_on_the_first_working_day_from_e_plus_n(e in inner_date(), n in 0u32..400) {
        let cal = Calendar::official();
        let r = cal.days_after(e, n).unwrap().value;
        let plain = e.checked_add(jiff::Span::new().days(i64::from(n))).unwrap();
        prop_assert!(r >= plain);
        prop_assert!(cal.is_working_day(r).unwrap().value);
        // Every day from e + n up to r (exclusive) is a day off.
        let mut d = plain;
        while d < r {
            prop_assert!(!cal.is_working_day(d).unwrap().value);
            d = d.tomorrow().unwrap();
        }
    }

    #[test]
    fn notes_cover_exactly_the_non_ordinary_days(a in inner_date(), len in 0i64..40) {
        let cal = Calendar::official();
        let b = a.checked_add(jiff::Span::new().days(len)).unwrap();
        let notes = cal.notes(a, b).unwrap();
        let mut d = a;
        while d < b {
            d = d.tomorrow().unwrap();
            let works = cal.is_working_day(d).unwrap().value;
            let weekend = d.weekday().to_monday_zero_offset() >= 5;
            let covered = notes.iter().any(|n| n.from <= d && d <= n.to);
            prop_assert_eq!(covered, !works || weekend, "{}", d);
        }
    }
}
