//! Civil dates as day numbers (days since 1970-01-01), computed arithmetically so that a query costs a
//! few integer operations instead of a calendar library call.

use jiff::civil::Date;

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
#[inline]
pub(crate) fn day_number(d: Date) -> i32 {
    days_from_civil(d.year() as i32, d.month() as i32, d.day() as i32)
}

/// `day_number` on plain integers, usable in constants.
#[inline]
pub(crate) const fn days_from_civil(y: i32, m: i32, dd: i32) -> i32 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = (m + 9) % 12; // March = 0, so the leap day is the last day of the "year".
    let doy = (153 * mp + 2) / 5 + dd - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Monday = 0 … Sunday = 6. 1970-01-01 was a Thursday.
#[inline]
pub(crate) fn weekday0(day_number: i32) -> u8 {
    // rem_euclid(7) is in 0..7, so the narrowing cannot truncate.
    (day_number + 3).rem_euclid(7) as u8
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn agrees_with_jiff_over_two_centuries() {
        let mut d = jiff::civil::date(1950, 1, 1);
        let mut n = day_number(d);
        assert_eq!(day_number(jiff::civil::date(1970, 1, 1)), 0);
        while d.year() < 2150 {
            assert_eq!(day_number(d), n, "{d}");
            let wd = d.weekday().to_monday_zero_offset();
            assert_eq!(i8::try_from(weekday0(n)).ok(), Some(wd), "{d}");
            d = d.tomorrow().unwrap();
            n += 1;
        }
    }
}
