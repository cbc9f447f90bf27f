//! Meetings (issue #6) as pure decisions: which meetings a government has, who is invited, whom an
//! absence goes to, whether a quorum is present, whether an agenda item (议题) passes its gates, the
//! approval and minutes chains, and the deadlines decisions start.
//!
//! Every rule question is put to the rules crate exactly as `zhengwu check` would put it: the
//! functions here build the CASES.md case ([`agenda_case`], [`quorum_case`], …) and evaluate it with
//! [`judge`] (`zhengwu_rules::check_json`), so the workflow and `check` cannot disagree. A refused
//! verdict becomes a [`Refusal`] that carries every cited violation.

pub mod decisions;

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use zhengwu_calendar::{Calendar, Date};
use zhengwu_rules::profile::meetings::{
    Absentee, AgendaTopic, AttendeeBasis, CadencePer, MeetingType, MinutesTopic, Revision,
    UrgentGround, role_fits,
};
use zhengwu_rules::profile::supervision::ItemSource;
use zhengwu_rules::verdict::{ChainStep, Finding, Step};
use zhengwu_rules::{
    CaseDate, CheckError, Citation, Ctx, Exception, Outcome, Period, Profile, Registry, Role,
    Verdict,
};

/// A refusal: every violation with its citation (never just the first).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Refusal {
    pub violations: Vec<Finding>,
}

/// Why a command could not go through: the rules refuse it, or the input is not a valid case.
#[derive(Debug, Clone, PartialEq)]
pub enum Denied {
    Refused(Refusal),
    Invalid(CheckError),
}

impl From<CheckError> for Denied {
    fn from(e: CheckError) -> Denied {
        Denied::Invalid(e)
    }
}

/// A refusal citing one article (for the workflow's own checks, e.g. national minimum periods).
pub fn refuse(
    rule: &str,
    citation: Citation,
    zh: impl Into<String>,
    en: impl Into<String>,
) -> Denied {
    Denied::Refused(Refusal {
        violations: vec![Finding {
            rule: rule.to_string(),
            citation,
            message: zh.into(),
            message_en: en.into(),
        }],
    })
}

/// Evaluates a CASES.md case with the government's profile, like `zhengwu check`.
pub fn judge(
    reg: &Registry,
    cal: &Calendar,
    profile_id: &str,
    case: &Value,
) -> Result<Verdict, CheckError> {
    zhengwu_rules::check_json(reg, cal, &case.to_string(), Some(profile_id))
}

/// Evaluates and turns a refused verdict into a [`Denied::Refused`].
pub fn require(
    reg: &Registry,
    cal: &Calendar,
    profile_id: &str,
    case: &Value,
) -> Result<Verdict, Denied> {
    let v = judge(reg, cal, profile_id, case)?;
    if v.outcome == Outcome::Refused {
        return Err(Denied::Refused(Refusal {
            violations: v.violations,
        }));
    }
    Ok(v)
}

/// The profile version in force on a day.
pub fn profile_on<'a>(
    reg: &'a Registry,
    profile_id: &str,
    day: Date,
) -> Result<&'a Profile, CheckError> {
    Ok(&reg.in_force(profile_id, Some(day))?.profile)
}

fn d(day: Date) -> String {
    day.to_string()
}

// ---------------------------------------------------------------------------------------------
// Scheduling, members and invitations

/// A leadership seat of the organisation (a store position), as the domain sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Seat {
    pub position_id: String,
    pub person_id: Option<String>,
    /// CASES.md role id, e.g. `head`, `deputy`.
    pub role: String,
    pub title: String,
}

/// Member (组成人员, counted for the quorum) or attendee (列席, never counted).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Capacity {
    Member,
    Attendee,
}

/// Attendance of one invitee.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Presence {
    #[default]
    Invited,
    Present,
    Video,
    Absent,
}

/// One invitation: a resolved seat, or a title the profile names that the office fills in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Invitee {
    pub key: String,
    pub capacity: Capacity,
    pub title: String,
    pub role: Option<Role>,
    pub position_id: Option<String>,
    pub person_id: Option<String>,
    /// For attendees: standing, per_item, invited, …
    pub basis: Option<AttendeeBasis>,
    /// True when the profile names a title that no seat of the organisation holds.
    pub unresolved: bool,
    pub citation: Citation,
    #[serde(default)]
    pub presence: Presence,
}

