//! `zhengwu org import FILE` / `zhengwu org export FILE`: the organisation (governments, departments,
//! people, leadership positions, portfolios 分管, substitution pairs 工作补位) as `.csv` or `.xlsx`.
//! Import is all or nothing; problems are listed with line number and column (exit 2).

use super::audit::{DbOpts, block_on, store_error};
use super::{CmdResult, Lang, ProfileOpts};
use std::path::PathBuf;
use std::process::ExitCode;
use zhengwu_store::Audit;
use zhengwu_store::org::OrgRules;

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Sub,
}

#[derive(clap::Subcommand)]
enum Sub {
    /// 导入组织机构（.csv 或 .xlsx，全部成功或全部不写入）(import the organisation; all or nothing)
    Import {
        #[arg(value_name = "FILE")]
        file: PathBuf,
        #[command(flatten)]
        db: DbOpts,
        #[command(flatten)]
        profiles: ProfileOpts,
    },
    /// 导出组织机构（.csv 或 .xlsx）(export the organisation)
    Export {
        #[arg(value_name = "FILE")]
        file: PathBuf,
        #[command(flatten)]
        db: DbOpts,
    },
}

pub fn run(a: Args, lang: Lang) -> CmdResult {
    match a.command {
        Sub::Import { file, db, profiles } => {
            // Profiles and role ids come from the rule registry, so a sixth government's profile
            // file is accepted without code changes.
            let reg = profiles.registry()?;
            let rules = OrgRules {
                profiles: Some(reg.ids().map(str::to_string).collect()),
                roles: Some(
                    zhengwu_rules::Role::ALL
                        .iter()
                        .map(|r| r.id().to_string())
                        .collect(),
                ),
            };
            block_on(async move {
                let store = db.open().await?;
                let s = store
                    .import_org_file(&Audit::new("system:cli", "org.import"), &file, &rules)
                    .await
                    .map_err(store_error)?;
                store.close().await;
                match lang {
                    Lang::Zh => println!(
                        "已导入：政府 {}，部门 {}，人员 {}，职位 {}，分管 {}，补位 {}",
                        s.governments,
                        s.departments,
                        s.people,
                        s.positions,
                        s.portfolios,
                        s.substitutions
                    ),
                    Lang::En => println!(
                        "imported: {} governments, {} departments, {} people, {} positions, {} portfolio items, {} substitution pairs",
                        s.governments,
                        s.departments,
                        s.people,
                        s.positions,
                        s.portfolios,
                        s.substitutions
                    ),
                }
                Ok(ExitCode::SUCCESS)
            })
        }
        Sub::Export { file, db } => block_on(async move {
            let store = db.open().await?;
            let org = store.export_org_file(&file).await.map_err(store_error)?;
            store.close().await;
            match lang {
                Lang::Zh => println!(
                    "已导出 {} 个政府到 {}",
                    org.governments.len(),
                    file.display()
                ),
                Lang::En => println!(
                    "exported {} governments to {}",
                    org.governments.len(),
                    file.display()
                ),
            }
            Ok(ExitCode::SUCCESS)
        }),
    }
}
