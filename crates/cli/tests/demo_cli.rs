//! `zhengwu demo` and `zhengwu account` as a user runs them: the demo loads once and prints its
//! accounts; accounts are created, listed and get a new password.
#![allow(clippy::expect_used, clippy::unwrap_used)] // a failed expectation in a test is the test failing

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

fn zhengwu(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_zhengwu"))
        .args(args)
        .env_remove("ZHENGWU_LANG")
        .env_remove("ZHENGWU_PROFILES_DIR")
        .env_remove("ZHENGWU_DATABASE_URL")
        .env_remove("ZHENGWU_PASSWORD")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("binary runs");
    let mut input = child.stdin.take().expect("stdin");
    if let Some(s) = stdin {
        // A command that does not read its input may exit first; its output is what is judged.
        if let Err(e) = input.write_all(s.as_bytes()) {
            assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "write stdin: {e}");
        }
    }
    drop(input);
    child.wait_with_output().expect("binary finishes")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

struct Db(PathBuf);

impl Db {
    fn new(name: &str) -> Db {
        let dir = std::env::temp_dir().join(format!("zhengwu-cli-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Db(dir)
    }
    fn url(&self) -> String {
        self.0.join("z.db").to_str().unwrap().to_string()
    }
}

impl Drop for Db {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn demo_loads_once_and_prints_the_accounts() {
    let db = Db::new("demo");
    let out = zhengwu(&["demo", "--profile", "zhangdian", "--db", &db.url()], None);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let s = text(&out.stdout);
    assert!(s.contains("已载入 张店区人民政府"), "{s}");
    assert!(s.contains("zhangdian-office"), "{s}");
    assert!(s.contains("常务副区长"), "{s}");
    assert!(s.contains("zhengwu-demo"), "the password is printed: {s}");
    let again = zhengwu(&["demo", "--profile", "zhangdian", "--db", &db.url()], None);
    assert_eq!(again.status.code(), Some(0));
    let s = text(&again.stdout);
    assert!(s.contains("已存在") && s.contains("新建账号 0 个"), "{s}");
    let out = zhengwu(&["demo", "--profile", "nowhere", "--db", &db.url()], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("nowhere"));
}

#[test]
fn accounts_are_created_listed_and_get_a_new_password() {
    let db = Db::new("account");
    let url = db.url();
    let out = zhengwu(
        &[
            "account", "create", "wang", "--name", "王某", "--role", "office", "--db", &url,
        ],
        Some("first-password\n"),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let out = zhengwu(
        &[
            "account", "create", "li", "--name", "李某", "--role", "mayor", "--db", &url,
        ],
        Some("first-password\n"),
    );
    assert_eq!(out.status.code(), Some(2), "an unknown role is refused");
    let out = zhengwu(
        &["account", "create", "zhao", "--name", "赵某", "--db", &url],
        Some("short\n"),
    );
    assert_ne!(out.status.code(), Some(0), "a short password is refused");
    let out = zhengwu(&["account", "list", "--json", "--db", &url], None);
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["username"], "wang");
    assert_eq!(list[0]["roles"][0], "office");
    let out = zhengwu(
        &[
            "account",
            "passwd",
            "wang",
            "--password",
            "second-password",
            "--db",
            &url,
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let out = zhengwu(
        &[
            "account",
            "passwd",
            "nobody",
            "--password",
            "second-password",
            "--db",
            &url,
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
}