/// A rule text the office follows by hand, with its citation (e.g. news coverage, R2.41).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Note {
    pub rule: String,
    pub text: String,
    pub citation: Citation,
}

/// What scheduling decided.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scheduled {
    pub name: String,
    pub invitees: Vec<Invitee>,
    /// The profile's news-coverage rule for the meeting type, where it has one.
    pub news: Option<Note>,
    /// The convening verdict (chain: who presides, with citations).
    pub verdict: Verdict,
}

/// Schedules a meeting: the type must exist in the profile and the convener fit (kind
/// `meeting_convening`); members and standing attendees come from the profile's roles resolved
/// against the organisation's seats.
#[allow(clippy::too_many_arguments)]
pub fn schedule(
    reg: &Registry,
    cal: &Calendar,
    profile_id: &str,
    t: MeetingType,
    date: Date,
    convened_by: Role,
    delegated_by: Option<Role>,
    seats: &[Seat],
) -> Result<Scheduled, Denied> {
    let mut case = json!({
        "kind": "meeting_convening",
        "meeting": {"type": t, "date": d(date)},
        "convened_by": convened_by,
    });
    if let Some(by) = delegated_by {
        case["delegated_by"] = json!(by);
        case["head_can_attend"] = json!(false);
    }
    let verdict = require(reg, cal, profile_id, &case)?;
    let p = profile_on(reg, profile_id, date)?;
    let ctx = Ctx {
        profile: p,
        cal,
        exception: None,
    };
    let def = p.meetings.def(t);
    let mut invitees = Vec::new();
    if let Some(def) = def {
        if let Some(ms) = &def.members {
            let cit = ctx.cite_first(&ms.cite);
            for who in &ms.who {
                push_invitees(
                    &mut invitees,
                    seats,
                    Capacity::Member,
                    None,
                    &who.title,
                    who.role,
                    &cit,
                );
            }
        }
        for g in def
            .attendees
            .iter()
            .filter(|g| matches!(g.basis, AttendeeBasis::Standing | AttendeeBasis::Throughout))
        {
            let cit = ctx.cite_first(&g.cite);
            for who in &g.who {
                push_invitees(
                    &mut invitees,
                    seats,
                    Capacity::Attendee,
                    Some(g.basis),
                    &who.title,
                    who.role,
                    &cit,
                );
            }
        }
    }
    let news = def.and_then(|d| d.news.as_ref()).map(|n| Note {
        rule: n.matrix.clone(),
        text: n.text.clone(),
        citation: ctx.cite_first(&n.cite),
    });
    Ok(Scheduled {
        name: p.meetings.name_of(t),
        invitees,
        news,
        verdict,
    })
}

/// Invites an attendee (列席) on a basis the profile states for the meeting type (per item, as
/// needed, invited); `None` when the profile states no such group: the office decides without rule.
pub fn invite(
    p: &Profile,
    cal: &Calendar,
    t: MeetingType,
    basis: AttendeeBasis,
    key: String,
    title: &str,
    person_id: Option<String>,
) -> Option<Invitee> {
    let ctx = Ctx {
        profile: p,
        cal,
        exception: None,
    };
    let g = p
        .meetings
        .def(t)?
        .attendees
        .iter()
        .find(|g| g.basis == basis)?;
    Some(Invitee {
        key,
        capacity: Capacity::Attendee,
        title: title.to_string(),
        role: None,
        position_id: None,
        person_id,
        basis: Some(basis),
        unresolved: false,
        citation: ctx.cite_first(&g.cite),
        presence: Presence::Invited,
    })
}

