//! The counting conventions (MATRIX C2–C5, 民法典 第二百零三条), notes and their rendering, the
//! provisional path and strict mode. Expected dates are worked out by hand from HOLIDAYS.md.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly on purpose

use jiff::civil::date;
use zhengwu_calendar::{
    CalError, Calendar, Note, NoteKind, YearSchedule, YearStatus, describe_en, describe_zh,
    statutory_schedule,
};

fn cal() -> Calendar {
    Calendar::official()
}

#[test]
fn c3_working_days_before_matrix_example() {
    // MATRIX C3: meeting Wed 2025-03-19 → 5 working days before = Wed 2025-03-12; 10 → Wed 2025-03-05.
    let a = cal().working_days_before(date(2025, 3, 19), 5).unwrap();
    assert_eq!(a.value, date(2025, 3, 12));
    assert!(!a.provisional);
    assert_eq!(
        cal()
            .working_days_before(date(2025, 3, 19), 10)
            .unwrap()
            .value,
        date(2025, 3, 5)
    );
    // Across the 2025 Spring Festival (01-28…02-04 off, 01-26 Sun a make-up day): 3 working days
    // before Wed 2025-02-05 are Mon 01-27, Sun 01-26 (make-up), Fri 01-24.
    assert_eq!(
        cal()
            .working_days_before(date(2025, 2, 5), 3)
            .unwrap()
            .value,
        date(2025, 1, 24)
    );
}

#[test]
fn c2_within_working_days_after() {
    // 2026 National Day: 10-01…10-07 off, 10-10 (Sat) make-up.
    assert_eq!(
        cal()
            .within_working_days_after(date(2026, 9, 30), 1)
            .unwrap()
            .value,
        date(2026, 10, 8)
    );
    assert_eq!(
        cal()
            .within_working_days_after(date(2026, 9, 30), 3)
            .unwrap()
            .value,
        date(2026, 10, 10)
    );
    // 5 working days after Tue 2026-09-29: 09-30, 10-08, 10-09, 10-10, 10-12.
    assert_eq!(
        cal().add_working_days(date(2026, 9, 29), 5).unwrap().value,
        date(2026, 10, 12)
    );
    // Starting on a day off: the first working day after Sat 2025-03-15 is Mon 03-17.
    assert_eq!(
        cal().add_working_days(date(2025, 3, 15), 1).unwrap().value,
        date(2025, 3, 17)
    );
    assert_eq!(
        cal().add_working_days(date(2025, 3, 15), 0).unwrap().value,
        date(2025, 3, 15)
    );
}

#[test]
fn is_working_day_around_national_day_2026() {
    assert!(
        cal().is_working_day(date(2026, 10, 8)).unwrap().value,
        "Thu after the 7-day break"
    );
    assert!(!cal().is_working_day(date(2026, 10, 7)).unwrap().value);
    assert!(
        cal().is_working_day(date(2026, 10, 10)).unwrap().value,
        "Sat make-up day"
    );
    assert!(
        !cal().is_working_day(date(2025, 10, 8)).unwrap().value,
        "2025 had 8 days"
    );
    assert!(
        !cal().is_working_day(date(2026, 10, 11)).unwrap().value,
        "ordinary Sunday"
    );
}

#[test]
fn between_counts_the_half_open_interval() {
    // (09-28, 10-12]: 09-29, 09-30, 10-08, 10-09, 10-10 (make-up), 10-12 = 6.
    assert_eq!(
        cal()
            .working_days_between(date(2026, 9, 28), date(2026, 10, 12))
            .unwrap()
            .value,
        6
    );
    assert_eq!(
        cal()
            .working_days_between(date(2026, 10, 12), date(2026, 9, 28))
            .unwrap()
            .value,
        -6
    );
    assert_eq!(
        cal()
            .working_days_between(date(2026, 10, 1), date(2026, 10, 1))
            .unwrap()
            .value,
        0
    );
}

