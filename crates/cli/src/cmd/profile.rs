//! `zhengwu profiles` and `zhengwu profile show|diff|check|coverage`: profiles as readable tables with
//! citations, side-by-side differences, validation with file/line errors, and MATRIX coverage.

use super::{CliError, CmdResult, Lang, ProfileOpts};
use serde_json::json;
use std::path::PathBuf;
use std::process::ExitCode;
use zhengwu_rules::Registry;
use zhengwu_rules::catalog::{self, Coverage, RuleEntry};
use zhengwu_rules::registry::Loaded;

#[derive(clap::Args)]
pub struct ListArgs {
    /// 输出 JSON (print JSON)
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    profiles: ProfileOpts,
}

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    cmd: Sub,
    #[command(flatten)]
    profiles: ProfileOpts,
}

#[derive(clap::Subcommand)]
enum Sub {
    /// 以表格显示规则配置及其依据 (show a profile's rules with citations)
    Show {
        id: String,
        /// 只显示该 MATRIX 规则或路径前缀，如 R2.27 或 meetings (only this MATRIX id or path prefix)
        #[arg(long)]
        rule: Option<String>,
        /// 显示在该日期生效的版本 (the version in force on this date)
        #[arg(long, value_name = "YYYY-MM-DD")]
        on: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// 对比两个规则配置的差异 (every rule that differs between two profiles)
    Diff {
        left: String,
        right: String,
        #[arg(long)]
        json: bool,
    },
    /// 校验规则配置文件 (validate profile files; errors name file, line and field)
    Check {
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// MATRIX 规则覆盖率：已编码 / 未规定 / 缺失 (MATRIX coverage: encoded / not stated / missing)
    Coverage {
        /// 只看该规则配置 (only this profile)
        id: Option<String>,
        #[arg(long)]
        json: bool,
        /// 有缺失时以状态 1 退出 (exit 1 when any rule is missing)
        #[arg(long)]
        deny_missing: bool,
    },
}

fn fail_io(e: serde_json::Error) -> CliError {
    CliError::failure(
        format!("输出失败：{e}"),
        format!("cannot render output: {e}"),
    )
}

fn newest<'a>(reg: &'a Registry, id: &str, on: Option<&str>) -> Result<&'a Loaded, CliError> {
    let date = match on {
        Some(s) => Some(
            zhengwu_rules::CaseDate::parse(s)
                .map_err(|m| CliError::input(format!("--on：{m}"), format!("--on: {m}")))?
                .0,
        ),
        None => None,
    };
    reg.in_force(id, date).map_err(|e| {
        let ids: Vec<&str> = reg.ids().collect();
        CliError::input(
            format!("{e}；可用：{}", ids.join(", ")),
            format!("{e}; available: {}", ids.join(", ")),
        )
    })
}

fn counts(l: &Loaded) -> (usize, usize, usize) {
    let cov = catalog::coverage(&l.raw);
    let enc = cov
        .iter()
        .filter(|c| matches!(c.2, Coverage::Encoded(_)))
        .count();
    let ns = cov
        .iter()
        .filter(|c| matches!(c.2, Coverage::NotStated(_)))
        .count();
    (catalog::rules(&l.raw).0.len(), enc, ns)
}

