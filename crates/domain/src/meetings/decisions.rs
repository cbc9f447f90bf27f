//! Major administrative decisions (重大行政决策) as pure decisions: the statutory procedures the
//! profile lists, tracked as steps with evidence; the national minimum periods (public comment ≥ 30
//! calendar days, legality review ≥ 7 working days; 《重大行政决策程序暂行条例》 第十五条、第二十六条);
//! and the further requirements the profile states (catalogue R4.09, reporting to the People's
//! Congress / consultation with the CPPCC R4.10, risk assessment incl. 舆情 R4.06, post-implementation
//! evaluation R4.12). The agenda gate reads [`done`].

use super::{Denied, refuse};
use serde::{Deserialize, Serialize};
use zhengwu_calendar::{Calendar, Date};
use zhengwu_rules::citation::national;
use zhengwu_rules::profile::decisions::Procedure;
use zhengwu_rules::{Citation, Ctx, Profile};

/// National minimum of the public comment period, calendar days (条例 第十五条).
pub const PUBLIC_COMMENT_MIN_DAYS: i32 = 30;
/// National minimum of the legality review, working days (条例 第二十六条).
pub const LEGALITY_REVIEW_MIN_WORKING_DAYS: i32 = 7;

/// One procedure of a decision, tracked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProcedureStep {
    pub procedure: Procedure,
    pub started_on: Option<String>,
    pub completed_on: Option<String>,
    /// What proves it: document numbers, reports, the meeting id.
    #[serde(default)]
    pub evidence: Vec<String>,
    /// Why a national minimum period was shortened (条例 第十五条 因情况紧急…应当予以说明).
    #[serde(default)]
    pub shortened_reason: Option<String>,
    /// Citations that justified completing the step.
    #[serde(default)]
    pub citations: Vec<Citation>,
}

/// A requirement of the profile beyond the procedures (tracked by the office).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Requirement {
    /// `catalogue`, `report_and_consult`, `risk_assessment`, `evaluation`.
    pub key: String,
    pub summary: String,
    pub citation: Citation,
}

/// The procedures the profile lists (R4.02), each with its citation.
pub fn procedures(p: &Profile, cal: &Calendar) -> Vec<(Procedure, Citation)> {
    let ctx = Ctx {
        profile: p,
        cal,
        exception: None,
    };
    match &p.decisions.procedures {
        Some(pr) => {
            let c = ctx.cite_first(&pr.cite);
            pr.steps.iter().map(|s| (*s, c.clone())).collect()
        }
        None => Vec::new(),
    }
}

/// The further requirements the profile states, found by their matrix rule ids.
pub fn requirements(p: &Profile, cal: &Calendar) -> Vec<Requirement> {
    let ctx = Ctx {
        profile: p,
        cal,
        exception: None,
    };
    let keys = [
        ("R4.06", "risk_assessment"),
        ("R4.09", "catalogue"),
        ("R4.10", "report_and_consult"),
        ("R4.12", "evaluation"),
    ];
    p.decisions
        .provisions
        .iter()
        .filter_map(|pr| {
            let key = keys.iter().find(|(m, _)| *m == pr.matrix)?.1;
            Some(Requirement {
                key: key.to_string(),
                summary: pr.summary.clone(),
                citation: ctx.cite_first(&pr.cite),
            })
        })
        .collect()
}

fn public_comment_cite() -> Citation {
    national(
        "第十五条",
        "《重大行政决策程序暂行条例》第十五条",
        "公开征求意见的期限一般不少于30日；因情况紧急等原因需要缩短期限的，公开征求意见时应当予以说明",
    )
}

fn legality_cite() -> Citation {
    national(
        "第二十六条",
        "《重大行政决策程序暂行条例》第二十六条",
        "送请合法性审查，应当保证必要的审查时间，一般不少于7个工作日",
    )
}