#[test]
fn c4_calendar_days_and_civil_code_rule() {
    // 2025-03-10 + 3 = Thu 03-13, a working day.
    assert_eq!(
        cal().days_after(date(2025, 3, 10), 3).unwrap().value,
        date(2025, 3, 13)
    );
    // 2025-03-10 + 5 = Sat 03-15: ends on the next working day, Mon 03-17 (民法典 第二百零三条).
    assert_eq!(
        cal().days_after(date(2025, 3, 10), 5).unwrap().value,
        date(2025, 3, 17)
    );
    // 2025-09-24 + 7 = 10-01, inside 10-01…10-08: ends Thu 2025-10-09.
    assert_eq!(
        cal().days_after(date(2025, 9, 24), 7).unwrap().value,
        date(2025, 10, 9)
    );
    // A period ending on a make-up Saturday ends that day: 2025-10-04 + 7 = Sat 10-11 (make-up).
    assert_eq!(
        cal().days_after(date(2025, 10, 4), 7).unwrap().value,
        date(2025, 10, 11)
    );
    // "提前 7 天" before 2025-10-05: 09-28, whatever the day is (C4).
    let b = cal().days_before(date(2025, 10, 5), 7).unwrap();
    assert_eq!(b.value, date(2025, 9, 28));
    assert!(!b.provisional);
}

#[test]
fn c5_months() {
    assert_eq!(
        cal().months_after(date(2025, 1, 31), 1).unwrap().value,
        date(2025, 2, 28),
        "month end"
    );
    assert_eq!(
        cal().months_after(date(2024, 1, 31), 1).unwrap().value,
        date(2024, 2, 29),
        "leap year"
    );
    // 2025-09-01 + 1 month = 10-01 (off until 10-08) → Thu 2025-10-09.
    assert_eq!(
        cal().months_after(date(2025, 9, 1), 1).unwrap().value,
        date(2025, 10, 9)
    );
    // 2025-05-14 + 1 month = Sat 06-14 → Mon 06-16.
    assert_eq!(
        cal().months_after(date(2025, 5, 14), 1).unwrap().value,
        date(2025, 6, 16)
    );
    assert_eq!(
        cal().months_before(date(2025, 3, 31), 1).unwrap().value,
        date(2025, 2, 28)
    );
    // "提前 6 个月" before 2025-12-19: 2025-06-19.
    assert_eq!(
        cal().months_before(date(2025, 12, 19), 6).unwrap().value,
        date(2025, 6, 19)
    );
}

#[test]
fn notes_and_their_rendering() {
    let notes = cal().notes(date(2026, 9, 30), date(2026, 10, 10)).unwrap();
    assert_eq!(
        notes,
        vec![
            Note {
                from: date(2026, 10, 1),
                to: date(2026, 10, 7),
                kind: NoteKind::Holiday,
                name: "国庆节".into(),
                provisional: false
            },
            Note {
                from: date(2026, 10, 10),
                to: date(2026, 10, 10),
                kind: NoteKind::MakeUpWorkday,
                name: "国庆节".into(),
                provisional: false
            },
        ]
    );
    assert_eq!(
        describe_zh(&notes),
        "跳过 2026-10-01…2026-10-07 国庆节；2026-10-10 周六调休上班"
    );
    assert_eq!(
        describe_en(&notes),
        "skipping 2026-10-01…2026-10-07 National Day (国庆节); 2026-10-10 (Saturday) is a make-up working day"
    );
    // A holiday joined to a weekend is one run with the holiday's name (2024 元旦 "与周末连休").
    let n = cal().notes(date(2023, 12, 29), date(2024, 1, 2)).unwrap();
    assert_eq!(n.len(), 1);
    assert_eq!(
        (n[0].from, n[0].to, n[0].kind, n[0].name.as_str()),
        (
            date(2023, 12, 30),
            date(2024, 1, 1),
            NoteKind::Holiday,
            "元旦"
        )
    );
    // An ordinary weekend.
    let n = cal().notes(date(2025, 3, 14), date(2025, 3, 17)).unwrap();
    assert_eq!(n.len(), 1);
    assert_eq!(
        (n[0].from, n[0].to, n[0].kind, n[0].name.as_str()),
        (date(2025, 3, 15), date(2025, 3, 16), NoteKind::Weekend, "")
    );
    assert_eq!(describe_zh(&n), "跳过 2025-03-15…2025-03-16 周末");
    // (after, upto]: `after` itself is not described; an empty interval has no notes.
    assert!(
        cal()
            .notes(date(2026, 10, 7), date(2026, 10, 9))
            .unwrap()
            .is_empty()
    );
    assert!(
        cal()
            .notes(date(2026, 10, 9), date(2026, 10, 1))
            .unwrap()
            .is_empty()
    );
    // Two holidays in one block keep both names.
    let n = cal().notes(date(2025, 9, 30), date(2025, 10, 8)).unwrap();
    assert_eq!(n[0].name, "国庆节、中秋节");
}

