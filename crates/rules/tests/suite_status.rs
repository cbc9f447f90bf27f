//! Not a test harness: says in the plain output of `cargo test` whether the seed-quote check
//! (`seed_quotes.rs`) has its seed texts. Its banner inside that test is output a passing test would
//! have captured; this target has `harness = false`, so what it prints is shown as it is.
//!
//! Exits 1 when seeds are missing and `ZHENGWU_REQUIRE_SEEDS=1`, else 0. It runs no tests itself.
#![allow(clippy::expect_used, clippy::unwrap_used)] // a broken built-in profile is the target failing

#[path = "support/seeds.rs"]
mod seeds;

use zhengwu_rules::Registry;

fn main() {
    // A test lister (`--list`, e.g. cargo-nextest) gets no tests and no banner.
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let reg = Registry::builtin().expect("built-in profiles load");
    let mut wanted: Vec<String> = reg
        .ids()
        .flat_map(|id| {
            reg.versions(id)
                .iter()
                .map(|l| l.profile.source.seed.clone())
        })
        .collect();
    wanted.sort();
    wanted.dedup();
    let missing: Vec<&String> = match seeds::seeds_dir() {
        Some(dir) => wanted.iter().filter(|f| !dir.join(f).is_file()).collect(),
        None => wanted.iter().collect(),
    };
    let dir = seeds::seeds_path();
    if missing.is_empty() {
        println!(
            "suite_status: 种子文本齐全 (seed texts found: {} of {} in {}; the seed-quote check runs)",
            wanted.len(),
            wanted.len(),
            dir.display()
        );
        return;
    }
    let why = format!(
        "{} of {} seed texts missing in {} ({})",
        missing.len(),
        wanted.len(),
        dir.display(),
        missing
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    );
    print!("{}", seeds::not_run_banner(&why));
    if seeds::required() {
        eprintln!(
            "suite_status: {} is set: missing seeds are a failure",
            seeds::REQUIRE_ENV
        );
        std::process::exit(1);
    }
}
