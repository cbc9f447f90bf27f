//! `zhengwu workdays is|add|between|before|days|months|explain|batch`: working-day arithmetic on the
//! official calendar (plus loaded years), each answer with the days it skipped and whether it is
//! provisional. Bad input prints one line and exits 2.

use super::calendar::{DataOpts, cal_error};
use super::{CliError, CmdResult, Lang};
use serde_json::{Value, json};
use std::io::{BufWriter, Read, Write};
use std::process::ExitCode;
use zhengwu_calendar::{
    Calendar, Date, Note, NoteKind, Notice, YearStatus, describe_en, describe_zh, holiday_name_en,
    parse_date,
};

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    cmd: Cmd,
    /// 输出 JSON：答案、是否暂定、说明 (print JSON: the answer, provisional, the explanation)
    #[arg(long, global = true)]
    json: bool,
    #[command(flatten)]
    data: DataOpts,
}

#[derive(clap::Subcommand)]
enum Cmd {
    #[command(flatten)]
    Query(Query),
    /// 说明计算过程：规则、跳过的假日与周末、依据的通知 (explain: the rule, the days skipped, the notices)
    Explain {
        #[command(subcommand)]
        query: Query,
    },
    /// 批量查询：标准输入每行一个制表符分隔的查询 (bulk queries from stdin, one tab-separated query a line)
    #[command(hide = true)]
    Batch,
}

#[derive(clap::Subcommand, Clone)]
enum Query {
    /// 是否工作日 (is DATE a working day?)
    Is { date: String },
    /// DATE 之后第 N 个工作日，起算日不计；N 为负则往前 (the N-th working day after DATE; N < 0: before)
    Add {
        date: String,
        #[arg(allow_hyphen_values = true)]
        n: String,
    },
    /// (FROM, TO] 内的工作日数 (working days after FROM up to and including TO)
    Between { from: String, to: String },
    /// DATE 之前第 N 个工作日（MATRIX C3）(N working days before DATE, C3)
    Before {
        date: String,
        #[arg(allow_hyphen_values = true)]
        n: String,
    },
    /// N 日期间届满日（民法典 第二百零三条顺延）(end of an N-day period, Civil Code art. 203)
    Days {
        date: String,
        #[arg(allow_hyphen_values = true)]
        n: String,
    },
    /// N 个月期间届满日（MATRIX C5，再按第二百零三条顺延）(end of an N-month period, C5 + art. 203)
    Months {
        date: String,
        #[arg(allow_hyphen_values = true)]
        n: String,
    },
}

pub fn run(a: Args, lang: Lang) -> CmdResult {
    let cal = a.data.calendar()?;
    match a.cmd {
        Cmd::Query(q) => answer(&cal, &q, a.json, false, lang),
        Cmd::Explain { query } => answer(&cal, &query, a.json, true, lang),
        Cmd::Batch => batch(&cal),
    }
}

fn date_arg(what: &str, s: &str) -> Result<Date, CliError> {
    parse_date(s.trim()).map_err(|e| {
        let (zh, en) = e.split_once(" (").map_or((e.clone(), e.clone()), |(z, e)| {
            (z.to_string(), e.trim_end_matches(')').to_string())
        });
        if what == "日期" {
            CliError::input(zh, en)
        } else {
            CliError::input(format!("{what}：{zh}"), format!("{what}: {en}"))
        }
    })
}

fn int_arg(s: &str, non_negative: bool) -> Result<i32, CliError> {
    match s.trim().parse::<i32>() {
        Ok(n) if !non_negative || n >= 0 => Ok(n),
        _ if non_negative => Err(CliError::input(
            format!("N 应为非负整数，收到 \"{s}\""),
            format!("N must be a non-negative integer, got \"{s}\""),
        )),
        _ => Err(CliError::input(
            format!("N 应为整数，收到 \"{s}\""),
            format!("N must be an integer, got \"{s}\""),
        )),
    }
}

