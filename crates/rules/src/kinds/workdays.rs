//! Kind `workdays` (CASES.md #24): calendar questions answered by the national calendar, the same for
//! every government (no profile rule is involved).
//! `{op: is_working_day|add|between|before, date, n, to}` → `status` = `{op, answer, explain,
//! explain_en}`; the verdict is `provisional` when the answer touches a year whose State Council notice is
//! not loaded. Conventions: `add` = C2 (start not counted; negative n goes back), `before` = C3,
//! `between` = working days in (date, to].

use crate::date::CaseDate;
use crate::engine::{Ctx, Out};
use crate::error::CheckError;
use crate::kinds::Kind;
use crate::verdict::StatusObj;
use serde::Deserialize;
use zhengwu_calendar::{Date, write_en, write_zh};

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

/// Room for a headline and its notes, so the explanation is allocated once.
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
        // (answer, provisional, the interval (lo, hi] whose notable days explain it, headline zh/en)
        let (answer, provisional, lo, hi, zh, en) = match self.op {
            Op::IsWorkingDay => {
                let a = cal.is_working_day(d)?;
                let lo = d.yesterday().unwrap_or(d);
                let (z, e) = if a.value {
                    ("是工作日", "is a working day")
                } else {
                    ("不是工作日", "is not a working day")
                };
                (
                    Answer::Bool(a.value),
                    a.provisional,
                    lo,
                    d,
                    crate::cat!(CAP; d, " ", z),
                    crate::cat!(CAP; d, " ", e),
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
                let (z, e) = if n >= 0 {
                    ("之后", "after")
                } else {
                    ("之前", "before")
                };
                let k = n.unsigned_abs();
                (
                    Answer::Date(a.value),
                    a.provisional,
                    lo,
                    hi,
                    crate::cat!(CAP; d, " ", z, "第 ", k, " 个工作日是 ", a.value),
                    crate::cat!(CAP; "working day ", k, " ", e, " ", d, " is ", a.value),
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
                    crate::cat!(CAP; d, " 之前第 ", n, " 个工作日是 ", a.value, "（MATRIX C3）"),
                    crate::cat!(CAP; n, " working days before ", d, " is ", a.value, " (MATRIX C3)"),
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
                    crate::cat!(CAP; d, "（不含）至 ", to, "（含）有 ", a.value, " 个工作日"),
                    crate::cat!(CAP; a.value, " working days in (", d, ", ", to, "]"),
                )
            }
        };
        let notes = cal.notes(lo, hi)?;
        let mut explain = zh;
        let mut explain_en = en;
        if !notes.is_empty() {
            explain.push('（');
            write_zh(&mut explain, &notes);
            explain.push('）');
            explain_en.push_str(" (");
            write_en(&mut explain_en, &notes);
            explain_en.push(')');
        }
        if provisional {
            explain.push_str("；涉及尚未载入节假日安排的年份，为暂定结果");
            explain_en.push_str("; provisional: touches a year whose holiday notice is not loaded");
        }
        let op = match self.op {
            Op::IsWorkingDay => "is_working_day",
            Op::Add => "add",
            Op::Between => "between",
            Op::Before => "before",
        };
        out.provisional |= provisional;
        let status = StatusObj::with_capacity(explain.len() + explain_en.len() + 96);
        let status = match answer {
            Answer::Bool(b) => status.bool("answer", b),
            Answer::Date(d) => status.str("answer", &ymd_string(d)),
            Answer::Count(n) => status.int("answer", n),
        };
        out.status(
            status
                .str("explain", &explain)
                .str("explain_en", &explain_en)
                .str("op", op)
                .bool("provisional", provisional)
                .finish(),
        );
        Ok(())
    }
}

/// A date's Display text without the formatting machinery (hot: every `add` and `before` answer).
fn ymd_string(d: zhengwu_calendar::Date) -> String {
    let mut s = String::with_capacity(10);
    zhengwu_calendar::push_ymd(&mut s, d);
    s
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
