//! Kind `workdays` (CASES.md #24): calendar questions answered by the national calendar, the same for
//! every government (no profile rule is involved).
//! `{op: is_working_day|add|between|before, date, n, to}` → `status` = `{op, answer, explain,
//! explain_en}`; the verdict is `provisional` when the answer touches a year whose State Council notice is
//! not loaded. Conventions: `add` = C2 (start not counted; negative n goes back), `before` = C3,
//! `between` = working days in (date, to].

use crate::date::CaseDate;
use crate::engine::push_int;
use crate::engine::{Ctx, Out};
use crate::error::CheckError;
use crate::kinds::Kind;
use crate::verdict::StatusObj;
use serde::Deserialize;
use zhengwu_calendar::{Date, push_ymd, write_en, write_zh};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Op {
    IsWorkingDay,
    Add,
    Between,
    Before,
}

crate::case_struct! {
    pub struct Case {
        pub op: Op,
        pub date: CaseDate,
        #[serde(default)]
        pub n: Option<i32>,
        #[serde(default)]
        pub to: Option<CaseDate>,
    }
}

/// Room for a headline and its notes, per language, so the status is allocated once.
const CAP: usize = 384;

/// The answer of each op: yes/no, a date, a count of working days.
enum Answer {
    Bool(bool),
    Date(Date),
    Count(i32),
}

impl Case {
    fn n(&self) -> Result<i32, CheckError> {
        self.n.ok_or_else(|| {
            CheckError::input(
                "n",
                "此问题需要 n（工作日数）(this op needs `n`, a number of working days)",
            )
        })
    }
}

impl Kind for Case {
    /// The calendar is national and the same under every profile version: the latest version answers.
    fn main_date(&self) -> Option<Date> {
        None
    }

    fn evaluate(&self, ctx: &Ctx<'_>, out: &mut Out) -> Result<(), CheckError> {
        let cal = ctx.cal;
        let d = self.date.0;
        // (answer, provisional, the interval (lo, hi] whose notable days explain it, headline)
        let (answer, provisional, lo, hi, head) = match self.op {
            Op::IsWorkingDay => {
                let a = cal.is_working_day(d)?;
                let lo = d.yesterday().unwrap_or(d);
                (
                    Answer::Bool(a.value),
                    a.provisional,
                    lo,
                    d,
                    Head::Is(d, a.value),
                )
            }
            Op::Add => {
                let n = self.n()?;
                let a = cal.add_working_days(d, n)?;
                let (lo, hi) = if a.value < d {
                    (a.value, d)
                } else {
                    (d, a.value)
                };
                (
                    Answer::Date(a.value),
                    a.provisional,
                    lo,
                    hi,
                    Head::Add(d, n, a.value),
                )
            }
            Op::Before => {
                let n = self.n()?;
                if n < 0 {
                    return Err(CheckError::input(
                        "n",
                        format!("n 应为非负整数，收到 {n} (n must not be negative)"),
                    ));
                }
                let a = cal.working_days_before(d, n.unsigned_abs())?;
                (
                    Answer::Date(a.value),
                    a.provisional,
                    a.value,
                    d,
                    Head::Before(d, n, a.value),
                )
            }
            Op::Between => {
                let to = self
                    .to
                    .ok_or_else(|| {
                        CheckError::input(
                            "to",
                            "此问题需要 to（截止日期）(op `between` needs `to`)",
                        )
                    })?
                    .0;
                let a = cal.working_days_between(d, to)?;
                let (lo, hi) = if to < d { (to, d) } else { (d, to) };
                (
                    Answer::Count(a.value),
                    a.provisional,
                    lo,
                    hi,
                    Head::Between(d, to, a.value),
                )
            }
        };
        let op = match self.op {
            Op::IsWorkingDay => "is_working_day",
            Op::Add => "add",
            Op::Between => "between",
            Op::Before => "before",
        };
        out.provisional |= provisional;
        // The explanations are written straight into the status (no separate strings to copy), with
        // the notes of the calendar's per-thread buffer.
        let status = cal.with_notes(lo, hi, |notes| {
            let status = StatusObj::with_capacity(CAP * 2);
            let status = match answer {
                Answer::Bool(b) => status.bool("answer", b),
                Answer::Date(d) => status.str_with("answer", |s| push_ymd(s, d)),
                Answer::Count(n) => status.int("answer", n),
            };
            status
                .str_with("explain", |s| {
                    head.write_zh(s);
                    if !notes.is_empty() {
                        s.push('（');
                        write_zh(s, notes);
                        s.push('）');
                    }
                    if provisional {
                        s.push_str("；涉及尚未载入节假日安排的年份，为暂定结果");
                    }
                })
                .str_with("explain_en", |s| {
                    head.write_en(s);
                    if !notes.is_empty() {
                        s.push_str(" (");
                        write_en(s, notes);
                        s.push(')');
                    }
                    if provisional {
                        s.push_str(
                            "; provisional: touches a year whose holiday notice is not loaded",
                        );
                    }
                })
                .str("op", op)
                .bool("provisional", provisional)
                .finish()
        })?;
        out.status(status);
        Ok(())
    }
}

