//! Dates in cases and profiles: `YYYY-MM-DD`, Asia/Shanghai civil dates. A date that does not exist
//! (2025-02-30) is an input error naming the field, never a panic.

use jiff::civil::Date;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A civil date read from a case or a profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CaseDate(pub Date);

impl CaseDate {
    pub fn parse(s: &str) -> Result<CaseDate, String> {
        let b = s.as_bytes();
        let shape_ok = b.len() == 10
            && b[4] == b'-'
            && b[7] == b'-'
            && b.iter()
                .enumerate()
                .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
        if !shape_ok {
            return Err(format!(
                "应为 YYYY-MM-DD 格式的日期，收到 \"{s}\" (expected a date YYYY-MM-DD)"
            ));
        }
        let num = |r: std::ops::Range<usize>| -> i32 {
            b[r].iter()
                .fold(0i32, |acc, c| acc * 10 + i32::from(c - b'0'))
        };
        let (y, m, d) = (num(0..4), num(5..7), num(8..10));
        // y, m, d are bounded by the four/two-digit shape, so the narrowing casts cannot truncate.
        Date::new(y as i16, m as i8, d as i8)
            .map(CaseDate)
            .map_err(|_| format!("日期 \"{s}\" 不存在 (no such date: {s})"))
    }
}

impl fmt::Display for CaseDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl From<Date> for CaseDate {
    fn from(d: Date) -> Self {
        CaseDate(d)
    }
}

impl std::ops::Deref for CaseDate {
    type Target = Date;
    fn deref(&self) -> &Date {
        &self.0
    }
}

impl<'de> Deserialize<'de> for CaseDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = CaseDate;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a date YYYY-MM-DD")
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<CaseDate, E> {
                CaseDate::parse(s).map_err(E::custom)
            }
            // TOML dates arrive as datetimes; they are read through their text form.
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<CaseDate, A::Error> {
                let mut out = None;
                while let Some(k) = map.next_key::<String>()? {
                    let v: String = map.next_value()?;
                    if k == "$__toml_private_datetime" {
                        out = Some(CaseDate::parse(&v).map_err(serde::de::Error::custom)?);
                    }
                }
                out.ok_or_else(|| serde::de::Error::custom("expected a date YYYY-MM-DD"))
            }
        }
        d.deserialize_any(V)
    }
}

impl Serialize for CaseDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0)
    }
}
