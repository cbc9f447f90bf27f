//! The public case suite: every `cases/<profile>/*.jsonl` and `cases/cross/*.jsonl` case is evaluated
//! and compared with its hand-derived expectation (see cases/README.md for the format). The suite
//! fails when it finds no cases, and when a government of the registry has none of its own.
#![allow(clippy::expect_used, clippy::unwrap_used)] // a failed expectation in a test is the test failing

use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use zhengwu_calendar::Calendar;
use zhengwu_rules::{Registry, check_json};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn registry() -> Registry {
    let mut reg = Registry::builtin().expect("built-in profiles load");
    reg.add_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures"))
        .expect("fixtures load");
    reg
}

fn articles(v: &Value, key: &str) -> Vec<String> {
    let mut out: Vec<String> = v[key]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|f| f["citation"]["article"].as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// Compares a verdict with an expectation; returns the differences.
fn compare(verdict: &Value, expect: &Value) -> Vec<String> {
    let mut diffs = Vec::new();
    let Some(exp) = expect.as_object() else {
        return vec!["expect is not an object".into()];
    };
    for (key, want) in exp {
        match key.as_str() {
            "outcome" | "provisional" => {
                if &verdict[key] != want {
                    diffs.push(format!("{key}: want {want}, got {}", verdict[key]));
                }
            }
            "violations" | "warnings" => {
                let mut w: Vec<String> = want
                    .as_array()
                    .map(|a| {
                        a.iter()
                            .filter_map(|x| x.as_str().map(String::from))
                            .collect()
                    })
                    .unwrap_or_default();
                w.sort();
                let got = articles(verdict, key);
                if w != got {
                    diffs.push(format!("{key}: want {w:?}, got {got:?}"));
                }
            }
            "deadlines" => {
                let got = verdict["deadlines"].as_array().cloned().unwrap_or_default();
                let want = want.as_array().cloned().unwrap_or_default();
                if got.len() != want.len() {
                    diffs.push(format!(
                        "deadlines: want {} entries, got {}: {}",
                        want.len(),
                        got.len(),
                        Value::Array(got.clone())
                    ));
                } else {
                    for (i, (w, g)) in want.iter().zip(&got).enumerate() {
                        for (k, wv) in w.as_object().into_iter().flatten() {
                            if &g[k] != wv {
                                diffs.push(format!(
                                    "deadlines[{i}].{k}: want {wv}, got {} ({})",
                                    g[k], g["explain"]
                                ));
                            }
                        }
                    }
                }
            }
            "chain" => {
                let got: Vec<String> = verdict["chain"]
                    .as_array()
                    .map(|a| {
                        a.iter()
                            .map(|s| {
                                format!(
                                    "{}:{}",
                                    s["step"].as_str().unwrap_or(""),
                                    s["role"].as_str().unwrap_or("")
                                )
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                let w: Vec<String> = want
                    .as_array()
                    .map(|a| {
                        a.iter()
                            .filter_map(|x| x.as_str().map(String::from))
                            .collect()
                    })
                    .unwrap_or_default();
                if got != w {
                    diffs.push(format!("chain: want {w:?}, got {got:?}"));
                }
            }
            "manual_steps" => {
                let got: Vec<String> = verdict["manual_steps"]
                    .as_array()
                    .map(|a| {
                        a.iter()
                            .filter_map(|s| s["step"].as_str().map(String::from))
                            .collect()
                    })
                    .unwrap_or_default();
                let w: Vec<String> = want
                    .as_array()
                    .map(|a| {
                        a.iter()
                            .filter_map(|x| x.as_str().map(String::from))
                            .collect()
                    })
                    .unwrap_or_default();
                if got != w {
                    diffs.push(format!("manual_steps: want {w:?}, got {got:?}"));
                }
            }
            "status" => match want {
                Value::Object(m) => {
                    for (k, wv) in m {
                        if &verdict["status"][k] != wv {
                            diffs.push(format!(
                                "status.{k}: want {wv}, got {}",
                                verdict["status"][k]
                            ));
                        }
                    }
                }
                _ => {
                    if &verdict["status"] != want {
                        diffs.push(format!("status: want {want}, got {}", verdict["status"]));
                    }
                }
            },
            other => diffs.push(format!("unknown expectation key {other}")),
        }
    }
    diffs
}

struct Suite {
    reg: Registry,
    cal: Calendar,
    run: usize,
    failures: Vec<String>,
    per_profile: BTreeMap<String, usize>,
    kinds: BTreeMap<String, std::collections::BTreeSet<String>>,
}

fn run_one(suite: &mut Suite, file: &Path, id: &str, case: &Value, profile: &str, expect: &Value) {
    suite.run += 1;
    *suite.per_profile.entry(profile.to_string()).or_default() += 1;
    let kind = case["kind"].as_str().unwrap_or("?").to_string();
    suite
        .kinds
        .entry(profile.to_string())
        .or_default()
        .insert(kind);
    let json = case.to_string();
    match check_json(&suite.reg, &suite.cal, &json, Some(profile)) {
        Ok(v) => {
            let v = serde_json::to_value(&v).expect("verdict serialises");
            let diffs = compare(&v, expect);
            if !diffs.is_empty() {
                suite.failures.push(format!(
                    "{} [{id} @ {profile}]\n    {}",
                    file.display(),
                    diffs.join("\n    ")
                ));
            }
        }
        Err(e) => suite
            .failures
            .push(format!("{} [{id} @ {profile}]: error {e}", file.display())),
    }
}

#[test]
fn public_case_suite() {
    let mut suite = Suite {
        reg: registry(),
        cal: Calendar::official(),
        run: 0,
        failures: Vec::new(),
        per_profile: BTreeMap::new(),
        kinds: BTreeMap::new(),
    };
    let mut cross_cases = 0;
    // Cases per government directory (`cases/<id>/`, not `cross/`), whatever profile they name.
    let mut own_cases: BTreeMap<String, usize> = BTreeMap::new();
    let dir = root().join("cases");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("cases/ exists")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .flat_map(|d| {
            std::fs::read_dir(d.path())
                .into_iter()
                .flatten()
                .filter_map(|e| e.ok())
                .map(|e| e.path())
        })
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    files.sort();
    for file in &files {
        let cross = file
            .parent()
            .and_then(|p| p.file_name())
            .is_some_and(|n| n == "cross");
        let text = std::fs::read_to_string(file).expect("readable");
        for (n, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let entry: Value = match serde_json::from_str(line) {
                Ok(v) => v,
                Err(e) => {
                    suite
                        .failures
                        .push(format!("{}:{}: not JSON: {e}", file.display(), n + 1));
                    continue;
                }
            };
            let id = entry["id"].as_str().unwrap_or("?").to_string();
            if entry["source"].as_str().is_none_or(|s| s.trim().is_empty()) {
                suite.failures.push(format!(
                    "{}:{} [{id}]: every case needs a `source` quoting the seed",
                    file.display(),
                    n + 1
                ));
            }
            let case = &entry["case"];
            if cross {
                cross_cases += 1;
                let Some(exp) = entry["expect"].as_object() else {
                    suite.failures.push(format!(
                        "{}:{} [{id}]: cross case needs expect per profile",
                        file.display(),
                        n + 1
                    ));
                    continue;
                };
                if exp.len() < 2 {
                    suite.failures.push(format!(
                        "{}:{} [{id}]: cross case needs ≥ 2 profiles",
                        file.display(),
                        n + 1
                    ));
                }
                let distinct: std::collections::BTreeSet<String> =
                    exp.values().map(|v| v.to_string()).collect();
                if distinct.len() < 2 {
                    suite.failures.push(format!(
                        "{}:{} [{id}]: cross case must show differing verdicts",
                        file.display(),
                        n + 1
                    ));
                }
                for (profile, expect) in exp {
                    run_one(&mut suite, file, &id, case, profile, expect);
                }
            } else {
                if let Some(d) = file
                    .parent()
                    .and_then(|p| p.file_name())
                    .and_then(|n| n.to_str())
                {
                    *own_cases.entry(d.to_string()).or_default() += 1;
                    if case["profile"].as_str() != Some(d) {
                        suite.failures.push(format!(
                            "{}:{} [{id}]: a case in cases/{d}/ must name profile \"{d}\"",
                            file.display(),
                            n + 1
                        ));
                    }
                }
                let profile = case["profile"].as_str().unwrap_or("").to_string();
                run_one(&mut suite, file, &id, case, &profile, &entry["expect"]);
            }
        }
    }
    eprintln!(
        "case suite: {} evaluations from {} files ({cross_cases} cross-government cases)",
        suite.run,
        files.len()
    );
    for (p, n) in &suite.per_profile {
        eprintln!(
            "  {p}: {n} evaluations, {} kinds",
            suite.kinds.get(p).map_or(0, |k| k.len())
        );
    }
    // A suite that finds nothing proves nothing: every government the registry knows (the five
    // built in and the fixtures) must have cases of its own in `cases/<id>/`.
    if suite.run == 0 {
        suite.failures.push(format!(
            "no cases found under {} ({} files)",
            dir.display(),
            files.len()
        ));
    }
    for id in suite.reg.ids() {
        let own = own_cases.get(id).copied().unwrap_or(0);
        if own == 0 {
            suite
                .failures
                .push(format!("{id}: no cases in {}", dir.join(id).display()));
        }
    }
    for id in ["liaocheng", "jining", "taian", "changle", "zhangdian"] {
        if !suite.reg.ids().any(|x| x == id) {
            suite.failures.push(format!(
                "{id}: not in the registry (DESIGN.md's five governments)"
            ));
        }
    }
    if !suite.failures.is_empty() {
        panic!(
            "{} failures in the case suite ({} case evaluations run):\n{}",
            suite.failures.len(),
            suite.run,
            suite.failures.join("\n")
        );
    }
}
