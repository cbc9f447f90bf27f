//! The evaluation toolkit shared by every kind: the context (profile version, calendar, recorded
//! exception), periods and deadlines that explain themselves, and the verdict builder with the
//! HARD/SOFT logic of MATRIX C7.

use crate::citation::{Citation, Cite};
use crate::date::CaseDate;
use crate::error::CheckError;
use crate::profile::Profile;
use crate::role::Role;
use crate::verdict::{
    ChainStep, Deadline, DeadlineStatus, Finding, ManualStep, Outcome, Status, Step, Verdict,
};
use serde::{Deserialize, Serialize};
use zhengwu_calendar::{Answer, Calendar, Date, Note, push_ymd};

/// Strength of a rule (MATRIX C7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Strength {
    #[default]
    Hard,
    Soft,
}

/// A recorded exception to a SOFT rule: `{"reason": "...", "decided_by": "<role>"}`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Exception {
    pub reason: String,
    pub decided_by: Role,
}

/// A period as the Work Rules state it. In a profile: `{ working_days_before = 5 }`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Period {
    /// "within N working days after E" (C2): the N-th working day after E.
    WorkingDaysAfter(u32),
    /// "N working days before D" (C3): step back N working days from D.
    WorkingDaysBefore(u32),
    /// "within N days" (C4, Civil Code 第二百零三条: a period ending on a day off ends on the next working day).
    DaysAfter(u32),
    /// "N days before D" (C4): D − N calendar days.
    DaysBefore(u32),
    /// "within N months" (C5), then the Civil Code holiday rule.
    MonthsAfter(u32),
    /// "N months before D" (C5).
    MonthsBefore(u32),
    /// The same day (当日).
    SameDay(bool),
}

impl Period {
    /// Appends [`Period::describe_zh`] without the formatting machinery.
    pub fn push_zh(self, out: &mut String) {
        let (pre, n, post) = match self {
            Period::WorkingDaysAfter(n) => ("", n, "个工作日内"),
            Period::WorkingDaysBefore(n) => ("提前", n, "个工作日"),
            Period::DaysAfter(n) => ("", n, "日内"),
            Period::DaysBefore(n) => ("提前", n, "日"),
            Period::MonthsAfter(n) => ("", n, "个月内"),
            Period::MonthsBefore(n) => ("提前", n, "个月"),
            Period::SameDay(_) => return out.push_str("当日"),
        };
        out.push_str(pre);
        push_int(out, n.into());
        out.push_str(post);
    }

    /// Appends [`Period::describe_en`] without the formatting machinery.
    pub fn push_en(self, out: &mut String) {
        let (pre, n, post) = match self {
            Period::WorkingDaysAfter(n) => ("within ", n, " working days"),
            Period::WorkingDaysBefore(n) => ("", n, " working days before"),
            Period::DaysAfter(n) => ("within ", n, " days"),
            Period::DaysBefore(n) => ("", n, " days before"),
            Period::MonthsAfter(n) => ("within ", n, " months"),
            Period::MonthsBefore(n) => ("", n, " months before"),
            Period::SameDay(_) => return out.push_str("the same day"),
        };
        out.push_str(pre);
        push_int(out, n.into());
        out.push_str(post);
    }

    pub fn describe_zh(self) -> String {
        let mut s = String::with_capacity(24);
        self.push_zh(&mut s);
        s
    }
    pub fn describe_en(self) -> String {
        let mut s = String::with_capacity(32);
        self.push_en(&mut s);
        s
    }
    fn is_before(self) -> bool {
        matches!(
            self,
            Period::WorkingDaysBefore(_) | Period::DaysBefore(_) | Period::MonthsBefore(_)
        )
    }
}

/// A bilingual message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Msg {
    pub zh: String,
    pub en: String,
}

/// `msg!("中文 {x}", "English {x}")`
#[macro_export]
macro_rules! msg {
    ($zh:expr, $en:expr $(,)?) => {
        $crate::engine::Msg {
            zh: format!($zh),
            en: format!($en),
        }
    };
}

/// A piece of text for [`cat!`]: strings, dates (`YYYY-MM-DD`) and integers, appended without the
/// formatting machinery (explanations are written for every deadline of every case).
pub trait Piece {
    fn push_to(&self, out: &mut String);
}

impl Piece for &str {
    fn push_to(&self, out: &mut String) {
        out.push_str(self);
    }
}

