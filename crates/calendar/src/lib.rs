//! API CONTRACT (pinned by the rule engine; the calendar helper implements the bodies).
//! Working days: Mon–Fri minus official days off plus make-up working days (DESIGN.md §3, MATRIX C1–C5).
//!
//! The calendar covers [`FIRST_YEAR`]-01-01 … [`LAST_YEAR`]-12-31. The official schedules 2020–2026 are
//! embedded (`data/<year>.toml`); a newly announced year is loaded from a file of the same format
//! ([`YearSchedule::parse`], [`Calendar::with_year`], [`Calendar::with_loaded_dir`]). Any other year is
//! answered *provisionally* from the statutory holidays alone (`data/statutory.toml`, lunar dates
//! computed), and every answer touching it says so; [`Calendar::strict`] refuses instead.
//!
//! Every query is O(1): at construction the whole range is laid out as a per-day table of cumulative
//! working-day counts and the index of the k-th working day; dates become day numbers arithmetically.
//! Counting conventions (MATRIX C2–C5, 民法典 第二百零一条至第二百零三条) are documented in docs/calendar.md.

mod daynum;
mod describe;
mod schedule;
mod statutory;

pub use describe::{describe_en, describe_zh, holiday_name_en, write_en, write_zh};
pub use jiff::civil::Date;
pub use schedule::{Holiday, LoadError, Notice, YearSchedule, YearStatus, parse_date};

use daynum::{day_number, weekday0};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Arc, OnceLock};

/// The ten ASCII bytes `YYYY-MM-DD` of a date in years 0…9999 (the text of its `Display`); `const`
/// so that [`DATE_TEXT`] is built from it at compile time.
const fn ymd_digits(y: u16, m: u8, d: u8) -> [u8; 10] {
    const fn digit(v: u16) -> u8 {
        b'0' + (v % 10) as u8
    }
    [
        digit(y / 1000),
        digit(y / 100),
        digit(y / 10),
        digit(y),
        b'-',
        b'0' + m / 10,
        b'0' + m % 10,
        b'-',
        b'0' + d / 10,
        b'0' + d % 10,
    ]
}

/// `YYYY-MM-DD` of every (year, month, day 1…31) of the calendar's years 2000…2099, ten bytes each,
/// built at compile time (372 KiB): a date of the range is one copy (hot: every explanation writes
/// several). Slots of days a month does not have hold text no valid date indexes.
static DATE_TEXT: &str = {
    const N: usize = 100 * 372;
    static T: [u8; N * 10] = {
        let mut t = [0u8; N * 10];
        let mut i = 0;
        while i < N {
            let ymd = ymd_digits(
                2000 + (i / 372) as u16,
                (i % 372 / 31 + 1) as u8,
                (i % 31 + 1) as u8,
            );
            let mut k = 0;
            while k < 10 {
                t[i * 10 + k] = ymd[k];
                k += 1;
            }
            i += 1;
        }
        t
    };
    match std::str::from_utf8(&T) {
        Ok(s) => s,
        Err(_) => panic!("ASCII digits"),
    }
};

/// Calls `f` with a date's `YYYY-MM-DD`: from [`DATE_TEXT`] in 2000…2099, else from
/// [`ymd_digits`] for years 0…9999; `None` for other years (the caller takes `Display`).
fn with_ymd<R>(d: Date, f: impl FnOnce(&str) -> R) -> Option<R> {
    let (y, m, dd) = (d.year(), d.month().unsigned_abs(), d.day().unsigned_abs());
    if (2000..=2099).contains(&y) {
        let i = ((usize::try_from(y - 2000).ok()? * 12 + usize::from(m) - 1) * 31
            + usize::from(dd)
            - 1)
            * 10;
        return DATE_TEXT.get(i..i + 10).map(f);
    }
    let y = u16::try_from(y).ok().filter(|y| *y <= 9999)?;
    std::str::from_utf8(&ymd_digits(y, m, dd)).ok().map(f)
}

/// Appends a date as `YYYY-MM-DD`, the same text as its `Display`.
pub fn push_ymd(out: &mut String, d: Date) {
    if with_ymd(d, |t| out.push_str(t)).is_none() {
        use std::fmt::Write as _;
        let _ = write!(out, "{d}");
    }
}

