//! zhengwu-server: the HTTP face of zhengwu. An axum application on tokio with
//! - the JSON API under `/api/v1`, described by an OpenAPI 3.1 document generated from the handlers
//!   (`/api/openapi.json`), errors as RFC 9457 problem+json;
//! - sessions (cookie + CSRF token) and API tokens, login rate limits and lockout, per-object
//!   authorisation ([`policy`]), the 涉密信息不上网 door ([`secrecy`]);
//! - `/healthz`, `/readyz`, `/metrics` (Prometheus text), security headers, structured logs.
//!
//! State lives in [`zhengwu_store::Store`]; every write goes through it with an audit event.

// Handlers return `Result<_, Problem>`; a problem is built at most once per request and becomes the
// response, so boxing it to shrink the `Err` variant would buy nothing.
#![allow(clippy::result_large_err)]

pub mod api;
pub mod auth;
pub mod calendar;
pub mod config;
pub mod edge;
pub mod extract;
pub mod login_guard;
pub mod metrics;
pub mod policy;
pub mod problem;
pub mod scheduler;
pub mod secrecy;
pub mod time;
pub mod ui;

pub use config::{Config, ConfigError, Flags, LogFormat};
pub use problem::Problem;

use axum::http::StatusCode;
use std::sync::Arc;
use std::time::Duration;
use zhengwu_calendar::Calendar;
use zhengwu_rules::Registry;
use zhengwu_store::{Store, StoreError};

/// Everything a handler may need; cheap to clone (all shared).
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub registry: Arc<Registry>,
    /// The official years plus those loaded into the database ([`calendar`]).
    calendar: Arc<calendar::Shared>,
    pub metrics: Arc<metrics::Metrics>,
    pub config: Arc<Config>,
    pub login_guard: Arc<login_guard::LoginGuard>,
    /// `GET /api/v1/profiles`, serialised once.
    pub profiles_json: axum::body::Bytes,
}

impl AppState {
    pub fn new(store: Store, registry: Registry, config: Config) -> AppState {
        let login_guard = login_guard::LoginGuard::new(
            store.clone(),
            config.login_per_ip_per_minute,
            config.login_per_account_per_minute,
            config.lockout_failures,
            jiff::SignedDuration::from_mins(i64::from(config.lockout_minutes)),
        );
        let profiles_json = serde_json::to_vec(&api::rules::profile_list(&registry))
            .unwrap_or_else(|_| b"[]".to_vec())
            .into();
        AppState {
            profiles_json,
            store,
            registry: Arc::new(registry),
            calendar: Arc::new(calendar::Shared::new()),
            metrics: Arc::new(metrics::Metrics::new(
                api::operations()
                    .iter()
                    .map(|(m, p)| (m.as_str(), p.as_str())),
            )),
            config: Arc::new(config),
            login_guard: Arc::new(login_guard),
        }
    }

    /// The calendar in force: the shipped years plus the years loaded into the database, as of
    /// the last [`calendar::refresh`]. Cheap (an `Arc` clone under a read lock); a request takes it
    /// once and counts every deadline on the same calendar.
    pub fn calendar(&self) -> Calendar {
        self.calendar.get()
    }

    /// Today in Beijing by the store's clock: the one "today" of every area ([`time`]).
    pub fn today(&self) -> zhengwu_calendar::Date {
        time::date(self.store.now())
    }

    /// Now on the Beijing wall clock, by the store's clock.
    pub fn now_local(&self) -> jiff::civil::DateTime {
        time::local(self.store.now())
    }
}

/// Maps a store error to a problem: the caller's mistakes keep their (bilingual) message, failures
/// of the system are logged and answered without internals.
pub fn store_problem(e: StoreError) -> Problem {
    match &e {
        StoreError::Conflict { .. } => Problem::conflict(e.to_string()),
        StoreError::NotFound { .. } => Problem::not_found(),
        StoreError::AlreadyExists { .. } => Problem::new(
            StatusCode::CONFLICT,
            "already-exists",
            "对象已存在 (already exists)",
            e.to_string(),
        ),
        StoreError::IdempotencyMismatch { .. } => Problem::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "idempotency-key-reused",
            "幂等键已用于另一请求 (idempotency key reused)",
            e.to_string(),
        ),
        StoreError::Invalid { .. } | StoreError::Import(_) => Problem::invalid("", e.to_string()),
        StoreError::BadCredentials => api::session::login_failed(),
        _ => {
            tracing::error!(error = %e, "store failure");
            Problem::internal("存储出错，请稍后重试 (storage failure; please retry later)")
        }
    }
}

