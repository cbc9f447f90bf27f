//! Citations: every rule in a profile carries one, and every finding the engine produces repeats it.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::sync::{Arc, OnceLock};

/// A citation as written in a profile file: the article exactly as the seed writes it
/// (`第四十七条`, `四十九`, optionally with an item `（四）`) and a short verbatim quote.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Cite {
    pub article: String,
    pub quote: String,
    /// The verdict citation last made of this one (see `Ctx::cite`): a rule is cited in many verdicts,
    /// and sharing one `Citation` spares the copies of its texts.
    #[serde(skip)]
    pub(crate) cited: OnceLock<Citation>,
}

impl Cite {
    /// No article, no quote.
    pub const fn empty() -> Cite {
        Cite {
            article: String::new(),
            quote: String::new(),
            cited: OnceLock::new(),
        }
    }

    pub fn new(article: impl Into<String>, quote: impl Into<String>) -> Cite {
        Cite {
            article: article.into(),
            quote: quote.into(),
            cited: OnceLock::new(),
        }
    }
}

/// Equal when the article and the quote are (the shared verdict citation is a cache).
impl PartialEq for Cite {
    fn eq(&self, other: &Self) -> bool {
        self.article == other.article && self.quote == other.quote
    }
}
impl Eq for Cite {}

/// A citation as it appears in a verdict: which profile, which article, the display text
/// (`聊城 第四十七条`) and the quote that holds the fact. Cheap to clone (the texts are shared),
/// read through its fields (`c.text`); made with [`Citation::new`].
#[derive(Clone)]
pub struct Citation(Arc<Shared>);

/// The texts of a [`Citation`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CitationText {
    pub profile: String,
    pub article: String,
    pub text: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub quote: String,
}

struct Shared {
    texts: CitationText,
    /// The citation's JSON, written once and copied into every verdict that cites it.
    json: OnceLock<Box<str>>,
    /// The same with the keys in sorted order, as inside a status map.
    json_sorted: OnceLock<Box<str>>,
}

impl Citation {
    pub fn new(
        profile: impl Into<String>,
        article: impl Into<String>,
        text: impl Into<String>,
        quote: impl Into<String>,
    ) -> Citation {
        Citation::from(CitationText {
            profile: profile.into(),
            article: article.into(),
            text: text.into(),
            quote: quote.into(),
        })
    }

    /// The citation as compact JSON (what `serde_json::to_string` writes), kept after the first call.
    pub fn json(&self) -> &str {
        self.0.json.get_or_init(|| self.render(false))
    }

    /// [`Citation::json`] with the keys in sorted order (`article`, `profile`, `quote`, `text`): the
    /// text serde_json writes for the citation inside a map, as in a verdict's `status`.
    pub fn json_sorted(&self) -> &str {
        self.0.json_sorted.get_or_init(|| self.render(true))
    }

    fn render(&self, keys_sorted: bool) -> Box<str> {
        let c = &self.0.texts;
        let mut out = Vec::with_capacity(
            64 + c.profile.len() + c.article.len() + c.text.len() + c.quote.len(),
        );
        crate::json_out::citation_object(&mut out, c, keys_sorted);
        // The writer emits UTF-8 (it copies `str`s and ASCII); the fallback is never taken.
        String::from_utf8(out)
            .unwrap_or_else(|_| serde_json::to_string(c).unwrap_or_default())
            .into_boxed_str()
    }
}

impl From<CitationText> for Citation {
    fn from(texts: CitationText) -> Citation {
        Citation(Arc::new(Shared {
            texts,
            json: OnceLock::new(),
            json_sorted: OnceLock::new(),
        }))
    }
}

impl std::ops::Deref for Citation {
    type Target = CitationText;
    fn deref(&self) -> &CitationText {
        &self.0.texts
    }
}

impl PartialEq for Citation {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0) || self.0.texts == other.0.texts
    }
}
impl Eq for Citation {}

impl std::fmt::Debug for Citation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.texts.fmt(f)
    }
}

impl Serialize for Citation {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.texts.serialize(s)
    }
}

impl<'de> Deserialize<'de> for Citation {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        CitationText::deserialize(d).map(Citation::from)
    }
}

/// A citation of a national regulation (for rules the Work Rules leave to national law,
/// e.g. the 20-working-day disclosure reply). `profile` is `national`.
pub fn national(article: &str, text: &str, quote: &str) -> Citation {
    Citation::new("national", article, text, quote)
}
