//! Browser tests of the web UI in headless Chromium, driven over WebDriver (chromedriver +
//! fantoccini). The server runs in-process on a random port with a fresh SQLite database holding
//! the 聊城 demo government. Screenshots of the main screens are saved as test artefacts in
//! `$ZHENGWU_SCREENSHOTS`, else `<target dir>/screenshots/`.
//!
//! Needs the Debian packages `chromium` and `chromium-driver` (`.ci/run` installs them). Without
//! them the test prints a loud banner and passes without running (like the PostgreSQL suite);
//! set `ZHENGWU_REQUIRE_BROWSER=1` to make their absence a failure instead.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use zhengwu_rules::Registry;
use zhengwu_server::{AppState, Config};
use zhengwu_store::Store;

/// A program on the PATH (or named by an environment variable).
fn which(env: &str, names: &[&str]) -> Option<PathBuf> {
    if let Ok(p) = std::env::var(env) {
        let p = PathBuf::from(p);
        return p.is_file().then_some(p);
    }
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for n in names {
            let p = dir.join(n);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    None
}

/// chromedriver and the browser, or a loud banner saying the suite did not run.
fn tools() -> Option<(PathBuf, PathBuf)> {
    let driver = which("ZHENGWU_CHROMEDRIVER", &["chromedriver"]);
    let browser = which(
        "ZHENGWU_CHROMIUM",
        &["chromium", "chromium-browser", "google-chrome"],
    );
    match (driver, browser) {
        (Some(d), Some(b)) => Some((d, b)),
        (d, b) => {
            let msg = format!(
                "\n\
                 ************************************************************************\n\
                 BROWSER TESTS NOT RUN: {}{} not found.\n\
                 Install the Debian packages chromium and chromium-driver (.ci/run does),\n\
                 or point ZHENGWU_CHROMEDRIVER / ZHENGWU_CHROMIUM at them.\n\
                 ************************************************************************\n",
                if d.is_none() { "chromedriver " } else { "" },
                if b.is_none() { "chromium" } else { "" },
            );
            // Written to the process's stderr directly, so the test harness's capture of passing
            // tests does not swallow it.
            let _ = std::io::Write::write_all(&mut std::io::stderr(), msg.as_bytes());
            if std::env::var("ZHENGWU_REQUIRE_BROWSER").is_ok_and(|v| v == "1") {
                panic!("{msg}");
            }
            None
        }
    }
}

fn screenshot_dir() -> PathBuf {
    let dir = match std::env::var("ZHENGWU_SCREENSHOTS") {
        Ok(d) => PathBuf::from(d),
        Err(_) => {
            let target = std::env::var("CARGO_TARGET_DIR").map_or_else(
                |_| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target"),
                PathBuf::from,
            );
            target.join("screenshots")
        }
    };
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Ends the chromedriver it started (by its own handle) when dropped.
struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

async fn start_driver(path: &Path) -> (Driver, String) {
    let port = free_port();
    let child = Command::new(path)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromedriver");
    let driver = Driver(child);
    let start = Instant::now();
    while tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .is_err()
    {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "chromedriver did not start"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    (driver, format!("http://127.0.0.1:{port}"))
}

struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Starts the server with the demo data; returns its base URL and the shutdown trigger.
async fn start_server(dir: &Path) -> (String, tokio::sync::oneshot::Sender<()>) {
    let db = dir.join("zhengwu.db");
    let store = Store::open(db.to_str().unwrap()).await.unwrap();
    let registry = Registry::builtin().unwrap();
    zhengwu_server::ui::demo::seed(&store, &registry, "liaocheng")
        .await
        .unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let state = AppState::new(store, registry, Config::default());
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(async move {
        zhengwu_server::serve(listener, state, async {
            let _ = rx.await;
        })
        .await
        .unwrap();
    });
    (base, tx)
}

async fn shot(c: &Client, dir: &Path, name: &str) {
    let png = c.screenshot().await.unwrap();
    std::fs::write(dir.join(format!("{name}.png")), png).unwrap();
}

async fn text(c: &Client, css: &str) -> String {
    c.wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("no element {css}: {e}"))
        .text()
        .await
        .unwrap()
}

/// Logs in through the form.
async fn login(c: &Client, base: &str, user: &str) {
    c.goto(&format!("{base}/ui/login")).await.unwrap();
    c.find(Locator::Id("username"))
        .await
        .unwrap()
        .send_keys(user)
        .await
        .unwrap();
    c.find(Locator::Id("password"))
        .await
        .unwrap()
        .send_keys(zhengwu_server::ui::demo::DEMO_PASSWORD)
        .await
        .unwrap();
    c.find(Locator::Id("login-submit"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn office_walks_the_main_screens() {
    let Some((driver_path, browser)) = tools() else {
        return;
    };
    let dir = TempDir(std::env::temp_dir().join(format!(
        "zhengwu-browser-{}-{}",
        std::process::id(),
        free_port()
    )));
    std::fs::create_dir_all(&dir.0).unwrap();
    let shots = screenshot_dir();
    let (base, stop) = start_server(&dir.0).await;
    let (_driver, wd) = start_driver(&driver_path).await;

    let mut caps = serde_json::Map::new();
    caps.insert("browserName".into(), json!("chrome"));
    caps.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": browser.to_str().unwrap(),
            "args": ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--window-size=1366,768", "--lang=zh-CN", "--hide-scrollbars"]
        }),
    );
    let c = ClientBuilder::new(HttpConnector::new())
        .capabilities(caps)
        .connect(&wd)
        .await
        .expect("a WebDriver session");

    // Log in as the office (the form carries its CSRF token).
    c.goto(&format!("{base}/ui/login")).await.unwrap();
    shot(&c, &shots, "01-login").await;
    login(&c, &base, "liaocheng-office").await;
    let who = text(&c, "#whoami").await;
    assert!(who.contains("市政府办公室"), "home page: {who}");
    shot(&c, &shots, "02-home").await;

    // The rule desk: the late 议题 (submitted 2025-03-13 for the meeting of 2025-03-19) is refused,
    // citing 聊城 第四十七条 with its quote, and the deadline explains how it was computed.
    c.goto(&format!(
        "{base}/ui/desk?profile=liaocheng&kind=agenda_item"
    ))
    .await
    .unwrap();
    let case = c
        .find(Locator::Id("case"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap()
        .unwrap_or_default();
    assert!(case.contains("2025-03-13"), "example case: {case}");
    let submitted = c
        .find(Locator::Id("f-submitted_on"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap();
    assert_eq!(submitted.as_deref(), Some("2025-03-13"), "the field form");
    shot(&c, &shots, "03a-rule-desk-form").await;
    c.find(Locator::Id("fields-submit"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let outcome = c
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Id("outcome"))
        .await
        .unwrap();
    assert_eq!(
        outcome.attr("data-outcome").await.unwrap().as_deref(),
        Some("refused")
    );
    let violations = text(&c, "ol.violations").await;
    assert!(violations.contains("聊城 第四十七条"), "{violations}");
    assert!(
        violations.contains("会议议题一般应于会前５个工作日报送市政府办公室"),
        "{violations}"
    );
    let deadlines = text(&c, "table.deadlines").await;
    assert!(deadlines.contains("2025-03-12"), "{deadlines}");
    assert!(deadlines.contains("跳过"), "the explanation: {deadlines}");
    shot(&c, &shots, "03-rule-desk-refused").await;

    // The profile browser and the side-by-side comparison.
    c.goto(&format!("{base}/ui/profiles/liaocheng"))
        .await
        .unwrap();
    let rules = text(&c, "#s-meetings").await;
    assert!(rules.contains("第四十七条"), "profile page");
    shot(&c, &shots, "04-profile").await;
    c.goto(&format!("{base}/ui/diff")).await.unwrap();
    c.find(Locator::Id("left"))
        .await
        .unwrap()
        .select_by_value("liaocheng")
        .await
        .unwrap();
    c.find(Locator::Id("right"))
        .await
        .unwrap()
        .select_by_value("taian")
        .await
        .unwrap();
    c.find(Locator::Id("diff-submit"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.wait()
        .at_most(Duration::from_secs(10))
        .for_url(&url::Url::parse(&format!("{base}/ui/diff?left=liaocheng&right=taian")).unwrap())
        .await
        .unwrap();
    let count = text(&c, "#diff-count").await;
    assert!(count.contains("项规则不同"), "{count}");
    let table = text(&c, "table.diff").await;
    assert!(table.contains("泰安市人民政府") || table.contains("聊城市人民政府"));
    shot(&c, &shots, "05-diff").await;

    // The organisation, then the audit trail of the government and the chain check.
    c.goto(&format!("{base}/ui/org")).await.unwrap();
    let leaders = text(&c, "#leaders").await;
    assert!(leaders.contains("常务副市长"), "{leaders}");
    shot(&c, &shots, "06-org").await;
    c.find(Locator::Css("a[href^='/ui/audit?type=government']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let events = text(&c, "#audit-events").await;
    assert!(events.contains("demo.seed"), "{events}");
    shot(&c, &shots, "07-audit").await;
    c.find(Locator::Id("verify-link"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let ok = text(&c, "#chain-ok").await;
    assert!(ok.contains("哈希链完整"), "{ok}");

    // The inbox skeleton, the English switch, and logging out (a form with the CSRF token).
    c.goto(&format!("{base}/ui/inbox")).await.unwrap();
    assert!(text(&c, "#tab-todo").await.contains("待办"));
    shot(&c, &shots, "08-inbox").await;
    c.goto(&format!("{base}/ui/desk?lang=en")).await.unwrap();
    assert!(text(&c, "h1").await.contains("Rule desk"));
    c.goto(&format!("{base}/ui/org")).await.unwrap();
    assert!(
        text(&c, "h1").await.contains("Organisation"),
        "the switch is remembered"
    );
    c.find(Locator::Css(".who button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Id("login-submit"))
        .await
        .unwrap();
    c.goto(&format!("{base}/ui/")).await.unwrap();
    c.wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Id("login-submit"))
        .await
        .unwrap();

    // A vice mayor's home page shows the portfolio (分管).
    c.goto(&format!("{base}/ui/?lang=zh")).await.unwrap();
    login(&c, &base, "liaocheng-deputy2").await;
    let portfolio = text(&c, "#portfolio").await;
    assert!(portfolio.contains("市公安局"), "{portfolio}");
    shot(&c, &shots, "09-leader-home").await;

    c.close().await.unwrap();
    let _ = stop.send(());
    eprintln!("screenshots in {}", shots.display());
}
