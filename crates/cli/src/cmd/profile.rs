//! PLACEHOLDER (lead).
use super::{CmdResult, Lang};
#[derive(clap::Args)]
pub struct ListArgs {}
#[derive(clap::Args)]
pub struct Args {}
pub fn list(_a: ListArgs, _lang: Lang) -> CmdResult {
    Err(super::CliError::failure("尚未实现", "not implemented yet"))
}
pub fn run(_a: Args, _lang: Lang) -> CmdResult {
    Err(super::CliError::failure("尚未实现", "not implemented yet"))
}
