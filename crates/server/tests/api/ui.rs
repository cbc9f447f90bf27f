//! The web UI over HTTP, in-process: pages need a session, forms need their CSRF token, the demo
//! government loads idempotently, the rule desk cites its article.

use crate::common::{TempDir, config};
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use tower::ServiceExt;
use zhengwu_rules::Registry;
use zhengwu_server::AppState;
use zhengwu_server::ui::demo::{self, DEMO_PASSWORD};
use zhengwu_store::Store;

/// The UI of a demo government in-process (shared with `ui_followup`).
pub(crate) struct Ui {
    pub(crate) app: axum::Router,
    pub(crate) store: Store,
    _dir: TempDir,
}

pub(crate) async fn ui() -> Ui {
    ui_for("liaocheng").await
}

async fn ui_for(profile: &str) -> Ui {
    let dir = TempDir::new();
    let store = Store::open(dir.0.join("ui.db").to_str().unwrap())
        .await
        .unwrap();
    let registry = Registry::builtin().unwrap();
    demo::seed(&store, &registry, profile).await.unwrap();
    let app = zhengwu_server::app(AppState::new(store.clone(), registry, config()));
    Ui {
        app,
        store,
        _dir: dir,
    }
}

pub(crate) struct Page {
    pub(crate) status: StatusCode,
    pub(crate) location: Option<String>,
    pub(crate) cookies: Vec<String>,
    pub(crate) text: String,
}

impl Ui {
    pub(crate) async fn get(&self, uri: &str, cookie: &str) -> Page {
        self.call(Method::GET, uri, cookie, None).await
    }

    pub(crate) async fn post(&self, uri: &str, cookie: &str, form: String) -> Page {
        self.call(Method::POST, uri, cookie, Some(form)).await
    }

    pub(crate) async fn call(
        &self,
        method: Method,
        uri: &str,
        cookie: &str,
        form: Option<String>,
    ) -> Page {
        let mut b = Request::builder().method(method).uri(uri);
        if !cookie.is_empty() {
            b = b.header(header::COOKIE, cookie);
        }
        let req = match form {
            Some(f) => b
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(f))
                .unwrap(),
            None => b.body(Body::empty()).unwrap(),
        };
        let res = self.app.clone().oneshot(req).await.unwrap();
        let status = res.status();
        let location = res
            .headers()
            .get(header::LOCATION)
            .map(|v| v.to_str().unwrap().to_string());
        let cookies = res
            .headers()
            .get_all(header::SET_COOKIE)
            .iter()
            .map(|v| v.to_str().unwrap().split(';').next().unwrap().to_string())
            .collect();
        let bytes = axum::body::to_bytes(res.into_body(), usize::MAX)
            .await
            .unwrap();
        Page {
            status,
            location,
            cookies,
            text: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    /// Logs in through the form; returns the cookie header and the CSRF token.
    pub(crate) async fn login(&self, user: &str) -> (String, String) {
        let p = self.call(Method::GET, "/ui/login", "", None).await;
        let token = field(&p.text, "csrf");
        let login_cookie = p.cookies.join("; ");
        let p = self
            .call(
                Method::POST,
                "/ui/login",
                &login_cookie,
                Some(format!(
                    "csrf={token}&username={user}&password={DEMO_PASSWORD}"
                )),
            )
            .await;
        assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.text);
        let cookie = p.cookies.join("; ");
        let csrf = p
            .cookies
            .iter()
            .find_map(|c| c.strip_prefix("zw_csrf="))
            .unwrap()
            .to_string();
        (cookie, csrf)
    }
}

