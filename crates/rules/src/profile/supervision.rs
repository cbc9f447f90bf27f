//! Profile section `[supervision]`.

use serde::Deserialize;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Supervision {
    #[serde(default)]
    pub not_stated: Vec<super::NotStated>,
    #[serde(default)]
    pub provisions: Vec<super::Provision>,
}

impl Supervision {
    /// Semantic checks beyond the types; push (field path, message) pairs.
    pub fn validate(&self, _errors: &mut Vec<(String, String)>) {}
}
