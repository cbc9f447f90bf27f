//! The follow-up areas of issue #7 as pure decisions:
//! - [`events`]: invitations of leaders to events (邀请领导出席活动) and hosting forums, exhibitions
//!   and festivals in the government's name, judged by the rules kinds `invitation` and
//!   `event_hosting` exactly as `zhengwu check` judges them;
//! - [`publication`]: the proactive disclosure register (主动公开), each entry against the
//!   20-working-day limit of 政府信息公开条例 第二十六条;
//! - [`proposals`]: NPC deputies' suggestions (人大代表建议) and CPPCC proposals (政协提案): lead and
//!   co-units, the reply deadline in months from 交办 with the source of the limit, contact with
//!   the deputy, satisfaction, the public results list;
//! - [`hotline`]: 12345 tickets: routing by category, the reply limit, callback (回访), monthly
//!   statistics per unit.
//!
//! Where a government's seed states nothing, the rule stays unset and [`Unset`] says so; nothing
//! is borrowed from another government.

pub mod events;
pub mod hotline;
pub mod proposals;
pub mod publication;

use serde::Serialize;
use zhengwu_rules::Citation;
use zhengwu_rules::profile::CiteOrMany;
use zhengwu_rules::profile::Profile;

/// A rule the seed does not state: which matrix row, and the profile's note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unset {
    pub matrix: String,
    /// Chinese, with English in brackets.
    pub note: String,
}

/// What the seed says on a matrix row: the provisions with their citations, or the profile's
/// "not stated" note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SeedSays {
    pub matrix: String,
    pub provisions: Vec<ProvisionView>,
    pub not_stated: Option<Unset>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProvisionView {
    pub summary: String,
    pub citations: Vec<Citation>,
}

fn cites(p: &Profile, c: &CiteOrMany) -> Vec<Citation> {
    let all: Vec<&zhengwu_rules::citation::Cite> = match c {
        CiteOrMany::One(c) => vec![c],
        CiteOrMany::Many(v) => v.iter().collect(),
    };
    all.iter().map(|c| p.cite(c)).collect()
}