/// The value of a hidden field.
pub(crate) fn field(html: &str, name: &str) -> String {
    let key = format!(r#"name="{name}" value=""#);
    let at = html.find(&key).unwrap() + key.len();
    html[at..].split('"').next().unwrap().to_string()
}

pub(crate) fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[tokio::test]
async fn pages_need_a_session_and_forms_their_csrf_token() {
    let u = ui().await;
    let p = u.call(Method::GET, "/", "", None).await;
    assert_eq!(p.location.as_deref(), Some("/ui/"));
    for path in [
        "/ui/",
        "/ui/desk",
        "/ui/org",
        "/ui/audit",
        "/ui/inbox",
        "/ui/diff",
    ] {
        let p = u.call(Method::GET, path, "", None).await;
        assert_eq!(p.location.as_deref(), Some("/ui/login"), "{path}");
    }
    // Login without the form's token is refused, and nothing is opened.
    let p = u
        .call(
            Method::POST,
            "/ui/login",
            "",
            Some(format!(
                "csrf=x&username=liaocheng-office&password={DEMO_PASSWORD}"
            )),
        )
        .await;
    assert_eq!(p.status, StatusCode::FORBIDDEN);
    assert!(p.cookies.iter().all(|c| !c.starts_with("zw_session=")));
    // A wrong password says so without telling which part was wrong.
    let g = u.call(Method::GET, "/ui/login", "", None).await;
    let p = u
        .call(
            Method::POST,
            "/ui/login",
            &g.cookies.join("; "),
            Some(format!(
                "csrf={}&username=liaocheng-office&password=wrong-password",
                field(&g.text, "csrf")
            )),
        )
        .await;
    assert_eq!(p.status, StatusCode::UNAUTHORIZED);
    assert!(p.text.contains("login-error"));

    let (cookie, csrf) = u.login("liaocheng-office").await;
    let home = u.call(Method::GET, "/ui/", &cookie, None).await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(home.text.contains("市政府办公室"));
    assert!(
        home.text
            .contains(&format!(r#"name="csrf" value="{csrf}""#))
    );
    let case =
        r#"{"meeting": {"type": "executive", "date": "2025-03-19"}, "submitted_on": "2025-03-13"}"#;
    let form = |token: &str| {
        format!(
            "csrf={token}&profile=liaocheng&kind=agenda_item&case={}",
            enc(case)
        )
    };
    let p = u
        .call(Method::POST, "/ui/desk", &cookie, Some(form("wrong")))
        .await;
    assert_eq!(p.status, StatusCode::BAD_REQUEST);
    let p = u
        .call(Method::POST, "/ui/desk", &cookie, Some(form(&csrf)))
        .await;
    assert_eq!(p.status, StatusCode::OK);
    assert!(p.text.contains(r#"data-outcome="refused""#), "{}", p.text);
    assert!(p.text.contains("聊城 第四十七条"));
    assert!(
        p.text
            .contains("会议议题一般应于会前５个工作日报送市政府办公室")
    );
    assert!(p.text.contains("2025-03-12"));

    // The same case through the field form.
    let fields = format!(
        "csrf={csrf}&profile=liaocheng&kind=agenda_item\
         &v%3Ameeting.type=executive&t%3Ameeting.type=s\
         &v%3Ameeting.date=2025-03-19&t%3Ameeting.date=s\
         &v%3Asubmitted_on=2025-03-13&t%3Asubmitted_on=s\
         &v%3Atopics=general&t%3Atopics=l&v%3Aurgent_ground=&t%3Aurgent_ground=s"
    );
    let p = u
        .call(Method::POST, "/ui/desk", &cookie, Some(fields))
        .await;
    assert!(p.text.contains(r#"data-outcome="refused""#), "{}", p.text);
    assert!(
        p.text.contains(
            r#"id="f-meeting_date" name="v:meeting.date" value="2025-03-19" type="date""#
        )
    );

    // Logging out needs the token too.
    let p = u
        .call(Method::POST, "/ui/logout", &cookie, Some("csrf=no".into()))
        .await;
    assert_eq!(p.status, StatusCode::BAD_REQUEST);
    let p = u
        .call(
            Method::POST,
            "/ui/logout",
            &cookie,
            Some(format!("csrf={csrf}")),
        )
        .await;
    assert_eq!(p.location.as_deref(), Some("/ui/login"));
    let p = u.call(Method::GET, "/ui/", &cookie, None).await;
    assert_eq!(p.location.as_deref(), Some("/ui/login"));
}

#[tokio::test]
async fn the_audit_trail_is_for_the_office_and_english_is_a_switch() {
    let u = ui().await;
    let (dept, _) = u.login("liaocheng-fgw").await;
    let p = u.call(Method::GET, "/ui/audit", &dept, None).await;
    assert_eq!(p.status, StatusCode::FORBIDDEN);
    let (office, _) = u.login("liaocheng-office").await;
    let p = u
        .call(
            Method::GET,
            "/ui/audit?type=government&id=demo-liaocheng",
            &office,
            None,
        )
        .await;
    assert_eq!(p.status, StatusCode::OK);
    assert!(p.text.contains("demo.seed"));
    let p = u.call(Method::GET, "/ui/audit", &office, None).await;
    assert!(p.text.contains("session.login"));
    assert!(p.text.contains("（liaocheng-office）"), "actors by name");
    let p = u.call(Method::GET, "/ui/org.csv", &office, None).await;
    assert!(p.text.contains("常务副市长"), "{}", p.text);
    let p = u.call(Method::GET, "/ui/org.xlsx", &office, None).await;
    assert_eq!(p.status, StatusCode::OK);
    assert!(p.text.starts_with("PK"), "an xlsx (zip) workbook");
    let p = u.call(Method::GET, "/ui/audit/verify", &office, None).await;
    assert!(p.text.contains("chain-ok"));
    let p = u.call(Method::GET, "/ui/org?lang=en", &office, None).await;
    assert!(p.text.contains("<h1>Organisation</h1>"));
    assert!(p.cookies.iter().any(|c| c == "zw_lang=en"));
    let p = u
        .call(
            Method::GET,
            "/ui/desk",
            &format!("{office}; zw_lang=en"),
            None,
        )
        .await;
    assert!(p.text.contains("<h1>Rule desk</h1>"));
}

#[tokio::test]
async fn the_demo_loads_once_with_the_profile_titles() {
    let u = ui().await;
    let registry = Registry::builtin().unwrap();
    let head = u.store.audit_head().await.unwrap();
    let again = demo::seed(&u.store, &registry, "liaocheng").await.unwrap();
    assert!(!again.created_org);
    assert_eq!(again.created_accounts, 0);
    assert_eq!(u.store.audit_head().await.unwrap(), head, "nothing written");
    let org = u.store.government_org("demo-liaocheng").await.unwrap();
    assert!(org.positions.iter().any(|p| p.title == "常务副市长"));
    assert!(org.departments.iter().any(|d| d.name == "市司法局"));
    assert!(!org.substitutions.is_empty());
    // A county government without a 秘书长 in its profile gets none.
    let r = demo::seed(&u.store, &registry, "changle").await.unwrap();
    assert!(r.created_org);
    let org = u.store.government_org("demo-changle").await.unwrap();
    assert!(org.positions.iter().any(|p| p.title == "常务副县长"));
    assert!(org.positions.iter().all(|p| p.role != "secretary_general"));
    assert!(org.departments.iter().any(|d| d.name == "县司法局"));
    assert!(
        u.store
            .account_by_username("changle-office")
            .await
            .unwrap()
            .is_some()
    );
}

#[tokio::test]
async fn supervision_leave_and_disclosure_screens_keep_their_reach() {
    let u = ui().await;
    for path in [
        "/ui/supervision",
        "/ui/supervision/report",
        "/ui/leave",
        "/ui/openness",
    ] {
        let p = u.call(Method::GET, path, "", None).await;
        assert_eq!(p.location.as_deref(), Some("/ui/login"), "{path}");
    }
    let (office, csrf) = u.login("liaocheng-office").await;
    let (dept, _) = u.login("liaocheng-gaj").await;

    // The office sees every unit's items and the export; a department only its own, no export.
    let p = u.call(Method::GET, "/ui/supervision", &office, None).await;
    assert_eq!(p.status, StatusCode::OK);
    assert!(p.text.contains("背街小巷路灯维修"), "demo items");
    assert!(p.text.contains(r#"id="xlsx-link""#));
    let p = u.call(Method::GET, "/ui/supervision", &dept, None).await;
    assert_eq!(p.status, StatusCode::OK);
    assert!(p.text.contains("老旧小区加装电梯"), "the bureau's own item");
    assert!(!p.text.contains("背街小巷路灯维修"), "another unit's item");
    assert!(!p.text.contains(r#"id="xlsx-link""#));
    let p = u
        .call(Method::GET, "/ui/supervision/export.xlsx", &dept, None)
        .await;
    assert_eq!(p.status, StatusCode::FORBIDDEN);
    let p = u
        .call(Method::GET, "/ui/supervision/export.xlsx", &office, None)
        .await;
    assert_eq!(p.status, StatusCode::OK);
    assert!(p.text.starts_with("PK"), "a zip workbook");
    let p = u
        .call(Method::GET, "/ui/supervision/report", &office, None)
        .await;
    assert!(p.text.contains(r#"id="on-time-chart""#), "{}", p.text);
    assert!(
        p.text.contains("bar-fill"),
        "a bar for a unit with completions"
    );

    // 立项 needs the CSRF token; with it the item's page explains its deadline.
    let form = format!(
        "title={}&source=leader_instruction&lead_unit=jyj&responsible=x&working_days=5",
        enc("批示：测试事项")
    );
    let p = u
        .call(
            Method::POST,
            "/ui/supervision/new",
            &office,
            Some(form.clone()),
        )
        .await;
    assert_eq!(p.status, StatusCode::BAD_REQUEST);
    let p = u
        .call(
            Method::POST,
            "/ui/supervision/new",
            &office,
            Some(format!("csrf={csrf}&{form}")),
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.text);
    let item = p.location.unwrap();
    let p = u.call(Method::GET, &item, &office, None).await;
    assert!(p.text.contains(r#"id="deadlines""#), "{}", p.text);
    assert!(p.text.contains("工作日"), "how the due date was computed");
    // A department may not send 催办 (the API's refusal, shown on the page).
    let (jyj, jyj_csrf) = u.login("liaocheng-jyj").await;
    let version = field(&p.text, "version");
    let p = u
        .call(
            Method::POST,
            &format!("{item}/act"),
            &jyj,
            Some(format!("csrf={jyj_csrf}&version={version}&command=remind")),
        )
        .await;
    assert_eq!(p.status, StatusCode::FORBIDDEN, "{}", p.text);

    // The office records a blanket field inspection outside the plan: 聊城 warns (第六十七条 the
    // annual plan, 第七十条 no city-wide blanket inspection), and the page lists it with the articles.
    let p = u.call(Method::GET, &item, &office, None).await;
    assert!(p.text.contains(r#"id="f-inspect""#), "{}", p.text);
    let version = field(&p.text, "version");
    let p = u
        .call(
            Method::POST,
            &format!("{item}/act"),
            &office,
            Some(format!(
                "csrf={csrf}&version={version}&command=field_inspection&by_unit={}&blanket=1&note={}",
                enc("市政府督查室"),
                enc("全市路灯普查")
            )),
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.text);
    let p = u.call(Method::GET, &item, &office, None).await;
    assert!(p.text.contains(r#"id="field-inspections""#), "{}", p.text);
    assert!(p.text.contains("全市路灯普查"));
    assert!(
        p.text.contains("聊城 第六十七条") && p.text.contains("聊城 第七十条"),
        "{}",
        p.text
    );
    assert!(
        p.text
            .contains("一般情况下不组织开展全市范围全覆盖的实地督查"),
        "the quote"
    );

    // Leave and disclosure records are the office's.
    for path in ["/ui/leave", "/ui/openness"] {
        let p = u.call(Method::GET, path, &dept, None).await;
        assert_eq!(p.status, StatusCode::FORBIDDEN, "{path}");
        let p = u.call(Method::GET, path, &office, None).await;
        assert_eq!(p.status, StatusCode::OK, "{path}");
    }
    // The public status page of an unknown code is a plain 404 page, without login.
    let p = u
        .call(Method::GET, "/ui/public/disclosure/0000", "", None)
        .await;
    assert_eq!(p.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_refused_supervision_step_shows_the_article_and_its_quote() {
    // 泰安 sets an escalation (约谈) after unanswered reminders: escalating a fresh item is refused,
    // citing the article with its wording, on the item's own page.
    let u = ui_for("taian").await;
    let (office, csrf) = u.login("taian-office").await;
    let p = u
        .call(
            Method::POST,
            "/ui/supervision/new",
            &office,
            Some(format!(
                "csrf={csrf}&title={}&source=leader_instruction&lead_unit=jyj&responsible=x&working_days=10",
                enc("批示：约谈测试")
            )),
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.text);
    let item = p.location.unwrap();
    let page = u.call(Method::GET, &item, &office, None).await;
    // The current step in 泰安's own words with its article (R5.03).
    assert!(
        page.text
            .contains(r#"<strong id="item-step">立项</strong>"#),
        "{}",
        page.text
    );
    assert!(page.text.contains("泰安 第七十五条（一）"), "{}", page.text);
    let version = field(&page.text, "version");
    let p = u
        .call(
            Method::POST,
            &format!("{item}/act"),
            &office,
            Some(format!("csrf={csrf}&version={version}&command=escalate")),
        )
        .await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", p.text);
    assert!(p.text.contains(r#"id="problem""#), "{}", p.text);
    assert!(
        p.text.contains("未达到本规则配置规定的升级条件"),
        "{}",
        p.text
    );
    assert!(p.text.contains("<cite>泰安 第"), "the article: {}", p.text);
    assert!(
        p.text.contains(r#"<q class="quote">"#),
        "its quote: {}",
        p.text
    );
}
