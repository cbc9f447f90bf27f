//! `zhengwu demo [--profile liaocheng|…|all] [--db URL]`: loads the demo government(s) — the
//! organisation with the profile's titles, portfolios, substitutes, and an account for every role —
//! and prints the accounts with their demo password. Idempotent: running it twice changes nothing.

use super::audit::{DbOpts, block_on, store_error};
use super::{CliError, CmdResult, Lang, ProfileOpts};
use std::process::ExitCode;
use zhengwu_server::ui::demo::{self, DemoError, DemoReport};
use zhengwu_store::Store;

#[derive(clap::Args)]
pub struct Args {
    /// 规则配置 id，或 all（全部）(the profile id, or all)
    #[arg(long, value_name = "PROFILE", default_value = "all")]
    profile: String,
    #[command(flatten)]
    db: DbOpts,
    #[command(flatten)]
    profiles: ProfileOpts,
}

pub fn demo_error(e: DemoError) -> CliError {
    match e {
        DemoError::Store(s) => store_error(s),
        other => {
            let t = other.to_string();
            CliError::input(t.clone(), t)
        }
    }
}

/// Seeds and prints what was done (shared with `serve --demo`).
pub async fn seed_and_print(
    store: &Store,
    registry: &zhengwu_rules::Registry,
    which: &str,
    lang: Lang,
) -> Result<Vec<DemoReport>, CliError> {
    let reports = demo::seed_profiles(store, registry, which)
        .await
        .map_err(demo_error)?;
    for r in &reports {
        let line = match (lang, r.created_org) {
            (Lang::Zh, true) => format!(
                "已载入 {}（{}）：组织机构与 {} 个新账号",
                r.government, r.government_id, r.created_accounts
            ),
            (Lang::Zh, false) => format!(
                "{}（{}）已存在，未改动组织机构；新建账号 {} 个",
                r.government, r.government_id, r.created_accounts
            ),
            (Lang::En, true) => format!(
                "loaded {} ({}): organisation and {} new accounts",
                r.government, r.government_id, r.created_accounts
            ),
            (Lang::En, false) => format!(
                "{} ({}) already present, organisation unchanged; {} new accounts",
                r.government, r.government_id, r.created_accounts
            ),
        };
        println!("{line}");
    }
    print!("{}", demo::accounts_table(&reports));
    Ok(reports)
}

pub fn run(a: Args, lang: Lang) -> CmdResult {
    let registry = a.profiles.registry()?;
    if a.profile != "all" && registry.versions(&a.profile).is_empty() {
        return Err(CliError::input(
            format!("未知的规则配置 \"{}\"", a.profile),
            format!("unknown profile \"{}\"", a.profile),
        ));
    }
    block_on(async move {
        let store = a.db.open().await?;
        let res = seed_and_print(&store, &registry, &a.profile, lang).await;
        store.close().await;
        res?;
        Ok(ExitCode::SUCCESS)
    })
}
