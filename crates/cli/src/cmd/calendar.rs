//! `zhengwu calendar list|show|load|check`: the holiday schedules in use (official, loaded, provisional)
//! and the loading of a newly announced year from a file: validated, then stored in the database
//! (`--db`, the one `zhengwu serve` uses), whose running server picks it up within a minute and
//! re-projects every open deadline. The offline commands (`workdays`, `check`, `calendar list` and
//! `show`) open no database; they read the shipped years plus any `<data-dir>/calendar/<year>.toml`.

use super::{CliError, CmdResult, Lang};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use zhengwu_calendar::{
    CalError, Calendar, FIRST_YEAR, LAST_YEAR, LoadError, Notice, YearSchedule, YearStatus,
    holiday_name_en,
};

/// Where loaded years live, and strict mode. Shared by `workdays` and `calendar`.
#[derive(clap::Args, Debug, Clone)]
pub struct DataOpts {
    /// 数据目录：离线命令另读其下 calendar/<年>.toml；服务端的年度安排在数据库中（calendar load --db）(data directory: the offline commands also read calendar/<year>.toml there; the server's years are in the database, `calendar load --db`)
    #[arg(
        long,
        value_name = "DIR",
        env = "ZHENGWU_DATA_DIR",
        default_value = "zhengwu-data",
        global = true
    )]
    pub data_dir: PathBuf,
    /// 严格模式：未公布节假日安排的年份不作推算 (strict: refuse years whose holiday notice is not loaded)
    #[arg(long, global = true)]
    pub strict: bool,
}

impl DataOpts {
    pub fn calendar(&self) -> Result<Calendar, CliError> {
        open(&self.data_dir, self.strict)
    }
}

/// The official calendar plus the years loaded into `data_dir`, strict or not.
pub fn open(data_dir: &Path, strict: bool) -> Result<Calendar, CliError> {
    Calendar::from_data_dir(data_dir)
        .map(|c| c.strict(strict))
        .map_err(|e| {
            CliError::failure(
                format!("已载入的节假日安排无效：{}", e.zh()),
                format!("a loaded holiday schedule is invalid: {}", e.en()),
            )
        })
}

/// A calendar error as a user error (exit 2: the question cannot be answered as asked).
pub fn cal_error(e: CalError) -> CliError {
    match e {
        CalError::OutOfRange { date } => CliError::input(
            format!("日期 {date} 或其结果超出日历支持的范围 {FIRST_YEAR}-01-01…{LAST_YEAR}-12-31"),
            format!(
                "date {date} or its result is outside the supported range {FIRST_YEAR}-01-01…{LAST_YEAR}-12-31"
            ),
        ),
        CalError::NotAnnounced { year } => CliError::input(
            format!(
                "{year} 年节假日安排尚未载入，严格模式下不作推算（用 zhengwu calendar load 载入国务院办公厅通知）"
            ),
            format!(
                "the {year} holiday schedule is not loaded and --strict refuses to estimate it (load the notice with `zhengwu calendar load`)"
            ),
        ),
    }
}

fn load_error(e: &LoadError) -> CliError {
    CliError::input(e.zh(), e.en())
}

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    cmd: Sub,
    #[command(flatten)]
    data: DataOpts,
}

#[derive(clap::Subcommand)]
enum Sub {
    /// 列出各年度安排及其依据：正式 / 已载入 / 暂定 (list the years, their source notice and status)
    List {
        #[arg(long)]
        json: bool,
    },
    /// 显示某年的放假日与调休上班日 (show a year's days off and make-up working days)
    Show {
        year: String,
        #[arg(long)]
        json: bool,
    },
    /// 校验新公布年度的安排文件并载入数据库（zhengwu serve 所用），运行中的服务一分钟内生效并重算未办结期限 (validate a newly announced year's file and load it into the database `zhengwu serve` uses; a running server picks it up within a minute and re-projects open deadlines)
    Load {
        file: PathBuf,
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        db: super::audit::DbOpts,
    },
    /// 只校验安排文件，不载入 (validate a schedule file without loading it)
    Check { file: PathBuf },
}