#[test]
fn statutory_computation_matches_known_dates() {
    let s2025 = statutory_schedule(2025).unwrap();
    let day = |s: &YearSchedule, name: &str| {
        s.holidays()
            .iter()
            .find(|h| h.name == name)
            .unwrap()
            .off
            .clone()
    };
    // 2025: 除夕 01-28 + 初一…初三; 清明 04-04; 端午 05-31 (Sat → 补假 Mon 06-02); 中秋 10-06.
    assert_eq!(
        day(&s2025, "春节"),
        vec![
            date(2025, 1, 28),
            date(2025, 1, 29),
            date(2025, 1, 30),
            date(2025, 1, 31)
        ]
    );
    assert_eq!(day(&s2025, "清明节"), vec![date(2025, 4, 4)]);
    assert_eq!(
        day(&s2025, "端午节"),
        vec![date(2025, 5, 31), date(2025, 6, 2)]
    );
    assert_eq!(day(&s2025, "中秋节"), vec![date(2025, 10, 6)]);
    assert_eq!(
        day(&s2025, "劳动节"),
        vec![date(2025, 5, 1), date(2025, 5, 2)]
    );
    // 2026 春节 (正月初一) is 2026-02-17; 除夕 02-16.
    let s2026 = statutory_schedule(2026).unwrap();
    assert!(day(&s2026, "春节").starts_with(&[date(2026, 2, 16), date(2026, 2, 17)]));
    // Before 2025 (2013 text): 春节 初一…初三 only, 劳动节 one day. 2024: 初一 = Sat 02-10, so 02-10,
    // 02-11 (Sun), 02-12 and 补假 for the two weekend days on Tue 02-13 and Wed 02-14.
    let s2024 = statutory_schedule(2024).unwrap();
    assert_eq!(
        day(&s2024, "春节"),
        vec![
            date(2024, 2, 10),
            date(2024, 2, 11),
            date(2024, 2, 12),
            date(2024, 2, 13),
            date(2024, 2, 14)
        ]
    );
    assert_eq!(day(&s2024, "劳动节"), vec![date(2024, 5, 1)]);
}

#[test]
fn statutory_days_and_their_bujia_are_off_in_every_official_year() {
    // The notices always grant the statutory days and the 第六条 补假 (then add 调休 on top), so every
    // computed day off of 2020–2026 must be a day off in the official schedule. This checks the lunar
    // dates, 清明, and our reading of 第六条 against seven real years.
    let cal = cal();
    for y in 2020..=2026 {
        for h in statutory_schedule(y).unwrap().holidays() {
            for d in &h.off {
                assert!(
                    !cal.is_working_day(*d).unwrap().value,
                    "{y} {} {d} should be off",
                    h.name
                );
            }
        }
    }
}

#[test]
fn provisional_2027() {
    let cal = cal();
    assert_eq!(cal.year_status(2027), Some(YearStatus::Provisional));
    assert_eq!(cal.year_status(2026), Some(YearStatus::Official));
    let a = cal.is_working_day(date(2027, 1, 1)).unwrap();
    assert!(!a.value && a.provisional, "元旦 is statutory");
    let a = cal.is_working_day(date(2027, 1, 4)).unwrap();
    assert!(a.value && a.provisional);
    // 2027 春节: 初一 = Sat 2027-02-06, 除夕 Fri 02-05, 初二 Sun, 初三 Mon 02-08; two weekend days →
    // 补假 Tue 02-09 and Wed 02-10; Thu 02-11 works.
    for (d, works) in [
        ((2, 5), false),
        ((2, 8), false),
        ((2, 9), false),
        ((2, 10), false),
        ((2, 11), true),
        ((2, 4), true),
    ] {
        let a = cal.is_working_day(date(2027, d.0, d.1)).unwrap();
        assert_eq!(
            (a.value, a.provisional),
            (works, true),
            "2027-{:02}-{:02}",
            d.0,
            d.1
        );
    }
    // 劳动节 2027: Sat 05-01, Sun 05-02 → 补假 Mon 05-03, Tue 05-04. 国庆: Fri 10-01…Sun 10-03 → 10-04, 10-05.
    for (m, d, works) in [
        (5, 3, false),
        (5, 4, false),
        (5, 5, true),
        (10, 4, false),
        (10, 5, false),
        (10, 6, true),
    ] {
        assert_eq!(
            cal.is_working_day(date(2027, m, d)).unwrap().value,
            works,
            "2027-{m:02}-{d:02}"
        );
    }
    // No make-up working day is ever guessed: every 2027 weekend is off.
    let mut d = date(2027, 1, 1);
    while d.year() == 2027 {
        if d.weekday().to_monday_zero_offset() >= 5 {
            assert!(!cal.is_working_day(d).unwrap().value, "{d}");
        }
        d = d.tomorrow().unwrap();
    }
    // An answer reaching into 2027 is provisional; one staying in 2026 is not.
    let a = cal.add_working_days(date(2026, 12, 30), 5).unwrap();
    assert_eq!(a.value, date(2027, 1, 7)); // 12-31, (01-01 元旦), 01-04, 01-05, 01-06, 01-07
    assert!(a.provisional);
    assert!(
        !cal.add_working_days(date(2026, 12, 1), 5)
            .unwrap()
            .provisional
    );
    assert!(
        cal.working_days_between(date(2026, 12, 1), date(2027, 1, 5))
            .unwrap()
            .provisional
    );
    let n = cal.notes(date(2026, 12, 30), date(2027, 1, 7)).unwrap();
    assert!(n.iter().all(|n| n.provisional));
    assert!(describe_zh(&n).contains("（暂定）"));
    // Years before 2020 are provisional too.
    assert!(cal.is_working_day(date(2019, 6, 3)).unwrap().provisional);
}