/// A date displayed through [`push_ymd`]'s text: `format!("{}", Ymd(d))` = `format!("{d}")`.
pub struct Ymd(pub Date);

impl std::fmt::Display for Ymd {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        with_ymd(self.0, |t| f.write_str(t)).unwrap_or_else(|| std::fmt::Display::fmt(&self.0, f))
    }
}

/// First and last year of the calendar. The range starts in 2000: the five-day week (1995) and the
/// 1999 text of the 放假办法 are in force throughout, so a provisional answer is at least well defined.
pub const FIRST_YEAR: i16 = 2000;
pub const LAST_YEAR: i16 = 2099;

/// An answer and whether it rests on a year whose State Council notice is not loaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Answer<T> {
    pub value: T,
    pub provisional: bool,
}

/// What kind of day a date is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoteKind {
    Weekend,
    Holiday,
    MakeUpWorkday,
}

/// A run of consecutive notable days (weekend, holiday with its name, or a make-up working day).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub from: Date,
    pub to: Date,
    pub kind: NoteKind,
    /// Holiday name in Chinese (`国庆节、中秋节`), empty for weekends.
    pub name: String,
    pub provisional: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalError {
    #[error("日期 {date} 超出日历支持的范围 (date {date} is outside the supported range)")]
    OutOfRange { date: Date },
    #[error(
        "{year} 年节假日安排尚未载入，严格模式下不作推算 (the {year} holiday schedule is not loaded; strict mode refuses)"
    )]
    NotAnnounced { year: i16 },
}

/// The embedded official schedules.
const OFFICIAL: &[(&str, &str)] = &[
    ("data/2020.toml", include_str!("../data/2020.toml")),
    ("data/2021.toml", include_str!("../data/2021.toml")),
    ("data/2022.toml", include_str!("../data/2022.toml")),
    ("data/2023.toml", include_str!("../data/2023.toml")),
    ("data/2024.toml", include_str!("../data/2024.toml")),
    ("data/2025.toml", include_str!("../data/2025.toml")),
    ("data/2026.toml", include_str!("../data/2026.toml")),
];

/// The working-day calendar. Cheap to clone (the tables are shared).
#[derive(Clone)]
pub struct Calendar {
    strict: bool,
    inner: Arc<Inner>,
}

/// The precomputed tables over the whole range.
struct Inner {
    /// Official and loaded years; every other year is provisional.
    schedules: BTreeMap<i16, YearSchedule>,
    /// `cum[i]` = working days among days `0..i` (length = days + 1), so day `i` works iff
    /// `cum[i + 1] != cum[i]`.
    cum: Vec<u16>,
    /// `kth[k]` = the working day with ordinal `k` (0-based), stored as the date itself so that an
    /// addition is one load after the count.
    kth: Vec<Date>,
    /// The date of each day index.
    dates: Vec<Date>,
    /// Holiday name id of each day (0 = none), into `names`.
    name: Vec<u16>,
    names: Vec<String>,
    /// Bit `y - FIRST_YEAR` is set when year y is provisional (100 years fit in a u128).
    prov: u128,
}

/// Day number of FIRST_YEAR-01-01.
const BASE: i32 = daynum::days_from_civil(FIRST_YEAR as i32, 1, 1);

fn base_day() -> i32 {
    BASE
}

fn statute() -> &'static statutory::Statute {
    static S: OnceLock<statutory::Statute> = OnceLock::new();
    S.get_or_init(|| {
        // Embedded at compile time and parsed by a unit test, so this cannot fail at run time.
        #[allow(clippy::expect_used)]
        statutory::Statute::parse(statutory::STATUTORY_TOML)
            .expect("embedded data/statutory.toml is valid")
    })
}

/// The provisional (statutory) schedule of every year of the range, computed once per process.
fn provisional_years() -> &'static [YearSchedule] {
    static P: OnceLock<Vec<YearSchedule>> = OnceLock::new();
    P.get_or_init(|| {
        (FIRST_YEAR..=LAST_YEAR)
            .map(|y| statute().provisional(y))
            .collect()
    })
}

