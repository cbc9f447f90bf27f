//! 12345 hotline tickets (12345政务服务便民热线): intake, routing to the owning unit by category,
//! the reply limit, the reply, callback (回访) with satisfaction, monthly statistics per unit.
//!
//! No seed states a routing table or a day count (MATRIX R8.10: 泰安 第八十二条 requires 主办部门 and
//! 办理时限 to be fixed but names no number; 聊城 does not mention the hotline; national guidance gives
//! no day count, NATIONAL.md §8). Both therefore come from the government's **hotline
//! configuration** ([`Config`]), set by the office and audited, with its own basis text; the
//! system says so on every ticket (`limit.source = "configuration"`). Without a configured limit
//! the ticket has no due date and says the rule is unset.

use super::SeedSays;
use crate::deadline::Deadline;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use zhengwu_calendar::{Calendar, Date};
use zhengwu_rules::{Citation, Period};

/// A government's hotline configuration.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Config {
    /// Category → owning unit (department id).
    #[serde(default)]
    pub routes: BTreeMap<String, String>,
    /// The reply limit in working days from intake; none = unset.
    #[serde(default)]
    pub reply_working_days: Option<u32>,
    /// Where the limit comes from (the local hotline regulation or the office's decision), shown
    /// as the citation of every deadline.
    #[serde(default)]
    pub basis: String,
}

/// The reply limit of a ticket and its source.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Limit {
    pub period: Option<Period>,
    pub citation: Option<Citation>,
    /// `configuration` or `unset`.
    pub source: &'static str,
    pub note: String,
}

pub fn limit(c: &Config) -> Limit {
    match c.reply_working_days {
        Some(n) if n > 0 => Limit {
            period: Some(Period::WorkingDaysAfter(n)),
            citation: Some(Citation::new("configuration", "", format!("热线配置：{}", c.basis), String::new())),
            source: "configuration",
            note: "办理时限来自本级热线配置（规则文本未规定天数） (the limit is configured; the Work Rules state no day count)".into(),
        },
        _ => Limit {
            period: None,
            citation: None,
            source: "unset",
            note: "规则文本和热线配置均未规定办理时限 (neither the Work Rules nor the hotline configuration state a limit)".into(),
        },
    }
}

/// Which unit owns a category; `None` when the routing table has no entry.
pub fn route<'a>(c: &'a Config, category: &str) -> Option<&'a str> {
    c.routes.get(category).map(String::as_str)
}

/// A callback (回访) to the caller.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Callback {
    pub on: Date,
    /// `satisfied`, `basically_satisfied`, `dissatisfied`.
    pub satisfaction: String,
    #[serde(default)]
    pub note: String,
}

/// A ticket as recorded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ticket {
    pub number: String,
    pub received_on: Date,
    pub caller: String,
    #[serde(default)]
    pub phone: String,
    pub category: String,
    pub content: String,
    pub unit_id: String,
    #[serde(default)]
    pub replied_on: Option<Date>,
    #[serde(default)]
    pub reply: String,
    #[serde(default)]
    pub callback: Option<Callback>,
    /// The limit in force at intake (a later configuration change does not move it).
    #[serde(default)]
    pub reply_working_days: Option<u32>,
    #[serde(default)]
    pub basis: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Standing {
    pub limit: Limit,
    pub due_on: Option<Date>,
    /// `open`, `overdue`, `replied_on_time`, `replied_late`, `no_limit`, `replied`.
    pub status: &'static str,
    pub provisional: bool,
}

pub fn assess(cal: &Calendar, t: &Ticket, as_of: Date) -> Result<Standing, String> {
    let limit = limit(&Config {
        routes: BTreeMap::new(),
        reply_working_days: t.reply_working_days,
        basis: t.basis.clone(),
    });
    let (Some(period), Some(c)) = (limit.period, limit.citation.clone()) else {
        return Ok(Standing {
            status: if t.replied_on.is_some() {
                "replied"
            } else {
                "no_limit"
            },
            limit,
            due_on: None,
            provisional: false,
        });
    };
    let pr = Deadline::new("答复来电人", t.received_on, period, c)
        .project(cal, as_of)
        .map_err(|e| e.to_string())?;
    let status = match t.replied_on {
        Some(r) if r <= pr.due => "replied_on_time",
        Some(_) => "replied_late",
        None if as_of > pr.due => "overdue",
        None => "open",
    };
    Ok(Standing {
        limit,
        due_on: Some(pr.due),
        status,
        provisional: pr.provisional,
    })
}

