//! Profile section `[openness]`: openness and outside supervision (MATRIX §8, R8.01–R8.12). Read by
//! the kind `disclosure_request` (and `supervision_item` for deputies' suggestions).
//!
//! The Work Rules defer the time limits of 依申请公开 to the national 政府信息公开条例. The profile
//! still carries the numbers, each with a `national` citation marker (regulation, article, quote), so
//! that a government with a stricter local limit writes its own number with a local `cite` instead.
//! A limit has exactly one of `national` / `cite`.
//!
//! ```toml
//! [openness.disclosure]
//! matrix = "R8.01"
//! cite = { article = "第三十条", quote = "做好政府信息主动公开和依申请公开等工作" }   # the seed's clause
//! due_soon_working_days = 3              # PROJECT SETTING: "due soon" window of an open request
//! reply = { working_days = 20, national = { regulation = "政府信息公开条例", article = "第三十三条", quote = "…" } }
//! extension = { working_days = 20, national = { … } }
//! correction_notice = { working_days = 7, national = { … } }     # 补正 notice, from receipt
//! correction_restarts = { national = { … } }   # the reply period runs from the corrected application
//! third_party = { working_days = 15, national = { … } }          # the third party's time to answer
//! consultation_excluded = { national = { … } } # consultation time is not counted (stop-the-clock)
//!
//! [openness.npc_suggestions]             # deputies' suggestions: 3 months from 交办 (代表法)
//! matrix = "R8.08"
//! reply = { period = { months_after = 3 }, national = { … } }
//! complex_reply = { period = { months_after = 6 }, national = { … } }
//! ```

use crate::citation::{Citation, Cite};
use crate::engine::{Ctx, Period};
use serde::Deserialize;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Openness {
    #[serde(default)]
    pub disclosure: Option<Disclosure>,
    #[serde(default)]
    pub npc_suggestions: Option<NpcSuggestions>,
    #[serde(default)]
    pub not_stated: Vec<super::NotStated>,
    #[serde(default)]
    pub provisions: Vec<super::Provision>,
}

/// A citation of a national regulation inside a profile (not checked against the seed).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NationalCite {
    pub regulation: String,
    pub article: String,
    pub quote: String,
    /// The verdict citation, made once (it does not depend on the profile).
    #[serde(skip)]
    cited: std::sync::OnceLock<Citation>,
}

impl PartialEq for NationalCite {
    fn eq(&self, other: &Self) -> bool {
        (&self.regulation, &self.article, &self.quote)
            == (&other.regulation, &other.article, &other.quote)
    }
}
impl Eq for NationalCite {}

impl NationalCite {
    /// The verdict citation: `national`, the article, `条例 第二十四条`, the quote.
    pub fn citation(&self) -> Citation {
        self.cited
            .get_or_init(|| {
                crate::citation::national(
                    &self.article,
                    &format!("{} {}", self.regulation, self.article),
                    &self.quote,
                )
            })
            .clone()
    }
}

/// Where a number comes from: national law or a local article.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Basis {
    #[serde(default)]
    pub national: Option<NationalCite>,
    #[serde(default)]
    pub cite: Option<Cite>,
}

/// The citation of a basis: the local article where there is one, else the national one.
fn basis_citation(cite: Option<&Cite>, national: Option<&NationalCite>, ctx: &Ctx<'_>) -> Citation {
    match (cite, national) {
        (Some(c), _) => ctx.cite(c),
        (None, Some(n)) => n.citation(),
        // validate() rejects a basis with neither; keep a readable citation anyway.
        (None, None) => crate::citation::national("", "未注明依据 (no basis given)", ""),
    }
}

impl Basis {
    /// The citation for a verdict.
    pub fn citation(&self, ctx: &Ctx<'_>) -> Citation {
        basis_citation(self.cite.as_ref(), self.national.as_ref(), ctx)
    }
    fn check(&self, at: &str, errors: &mut Vec<(String, String)>) {
        if self.national.is_some() == self.cite.is_some() {
            errors.push((
                at.to_string(),
                "须且只能给出 national（国家法规）或 cite（本地条文）之一 (exactly one of national / cite)".into(),
            ));
        }
    }
}

