//! Citations: every rule in a profile carries one, and every finding the engine produces repeats it.

use serde::{Deserialize, Serialize};

/// A citation as written in a profile file: the article exactly as the seed writes it
/// (`第四十七条`, `四十九`, optionally with an item `（四）`) and a short verbatim quote.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Cite {
    pub article: String,
    pub quote: String,
}

/// A citation as it appears in a verdict: which profile, which article, the display text
/// (`聊城 第四十七条`) and the quote that holds the fact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Citation {
    pub profile: String,
    pub article: String,
    pub text: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub quote: String,
}

/// A citation of a national regulation (for rules the Work Rules leave to national law,
/// e.g. the 20-working-day disclosure reply). `profile` is `national`.
pub fn national(article: &str, text: &str, quote: &str) -> Citation {
    Citation {
        profile: "national".to_string(),
        article: article.to_string(),
        text: text.to_string(),
        quote: quote.to_string(),
    }
}
