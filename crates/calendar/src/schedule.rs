//! One year's official schedule (国务院办公厅关于XXXX年部分节假日安排的通知) as a TOML file, and its
//! validation. The official years are embedded; `zhengwu calendar load FILE` accepts the same format for
//! a newly announced year. Every error names the file and the line.

use crate::daynum::{day_number, weekday0};
use crate::{FIRST_YEAR, LAST_YEAR};
use jiff::civil::Date;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;
use toml::Spanned;

/// Where a year's schedule comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum YearStatus {
    /// Shipped with zhengwu (transcribed from the State Council notice).
    Official,
    /// Loaded from a file after the release (`zhengwu calendar load`).
    Loaded,
    /// No notice loaded: computed from the statutory holidays alone; every answer is provisional.
    Provisional,
}

impl YearStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            YearStatus::Official => "official",
            YearStatus::Loaded => "loaded",
            YearStatus::Provisional => "provisional",
        }
    }
    pub fn label_zh(self) -> &'static str {
        match self {
            YearStatus::Official => "正式（随程序发布）",
            YearStatus::Loaded => "正式（已载入）",
            YearStatus::Provisional => "暂定（仅按法定节日推算）",
        }
    }
}

/// A State Council notice (or, for provisional years, the statute) a schedule comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub title: String,
    /// 文号, e.g. `国办发明电〔2024〕12号`; `None` when the file does not give it.
    pub number: Option<String>,
    pub date: Option<Date>,
    pub url: Option<String>,
    pub note: Option<String>,
}

impl Notice {
    /// `标题（文号，日期）`
    pub fn cite(&self) -> String {
        let mut parts = Vec::new();
        if let Some(n) = &self.number {
            parts.push(n.clone());
        }
        if let Some(d) = self.date {
            parts.push(d.to_string());
        }
        if parts.is_empty() {
            self.title.clone()
        } else {
            format!("{}（{}）", self.title, parts.join("，"))
        }
    }
}

/// One holiday of a year: its days off (including weekend days inside the block) and its make-up
/// working days (调休上班).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holiday {
    pub name: String,
    pub off: Vec<Date>,
    pub work: Vec<Date>,
    /// Days off that are statutory 补假 (第六条) in a provisional year; empty for notices.
    pub substitute: Vec<Date>,
    pub note: Option<String>,
}

/// A year's schedule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearSchedule {
    pub(crate) year: i16,
    pub(crate) status: YearStatus,
    pub(crate) notices: Vec<Notice>,
    pub(crate) holidays: Vec<Holiday>,
    /// Where it was read from (file name), for messages.
    pub(crate) origin: String,
}

impl YearSchedule {
    pub fn year(&self) -> i16 {
        self.year
    }
    pub fn status(&self) -> YearStatus {
        self.status
    }
    pub fn notices(&self) -> &[Notice] {
        &self.notices
    }
    pub fn holidays(&self) -> &[Holiday] {
        &self.holidays
    }
    pub fn origin(&self) -> &str {
        &self.origin
    }
    /// Number of days off and of make-up working days.
    pub fn counts(&self) -> (usize, usize) {
        let off = self.holidays.iter().map(|h| h.off.len()).sum();
        let work = self.holidays.iter().map(|h| h.work.len()).sum();
        (off, work)
    }

    /// Parses and validates a schedule file. `origin` names the file in error messages. The result is
    /// marked [`YearStatus::Loaded`]; the embedded official years are re-marked by the calendar.
    pub fn parse(text: &str, origin: &str) -> Result<YearSchedule, LoadError> {
        let raw: RawFile = toml::from_str(text).map_err(|e| {
            let line = e.span().map(|s| line_of(text, s.start));
            LoadError::new(
                origin,
                line,
                format!("TOML 格式错误：{}", e.message().trim()),
                format!("invalid TOML: {}", e.message().trim()),
            )
        })?;
        let at = |offset: usize| Some(line_of(text, offset));

        let year_span = raw.year.span();
        let year = *raw.year.get_ref();
        let year = match i16::try_from(year) {
            Ok(y) if (FIRST_YEAR..=LAST_YEAR).contains(&y) => y,
            _ => {
                return Err(LoadError::new(
                    origin,
                    at(year_span.start),
                    format!("年份 {year} 超出日历支持的范围 {FIRST_YEAR}–{LAST_YEAR}"),
                    format!("year {year} is outside the supported range {FIRST_YEAR}–{LAST_YEAR}"),
                ));
            }
        };

        if raw.notice.is_empty() {
            return Err(LoadError::new(
                origin,
                Some(1),
                "缺少 [[notice]]：须写明所依据的国务院办公厅通知（title、number 文号、date）",
                "missing [[notice]]: name the State Council notice (title, number, date)",
            ));
        }
        let mut notices = Vec::new();
        for n in &raw.notice {
            let line = at(n.span().start);
            let n = n.get_ref();
            if n.title.trim().is_empty() {
                return Err(LoadError::new(
                    origin,
                    line,
                    "通知标题 title 为空",
                    "notice title is empty",
                ));
            }
            let date = match &n.date {
                Some(d) => match d.get_ref() {
                    DateItem::One(x) => Some(*x),
                    DateItem::Range(..) => {
                        return Err(LoadError::new(
                            origin,
                            at(d.span().start),
                            "通知日期应为单个日期",
                            "the notice date must be a single date",
                        ));
                    }
                },
                None => None,
            };
            notices.push(Notice {
                title: n.title.trim().to_string(),
                number: n
                    .number
                    .as_ref()
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty()),
                date,
                url: n.url.clone(),
                note: n.note.clone(),
            });
        }