impl Piece for String {
    fn push_to(&self, out: &mut String) {
        out.push_str(self);
    }
}

impl Piece for Date {
    fn push_to(&self, out: &mut String) {
        push_ymd(out, *self);
    }
}

macro_rules! int_piece {
    ($($t:ty),*) => {$(
        impl Piece for $t {
            fn push_to(&self, out: &mut String) {
                push_int(out, i128::from(*self));
            }
        }
    )*};
}
int_piece!(i32, u32, i64, u64);

/// An integer in decimal.
pub fn push_int(out: &mut String, v: i128) {
    if v < 0 {
        out.push('-');
    }
    // 64-bit division where the value fits (always, in practice): 128-bit division is a library call.
    match u64::try_from(v.unsigned_abs()) {
        Ok(u) => push_u64(out, u),
        Err(_) => {
            use std::fmt::Write as _;
            let _ = write!(out, "{}", v.unsigned_abs());
        }
    }
}

fn push_u64(out: &mut String, mut u: u64) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (u % 10) as u8;
        u /= 10;
        if u == 0 {
            break;
        }
    }
    for &b in &digits[i..] {
        out.push(char::from(b));
    }
}

/// `cat!(capacity; piece, piece, …)`: a String of the pieces (see [`Piece`]), allocated once.
#[macro_export]
macro_rules! cat {
    ($cap:expr; $($p:expr),* $(,)?) => {{
        let mut s = String::with_capacity($cap);
        $( $crate::engine::Piece::push_to(&$p, &mut s); )*
        s
    }};
}

/// A due date computed from a start and a period, with the explanation of the days skipped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Due {
    pub date: Date,
    pub provisional: bool,
    pub explain_zh: String,
    pub explain_en: String,
}

/// Everything a kind's evaluation may read.
pub struct Ctx<'a> {
    pub profile: &'a Profile,
    pub cal: &'a Calendar,
    pub exception: Option<&'a Exception>,
}

impl<'a> Ctx<'a> {
    /// A profile citation as it appears in verdicts (`Profile::cite`).
    pub fn cite(&self, c: &Cite) -> Citation {
        self.profile.cite(c)
    }

    /// A rule's primary citation as it appears in verdicts, without copying the rule's `Cite`.
    pub fn cite_first(&self, c: &crate::profile::CiteOrMany) -> Citation {
        self.cite(c.primary())
    }

    /// The profile's own title for a role (e.g. `head` → 市长/县长/区长).
    pub fn title(&self, role: Role) -> String {
        self.profile.title(role)
    }

    /// Applies a period to a start date (the event date for "before" periods).
    pub fn due(&self, start: Date, period: Period) -> Result<Due, CheckError> {
        due(self.cal, start, period)
    }

    /// A deadline for the verdict: `start` + `period`, judged against `done_on` (when the act happened)
    /// and `as_of` (today, for open items). Before-periods ("N days before the meeting") are met when the
    /// act happened on or before the due date.
    #[allow(clippy::too_many_arguments)]
    pub fn deadline(
        &self,
        what: Msg,
        start: CaseDate,
        period: Period,
        cite: &Cite,
        done_on: Option<CaseDate>,
        as_of: Option<CaseDate>,
    ) -> Result<Deadline, CheckError> {
        let due = self.due(start.0, period)?;
        let status = deadline_status(due.date, done_on.map(|d| d.0), as_of.map(|d| d.0));
        let citation = self.cite(cite);
        let mut explain = due.explain_zh;
        explain.push_str("，依据 ");
        explain.push_str(&citation.text);
        let mut explain_en = due.explain_en;
        explain_en.push_str(", per ");
        explain_en.push_str(&citation.text);
        let mut due_text = String::with_capacity(10);
        push_ymd(&mut due_text, due.date);
        Ok(Deadline {
            explain,
            explain_en,
            what: what.zh,
            what_en: what.en,
            due: due_text,
            status,
            provisional: due.provisional,
            citation,
        })
    }
}