/// Completing a procedure: the national minimum periods hold unless a reason for shortening is
/// recorded. Returns the citations that justified it.
pub fn complete(
    p: &Profile,
    cal: &Calendar,
    procedure: Procedure,
    started_on: Option<Date>,
    completed_on: Date,
    shortened_reason: Option<&str>,
) -> Result<Vec<Citation>, Denied> {
    let listed = procedures(p, cal);
    let mut cites: Vec<Citation> = listed
        .iter()
        .filter(|(x, _)| *x == procedure)
        .map(|(_, c)| c.clone())
        .collect();
    if let Some(s) = started_on
        && s > completed_on
    {
        return Err(Denied::Invalid(zhengwu_rules::CheckError::input(
            "started_on",
            "开始日期晚于完成日期 (started_on is after completed_on)",
        )));
    }
    let shortened = shortened_reason.is_some_and(|r| !r.trim().is_empty());
    match procedure {
        Procedure::PublicParticipation => {
            let Some(s) = started_on else {
                return Err(Denied::Invalid(zhengwu_rules::CheckError::input(
                    "started_on",
                    "公众参与须写明征求意见起始日期 (public participation needs started_on)",
                )));
            };
            let days = s
                .until(completed_on)
                .map(|sp| sp.get_days())
                .unwrap_or_default();
            let cite = public_comment_cite();
            if days < PUBLIC_COMMENT_MIN_DAYS && !shortened {
                return Err(refuse(
                    "R4.02",
                    cite,
                    format!(
                        "公开征求意见期限 {days} 日，少于 {PUBLIC_COMMENT_MIN_DAYS} 日；缩短期限须说明理由"
                    ),
                    format!(
                        "the comment period of {days} days is shorter than {PUBLIC_COMMENT_MIN_DAYS}; a shortened period needs a stated reason"
                    ),
                ));
            }
            cites.push(cite);
        }
        Procedure::LegalityReview => {
            let Some(s) = started_on else {
                return Err(Denied::Invalid(zhengwu_rules::CheckError::input(
                    "started_on",
                    "合法性审查须写明送审日期 (legality review needs started_on)",
                )));
            };
            let wd = cal
                .working_days_between(s, completed_on)
                .map(|a| a.value)
                .map_err(|e| Denied::Invalid(zhengwu_rules::CheckError::Calendar(e)))?;
            let cite = legality_cite();
            if wd < LEGALITY_REVIEW_MIN_WORKING_DAYS && !shortened {
                return Err(refuse(
                    "R4.02",
                    cite,
                    format!(
                        "合法性审查时间 {wd} 个工作日，少于 {LEGALITY_REVIEW_MIN_WORKING_DAYS} 个工作日"
                    ),
                    format!(
                        "the legality review took {wd} working days, fewer than {LEGALITY_REVIEW_MIN_WORKING_DAYS}"
                    ),
                ));
            }
            cites.push(cite);
        }
        _ => {}
    }
    Ok(cites)
}

/// The completed procedures (what the agenda gate reads as `decision_procedures_done`).
pub fn done(steps: &[ProcedureStep]) -> Vec<Procedure> {
    steps
        .iter()
        .filter(|s| s.completed_on.is_some())
        .map(|s| s.procedure)
        .collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use crate::meetings::parse_date;
    use zhengwu_rules::Registry;

    #[test]
    fn public_comment_needs_thirty_days_unless_a_reason_is_given() {
        let reg = Registry::builtin().unwrap();
        let cal = Calendar::official();
        let p = &reg.in_force("taian", None).unwrap().profile;
        let s = parse_date("2026-03-01").unwrap();
        let short = parse_date("2026-03-20").unwrap();
        let r = complete(
            p,
            &cal,
            Procedure::PublicParticipation,
            Some(s),
            short,
            None,
        );
        assert!(matches!(r, Err(Denied::Refused(_))));
        assert!(
            complete(
                p,
                &cal,
                Procedure::PublicParticipation,
                Some(s),
                short,
                Some("防汛紧急")
            )
            .is_ok()
        );
        let ok = parse_date("2026-03-31").unwrap();
        assert!(complete(p, &cal, Procedure::PublicParticipation, Some(s), ok, None).is_ok());
    }

    #[test]
    fn legality_review_needs_seven_working_days() {
        let reg = Registry::builtin().unwrap();
        let cal = Calendar::official();
        let p = &reg.in_force("taian", None).unwrap().profile;
        let s = parse_date("2026-03-02").unwrap();
        let r = complete(
            p,
            &cal,
            Procedure::LegalityReview,
            Some(s),
            parse_date("2026-03-06").unwrap(),
            None,
        );
        assert!(matches!(r, Err(Denied::Refused(_))));
        assert!(
            complete(
                p,
                &cal,
                Procedure::LegalityReview,
                Some(s),
                parse_date("2026-03-11").unwrap(),
                None
            )
            .is_ok()
        );
    }
}
