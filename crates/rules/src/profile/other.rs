//! Profile section `[other]`: other checkable rules (MATRIX §9, R9.01–R9.04: information products,
//! legal advisers, IT projects, frugality). No kind evaluates them yet: each is a cited `provision`
//! or `not_stated`.

use serde::Deserialize;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Other {
    #[serde(default)]
    pub not_stated: Vec<super::NotStated>,
    #[serde(default)]
    pub provisions: Vec<super::Provision>,
}

impl Other {
    /// Semantic checks beyond the types; push (field path, message) pairs.
    pub fn validate(&self, _errors: &mut Vec<(String, String)>) {}
}
