//! The proactive disclosure register (主动公开): every outgoing document marked 主动公开 gets an
//! entry; its publication date is checked against the national limit, 政府信息公开条例 第二十六条
//! ("属于主动公开范围的政府信息，应当自该政府信息形成或者变更之日起20个工作日内及时公开"). The
//! Work Rules of the five governments defer to that regulation and state no shorter limit, so the
//! limit is the national one for every government (its citation says `national`). The information
//! is taken as formed on the day the document was issued (印发, else signed).

use crate::deadline::Deadline;
use serde::{Deserialize, Serialize};
use zhengwu_calendar::{Calendar, Date};
use zhengwu_rules::{Citation, Period};

/// The national limit: 20 working days from formation (第二十六条).
pub fn limit() -> (Period, Citation) {
    (
        Period::WorkingDaysAfter(20),
        zhengwu_rules::citation::national(
            "第二十六条",
            "政府信息公开条例 第二十六条",
            "属于主动公开范围的政府信息，应当自该政府信息形成或者变更之日起20个工作日内及时公开",
        ),
    )
}

/// A register entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    pub document_id: String,
    pub title: String,
    pub doc_number: Option<String>,
    /// The day the information was formed (the document's issue date).
    pub formed_on: Date,
    #[serde(default)]
    pub published_on: Option<Date>,
    /// Where: 政府公报, 政府网站, …
    #[serde(default)]
    pub channels: Vec<String>,
}

/// Where an entry stands on a day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Standing {
    pub due_on: Date,
    /// `pending` (not yet published, within the limit), `overdue` (not published, limit passed),
    /// `on_time`, `late` (published after the limit).
    pub status: &'static str,
    /// Working days past the limit (late or overdue), 0 otherwise.
    pub working_days_late: i64,
    pub provisional: bool,
    pub explain: String,
    pub citation: Citation,
}

/// The entry's standing on `as_of`.
pub fn assess(cal: &Calendar, e: &Entry, as_of: Date) -> Result<Standing, String> {
    let (period, citation) = limit();
    let d = Deadline::new("主动公开", e.formed_on, period, citation.clone());
    let p = d.project(cal, as_of).map_err(|x| x.to_string())?;
    let against = e.published_on.unwrap_or(as_of);
    let late_by = if against > p.due {
        cal.working_days_between(p.due, against)
            .map(|a| i64::from(a.value))
            .unwrap_or(0)
            .max(1)
    } else {
        0
    };
    let status = match (e.published_on, against > p.due) {
        (None, false) => "pending",
        (None, true) => "overdue",
        (Some(_), false) => "on_time",
        (Some(_), true) => "late",
    };
    Ok(Standing {
        due_on: p.due,
        status,
        working_days_late: late_by,
        provisional: p.provisional,
        explain: p.explain,
        citation,
    })
}