/// The provisional schedule of a year computed from the statute alone (全国年节及纪念日放假办法
/// 第二条 and 第六条 补假), whether or not a notice is loaded for it. `None` outside the range.
pub fn statutory_schedule(year: i16) -> Option<YearSchedule> {
    provisional_years()
        .get(usize::try_from(year - FIRST_YEAR).ok()?)
        .cloned()
}

/// The parsed official schedules, in year order.
pub fn official_schedules() -> Result<Vec<YearSchedule>, LoadError> {
    OFFICIAL
        .iter()
        .map(|(origin, text)| {
            YearSchedule::parse(text, origin).map(|mut s| {
                s.status = YearStatus::Official;
                s
            })
        })
        .collect()
}

impl Inner {
    fn build(schedules: BTreeMap<i16, YearSchedule>) -> Inner {
        let base = base_day();
        let last = day_number(jiff::civil::date(LAST_YEAR, 12, 31));
        let days = usize::try_from(last - base + 1).unwrap_or(0);
        let mut dates = Vec::with_capacity(days);
        let mut d = jiff::civil::date(FIRST_YEAR, 1, 1);
        for _ in 0..days {
            dates.push(d);
            d = d.tomorrow().unwrap_or(d);
        }
        let mut work: Vec<bool> = (0..days).map(|i| weekday0(base + i as i32) < 5).collect();
        let mut day_names: Vec<Vec<String>> = vec![Vec::new(); days];
        let index = |d: Date| -> Option<usize> {
            usize::try_from(day_number(d) - base)
                .ok()
                .filter(|&i| i < days)
        };

        let provisional = provisional_years();
        let mut prov: u128 = 0;
        for y in FIRST_YEAR..=LAST_YEAR {
            let (sched, is_prov) = match schedules.get(&y) {
                Some(s) => (s, false),
                None => (
                    &provisional[usize::try_from(y - FIRST_YEAR).unwrap_or(0)],
                    true,
                ),
            };
            if is_prov {
                prov |= 1u128 << (y - FIRST_YEAR);
            }
            for h in &sched.holidays {
                // A statutory 补假 may spill past the year; a notice's days are validated inside it.
                for (&d, w) in h
                    .off
                    .iter()
                    .map(|d| (d, false))
                    .chain(h.work.iter().map(|d| (d, true)))
                {
                    let Some(i) = index(d) else { continue };
                    // An official year next to a provisional one owns its own dates.
                    if is_prov && d.year() != y && schedules.contains_key(&d.year()) {
                        continue;
                    }
                    work[i] = w;
                    for part in h.name.split('、').filter(|p| !p.is_empty()) {
                        if !day_names[i].iter().any(|n| n == part) {
                            day_names[i].push(part.to_string());
                        }
                    }
                }
            }
        }

        let mut names: Vec<String> = vec![String::new()];
        let mut name = vec![0u16; days];
        for (i, parts) in day_names.iter().enumerate() {
            if parts.is_empty() {
                continue;
            }
            let joined = parts.join("、");
            let id = match names.iter().position(|n| *n == joined) {
                Some(p) => p,
                None => {
                    names.push(joined);
                    names.len() - 1
                }
            };
            name[i] = u16::try_from(id).unwrap_or(0);
        }

        let mut cum = Vec::with_capacity(days + 1);
        let mut kth = Vec::new();
        let mut count: u16 = 0;
        cum.push(0);
        for (i, &w) in work.iter().enumerate() {
            if w {
                // The range has fewer than 65,536 days, so the counts fit in u16.
                kth.push(dates[i]);
                count += 1;
            }
            cum.push(count);
        }
        Inner {
            schedules,
            cum,
            kth,
            dates,
            name,
            names,
            prov,
        }
    }
}

impl Default for Calendar {
    fn default() -> Self {
        Calendar::official()
    }
}

impl std::fmt::Debug for Calendar {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Calendar")
            .field("strict", &self.strict)
            .field(
                "years",
                &self
                    .inner
                    .schedules
                    .iter()
                    .map(|(y, s)| (*y, s.status))
                    .collect::<Vec<_>>(),
            )
            .finish()
    }
}