#[test]
fn strict_mode_refuses_provisional_years() {
    let strict = cal().strict(true);
    assert!(strict.is_strict());
    assert_eq!(
        strict.is_working_day(date(2027, 1, 4)),
        Err(CalError::NotAnnounced { year: 2027 })
    );
    assert_eq!(
        strict.add_working_days(date(2026, 12, 30), 5),
        Err(CalError::NotAnnounced { year: 2027 })
    );
    assert_eq!(
        strict.working_days_before(date(2020, 1, 3), 5),
        Err(CalError::NotAnnounced { year: 2019 })
    );
    assert_eq!(
        strict.add_working_days(date(2026, 12, 1), 5).unwrap().value,
        date(2026, 12, 8)
    );
    // Pure calendar arithmetic does not depend on the notice.
    assert_eq!(
        strict.days_before(date(2027, 3, 1), 10).unwrap().value,
        date(2027, 2, 19)
    );
    let e = strict
        .is_working_day(date(2027, 1, 4))
        .unwrap_err()
        .to_string();
    assert!(e.contains("2027 年节假日安排尚未载入"), "{e}");
}

#[test]
fn out_of_range() {
    assert_eq!(
        cal().is_working_day(date(1999, 12, 31)),
        Err(CalError::OutOfRange {
            date: date(1999, 12, 31)
        })
    );
    assert!(matches!(
        cal().add_working_days(date(2099, 12, 30), 5),
        Err(CalError::OutOfRange { .. })
    ));
    assert!(matches!(
        cal().working_days_before(date(2000, 1, 5), 10),
        Err(CalError::OutOfRange { .. })
    ));
    assert!(matches!(
        cal().days_after(date(2099, 12, 30), 5),
        Err(CalError::OutOfRange { .. })
    ));
    assert!(matches!(
        cal().within_working_days_after(date(2025, 1, 1), u32::MAX),
        Err(CalError::OutOfRange { .. })
    ));
}

/// A made-up 2027 schedule for the loading path (NOT the real 2027 notice, which is not published).
const FAKE_2027: &str = r#"year = 2027

[[notice]]
title = "测试用通知（虚构）"
number = "测试〔2026〕1号"
date = 2026-11-30

[[holiday]]
name = "元旦"
off = ["2027-01-01..2027-01-03"]

[[holiday]]
name = "春节"
off = [2027-02-05, 2027-02-06, 2027-02-07, 2027-02-08, 2027-02-09, 2027-02-10, 2027-02-11, 2027-02-12]
work = [2027-02-20]
"#;

#[test]
fn loading_a_year_replaces_the_provisional_answers() {
    let s = YearSchedule::parse(FAKE_2027, "2027.toml").unwrap();
    assert_eq!(s.year(), 2027);
    assert_eq!(s.counts(), (3 + 8, 1));
    let cal = cal().with_year(s).strict(true);
    assert_eq!(cal.year_status(2027), Some(YearStatus::Loaded));
    let a = cal.is_working_day(date(2027, 2, 11)).unwrap();
    assert_eq!((a.value, a.provisional), (false, false));
    assert!(
        cal.is_working_day(date(2027, 2, 20)).unwrap().value,
        "loaded make-up Saturday"
    );
    // The official years are untouched.
    assert!(cal.is_working_day(date(2026, 10, 10)).unwrap().value);
    // 2028 remains unannounced.
    assert_eq!(
        cal.is_working_day(date(2028, 1, 3)),
        Err(CalError::NotAnnounced { year: 2028 })
    );
}

