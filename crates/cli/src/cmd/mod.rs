//! Subcommands and what they share: the language switch and the error that reaches the user.

pub mod account;
pub mod audit;
pub mod backup;
pub mod calendar;
pub mod check;
pub mod demo;
pub mod doc;
pub mod org;
pub mod profile;
pub mod serve;
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
        CliError {
            zh: zh.into(),
            en: en.into(),
            code: 2,
        }
    }
    pub fn failure(zh: impl Into<String>, en: impl Into<String>) -> CliError {
        CliError {
            zh: zh.into(),
            en: en.into(),
            code: 1,
        }
    }
    pub fn render(&self, lang: Lang) -> String {
        match lang {
            Lang::Zh => format!("错误：{}", self.zh),
            Lang::En => format!("error: {}", self.en),
        }
    }
}

pub type CmdResult = Result<std::process::ExitCode, CliError>;

/// Where extra profiles come from: the five built-in ones are always there; a sixth government is a file.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct ProfileOpts {
    /// 额外的规则配置文件（可重复）(an extra profile file; repeatable)
    #[arg(long = "profile-file", value_name = "FILE", global = true)]
    pub profile_files: Vec<std::path::PathBuf>,
    /// 额外规则配置所在目录 (a directory of extra profile files)
    #[arg(long, value_name = "DIR", env = "ZHENGWU_PROFILES_DIR", global = true)]
    pub profiles_dir: Option<std::path::PathBuf>,
}

impl ProfileOpts {
    pub fn registry(&self) -> Result<zhengwu_rules::Registry, CliError> {
        let bad = |e: zhengwu_rules::profile::ProfileError| {
            CliError::input(
                format!("规则配置无效：\n{e}"),
                format!("invalid profile:\n{e}"),
            )
        };
        let mut reg = zhengwu_rules::Registry::builtin().map_err(bad)?;
        if let Some(dir) = &self.profiles_dir {
            reg.add_dir(dir).map_err(bad)?;
        }
        for f in &self.profile_files {
            reg.add_file(f).map_err(bad)?;
        }
        Ok(reg)
    }
}

/// The calendar: the official schedules plus any year loaded later; `--strict` refuses unannounced years.
#[derive(clap::Args, Debug, Clone)]
pub struct CalendarOpts {
    /// 严格模式：未公布节假日安排的年份不作推算 (strict: refuse years whose holiday notice is not loaded)
    #[arg(long, global = true)]
    pub strict: bool,
    /// 数据目录：离线命令另读其下 calendar/<year>.toml；服务端的年度安排在数据库中（calendar load --db）(data directory: the offline commands also read calendar/<year>.toml there; the server's years are in the database, `calendar load --db`)
    #[arg(
        long,
        value_name = "DIR",
        env = "ZHENGWU_DATA_DIR",
        default_value = "zhengwu-data",
        global = true
    )]
    pub data_dir: std::path::PathBuf,
}

impl CalendarOpts {
    pub fn calendar(&self) -> Result<zhengwu_calendar::Calendar, CliError> {
        crate::cmd::calendar::open(&self.data_dir, self.strict)
    }
}
