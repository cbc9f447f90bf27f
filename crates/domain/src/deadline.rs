//! The shared deadline model (DESIGN.md §3): a deadline is never a bare date. It is a **start**, a
//! **period** as the rule states it, the **citation** of that rule, the **suspensions** (stop-the-clock
//! intervals, e.g. 补正 or third-party consultation) and the **agreed extensions** (延期) recorded
//! against it. The due date is *derived* through the working-day calendar, with an explanation of
//! every step and a provisional flag when a year without an official holiday notice is touched.
//! Loading a new calendar year therefore re-projects every open deadline: call [`Deadline::project`]
//! again with the new calendar ([`Deadline::reproject`] says whether the date moved).
//!
//! Counting rules:
//! - the base due date is `Ctx::due(start, period)` of the rules crate (MATRIX C2–C5, 民法典
//!   第二百零一条至第二百零三条), so every workflow counts exactly as `zhengwu check` does;
//! - a **suspension** `[from, to]` (both days included, the clock stands still on them) that begins on
//!   or before the current due date pushes it back by the suspended days counted in the period's own
//!   unit: working days for working-day periods, calendar days otherwise (then a due date falling on a
//!   day off moves to the next working day, 民法典 第二百零三条). An open suspension (`to` unset) is
//!   counted up to `as_of` and marks the deadline suspended;
//! - an **extension** adds its period to the due date reached so far, in the order agreed.
//!
//! The clock status of an open deadline ([`Deadline::status`]) uses [`Thresholds`], which are
//! settings (the seeds do not define "due soon" or "long overdue").

use serde::{Deserialize, Serialize};
use zhengwu_calendar::{CalError, Calendar, Date};
use zhengwu_rules::{Citation, Period};

/// A stop-the-clock interval.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suspension {
    /// First day the clock stands still.
    pub from: Date,
    /// Last day the clock stands still; `None` while the suspension lasts.
    #[serde(default)]
    pub to: Option<Date>,
    /// Why (e.g. `补正`, `征求第三方意见`).
    pub reason: String,
    /// The rule that allows the clock to stop.
    #[serde(default)]
    pub citation: Option<Citation>,
}

/// An agreed extension of the time limit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Extension {
    pub period: Period,
    /// The day it was agreed.
    pub agreed_on: Date,
    /// Who agreed (a person or role title).
    pub agreed_by: String,
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub citation: Option<Citation>,
}

/// A deadline as recorded: start + period + citation + suspensions + extensions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deadline {
    /// What must happen by the due date (Chinese).
    pub what: String,
    pub start: Date,
    pub period: Period,
    pub citation: Citation,
    #[serde(default)]
    pub suspensions: Vec<Suspension>,
    #[serde(default)]
    pub extensions: Vec<Extension>,
}

/// A due date with its explanation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Projection {
    pub due: Date,
    /// The due date before suspensions and extensions.
    pub base_due: Date,
    /// Some year touched has no official holiday notice loaded: the date may still move.
    pub provisional: bool,
    /// A suspension is still open: the clock stands still.
    pub suspended: bool,
    /// Days the clock stood still (in the period's unit).
    pub suspended_days: u32,
    pub explain: String,
    pub explain_en: String,
}

/// Where an open deadline stands on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClockStatus {
    OnTime,
    DueSoon,
    Overdue,
    LongOverdue,
}

impl ClockStatus {
    pub fn id(self) -> &'static str {
        match self {
            ClockStatus::OnTime => "on_time",
            ClockStatus::DueSoon => "due_soon",
            ClockStatus::Overdue => "overdue",
            ClockStatus::LongOverdue => "long_overdue",
        }
    }
    pub fn label_zh(self) -> &'static str {
        match self {
            ClockStatus::OnTime => "正常",
            ClockStatus::DueSoon => "临期",
            ClockStatus::Overdue => "逾期",
            ClockStatus::LongOverdue => "严重逾期",
        }
    }
    pub fn parse(s: &str) -> Option<ClockStatus> {
        Some(match s {
            "on_time" => ClockStatus::OnTime,
            "due_soon" => ClockStatus::DueSoon,
            "overdue" => ClockStatus::Overdue,
            "long_overdue" => ClockStatus::LongOverdue,
            _ => return None,
        })
    }
}

/// The thresholds of the clock status. SETTINGS, not rules of any seed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Thresholds {
    /// "Due soon" when at most this many working days remain (0 = only on the due day).
    pub due_soon_working_days: u32,
    /// "Long overdue" when more than this many working days have passed since the due date.
    pub long_overdue_working_days: u32,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            due_soon_working_days: 2,
            long_overdue_working_days: 10,
        }
    }
}