/// An answered query with everything needed to explain it.
struct Reply {
    op: &'static str,
    inputs: Value,
    answer: Value,
    provisional: bool,
    headline_zh: String,
    headline_en: String,
    rule_zh: &'static str,
    rule_en: &'static str,
    /// The interval whose notable days explain the answer: (lo, hi].
    span: (Date, Date),
}

fn nth_en(n: i64) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

fn weekday_zh(d: Date) -> &'static str {
    ["周一", "周二", "周三", "周四", "周五", "周六", "周日"]
        [usize::try_from(d.weekday().to_monday_zero_offset()).unwrap_or(0)]
}

fn weekday_en(d: Date) -> &'static str {
    [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ][usize::try_from(d.weekday().to_monday_zero_offset()).unwrap_or(0)]
}

fn compute(cal: &Calendar, q: &Query) -> Result<Reply, CliError> {
    let (first, _) = cal.range();
    Ok(match q {
        Query::Is { date } => {
            let d = date_arg("日期", date)?;
            let a = cal.is_working_day(d).map_err(cal_error)?;
            // The note covering d (if any) says why: holiday, weekend, make-up day.
            let before = if d > first {
                d.yesterday().unwrap_or(d)
            } else {
                d
            };
            let note: Option<Note> = cal
                .notes(before, d)
                .ok()
                .and_then(|n| n.into_iter().find(|n| n.from <= d && d <= n.to));
            let (why_zh, why_en) = match &note {
                Some(n) if n.kind == NoteKind::Holiday => (
                    format!("：{}放假", n.name),
                    format!(": {} holiday", holiday_name_en(&n.name)),
                ),
                Some(n) if n.kind == NoteKind::MakeUpWorkday && !n.name.is_empty() => (
                    format!("：{}调休上班", n.name),
                    format!(": make-up working day for {}", holiday_name_en(&n.name)),
                ),
                Some(n) if n.kind == NoteKind::MakeUpWorkday => {
                    ("：调休上班".into(), ": make-up working day".into())
                }
                Some(_) => ("：周末".into(), ": weekend".into()),
                None => (String::new(), String::new()),
            };
            let (is_zh, is_en) = if a.value {
                ("是工作日", "is a working day")
            } else {
                ("不是工作日", "is not a working day")
            };
            Reply {
                op: "is_working_day",
                inputs: json!({"date": d.to_string()}),
                answer: json!(a.value),
                provisional: a.provisional,
                headline_zh: format!("{d}（{}）{is_zh}{why_zh}", weekday_zh(d)),
                headline_en: format!("{d} ({}) {is_en}{why_en}", weekday_en(d)),
                rule_zh: "工作日 = 周一至周五，除去国务院办公厅通知的放假日，加上调休上班日（MATRIX C1）",
                rule_en: "working days = Monday–Friday, minus the days off of the State Council notice, plus its make-up working days (MATRIX C1)",
                span: (before, d),
            }
        }
        Query::Add { date, n } => {
            let d = date_arg("日期", date)?;
            let n = int_arg(n, false)?;
            let a = cal.add_working_days(d, n).map_err(cal_error)?;
            let k = i64::from(n).abs();
            let (dir_zh, dir_en) = if n >= 0 {
                ("之后", "after")
            } else {
                ("之前", "before")
            };
            Reply {
                op: "add",
                inputs: json!({"date": d.to_string(), "n": n}),
                answer: json!(a.value.to_string()),
                provisional: a.provisional,
                headline_zh: format!(
                    "{d} {dir_zh}第 {k} 个工作日是 {}（{}）",
                    a.value,
                    weekday_zh(a.value)
                ),
                headline_en: format!(
                    "the {} working day {dir_en} {d} is {} ({})",
                    nth_en(k),
                    a.value,
                    weekday_en(a.value)
                ),
                rule_zh: "起算日不计，数到第 N 个工作日，该日当天办理即为按时（MATRIX C2；N 为负时同 C3）",
                rule_en: "the start day is not counted; the N-th working day is the last day, acting on it is on time (MATRIX C2; C3 when N < 0)",
                span: if a.value < d {
                    (a.value, d)
                } else {
                    (d, a.value)
                },
            }
        }
        Query::Between { from, to } => {
            let a = date_arg("起始日期", from)?;
            let b = date_arg("截止日期", to)?;
            let r = cal.working_days_between(a, b).map_err(cal_error)?;
            Reply {
                op: "between",
                inputs: json!({"date": a.to_string(), "to": b.to_string()}),
                answer: json!(r.value),
                provisional: r.provisional,
                headline_zh: format!("{a}（不含）至 {b}（含）之间有 {} 个工作日", r.value),
                headline_en: format!("{} working days after {a} up to and including {b}", r.value),
                rule_zh: "计 (起始日, 截止日] 内的工作日：起始日不计，截止日计入；截止日早于起始日时为负数",
                rule_en: "counts the working days in (from, to]: the first day not counted, the last counted; negative when to < from",
                span: if b < a { (b, a) } else { (a, b) },
            }
        }
        Query::Before { date, n } => {
            let d = date_arg("日期", date)?;
            let n = int_arg(n, true)?;
            let a = cal
                .working_days_before(d, n.unsigned_abs())
                .map_err(cal_error)?;
            Reply {
                op: "before",
                inputs: json!({"date": d.to_string(), "n": n}),
                answer: json!(a.value.to_string()),
                provisional: a.provisional,
                headline_zh: format!(
                    "{d} 之前第 {n} 个工作日是 {}（{}），当日或之前办理即为按时",
                    a.value,
                    weekday_zh(a.value)
                ),
                headline_en: format!(
                    "{n} working days before {d} is {} ({}); acting on or before it is on time",
                    a.value,
                    weekday_en(a.value)
                ),
                rule_zh: "该日本身不计，往前数 N 个工作日（MATRIX C3）",
                rule_en: "the date itself is not counted; step back N working days (MATRIX C3)",
                span: (a.value, d),
            }
        }
        Query::Days { date, n } => {
            let d = date_arg("日期", date)?;
            let n = int_arg(n, true)?;
            let a = cal.days_after(d, n.unsigned_abs()).map_err(cal_error)?;
            Reply {
                op: "days_after",
                inputs: json!({"date": d.to_string(), "n": n}),
                answer: json!(a.value.to_string()),
                provisional: a.provisional,
                headline_zh: format!(
                    "{d} 起 {n} 日期间届满于 {}（{}）",
                    a.value,
                    weekday_zh(a.value)
                ),
                headline_en: format!(
                    "a {n}-day period from {d} ends on {} ({})",
                    a.value,
                    weekday_en(a.value)
                ),
                rule_zh: "起算日不计，按日历日计算；最后一日是法定休假日的，以其后的第一个工作日为最后一日（民法典 第二百零一条、第二百零三条；MATRIX C4）",
                rule_en: "calendar days, the start day not counted; a last day that is a day off moves to the next working day (Civil Code arts. 201, 203; MATRIX C4)",
                span: (d, a.value),
            }
        }
        Query::Months { date, n } => {
            let d = date_arg("日期", date)?;
            let n = int_arg(n, true)?;
            let a = cal.months_after(d, n.unsigned_abs()).map_err(cal_error)?;
            Reply {
                op: "months_after",
                inputs: json!({"date": d.to_string(), "n": n}),
                answer: json!(a.value.to_string()),
                provisional: a.provisional,
                headline_zh: format!(
                    "{d} 起 {n} 个月期间届满于 {}（{}）",
                    a.value,
                    weekday_zh(a.value)
                ),
                headline_en: format!(
                    "a {n}-month period from {d} ends on {} ({})",
                    a.value,
                    weekday_en(a.value)
                ),
                rule_zh: "到期月的对应日（没有对应日的为月末），最后一日是法定休假日的顺延至其后第一个工作日（MATRIX C5；民法典 第二百零三条）",
                rule_en: "the same day of the month N months later (month end when absent), then moved to the next working day if a day off (MATRIX C5; Civil Code art. 203)",
                span: (d, a.value),
            }
        }
    })
}