pub fn run(a: Args, lang: Lang) -> CmdResult {
    match a.cmd {
        Sub::List { json } => list(&a.data, json, lang),
        Sub::Show { year, json } => show(&a.data, &year, json, lang),
        Sub::Load { file, json, db } => load(&db, &file, json, lang),
        Sub::Check { file } => {
            let s = read_schedule(&file)?;
            let (off, work) = s.counts();
            match lang {
                Lang::Zh => println!(
                    "{}：{} 年安排有效，放假日 {off} 天，调休上班日 {work} 天",
                    file.display(),
                    s.year()
                ),
                Lang::En => println!(
                    "{}: valid {} schedule, {off} days off, {work} make-up working days",
                    file.display(),
                    s.year()
                ),
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn read_schedule(file: &Path) -> Result<YearSchedule, CliError> {
    let shown = file.display().to_string();
    let text = std::fs::read_to_string(file).map_err(|e| {
        CliError::input(
            format!("无法读取文件 {shown}：{e}"),
            format!("cannot read {shown}: {e}"),
        )
    })?;
    YearSchedule::parse(&text, &shown).map_err(|e| load_error(&e))
}

fn notice_json(n: &Notice) -> Value {
    json!({
        "title": n.title,
        "number": n.number,
        "date": n.date.map(|d| d.to_string()),
        "url": n.url,
        "note": n.note,
    })
}

fn status_en(s: YearStatus) -> &'static str {
    match s {
        YearStatus::Official => "official (shipped)",
        YearStatus::Loaded => "official (loaded)",
        YearStatus::Provisional => "provisional (statutory holidays only)",
    }
}

/// Consecutive runs of provisional years, e.g. 2000–2019 and 2027–2099.
fn provisional_runs(cal: &Calendar) -> Vec<(i16, i16)> {
    let mut runs: Vec<(i16, i16)> = Vec::new();
    for y in FIRST_YEAR..=LAST_YEAR {
        if cal.year_status(y) != Some(YearStatus::Provisional) {
            continue;
        }
        match runs.last_mut() {
            Some(r) if r.1 + 1 == y => r.1 = y,
            _ => runs.push((y, y)),
        }
    }
    runs
}

fn list(data: &DataOpts, as_json: bool, lang: Lang) -> CmdResult {
    let cal = data.calendar()?;
    let runs = provisional_runs(&cal);
    if as_json {
        let years: Vec<Value> = cal
            .schedules()
            .map(|s| {
                let (off, work) = s.counts();
                json!({
                    "year": s.year(),
                    "status": s.status().as_str(),
                    "notices": s.notices().iter().map(notice_json).collect::<Vec<_>>(),
                    "days_off": off,
                    "make_up_working_days": work,
                    "file": s.origin(),
                })
            })
            .collect();
        let prov: Vec<Value> = runs
            .iter()
            .map(|(a, b)| json!({"from": a, "to": b}))
            .collect();
        let out = json!({
            "range": {"from": format!("{FIRST_YEAR}-01-01"), "to": format!("{LAST_YEAR}-12-31")},
            "years": years,
            "provisional": prov,
            "data_dir": data.data_dir.display().to_string(),
        });
        println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
        return Ok(ExitCode::SUCCESS);
    }
    // One line per official/loaded year, provisional years as ranges, all in year order.
    let mut lines: Vec<(i16, String)> = Vec::new();
    for s in cal.schedules() {
        let notices = s
            .notices()
            .iter()
            .map(Notice::cite)
            .collect::<Vec<_>>()
            .join("；");
        let status = match lang {
            Lang::Zh => s.status().label_zh(),
            Lang::En => status_en(s.status()),
        };
        let extra = if s.status() == YearStatus::Loaded {
            format!("  [{}]", s.origin())
        } else {
            String::new()
        };
        lines.push((
            s.year(),
            format!("{}  {status}  {notices}{extra}", s.year()),
        ));
    }
    for &(a, b) in &runs {
        let span = if a == b {
            a.to_string()
        } else {
            format!("{a}–{b}")
        };
        let text = match lang {
            Lang::Zh => format!(
                "{span}  {}  未载入国务院办公厅通知，仅按全国年节及纪念日放假办法推算法定节日及补假，不推测调休",
                YearStatus::Provisional.label_zh()
            ),
            Lang::En => format!(
                "{span}  {}  no State Council notice loaded; statutory holidays and 补假 only, no make-up days guessed",
                status_en(YearStatus::Provisional)
            ),
        };
        lines.push((a, text));
    }
    lines.sort_by_key(|l| l.0);
    for (_, l) in lines {
        println!("{l}");
    }
    Ok(ExitCode::SUCCESS)
}

fn parse_year(s: &str) -> Result<i16, CliError> {
    match s.trim().parse::<i16>() {
        Ok(y) if (FIRST_YEAR..=LAST_YEAR).contains(&y) => Ok(y),
        _ => Err(CliError::input(
            format!("年份应为 {FIRST_YEAR}–{LAST_YEAR} 之间的整数，收到 \"{s}\""),
            format!("the year must be an integer {FIRST_YEAR}–{LAST_YEAR}, got \"{s}\""),
        )),
    }
}

/// `2027-02-05…2027-02-08` or a single date, for a sorted list of dates, split into consecutive runs.
fn runs_text(dates: &[zhengwu_calendar::Date]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < dates.len() {
        let mut j = i;
        while j + 1 < dates.len() && dates[j].tomorrow().ok() == Some(dates[j + 1]) {
            j += 1;
        }
        parts.push(if i == j {
            dates[i].to_string()
        } else {
            format!("{}…{}", dates[i], dates[j])
        });
        i = j + 1;
    }
    parts.join(", ")
}

fn show(data: &DataOpts, year: &str, as_json: bool, lang: Lang) -> CmdResult {
    let year = parse_year(year)?;
    let cal = data.calendar()?;
    let Some(s) = cal.schedule(year) else {
        return Err(CliError::input(
            format!("年份 {year} 超出范围"),
            format!("year {year} is out of range"),
        ));
    };
    if as_json {
        let out = json!({
            "year": year,
            "status": s.status().as_str(),
            "provisional": s.status() == YearStatus::Provisional,
            "notices": s.notices().iter().map(notice_json).collect::<Vec<_>>(),
            "holidays": s.holidays().iter().map(|h| json!({
                "name": h.name,
                "off": h.off.iter().map(|d| d.to_string()).collect::<Vec<_>>(),
                "work": h.work.iter().map(|d| d.to_string()).collect::<Vec<_>>(),
                "substitute": h.substitute.iter().map(|d| d.to_string()).collect::<Vec<_>>(),
                "note": h.note,
            })).collect::<Vec<_>>(),
        });
        println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
        return Ok(ExitCode::SUCCESS);
    }
    let notices = s
        .notices()
        .iter()
        .map(Notice::cite)
        .collect::<Vec<_>>()
        .join("；");
    match lang {
        Lang::Zh => println!("{year} 年：{}；依据 {notices}", s.status().label_zh()),
        Lang::En => println!("{year}: {}; source {notices}", status_en(s.status())),
    }
    for h in s.holidays() {
        let mut line = match lang {
            Lang::Zh => format!("  {}：放假 {}", h.name, runs_text(&h.off)),
            Lang::En => format!("  {}: off {}", holiday_name_en(&h.name), runs_text(&h.off)),
        };
        if !h.substitute.is_empty() {
            match lang {
                Lang::Zh => line.push_str(&format!("（其中补假 {}）", runs_text(&h.substitute))),
                Lang::En => {
                    line.push_str(&format!(" (of which 补假 {})", runs_text(&h.substitute)))
                }
            }
        }
        if !h.work.is_empty() {
            match lang {
                Lang::Zh => line.push_str(&format!("；调休上班 {}", runs_text(&h.work))),
                Lang::En => {
                    line.push_str(&format!("; make-up working days {}", runs_text(&h.work)))
                }
            }
        }
        println!("{line}");
    }
    if s.status() == YearStatus::Provisional {
        match lang {
            Lang::Zh => println!(
                "  注意：{year} 年通知未载入，以上仅为法定节日及第六条补假，实际放假调休以国务院办公厅通知为准"
            ),
            Lang::En => println!(
                "  note: no {year} notice is loaded; these are the statutory holidays and 第六条 补假 only"
            ),
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn load(db: &super::audit::DbOpts, file: &Path, as_json: bool, lang: Lang) -> CmdResult {
    let s = read_schedule(file)?;
    let text = std::fs::read_to_string(file).map_err(|e| {
        CliError::input(
            format!("无法读取文件 {}：{e}", file.display()),
            format!("cannot read {}: {e}", file.display()),
        )
    })?;
    use super::audit::{block_on, store_error};
    block_on(async move {
        let store = db.open().await?;
        let years = store.calendar_years().await.map_err(store_error)?;
        let before = zhengwu_server::calendar::with_loaded(Calendar::official(), &years);
        let previous = before.year_status(s.year());
        let stored = store
            .put_calendar_year(
                &zhengwu_store::Audit::new("system:cli", "calendar.load"),
                i64::from(s.year()),
                &text,
            )
            .await
            .map_err(store_error)?;
        store.close().await;
        let shown = shown_db(&db.db);
        let (off, work) = s.counts();
        let notices = s
            .notices()
            .iter()
            .map(Notice::cite)
            .collect::<Vec<_>>()
            .join("；");
        if as_json {
            let out = json!({
                "year": s.year(),
                "version": stored.version,
                "db": shown,
                "previous_status": previous.map(|p| p.as_str()),
                "notices": s.notices().iter().map(notice_json).collect::<Vec<_>>(),
                "days_off": off,
                "make_up_working_days": work,
            });
            println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
            return Ok(ExitCode::SUCCESS);
        }
        let was = match (previous, lang) {
            (Some(YearStatus::Provisional), Lang::Zh) => "此前为暂定推算，今后该年答复均为正式结果",
            (Some(YearStatus::Provisional), Lang::En) => {
                "it was provisional; answers for it are now final"
            }
            (Some(YearStatus::Official), Lang::Zh) => "替换随程序发布的安排",
            (Some(YearStatus::Official), Lang::En) => "it replaces the shipped schedule",
            (_, Lang::Zh) => "替换此前载入的安排",
            (_, Lang::En) => "it replaces the previously loaded schedule",
        };
        match lang {
            Lang::Zh => println!(
                "已载入 {} 年节假日安排（{notices}）：放假日 {off} 天，调休上班日 {work} 天；{was}。数据库：{}（第 {} 版）；运行中的服务一分钟内采用并重新计算未办结期限",
                s.year(),
                shown,
                stored.version
            ),
            Lang::En => println!(
                "loaded the {} holiday schedule ({notices}): {off} days off, {work} make-up working days; {was}. Database: {} (version {}); a running server picks it up within a minute and re-projects open deadlines",
                s.year(),
                shown,
                stored.version
            ),
        }
        Ok(ExitCode::SUCCESS)
    })
}

/// The database as it may be printed: a URL's user and password left out.
fn shown_db(db: &str) -> String {
    match (db.find("://"), db.rfind('@')) {
        (Some(i), Some(j)) if j > i => format!("{}{}", &db[..i + 3], &db[j + 1..]),
        _ => db.to_string(),
    }
}