/// The `[openness]` provisions and not-stated notes of a matrix row.
pub fn openness_seed(p: &Profile, matrix: &str) -> SeedSays {
    let o = &p.openness;
    SeedSays {
        matrix: matrix.to_string(),
        provisions: o
            .provisions
            .iter()
            .filter(|x| x.matrix == matrix)
            .map(|x| ProvisionView {
                summary: x.summary.clone(),
                citations: cites(p, &x.cite),
            })
            .collect(),
        not_stated: o
            .not_stated
            .iter()
            .find(|n| n.matrix == matrix)
            .map(|n| Unset {
                matrix: n.matrix.clone(),
                note: n.note.clone(),
            }),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use zhengwu_calendar::{Calendar, parse_date};
    use zhengwu_rules::Registry;

    fn d(s: &str) -> zhengwu_calendar::Date {
        parse_date(s).unwrap()
    }

    #[test]
    fn suggestion_limits_carry_their_source_and_proposals_stay_unset() {
        let reg = Registry::builtin().unwrap();
        let p = &reg
            .in_force("liaocheng", Some(d("2026-03-02")))
            .unwrap()
            .profile;
        let l = proposals::limit(p, proposals::Kind::Suggestion, false);
        assert_eq!(l.source, "national");
        assert_eq!(l.period, Some(zhengwu_rules::Period::MonthsAfter(3)));
        assert!(l.citation.unwrap().text.contains("代表法"));
        let c = proposals::limit(p, proposals::Kind::Suggestion, true);
        assert_eq!(c.period, Some(zhengwu_rules::Period::MonthsAfter(6)));
        let u = proposals::limit(p, proposals::Kind::Proposal, false);
        assert_eq!(u.source, "unset");
        assert!(u.period.is_none() && u.unset.is_some());
    }

    #[test]
    fn publication_due_twenty_working_days_after_issue_across_a_holiday() {
        let cal = Calendar::official();
        // Issued Thursday 2026-09-24: the National Day holiday (10-01..10-07) is skipped.
        let e = publication::Entry {
            document_id: "x".into(),
            title: "t".into(),
            doc_number: None,
            formed_on: d("2026-09-24"),
            published_on: None,
            channels: vec![],
            required_channels: vec![],
            channel_rule: None,
            changes: vec![],
        };
        let s = publication::assess(&cal, &e, d("2026-09-25")).unwrap();
        assert_eq!(s.status, "pending");
        assert!(s.due_on > d("2026-10-22"), "{}", s.due_on);
        let late = publication::Entry {
            published_on: Some(cal.add_working_days(s.due_on, 2).unwrap().value),
            ..e
        };
        let s2 = publication::assess(&cal, &late, d("2026-12-01")).unwrap();
        assert_eq!((s2.status, s2.working_days_late), ("late", 2));
    }

    #[test]
    fn publication_channels_and_changes() {
        let cal = Calendar::official();
        let mut e = publication::Entry {
            document_id: "x".into(),
            title: "t".into(),
            doc_number: None,
            formed_on: d("2026-03-02"),
            published_on: None,
            channels: vec![],
            required_channels: vec!["《济宁市人民政府公报》".into(), "市政府门户网站".into()],
            channel_rule: None,
            changes: vec![],
        };
        assert_eq!(e.channels_missing().len(), 2);
        assert!(
            e.record_publication(d("2026-03-01"), &["市政府门户网站".into()])
                .is_err()
        );
        e.record_publication(d("2026-03-05"), &["市政府门户网站".into()])
            .unwrap();
        // The gazette later, typed without the title marks: the first date stands.
        e.record_publication(d("2026-03-20"), &["济宁市人民政府公报".into()])
            .unwrap();
        assert_eq!(e.published_on, Some(d("2026-03-05")));
        assert!(e.channels_missing().is_empty());
        assert!(
            e.record_publication(d("2026-03-21"), &["市政府门户网站".into()])
                .is_err()
        );
        let s = publication::assess(&cal, &e, d("2026-04-30")).unwrap();
        assert_eq!((s.status, s.basis), ("on_time", "formed"));

        // A change restarts the limit from its own day, and owes every channel again.
        assert!(e.record_change(d("2026-03-01"), "修订").is_err());
        assert!(e.record_change(d("2026-06-01"), " ").is_err());
        e.record_change(d("2026-06-01"), "有效期延长").unwrap();
        let s = publication::assess(&cal, &e, d("2026-06-02")).unwrap();
        assert_eq!(
            (s.status, s.basis, s.basis_on),
            ("pending", "changed", d("2026-06-01"))
        );
        assert_eq!(s.channels_missing.len(), 2);
        let s = publication::assess(&cal, &e, d("2026-08-03")).unwrap();
        assert_eq!(s.status, "overdue");
        assert!(s.explain.contains("信息变更"), "{}", s.explain);
        e.record_publication(d("2026-06-03"), &["《济宁市人民政府公报》".into()])
            .unwrap();
        let s = publication::assess(&cal, &e, d("2026-08-03")).unwrap();
        assert_eq!(s.status, "on_time");
        assert_eq!(s.channels_missing, vec!["市政府门户网站".to_string()]);
        // The first publication is kept as it was.
        assert_eq!(e.published_on, Some(d("2026-03-05")));
    }

    #[test]
    fn hotline_statistics_per_unit() {
        let cal = Calendar::official();
        let t = |unit: &str, replied: Option<&str>, cb: Option<&str>| hotline::Ticket {
            number: "1".into(),
            received_on: d("2026-03-02"),
            caller: "c".into(),
            phone: String::new(),
            category: "x".into(),
            content: "y".into(),
            unit_id: unit.into(),
            replied_on: replied.map(d),
            reply: String::new(),
            callback: cb.map(|s| hotline::Callback {
                on: d("2026-03-20"),
                satisfaction: s.into(),
                note: String::new(),
            }),
            reply_working_days: Some(5),
            basis: "cfg".into(),
        };
        let all = [
            t("a", Some("2026-03-05"), Some("satisfied")),
            t("a", Some("2026-03-12"), Some("dissatisfied")),
            t("b", None, None),
        ];
        let m = hotline::monthly(&cal, &all, d("2026-03-31")).unwrap();
        let a = m.iter().find(|u| u.unit_id == "a").unwrap();
        assert_eq!((a.received, a.replied_on_time, a.replied_late), (2, 1, 1));
        assert_eq!(a.satisfaction_rate, Some(0.5));
        let b = m.iter().find(|u| u.unit_id == "b").unwrap();
        assert_eq!((b.open, b.overdue), (1, 1));
    }
}