impl Calendar {
    /// The official schedules shipped with zhengwu; every other year provisional.
    pub fn official() -> Calendar {
        static OFFICIAL_INNER: OnceLock<Arc<Inner>> = OnceLock::new();
        let inner = OFFICIAL_INNER.get_or_init(|| {
            // The embedded files are checked by the test suite; a broken one would be a build defect.
            #[allow(clippy::expect_used)]
            let list = official_schedules().expect("embedded official schedules are valid");
            Arc::new(Inner::build(
                list.into_iter().map(|s| (s.year, s)).collect(),
            ))
        });
        Calendar {
            strict: false,
            inner: Arc::clone(inner),
        }
    }

    /// Strict mode: a question touching a year without a loaded notice is refused
    /// ([`CalError::NotAnnounced`]) instead of answered provisionally.
    pub fn strict(self, on: bool) -> Calendar {
        Calendar { strict: on, ..self }
    }

    pub fn is_strict(&self) -> bool {
        self.strict
    }

    /// This calendar with `schedule` added (replacing any schedule of the same year).
    pub fn with_year(self, schedule: YearSchedule) -> Calendar {
        let mut schedules = self.inner.schedules.clone();
        schedules.insert(schedule.year, schedule);
        Calendar {
            strict: self.strict,
            inner: Arc::new(Inner::build(schedules)),
        }
    }

    /// This calendar with several schedules added at once (one rebuild).
    pub fn with_years(self, list: impl IntoIterator<Item = YearSchedule>) -> Calendar {
        let list: Vec<YearSchedule> = list.into_iter().collect();
        if list.is_empty() {
            return self;
        }
        let mut schedules = self.inner.schedules.clone();
        schedules.extend(list.into_iter().map(|s| (s.year, s)));
        Calendar {
            strict: self.strict,
            inner: Arc::new(Inner::build(schedules)),
        }
    }

    /// The official calendar plus every `<year>.toml` in `dir` (the loaded years). A missing directory
    /// means no loaded year.
    pub fn with_loaded_dir(dir: &Path) -> Result<Calendar, LoadError> {
        Ok(Calendar::official().with_years(read_loaded_dir(dir)?))
    }

    /// [`Calendar::with_loaded_dir`] on `<data_dir>/calendar`, where `zhengwu calendar load` puts files.
    pub fn from_data_dir(data_dir: &Path) -> Result<Calendar, LoadError> {
        Calendar::with_loaded_dir(&data_dir.join("calendar"))
    }

    /// First and last date of the supported range.
    pub fn range(&self) -> (Date, Date) {
        let d = &self.inner.dates;
        (
            d.first().copied().unwrap_or_default(),
            d.last().copied().unwrap_or_default(),
        )
    }

    /// Official / loaded / provisional, for a year of the range (`None` outside it).
    pub fn year_status(&self, year: i16) -> Option<YearStatus> {
        if !(FIRST_YEAR..=LAST_YEAR).contains(&year) {
            return None;
        }
        Some(
            self.inner
                .schedules
                .get(&year)
                .map_or(YearStatus::Provisional, |s| s.status),
        )
    }

    /// The official and loaded schedules, in year order.
    pub fn schedules(&self) -> impl Iterator<Item = &YearSchedule> {
        self.inner.schedules.values()
    }

    /// The schedule in use for a year: the notice's, or the computed provisional one.
    pub fn schedule(&self, year: i16) -> Option<YearSchedule> {
        if !(FIRST_YEAR..=LAST_YEAR).contains(&year) {
            return None;
        }
        match self.inner.schedules.get(&year) {
            Some(s) => Some(s.clone()),
            None => provisional_years()
                .get(usize::try_from(year - FIRST_YEAR).ok()?)
                .cloned(),
        }
    }

    #[inline]
    fn index(&self, d: Date) -> Result<usize, CalError> {
        let i = day_number(d) - base_day();
        match usize::try_from(i) {
            Ok(i) if i < self.inner.dates.len() => Ok(i),
            _ => Err(CalError::OutOfRange { date: d }),
        }
    }

    #[inline]
    fn works(&self, i: usize) -> bool {
        self.inner.cum[i + 1] != self.inner.cum[i]
    }