fn push_invitees(
    out: &mut Vec<Invitee>,
    seats: &[Seat],
    capacity: Capacity,
    basis: Option<AttendeeBasis>,
    title: &str,
    role: Option<Role>,
    cit: &Citation,
) {
    let matching: Vec<&Seat> = match role {
        Some(r) => seats
            .iter()
            .filter(|s| Role::from_id(&s.role).is_some_and(|a| role_fits(r, a)))
            .collect(),
        None => Vec::new(),
    };
    if matching.is_empty() {
        out.push(Invitee {
            key: format!("t{}", out.len()),
            capacity,
            title: title.to_string(),
            role,
            position_id: None,
            person_id: None,
            basis,
            unresolved: true,
            citation: cit.clone(),
            presence: Presence::Invited,
        });
        return;
    }
    for s in matching {
        if out
            .iter()
            .any(|i| i.position_id.as_deref() == Some(s.position_id.as_str()))
        {
            continue;
        }
        out.push(Invitee {
            key: s.position_id.clone(),
            capacity,
            title: s.title.clone(),
            role: Role::from_id(&s.role),
            position_id: Some(s.position_id.clone()),
            person_id: s.person_id.clone(),
            basis,
            unresolved: false,
            citation: cit.clone(),
            presence: Presence::Invited,
        });
    }
}

/// A cadence warning (never a block, C7).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CadenceStatus {
    pub meeting_type: MeetingType,
    pub window_from: String,
    pub window_to: String,
    pub held: i64,
    pub min: Option<u32>,
    pub behind: bool,
    pub message: String,
    pub citation: Citation,
}

/// The window (first day, last day) a cadence counts over, ending on `as_of`; `None` for irregular
/// meetings or where the profile sets no cadence.
pub fn cadence_window(p: &Profile, t: MeetingType, as_of: Date) -> Option<(Date, Date)> {
    let c = p.meetings.def(t)?.cadence.as_ref()?;
    let days: i64 = match c.per {
        CadencePer::Week => 7,
        CadencePer::TwoWeeks => 14,
        CadencePer::Month => 30,
        CadencePer::Quarter => 91,
        CadencePer::Year => 365,
        CadencePer::Irregular => return None,
    };
    let from = as_of.checked_sub(jiff::Span::new().days(days - 1)).ok()?;
    Some((from, as_of))
}

/// Whether `held` meetings in the window meet the profile's cadence target.
pub fn cadence_status(
    p: &Profile,
    cal: &Calendar,
    t: MeetingType,
    as_of: Date,
    held: i64,
) -> Option<CadenceStatus> {
    let c = p.meetings.def(t)?.cadence.as_ref()?;
    let (from, to) = cadence_window(p, t, as_of)?;
    let ctx = Ctx {
        profile: p,
        cal,
        exception: None,
    };
    let behind = c.min.is_some_and(|m| held < i64::from(m));
    let name = p.meetings.name_of(t);
    let message = if behind {
        format!(
            "{name}在 {from} 至 {to} 期间召开 {held} 次，少于规则目标（至少 {} 次）；仅提示，不阻止 (behind the cadence target; a warning only)",
            c.min.unwrap_or_default()
        )
    } else {
        format!("{name}在 {from} 至 {to} 期间召开 {held} 次 (on cadence)")
    };
    Some(CadenceStatus {
        meeting_type: t,
        window_from: d(from),
        window_to: d(to),
        held,
        min: c.min,
        behind,
        message,
        citation: ctx.cite_first(&c.cite),
    })
}

/// Whether `roles` may approve a meeting's press release: `Ok(Some(citation))` for an approver the
/// profile names (R2.41, e.g. 聊城 第五十一条: 秘书长或有关副秘书长审定), `Ok(None)` where the profile
/// names no approval (the office releases it), refused with the article otherwise.
pub fn approve_news_release(
    p: &Profile,
    cal: &Calendar,
    roles: &[Role],
) -> Result<Option<Citation>, Denied> {
    let Some(n) = &p.meetings.news_release else {
        return Ok(None);
    };
    let ctx = Ctx {
        profile: p,
        cal,
        exception: None,
    };
    let citation = ctx.cite_first(&n.cite);
    if n.approvers
        .iter()
        .any(|want| roles.iter().any(|r| role_fits(*want, *r)))
    {
        return Ok(Some(citation));
    }
    let titles = n
        .approvers
        .iter()
        .map(|r| p.title(*r))
        .collect::<Vec<_>>()
        .join("或");
    Err(refuse(
        &n.matrix,
        citation,
        format!("会议新闻稿须经{titles}审定"),
        "the press release must be approved by an approver the rules name",
    ))
}