        // Each date with the line that listed it, to report duplicates and conflicts by line.
        let mut seen: BTreeMap<Date, (usize, bool)> = BTreeMap::new();
        let mut holidays = Vec::new();
        for h in &raw.holiday {
            let hline = line_of(text, h.span().start);
            let hr = h.get_ref();
            let name = hr.name.get_ref().trim().to_string();
            if name.is_empty() {
                return Err(LoadError::new(
                    origin,
                    at(hr.name.span().start),
                    "假日名称 name 为空",
                    "holiday name is empty",
                ));
            }
            if hr.off.is_empty() && hr.work.is_empty() {
                return Err(LoadError::new(
                    origin,
                    Some(hline),
                    format!("假日“{name}”既没有放假日 off 也没有调休上班日 work"),
                    format!(
                        "holiday \"{name}\" lists neither days off (off) nor make-up working days (work)"
                    ),
                ));
            }
            let mut out = Holiday {
                name: name.clone(),
                off: Vec::new(),
                work: Vec::new(),
                substitute: Vec::new(),
                note: hr.note.clone(),
            };
            for (items, is_work) in [(&hr.off, false), (&hr.work, true)] {
                for item in items {
                    let line = line_of(text, item.span().start);
                    for d in item.get_ref().days(origin, line)? {
                        if d.year() != year {
                            return Err(LoadError::new(
                                origin,
                                Some(line),
                                format!("日期 {d} 不在本文件的年度 {year} 内"),
                                format!("date {d} is outside the file's year {year}"),
                            ));
                        }
                        if let Some(&(first, first_work)) = seen.get(&d) {
                            let (zh, en) = if first_work == is_work {
                                (
                                    format!("日期 {d} 重复（第 {first} 行已列出）"),
                                    format!("date {d} is listed twice (already on line {first})"),
                                )
                            } else {
                                (
                                    format!(
                                        "日期 {d} 既列为放假日又列为调休上班日（另见第 {first} 行）"
                                    ),
                                    format!(
                                        "date {d} is listed both as a day off and as a make-up working day (see also line {first})"
                                    ),
                                )
                            };
                            return Err(LoadError::new(origin, Some(line), zh, en));
                        }
                        let wd = weekday0(day_number(d));
                        if is_work && wd < 5 {
                            return Err(LoadError::new(
                                origin,
                                Some(line),
                                format!("调休上班日 {d} 是{}，应为周六或周日", weekday_zh(wd)),
                                format!(
                                    "make-up working day {d} is a {}, it must be a Saturday or Sunday",
                                    weekday_en(wd)
                                ),
                            ));
                        }
                        seen.insert(d, (line, is_work));
                        if is_work {
                            out.work.push(d)
                        } else {
                            out.off.push(d)
                        }
                    }
                }
            }
            out.off.sort();
            out.work.sort();
            holidays.push(out);
        }
        Ok(YearSchedule {
            year,
            status: YearStatus::Loaded,
            notices,
            holidays,
            origin: origin.to_string(),
        })
    }
}

/// A load error: the file, the line when known, and the message in Chinese and English.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    pub file: String,
    pub line: Option<usize>,
    pub zh: String,
    pub en: String,
}

impl LoadError {
    pub(crate) fn new(
        file: &str,
        line: Option<usize>,
        zh: impl Into<String>,
        en: impl Into<String>,
    ) -> LoadError {
        LoadError {
            file: file.to_string(),
            line,
            zh: zh.into(),
            en: en.into(),
        }
    }
    pub fn zh(&self) -> String {
        match self.line {
            Some(l) => format!("{} 第 {l} 行：{}", self.file, self.zh),
            None => format!("{}：{}", self.file, self.zh),
        }
    }
    pub fn en(&self) -> String {
        match self.line {
            Some(l) => format!("{} line {l}: {}", self.file, self.en),
            None => format!("{}: {}", self.file, self.en),
        }
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.zh(), self.en())
    }
}

