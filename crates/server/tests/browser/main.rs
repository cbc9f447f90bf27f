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
use std::sync::Arc;
use std::time::{Duration, Instant};
use zhengwu_rules::Registry;
use zhengwu_server::{AppState, Config};
use zhengwu_store::{Clock, ManualClock, Store, StoreOptions, SystemClock};

mod flows;
mod followup;
mod tools;

/// chromedriver and the browser, or a loud banner saying the suite did not run.
fn tools() -> Option<(PathBuf, PathBuf)> {
    match tools::find() {
        Ok(found) => Some(found),
        Err(msg) => {
            // Written to the process's stderr directly, so the test harness's capture of passing
            // tests does not swallow it (`tests/suite_status.rs` says it again in the plain output).
            let _ = std::io::Write::write_all(&mut std::io::stderr(), msg.as_bytes());
            if tools::required() {
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

/// Starts the server with the demo data on the given clock (the store's clock is the server's
/// "today" for every deadline, the scheduler and the supervision assessment); returns its base
/// URL and the shutdown trigger.
async fn start_server(
    dir: &Path,
    clock: Arc<dyn Clock>,
) -> (String, tokio::sync::oneshot::Sender<()>, AppState) {
    let db = dir.join("zhengwu.db");
    let store = Store::connect_with(
        db.to_str().unwrap(),
        StoreOptions {
            clock,
            ..StoreOptions::default()
        },
    )
    .await
    .unwrap();
    let registry = Registry::builtin().unwrap();
    zhengwu_server::ui::demo::seed(&store, &registry, "liaocheng")
        .await
        .unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let state = AppState::new(store, registry, Config::default());
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let served = state.clone();
    tokio::spawn(async move {
        zhengwu_server::serve(listener, served, async {
            let _ = rx.await;
        })
        .await
        .unwrap();
    });
    (base, tx, state)
}

/// A headless Chromium session over WebDriver.
async fn browser_client(browser: &Path, wd: &str) -> Client {
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
    ClientBuilder::new(HttpConnector::new())
        .capabilities(caps)
        .connect(wd)
        .await
        .expect("a WebDriver session")
}

/// Everything a flow needs: the browser, the server on a manual clock, the screenshot folder.
/// Dropping it ends chromedriver and removes the database.
struct Env {
    c: Client,
    base: String,
    clock: Arc<ManualClock>,
    state: AppState,
    shots: PathBuf,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    _driver: Driver,
    _dir: TempDir,
}

impl Env {
    /// `None` when the browser is not installed (and not required).
    async fn start(at: &str) -> Option<Env> {
        let (driver_path, browser) = tools()?;
        let dir = TempDir(std::env::temp_dir().join(format!(
            "zhengwu-browser-{}-{}",
            std::process::id(),
            free_port()
        )));
        std::fs::create_dir_all(&dir.0).unwrap();
        let clock = Arc::new(ManualClock::new(at.parse().unwrap()));
        let (base, stop, state) = start_server(&dir.0, clock.clone()).await;
        let (driver, wd) = start_driver(&driver_path).await;
        let c = browser_client(&browser, &wd).await;
        Some(Env {
            c,
            base,
            clock,
            state,
            shots: screenshot_dir(),
            stop: Some(stop),
            _driver: driver,
            _dir: dir,
        })
    }

    /// Moves the server's clock on and runs the background scheduler once, as it runs in
    /// production: it re-assesses the supervised items (the ledger's status) and sends notices.
    async fn advance(&self, by: jiff::SignedDuration) {
        self.clock.advance(by);
        let r = zhengwu_server::scheduler::Scheduler::new("browser-test")
            .run_once(&self.state)
            .await
            .unwrap();
        assert!(r.ran, "the scheduler took its lease");
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    async fn goto(&self, path: &str) {
        self.c.goto(&self.url(path)).await.unwrap();
    }

    async fn shot(&self, name: &str) {
        shot(&self.c, &self.shots, name).await;
    }

    /// Logs out whoever is signed in, then logs in as `user`.
    async fn login_as(&self, user: &str) {
        self.goto("/ui/").await;
        if let Ok(b) = self.c.find(Locator::Css(".who button")).await {
            b.click().await.unwrap();
            self.c
                .wait()
                .at_most(Duration::from_secs(10))
                .for_element(Locator::Id("login-submit"))
                .await
                .unwrap();
        }
        login(&self.c, &self.base, user).await;
        self.c
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css(".who"))
            .await
            .unwrap_or_else(|e| panic!("login as {user}: {e}"));
    }

    /// Clicks an element and waits until the browser has left the page it was on.
    async fn click(&self, css: &str) {
        let old = self.c.find(Locator::Css("html")).await.unwrap();
        let el = self
            .c
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no element {css}: {e}"));
        el.click()
            .await
            .unwrap_or_else(|e| panic!("click {css}: {e}"));
        let start = Instant::now();
        while old.tag_name().await.is_ok() {
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "clicking {css} did not load a page"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Clicks an element that does not leave the page (a `<summary>`, a checkbox).
    async fn tap(&self, css: &str) {
        self.c
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no element {css}: {e}"))
            .click()
            .await
            .unwrap();
    }

    async fn text(&self, css: &str) -> String {
        text(&self.c, css).await
    }

    async fn fill(&self, id: &str, value: &str) {
        let el = self.c.find(Locator::Id(id)).await.unwrap();
        el.clear().await.unwrap();
        el.send_keys(value).await.unwrap();
    }

    /// Sets a field's value directly (date inputs, whose typing depends on the locale).
    async fn set(&self, id: &str, value: &str) {
        self.c
            .execute(
                "document.getElementById(arguments[0]).value = arguments[1];",
                vec![json!(id), json!(value)],
            )
            .await
            .unwrap();
    }

    async fn select(&self, id: &str, value: &str) {
        self.c
            .find(Locator::Id(id))
            .await
            .unwrap()
            .select_by_value(value)
            .await
            .unwrap();
    }

    async fn path(&self) -> String {
        self.c.current_url().await.unwrap().path().to_string()
    }

    async fn finish(mut self) {
        let shots = self.shots.clone();
        self.c.clone().close().await.unwrap();
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
        eprintln!("screenshots in {}", shots.display());
    }
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
    let (base, stop, _) = start_server(&dir.0, Arc::new(SystemClock)).await;
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