/// The calendar period (first day, last day) a study target counts over — the quarter, month or
/// year containing `as_of` ("每季度不少于１次" is per calendar quarter); `None` where the profile sets no
/// study for the meeting type.
pub fn study_window(p: &Profile, t: MeetingType, as_of: Date) -> Option<(Date, Date)> {
    let s = p.meetings.def(t)?.study.as_ref()?;
    let (y, m) = (as_of.year(), as_of.month());
    let (first, months) = match s.per {
        CadencePer::Year => (1, 12),
        CadencePer::Quarter => ((m - 1) / 3 * 3 + 1, 3),
        CadencePer::Month => (m, 1),
        CadencePer::Week | CadencePer::TwoWeeks | CadencePer::Irregular => return None,
    };
    let from = jiff::civil::Date::new(y, first, 1).ok()?;
    let to = from
        .checked_add(jiff::Span::new().months(months))
        .ok()?
        .yesterday()
        .ok()?;
    Some((from, to))
}

/// Whether `held` study sessions in the period containing `as_of` meet the profile's target (a
/// reminder for the office while the period runs, never a block).
pub fn study_status(
    p: &Profile,
    cal: &Calendar,
    t: MeetingType,
    as_of: Date,
    held: i64,
) -> Option<CadenceStatus> {
    let s = p.meetings.def(t)?.study.as_ref()?;
    let (from, to) = study_window(p, t, as_of)?;
    let ctx = Ctx {
        profile: p,
        cal,
        exception: None,
    };
    let behind = s.min.is_some_and(|m| held < i64::from(m));
    let name = p.meetings.name_of(t);
    let message = if behind {
        format!(
            "{name}会前学习在 {from} 至 {to} 期间已开展 {held} 次，少于规则要求（至少 {} 次）；仅提示，不阻止 (the pre-meeting study is behind its target for the period; a reminder only)",
            s.min.unwrap_or_default()
        )
    } else {
        format!("{name}会前学习在 {from} 至 {to} 期间已开展 {held} 次 (study target met)")
    };
    Some(CadenceStatus {
        meeting_type: t,
        window_from: d(from),
        window_to: d(to),
        held,
        min: s.min,
        behind,
        message,
        citation: ctx.cite_first(&s.cite),
    })
}

// ---------------------------------------------------------------------------------------------
// Absence, attendance and quorum

/// Whether an invitee is a government leader (政府领导同志), another member, or an attendee.
pub fn absentee_of(i: &Invitee) -> Absentee {
    match (i.capacity, i.role) {
        (
            Capacity::Member,
            Some(
                Role::Head
                | Role::ExecutiveDeputy
                | Role::PresidingDeputy
                | Role::Deputy
                | Role::DeputyInCharge
                | Role::DeputiesConcerned,
            ),
        ) => Absentee::Leader,
        (Capacity::Member, _) => Absentee::Member,
        (Capacity::Attendee, _) => Absentee::Attendee,
    }
}

/// An absence request judged by kind `meeting_absence`: the verdict's chain is the route of the
/// leave; `status.ask` is whom to ask.
#[allow(clippy::too_many_arguments)]
pub fn absence(
    reg: &Registry,
    cal: &Calendar,
    profile_id: &str,
    t: MeetingType,
    date: Date,
    who: Absentee,
    asked: Option<Role>,
    substitute_named: bool,
    written_report: bool,
    exception: Option<&Exception>,
) -> Result<Verdict, Denied> {
    let mut case = json!({
        "kind": "meeting_absence",
        "meeting": {"type": t, "date": d(date)},
        "absentee": who,
        "asked": asked,
        "substitute_named": substitute_named,
        "written_report": written_report,
    });
    if let Some(e) = exception {
        case["exception"] = json!(e);
    }
    require(reg, cal, profile_id, &case)
}

/// The kind `meeting_quorum` case for the attendance taken: members only; video attendance counts
/// only where the profile allows it (and the head consented where required).
pub fn quorum_case(
    t: MeetingType,
    date: Date,
    invitees: &[Invitee],
    video_consented_by_head: bool,
) -> Value {
    let members = invitees.iter().filter(|i| i.capacity == Capacity::Member);
    let expected = members.clone().count();
    let present = members
        .clone()
        .filter(|i| i.presence == Presence::Present)
        .count();
    let video = members.filter(|i| i.presence == Presence::Video).count();
    json!({
        "kind": "meeting_quorum",
        "meeting": {"type": t, "date": d(date)},
        "members_expected": expected,
        "members_present": present,
        "members_by_video": video,
        "video_consented_by_head": video_consented_by_head,
    })
}

