//! Subcommands and what they share: the language switch and the error that reaches the user.

pub mod calendar;
pub mod check;
pub mod profile;
pub mod workdays;

/// Language of messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Lang {
    Zh,
    En,
}

/// An error for the user: one line in each language and the exit status (2 = bad input, 1 = failure).
#[derive(Debug)]
pub struct CliError {
    pub zh: String,
    pub en: String,
    pub code: u8,
}

impl CliError {
    pub fn input(zh: impl Into<String>, en: impl Into<String>) -> CliError {
        CliError { zh: zh.into(), en: en.into(), code: 2 }
    }
    pub fn failure(zh: impl Into<String>, en: impl Into<String>) -> CliError {
        CliError { zh: zh.into(), en: en.into(), code: 1 }
    }
    pub fn render(&self, lang: Lang) -> String {
        match lang {
            Lang::Zh => format!("错误：{}", self.zh),
            Lang::En => format!("error: {}", self.en),
        }
    }
}

pub type CmdResult = Result<std::process::ExitCode, CliError>;
