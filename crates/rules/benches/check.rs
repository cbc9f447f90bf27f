//! Throughput of rule evaluation as `check --batch` does it: parse the JSON case, evaluate, write the
//! verdict's JSON into a reused buffer (`write_verdict`, as the CLI does). Groups: the deadline kinds, the quorum kind, and the whole public suite replicated.
//! Run: cargo bench -p zhengwu-rules --bench check
#![allow(clippy::expect_used, clippy::unwrap_used)] // a failed expectation in a test is the test failing

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::path::Path;

// The `zhengwu` binary's allocator, so the figures are those of `check --batch`.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
use zhengwu_calendar::Calendar;
use zhengwu_rules::{Registry, check_json, write_verdict};

/// Every single-profile case of the public suite, as (kind, JSON line with profile).
fn suite() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../cases");
    let mut out = Vec::new();
    let Ok(dirs) = std::fs::read_dir(&root) else {
        return out;
    };
    for d in dirs.flatten() {
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
                out.push((kind, v["case"].to_string()));
            }
        }
    }
    out
}

fn bench(c: &mut Criterion) {
    let reg = Registry::builtin().expect("profiles");
    let cal = Calendar::official();
    let all = suite();
    let deadline_kinds = [
        "reply_deadline",
        "leader_instruction",
        "countersign",
        "post_meeting_document",
        "disclosure_request",
        "workdays",
    ];
    let groups: Vec<(&str, Vec<&String>)> = vec![
        (
            "deadline_kinds",
            all.iter()
                .filter(|(k, _)| deadline_kinds.contains(&k.as_str()))
                .map(|(_, j)| j)
                .collect(),
        ),
        (
            "meeting_quorum",
            all.iter()
                .filter(|(k, _)| k == "meeting_quorum")
                .map(|(_, j)| j)
                .collect(),
        ),
        ("mixed_public_suite", all.iter().map(|(_, j)| j).collect()),
    ];
    let mut g = c.benchmark_group("check");
    for (name, cases) in groups {
        if cases.is_empty() {
            continue;
        }
        g.throughput(Throughput::Elements(cases.len() as u64));
        g.bench_function(name, |b| {
            let mut buf = Vec::with_capacity(4096);
            b.iter(|| {
                for j in &cases {
                    buf.clear();
                    if let Ok(v) = check_json(&reg, &cal, j, None) {
                        write_verdict(&v, &mut buf);
                    }
                }
                buf.len()
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
