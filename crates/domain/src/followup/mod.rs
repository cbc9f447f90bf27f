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

/// A profile's citation of its own seed (as the rules engine renders it).
pub fn cite(p: &Profile, article: &str, quote: &str) -> Citation {
    Citation {
        profile: p.id.clone(),
        article: article.to_string(),
        text: format!("{} {}", p.short_name, article),
        quote: quote.to_string(),
    }
}

fn cites(p: &Profile, c: &CiteOrMany) -> Vec<Citation> {
    let all: Vec<&zhengwu_rules::citation::Cite> = match c {
        CiteOrMany::One(c) => vec![c],
        CiteOrMany::Many(v) => v.iter().collect(),
    };
    all.iter().map(|c| cite(p, &c.article, &c.quote)).collect()
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
