//! Errors of the rule engine. Every error names what was wrong in Chinese and in English.

use zhengwu_calendar::CalError;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CheckError {
    /// The input is not a valid case: malformed JSON, unknown kind or field, wrong type, impossible date.
    /// `path` is the field path (`meeting.date`), empty for the whole document.
    #[error("输入无效{}: {message}", if path.is_empty() { String::new() } else { format!("（字段 {path}）") })]
    Input { path: String, message: String },
    #[error("未知的规则配置 \"{0}\" (unknown profile)")]
    UnknownProfile(String),
    #[error(
        "规则配置 {profile} 在 {date} 没有生效的版本 (no version of profile {profile} in force on {date})"
    )]
    NoVersionInForce { profile: String, date: String },
    #[error("{0}")]
    Calendar(#[from] CalError),
}

impl CheckError {
    pub fn input(path: impl Into<String>, message: impl Into<String>) -> CheckError {
        CheckError::Input {
            path: path.into(),
            message: message.into(),
        }
    }

    /// Exit status for the CLI: every error here is a problem with the input (2).
    pub fn exit_code(&self) -> i32 {
        2
    }
}
