//! `zhengwu account create|list|passwd`: accounts over the store's accounts API (argon2id hashes;
//! every change is audited as `system:cli`). The password is read from `--password`, or from the
//! environment variable `ZHENGWU_PASSWORD`, or from the first line of standard input.

use super::audit::{DbOpts, block_on, store_error};
use super::{CliError, CmdResult, Lang};
use std::io::BufRead;
use std::process::ExitCode;
use zhengwu_store::{AccountPatch, Audit, NewAccount};

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Sub,
}

#[derive(clap::Subcommand)]
enum Sub {
    /// 新建账号 (create an account)
    Create {
        /// 用户名 (user name)
        #[arg(value_name = "USERNAME")]
        username: String,
        /// 姓名 (display name)
        #[arg(long, value_name = "NAME")]
        name: String,
        /// 角色 id，可重复，如 office、head、department_head (a role id; repeatable)
        #[arg(long = "role", value_name = "ROLE")]
        roles: Vec<String>,
        /// 所属政府 id (the government id)
        #[arg(long, value_name = "ID")]
        government: Option<String>,
        /// 所属部门 id (the department id)
        #[arg(long, value_name = "ID")]
        department: Option<String>,
        /// 对应人员 id (the person id in the organisation)
        #[arg(long, value_name = "ID")]
        person: Option<String>,
        #[command(flatten)]
        password: PasswordOpt,
        #[command(flatten)]
        db: DbOpts,
    },
    /// 列出账号 (list the accounts)
    List {
        /// 输出 JSON (print JSON)
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        db: DbOpts,
    },
    /// 修改密码 (change a password)
    Passwd {
        #[arg(value_name = "USERNAME")]
        username: String,
        #[command(flatten)]
        password: PasswordOpt,
        #[command(flatten)]
        db: DbOpts,
    },
}

#[derive(clap::Args)]
struct PasswordOpt {
    /// 密码（不给则读 ZHENGWU_PASSWORD 或标准输入第一行）(the password; else ZHENGWU_PASSWORD or the first line of stdin)
    #[arg(
        long,
        value_name = "PASSWORD",
        env = "ZHENGWU_PASSWORD",
        hide_env_values = true
    )]
    password: Option<String>,
}

impl PasswordOpt {
    fn get(self) -> Result<String, CliError> {
        if let Some(p) = self.password {
            return Ok(p);
        }
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line).map_err(|e| {
            CliError::input(
                format!("无法读取密码：{e}"),
                format!("cannot read the password: {e}"),
            )
        })?;
        let p = line.trim_end_matches(['\r', '\n']).to_string();
        if p.is_empty() {
            return Err(CliError::input(
                "未提供密码（--password、ZHENGWU_PASSWORD 或标准输入）",
                "no password given (--password, ZHENGWU_PASSWORD or standard input)",
            ));
        }
        Ok(p)
    }
}

pub fn run(a: Args, lang: Lang) -> CmdResult {
    match a.command {
        Sub::Create {
            username,
            name,
            roles,
            government,
            department,
            person,
            password,
            db,
        } => {
            for r in &roles {
                if zhengwu_rules::Role::from_id(r).is_none() {
                    return Err(CliError::input(
                        format!("未知的角色 \"{r}\"（见 CASES.md 的角色 id）"),
                        format!("unknown role \"{r}\" (see the role ids of CASES.md)"),
                    ));
                }
            }
            let password = password.get()?;
            block_on(async move {
                let store = db.open().await?;
                let res = store
                    .create_account(
                        &Audit::new("system:cli", "account.create"),
                        NewAccount {
                            username,
                            display_name: name,
                            password,
                            roles,
                            government_id: government,
                            department_id: department,
                            person_id: person,
                        },
                    )
                    .await;
                store.close().await;
                let acc = res.map_err(store_error)?;
                match lang {
                    Lang::Zh => println!("已创建账号 {}（id {}）", acc.username, acc.id),
                    Lang::En => println!("created account {} (id {})", acc.username, acc.id),
                }
                Ok(ExitCode::SUCCESS)
            })
        }
        Sub::List { json, db } => block_on(async move {
            let store = db.open().await?;
            let res = store.list_accounts().await;
            store.close().await;
            let accounts = res.map_err(store_error)?;
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&accounts).unwrap_or_default()
                );
            } else {
                for a in &accounts {
                    println!(
                        "{:<28} {:<10} {:<40} {}{}",
                        a.username,
                        a.display_name,
                        a.roles.join(","),
                        a.government_id.as_deref().unwrap_or("-"),
                        if a.disabled {
                            match lang {
                                Lang::Zh => " （已停用）",
                                Lang::En => " (disabled)",
                            }
                        } else {
                            ""
                        }
                    );
                }
            }
            Ok(ExitCode::SUCCESS)
        }),
        Sub::Passwd {
            username,
            password,
            db,
        } => {
            let password = password.get()?;
            block_on(async move {
                let store = db.open().await?;
                let res = async {
                    let acc = store
                        .account_by_username(&username)
                        .await
                        .map_err(store_error)?
                        .ok_or_else(|| {
                            CliError::input(
                                format!("没有账号 \"{username}\""),
                                format!("no account \"{username}\""),
                            )
                        })?;
                    store
                        .update_account(
                            &Audit::new("system:cli", "account.passwd"),
                            &acc.id,
                            acc.version,
                            AccountPatch {
                                password: Some(password),
                                ..AccountPatch::default()
                            },
                        )
                        .await
                        .map_err(store_error)
                }
                .await;
                store.close().await;
                res?;
                match lang {
                    Lang::Zh => println!("已修改 {username} 的密码"),
                    Lang::En => println!("changed the password of {username}"),
                }
                Ok(ExitCode::SUCCESS)
            })
        }
    }
}
