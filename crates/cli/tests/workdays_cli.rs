//! `zhengwu workdays` and `zhengwu calendar` end to end: answers (hand-derived from HOLIDAYS.md and
//! MATRIX C2/C3), JSON output, exit codes (0 answered, 2 bad input) and loading a new year.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly on purpose

use serde_json::Value;
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

fn data_dir(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("zhengwu-cli-cal-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    d
}

fn run_in(dir: &PathBuf, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_zhengwu"))
        .args(args)
        .env("ZHENGWU_DATA_DIR", dir)
        .env_remove("ZHENGWU_LANG")
        .output()
        .unwrap()
}

fn run(args: &[&str]) -> Output {
    run_in(&data_dir("none"), args)
}

fn json(args: &[&str]) -> Value {
    let mut a = args.to_vec();
    a.push("--json");
    let o = run(&a);
    assert!(
        o.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_slice(&o.stdout).unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Bad input: exit 2 and exactly one line on stderr.
fn assert_input_error(o: &Output, contains: &str) {
    assert_eq!(
        o.status.code(),
        Some(2),
        "stdout: {} stderr: {}",
        stdout(o),
        stderr(o)
    );
    let e = stderr(o);
    assert_eq!(e.trim_end().lines().count(), 1, "one line: {e}");
    assert!(e.contains(contains), "{e}");
}

#[test]
fn the_five_documented_commands() {
    // 2026 National Day is 10-01…10-07 (HOLIDAYS.md), so Thu 10-08 works.
    let v = json(&["workdays", "is", "2026-10-08"]);
    assert_eq!(
        (v["answer"].clone(), v["provisional"].clone()),
        (Value::Bool(true), Value::Bool(false))
    );
    assert!(v["explain"].as_str().unwrap().contains("是工作日"));

    let v = json(&["workdays", "add", "2026-09-30", "1"]);
    assert_eq!(v["answer"], "2026-10-08");
    assert_eq!(v["notes"][0]["from"], "2026-10-01");
    assert_eq!(v["notes"][0]["to"], "2026-10-07");
    assert_eq!(v["notes"][0]["name"], "国庆节");

    assert_eq!(
        json(&["workdays", "between", "2026-09-28", "2026-10-12"])["answer"],
        6
    );
    // MATRIX C3.
    assert_eq!(
        json(&["workdays", "before", "2025-03-19", "5"])["answer"],
        "2025-03-12"
    );

    let o = run(&["workdays", "explain", "add", "2026-09-30", "3"]);
    assert!(o.status.success());
    let out = stdout(&o);
    assert!(out.contains("2026-10-10"), "{out}");
    assert!(
        out.contains("跳过 2026-10-01…2026-10-07 国庆节；2026-10-10 周六调休上班"),
        "{out}"
    );
    assert!(
        out.contains("国务院办公厅关于2026年部分节假日安排的通知"),
        "{out}"
    );

    // Negative N goes back: 5 working days before Mon 2026-10-12 = 10-10, 10-09, 10-08, 09-30, 09-29.
    assert_eq!(
        json(&["workdays", "add", "2026-10-12", "-5"])["answer"],
        "2026-09-29"
    );
}

#[test]
fn english_output() {
    let o = run(&["--lang", "en", "workdays", "is", "2026-10-10"]);
    assert!(
        stdout(&o).contains("is a working day: make-up working day for National Day"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn provisional_and_strict() {
    let v = json(&["workdays", "add", "2026-12-30", "5"]);
    assert_eq!(v["answer"], "2027-01-07");
    assert_eq!(v["provisional"], true);
    assert_eq!(v["provisional_years"], serde_json::json!([2027]));
    assert!(v["explain"].as_str().unwrap().contains("暂定"));
    let o = run(&["workdays", "add", "2026-12-30", "5"]);
    assert!(stdout(&o).contains("暂定"), "{}", stdout(&o));

    assert_input_error(
        &run(&["workdays", "add", "2026-12-30", "5", "--strict"]),
        "2027 年节假日安排尚未载入",
    );
    assert_input_error(
        &run(&["workdays", "is", "2019-05-06", "--strict"]),
        "2019 年节假日安排尚未载入",
    );
    // Strict still answers inside official years.
    assert!(
        run(&["workdays", "is", "2026-05-06", "--strict"])
            .status
            .success()
    );
}

#[test]
fn bad_input_exits_2_with_one_line() {
    assert_input_error(&run(&["workdays", "is", "2026-02-30"]), "不存在");
    assert_input_error(&run(&["workdays", "is", "10/08/2026"]), "YYYY-MM-DD");
    assert_input_error(&run(&["workdays", "add", "2026-01-05", "x"]), "N 应为整数");
    assert_input_error(
        &run(&["workdays", "add", "2026-01-05", "99999999999"]),
        "N 应为整数",
    );
    assert_input_error(
        &run(&["workdays", "before", "2026-01-05", "-3"]),
        "非负整数",
    );
    assert_input_error(
        &run(&["workdays", "add", "2099-12-01", "100"]),
        "超出日历支持的范围",
    );
    assert_input_error(
        &run(&["workdays", "is", "1999-12-31"]),
        "超出日历支持的范围",
    );
    let o = run(&["--lang", "en", "workdays", "is", "2026-13-01"]);
    assert_input_error(&o, "no such date");
}

const FAKE_2027: &str = "year = 2027\n\n[[notice]]\ntitle = \"测试用通知（虚构，不是真实的2027年通知）\"\ndate = 2026-11-30\n\n[[holiday]]\nname = \"春节\"\noff = [\"2027-02-05..2027-02-11\"]\nwork = [2027-02-20]\n";

#[test]
fn calendar_load_stores_the_year_in_the_database() {
    let dir = data_dir("load");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("2027.toml");
    let db = dir.join("zw.db");
    let db_s = db.to_str().unwrap();
    std::fs::write(&file, FAKE_2027.replace("2027-02-20", "2027-02-17")).unwrap();
    let f = file.to_str().unwrap();
    // A make-up day on a Wednesday is refused, naming the line; nothing is created.
    assert_input_error(
        &run_in(&dir, &["calendar", "load", f, "--db", db_s]),
        "第 10 行",
    );
    assert!(!db.exists());

    std::fs::write(&file, FAKE_2027).unwrap();
    let o = run_in(&dir, &["calendar", "load", f, "--db", db_s, "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["year"], 2027);
    assert_eq!(v["version"], 1);
    assert_eq!(v["previous_status"], "provisional");
    // Loaded again: the database's year is replaced (version 2), as `serve` will read it.
    let o = run_in(&dir, &["calendar", "load", f, "--db", db_s]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("替换此前载入的安排"), "{out}");
    assert!(out.contains("第 2 版"), "{out}");
    // Nothing is written into the data directory any more.
    assert!(!dir.join("calendar").exists());
    // The load is in the audit chain.
    let o = run_in(&dir, &["audit", "verify", "--db", db_s, "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));

    // The offline commands read a file put into <data-dir>/calendar/ by hand.
    std::fs::create_dir_all(dir.join("calendar")).unwrap();
    std::fs::copy(&file, dir.join("calendar/2027.toml")).unwrap();
    let o = run_in(
        &dir,
        &["workdays", "is", "2027-02-20", "--strict", "--json"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        (v["answer"].clone(), v["provisional"].clone()),
        (Value::Bool(true), Value::Bool(false))
    );
    let o = run_in(&dir, &["calendar", "list", "--json"]);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        v["provisional"],
        serde_json::json!([{"from": 2000, "to": 2019}, {"from": 2028, "to": 2099}])
    );
    // A corrupt file in the data directory is reported, not ignored.
    std::fs::write(dir.join("calendar/2028.toml"), "year = 2028\n[[notice]\n").unwrap();
    let o = run_in(&dir, &["workdays", "is", "2026-10-08"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("2028.toml"), "{}", stderr(&o));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn calendar_list_and_show() {
    let o = run(&["calendar", "list"]);
    assert!(o.status.success());
    let out = stdout(&o);
    assert!(out.contains("国办发明电〔2024〕12号"), "{out}");
    assert!(out.contains("2027–2099"), "{out}");
    let o = run(&["calendar", "show", "2027"]);
    let out = stdout(&o);
    assert!(out.contains("暂定"), "{out}");
    assert!(out.contains("元旦：放假 2027-01-01"), "{out}");
    assert_input_error(&run(&["calendar", "show", "1900"]), "年份");
}

#[test]
fn batch_mode() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_zhengwu"))
        .args(["workdays", "batch"])
        .env("ZHENGWU_DATA_DIR", data_dir("batch"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"is\t2026-10-08\nadd\t2026-09-30\t3\nbetween\t2026-09-28\t2026-10-12\nbefore\t2025-03-19\t5\nadd\t2026-12-30\t5\n")
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success());
    assert_eq!(
        stdout(&o),
        "1\t0\n2026-10-10\t0\n6\t0\n2025-03-12\t0\n2027-01-07\t1\n"
    );
}
