//! Not a test harness: says in the plain output of `cargo test` whether the PostgreSQL half of the
//! store suites (conformance, documents, meetings, supervision, follow-up) runs. Their own banner is
//! printed inside passing tests, whose output the harness captures; this target has
//! `harness = false`, so what it prints is shown as it is.
//!
//! Exits 1 when `ZHENGWU_TEST_POSTGRES_URL` is unset and `ZHENGWU_REQUIRE_POSTGRES=1`, else 0. It
//! runs no tests itself (whether the server answers, the suites find out).
#![allow(clippy::expect_used, clippy::unwrap_used)] // the shared test harness (common/) unwraps

#[path = "common/mod.rs"]
mod common;

fn main() {
    // A test lister (`--list`, e.g. cargo-nextest) gets no tests and no banner.
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    if common::postgres_url().is_some() {
        println!(
            "suite_status: PostgreSQL 一致性测试已启用 (the PostgreSQL conformance suite runs: {} is set)",
            common::PG_ENV
        );
        return;
    }
    println!(
        "\n\
         ************************************************************************\n\
         PostgreSQL 一致性测试未运行 (the PostgreSQL conformance suite did NOT run: set {pg})\n\
         e.g. {pg}=postgres://postgres@127.0.0.1:5432/test; only SQLite was tested.\n\
         {req}=1 makes this a failure.\n\
         ************************************************************************",
        pg = common::PG_ENV,
        req = common::REQUIRE_PG_ENV,
    );
    if std::env::var(common::REQUIRE_PG_ENV).is_ok_and(|v| v == "1") {
        eprintln!(
            "suite_status: {} is set: the PostgreSQL suite must run",
            common::REQUIRE_PG_ENV
        );
        std::process::exit(1);
    }
}
