//! Where the seed texts (the five Work Rules) are, for the seed-quote test and the suite status:
//! `$ZHENGWU_SEEDS_DIR`, else `../shared/seeds/` beside the repository.

use std::path::PathBuf;

/// Set to `1` (CI does) to make absent seeds a failure instead of a banner.
pub const REQUIRE_ENV: &str = "ZHENGWU_REQUIRE_SEEDS";

/// The directory the seeds are looked for in, whether or not it exists.
pub fn seeds_path() -> PathBuf {
    std::env::var_os("ZHENGWU_SEEDS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds"))
}

/// The seeds directory, when it exists.
pub fn seeds_dir() -> Option<PathBuf> {
    let dir = seeds_path();
    dir.is_dir().then_some(dir)
}

/// Whether absent seeds are a failure (`ZHENGWU_REQUIRE_SEEDS=1`).
pub fn required() -> bool {
    std::env::var(REQUIRE_ENV).is_ok_and(|v| v == "1")
}

/// The banner of a seed-quote check that did not run.
pub fn not_run_banner(why: &str) -> String {
    format!(
        "\n\
         ************************************************************************\n\
         引文核对未运行 (the seed-quote check did NOT run): {why}\n\
         Put the seeds in ../shared/seeds/ beside the repository or set ZHENGWU_SEEDS_DIR;\n\
         {REQUIRE_ENV}=1 makes their absence a failure.\n\
         ************************************************************************\n"
    )
}
