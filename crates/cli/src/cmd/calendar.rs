//! PLACEHOLDER (owned by the calendar helper).
use super::{CmdResult, Lang};

#[derive(clap::Args)]
pub struct Args {}

pub fn run(_a: Args, _lang: Lang) -> CmdResult {
    Err(super::CliError::failure("尚未实现", "not implemented yet"))
}