/// Applies a period to a start date (the event date for "before" periods) on a calendar: the one
/// counting of every deadline (`Ctx::due`, and the shared deadline model of the workflows).
pub fn due(c: &Calendar, start: Date, period: Period) -> Result<Due, CheckError> {
    let ans: Answer<Date> = match period {
        Period::WorkingDaysAfter(n) => c.within_working_days_after(start, n)?,
        Period::WorkingDaysBefore(n) => c.working_days_before(start, n)?,
        Period::DaysAfter(n) => c.days_after(start, n)?,
        Period::DaysBefore(n) => c.days_before(start, n)?,
        Period::MonthsAfter(n) => c.months_after(start, n)?,
        Period::MonthsBefore(n) => c.months_before(start, n)?,
        Period::SameDay(_) => Answer {
            value: start,
            provisional: c.is_working_day(start)?.provisional,
        },
    };
    let (lo, hi) = if ans.value < start {
        (ans.value, start)
    } else {
        (start, ans.value)
    };
    // "2025-03-19 提前5个工作日：2025-03-12" / "2025-09-29 起5个工作日内：2025-10-13"
    let rel_zh = if period.is_before() { " " } else { " 起" };
    c.with_notes(lo, hi, |notes| explain(start, period, rel_zh, ans, notes))
        .map_err(Into::into)
}

/// The explanations of a due date `ans` computed from `start` + `period`, with the days skipped.
fn explain(start: Date, period: Period, rel_zh: &str, ans: Answer<Date>, notes: &[Note]) -> Due {
    let provisional = ans.provisional || notes.iter().any(|n| n.provisional);
    // Room for the notes and the citation that `Ctx::deadline` appends.
    let mut explain_zh = String::with_capacity(384);
    push_ymd(&mut explain_zh, start);
    explain_zh.push_str(rel_zh);
    period.push_zh(&mut explain_zh);
    explain_zh.push('：');
    push_ymd(&mut explain_zh, ans.value);
    let mut explain_en = String::with_capacity(384);
    period.push_en(&mut explain_en);
    explain_en.push(' ');
    push_ymd(&mut explain_en, start);
    explain_en.push_str(": ");
    push_ymd(&mut explain_en, ans.value);
    if !notes.is_empty() {
        explain_zh.push('（');
        zhengwu_calendar::write_zh(&mut explain_zh, notes);
        explain_zh.push('）');
        explain_en.push_str(" (");
        zhengwu_calendar::write_en(&mut explain_en, notes);
        explain_en.push(')');
    }
    if provisional {
        explain_zh.push_str("；涉及尚未公布节假日安排的年份，为暂定结果");
        explain_en.push_str("; provisional: touches a year whose holiday notice is not loaded");
    }
    Due {
        date: ans.value,
        provisional,
        explain_zh,
        explain_en,
    }
}

/// pending | met | missed for a due date, the day the act happened, and today.
pub fn deadline_status(due: Date, done_on: Option<Date>, as_of: Option<Date>) -> DeadlineStatus {
    match (done_on, as_of) {
        (Some(d), _) if d <= due => DeadlineStatus::Met,
        (Some(_), _) => DeadlineStatus::Missed,
        (None, Some(t)) if t > due => DeadlineStatus::Missed,
        _ => DeadlineStatus::Pending,
    }
}

/// A profile rule a case can fail: its MATRIX id, its strength (C7) and its citation. Profile rule
/// structs with `matrix`, `strength` and `cite` fields implement it through [`profile_rule!`].
pub trait Rule {
    fn matrix(&self) -> &str;
    fn strength(&self) -> Strength;
    fn citation(&self, ctx: &Ctx<'_>) -> Citation;
}

/// A rule's `cite` field, one citation or several (the first is the one cited in findings).
pub trait RuleCite {
    fn citation_in(&self, ctx: &Ctx<'_>) -> Citation;
}

impl RuleCite for Cite {
    fn citation_in(&self, ctx: &Ctx<'_>) -> Citation {
        ctx.cite(self)
    }
}

impl RuleCite for crate::profile::CiteOrMany {
    fn citation_in(&self, ctx: &Ctx<'_>) -> Citation {
        ctx.cite_first(self)
    }
}

/// `profile_rule!(Quorum, Video, …)`: implements [`Rule`] for profile structs with the fields
/// `matrix: String`, `strength: Strength` and `cite` (a `Cite` or a `CiteOrMany`).
#[macro_export]
macro_rules! profile_rule {
    ($($t:ty),* $(,)?) => {$(
        impl $crate::engine::Rule for $t {
            fn matrix(&self) -> &str {
                &self.matrix
            }
            fn strength(&self) -> $crate::engine::Strength {
                self.strength
            }
            fn citation(&self, ctx: &$crate::engine::Ctx<'_>) -> $crate::citation::Citation {
                $crate::engine::RuleCite::citation_in(&self.cite, ctx)
            }
        }
    )*};
}

/// Builds a verdict. Kinds push findings, deadlines and chain steps; `finish` derives the outcome.
#[derive(Debug, Default)]
pub struct Out {
    pub violations: Vec<Finding>,
    pub warnings: Vec<Finding>,
    pub deadlines: Vec<Deadline>,
    pub chain: Vec<ChainStep>,
    pub manual_steps: Vec<ManualStep>,
    pub status: Option<Status>,
    pub provisional: bool,
}

impl Out {
    /// A HARD failure: always a violation.
    pub fn violation(&mut self, rule: &str, citation: Citation, msg: Msg) {
        self.violations.push(Finding {
            rule: rule.to_string(),
            citation,
            message: msg.zh,
            message_en: msg.en,
        });
    }

