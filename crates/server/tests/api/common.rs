//! The test fixture: a fresh SQLite database with a small government (聊城 profile), accounts for
//! every kind of actor, and helpers to call the router in-process.
#![allow(dead_code)]

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};
use tower::ServiceExt;
use zhengwu_rules::Registry;
use zhengwu_server::{AppState, Config};
use zhengwu_store::org::{Department, Government, Org, Person, Portfolio, Position, SubjectKind};
use zhengwu_store::{Audit, NewAccount, NewRecord, Store};

pub const PASSWORD: &str = "correct horse battery";

/// The actors of the role walk, in table order.
pub const ROLES: [&str; 7] = [
    "anonymous",
    "citizen",
    "edu",
    "fin",
    "deputy",
    "head",
    "office",
];

static COUNTER: AtomicU64 = AtomicU64::new(0);

pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new() -> TempDir {
        let p = std::env::temp_dir().join(format!(
            "zhengwu-server-test-{}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&p).unwrap();
        TempDir(p)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub struct Fx {
    pub state: AppState,
    pub app: Router,
    /// API token per actor (none for `anonymous`).
    pub tokens: BTreeMap<&'static str, String>,
    /// Account id per actor.
    pub ids: BTreeMap<&'static str, String>,
    pub dir: TempDir,
}

pub struct Resp {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub text: String,
}

impl Resp {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text))
    }
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
    /// The problem type's slug (`urn:zhengwu:problem:<slug>`).
    pub fn problem(&self) -> String {
        assert_eq!(
            self.header("content-type"),
            Some("application/problem+json"),
            "{}",
            self.text
        );
        let v = self.json();
        assert_eq!(
            v["status"].as_u64(),
            Some(u64::from(self.status.as_u16())),
            "{}",
            self.text
        );
        v["type"]
            .as_str()
            .unwrap()
            .trim_start_matches("urn:zhengwu:problem:")
            .to_string()
    }
}

pub fn org() -> Org {
    let g = "lc";
    Org {
        governments: vec![Government {
            id: g.into(),
            name: "聊城市人民政府".into(),
            profile_id: "liaocheng".into(),
            parent_id: None,
            version: 0,
        }],
        departments: [
            ("edu", "市教育局"),
            ("fin", "市财政局"),
            ("jus", "市司法局"),
        ]
        .iter()
        .map(|(id, name)| Department {
            government_id: g.into(),
            id: (*id).into(),
            name: (*name).into(),
        })
        .collect(),
        people: [("p_head", "张市长"), ("p_dep", "李副市长")]
            .iter()
            .map(|(id, name)| Person {
                government_id: g.into(),
                id: (*id).into(),
                name: (*name).into(),
                department_id: None,
            })
            .collect(),
        positions: vec![
            Position {
                government_id: g.into(),
                id: "pos_head".into(),
                role: "head".into(),
                title: "市长".into(),
                person_id: Some("p_head".into()),
                rank: 1,
            },
            Position {
                government_id: g.into(),
                id: "pos_dep".into(),
                role: "deputy".into(),
                title: "副市长".into(),
                person_id: Some("p_dep".into()),
                rank: 2,
            },
        ],
        portfolios: vec![
            Portfolio {
                government_id: g.into(),
                position_id: "pos_dep".into(),
                subject_kind: SubjectKind::Department,
                subject: "fin".into(),
            },
            Portfolio {
                government_id: g.into(),
                position_id: "pos_dep".into(),
                subject_kind: SubjectKind::Matter,
                subject: "财政、税务".into(),
            },
        ],
        substitutions: vec![],
    }
}

/// A configuration for tests: generous login limits unless a test says otherwise.
pub fn config() -> Config {
    Config {
        login_per_ip_per_minute: 1000,
        login_per_account_per_minute: 1000,
        ..Config::default()
    }
}

/// The database every test starts from, built once per test binary: argon2id hashing of the
/// accounts' passwords is deliberately slow, so each test copies the file instead of hashing again.
struct Template {
    db: Vec<u8>,
    wal: Vec<u8>,
    tokens: BTreeMap<&'static str, String>,
    ids: BTreeMap<&'static str, String>,
}

fn template() -> &'static Template {
    static T: OnceLock<Template> = OnceLock::new();
    // Built on its own runtime: each test has its own, and the pool must not outlive the one it
    // was made on.
    T.get_or_init(|| {
        std::thread::spawn(|| {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(build_template())
        })
        .join()
        .unwrap()
    })
}

/// An actor of the fixture: name, role ids, department, person (for positions).
type Actor = (
    &'static str,
    &'static [&'static str],
    Option<&'static str>,
    Option<&'static str>,
);

