//! The statutory holidays (全国年节及纪念日放假办法 第二条, per version) and the statutory 补假 (第六条),
//! computed for a year without a loaded notice. Never a per-year table: the lunar dates and the 清明
//! solar term come from `tyme4rs`, the rules from `data/statutory.toml`.

use crate::daynum::{day_number, weekday0};
use crate::schedule::{Holiday, Notice, YearSchedule, YearStatus};
use jiff::civil::Date;
use serde::Deserialize;
use std::collections::BTreeSet;

pub(crate) const STATUTORY_TOML: &str = include_str!("../data/statutory.toml");

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Statute {
    pub version: Vec<Version>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Version {
    pub from_year: i16,
    pub law: String,
    pub holiday: Vec<StatHoliday>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct StatHoliday {
    pub name: String,
    pub days: Vec<String>,
}

/// A day of a statutory holiday, as written in `statutory.toml`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DaySpec {
    /// 公历 month-day.
    Solar(i8, i8),
    /// 农历 month-day (non-leap month).
    Lunar(i8, i8),
    /// 农历除夕: the day before 正月初一.
    LunarNewYearsEve,
    /// The 清明 solar-term day.
    Qingming,
}

impl DaySpec {
    pub(crate) fn parse(s: &str) -> Result<DaySpec, String> {
        let md = |t: &str| -> Result<(i8, i8), String> {
            let (m, d) = t
                .split_once('-')
                .ok_or_else(|| format!("应为 MM-DD: {t}"))?;
            let m: i8 = m.parse().map_err(|_| format!("月份无效: {t}"))?;
            let d: i8 = d.parse().map_err(|_| format!("日无效: {t}"))?;
            if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
                return Err(format!("月日无效: {t}"));
            }
            Ok((m, d))
        };
        match s {
            "除夕" => Ok(DaySpec::LunarNewYearsEve),
            "清明" => Ok(DaySpec::Qingming),
            _ => match s.strip_prefix("农历") {
                Some(rest) => md(rest).map(|(m, d)| DaySpec::Lunar(m, d)),
                None => md(s).map(|(m, d)| DaySpec::Solar(m, d)),
            },
        }
    }

    /// The Gregorian date of this day in `year`; lunar months come from (and are kept in) `months`.
    pub(crate) fn date_in(self, year: i16, months: &mut LunarMonths) -> Option<Date> {
        match self {
            DaySpec::Solar(m, d) => Date::new(year, m, d).ok(),
            DaySpec::Lunar(m, d) => months.day(year, m, d),
            DaySpec::LunarNewYearsEve => months.day(year, 1, 1).and_then(|d| d.yesterday().ok()),
            DaySpec::Qingming => {
                let term = tyme4rs::tyme::solar::SolarTerm::new(isize::from(year), "清明").ok()?;
                solar_day_to_date(&term.get_solar_day())
            }
        }
    }
}

/// The first days (初一) of the (non-leap) lunar months of one lunar year, each computed once. A
/// month's new moon is the costly part of a lunar conversion (an astronomical series), and the
/// festivals of a year share few months: 春节's days and 除夕 all hang on 正月初一.
#[derive(Debug, Default)]
pub(crate) struct LunarMonths {
    year: i16,
    first: [Option<Option<Date>>; 12],
}

impl LunarMonths {
    /// Lunar `year`-`m`-`d` (month 1…12, not leap) in the Gregorian calendar; `None` when the month
    /// has no such day.
    fn day(&mut self, year: i16, m: i8, d: i8) -> Option<Date> {
        if self.year != year {
            *self = LunarMonths {
                year,
                ..LunarMonths::default()
            };
        }
        let slot = self
            .first
            .get_mut(usize::try_from(m).ok()?.checked_sub(1)?)?;
        let month =
            || tyme4rs::tyme::lunar::LunarMonth::new(isize::from(year), isize::from(m)).ok();
        let first = *slot.get_or_insert_with(|| {
            solar_day_to_date(&month()?.get_first_julian_day().get_solar_day())
        });
        let first = first?;
        // Every lunar month has 29 or 30 days: only a 30th needs the month's length.
        if !(1..=30).contains(&d) || (d == 30 && month()?.get_day_count() < 30) {
            return None;
        }
        first
            .checked_add(jiff::Span::new().days(i64::from(d) - 1))
            .ok()
    }
}

fn solar_day_to_date(s: &tyme4rs::tyme::solar::SolarDay) -> Option<Date> {
    let y = i16::try_from(s.get_year()).ok()?;
    let m = i8::try_from(s.get_month()).ok()?;
    let d = i8::try_from(s.get_day()).ok()?;
    Date::new(y, m, d).ok()
}

