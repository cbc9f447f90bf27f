//! `zhengwu` — the command line over the whole system. Each subcommand lives in `cmd/<name>.rs`.
//! Errors reach the user as one clear line (Chinese, with English), never as a panic; input errors
//! exit with status 2.

mod cmd;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

// mimalloc: rule checks and requests allocate many small short-lived values (BENCHMARKS.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
    /// 审计日志：校验哈希链 (the audit log: verify the hash chain)
    Audit(cmd::audit::Args),
    /// 在线备份数据库 (back up the database while it serves)
    Backup(cmd::backup::BackupArgs),
    /// 从备份恢复数据库 (restore the database from a backup)
    Restore(cmd::backup::RestoreArgs),
    /// 组织机构：导入、导出 CSV/xlsx (the organisation: import/export CSV or xlsx)
    Org(cmd::org::Args),
    /// 账号：新建、列出、改密码 (accounts: create, list, change a password)
    Account(cmd::account::Args),
    /// 载入演示数据：演示政府、组织机构与各角色账号 (load the demo governments, organisation and accounts)
    Demo(cmd::demo::Args),
    /// 启动服务：网页界面、HTTP API、会话、指标 (start the server: web UI, HTTP API, sessions, metrics)
    Serve(cmd::serve::Args),
    /// 公文：收文登记、待办列表 (official documents: register, list the inbox)
    Doc(cmd::doc::Args),
}

fn main() -> ExitCode {
    // A defect must still reach the user as one clear line, not a stack trace.
    std::panic::set_hook(Box::new(|info| {
        let at = info
            .location()
            .map(|l| format!(" ({}:{})", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!("内部错误，请报告此问题 (internal error, please report it){at}");
    }));
    let cli = Cli::parse();
    let lang = cli.lang;
    let result = match cli.command {
        Command::Workdays(a) => cmd::workdays::run(a, lang),
        Command::Calendar(a) => cmd::calendar::run(a, lang),
        Command::Check(a) => cmd::check::run(a, lang),
        Command::Profiles(a) => cmd::profile::list(a, lang),
        Command::Profile(a) => cmd::profile::run(a, lang),
        Command::Audit(a) => cmd::audit::run(a, lang),
        Command::Backup(a) => cmd::backup::backup(a, lang),
        Command::Restore(a) => cmd::backup::restore(a, lang),
        Command::Org(a) => cmd::org::run(a, lang),
        Command::Account(a) => cmd::account::run(a, lang),
        Command::Demo(a) => cmd::demo::run(a, lang),
        Command::Serve(a) => cmd::serve::run(a, lang),
        Command::Doc(a) => cmd::doc::run(a, lang),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("{}", e.render(lang));
            ExitCode::from(e.code)
        }
    }
}