/// The quorum check; `Err(Refused)` when strictly more than half (or the profile's fraction) is
/// not present.
pub fn quorum(
    reg: &Registry,
    cal: &Calendar,
    profile_id: &str,
    t: MeetingType,
    date: Date,
    invitees: &[Invitee],
    video_consented_by_head: bool,
) -> Result<Verdict, Denied> {
    require(
        reg,
        cal,
        profile_id,
        &quorum_case(t, date, invitees, video_consented_by_head),
    )
}

// ---------------------------------------------------------------------------------------------
// The agenda pipeline

/// What the clerk records about an agenda item: the facts the gates read (CASES.md `agenda_item`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct ItemFacts {
    #[serde(default)]
    pub topics: Vec<AgendaTopic>,
    #[serde(default)]
    pub involves_other_departments: bool,
    #[serde(default)]
    pub countersigned: bool,
    /// none | resolved | documented_with_preference | unresolved
    #[serde(default)]
    pub disagreement: Option<String>,
    #[serde(default)]
    pub legality_reviewed: bool,
    #[serde(default)]
    pub fair_competition_reviewed: bool,
    #[serde(default)]
    pub affects_market_entities: Option<bool>,
    #[serde(default)]
    pub superior_consulted: Option<bool>,
    #[serde(default)]
    pub within_subordinate_authority: bool,
    #[serde(default)]
    pub filed_with_party_committee_on: Option<String>,
    #[serde(default)]
    pub raised_at_meeting: bool,
    /// A ground the profile lists for a late or ad-hoc item.
    #[serde(default)]
    pub urgent_ground: Option<UrgentGround>,
    /// An exception to a SOFT rule: reason and who decided.
    #[serde(default)]
    pub exception: Option<Exception>,
}

/// The `agenda_item` case for an item submitted on `submitted_on` to a meeting of type `t` on
/// `date`. `procedures_done` are the completed procedures of a linked major decision.
pub fn agenda_case(
    t: MeetingType,
    date: Date,
    submitted_on: Date,
    f: &ItemFacts,
    procedures_done: &[zhengwu_rules::profile::decisions::Procedure],
) -> Value {
    let topics = if f.topics.is_empty() {
        vec![AgendaTopic::General]
    } else {
        f.topics.clone()
    };
    let mut c = json!({
        "kind": "agenda_item",
        "meeting": {"type": t, "date": d(date)},
        "submitted_on": d(submitted_on.min(date)),
        "topics": topics,
        "countersigned": f.countersigned,
        "legality_reviewed": f.legality_reviewed,
        "fair_competition_reviewed": f.fair_competition_reviewed,
        "decision_procedures_done": procedures_done,
        "within_subordinate_authority": f.within_subordinate_authority,
        "involves_other_departments": f.involves_other_departments,
        "raised_at_meeting": f.raised_at_meeting,
    });
    if let Some(x) = &f.disagreement {
        c["disagreement"] = json!(x);
    }
    if let Some(x) = f.affects_market_entities {
        c["affects_market_entities"] = json!(x);
    }
    if let Some(x) = f.superior_consulted {
        c["superior_consulted"] = json!(x);
    }
    if let Some(x) = &f.filed_with_party_committee_on {
        c["filed_with_party_committee_on"] = json!(x);
    }
    if let Some(g) = f.urgent_ground {
        c["urgent_ground"] = json!(g);
    }
    if let Some(e) = &f.exception {
        c["exception"] = json!(e);
    }
    c
}