pub fn list(a: ListArgs, _lang: Lang) -> CmdResult {
    let reg = a.profiles.registry()?;
    let mut rows = Vec::new();
    for id in reg.ids() {
        for l in reg.versions(id) {
            let (rules, enc, ns) = counts(l);
            rows.push(json!({
                "id": id, "government": l.profile.government, "government_en": l.profile.government_en,
                "effective_from": l.profile.effective_from.to_string(), "source": l.profile.source.title,
                "doc_number": l.profile.source.doc_number, "rules": rules, "matrix_encoded": enc,
                "matrix_not_stated": ns, "origin": l.origin,
            }));
        }
    }
    if a.json {
        println!("{}", serde_json::to_string_pretty(&rows).map_err(fail_io)?);
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "{:<11} {:<16} {:<11} {:>6} {:>10} {:>8}  来源 source",
        "配置 id", "政府 government", "生效 from", "规则", "已编码", "未规定"
    );
    for r in &rows {
        println!(
            "{:<11} {:<16} {:<11} {:>6} {:>10} {:>8}  {}",
            r["id"].as_str().unwrap_or(""),
            r["government"].as_str().unwrap_or(""),
            r["effective_from"].as_str().unwrap_or(""),
            r["rules"],
            r["matrix_encoded"],
            r["matrix_not_stated"],
            r["origin"].as_str().unwrap_or("")
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn cite_text(short: &str, r: &RuleEntry) -> String {
    r.cites
        .iter()
        .map(|c| format!("{short} {}「{}」", c.article, c.quote))
        .collect::<Vec<_>>()
        .join("；")
}

fn strength_zh(s: Option<&str>) -> &'static str {
    match s {
        Some("soft") => "柔性 soft",
        Some("hard") => "刚性 hard",
        _ => "—",
    }
}

pub fn run(a: Args, lang: Lang) -> CmdResult {
    match a.cmd {
        Sub::Check { files } => return check_files(&files, lang),
        Sub::Show { id, rule, on, json } => {
            let reg = a.profiles.registry()?;
            let l = newest(&reg, &id, on.as_deref())?;
            let (rules, not_stated) = catalog::rules(&l.raw);
            let titles: std::collections::BTreeMap<&str, &str> =
                zhengwu_rules::profile::load::matrix_ids()
                    .iter()
                    .map(|(a, b)| (a.as_str(), b.as_str()))
                    .collect();
            let keep = |m: Option<&str>, path: &str| match &rule {
                None => true,
                Some(f) => m == Some(f.as_str()) || path.starts_with(f.as_str()),
            };
            let short = &l.profile.short_name;
            if json {
                let v: Vec<_> = rules
                    .iter()
                    .filter(|r| keep(r.matrix.as_deref(), &r.path))
                    .map(|r| json!({"matrix": r.matrix, "path": r.path, "value": r.value, "strength": r.strength,
                        "citations": r.cites.iter().map(|c| json!({"article": c.article, "text": format!("{short} {}", c.article), "quote": c.quote})).collect::<Vec<_>>()}))
                    .collect();
                let ns: Vec<_> = not_stated
                    .iter()
                    .filter(|n| keep(Some(&n.matrix), &n.path))
                    .map(|n| json!({"matrix": n.matrix, "note": n.note}))
                    .collect();
                let out = json!({"id": l.profile.id, "government": l.profile.government,
                    "effective_from": l.profile.effective_from.to_string(), "rules": v, "not_stated": ns});
                println!("{}", serde_json::to_string_pretty(&out).map_err(fail_io)?);
                return Ok(ExitCode::SUCCESS);
            }
            println!(
                "{}（{}，{} 起施行）",
                l.profile.government, l.profile.source.title, l.profile.effective_from
            );
            let mut shown = 0;
            for r in rules.iter().filter(|r| keep(r.matrix.as_deref(), &r.path)) {
                shown += 1;
                let m = r.matrix.as_deref().unwrap_or("—");
                println!("\n{m} {}", titles.get(m).copied().unwrap_or(""));
                println!("  位置 at: {}", r.path);
                if !r.value.is_empty() {
                    println!("  内容 value: {}", r.value);
                }
                println!("  强度 strength: {}", strength_zh(r.strength.as_deref()));
                println!("  依据 citation: {}", cite_text(short, r));
            }
            let ns: Vec<_> = not_stated
                .iter()
                .filter(|n| keep(Some(&n.matrix), &n.path))
                .collect();
            if !ns.is_empty() {
                println!("\n未规定 not stated (C8):");
                for n in ns {
                    println!(
                        "  {} {} — {}",
                        n.matrix,
                        titles.get(n.matrix.as_str()).copied().unwrap_or(""),
                        n.note
                    );
                }
            }
            if shown == 0 && rule.is_some() {
                let r = rule.unwrap_or_default();
                eprintln!(
                    "{}",
                    match lang {
                        Lang::Zh => format!("（没有匹配 {r} 的已编码规则）"),
                        Lang::En => format!("(no encoded rule matches {r})"),
                    }
                );
            }
        }
        Sub::Diff { left, right, json } => {
            let reg = a.profiles.registry()?;
            let l = newest(&reg, &left, None)?;
            let r = newest(&reg, &right, None)?;
            let rows = catalog::diff(&l.raw, &r.raw);
            let side = |v: &[RuleEntry], ns: bool, short: &str| -> serde_json::Value {
                if v.is_empty() {
                    return json!(if ns { "not stated" } else { "—" });
                }
                json!(v.iter().map(|e| json!({"path": e.path, "value": e.value, "strength": e.strength, "citation": cite_text(short, e)})).collect::<Vec<_>>())
            };
            if json {
                let out: Vec<_> = rows
                    .iter()
                    .map(|d| {
                        json!({"rule": d.key, "title": d.title,
                        left.as_str(): side(&d.left, d.left_not_stated, &l.profile.short_name),
                        right.as_str(): side(&d.right, d.right_not_stated, &r.profile.short_name)})
                    })
                    .collect();
                println!("{}", serde_json::to_string_pretty(&out).map_err(fail_io)?);
                return Ok(ExitCode::SUCCESS);
            }
            println!(
                "{} ⟷ {}：{} 条规则不同 ({} rules differ)",
                l.profile.government,
                r.profile.government,
                rows.len(),
                rows.len()
            );
            for d in &rows {
                println!("\n{} {}", d.key, d.title);
                for (name, entries, ns, short) in [
                    (
                        &l.profile.short_name,
                        &d.left,
                        d.left_not_stated,
                        &l.profile.short_name,
                    ),
                    (
                        &r.profile.short_name,
                        &d.right,
                        d.right_not_stated,
                        &r.profile.short_name,
                    ),
                ] {
                    if entries.is_empty() {
                        println!("  {name}: {}", if ns { "未规定 (not stated)" } else { "—" });
                    }
                    for e in entries {
                        println!(
                            "  {name}: {} [{}] {}",
                            e.value,
                            strength_zh(e.strength.as_deref()),
                            cite_text(short, e)
                        );
                    }
                }
            }
        }
        Sub::Coverage {
            id,
            json,
            deny_missing,
        } => {
            let reg = a.profiles.registry()?;
            let ids: Vec<String> = match id {
                Some(i) => {
                    newest(&reg, &i, None)?;
                    vec![i]
                }
                None => reg.ids().map(String::from).collect(),
            };
            let mut any_missing = false;
            let mut out = Vec::new();
            for id in &ids {
                let l = newest(&reg, id, None)?;
                let cov = catalog::coverage(&l.raw);
                let enc = cov
                    .iter()
                    .filter(|c| matches!(c.2, Coverage::Encoded(_)))
                    .count();
                let ns: Vec<&str> = cov
                    .iter()
                    .filter(|c| matches!(c.2, Coverage::NotStated(_)))
                    .map(|c| c.0.as_str())
                    .collect();
                let missing: Vec<&str> = cov
                    .iter()
                    .filter(|c| c.2 == Coverage::Missing)
                    .map(|c| c.0.as_str())
                    .collect();
                any_missing |= !missing.is_empty();
                out.push(json!({"id": id, "government": l.profile.government, "total": cov.len(), "encoded": enc,
                    "not_stated": ns, "missing": missing}));
            }
            if json {
                println!("{}", serde_json::to_string_pretty(&out).map_err(fail_io)?);
            } else {
                println!(
                    "{:<11} {:>6} {:>8} {:>8} {:>6}",
                    "配置 id", "总数", "已编码", "未规定", "缺失"
                );
                for o in &out {
                    println!(
                        "{:<11} {:>6} {:>8} {:>8} {:>6}",
                        o["id"].as_str().unwrap_or(""),
                        o["total"],
                        o["encoded"],
                        o["not_stated"].as_array().map_or(0, |a| a.len()),
                        o["missing"].as_array().map_or(0, |a| a.len())
                    );
                }
                for o in &out {
                    let ns: Vec<&str> = o["not_stated"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(|v| v.as_str())
                        .collect();
                    let m: Vec<&str> = o["missing"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(|v| v.as_str())
                        .collect();
                    println!(
                        "\n{} 未规定 not stated: {}",
                        o["id"].as_str().unwrap_or(""),
                        if ns.is_empty() {
                            "—".into()
                        } else {
                            ns.join(" ")
                        }
                    );
                    if !m.is_empty() {
                        println!(
                            "{} 缺失 MISSING: {}",
                            o["id"].as_str().unwrap_or(""),
                            m.join(" ")
                        );
                    }
                }
            }
            if deny_missing && any_missing {
                return Ok(ExitCode::from(1));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn check_files(files: &[PathBuf], lang: Lang) -> CmdResult {
    let mut bad = 0;
    for f in files {
        let mut reg = Registry::empty();
        match reg.add_file(f) {
            Ok(p) => {
                let msg = match lang {
                    Lang::Zh => format!(
                        "{}：有效（{} {}，{} 起施行）",
                        f.display(),
                        p.id,
                        p.government,
                        p.effective_from
                    ),
                    Lang::En => format!(
                        "{}: valid ({} {}, effective {})",
                        f.display(),
                        p.id,
                        p.government_en,
                        p.effective_from
                    ),
                };
                println!("{msg}");
            }
            Err(e) => {
                bad += 1;
                eprintln!("{e}");
            }
        }
    }
    Ok(if bad > 0 {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}
