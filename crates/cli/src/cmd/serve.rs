//! `zhengwu serve`: the HTTP server (API, sessions, metrics) on the embedded SQLite database by
//! default, or PostgreSQL with `--db postgres://…`. Configuration: `--config FILE` (TOML), then the
//! environment (`ZHENGWU_DATABASE_URL`, `ZHENGWU_BIND`, `ZHENGWU_LOG`, …), then these flags.

use super::{CliError, CmdResult, Lang, ProfileOpts};
use std::path::PathBuf;
use std::process::ExitCode;
use zhengwu_server::{Config, Flags, LogFormat};

#[derive(clap::Args)]
pub struct Args {
    /// 数据库：SQLite 文件路径或 postgres:// 地址，默认 ./zhengwu.db (database: a SQLite file path or a postgres:// URL; default ./zhengwu.db)
    #[arg(long, value_name = "URL")]
    db: Option<String>,
    /// 监听地址，默认 127.0.0.1:8080 (listen address; default 127.0.0.1:8080)
    #[arg(long, value_name = "ADDR")]
    bind: Option<String>,
    /// 配置文件（TOML）(configuration file, TOML)
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// 日志过滤，如 info 或 zhengwu_server=debug (log filter, e.g. info or zhengwu_server=debug)
    #[arg(long, value_name = "FILTER")]
    log: Option<String>,
    /// 日志格式：text 或 json (log format: text or json)
    #[arg(long, value_name = "FORMAT", value_parser = ["text", "json"])]
    log_format: Option<String>,
    /// 位于 TLS 之后：Cookie 加 Secure 并发送 HSTS (behind TLS: Secure cookies and HSTS)
    #[arg(long, value_name = "BOOL", num_args = 0..=1, default_missing_value = "true")]
    cookie_secure: Option<bool>,
    /// 数据库为空时载入演示数据（可指定规则配置 id，默认 all）(load the demo data when the database is empty; optionally a profile id, default all)
    #[arg(long, value_name = "PROFILE", num_args = 0..=1, default_missing_value = "all")]
    demo: Option<String>,
    #[command(flatten)]
    profiles: ProfileOpts,
}

pub fn run(a: Args, lang: Lang) -> CmdResult {
    let flags = Flags {
        bind: a.bind,
        database_url: a.db,
        log: a.log,
        log_format: a.log_format.map(|f| {
            if f == "json" {
                LogFormat::Json
            } else {
                LogFormat::Text
            }
        }),
        cookie_secure: a.cookie_secure,
    };
    let config = Config::resolve(a.config.as_deref(), &|k| std::env::var(k).ok(), &flags)
        .map_err(|e| CliError::input(e.zh, e.en))?;
    let registry = a.profiles.registry()?;
    if let Some(which) = &a.demo {
        load_demo(&config.database_url, &registry, which, lang)?;
    }
    zhengwu_server::run(config, registry).map_err(|e| {
        let text = e.to_string();
        CliError::failure(text.clone(), text)
    })?;
    Ok(ExitCode::SUCCESS)
}

/// `--demo`: loads the demo data into an empty database (a database that already holds a
/// government is left alone) and prints the demo accounts.
fn load_demo(
    db: &str,
    registry: &zhengwu_rules::Registry,
    which: &str,
    lang: Lang,
) -> Result<(), CliError> {
    if which != "all" && registry.versions(which).is_empty() {
        return Err(CliError::input(
            format!("未知的规则配置 \"{which}\""),
            format!("unknown profile \"{which}\""),
        ));
    }
    super::audit::block_on(async {
        let store = zhengwu_store::Store::open(db)
            .await
            .map_err(super::audit::store_error)?;
        let res = async {
            let empty = zhengwu_server::ui::demo::is_empty(&store)
                .await
                .map_err(super::audit::store_error)?;
            if empty {
                super::demo::seed_and_print(&store, registry, which, lang).await?;
            } else {
                match lang {
                    Lang::Zh => println!("数据库中已有数据，未载入演示数据"),
                    Lang::En => println!("the database already holds data; demo not loaded"),
                }
            }
            Ok::<(), CliError>(())
        }
        .await;
        store.close().await;
        res?;
        Ok(ExitCode::SUCCESS)
    })?;
    Ok(())
}