/// The provisional years an interval touches.
fn provisional_years(cal: &Calendar, lo: Date, hi: Date) -> Vec<i16> {
    (lo.year()..=hi.year())
        .filter(|y| cal.year_status(*y) == Some(YearStatus::Provisional))
        .collect()
}

fn answer(cal: &Calendar, q: &Query, as_json: bool, explain: bool, lang: Lang) -> CmdResult {
    let r = compute(cal, q)?;
    let (lo, hi) = r.span;
    let notes = cal.notes(lo, hi).map_err(cal_error)?;
    let notes_zh = if notes.is_empty() {
        "期间无周末或节假日".to_string()
    } else {
        describe_zh(&notes)
    };
    let notes_en = if notes.is_empty() {
        "no weekend or holiday in between".to_string()
    } else {
        describe_en(&notes)
    };
    let prov_years = provisional_years(cal, lo, hi);
    let years_text = prov_years
        .iter()
        .map(|y| y.to_string())
        .collect::<Vec<_>>()
        .join("、");
    let prov_zh = format!(
        "暂定：涉及尚未载入国务院办公厅通知的年份（{years_text}），仅按法定节日推算，通知公布后可能变化"
    );
    let prov_en = format!(
        "provisional: touches a year without a loaded State Council notice ({}); statutory holidays only, may change when the notice is published",
        years_text.replace('、', ", ")
    );
    let mut explain_zh = format!("{}。{}", r.headline_zh, r.rule_zh);
    explain_zh.push_str(&format!("。{notes_zh}"));
    let mut explain_en = format!("{}. {}. {}", r.headline_en, r.rule_en, notes_en);
    if r.provisional {
        explain_zh.push_str(&format!("。{prov_zh}"));
        explain_en.push_str(&format!(". {prov_en}"));
    }
    // The notices the answer rests on.
    let sources: Vec<(i16, String)> = (lo.year()..=hi.year())
        .filter_map(|y| {
            cal.schedule(y).map(|s| {
                (
                    y,
                    s.notices()
                        .iter()
                        .map(Notice::cite)
                        .collect::<Vec<_>>()
                        .join("；"),
                )
            })
        })
        .collect();

    if as_json {
        let mut out = json!({
            "op": r.op,
            "answer": r.answer,
            "provisional": r.provisional,
            "explain": explain_zh,
            "explain_en": explain_en,
            "rule": r.rule_zh,
            "rule_en": r.rule_en,
            "notes": notes.iter().map(|n| json!({
                "from": n.from.to_string(),
                "to": n.to.to_string(),
                "kind": match n.kind { NoteKind::Weekend => "weekend", NoteKind::Holiday => "holiday", NoteKind::MakeUpWorkday => "make_up_workday" },
                "name": n.name,
                "provisional": n.provisional,
            })).collect::<Vec<_>>(),
            "provisional_years": prov_years,
            "sources": sources.iter().map(|(y, s)| json!({"year": y, "status": cal.year_status(*y).map(|s| s.as_str()), "source": s})).collect::<Vec<_>>(),
        });
        if let (Some(o), Some(i)) = (out.as_object_mut(), r.inputs.as_object()) {
            for (k, v) in i {
                o.insert(k.clone(), v.clone());
            }
        }
        println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
        return Ok(ExitCode::SUCCESS);
    }
    let (headline, rule, notes_line, prov) = match lang {
        Lang::Zh => (&r.headline_zh, r.rule_zh, &notes_zh, &prov_zh),
        Lang::En => (&r.headline_en, r.rule_en, &notes_en, &prov_en),
    };
    println!("{headline}");
    if explain {
        match lang {
            Lang::Zh => println!("规则：{rule}"),
            Lang::En => println!("rule: {rule}"),
        }
        match lang {
            Lang::Zh => println!("经过：{notes_line}"),
            Lang::En => println!("in between: {notes_line}"),
        }
        for (y, s) in &sources {
            let prov = cal.year_status(*y) == Some(YearStatus::Provisional);
            match (lang, prov) {
                (Lang::Zh, false) => println!("依据：{y} 年 {s}"),
                (Lang::Zh, true) => println!("依据：{y} 年（暂定，通知未载入）{s}"),
                (Lang::En, false) => println!("source: {y} {s}"),
                (Lang::En, true) => println!("source: {y} (provisional, no notice loaded) {s}"),
            }
        }
    } else if !notes.is_empty() && r.op != "is_working_day" {
        println!("{notes_line}");
    }
    if r.provisional {
        println!("{prov}");
    }
    Ok(ExitCode::SUCCESS)
}

