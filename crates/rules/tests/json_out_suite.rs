//! `write_verdict` (the hand JSON writer of `check --batch`) writes byte for byte what serde_json
//! writes, over every verdict of the public suite: each case of every file under `cases/` (cross
//! cases once per government they name, the fixture county with its fixture profile).
#![allow(clippy::expect_used, clippy::unwrap_used)] // a failed expectation in a test is the test failing

use serde_json::Value;
use std::path::{Path, PathBuf};
use zhengwu_calendar::Calendar;
use zhengwu_rules::{Registry, check_json, write_verdict};

fn case_files() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../cases");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("cases/ exists")
        .map(|e| e.expect("cases/ readable").path())
        .filter(|p| p.is_dir())
        .flat_map(|d| {
            std::fs::read_dir(d)
                .expect("case directory readable")
                .map(|e| e.expect("case directory readable").path())
        })
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    files.sort();
    files
}

#[test]
fn write_verdict_writes_serde_json_s_bytes_over_the_public_suite() {
    let mut reg = Registry::builtin().expect("built-in profiles load");
    reg.add_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures"))
        .expect("fixtures load");
    let cal = Calendar::official();
    let files = case_files();
    let mut compared = 0usize;
    let mut bytes = 0usize;
    let mut buf = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("readable");
        for (n, line) in text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
        {
            let entry: Value = serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("{}:{}: {e}", file.display(), n + 1));
            let case = entry["case"].to_string();
            // A cross case names its governments in `expect`; any other case names its own.
            let profiles: Vec<Option<String>> = if entry["case"].get("profile").is_some() {
                vec![None]
            } else {
                entry["expect"]
                    .as_object()
                    .map(|m| m.keys().cloned().map(Some).collect())
                    .unwrap_or_default()
            };
            for p in profiles {
                let v = check_json(&reg, &cal, &case, p.as_deref())
                    .unwrap_or_else(|e| panic!("{}:{} ({p:?}): {e}", file.display(), n + 1));
                let want = serde_json::to_string(&v).expect("verdict serialises");
                buf.clear();
                write_verdict(&v, &mut buf);
                assert!(
                    want.as_bytes() == buf.as_slice(),
                    "{}:{} ({p:?}): write_verdict differs from serde_json\n serde_json:    {want}\n write_verdict: {}",
                    file.display(),
                    n + 1,
                    String::from_utf8_lossy(&buf)
                );
                compared += 1;
                bytes += buf.len();
            }
        }
    }
    eprintln!(
        "write_verdict = serde_json on {compared} verdicts ({bytes} bytes) from {} files",
        files.len()
    );
    assert!(
        compared > 0,
        "no verdicts compared: no case files found under cases/"
    );
}
