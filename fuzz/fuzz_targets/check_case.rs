//! Fuzzes the case parser and evaluation: any bytes must give a verdict or an input error, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

static REG: OnceLock<Option<zhengwu_rules::Registry>> = OnceLock::new();
static CAL: OnceLock<zhengwu_calendar::Calendar> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let Some(reg) = REG.get_or_init(|| zhengwu_rules::Registry::builtin().ok()) else { return };
    let cal = CAL.get_or_init(zhengwu_calendar::Calendar::official);
    if let Ok(s) = std::str::from_utf8(data) {
        let _ = zhengwu_rules::check_json(reg, cal, s, None);
    }
});
