//! Not a test harness: says in the plain output of `cargo test` whether the browser suite
//! (`tests/browser/`, headless Chromium over WebDriver) runs. Its own banner is printed inside a
//! passing test; this target has `harness = false`, so what it prints is shown as it is.
//!
//! Exits 1 when the tools are missing and `ZHENGWU_REQUIRE_BROWSER=1`, else 0. It runs no tests
//! itself.

#[path = "browser/tools.rs"]
mod tools;

fn main() {
    // A test lister (`--list`, e.g. cargo-nextest) gets no tests and no banner.
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    match tools::find() {
        Ok((driver, browser)) => println!(
            "suite_status: 浏览器测试已启用 (the browser suite runs: {} and {})",
            driver.display(),
            browser.display()
        ),
        Err(msg) => {
            print!("{msg}");
            if tools::required() {
                eprintln!(
                    "suite_status: {} is set: the browser suite must run",
                    tools::REQUIRE_ENV
                );
                std::process::exit(1);
            }
        }
    }
}
