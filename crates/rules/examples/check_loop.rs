//! A small driver for profiling `check_json` + verdict serialisation (e.g. under
//! `valgrind --tool=callgrind`): `cargo run --release -p zhengwu-rules --example check_loop -- GROUP N`
//! with GROUP = deadline_kinds | meeting_quorum | mixed_public_suite.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::path::Path;

// The `zhengwu` binary's allocator, so the figures are those of `check --batch`.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
use zhengwu_calendar::Calendar;
use zhengwu_rules::{Registry, check_json};

fn main() {
    let mut args = std::env::args().skip(1);
    let group = args.next().unwrap_or_else(|| "mixed_public_suite".into());
    let n: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(100);
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../cases");
    let deadline_kinds = [
        "reply_deadline",
        "leader_instruction",
        "countersign",
        "post_meeting_document",
        "disclosure_request",
        "workdays",
    ];
    let mut cases = Vec::new();
    for d in std::fs::read_dir(&root).unwrap().flatten() {
        if d.file_name() == "cross" || d.file_name() == "fengyuan" {
            continue;
        }
        for f in std::fs::read_dir(d.path()).into_iter().flatten().flatten() {
            let Ok(text) = std::fs::read_to_string(f.path()) else {
                continue;
            };
            for line in text.lines() {
                let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
                    continue;
                };
                let kind = v["case"]["kind"].as_str().unwrap_or("").to_string();
                let keep = match group.as_str() {
                    "deadline_kinds" => deadline_kinds.contains(&kind.as_str()),
                    "meeting_quorum" => kind == "meeting_quorum",
                    _ => true,
                };
                if keep {
                    cases.push(v["case"].to_string());
                }
            }
        }
    }
    let reg = Registry::builtin().unwrap();
    let cal = Calendar::official();
    if group == "dump" {
        // Every verdict as serde_json writes it, and as write_verdict writes it (must be the same).
        for j in &cases {
            match check_json(&reg, &cal, j, None) {
                Ok(v) => {
                    let a = serde_json::to_string(&v).unwrap();
                    let mut b = Vec::new();
                    zhengwu_rules::write_verdict(&v, &mut b);
                    assert_eq!(a.as_bytes(), b.as_slice());
                    println!("{a}");
                }
                Err(e) => println!("error: {e:?}"),
            }
        }
        return;
    }
    let t = std::time::Instant::now();
    let total = run_loop(&reg, &cal, &cases, n);
    let el = t.elapsed();
    let k = (n * cases.len()) as f64;
    println!(
        "{group}: {} cases x {n}: {:.0} cases/s ({total} bytes)",
        cases.len(),
        k / el.as_secs_f64()
    );
}

/// The measured loop (a separate function so a profiler can collect it alone:
/// `valgrind --tool=callgrind --toggle-collect='check_loop::run_loop' …`).
#[inline(never)]
fn run_loop(reg: &Registry, cal: &Calendar, cases: &[String], n: usize) -> usize {
    let mut buf = Vec::with_capacity(4096);
    let mut total = 0usize;
    for _ in 0..n {
        for j in cases {
            buf.clear();
            if let Ok(v) = check_json(reg, cal, j, None) {
                zhengwu_rules::write_verdict(&v, &mut buf);
            }
            total += buf.len();
        }
    }
    total
}