/// Bulk mode for scripts and the comparison with other calendars. Each input line is tab-separated:
/// `is DATE` | `add DATE N` | `between FROM TO` | `before DATE N` | `days DATE N` | `months DATE N`.
/// Each output line is `ANSWER<TAB>P` where P is 1 when provisional; `error<TAB>message` for a bad
/// line (the run then exits 2 after answering every line).
fn batch(cal: &Calendar) -> CmdResult {
    let mut input = String::new();
    std::io::stdin().read_to_string(&mut input).map_err(|e| {
        CliError::input(
            format!("无法读取标准输入：{e}"),
            format!("cannot read standard input: {e}"),
        )
    })?;
    let stdout = std::io::stdout();
    let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
    let mut failed = false;
    let write_err = |e: std::io::Error| {
        CliError::failure(
            format!("写出失败：{e}"),
            format!("cannot write output: {e}"),
        )
    };
    for line in input.lines() {
        if line.trim().is_empty() {
            continue;
        }
        match batch_line(cal, line) {
            Ok((ans, prov)) => writeln!(out, "{ans}\t{}", u8::from(prov)).map_err(write_err)?,
            Err(e) => {
                failed = true;
                writeln!(out, "error\t{} ({})", e.zh, e.en).map_err(write_err)?;
            }
        }
    }
    out.flush().map_err(write_err)?;
    Ok(if failed {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

fn batch_line(cal: &Calendar, line: &str) -> Result<(String, bool), CliError> {
    let f: Vec<&str> = line.split('\t').map(str::trim).collect();
    let date = |i: usize| date_arg("日期", f.get(i).copied().unwrap_or(""));
    let int = |i: usize, nn: bool| int_arg(f.get(i).copied().unwrap_or(""), nn);
    let u = |n: i32| n.unsigned_abs();
    let d = |a: zhengwu_calendar::Answer<Date>| (a.value.to_string(), a.provisional);
    match f.first().copied().unwrap_or("") {
        "is" => cal
            .is_working_day(date(1)?)
            .map(|a| (u8::from(a.value).to_string(), a.provisional))
            .map_err(cal_error),
        "add" => cal
            .add_working_days(date(1)?, int(2, false)?)
            .map(d)
            .map_err(cal_error),
        "between" => cal
            .working_days_between(date(1)?, date(2)?)
            .map(|a| (a.value.to_string(), a.provisional))
            .map_err(cal_error),
        "before" => cal
            .working_days_before(date(1)?, u(int(2, true)?))
            .map(d)
            .map_err(cal_error),
        "days" => cal
            .days_after(date(1)?, u(int(2, true)?))
            .map(d)
            .map_err(cal_error),
        "months" => cal
            .months_after(date(1)?, u(int(2, true)?))
            .map(d)
            .map_err(cal_error),
        other => Err(CliError::input(
            format!("未知的查询 \"{other}\"，应为 is、add、between、before、days、months 之一"),
            format!("unknown query \"{other}\", expected is, add, between, before, days or months"),
        )),
    }
}