impl std::error::Error for LoadError {}

/// 1-based line of a byte offset.
fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

pub(crate) fn weekday_zh(wd: u8) -> &'static str {
    ["周一", "周二", "周三", "周四", "周五", "周六", "周日"][usize::from(wd % 7)]
}

pub(crate) fn weekday_en(wd: u8) -> &'static str {
    [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ][usize::from(wd % 7)]
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    year: Spanned<i64>,
    #[serde(default)]
    notice: Vec<Spanned<RawNotice>>,
    #[serde(default)]
    holiday: Vec<Spanned<RawHoliday>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNotice {
    title: String,
    number: Option<String>,
    date: Option<Spanned<DateItem>>,
    url: Option<String>,
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHoliday {
    name: Spanned<String>,
    #[serde(default)]
    off: Vec<Spanned<DateItem>>,
    #[serde(default)]
    work: Vec<Spanned<DateItem>>,
    note: Option<String>,
}

/// A date (`2027-10-01`, TOML date or string) or an inclusive range (`"2027-10-01..2027-10-07"`).
#[derive(Debug, Clone, Copy)]
enum DateItem {
    One(Date),
    Range(Date, Date),
}

impl DateItem {
    fn days(&self, origin: &str, line: usize) -> Result<Vec<Date>, LoadError> {
        match *self {
            DateItem::One(d) => Ok(vec![d]),
            DateItem::Range(a, b) => {
                if b < a {
                    return Err(LoadError::new(
                        origin,
                        Some(line),
                        format!("日期区间 {a}..{b} 的终点早于起点"),
                        format!("date range {a}..{b} ends before it starts"),
                    ));
                }
                let mut out = Vec::new();
                let mut d = a;
                while d <= b {
                    out.push(d);
                    if out.len() > 366 {
                        break; // a range longer than a year is caught by the year check
                    }
                    match d.tomorrow() {
                        Ok(n) => d = n,
                        Err(_) => break,
                    }
                }
                Ok(out)
            }
        }
    }
}

/// Parses `YYYY-MM-DD` strictly (four-digit year) into a date, with a bilingual message.
pub fn parse_date(s: &str) -> Result<Date, String> {
    let b = s.as_bytes();
    let shape_ok = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shape_ok {
        return Err(format!(
            "应为 YYYY-MM-DD 格式的日期，收到 \"{s}\" (expected a date YYYY-MM-DD, got \"{s}\")"
        ));
    }
    let num = |r: std::ops::Range<usize>| {
        b[r].iter()
            .fold(0i32, |acc, c| acc * 10 + i32::from(c - b'0'))
    };
    let (y, m, d) = (num(0..4), num(5..7), num(8..10));
    // The four/two-digit shape bounds y, m and d, so the narrowing conversions cannot fail.
    match (i16::try_from(y), i8::try_from(m), i8::try_from(d)) {
        (Ok(y), Ok(m), Ok(d)) => {
            Date::new(y, m, d).map_err(|_| format!("日期 \"{s}\" 不存在 (no such date: {s})"))
        }
        _ => Err(format!("日期 \"{s}\" 不存在 (no such date: {s})")),
    }
}

fn parse_item(s: &str) -> Result<DateItem, String> {
    match s.split_once("..") {
        Some((a, b)) => Ok(DateItem::Range(
            parse_date(a.trim())?,
            parse_date(b.trim())?,
        )),
        None => Ok(DateItem::One(parse_date(s.trim())?)),
    }
}

impl<'de> Deserialize<'de> for DateItem {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = DateItem;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a date YYYY-MM-DD or a range \"YYYY-MM-DD..YYYY-MM-DD\"")
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<DateItem, E> {
                parse_item(s).map_err(E::custom)
            }
            // TOML dates arrive as a one-entry map holding their text form.
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<DateItem, A::Error> {
                let mut out = None;
                while let Some(k) = map.next_key::<String>()? {
                    let v: String = map.next_value()?;
                    if k == "$__toml_private_datetime" {
                        let d = parse_date(&v).map_err(|_| {
                            serde::de::Error::custom(format!("应为日期 YYYY-MM-DD（不含时间），收到 {v} (expected a date without time, got {v})"))
                        })?;
                        out = Some(DateItem::One(d));
                    }
                }
                out.ok_or_else(|| {
                    serde::de::Error::custom("应为日期 YYYY-MM-DD (expected a date YYYY-MM-DD)")
                })
            }
        }
        d.deserialize_any(V)
    }
}
