//! The profile model: one file per government and version (`profiles/<id>.toml`). Sections are owned
//! by the workflow areas: org, meetings, decisions (major decisions), documents, supervision,
//! discipline, events, openness, other. Every rule table carries `cite` (article + quote),
//! `matrix` (the MATRIX rule id) and, where it gates, `strength`.

pub mod decisions;
pub mod discipline;
pub mod documents;
pub mod events;
pub mod load;
pub mod meetings;
pub mod openness;
pub mod org;
pub mod other;
pub mod supervision;

use crate::citation::{Citation, Cite};
use crate::date::CaseDate;
use crate::role::Role;
use serde::Deserialize;
use std::collections::BTreeMap;

pub use load::{ProfileError, load_profile};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    City,
    County,
    District,
}

/// How the seed numbers its articles: `第四十七条` or the bare numeral `四十九`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ArticleStyle {
    DiTiao,
    Bare,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub title: String,
    #[serde(default)]
    pub doc_number: String,
    pub date: CaseDate,
    /// Number of articles in the document (for validating citations).
    pub articles: u32,
    #[serde(default)]
    pub seed: String,
}

/// A rule the seed does not state (C8): recorded so coverage is honest.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NotStated {
    pub matrix: String,
    #[serde(default)]
    pub note: String,
}

/// A provision recorded with its citation but not (yet) evaluated by any kind.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Provision {
    pub matrix: String,
    pub summary: String,
    #[serde(default)]
    pub strength: Option<crate::engine::Strength>,
    pub cite: CiteOrMany,
}

/// One citation or several (a rule held by two sentences of an article, or two articles).
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum CiteOrMany {
    One(Cite),
    Many(Vec<Cite>),
}

impl CiteOrMany {
    /// The rule's primary citation (the loader refuses empty lists, so the fallback is never cited).
    pub fn primary(&self) -> &Cite {
        static NONE: Cite = Cite::empty();
        self.first().unwrap_or(&NONE)
    }

    /// Every citation, in order.
    pub fn iter(&self) -> std::slice::Iter<'_, Cite> {
        match self {
            CiteOrMany::One(c) => std::slice::from_ref(c).iter(),
            CiteOrMany::Many(v) => v.iter(),
        }
    }

    pub fn first(&self) -> Option<&Cite> {
        match self {
            CiteOrMany::One(c) => Some(c),
            CiteOrMany::Many(v) => v.first(),
        }
    }
}

/// One version of one government's profile.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    pub id: String,
    pub government: String,
    pub government_en: String,
    pub short_name: String,
    pub level: Level,
    pub effective_from: CaseDate,
    pub superior: String,
    pub article_style: ArticleStyle,
    pub source: Source,
    /// The profile's own titles for the stable role ids.
    pub roles: BTreeMap<Role, String>,
    #[serde(default)]
    pub org: org::Org,
    #[serde(default)]
    pub meetings: meetings::Meetings,
    #[serde(default)]
    pub decisions: decisions::Decisions,
    #[serde(default)]
    pub documents: documents::Documents,
    #[serde(default)]
    pub supervision: supervision::Supervision,
    #[serde(default)]
    pub discipline: discipline::Discipline,
    #[serde(default)]
    pub events: events::Events,
    #[serde(default)]
    pub openness: openness::Openness,
    #[serde(default)]
    pub other: other::Other,
    /// The id and version text every verdict of this profile repeats, made once (see `stamp`).
    #[serde(skip)]
    stamp: std::sync::OnceLock<Stamp>,
}

/// A profile's id and version as verdicts carry them, with the date the version text was made of.
#[derive(Debug, Clone)]
struct Stamp {
    id: std::sync::Arc<str>,
    from: CaseDate,
    version: std::sync::Arc<str>,
}

impl Profile {
    /// One of this profile's citations as verdicts and records carry it: the profile, the article,
    /// `聊城 第四十七条` and the quote. Made once per rule and shared after that.
    pub fn cite(&self, c: &Cite) -> Citation {
        let short = &self.short_name;
        // The citation made of this rule before, when it is still what this profile would make (a
        // `Cite` may be cloned into another profile or version, or edited after it was cited).
        if let Some(made) = c.cited.get()
            && made.profile == self.id
            && made.article == c.article
            && made.quote == c.quote
            && made.text.len() == short.len() + 1 + c.article.len()
            && made.text.starts_with(short.as_str())
        {
            return made.clone();
        }
        let mut text = String::with_capacity(short.len() + 1 + c.article.len());
        text.push_str(short);
        text.push(' ');
        text.push_str(&c.article);
        let made = Citation::new(self.id.clone(), c.article.clone(), text, c.quote.clone());
        // The first citation made of a rule is kept (`set` fails when another thread was first).
        let _ = c.cited.set(made.clone());
        made
    }

    /// The citation of a supervision item's limit set at 立项: the profile's
    /// `supervision.assigned_deadline` article, or without one the registration itself.
    pub fn assigned_limit_citation(&self) -> Citation {
        match &self.supervision.assigned_deadline {
            Some(a) => self.cite(&a.cite),
            None => Citation::new(
                self.id.as_str(),
                "",
                "立项确定的时限 (limit set at registration)",
                "",
            ),
        }
    }

    /// The profile's id and its version (`effective_from`, `YYYY-MM-DD`) as shared strings for
    /// verdicts: made once, and remade when the profile was changed after it was first asked.
    pub fn stamp(&self) -> (std::sync::Arc<str>, std::sync::Arc<str>) {
        let make = || {
            let mut version = String::with_capacity(10);
            zhengwu_calendar::push_ymd(&mut version, self.effective_from.0);
            Stamp {
                id: self.id.as_str().into(),
                from: self.effective_from,
                version: version.into(),
            }
        };
        let s = self.stamp.get_or_init(make);
        if *s.id == *self.id && s.from == self.effective_from {
            (s.id.clone(), s.version.clone())
        } else {
            let s = make();
            (s.id, s.version)
        }
    }
}

impl Profile {
    pub fn title(&self, role: Role) -> String {
        match self.roles.get(&role) {
            Some(t) => t.clone(),
            None => role.id().to_string(),
        }
    }
}
