//! Kind `document_quota` (CASES.md 15): may one more normative document be issued in this name this
//! year? Only where the profile sets an annual quota (`[[documents.quotas]]`); elsewhere no check (C8).

use crate::engine::{Ctx, Out};
use crate::error::CheckError;
use crate::kinds::Kind;
use crate::msg;
use crate::profile::documents::Issuer;
use zhengwu_calendar::Date;

/// The years a quota question can be about.
const YEARS: std::ops::RangeInclusive<i16> = 1949..=2200;

crate::case_struct! {
    pub struct Case {
        pub issuer: Issuer,
        pub year: i16,
        /// Normative documents already issued in this name this year, before this one.
        pub normative_issued_this_year: u32,
        #[serde(default)]
        pub implements_superior_document: bool,
    }
}

impl Kind for Case {
    fn main_date(&self) -> Option<Date> {
        // The rules in force at the end of the year judge the year's quota. An implausible year
        // picks no version, so `evaluate` reports it as the input error it is.
        YEARS
            .contains(&self.year)
            .then(|| Date::new(self.year, 12, 31).ok())
            .flatten()
    }

    fn evaluate(&self, ctx: &Ctx<'_>, out: &mut Out) -> Result<(), CheckError> {
        if !YEARS.contains(&self.year) {
            return Err(CheckError::input(
                "year",
                format!("年份 {} 不合理 (implausible year)", self.year),
            ));
        }
        let Some(q) = ctx
            .profile
            .documents
            .quotas
            .iter()
            .find(|q| q.issuer == self.issuer)
        else {
            out.status(serde_json::json!({ "limit": null, "counted": false }));
            return Ok(());
        };
        if self.implements_superior_document && q.excludes_implementing_superior {
            out.status(serde_json::json!({ "limit": q.max, "counted": false }));
            return Ok(());
        }
        let (n, max, year) = (self.normative_issued_this_year, q.max, self.year);
        if n >= max {
            out.fail_rule(
                ctx,
                q,
                msg!(
                    "{year} 年已制发 {n} 件行政规范性文件，达到每年 {max} 件的上限",
                    "{n} normative documents already issued in {year}; the yearly limit is {max}"
                ),
            );
        }
        out.status(serde_json::json!({ "limit": max, "counted": true, "remaining": max.saturating_sub(n) }));
        Ok(())
    }
}
