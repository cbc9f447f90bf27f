//! The `check` and `profile` commands as a user runs them: exit codes, messages, JSON Lines order.
#![allow(clippy::expect_used, clippy::unwrap_used)] // a failed expectation in a test is the test failing

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn zhengwu(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_zhengwu"))
        .args(args)
        .env_remove("ZHENGWU_LANG")
        .env_remove("ZHENGWU_PROFILES_DIR")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("binary runs");
    if let Some(s) = stdin {
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(s.as_bytes())
            .expect("write stdin");
    } else {
        drop(child.stdin.take());
    }
    child.wait_with_output().expect("binary finishes")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

const WORKDAYS: &str =
    r#"{"kind":"workdays","profile":"liaocheng","op":"before","date":"2025-03-19","n":5}"#;

#[test]
fn a_valid_case_exits_zero_with_a_verdict() {
    let out = zhengwu(&["check", "-"], Some(WORKDAYS));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("verdict JSON");
    assert_eq!(v["kind"], "workdays");
    assert_eq!(v["profile"], "liaocheng");
    assert_eq!(v["rules_version"], "2022-03-08");
}

#[test]
fn invalid_input_exits_two_naming_the_field() {
    let out = zhengwu(
        &["check", "-"],
        Some(r#"{"kind":"workdays","profile":"liaocheng","op":"add","date":"2025-02-30","n":1}"#),
    );
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("date") && err.contains("2025-02-30"), "{err}");
    assert!(!err.contains("panicked"), "{err}");

    let out = zhengwu(&["check", "-"], Some("{not json"));
    assert_eq!(out.status.code(), Some(2));

    let out = zhengwu(
        &["--lang", "en", "check", "-"],
        Some(r#"{"kind":"no_such_kind","profile":"taian"}"#),
    );
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.starts_with("error: invalid case: field kind"), "{err}");
}

#[test]
fn unknown_profile_on_the_command_line_exits_two() {
    let out = zhengwu(&["check", "--profile", "beijing", "-"], Some(WORKDAYS));
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("beijing"));
}

#[test]
fn batch_keeps_order_and_reports_bad_lines_in_place() {
    let input = format!(
        "{WORKDAYS}\n{{\"kind\":\"workdays\"\n\n{}\n",
        WORKDAYS.replace("liaocheng", "changle")
    );
    let out = zhengwu(&["check", "--batch", "-"], Some(&input));
    assert_eq!(
        out.status.code(),
        Some(2),
        "a bad line makes the batch exit 2"
    );
    let lines: Vec<serde_json::Value> = text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["profile"], "liaocheng");
    assert_eq!(lines[1]["line"], 2);
    assert!(lines[1]["error"]["message"].is_string());
    assert_eq!(lines[2]["profile"], "changle");
}

#[test]
fn profile_check_reports_file_line_and_field() {
    let dir = std::env::temp_dir().join(format!("zhengwu-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp");
    let bad = dir.join("bad.toml");
    std::fs::write(&bad, "id = \"x\"\ngovernment = 3\n").expect("write");
    let out = zhengwu(&["profile", "check", bad.to_str().expect("utf8")], None);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("bad.toml:2:") && err.contains("government"),
        "{err}"
    );
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../rules/tests/fixtures/fengyuan.toml"
    );
    let out = zhengwu(&["profile", "check", fixture], None);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

#[test]
fn a_sixth_government_works_from_a_file() {
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../rules/tests/fixtures/fengyuan.toml"
    );
    let out = zhengwu(&["profiles", "--profile-file", fixture, "--json"], None);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let ids: Vec<&str> = v
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|p| p["id"].as_str())
        .collect();
    assert_eq!(
        ids,
        [
            "changle",
            "fengyuan",
            "jining",
            "liaocheng",
            "taian",
            "zhangdian"
        ]
    );
    let case = WORKDAYS.replace("liaocheng", "fengyuan");
    let out = zhengwu(&["check", "--profile-file", fixture, "-"], Some(&case));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

#[test]
fn profile_show_and_diff_and_coverage_run() {
    let out = zhengwu(&["profile", "show", "liaocheng", "--json"], None);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["government"], "聊城市人民政府");
    let out = zhengwu(
        &["profile", "diff", "liaocheng", "zhangdian", "--json"],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let out = zhengwu(&["profile", "coverage", "--json", "--deny-missing"], None);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v.as_array().map(|a| a.len()), Some(5));
    let out = zhengwu(&["profile", "show", "nowhere"], None);
    assert_eq!(out.status.code(), Some(2));
}