    /// Whether any year in `lo..=hi` (both inside the range) is provisional; in strict mode that refuses.
    #[inline]
    fn provisional(&self, lo: i16, hi: i16) -> Result<bool, CalError> {
        // Both years are inside the range (they come from indexed dates), so 0 ≤ lo' ≤ hi' ≤ 99.
        let lo_bit = (lo - FIRST_YEAR).clamp(0, 127) as u32;
        let width = (hi - lo).clamp(0, 127) as u32;
        let mask = (u128::MAX >> (127 - width)) << lo_bit;
        let prov = self.inner.prov & mask != 0;
        if prov && self.strict {
            let year = (lo..=hi)
                .find(|y| !self.inner.schedules.contains_key(y))
                .unwrap_or(lo);
            return Err(CalError::NotAnnounced { year });
        }
        Ok(prov)
    }

    #[inline]
    fn answer_between<T>(&self, value: T, a: Date, b: Date) -> Result<Answer<T>, CalError> {
        let (ya, yb) = (a.year(), b.year());
        let (lo, hi) = (ya.min(yb), ya.max(yb));
        Ok(Answer {
            value,
            provisional: self.provisional(lo, hi)?,
        })
    }

    /// The date of the working day with 0-based ordinal `ord`.
    #[inline]
    fn kth(&self, ord: i64, asked: Date) -> Result<Date, CalError> {
        let k = usize::try_from(ord).map_err(|_| CalError::OutOfRange { date: asked })?;
        self.inner
            .kth
            .get(k)
            .copied()
            .ok_or(CalError::OutOfRange { date: asked })
    }

    pub fn is_working_day(&self, d: Date) -> Result<Answer<bool>, CalError> {
        let i = self.index(d)?;
        self.answer_between(self.works(i), d, d)
    }

    /// n > 0: the n-th working day after d (d not counted); n < 0: the |n|-th working day before d;
    /// n = 0: d itself.
    #[inline]
    pub fn add_working_days(&self, d: Date, n: i32) -> Result<Answer<Date>, CalError> {
        let i = self.index(d)?;
        let cum = &self.inner.cum;
        let ord = match n {
            0 => return self.answer_between(d, d, d),
            n if n > 0 => i64::from(cum[i + 1]) + i64::from(n) - 1,
            n => i64::from(cum[i]) + i64::from(n),
        };
        let r = self.kth(ord, d)?;
        self.answer_between(r, d, r)
    }

    /// Working days in (a, b]; negative (−count of (b, a]) when b < a.
    pub fn working_days_between(&self, a: Date, b: Date) -> Result<Answer<i32>, CalError> {
        let (ia, ib) = (self.index(a)?, self.index(b)?);
        let cum = &self.inner.cum;
        let v = i32::from(cum[ib + 1]) - i32::from(cum[ia + 1]);
        self.answer_between(v, a, b)
    }

    /// C3: the n-th working day before d (d not counted).
    pub fn working_days_before(&self, d: Date, n: u32) -> Result<Answer<Date>, CalError> {
        let n = i32::try_from(n).map_err(|_| CalError::OutOfRange { date: d })?;
        self.add_working_days(d, -n)
    }

    /// C2: "within n working days after e": the n-th working day after e (e not counted).
    pub fn within_working_days_after(&self, e: Date, n: u32) -> Result<Answer<Date>, CalError> {
        let n = i32::try_from(n).map_err(|_| CalError::OutOfRange { date: e })?;
        self.add_working_days(e, n)
    }

    /// The first working day on or after day index `r` (民法典 第二百零三条), with e for provisional.
    fn roll_forward(&self, e: Date, r: usize) -> Result<Answer<Date>, CalError> {
        let value = if self.works(r) {
            self.inner.dates[r]
        } else {
            self.kth(i64::from(self.inner.cum[r]), e)?
        };
        self.answer_between(value, e, value)
    }

    /// C4 + 民法典 第二百零三条: e + n calendar days; when that day is a day off, the next working day.
    pub fn days_after(&self, e: Date, n: u32) -> Result<Answer<Date>, CalError> {
        let i = self.index(e)?;
        let r = i
            .checked_add(usize::try_from(n).unwrap_or(usize::MAX))
            .filter(|&r| r < self.inner.dates.len());
        let r = r.ok_or(CalError::OutOfRange { date: e })?;
        self.roll_forward(e, r)
    }

