//! NPC deputies' suggestions (人大代表建议) and CPPCC proposals (政协提案): 交办 to a lead unit
//! (主办) and co-units (协办), the reply deadline in months from 交办, contact with the deputy or
//! member (联系沟通), the reply, the satisfaction rating, and publication of the results
//! (主动公开办理结果).
//!
//! The limit and its source: for suggestions, `[openness.npc_suggestions]` of the profile — a local
//! article (`cite`) wins where the seed states one; otherwise the national 代表法 第五十一条 that
//! the profile records with a `national` marker (3 months, 6 for complex items). For CPPCC
//! proposals neither the seeds nor the confirmed national texts state a limit (NATIONAL.md §7.3:
//! the CPPCC 条例's time-limit article is not confirmed), so the limit stays unset and the record
//! says so; nothing is borrowed.

use super::Unset;
use crate::deadline::Deadline;
use serde::{Deserialize, Serialize};
use zhengwu_calendar::{Calendar, Date};
use zhengwu_rules::profile::Profile;
use zhengwu_rules::{Citation, Period};

/// Suggestion or proposal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// 人大代表建议
    Suggestion,
    /// 政协提案
    Proposal,
}

impl Kind {
    pub fn id(self) -> &'static str {
        match self {
            Kind::Suggestion => "suggestion",
            Kind::Proposal => "proposal",
        }
    }
    pub fn zh(self) -> &'static str {
        match self {
            Kind::Suggestion => "人大代表建议",
            Kind::Proposal => "政协提案",
        }
    }
}

/// Where a limit comes from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Limit {
    pub period: Option<Period>,
    pub citation: Option<Citation>,
    /// `profile_local` (the seed's own article), `national` (national law recorded in the
    /// profile) or `unset`.
    pub source: &'static str,
    pub unset: Option<Unset>,
}

/// The reply limit for a kind (complex items: the longer limit where one exists).
pub fn limit(p: &Profile, kind: Kind, complex: bool) -> Limit {
    let rule = match kind {
        Kind::Suggestion => p.openness.npc_suggestions.as_ref(),
        Kind::Proposal => None,
    };
    let Some(rule) = rule else {
        let note = match kind {
            Kind::Suggestion => {
                "本级规则未规定代表建议的办理时限 (the seed states no limit for suggestions)"
            }
            Kind::Proposal => {
                "本级规则和已核实的国家规定均未规定政协提案的办理时限，由办公室按交办要求确定 (neither the seed nor a confirmed national text states a limit for CPPCC proposals)"
            }
        };
        return Limit {
            period: None,
            citation: None,
            source: "unset",
            unset: Some(Unset {
                matrix: "R8.08".into(),
                note: note.into(),
            }),
        };
    };
    let l = match (&rule.complex_reply, complex) {
        (Some(c), true) => c,
        _ => &rule.reply,
    };
    let (citation, source) = match (&l.cite, &l.national) {
        (Some(c), _) => (p.cite(c), "profile_local"),
        (None, Some(n)) => (n.citation(), "national"),
        (None, None) => {
            return Limit {
                period: None,
                citation: None,
                source: "unset",
                unset: Some(Unset {
                    matrix: rule.matrix.clone(),
                    note: "未注明依据 (no basis given)".into(),
                }),
            };
        }
    };
    Limit {
        period: Some(l.period),
        citation: Some(citation),
        source,
        unset: None,
    }
}

/// One contact with the deputy or member (联系沟通).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Contact {
    pub on: Date,
    /// 电话, 走访, 座谈, 书面 …
    pub how: String,
    #[serde(default)]
    pub note: String,
}

/// A suggestion or proposal as recorded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Item {
    pub kind: Kind,
    /// 建议/提案 number, e.g. 第12号.
    pub number: String,
    pub title: String,
    /// The deputy or member (and co-signers).
    pub proposer: String,
    pub lead_unit: String,
    #[serde(default)]
    pub co_units: Vec<String>,
    /// 交办 date: the clock starts here.
    pub assigned_on: Date,
    /// 涉及面广、处理难度大 (代表法 第五十一条: the longer limit).
    #[serde(default)]
    pub complex: bool,
    #[serde(default)]
    pub contacts: Vec<Contact>,
    #[serde(default)]
    pub replied_on: Option<Date>,
    /// A / B / C answer category or free text.
    #[serde(default)]
    pub reply_summary: String,
    /// `satisfied`, `basically_satisfied`, `dissatisfied`.
    #[serde(default)]
    pub satisfaction: Option<String>,
    /// Results published (主动公开办理结果).
    #[serde(default)]
    pub published_on: Option<Date>,
}

/// Where an item stands.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Standing {
    pub limit: Limit,
    pub due_on: Option<Date>,
    /// `open`, `overdue`, `replied_on_time`, `replied_late`, `no_limit` (open, limit unset),
    /// `replied` (no limit to judge against).
    pub status: &'static str,
    pub provisional: bool,
}

pub fn assess(p: &Profile, cal: &Calendar, it: &Item, as_of: Date) -> Result<Standing, String> {
    let limit = limit(p, it.kind, it.complex);
    let (Some(period), Some(c)) = (limit.period, limit.citation.clone()) else {
        return Ok(Standing {
            status: if it.replied_on.is_some() {
                "replied"
            } else {
                "no_limit"
            },
            limit,
            due_on: None,
            provisional: false,
        });
    };
    let d = Deadline::new(format!("答复{}", it.kind.zh()), it.assigned_on, period, c);
    let pr = d.project(cal, as_of).map_err(|e| e.to_string())?;
    let status = match it.replied_on {
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

/// A command on an item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "command", rename_all = "snake_case")]
pub enum Command {
    /// Contact with the deputy or member.
    Contact {
        how: String,
        #[serde(default)]
        note: String,
    },
    /// The lead unit's reply.
    Reply { summary: String },
    /// The deputy's or member's rating of the reply.
    Rate { satisfaction: String },
    /// Publish the results (主动公开办理结果).
    Publish,
}

/// Applies a command on `today`; errors are (zh, en).
pub fn apply(it: &Item, cmd: &Command, today: Date) -> Result<Item, (&'static str, &'static str)> {
    let mut n = it.clone();
    match cmd {
        Command::Contact { how, note } => {
            if how.trim().is_empty() {
                return Err(("须写明沟通方式", "say how the deputy was contacted"));
            }
            n.contacts.push(Contact {
                on: today,
                how: how.clone(),
                note: note.clone(),
            });
        }
        Command::Reply { summary } => {
            if it.replied_on.is_some() {
                return Err(("已答复", "already replied"));
            }
            if summary.trim().is_empty() {
                return Err(("答复内容不能为空", "the reply is empty"));
            }
            n.replied_on = Some(today);
            n.reply_summary = summary.clone();
        }
        Command::Rate { satisfaction } => {
            if it.replied_on.is_none() {
                return Err(("尚未答复，不能测评", "not replied yet"));
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
            n.satisfaction = Some(satisfaction.clone());
        }
        Command::Publish => {
            if it.replied_on.is_none() {
                return Err(("尚未答复，不能公开办理结果", "not replied yet"));
            }
            if it.published_on.is_some() {
                return Err(("已公开", "already published"));
            }
            n.published_on = Some(today);
        }
    }
    Ok(n)
}
