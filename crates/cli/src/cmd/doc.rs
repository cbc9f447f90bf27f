//! `zhengwu doc`: a clerk's commands for official documents.
//! - `doc register FILE.json --government G`: register a submitted document (the metadata object of
//!   `POST /api/v1/documents/incoming`), lint it with the government's profile; a refused lint is an
//!   immediate 退文 and every cited reason is printed. Exit 0 registered, 3 returned, 2 bad input.
//! - `doc list --government G [--box todo|done|cc]`: the office's inbox, newest first.

use super::audit::{DbOpts, block_on, store_error};
use super::{CalendarOpts, CliError, CmdResult, Lang, ProfileOpts};
use std::process::ExitCode;
use zhengwu_domain::documents::Env;
use zhengwu_domain::documents::incoming::{Meta, office_key};

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Sub,
}

#[derive(clap::Subcommand)]
enum Sub {
    /// 收文登记并按规则校验；不合规即退文并列明理由 (register a submitted document; lint; return it with every cited reason when refused)
    Register {
        /// 公文元数据 JSON 文件 (the document's metadata as JSON)
        file: std::path::PathBuf,
        /// 政府编号 (the government id in the organisation)
        #[arg(long)]
        government: String,
        #[command(flatten)]
        db: DbOpts,
        #[command(flatten)]
        profiles: ProfileOpts,
        #[command(flatten)]
        calendar: CalendarOpts,
        /// 以 JSON 输出 (print the stored document as JSON)
        #[arg(long)]
        json: bool,
    },
    /// 列出政府办公室的待办/已办/抄送 (list the office's inbox)
    List {
        #[arg(long)]
        government: String,
        /// todo（待办）、done（已办）或 cc（抄送）
        #[arg(long = "box", default_value = "todo")]
        inbox: String,
        #[arg(long, default_value_t = 50)]
        limit: i64,
        #[command(flatten)]
        db: DbOpts,
        #[arg(long)]
        json: bool,
    },
}

pub fn run(a: Args, lang: Lang) -> CmdResult {
    match a.command {
        Sub::Register {
            file,
            government,
            db,
            profiles,
            calendar,
            json,
        } => {
            let text = std::fs::read_to_string(&file).map_err(|e| {
                CliError::input(
                    format!("无法读取 {}：{e}", file.display()),
                    format!("cannot read {}: {e}", file.display()),
                )
            })?;
            let meta: Meta = serde_json::from_str(&text).map_err(|e| {
                CliError::input(
                    format!("{} 不是有效的公文元数据：{e}", file.display()),
                    format!("{} is not valid document metadata: {e}", file.display()),
                )
            })?;
            let registry = profiles.registry()?;
            let cal = calendar.calendar()?;
            block_on(async move {
                let store = db.open().await?;
                // The calendar the server counts on: the years loaded into this database too.
                let years = store.calendar_years().await.map_err(store_error)?;
                let cal = zhengwu_server::calendar::with_loaded(cal, &years);
                let org = store
                    .government_org(&government)
                    .await
                    .map_err(store_error)?;
                let Some(g) = org.governments.iter().find(|g| g.id == government) else {
                    return Err(CliError::input(
                        format!("组织机构中没有政府 \"{government}\""),
                        format!("no government \"{government}\" in the organisation"),
                    ));
                };
                let env = Env {
                    registry: &registry,
                    calendar: &cal,
                    profile: &g.profile_id,
                    today: zhengwu_server::time::today(&store),
                };
                let created = zhengwu_server::api::documents::register_document(
                    &store,
                    &env,
                    &government,
                    "system:cli",
                    meta,
                    Vec::new(),
                    None,
                )
                .await
                .map_err(|p| {
                    let mut zh = p.detail.clone();
                    for v in &p.violations {
                        zh.push_str(&format!("\n  {}：{}", v.citation.text, v.message));
                    }
                    CliError::input(zh.clone(), zh)
                })?;
                let d = created.value;
                store.close().await;
                if json {
                    println!("{}", serde_json::to_string_pretty(&d).unwrap_or_default());
                } else {
                    let reasons = d.data["return_reasons"]
                        .as_array()
                        .cloned()
                        .unwrap_or_default();
                    match (d.status.as_str(), lang) {
                        ("returned", Lang::Zh) => {
                            println!("已退文 {}：共 {} 项理由", d.id, reasons.len())
                        }
                        ("returned", Lang::En) => {
                            println!("returned {}: {} reason(s)", d.id, reasons.len())
                        }
                        (_, Lang::Zh) => println!("已登记 {}（{}）", d.id, d.title),
                        (_, Lang::En) => println!("registered {} ({})", d.id, d.title),
                    }
                    for r in &reasons {
                        let msg = if lang == Lang::Zh {
                            &r["message"]
                        } else {
                            &r["message_en"]
                        };
                        println!(
                            "  {}：{}",
                            r["citation"]["text"].as_str().unwrap_or(""),
                            msg.as_str().unwrap_or("")
                        );
                    }
                    for w in d.data["lint"]["text_warnings"]
                        .as_array()
                        .into_iter()
                        .flatten()
                    {
                        println!("  ⚠ {}", w["message"].as_str().unwrap_or(""));
                    }
                }
                Ok(if d.status == "returned" {
                    ExitCode::from(3)
                } else {
                    ExitCode::SUCCESS
                })
            })
        }
        Sub::List {
            government,
            inbox,
            limit,
            db,
            json,
        } => block_on(async move {
            if !["todo", "done", "cc"].contains(&inbox.as_str()) {
                return Err(CliError::input(
                    "--box 须为 todo、done 或 cc",
                    "--box must be todo, done or cc",
                ));
            }
            let store = db.open().await?;
            let items = store
                .document_inbox(&office_key(&government), &inbox, None, limit.clamp(1, 500))
                .await
                .map_err(store_error)?;
            store.close().await;
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&items).unwrap_or_default()
                );
            } else {
                for i in &items {
                    println!(
                        "{}  {}  {:<10}  {}  {}",
                        zhengwu_server::time::minute_of(&i.at),
                        i.doc_id,
                        i.status,
                        i.doc_number.as_deref().unwrap_or("-"),
                        i.title
                    );
                }
                if items.is_empty() {
                    println!(
                        "{}",
                        if lang == Lang::Zh {
                            "（空）"
                        } else {
                            "(empty)"
                        }
                    );
                }
            }
            Ok(ExitCode::SUCCESS)
        }),
    }
}