    /// C4: d − n calendar days. Pure calendar arithmetic, so never provisional.
    pub fn days_before(&self, d: Date, n: u32) -> Result<Answer<Date>, CalError> {
        let i = self.index(d)?;
        let r = i
            .checked_sub(usize::try_from(n).unwrap_or(usize::MAX))
            .ok_or(CalError::OutOfRange { date: d })?;
        Ok(Answer {
            value: self.inner.dates[r],
            provisional: false,
        })
    }

    /// C5 then 民法典 第二百零三条: the same day-of-month m months later (the month's last day when it
    /// has no such day); when that day is a day off, the next working day.
    pub fn months_after(&self, e: Date, m: u32) -> Result<Answer<Date>, CalError> {
        self.index(e)?;
        let r = add_months(e, i64::from(m)).ok_or(CalError::OutOfRange { date: e })?;
        let ri = self
            .index(r)
            .map_err(|_| CalError::OutOfRange { date: e })?;
        self.roll_forward(e, ri)
    }

    /// C5: the same day-of-month m months earlier (month end when absent). Never provisional.
    pub fn months_before(&self, d: Date, m: u32) -> Result<Answer<Date>, CalError> {
        self.index(d)?;
        let r = add_months(d, -i64::from(m)).ok_or(CalError::OutOfRange { date: d })?;
        self.index(r)
            .map_err(|_| CalError::OutOfRange { date: d })?;
        Ok(Answer {
            value: r,
            provisional: false,
        })
    }

    /// The runs of days off (weekend runs; holiday runs with the holiday names) and of make-up working
    /// days within (after, upto]. Explanations only: never refused, even in strict mode, but marked
    /// provisional where they lie in a provisional year.
    pub fn notes(&self, after: Date, upto: Date) -> Result<Vec<Note>, CalError> {
        let mut out: Vec<Note> = Vec::with_capacity(8);
        self.notes_into(after, upto, &mut out)?;
        Ok(out)
    }

    /// [`Calendar::notes`] handed to `f` from a buffer kept per thread: explanations are written for
    /// every deadline, and most need the notes only while they are written.
    pub fn with_notes<R>(
        &self,
        after: Date,
        upto: Date,
        f: impl FnOnce(&[Note]) -> R,
    ) -> Result<R, CalError> {
        thread_local! {
            static SCRATCH: std::cell::Cell<Vec<Note>> = const { std::cell::Cell::new(Vec::new()) };
        }
        // Taken out while in use, so a nested call simply starts with an empty buffer of its own.
        let mut notes = SCRATCH.take();
        notes.clear();
        let r = self.notes_into(after, upto, &mut notes).map(|()| f(&notes));
        notes.clear();
        SCRATCH.set(notes);
        r
    }

    /// [`Calendar::notes`], appended to `out`.
    pub fn notes_into(&self, after: Date, upto: Date, out: &mut Vec<Note>) -> Result<(), CalError> {
        let (ia, iu) = (self.index(after)?, self.index(upto)?);
        let inner = &*self.inner;
        // The open run; its `name` collects the distinct holiday names seen in it, joined by `、` as
        // they come (no per-run list of names to join afterwards).
        let mut open: Option<Note> = None;
        // The name id last merged into the open run.
        let mut last_name = 0usize;
        for i in ia + 1..=iu {
            let d = inner.dates[i];
            let works = self.works(i);
            // Day numbers are consecutive over the table: no conversion from the civil date.
            let weekend = weekday0(base_day() + i as i32) >= 5;
            if works && !weekend {
                out.extend(open.take());
                continue;
            }
            let kind = if works {
                NoteKind::MakeUpWorkday
            } else {
                NoteKind::Weekend
            };
            let same_class = open
                .as_ref()
                .is_some_and(|n| (n.kind == NoteKind::MakeUpWorkday) == works);
            if !same_class {
                out.extend(open.take());
                last_name = 0;
                open = Some(Note {
                    from: d,
                    to: d,
                    kind,
                    name: String::new(),
                    provisional: false,
                });
            }
            if let Some(n) = open.as_mut() {
                n.to = d;
                let k = usize::try_from(d.year() - FIRST_YEAR).unwrap_or(0);
                n.provisional |= inner.prov & (1u128 << k.min(127)) != 0;
                let id = usize::from(inner.name[i]);
                if id == 0 {
                    continue;
                }
                if !works {
                    n.kind = NoteKind::Holiday;
                }
                // A run's days mostly share one name id: merge each id's names once.
                if last_name == id {
                    continue;
                }
                last_name = id;
                // The first names of a run are taken whole (each table entry lists distinct names).
                if n.name.is_empty() {
                    n.name.push_str(&inner.names[id]);
                    continue;
                }
                for part in inner.names[id].split('、').filter(|p| !p.is_empty()) {
                    if !n.name.split('、').any(|have| have == part) {
                        if !n.name.is_empty() {
                            n.name.push('、');
                        }
                        n.name.push_str(part);
                    }
                }
            }
        }
        out.extend(open);
        Ok(())
    }
}

