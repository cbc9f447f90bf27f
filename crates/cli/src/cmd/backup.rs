//! `zhengwu backup FILE` (online, while the server runs) and `zhengwu restore FILE`.
//! SQLite backs up to a database file (`VACUUM INTO`), or to the logical JSON Lines format when
//! FILE ends in `.jsonl`; PostgreSQL always to the logical format. Restore takes either.

use super::audit::{DbOpts, block_on, store_error};
use super::{CmdResult, Lang};
use std::path::PathBuf;
use std::process::ExitCode;
use zhengwu_store::Audit;

#[derive(clap::Args)]
pub struct BackupArgs {
    /// 备份文件（不得已存在）(the backup file; must not exist)
    #[arg(value_name = "FILE")]
    file: PathBuf,
    #[command(flatten)]
    db: DbOpts,
}

#[derive(clap::Args)]
pub struct RestoreArgs {
    /// 备份文件 (the backup file)
    #[arg(value_name = "FILE")]
    file: PathBuf,
    #[command(flatten)]
    db: DbOpts,
    /// 覆盖已有数据的数据库 (replace a database that already holds data)
    #[arg(long)]
    force: bool,
}

pub fn backup(a: BackupArgs, lang: Lang) -> CmdResult {
    block_on(async move {
        let store = a.db.open().await?;
        let r = store.backup(&a.file).await.map_err(store_error)?;
        store.close().await;
        match lang {
            Lang::Zh => println!(
                "已备份到 {}（{}，{} 字节，审计事件至第 {} 条）",
                r.path.display(),
                r.format.name(),
                r.bytes,
                r.audit_seq
            ),
            Lang::En => println!(
                "backed up to {} ({}, {} bytes, audit events up to {})",
                r.path.display(),
                r.format.name(),
                r.bytes,
                r.audit_seq
            ),
        }
        Ok(ExitCode::SUCCESS)
    })
}

pub fn restore(a: RestoreArgs, lang: Lang) -> CmdResult {
    block_on(async move {
        let store = a.db.open().await?;
        let audit = Audit::new("system:cli", "backup.restore");
        let r = store
            .restore(&audit, &a.file, a.force)
            .await
            .map_err(store_error)?;
        store.close().await;
        match lang {
            Lang::Zh => println!(
                "已从 {} 恢复 {} 行；审计链校验通过（至第 {} 条，哈希 {}）",
                a.file.display(),
                r.rows,
                r.audit_seq,
                r.audit_head_hash
            ),
            Lang::En => println!(
                "restored {} rows from {}; audit chain verified (up to event {}, hash {})",
                r.rows,
                a.file.display(),
                r.audit_seq,
                r.audit_head_hash
            ),
        }
        Ok(ExitCode::SUCCESS)
    })
}
