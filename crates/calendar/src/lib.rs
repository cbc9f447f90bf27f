//! API CONTRACT (pinned by the rule engine; the calendar helper implements the bodies).
//! Working days: Mon–Fri minus official days off plus make-up working days (DESIGN.md §3, MATRIX C1–C5).

pub use jiff::civil::Date;

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
    #[error("{year} 年节假日安排尚未载入，严格模式下不作推算 (the {year} holiday schedule is not loaded; strict mode refuses)")]
    NotAnnounced { year: i16 },
}

pub struct Calendar;

impl Calendar {
    pub fn official() -> Calendar { todo!() }
    pub fn is_working_day(&self, _d: Date) -> Result<Answer<bool>, CalError> { todo!() }
    pub fn add_working_days(&self, _d: Date, _n: i32) -> Result<Answer<Date>, CalError> { todo!() }
    pub fn working_days_between(&self, _a: Date, _b: Date) -> Result<Answer<i32>, CalError> { todo!() }
    pub fn working_days_before(&self, _d: Date, _n: u32) -> Result<Answer<Date>, CalError> { todo!() }
    pub fn within_working_days_after(&self, _e: Date, _n: u32) -> Result<Answer<Date>, CalError> { todo!() }
    pub fn days_after(&self, _e: Date, _n: u32) -> Result<Answer<Date>, CalError> { todo!() }
    pub fn days_before(&self, _d: Date, _n: u32) -> Result<Answer<Date>, CalError> { todo!() }
    pub fn months_after(&self, _e: Date, _m: u32) -> Result<Answer<Date>, CalError> { todo!() }
    pub fn months_before(&self, _d: Date, _m: u32) -> Result<Answer<Date>, CalError> { todo!() }
    pub fn notes(&self, _after: Date, _upto: Date) -> Result<Vec<Note>, CalError> { todo!() }
}

pub fn describe_zh(_notes: &[Note]) -> String { todo!() }
pub fn describe_en(_notes: &[Note]) -> String { todo!() }