/// The same day-of-month `m` months later (negative: earlier), clamped to the month's last day.
fn add_months(d: Date, m: i64) -> Option<Date> {
    let total = i64::from(d.year()) * 12 + i64::from(d.month()) - 1 + m;
    let y = i16::try_from(total.div_euclid(12)).ok()?;
    let mo = i8::try_from(total.rem_euclid(12) + 1).ok()?;
    let first = Date::new(y, mo, 1).ok()?;
    Date::new(y, mo, d.day().min(first.days_in_month())).ok()
}

/// Reads every `<year>.toml` of a directory of loaded years. A missing directory is empty.
pub fn read_loaded_dir(dir: &Path) -> Result<Vec<YearSchedule>, LoadError> {
    let shown = dir.display().to_string();
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => {
            return Err(LoadError::new(
                &shown,
                None,
                format!("无法读取目录：{e}"),
                format!("cannot read the directory: {e}"),
            ));
        }
    };
    let mut paths: Vec<_> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    paths.sort();
    let mut out = Vec::new();
    for p in paths {
        let shown = p.display().to_string();
        let text = std::fs::read_to_string(&p).map_err(|e| {
            LoadError::new(
                &shown,
                None,
                format!("无法读取文件：{e}"),
                format!("cannot read the file: {e}"),
            )
        })?;
        let s = YearSchedule::parse(&text, &shown)?;
        let stem = p.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
        if stem != s.year.to_string() {
            return Err(LoadError::new(
                &shown,
                None,
                format!("文件名应为 {}.toml（文件中 year = {}）", s.year, s.year),
                format!(
                    "the file should be named {}.toml (it says year = {})",
                    s.year, s.year
                ),
            ));
        }
        out.push(s);
    }
    Ok(out)
}

#[cfg(test)]
mod ymd_tests {
    use super::{Date, Ymd, push_ymd};

    #[test]
    fn ymd_is_the_display_text() {
        for (y, m, d) in [
            (2025, 3, 10),
            (2000, 1, 1),
            (9999, 12, 31),
            (0, 1, 1),
            (987, 10, 9),
            (1000, 7, 4),
        ] {
            let date = Date::new(y, m, d).unwrap_or_default();
            let mut s = String::new();
            push_ymd(&mut s, date);
            assert_eq!(s, date.to_string());
            assert_eq!(Ymd(date).to_string(), date.to_string());
        }
        let neg = Date::new(-5, 1, 1).unwrap_or_default();
        assert_eq!(Ymd(neg).to_string(), neg.to_string());
        // Every day of the calendar's range, and the ends of the table's years.
        let mut date = Date::new(1999, 12, 1).unwrap_or_default();
        let mut s = String::new();
        while date.year() <= 2100 {
            s.clear();
            push_ymd(&mut s, date);
            assert_eq!(s, date.to_string());
            date = date.tomorrow().unwrap_or_default();
        }
        for (y, m, d) in [(999, 12, 31), (1000, 1, 1), (9999, 1, 31), (-1, 2, 28)] {
            let date = Date::new(y, m, d).unwrap_or_default();
            assert_eq!(Ymd(date).to_string(), date.to_string());
        }
    }
}