async fn build_template() -> Template {
    let dir = TempDir::new();
    let path = dir.0.join("template.db");
    let store = Store::open(path.to_str().unwrap()).await.unwrap();
    let sys = Audit::new("system:test", "fixture");
    store.import_org(&sys, &org()).await.unwrap();
    let people: [Actor; 6] = [
        ("citizen", &[], None, None),
        ("edu", &["department_head"], Some("edu"), None),
        ("fin", &["department_head"], Some("fin"), None),
        ("deputy", &["deputy"], None, Some("p_dep")),
        ("head", &["head"], None, Some("p_head")),
        ("office", &["office"], None, None),
    ];
    let mut tokens = BTreeMap::new();
    let mut ids = BTreeMap::new();
    for (name, roles, dept, person) in people {
        let acc = store
            .create_account(
                &sys,
                NewAccount {
                    username: name.into(),
                    display_name: format!("{name} 用户"),
                    password: PASSWORD.into(),
                    roles: roles.iter().map(|r| r.to_string()).collect(),
                    government_id: Some("lc".into()),
                    department_id: dept.map(str::to_string),
                    person_id: person.map(str::to_string),
                },
            )
            .await
            .unwrap();
        let tok = store
            .create_api_token(&sys, &acc.id, "test", None)
            .await
            .unwrap();
        tokens.insert(name, tok.token);
        ids.insert(name, acc.id);
    }
    // Closing normally checkpoints the WAL into the file; if a WAL remains, it is copied along.
    store.close().await;
    let wal = std::fs::read(dir.0.join("template.db-wal")).unwrap_or_default();
    Template {
        db: std::fs::read(&path).unwrap(),
        wal,
        tokens,
        ids,
    }
}

impl Fx {
    pub async fn new() -> Fx {
        Fx::with_config(config()).await
    }

    pub async fn with_config(config: Config) -> Fx {
        let t = template();
        let dir = TempDir::new();
        let db = dir.0.join("zw.db");
        std::fs::write(&db, &t.db).unwrap();
        if !t.wal.is_empty() {
            std::fs::write(dir.0.join("zw.db-wal"), &t.wal).unwrap();
        }
        let store = Store::open(db.to_str().unwrap()).await.unwrap();
        let registry = Registry::builtin().unwrap();
        let state = AppState::new(store, registry, config);
        let app = zhengwu_server::app(state.clone());
        Fx {
            state,
            app,
            tokens: t.tokens.clone(),
            ids: t.ids.clone(),
            dir,
        }
    }

    /// The fixture on a manual clock set to `at` (RFC 3339), for tests of "today" and of times.
    pub async fn with_clock(at: &str) -> (Fx, std::sync::Arc<zhengwu_store::ManualClock>) {
        let clock = std::sync::Arc::new(zhengwu_store::ManualClock::new(at.parse().unwrap()));
        let t = template();
        let dir = TempDir::new();
        let db = dir.0.join("zw.db");
        std::fs::write(&db, &t.db).unwrap();
        if !t.wal.is_empty() {
            std::fs::write(dir.0.join("zw.db-wal"), &t.wal).unwrap();
        }
        let store = Store::connect_with(
            db.to_str().unwrap(),
            zhengwu_store::StoreOptions {
                clock: clock.clone(),
                ..zhengwu_store::StoreOptions::default()
            },
        )
        .await
        .unwrap();
        let state = AppState::new(store, Registry::builtin().unwrap(), config());
        let app = zhengwu_server::app(state.clone());
        let fx = Fx {
            state,
            app,
            tokens: t.tokens.clone(),
            ids: t.ids.clone(),
            dir,
        };
        (fx, clock)
    }

    pub fn store(&self) -> &Store {
        &self.state.store
    }

    pub async fn call(&self, req: Request<Body>) -> Resp {
        let res = self.app.clone().oneshot(req).await.unwrap();
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = axum::body::to_bytes(res.into_body(), usize::MAX)
            .await
            .unwrap();
        Resp {
            status,
            headers,
            text: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    /// A request as `who` (an actor of [`ROLES`], authenticated by API token), with a JSON body.
    pub fn req(
        &self,
        method: Method,
        path: &str,
        who: &str,
        body: Option<&Value>,
    ) -> axum::http::request::Builder {
        let mut b = Request::builder().method(method).uri(path);
        if let Some(t) = self.tokens.get(who) {
            b = b.header("authorization", format!("Bearer {t}"));
        }
        if body.is_some() {
            b = b.header("content-type", "application/json");
        }
        b
    }

    pub async fn send(&self, method: Method, path: &str, who: &str, body: Option<&Value>) -> Resp {
        let b = self.req(method, path, who, body);
        self.call(
            b.body(body.map_or(Body::empty(), |v| Body::from(v.to_string())))
                .unwrap(),
        )
        .await
    }

    pub async fn get(&self, path: &str, who: &str) -> Resp {
        self.send(Method::GET, path, who, None).await
    }

    /// Files a submission straight into the store (bypassing the API) and returns its id.
    pub async fn seed_submission(&self, dept: &str, title: &str, published: bool) -> String {
        let data = json!({
            "department_id": dept, "title": title, "summary": "", "secrecy": "none",
            "published": published, "filed_by": "fixture", "check": null
        });
        self.store()
            .create_record(
                &Audit::new("system:test", "fixture"),
                NewRecord {
                    kind: "submission".into(),
                    id: None,
                    data,
                    idempotency_key: None,
                },
            )
            .await
            .unwrap()
            .value
            .id
    }

    pub async fn version_of(&self, id: &str) -> i64 {
        self.store()
            .get_record("submission", id)
            .await
            .unwrap()
            .map_or(0, |r| r.version)
    }

    /// Audit events with this action.
    pub async fn events(&self, action: &str) -> Vec<zhengwu_store::AuditEvent> {
        let all = self.store().audit_events(0, 100_000).await.unwrap();
        all.into_iter().filter(|e| e.action == action).collect()
    }
}