    /// A warning that never blocks (open lists C10, cadence targets, excepted SOFT rules).
    pub fn warning(&mut self, rule: &str, citation: Citation, msg: Msg) {
        self.warnings.push(Finding {
            rule: rule.to_string(),
            citation,
            message: msg.zh,
            message_en: msg.en,
        });
    }

    /// A failed rule of the given strength (C7): HARD → violation; SOFT → violation unless the case
    /// records an exception, which turns it into a warning naming the exception.
    pub fn fail(
        &mut self,
        ctx: &Ctx<'_>,
        rule: &str,
        strength: Strength,
        citation: Citation,
        msg: Msg,
    ) {
        match (strength, ctx.exception) {
            (Strength::Soft, Some(ex)) => {
                let who = ctx.title(ex.decided_by);
                let zh = format!("{}（已记录例外：{}，由{}决定）", msg.zh, ex.reason, who);
                let en = format!(
                    "{} (exception recorded: {}, decided by {})",
                    msg.en, ex.reason, ex.decided_by
                );
                self.warning(rule, citation, Msg { zh, en });
            }
            _ => self.violation(rule, citation, msg),
        }
    }

    /// A failed profile rule: [`Out::fail`] with the rule's MATRIX id, strength and citation.
    pub fn fail_rule<R: Rule + ?Sized>(&mut self, ctx: &Ctx<'_>, rule: &R, msg: Msg) {
        self.fail(ctx, rule.matrix(), rule.strength(), rule.citation(ctx), msg);
    }

    pub fn deadline(&mut self, d: Deadline) {
        self.provisional |= d.provisional;
        self.deadlines.push(d);
    }

    /// A chain step with the profile's title for the role.
    pub fn step(&mut self, ctx: &Ctx<'_>, step: Step, role: Role, citation: Option<Citation>) {
        self.chain.push(ChainStep {
            step,
            role,
            title: ctx.title(role),
            alternatives: Vec::new(),
            note: String::new(),
            citation,
        });
    }

    /// A chain step where the text says "A or B".
    pub fn step_alt(
        &mut self,
        ctx: &Ctx<'_>,
        step: Step,
        role: Role,
        alternatives: &[Role],
        citation: Option<Citation>,
    ) {
        self.chain.push(ChainStep {
            step,
            role,
            title: ctx.title(role),
            alternatives: alternatives.to_vec(),
            note: String::new(),
            citation,
        });
    }

    /// A step the profile leaves to a person (C8).
    pub fn manual(&mut self, step: &str, reason: &str, citation: Option<Citation>) {
        self.manual_steps.push(ManualStep {
            step: step.to_string(),
            reason: reason.to_string(),
            citation,
        });
    }

    /// The kind's status: a [`StatusObj`]'s, a plain id (`Status::id`) or any JSON value.
    pub fn status(&mut self, v: impl Into<Status>) {
        self.status = Some(v.into());
    }

    /// The verdict, with the kind's shared name (from the dispatch) and the profile's stamp.
    pub fn finish(self, kind: std::sync::Arc<str>, profile: &Profile) -> Verdict {
        let outcome = if !self.violations.is_empty() {
            Outcome::Refused
        } else if !self.warnings.is_empty() {
            Outcome::AllowedWithWarning
        } else {
            Outcome::Allowed
        };
        let (id, rules_version) = profile.stamp();
        Verdict {
            kind,
            profile: id,
            rules_version,
            outcome,
            violations: self.violations,
            warnings: self.warnings,
            deadlines: self.deadlines,
            chain: self.chain,
            manual_steps: self.manual_steps,
            status: self.status.unwrap_or_default(),
            provisional: self.provisional,
        }
    }
}