/// A limit in working days, with its basis.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WorkingDayLimit {
    pub working_days: u32,
    #[serde(default)]
    pub national: Option<NationalCite>,
    #[serde(default)]
    pub cite: Option<Cite>,
}

impl WorkingDayLimit {
    /// The citation of the limit's basis, made from the profile's own citations (so it is shared).
    pub fn citation(&self, ctx: &Ctx<'_>) -> Citation {
        basis_citation(self.cite.as_ref(), self.national.as_ref(), ctx)
    }

    pub fn basis(&self) -> Basis {
        Basis {
            national: self.national.clone(),
            cite: self.cite.clone(),
        }
    }
}

/// A limit as a period, with its basis.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PeriodLimit {
    pub period: Period,
    #[serde(default)]
    pub national: Option<NationalCite>,
    #[serde(default)]
    pub cite: Option<Cite>,
}

impl PeriodLimit {
    /// The citation of the limit's basis, made from the profile's own citations (so it is shared).
    pub fn citation(&self, ctx: &Ctx<'_>) -> Citation {
        basis_citation(self.cite.as_ref(), self.national.as_ref(), ctx)
    }

    pub fn basis(&self) -> Basis {
        Basis {
            national: self.national.clone(),
            cite: self.cite.clone(),
        }
    }
}

/// 依申请公开: the time limits that apply to this government.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Disclosure {
    pub matrix: String,
    #[serde(default)]
    pub summary: String,
    /// The seed's own clause on disclosure (which defers the procedure to national law).
    pub cite: Cite,
    /// PROJECT SETTING (not in any seed): the "due soon" window in working days.
    #[serde(default)]
    pub due_soon_working_days: Option<u32>,
    pub reply: WorkingDayLimit,
    #[serde(default)]
    pub extension: Option<WorkingDayLimit>,
    #[serde(default)]
    pub correction_notice: Option<WorkingDayLimit>,
    #[serde(default)]
    pub correction_restarts: Option<Basis>,
    #[serde(default)]
    pub third_party: Option<WorkingDayLimit>,
    #[serde(default)]
    pub consultation_excluded: Option<Basis>,
}

/// Deputies' suggestions (代表建议): reply limits counted from 交办.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NpcSuggestions {
    pub matrix: String,
    pub reply: PeriodLimit,
    #[serde(default)]
    pub complex_reply: Option<PeriodLimit>,
}

impl Openness {
    /// Semantic checks beyond the types; push (field path, message) pairs.
    pub fn validate(&self, errors: &mut Vec<(String, String)>) {
        if let Some(d) = &self.disclosure {
            d.reply.basis().check("openness.disclosure.reply", errors);
            if d.reply.working_days == 0 {
                errors.push((
                    "openness.disclosure.reply.working_days".into(),
                    "答复期限应大于 0 (must be > 0)".into(),
                ));
            }
            for (name, l) in [
                ("extension", &d.extension),
                ("correction_notice", &d.correction_notice),
                ("third_party", &d.third_party),
            ] {
                if let Some(l) = l {
                    l.basis()
                        .check(&format!("openness.disclosure.{name}"), errors);
                }
            }
            for (name, b) in [
                ("correction_restarts", &d.correction_restarts),
                ("consultation_excluded", &d.consultation_excluded),
            ] {
                if let Some(b) = b {
                    b.check(&format!("openness.disclosure.{name}"), errors);
                }
            }
        }
        if let Some(n) = &self.npc_suggestions {
            n.reply
                .basis()
                .check("openness.npc_suggestions.reply", errors);
            if let Some(c) = &n.complex_reply {
                c.basis()
                    .check("openness.npc_suggestions.complex_reply", errors);
            }
        }
    }
}