/// Who may propose an item for a meeting type (R2.18): one of `roles` must fit a proposer the profile
/// names (a department proposing is `department_head`); where the profile names none, anyone may.
pub fn may_propose(
    p: &Profile,
    cal: &Calendar,
    t: MeetingType,
    roles: &[Role],
) -> Result<(), Denied> {
    let Some(x) = p
        .meetings
        .agenda
        .proposers
        .as_ref()
        .filter(|x| x.meetings.contains(&t))
    else {
        return Ok(());
    };
    let fits = x.who.iter().any(|w| {
        w.role
            .is_some_and(|want| roles.iter().any(|r| role_fits(want, *r)))
    });
    if fits {
        return Ok(());
    }
    let ctx = Ctx {
        profile: p,
        cal,
        exception: None,
    };
    let titles = x
        .who
        .iter()
        .map(|w| w.title.as_str())
        .collect::<Vec<_>>()
        .join("、");
    Err(refuse(
        &x.matrix,
        ctx.cite_first(&x.cite),
        format!("{}的议题由{titles}提出", p.meetings.name_of(t)),
        "the item must be proposed by one of the proposers the rules name",
    ))
}

/// The steps of an item's approval chain that are taken by people of the government (not the
/// filing with the party committee, which is a dated fact of the item).
pub fn approval_steps(v: &Verdict) -> Vec<ChainStep> {
    v.chain
        .iter()
        .filter(|s| !(s.step == Step::File && s.role == Role::PartyCommittee))
        .cloned()
        .collect()
}

/// Whether one of `roles` may take `step` (the step's role or an alternative; `deputy` is met by
/// the specific deputy roles).
pub fn may_take(step: &ChainStep, roles: &[Role]) -> bool {
    std::iter::once(step.role)
        .chain(step.alternatives.iter().copied())
        .any(|want| roles.iter().any(|r| role_fits(want, *r)))
}

// ---------------------------------------------------------------------------------------------
// Minutes

/// The minutes chain of a meeting (kind `minutes_signoff`): review and sign steps in the profile's
/// order, with the finance-topic and delegated-meeting variants.
pub fn minutes_case(
    t: MeetingType,
    date: Date,
    convened_by: Role,
    delegated_by: Option<Role>,
    topics: &[MinutesTopic],
    signed_by: Option<Role>,
) -> Value {
    let topics = if topics.is_empty() {
        vec![MinutesTopic::General]
    } else {
        topics.to_vec()
    };
    let mut c = json!({
        "kind": "minutes_signoff",
        "meeting": {"type": t, "date": d(date), "convened_by": convened_by},
        "topics": topics,
    });
    if let Some(by) = delegated_by {
        c["meeting"]["delegated_by"] = json!(by);
    }
    if let Some(s) = signed_by {
        c["signed_by"] = json!(s);
    }
    c
}

/// Who a minutes step resolves to: `convener`/`delegator` become the meeting's actual roles.
pub fn resolve_role(r: Role, convened_by: Role, delegated_by: Option<Role>) -> Role {
    match r {
        Role::Convener => convened_by,
        Role::Delegator => delegated_by.unwrap_or(convened_by),
        other => other,
    }
}

// ---------------------------------------------------------------------------------------------
// After the meeting: deadlines

/// A deadline kept as start + period + citation, with the derived due date and its explanation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Term {
    pub what: String,
    pub start_on: String,
    pub period: Period,
    pub due_on: String,
    pub explain: String,
    pub citation: Citation,
}

fn term(
    ctx: &Ctx<'_>,
    what: String,
    start: Date,
    period: Period,
    cite: &zhengwu_rules::Cite,
) -> Result<Term, CheckError> {
    let due = ctx.due(start, period)?;
    let citation = ctx.cite(cite);
    Ok(Term {
        what,
        start_on: d(start),
        period,
        due_on: d(due.date),
        explain: format!("{}，依据 {}", due.explain_zh, citation.text),
        citation,
    })
}

/// The report deadline of work a meeting decision assigns (the supervision section's rule for
/// `meeting_decision` items, e.g. 聊城: within one month); `None` where the profile has none.
pub fn work_report_term(
    p: &Profile,
    cal: &Calendar,
    meeting_on: Date,
) -> Result<Option<Term>, CheckError> {
    let ctx = Ctx {
        profile: p,
        cal,
        exception: None,
    };
    let Some(rule) = p
        .supervision
        .deadlines
        .iter()
        .find(|r| r.sources.contains(&ItemSource::MeetingDecision))
    else {
        return Ok(None);
    };
    term(&ctx, rule.what.clone(), meeting_on, rule.period, &rule.cite).map(Some)
}

