//! Kind `seal_use` (CASES.md). PLACEHOLDER until its owner lands it.

use crate::engine::{Ctx, Out};
use crate::error::CheckError;
use crate::kinds::Kind;
use zhengwu_calendar::Date;

crate::case_struct! {
    pub struct Case {}
}

impl Kind for Case {
    fn main_date(&self) -> Option<Date> {
        None
    }
    fn evaluate(&self, _ctx: &Ctx<'_>, _out: &mut Out) -> Result<(), CheckError> {
        Err(CheckError::input("kind", "not implemented yet: seal_use"))
    }
}
