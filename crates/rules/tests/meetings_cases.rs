//! The meetings area's case files (cases/<profile>/meetings.jsonl, cases/fengyuan/meetings.jsonl,
//! cases/cross/meetings.jsonl) run through `check_json`, and the meetings/decisions sections of every
//! profile checked for roles the government does not have. Expectations in the files were derived by
//! hand from the seeds and the 2025 calendar (MATRIX C1); this runner only compares.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::Value;
use std::path::{Path, PathBuf};
use zhengwu_calendar::Calendar;
use zhengwu_rules::{Registry, check_json};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn registry() -> Registry {
    let mut r = Registry::builtin().unwrap_or_else(|e| panic!("{e}"));
    r.add_file(&root().join("crates/rules/tests/fixtures/fengyuan.toml"))
        .unwrap_or_else(|e| panic!("{e}"));
    r
}

/// Compares one verdict against one expectation; returns the differences.
fn compare(v: &Value, e: &Value) -> Vec<String> {
    let mut diffs = Vec::new();
    if v["outcome"] != e["outcome"] {
        diffs.push(format!(
            "outcome {} != expected {}",
            v["outcome"], e["outcome"]
        ));
    }
    for key in ["violations", "warnings"] {
        if let Some(want) = e.get(key) {
            let mut got: Vec<String> = v[key]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| f["citation"]["article"].as_str().unwrap().to_string())
                .collect();
            let mut want: Vec<String> = want
                .as_array()
                .unwrap()
                .iter()
                .map(|x| x.as_str().unwrap().to_string())
                .collect();
            got.sort();
            want.sort();
            if got != want {
                diffs.push(format!("{key} {got:?} != expected {want:?}"));
            }
        }
    }
    if let Some(want) = e.get("deadlines") {
        let got = v["deadlines"].as_array().unwrap();
        let want = want.as_array().unwrap();
        if got.len() != want.len() {
            diffs.push(format!(
                "deadlines: {} != expected {}",
                got.len(),
                want.len()
            ));
        } else {
            for (g, w) in got.iter().zip(want) {
                for (k, val) in w.as_object().unwrap() {
                    if &g[k] != val {
                        diffs.push(format!("deadline {k}: {} != expected {val}", g[k]));
                    }
                }
            }
        }
    }
    if let Some(want) = e.get("chain") {
        let got: Vec<String> = v["chain"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| {
                format!(
                    "{}:{}",
                    s["step"].as_str().unwrap(),
                    s["role"].as_str().unwrap()
                )
            })
            .collect();
        let want: Vec<String> = want
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_str().unwrap().to_string())
            .collect();
        if got != want {
            diffs.push(format!("chain {got:?} != expected {want:?}"));
        }
    }
    if let Some(want) = e.get("status") {
        match want.as_object() {
            Some(obj) => {
                for (k, val) in obj {
                    if &v["status"][k] != val {
                        diffs.push(format!("status.{k}: {} != expected {val}", v["status"][k]));
                    }
                }
            }
            None if &v["status"] != want => {
                diffs.push(format!("status {} != expected {want}", v["status"]))
            }
            None => {}
        }
    }
    if let Some(want) = e.get("provisional")
        && &v["provisional"] != want
    {
        diffs.push(format!(
            "provisional {} != expected {want}",
            v["provisional"]
        ));
    }
    if let Some(want) = e.get("manual_steps") {
        let got: Vec<String> = v
            .get("manual_steps")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .map(|s| s["step"].as_str().unwrap().to_string())
                    .collect()
            })
            .unwrap_or_default();
        let want: Vec<String> = want
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_str().unwrap().to_string())
            .collect();
        if got != want {
            diffs.push(format!("manual_steps {got:?} != expected {want:?}"));
        }
    }
    diffs
}

fn run_file(reg: &Registry, cal: &Calendar, path: &Path) -> (usize, Vec<String>) {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut n = 0;
    let mut fails = Vec::new();
    for (i, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let c: Value = serde_json::from_str(line)
            .unwrap_or_else(|e| panic!("{}:{}: {e}", path.display(), i + 1));
        let id = c["id"].as_str().unwrap_or("?").to_string();
        assert!(
            c["source"].as_str().is_some_and(|s| !s.is_empty()),
            "{id}: every case quotes its source"
        );
        let case = c["case"].clone();
        let runs: Vec<(Option<String>, Value)> = if case.get("profile").is_some() {
            vec![(None, c["expect"].clone())]
        } else {
            c["expect"]
                .as_object()
                .unwrap()
                .iter()
                .map(|(p, e)| (Some(p.clone()), e.clone()))
                .collect()
        };
        for (profile, expect) in runs {
            n += 1;
            let mut case = case.clone();
            if let Some(p) = &profile {
                case["profile"] = Value::String(p.clone());
            }
            let label = format!(
                "{id}{}",
                profile.map(|p| format!(" [{p}]")).unwrap_or_default()
            );
            match check_json(reg, cal, &case.to_string(), None) {
                Ok(v) => {
                    let v = serde_json::to_value(&v).unwrap();
                    let d = compare(&v, &expect);
                    if !d.is_empty() {
                        fails.push(format!("{label}: {}\n    verdict: {v}", d.join("; ")));
                    }
                }
                Err(e) => fails.push(format!("{label}: error {e}")),
            }
        }
    }
    (n, fails)
}

#[test]
fn meetings_case_files() {
    let reg = registry();
    let cal = Calendar::official();
    let mut total = 0;
    let mut fails = Vec::new();
    for dir in [
        "liaocheng",
        "jining",
        "taian",
        "changle",
        "zhangdian",
        "fengyuan",
        "cross",
    ] {
        let path = root().join("cases").join(dir).join("meetings.jsonl");
        let (n, f) = run_file(&reg, &cal, &path);
        total += n;
        fails.extend(f);
    }
    assert!(
        fails.is_empty(),
        "{} of {total} meetings cases failed:\n{}",
        fails.len(),
        fails.join("\n")
    );
}

#[test]
fn meetings_sections_name_only_roles_the_government_has() {
    let reg = registry();
    for id in [
        "liaocheng",
        "jining",
        "taian",
        "changle",
        "zhangdian",
        "fengyuan",
    ] {
        for l in reg.versions(id) {
            let mut errs = Vec::new();
            l.profile
                .meetings
                .validate_roles(&l.profile.roles, &mut errs);
            l.profile
                .decisions
                .validate_meetings(&l.profile.meetings, &mut errs);
            assert!(errs.is_empty(), "{id}: {errs:?}");
        }
    }
}