#[test]
fn loaded_dir_is_read() {
    let dir = std::env::temp_dir().join(format!("zhengwu-cal-test-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("calendar")).unwrap();
    std::fs::write(dir.join("calendar/2027.toml"), FAKE_2027).unwrap();
    let cal = Calendar::from_data_dir(&dir).unwrap();
    assert_eq!(cal.year_status(2027), Some(YearStatus::Loaded));
    // A file whose name disagrees with its year is refused.
    std::fs::write(dir.join("calendar/2028.toml"), FAKE_2027).unwrap();
    let e = Calendar::from_data_dir(&dir).unwrap_err();
    assert!(e.zh.contains("文件名应为 2027.toml"), "{e}");
    std::fs::remove_dir_all(&dir).unwrap();
    // A missing data directory simply means no loaded year.
    assert_eq!(
        Calendar::from_data_dir(&dir).unwrap().year_status(2027),
        Some(YearStatus::Provisional)
    );
}

fn err(text: &str) -> zhengwu_calendar::LoadError {
    YearSchedule::parse(text, "2027.toml").unwrap_err()
}

const HEAD: &str =
    "year = 2027\n[[notice]]\ntitle = \"t\"\ndate = 2026-11-30\n[[holiday]]\nname = \"春节\"\n";

#[test]
fn loader_errors_name_the_line() {
    // Lines 1–6 are HEAD; the offending list is on line 7.
    let e = err(&format!("{HEAD}off = [2026-12-31]\n"));
    assert_eq!(e.line, Some(7));
    assert!(
        e.zh.contains("不在本文件的年度 2027 内") && e.en.contains("outside the file's year"),
        "{e}"
    );
    assert!(e.to_string().starts_with("2027.toml 第 7 行："), "{e}");

    let e = err(&format!(
        "{HEAD}off = [2027-02-08]\n[[holiday]]\nname = \"x\"\noff = [2027-02-08]\n"
    ));
    assert_eq!(e.line, Some(10));
    assert!(e.zh.contains("重复（第 7 行已列出）"), "{e}");

    let e = err(&format!("{HEAD}off = [2027-02-08]\nwork = [2027-02-10]\n"));
    assert_eq!(e.line, Some(8));
    assert!(e.zh.contains("是周三，应为周六或周日"), "{e}");

    let e = err(&format!("{HEAD}off = [2027-02-06]\nwork = [2027-02-06]\n"));
    assert_eq!(e.line, Some(8));
    assert!(e.zh.contains("既列为放假日又列为调休上班日"), "{e}");

    let e = err(&format!("{HEAD}off = [\"2027-02-30\"]\n"));
    assert_eq!(e.line, Some(7));
    assert!(e.zh.contains("不存在"), "{e}");

    let e = err(&format!("{HEAD}off = [2027-02-08\n"));
    assert_eq!(e.line, Some(7));
    assert!(e.zh.contains("TOML 格式错误"), "{e}");

    let e = err(&format!("{HEAD}off = [2027-02-08]\ncolour = 1\n"));
    assert_eq!(e.line, Some(8));

    let e = err("year = 2027\n[[holiday]]\nname = \"元旦\"\noff = [2027-01-01]\n");
    assert!(e.zh.contains("缺少 [[notice]]"), "{e}");

    let e = err("year = 2150\n[[notice]]\ntitle = \"t\"\n");
    assert_eq!(e.line, Some(1));
    assert!(e.zh.contains("超出日历支持的范围"), "{e}");

    let e = err(&format!("{HEAD}off = [\"2027-02-10..2027-02-08\"]\n"));
    assert!(e.zh.contains("终点早于起点"), "{e}");
}

#[test]
fn embedded_files_validate_and_statute_parses() {
    let list = zhengwu_calendar::official_schedules().unwrap();
    assert_eq!(list.len(), 7);
    for y in 2000..=2099 {
        assert!(
            statutory_schedule(y).is_some_and(|s| !s.holidays().is_empty()),
            "{y}"
        );
    }
}
