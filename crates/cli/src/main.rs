//! `zhengwu` — the command line over the whole system. Each subcommand lives in `cmd/<name>.rs`.
//! Errors reach the user as one clear line (Chinese, with English), never as a panic; input errors
//! exit with status 2.

mod cmd;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "zhengwu",
    version,
    about = "政务：按本级政府工作规则运行政府日常工作 (zhengwu: runs a local government exactly as its Work Rules prescribe)",
    long_about = None
)]
struct Cli {
    /// 界面语言：zh（默认）或 en (language of messages: zh or en)
    #[arg(long, global = true, env = "ZHENGWU_LANG", default_value = "zh")]
    lang: cmd::Lang,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// 工作日计算 (working-day arithmetic)
    Workdays(cmd::workdays::Args),
    /// 节假日安排：查看与载入新年度安排 (holiday schedules: list and load a newly announced year)
    Calendar(cmd::calendar::Args),
    /// 规则问答：按规则配置评估案例 (evaluate a rule question against a profile)
    Check(cmd::check::Args),
    /// 列出规则配置 (list the profiles)
    Profiles(cmd::profile::ListArgs),
    /// 规则配置：查看、对比、校验、覆盖率 (a profile: show, diff, check, coverage)
    Profile(cmd::profile::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let lang = cli.lang;
    let result = match cli.command {
        Command::Workdays(a) => cmd::workdays::run(a, lang),
        Command::Calendar(a) => cmd::calendar::run(a, lang),
        Command::Check(a) => cmd::check::run(a, lang),
        Command::Profiles(a) => cmd::profile::list(a, lang),
        Command::Profile(a) => cmd::profile::run(a, lang),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("{}", e.render(lang));
            ExitCode::from(e.code)
        }
    }
}