/// The first sentence of an answer's explanation.
enum Head {
    Is(Date, bool),
    Add(Date, i32, Date),
    Before(Date, i32, Date),
    Between(Date, Date, i32),
}

impl Head {
    fn write_zh(&self, s: &mut String) {
        match *self {
            Head::Is(d, yes) => {
                push_ymd(s, d);
                s.push_str(if yes {
                    " 是工作日"
                } else {
                    " 不是工作日"
                });
            }
            Head::Add(d, n, a) => {
                push_ymd(s, d);
                s.push_str(if n >= 0 { " 之后第 " } else { " 之前第 " });
                push_int(s, n.unsigned_abs().into());
                s.push_str(" 个工作日是 ");
                push_ymd(s, a);
            }
            Head::Before(d, n, a) => {
                push_ymd(s, d);
                s.push_str(" 之前第 ");
                push_int(s, n.into());
                s.push_str(" 个工作日是 ");
                push_ymd(s, a);
                s.push_str("（MATRIX C3）");
            }
            Head::Between(d, to, n) => {
                push_ymd(s, d);
                s.push_str("（不含）至 ");
                push_ymd(s, to);
                s.push_str("（含）有 ");
                push_int(s, n.into());
                s.push_str(" 个工作日");
            }
        }
    }

    fn write_en(&self, s: &mut String) {
        match *self {
            Head::Is(d, yes) => {
                push_ymd(s, d);
                s.push_str(if yes {
                    " is a working day"
                } else {
                    " is not a working day"
                });
            }
            Head::Add(d, n, a) => {
                s.push_str("working day ");
                push_int(s, n.unsigned_abs().into());
                s.push_str(if n >= 0 { " after " } else { " before " });
                push_ymd(s, d);
                s.push_str(" is ");
                push_ymd(s, a);
            }
            Head::Before(d, n, a) => {
                push_int(s, n.into());
                s.push_str(" working days before ");
                push_ymd(s, d);
                s.push_str(" is ");
                push_ymd(s, a);
                s.push_str(" (MATRIX C3)");
            }
            Head::Between(d, to, n) => {
                push_int(s, n.into());
                s.push_str(" working days in (");
                push_ymd(s, d);
                s.push_str(", ");
                push_ymd(s, to);
                s.push(']');
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use crate::{CheckError, Registry, check_json};
    use zhengwu_calendar::{CalError, Calendar};

    fn check(cal: &Calendar, json: &str) -> Result<serde_json::Value, CheckError> {
        let reg = Registry::builtin().unwrap();
        check_json(&reg, cal, json, Some("liaocheng")).map(|v| serde_json::to_value(v).unwrap())
    }

    #[test]
    fn missing_or_wrong_fields_are_input_errors() {
        let cal = Calendar::official();
        let e = check(
            &cal,
            r#"{"kind":"workdays","op":"add","date":"2026-09-30"}"#,
        )
        .unwrap_err();
        assert!(
            matches!(&e, CheckError::Input { path, .. } if path == "n"),
            "{e:?}"
        );
        let e = check(
            &cal,
            r#"{"kind":"workdays","op":"between","date":"2026-09-30"}"#,
        )
        .unwrap_err();
        assert!(
            matches!(&e, CheckError::Input { path, .. } if path == "to"),
            "{e:?}"
        );
        let e = check(
            &cal,
            r#"{"kind":"workdays","op":"before","date":"2026-09-30","n":-1}"#,
        )
        .unwrap_err();
        assert!(
            matches!(&e, CheckError::Input { path, .. } if path == "n"),
            "{e:?}"
        );
        let e = check(
            &cal,
            r#"{"kind":"workdays","op":"after","date":"2026-09-30","n":1}"#,
        )
        .unwrap_err();
        assert!(e.to_string().contains("is_working_day"), "{e}");
    }

    #[test]
    fn provisional_verdict_and_strict_refusal() {
        // 2027-01-01 is 元旦 by statute; no 2027 notice is loaded.
        let q = r#"{"kind":"workdays","op":"is_working_day","date":"2027-01-01"}"#;
        let v = check(&Calendar::official(), q).unwrap();
        assert_eq!(v["status"]["answer"], false);
        assert_eq!(v["provisional"], true);
        let e = check(&Calendar::official().strict(true), q).unwrap_err();
        assert_eq!(
            e,
            CheckError::Calendar(CalError::NotAnnounced { year: 2027 })
        );
    }
}