/// The issuing/submission deadlines of a document adopted at the meeting (泰安/张店: 5 working
/// days, major revisions 10).
pub fn document_terms(
    p: &Profile,
    cal: &Calendar,
    meeting_on: Date,
    revision: Revision,
) -> Result<Vec<Term>, CheckError> {
    let ctx = Ctx {
        profile: p,
        cal,
        exception: None,
    };
    p.meetings
        .post_meeting
        .iter()
        .filter(|r| r.revision == revision)
        .map(|r| {
            let what = format!(
                "会议通过的文件{}（{}）",
                match r.act {
                    zhengwu_rules::profile::meetings::PostMeetingAct::Submit => "报送签发",
                    _ => "印发",
                },
                r.period.describe_zh()
            );
            term(&ctx, what, meeting_on, r.period, r.cite.primary())
        })
        .collect()
}

/// Parses a YYYY-MM-DD date.
pub fn parse_date(s: &str) -> Result<Date, CheckError> {
    CaseDate::parse(s)
        .map(|c| c.0)
        .map_err(|e| CheckError::input("date", e))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    fn reg() -> Registry {
        Registry::builtin().unwrap()
    }

    fn seats() -> Vec<Seat> {
        vec![
            Seat {
                position_id: "h".into(),
                person_id: Some("p1".into()),
                role: "head".into(),
                title: "县长".into(),
            },
            Seat {
                position_id: "d1".into(),
                person_id: Some("p2".into()),
                role: "executive_deputy".into(),
                title: "常务副县长".into(),
            },
        ]
    }

    #[test]
    fn changle_has_no_head_office_meeting() {
        let cal = Calendar::official();
        let r = schedule(
            &reg(),
            &cal,
            "changle",
            MeetingType::HeadOffice,
            parse_date("2026-03-10").unwrap(),
            Role::Head,
            None,
            &seats(),
        );
        let Err(Denied::Refused(r)) = r else {
            panic!("expected a refusal")
        };
        assert!(r.violations[0].citation.text.contains("昌乐"));
    }

    #[test]
    fn exactly_half_fails_the_quorum() {
        let cal = Calendar::official();
        let s = schedule(
            &reg(),
            &cal,
            "liaocheng",
            MeetingType::Executive,
            parse_date("2026-03-10").unwrap(),
            Role::Head,
            None,
            &[
                Seat {
                    position_id: "h".into(),
                    person_id: None,
                    role: "head".into(),
                    title: "市长".into(),
                },
                Seat {
                    position_id: "d".into(),
                    person_id: None,
                    role: "deputy".into(),
                    title: "副市长".into(),
                },
                Seat {
                    position_id: "d2".into(),
                    person_id: None,
                    role: "deputy".into(),
                    title: "副市长".into(),
                },
                Seat {
                    position_id: "s".into(),
                    person_id: None,
                    role: "secretary_general".into(),
                    title: "秘书长".into(),
                },
            ],
        )
        .unwrap();
        let mut inv = s.invitees.clone();
        let members: Vec<usize> = inv
            .iter()
            .enumerate()
            .filter(|(_, i)| i.capacity == Capacity::Member)
            .map(|(n, _)| n)
            .collect();
        assert_eq!(members.len(), 4);
        inv[members[0]].presence = Presence::Present;
        inv[members[1]].presence = Presence::Present;
        let day = parse_date("2026-03-10").unwrap();
        let r = quorum(
            &reg(),
            &cal,
            "liaocheng",
            MeetingType::Executive,
            day,
            &inv,
            false,
        );
        assert!(
            matches!(r, Err(Denied::Refused(_))),
            "2 of 4 is not more than half"
        );
        inv[members[2]].presence = Presence::Present;
        let r = quorum(
            &reg(),
            &cal,
            "liaocheng",
            MeetingType::Executive,
            day,
            &inv,
            false,
        );
        assert!(r.is_ok());
    }

    #[test]
    fn liaocheng_work_report_within_one_month() {
        let cal = Calendar::official();
        let r = reg();
        let p = profile_on(&r, "liaocheng", parse_date("2026-03-10").unwrap()).unwrap();
        let t = work_report_term(p, &cal, parse_date("2026-03-10").unwrap())
            .unwrap()
            .unwrap();
        assert_eq!(t.due_on, "2026-04-10");
        assert_eq!(t.period, Period::MonthsAfter(1));
    }
}
