//! Finding chromedriver and the browser, shared by the browser suite (`main.rs`) and the suite status
//! (`tests/suite_status.rs`), so both judge the same way whether the suite can run.

use std::path::PathBuf;

/// Set to `1` (CI does) to make missing browser tools a failure instead of a banner.
pub const REQUIRE_ENV: &str = "ZHENGWU_REQUIRE_BROWSER";

/// A program on the PATH (or named by an environment variable).
fn which(env: &str, names: &[&str]) -> Option<PathBuf> {
    if let Ok(p) = std::env::var(env) {
        let p = PathBuf::from(p);
        return p.is_file().then_some(p);
    }
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for n in names {
            let p = dir.join(n);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    None
}

/// (chromedriver, browser), or the banner saying the browser suite does not run.
pub fn find() -> Result<(PathBuf, PathBuf), String> {
    let driver = which("ZHENGWU_CHROMEDRIVER", &["chromedriver"]);
    let browser = which(
        "ZHENGWU_CHROMIUM",
        &["chromium", "chromium-browser", "google-chrome"],
    );
    match (driver, browser) {
        (Some(d), Some(b)) => Ok((d, b)),
        (d, b) => Err(format!(
            "\n\
             ************************************************************************\n\
             浏览器测试未运行 (BROWSER TESTS NOT RUN): {}{} not found.\n\
             Install the Debian packages chromium and chromium-driver (.ci/run does),\n\
             or point ZHENGWU_CHROMEDRIVER / ZHENGWU_CHROMIUM at them;\n\
             {REQUIRE_ENV}=1 makes their absence a failure.\n\
             ************************************************************************\n",
            if d.is_none() { "chromedriver " } else { "" },
            if b.is_none() { "chromium" } else { "" },
        )),
    }
}

/// Whether missing tools are a failure (`ZHENGWU_REQUIRE_BROWSER=1`).
pub fn required() -> bool {
    std::env::var(REQUIRE_ENV).is_ok_and(|v| v == "1")
}