/// A command on a ticket.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "command", rename_all = "snake_case")]
pub enum Command {
    /// The owning unit replies.
    Reply { reply: String },
    /// Re-route to another unit (派单异议 upheld).
    Reroute { unit_id: String },
    /// 回访: the caller's satisfaction.
    Callback {
        satisfaction: String,
        #[serde(default)]
        note: String,
    },
}

pub fn apply(
    t: &Ticket,
    cmd: &Command,
    today: Date,
) -> Result<Ticket, (&'static str, &'static str)> {
    let mut n = t.clone();
    match cmd {
        Command::Reply { reply } => {
            if t.replied_on.is_some() {
                return Err(("已答复", "already replied"));
            }
            if reply.trim().is_empty() {
                return Err(("答复内容不能为空", "the reply is empty"));
            }
            n.replied_on = Some(today);
            n.reply = reply.clone();
        }
        Command::Reroute { unit_id } => {
            if t.replied_on.is_some() {
                return Err(("已答复，不能改派", "already replied; cannot re-route"));
            }
            n.unit_id = unit_id.clone();
        }
        Command::Callback { satisfaction, note } => {
            if t.replied_on.is_none() {
                return Err(("尚未答复，不能回访", "not replied yet; no callback"));
            }
            if t.callback.is_some() {
                return Err(("已回访", "already called back"));
            }
            if !matches!(
                satisfaction.as_str(),
                "satisfied" | "basically_satisfied" | "dissatisfied"
            ) {
                return Err((
                    "满意度须为 satisfied、basically_satisfied 或 dissatisfied",
                    "satisfaction must be satisfied, basically_satisfied or dissatisfied",
                ));
            }
            n.callback = Some(Callback {
                on: today,
                satisfaction: satisfaction.clone(),
                note: note.clone(),
            });
        }
    }
    Ok(n)
}

/// One unit's figures for a month.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct UnitMonth {
    pub unit_id: String,
    pub received: u32,
    pub replied: u32,
    pub replied_on_time: u32,
    pub replied_late: u32,
    pub open: u32,
    pub overdue: u32,
    pub called_back: u32,
    pub satisfied: u32,
    pub basically_satisfied: u32,
    pub dissatisfied: u32,
    /// (satisfied + basically satisfied) / called back; none without callbacks.
    pub satisfaction_rate: Option<f64>,
    /// replied on time / replied against a limit; none without such replies.
    pub on_time_rate: Option<f64>,
}

/// Monthly statistics per unit from the tickets received in the month, judged on `as_of`.
pub fn monthly(cal: &Calendar, tickets: &[Ticket], as_of: Date) -> Result<Vec<UnitMonth>, String> {
    let mut by: BTreeMap<String, UnitMonth> = BTreeMap::new();
    for t in tickets {
        let s = assess(cal, t, as_of)?;
        let u = by.entry(t.unit_id.clone()).or_insert_with(|| UnitMonth {
            unit_id: t.unit_id.clone(),
            ..UnitMonth::default()
        });
        u.received += 1;
        match s.status {
            "replied_on_time" => {
                u.replied += 1;
                u.replied_on_time += 1;
            }
            "replied_late" => {
                u.replied += 1;
                u.replied_late += 1;
            }
            "replied" => u.replied += 1,
            "overdue" => {
                u.open += 1;
                u.overdue += 1;
            }
            _ => u.open += 1,
        }
        if let Some(c) = &t.callback {
            u.called_back += 1;
            match c.satisfaction.as_str() {
                "satisfied" => u.satisfied += 1,
                "basically_satisfied" => u.basically_satisfied += 1,
                _ => u.dissatisfied += 1,
            }
        }
    }
    Ok(by
        .into_values()
        .map(|mut u| {
            if u.called_back > 0 {
                u.satisfaction_rate =
                    Some(f64::from(u.satisfied + u.basically_satisfied) / f64::from(u.called_back));
            }
            let judged = u.replied_on_time + u.replied_late;
            if judged > 0 {
                u.on_time_rate = Some(f64::from(u.replied_on_time) / f64::from(judged));
            }
            u
        })
        .collect())
}

/// What the seed says on the hotline (R8.10), for display next to the configuration.
pub fn seed(p: &zhengwu_rules::profile::Profile) -> SeedSays {
    super::openness_seed(p, "R8.10")
}
