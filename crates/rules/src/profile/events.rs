//! Profile section `[events]`: events, invitations, visitors, field research (MATRIX §7,
//! R7.01–R7.09). Read by the kinds `invitation` and `event_hosting`.
//!
//! ```toml
//! [events.invitation_channel]            # R7.01: invitations go through the office, never to a leader
//! matrix = "R7.01"
//! cite = { … }
//!
//! [events.invitation_lead]               # R7.02: lead time
//! matrix = "R7.02"
//! applies_to = "important"               # important | all (C15)
//! period = { days_before = 7 }           # C4: 天 = calendar days; or { working_days_before = 3 }
//! strength = "hard"
//! cite = { … }
//!
//! [[events.restricted]]                  # R7.03 / R7.04: kinds of event leaders do not attend
//! matrix = "R7.03"
//! kinds = ["ribbon_cutting", "foundation_stone"]
//! open_list = ["celebration"]            # C10: unnamed kinds of the same sort → warning
//! effect = "needs_approval"              # needs_approval | banned | discouraged (→ warning)
//! cite = { … }
//!
//! [events.hosting]                       # R7.05: forums/exhibitions/festivals in the government's name
//! matrix = "R7.05"
//! kinds = ["forum", "exhibition", "festival"]
//! superior_approval = true               # must be approved by the superior government
//! approval = "市政府研究同意后按程序报省政府审批"
//! cite = { … }
//! lead = { period = { months_before = 6 }, strength = "hard", cite = { … } }
//! ```

use crate::citation::Cite;
use crate::engine::{Period, Strength};
use serde::Deserialize;

/// The kind of an event a leader is invited to (case field `event_kind` of `invitation`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    Work,
    RibbonCutting,
    FoundationStone,
    Celebration,
    Commemoration,
    Commendation,
    Expo,
    Seminar,
    Forum,
    Symposium,
    Premiere,
    CongratulatoryLetter,
    Inscription,
}

impl EventKind {
    pub fn zh(self) -> &'static str {
        match self {
            EventKind::Work => "工作活动",
            EventKind::RibbonCutting => "剪彩",
            EventKind::FoundationStone => "奠基",
            EventKind::Celebration => "庆祝会",
            EventKind::Commemoration => "纪念会",
            EventKind::Commendation => "表彰会",
            EventKind::Expo => "博览会",
            EventKind::Seminar => "研讨会",
            EventKind::Forum => "论坛",
            EventKind::Symposium => "座谈会",
            EventKind::Premiere => "首映首发",
            EventKind::CongratulatoryLetter => "贺信、贺电",
            EventKind::Inscription => "题词",
        }
    }
}

/// The kind of an event hosted in the government's name (case field `event_kind` of `event_hosting`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HostingKind {
    Forum,
    Exhibition,
    Festival,
}

impl HostingKind {
    pub fn zh(self) -> &'static str {
        match self {
            HostingKind::Forum => "论坛",
            HostingKind::Exhibition => "展会",
            HostingKind::Festival => "节庆",
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Events {
    #[serde(default)]
    pub invitation_channel: Option<Channel>,
    #[serde(default)]
    pub invitation_lead: Option<LeadTime>,
    #[serde(default)]
    pub restricted: Vec<Restricted>,
    #[serde(default)]
    pub hosting: Option<Hosting>,
    #[serde(default)]
    pub not_stated: Vec<super::NotStated>,
    #[serde(default)]
    pub provisions: Vec<super::Provision>,
}

/// R7.01: invitations go through the office.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Channel {
    pub matrix: String,
    pub cite: super::CiteOrMany,
}

/// Which events a lead time applies to (C15).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AppliesTo {
    Important,
    All,
}

/// R7.02: invitation lead time.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LeadTime {
    pub matrix: String,
    pub applies_to: AppliesTo,
    pub period: Period,
    #[serde(default)]
    pub strength: Strength,
    pub cite: Cite,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Effect {
    /// Not without the approval of the party committee and the government.
    NeedsApproval,
    /// Not at all.
    Banned,
    /// Allowed where needed, with a caveat (e.g. 一般不公开发表): a warning.
    Discouraged,
}

/// R7.03 / R7.04: restricted kinds of event.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Restricted {
    pub matrix: String,
    pub kinds: Vec<EventKind>,
    /// Kinds the list does not name but that are of the same sort (the list ends with 等, C10).
    #[serde(default)]
    pub open_list: Vec<EventKind>,
    pub effect: Effect,
    #[serde(default)]
    pub summary: String,
    pub cite: super::CiteOrMany,
}

/// R7.05: hosting forums, exhibitions, festivals in the government's name.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Hosting {
    pub matrix: String,
    pub kinds: Vec<HostingKind>,
    #[serde(default)]
    pub superior_approval: bool,
    #[serde(default)]
    pub approval: String,
    pub cite: Cite,
    #[serde(default)]
    pub lead: Option<HostingLead>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HostingLead {
    pub period: Period,
    #[serde(default)]
    pub strength: Strength,
    pub cite: Cite,
}

fn is_before(p: Period) -> bool {
    matches!(
        p,
        Period::WorkingDaysBefore(_) | Period::DaysBefore(_) | Period::MonthsBefore(_)
    )
}

impl Events {
    /// Semantic checks beyond the types; push (field path, message) pairs.
    pub fn validate(&self, errors: &mut Vec<(String, String)>) {
        if let Some(l) = &self.invitation_lead
            && !is_before(l.period)
        {
            errors.push((
                "events.invitation_lead.period".into(),
                "应为活动前的期限 (must be a before-period)".into(),
            ));
        }
        if let Some(h) = &self.hosting
            && let Some(l) = &h.lead
            && !is_before(l.period)
        {
            errors.push((
                "events.hosting.lead.period".into(),
                "应为活动前的期限 (must be a before-period)".into(),
            ));
        }
        for (i, r) in self.restricted.iter().enumerate() {
            if let Some(k) = r.open_list.iter().find(|k| r.kinds.contains(k)) {
                errors.push((
                    format!("events.restricted[{i}].open_list"),
                    format!("{} 已在 kinds 中列明 (already named in kinds)", k.zh()),
                ));
            }
        }
    }
}