impl Statute {
    pub(crate) fn parse(text: &str) -> Result<Statute, String> {
        let s: Statute = toml::from_str(text).map_err(|e| e.to_string())?;
        for v in &s.version {
            for h in &v.holiday {
                for d in &h.days {
                    DaySpec::parse(d).map_err(|e| format!("{} {}: {e}", v.law, h.name))?;
                }
            }
        }
        Ok(s)
    }

    /// The version in force for `year` (the latest whose `from_year` ≤ year).
    pub(crate) fn version_for(&self, year: i16) -> Option<&Version> {
        self.version
            .iter()
            .filter(|v| v.from_year <= year)
            .max_by_key(|v| v.from_year)
    }

    /// The provisional schedule of `year`: the statutory holidays plus the 第六条 补假. No make-up
    /// working days: those are set only by a notice and are never guessed.
    pub(crate) fn provisional(&self, year: i16) -> YearSchedule {
        let Some(v) = self.version_for(year) else {
            return YearSchedule {
                year,
                status: YearStatus::Provisional,
                notices: Vec::new(),
                holidays: Vec::new(),
                origin: "statutory".to_string(),
            };
        };
        // Every holiday's dates; a date shared by two holidays (中秋 on 10-01) is one day off.
        let mut holidays: Vec<Holiday> = Vec::new();
        let mut taken: BTreeSet<Date> = BTreeSet::new();
        let mut months = LunarMonths::default();
        for h in &v.holiday {
            let mut off: Vec<Date> = h
                .days
                .iter()
                .filter_map(|s| DaySpec::parse(s).ok())
                .filter_map(|spec| spec.date_in(year, &mut months))
                .collect();
            off.sort();
            off.dedup();
            holidays.push(Holiday {
                name: h.name.clone(),
                off,
                work: Vec::new(),
                substitute: Vec::new(),
                note: None,
            });
        }
        holidays.sort_by_key(|h| h.off.first().copied());
        for h in &holidays {
            taken.extend(h.off.iter().copied());
        }
        // 第六条 补假: each holiday date on a Saturday or Sunday (counted once even if two holidays share
        // it) gives one day off on the next weekday after that holiday's last day that is not already off.
        let mut weekend_counted: BTreeSet<Date> = BTreeSet::new();
        for h in &mut holidays {
            let owed = h
                .off
                .iter()
                .filter(|d| weekday0(day_number(**d)) >= 5 && weekend_counted.insert(**d))
                .count();
            let Some(mut cur) = h.off.last().copied() else {
                continue;
            };
            let mut given = 0;
            while given < owed {
                let Ok(next) = cur.tomorrow() else { break };
                cur = next;
                if weekday0(day_number(cur)) < 5 && !taken.contains(&cur) {
                    taken.insert(cur);
                    h.substitute.push(cur);
                    given += 1;
                }
            }
            h.off.extend(h.substitute.iter().copied());
            h.off.sort();
        }
        YearSchedule {
            year,
            status: YearStatus::Provisional,
            notices: vec![Notice {
                title: v.law.clone(),
                number: None,
                date: None,
                url: None,
                note: Some(
                    "第六条：全体公民放假的假日，如果适逢周六、周日，应当在工作日补假".to_string(),
                ),
            }],
            holidays,
            origin: "statutory".to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{LunarMonths, solar_day_to_date};

    /// tyme4rs' own conversion of one lunar day (validated, then converted), which `LunarMonths`
    /// replaces by one new moon per month.
    fn direct(year: i16, m: i8, d: i8) -> Option<super::Date> {
        let day = usize::try_from(d).ok()?;
        let ld =
            tyme4rs::tyme::lunar::LunarDay::new(isize::from(year), isize::from(m), day).ok()?;
        solar_day_to_date(&ld.get_solar_day())
    }

    #[test]
    fn lunar_months_agree_with_the_direct_conversion() {
        // Every year of the range for the festival days; a few years for every day of every month,
        // 30ths included (absent in a 29-day month).
        let mut months = LunarMonths::default();
        for year in crate::FIRST_YEAR..=crate::LAST_YEAR {
            for (m, d) in [(1, 1), (1, 2), (1, 3), (5, 5), (8, 15), (12, 29), (12, 30)] {
                assert_eq!(months.day(year, m, d), direct(year, m, d), "{year} {m}-{d}");
            }
        }
        for year in [2000, 2023, 2025, 2033, 2099] {
            for m in 1..=12 {
                for d in [1, 17, 29, 30] {
                    assert_eq!(months.day(year, m, d), direct(year, m, d), "{year} {m}-{d}");
                }
            }
        }
        assert_eq!(months.day(2025, 13, 1), None);
        assert_eq!(months.day(2025, 1, 0), None);
        assert_eq!(months.day(2025, 1, 31), None);
    }
}