/// A defect in a handler answers 500 problem+json instead of dropping the connection.
fn panic_problem(_: Box<dyn std::any::Any + Send + 'static>) -> axum::response::Response {
    use axum::response::IntoResponse;
    Problem::internal("内部错误，请报告此问题 (internal error, please report it)").into_response()
}

/// The whole application: routes, documentation, middleware.
pub fn app(state: AppState) -> axum::Router {
    api::router(state.clone())
        .merge(ui::router(state.clone()))
        .layer(axum::extract::DefaultBodyLimit::max(extract::BODY_LIMIT))
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(
            panic_problem,
        ))
        .layer(axum::middleware::from_fn_with_state(state, edge::outer))
}

/// Errors that stop the server from starting or running.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("{0}")]
    Store(#[from] StoreError),
    #[error("无法监听 {addr}：{source} (cannot listen on {addr}: {source})")]
    Bind {
        addr: std::net::SocketAddr,
        source: std::io::Error,
    },
    #[error("服务运行失败：{0} (server failed: {0})")]
    Io(#[from] std::io::Error),
    #[error("日志配置无效：{0} (invalid log filter: {0})")]
    Log(String),
}

/// Sets up structured logging from the configuration (once per process).
pub fn init_logging(config: &Config) -> Result<(), ServeError> {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_new(&config.log).map_err(|e| ServeError::Log(e.to_string()))?;
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    let res = match config.log_format {
        LogFormat::Json => builder.json().try_init(),
        LogFormat::Text => builder.try_init(),
    };
    // Already initialised (tests, embedding) is fine.
    let _ = res;
    Ok(())
}

/// Opens the store and serves until SIGINT or SIGTERM, then drains open requests and closes the
/// database. Builds its own tokio runtime, so a synchronous `main` can call it.
pub fn run(config: Config, registry: Registry) -> Result<(), ServeError> {
    init_logging(&config)?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    rt.block_on(async move {
        let store = Store::open(&config.database_url).await?;
        tracing::info!(backend = ?store.backend(), "database opened");
        let listener = tokio::net::TcpListener::bind(config.bind)
            .await
            .map_err(|source| ServeError::Bind {
                addr: config.bind,
                source,
            })?;
        serve(
            listener,
            AppState::new(store, registry, config),
            shutdown_signal(),
        )
        .await
    })
}

/// Serves on a bound listener until `shutdown` completes (tests pass their own future).
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<(), ServeError> {
    let addr = listener.local_addr()?;
    let store = state.store.clone();
    let guard = state.login_guard.clone();
    let housekeeping = tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(60));
        loop {
            tick.tick().await;
            if let Err(e) = guard.housekeeping().await {
                tracing::warn!(error = %e, "login guard housekeeping failed; retried in a minute");
            }
        }
    });
    // The years loaded into the database, before the first request is counted.
    match calendar::refresh(&state).await {
        Ok(r) => tracing::info!(?r, "calendar ready"),
        Err(p) => {
            tracing::warn!(detail = %p.detail, "loaded calendar years not read; retried by the scheduler")
        }
    }
    let scheduler = scheduler::spawn(state.clone());
    tracing::info!(%addr, "zhengwu 服务已启动 (listening)");
    let app = app(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
    let res = axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await;
    housekeeping.abort();
    scheduler.abort();
    store.close().await;
    tracing::info!("zhengwu 服务已停止 (stopped)");
    Ok(res?)
}

/// Completes on SIGINT (Ctrl-C) or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("收到停止信号，正在完成进行中的请求 (shutdown signal: draining requests)");
}
