//! `zhengwu check`: one case → one verdict (JSON), or `--batch` JSON Lines in → JSON Lines out, in order.
//! Exit 0 when every case was evaluated (whatever the outcome); 2 for invalid input.

use super::{CliError, CmdResult, Lang, ProfileOpts};
use std::io::{BufRead, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use zhengwu_rules::{CheckError, check_json, write_verdict};

#[derive(clap::Args)]
pub struct Args {
    /// 规则配置，如 liaocheng (the profile, e.g. liaocheng; optional when each case names it)
    #[arg(long)]
    profile: Option<String>,
    /// 按行批量评估 JSON Lines 文件（- 表示标准输入）(evaluate JSON Lines, one case a line; - = stdin)
    #[arg(long, value_name = "FILE")]
    batch: Option<PathBuf>,
    /// 案例文件（- 表示标准输入）(the case file; - = stdin)
    #[arg(
        value_name = "CASE.json",
        required_unless_present = "batch",
        conflicts_with = "batch"
    )]
    case: Option<PathBuf>,
    /// 缩进输出 (pretty-print the verdict)
    #[arg(long)]
    pretty: bool,
    #[command(flatten)]
    profiles: ProfileOpts,
    #[command(flatten)]
    calendar: super::CalendarOpts,
}

fn read_input(path: &PathBuf) -> Result<String, CliError> {
    let mut s = String::new();
    let res = if path.as_os_str() == "-" {
        std::io::stdin().read_to_string(&mut s).map(|_| ())
    } else {
        std::fs::File::open(path)
            .and_then(|mut f| f.read_to_string(&mut s))
            .map(|_| ())
    };
    res.map_err(|e| {
        CliError::input(
            format!("无法读取 {}：{e}", path.display()),
            format!("cannot read {}: {e}", path.display()),
        )
    })?;
    Ok(s)
}

/// The message for an invalid case, naming the field path.
pub fn describe(e: &CheckError, lang: Lang) -> (String, String) {
    let path = match e {
        CheckError::Input { path, .. } => path.clone(),
        _ => String::new(),
    };
    let msg = match (e, lang) {
        (CheckError::Input { message, .. }, _) => message.clone(),
        (other, _) => other.to_string(),
    };
    (path, msg)
}

fn error_line(e: &CheckError, lang: Lang) -> (String, String) {
    let (path, msg) = describe(e, lang);
    let at_zh = if path.is_empty() {
        String::new()
    } else {
        format!("字段 {path}：")
    };
    let at_en = if path.is_empty() {
        String::new()
    } else {
        format!("field {path}: ")
    };
    (
        format!("案例无效：{at_zh}{msg}"),
        format!("invalid case: {at_en}{msg}"),
    )
}

pub fn run(a: Args, lang: Lang) -> CmdResult {
    let reg = a.profiles.registry()?;
    let cal = a.calendar.calendar()?;
    let profile = a.profile.as_deref();
    if let Some(p) = profile
        && reg.versions(p).is_empty()
    {
        let ids: Vec<&str> = reg.ids().collect();
        return Err(CliError::input(
            format!("未知的规则配置 \"{p}\"，可用：{}", ids.join(", ")),
            format!("unknown profile \"{p}\"; available: {}", ids.join(", ")),
        ));
    }
    if let Some(batch) = &a.batch {
        return run_batch(&reg, &cal, batch, profile, lang);
    }
    let Some(path) = &a.case else {
        return Err(CliError::input("缺少案例文件", "missing case file"));
    };
    let text = read_input(path)?;
    match check_json(&reg, &cal, &text, profile) {
        Ok(v) => {
            let out = if a.pretty {
                serde_json::to_string_pretty(&v)
            } else {
                serde_json::to_string(&v)
            };
            let out = out.map_err(|e| {
                CliError::failure(
                    format!("输出失败：{e}"),
                    format!("cannot render verdict: {e}"),
                )
            })?;
            println!("{out}");
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            let (zh, en) = error_line(&e, lang);
            Err(CliError::input(zh, en))
        }
    }
}

fn run_batch(
    reg: &zhengwu_rules::Registry,
    cal: &zhengwu_calendar::Calendar,
    path: &PathBuf,
    profile: Option<&str>,
    lang: Lang,
) -> CmdResult {
    let input: Box<dyn BufRead> = if path.as_os_str() == "-" {
        Box::new(std::io::BufReader::with_capacity(1 << 16, std::io::stdin()))
    } else {
        let f = std::fs::File::open(path).map_err(|e| {
            CliError::input(
                format!("无法读取 {}：{e}", path.display()),
                format!("cannot read {}: {e}", path.display()),
            )
        })?;
        Box::new(std::io::BufReader::with_capacity(1 << 16, f))
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let io_err = |e: std::io::Error| {
        CliError::failure(
            format!("输出失败：{e}"),
            format!("cannot write output: {e}"),
        )
    };
    let mut invalid = 0usize;
    // One line buffer and one output buffer for the whole run: each verdict is written straight into
    // `buf` (the same bytes serde_json would write) after the ones before it, and `buf` goes to stdout
    // whenever it holds 64 KiB (no second copy through a BufWriter).
    const FLUSH_AT: usize = 1 << 16;
    let mut input = input;
    let mut line = String::with_capacity(4096);
    let mut buf: Vec<u8> = Vec::with_capacity(FLUSH_AT + 8192);
    let mut n = 0usize;
    loop {
        line.clear();
        let read = input.read_line(&mut line).map_err(|e| {
            CliError::input(
                format!("第 {} 行无法读取：{e}", n + 1),
                format!("line {}: cannot read: {e}", n + 1),
            )
        })?;
        if read == 0 {
            break;
        }
        n += 1;
        // As `BufRead::lines`: without the trailing "\n" or "\r\n".
        let text = match line.strip_suffix('\n') {
            Some(t) => t.strip_suffix('\r').unwrap_or(t),
            None => &line,
        };
        if text.trim().is_empty() {
            continue;
        }
        match check_json(reg, cal, text, profile) {
            Ok(v) => write_verdict(&v, &mut buf),
            Err(e) => {
                invalid += 1;
                let (path, message) = describe(&e, lang);
                let obj =
                    serde_json::json!({"line": n, "error": {"path": path, "message": message}});
                serde_json::to_writer(&mut buf, &obj).map_err(|e| io_err(e.into()))?;
                let (zh, en) = error_line(&e, lang);
                let msg = match lang {
                    Lang::Zh => format!("第 {n} 行：{zh}"),
                    Lang::En => format!("line {n}: {en}"),
                };
                eprintln!("{msg}");
            }
        }
        buf.push(b'\n');
        if buf.len() >= FLUSH_AT {
            out.write_all(&buf).map_err(io_err)?;
            buf.clear();
        }
    }
    out.write_all(&buf).map_err(io_err)?;
    out.flush().map_err(io_err)?;
    Ok(if invalid > 0 {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}
