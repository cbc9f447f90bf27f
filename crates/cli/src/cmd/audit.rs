//! `zhengwu audit verify`: recompute the audit hash chain and name the first bad event.
//! Exit 0 when the chain verifies, 1 when it does not (or the database cannot be read).

use super::{CliError, CmdResult, Lang};
use std::process::ExitCode;
use zhengwu_store::{Store, StoreError, StoreOptions};

/// The database to use: `--db`, else ZHENGWU_DATABASE_URL, else `zhengwu.db` in the current
/// directory (a SQLite file, created when missing).
#[derive(clap::Args, Debug, Clone)]
pub struct DbOpts {
    /// 数据库：SQLite 文件路径或 postgres:// 地址 (database: a SQLite file path or a postgres:// URL)
    #[arg(
        long,
        value_name = "URL",
        env = "ZHENGWU_DATABASE_URL",
        default_value = "zhengwu.db"
    )]
    pub db: String,
}

impl DbOpts {
    /// Open (and migrate) the database.
    pub async fn open(&self) -> Result<Store, CliError> {
        Store::open(&self.db).await.map_err(store_error)
    }
    /// Open without migrating (for read-only checks of a database as it is).
    pub async fn open_as_is(&self) -> Result<Store, CliError> {
        Store::connect_with(
            &self.db,
            StoreOptions {
                migrate: false,
                ..StoreOptions::default()
            },
        )
        .await
        .map_err(store_error)
    }
}

/// A store error for the user: the store's messages are "中文 (English)"; split them.
pub fn store_error(e: StoreError) -> CliError {
    if let StoreError::Import(problems) = &e {
        let n = problems.len();
        let mut zh = format!("导入失败，共 {n} 处问题，未写入任何数据");
        let mut en = format!("import failed with {n} problem(s); nothing was written");
        for p in problems {
            zh.push_str(&format!(
                "\n  第 {} 行，{} 列：{}",
                p.line, p.column, p.message_zh
            ));
            en.push_str(&format!(
                "\n  line {}, column {}: {}",
                p.line, p.column, p.message_en
            ));
        }
        return CliError::input(zh, en);
    }
    let text = e.to_string();
    let (zh, en) = split_bilingual(&text);
    if e.is_client_error() {
        CliError::input(zh, en)
    } else {
        CliError::failure(zh, en)
    }
}

/// Split "中文 (English)" into its halves at the last top-level " (" — for multi-line messages
/// (import problems) the whole text is kept for both languages.
fn split_bilingual(text: &str) -> (String, String) {
    if text.contains('\n') {
        return (text.to_string(), text.to_string());
    }
    match (text.find(" ("), text.ends_with(')')) {
        (Some(i), true) => (
            text[..i].to_string(),
            text[i + 2..text.len() - 1].to_string(),
        ),
        _ => (text.to_string(), text.to_string()),
    }
}

/// Run an async block on a small runtime (the CLI is otherwise synchronous).
pub fn block_on<F: std::future::Future<Output = CmdResult>>(f: F) -> CmdResult {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| {
            CliError::failure(
                format!("无法启动运行时：{e}"),
                format!("cannot start the runtime: {e}"),
            )
        })?;
    rt.block_on(f)
}

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Sub,
}

#[derive(clap::Subcommand)]
enum Sub {
    /// 校验审计哈希链，指出第一条被篡改的事件 (verify the audit hash chain; name the first bad event)
    Verify {
        #[command(flatten)]
        db: DbOpts,
        /// 以 JSON 输出 (print the report as JSON)
        #[arg(long)]
        json: bool,
    },
}

pub fn run(a: Args, lang: Lang) -> CmdResult {
    match a.command {
        Sub::Verify { db, json } => block_on(async move {
            let store = db.open_as_is().await?;
            let report = store.verify_audit().await.map_err(store_error)?;
            store.close().await;
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&report).unwrap_or_default()
                );
            } else {
                match (&report.first_bad, lang) {
                    (None, Lang::Zh) => println!(
                        "审计链完整：共 {} 条事件，链头哈希 {}",
                        report.checked, report.head_hash
                    ),
                    (None, Lang::En) => {
                        println!(
                            "audit chain intact: {} events, head hash {}",
                            report.checked, report.head_hash
                        )
                    }
                    (Some(b), Lang::Zh) => {
                        println!("审计链被破坏：第一条问题事件为 {}：{}", b.seq, b.message_zh)
                    }
                    (Some(b), Lang::En) => println!(
                        "audit chain broken: first bad event is {}: {}",
                        b.seq, b.message_en
                    ),
                }
            }
            Ok(if report.ok() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::split_bilingual;

    #[test]
    fn splits_store_messages() {
        let (zh, en) = split_bilingual("对象不存在：x (not found: x)");
        assert_eq!(
            (zh.as_str(), en.as_str()),
            ("对象不存在：x", "not found: x")
        );
    }
}