impl Thresholds {
    /// The profile's `supervision.due_soon_working_days` where set, else the default.
    pub fn from_profile(p: &zhengwu_rules::Profile) -> Thresholds {
        let d = Thresholds::default();
        Thresholds {
            due_soon_working_days: p
                .supervision
                .due_soon_working_days
                .unwrap_or(d.due_soon_working_days),
            ..d
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DeadlineError {
    #[error(transparent)]
    Calendar(#[from] CalError),
    #[error("{0}")]
    Rules(String),
    #[error("停止计时区间 {from}–{to} 的结束早于开始 (suspension ends before it starts)")]
    BadSuspension { from: Date, to: Date },
}

fn is_working_period(p: Period) -> bool {
    matches!(
        p,
        Period::WorkingDaysAfter(_) | Period::WorkingDaysBefore(_)
    )
}

fn step_days(cal: &Calendar, due: Date, n: u32, working: bool) -> Result<(Date, bool), CalError> {
    if n == 0 {
        return Ok((due, false));
    }
    let a = if working {
        cal.within_working_days_after(due, n)?
    } else {
        cal.days_after(due, n)?
    };
    Ok((a.value, a.provisional))
}

impl Deadline {
    pub fn new(what: impl Into<String>, start: Date, period: Period, citation: Citation) -> Self {
        Deadline {
            what: what.into(),
            start,
            period,
            citation,
            suspensions: Vec::new(),
            extensions: Vec::new(),
        }
    }

    /// The due date through `cal`; an open suspension counts up to `as_of`.
    pub fn project(&self, cal: &Calendar, as_of: Date) -> Result<Projection, DeadlineError> {
        // The base date exactly as the rule engine computes it.
        let base = base_due(cal, self.start, self.period)?;
        let mut due = base.date;
        let mut provisional = base.provisional;
        let mut explain = format!("{}，依据 {}", base.explain_zh, self.citation.text);
        let mut explain_en = format!("{}, per {}", base.explain_en, self.citation.text);
        let working = is_working_period(self.period);
        let unit_zh = if working { "个工作日" } else { "日" };
        let unit_en = if working { "working days" } else { "days" };

        let mut sus: Vec<&Suspension> = self.suspensions.iter().collect();
        sus.sort_by_key(|s| s.from);
        let mut suspended = false;
        let mut suspended_days = 0u32;
        for s in sus {
            let to = s.to.unwrap_or(as_of);
            if let Some(t) = s.to
                && t < s.from
            {
                return Err(DeadlineError::BadSuspension {
                    from: s.from,
                    to: t,
                });
            }
            if s.to.is_none() {
                suspended = true;
            }
            if s.from > due || to < s.from {
                continue;
            }
            // Days in [from, to] in the period's unit.
            let before = s
                .from
                .yesterday()
                .map_err(|_| CalError::OutOfRange { date: s.from })?;
            let n = if working {
                let a = cal.working_days_between(before, to)?;
                provisional |= a.provisional;
                u32::try_from(a.value.max(0)).unwrap_or(0)
            } else {
                u32::try_from((to - before).get_days().max(0)).unwrap_or(0)
            };
            let (d, p) = step_days(cal, due, n, working)?;
            provisional |= p;
            suspended_days += n;
            let open = if s.to.is_none() {
                "（尚未恢复计时，暂计至今日）"
            } else {
                ""
            };
            let open_en = if s.to.is_none() {
                " (still suspended, counted to today)"
            } else {
                ""
            };
            explain.push_str(&format!(
                "；{}停止计时 {}–{}{open}，顺延{n}{unit_zh}：{d}",
                s.reason, s.from, to
            ));
            explain_en.push_str(&format!(
                "; clock stopped for {} {}–{}{open_en}, {n} {unit_en} added: {d}",
                s.reason, s.from, to
            ));
            if let Some(c) = &s.citation {
                explain.push_str(&format!("（依据 {}）", c.text));
                explain_en.push_str(&format!(" (per {})", c.text));
            }
            due = d;
        }
        for e in &self.extensions {
            let a = base_due(cal, due, e.period)?;
            provisional |= a.provisional;
            explain.push_str(&format!(
                "；{}同意延期{}：{}",
                e.agreed_by,
                e.period.describe_zh(),
                a.date
            ));
            explain_en.push_str(&format!(
                "; extension agreed by {} ({}): {}",
                e.agreed_by,
                e.period.describe_en(),
                a.date
            ));
            if let Some(c) = &e.citation {
                explain.push_str(&format!("（依据 {}）", c.text));
                explain_en.push_str(&format!(" (per {})", c.text));
            }
            due = a.date;
        }
        if provisional && !explain.contains("暂定") {
            explain.push_str("；涉及尚未公布节假日安排的年份，为暂定结果");
            explain_en.push_str("; provisional: touches a year whose holiday notice is not loaded");
        }
        Ok(Projection {
            due,
            base_due: base.date,
            provisional,
            suspended,
            suspended_days,
            explain,
            explain_en,
        })
    }

    /// Re-projects with a (new) calendar: the new projection and whether the due date moved.
    pub fn reproject(
        &self,
        old_due: Date,
        cal: &Calendar,
        as_of: Date,
    ) -> Result<(Projection, bool), DeadlineError> {
        let p = self.project(cal, as_of)?;
        let moved = p.due != old_due;
        Ok((p, moved))
    }

    /// The clock status of this deadline on `as_of` while it is open.
    pub fn status(
        &self,
        cal: &Calendar,
        as_of: Date,
        th: Thresholds,
    ) -> Result<ClockStatus, DeadlineError> {
        let p = self.project(cal, as_of)?;
        Ok(clock_status(cal, p.due, as_of, th)?)
    }
}

/// The clock status of an open deadline due on `due`, on `as_of`.
pub fn clock_status(
    cal: &Calendar,
    due: Date,
    as_of: Date,
    th: Thresholds,
) -> Result<ClockStatus, CalError> {
    if as_of > due {
        let late = cal.working_days_between(due, as_of)?.value;
        return Ok(
            if late > i32::try_from(th.long_overdue_working_days).unwrap_or(i32::MAX) {
                ClockStatus::LongOverdue
            } else {
                ClockStatus::Overdue
            },
        );
    }
    let left = cal.working_days_between(as_of, due)?.value;
    Ok(
        if left <= i32::try_from(th.due_soon_working_days).unwrap_or(i32::MAX) {
            ClockStatus::DueSoon
        } else {
            ClockStatus::OnTime
        },
    )
}

/// The ledger colour of a status from the profile's `supervision.colours` (济宁 蓝黄红), if any.
pub fn colour(p: &zhengwu_rules::Profile, s: ClockStatus) -> Option<String> {
    let c = p.supervision.colours.as_ref()?;
    Some(
        match s {
            ClockStatus::OnTime => &c.on_time,
            ClockStatus::DueSoon => &c.due_soon,
            ClockStatus::Overdue | ClockStatus::LongOverdue => &c.overdue,
        }
        .clone(),
    )
}

/// `Ctx::due` of the rules crate: the same counting as `zhengwu check`.
fn base_due(
    cal: &Calendar,
    start: Date,
    period: Period,
) -> Result<zhengwu_rules::engine::Due, DeadlineError> {
    zhengwu_rules::engine::due(cal, start, period).map_err(|e| DeadlineError::Rules(e.to_string()))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::expect_used, clippy::unwrap_used)]
    use super::*;
    use jiff::civil::date;
    use proptest::prelude::*;
    use zhengwu_rules::citation::national;

    fn cit() -> Citation {
        national(
            "第三十三条",
            "政府信息公开条例 第三十三条",
            "20个工作日内予以答复",
        )
    }

    #[test]
    fn national_day_is_skipped() {
        let cal = Calendar::official();
        let d = Deadline::new(
            "答复",
            date(2025, 9, 29),
            Period::WorkingDaysAfter(5),
            cit(),
        );
        let p = d.project(&cal, date(2025, 9, 29)).unwrap();
        assert_eq!(p.due, date(2025, 10, 13));
        assert!(p.explain.contains("国庆"), "{}", p.explain);
        assert!(!p.provisional);
    }

    #[test]
    fn suspension_and_extension() {
        let cal = Calendar::official();
        let mut d = Deadline::new(
            "答复",
            date(2025, 3, 3),
            Period::WorkingDaysAfter(20),
            cit(),
        );
        let base = d.project(&cal, date(2025, 3, 3)).unwrap().due;
        d.suspensions.push(Suspension {
            from: date(2025, 3, 10),
            to: Some(date(2025, 3, 14)),
            reason: "补正".into(),
            citation: None,
        });
        let p = d.project(&cal, date(2025, 3, 20)).unwrap();
        assert_eq!(p.suspended_days, 5);
        assert_eq!(cal.working_days_between(base, p.due).unwrap().value, 5);
        d.extensions.push(Extension {
            period: Period::WorkingDaysAfter(20),
            agreed_on: date(2025, 3, 20),
            agreed_by: "信息公开工作机构负责人".into(),
            reason: String::new(),
            citation: None,
        });
        let q = d.project(&cal, date(2025, 3, 20)).unwrap();
        assert_eq!(cal.working_days_between(p.due, q.due).unwrap().value, 20);
        assert!(q.explain.contains("同意延期"), "{}", q.explain);
    }

    #[test]
    fn open_suspension_counts_to_today() {
        let cal = Calendar::official();
        let mut d = Deadline::new(
            "答复",
            date(2025, 3, 3),
            Period::WorkingDaysAfter(20),
            cit(),
        );
        d.suspensions.push(Suspension {
            from: date(2025, 3, 4),
            to: None,
            reason: "补正".into(),
            citation: None,
        });
        let a = d.project(&cal, date(2025, 3, 5)).unwrap();
        let b = d.project(&cal, date(2025, 3, 12)).unwrap();
        assert!(a.suspended && b.suspended);
        assert!(b.due > a.due);
    }

    #[test]
    fn new_year_reprojects() {
        // 2027 is provisional until its notice is loaded; loading it may move a date and clears the flag.
        let cal = Calendar::official();
        let d = Deadline::new(
            "办结",
            date(2026, 12, 20),
            Period::WorkingDaysAfter(30),
            cit(),
        );
        let p = d.project(&cal, date(2026, 12, 20)).unwrap();
        assert!(p.provisional);
        // The 2027 notice as loaded: 元旦 2027-01-01..03 and, for the test, 2027-01-04 off as well.
        let s = zhengwu_calendar::YearSchedule::parse(
            "year = 2027\n[[notice]]\ntitle = \"国务院办公厅关于2027年部分节假日安排的通知（测试）\"\nnumber = \"国办发明电〔2026〕1号\"\ndate = 2026-11-01\n[[holiday]]\nname = \"元旦\"\noff = [2027-01-01, 2027-01-02, 2027-01-03, 2027-01-04]\n",
            "2027.toml",
        )
        .unwrap();
        let cal2 = cal.clone().with_year(s);
        let (q, moved) = d.reproject(p.due, &cal2, date(2026, 12, 20)).unwrap();
        assert!(!q.provisional, "{}", q.explain);
        assert!(moved, "{} → {}", p.due, q.due);
    }

    fn status_order(cal: &Calendar, due: Date, a: Date, b: Date) -> bool {
        let th = Thresholds::default();
        clock_status(cal, due, a, th).unwrap() <= clock_status(cal, due, b, th).unwrap()
    }

    fn period() -> impl Strategy<Value = Period> {
        prop_oneof![
            (0u32..60).prop_map(Period::WorkingDaysAfter),
            (0u32..90).prop_map(Period::DaysAfter),
            (0u32..7).prop_map(Period::MonthsAfter),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        #[test]
        fn base_equals_rule_engine(off in 0i64..3000, p in period()) {
            let cal = Calendar::official();
            let start = date(2020, 1, 1).checked_add(jiff::Span::new().days(off)).unwrap();
            let d = Deadline::new("x", start, p, cit());
            let got = d.project(&cal, start).unwrap();
            let want = base_due(&cal, start, p).unwrap();
            prop_assert_eq!(got.due, want.date);
            prop_assert!(got.due >= start);
        }

        #[test]
        fn suspensions_and_extensions_never_shorten(
            off in 0i64..2500, p in period(), s_off in 0i64..40, s_len in 0i64..15, ext in 0u32..25
        ) {
            let cal = Calendar::official();
            let start = date(2020, 1, 1).checked_add(jiff::Span::new().days(off)).unwrap();
            let mut d = Deadline::new("x", start, p, cit());
            let base = d.project(&cal, start).unwrap().due;
            let from = start.checked_add(jiff::Span::new().days(s_off)).unwrap();
            let to = from.checked_add(jiff::Span::new().days(s_len)).unwrap();
            d.suspensions.push(Suspension { from, to: Some(to), reason: "补正".into(), citation: None });
            let s = d.project(&cal, to).unwrap();
            prop_assert!(s.due >= base);
            if from > base { prop_assert_eq!(s.due, base); }
            if let Period::WorkingDaysAfter(_) = p && from <= base {
                // The suspended working days are exactly the shift.
                prop_assert_eq!(
                    cal.working_days_between(base, s.due).unwrap().value,
                    i32::try_from(s.suspended_days).unwrap()
                );
            }
            d.extensions.push(Extension {
                period: Period::WorkingDaysAfter(ext), agreed_on: to, agreed_by: "领导".into(),
                reason: String::new(), citation: None,
            });
            let e = d.project(&cal, to).unwrap();
            prop_assert!(e.due >= s.due);
            prop_assert_eq!(cal.working_days_between(s.due, e.due).unwrap().value, i32::try_from(ext).unwrap());
        }

        #[test]
        fn status_is_monotone_in_time(off in 0i64..2500, a in 0i64..60, b in 0i64..60, due_off in 0i64..40) {
            let cal = Calendar::official();
            let start = date(2020, 1, 1).checked_add(jiff::Span::new().days(off)).unwrap();
            let due = start.checked_add(jiff::Span::new().days(due_off)).unwrap();
            let (x, y) = if a <= b { (a, b) } else { (b, a) };
            let da = start.checked_add(jiff::Span::new().days(x)).unwrap();
            let db = start.checked_add(jiff::Span::new().days(y)).unwrap();
            prop_assert!(status_order(&cal, due, da, db));
        }
    }
}
