//! Server configuration from three sources, later ones winning: a TOML file (`--config`), the
//! environment (`ZHENGWU_*`), command-line flags. Defaults let `zhengwu serve` run with nothing set.

use serde::Deserialize;
use std::net::SocketAddr;
use std::path::Path;

pub const DEFAULT_BIND: &str = "127.0.0.1:8080";
/// The embedded database beside the working directory.
pub const DEFAULT_DB: &str = "zhengwu.db";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum LogFormat {
    #[default]
    Text,
    Json,
}

/// The resolved configuration.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub bind: SocketAddr,
    pub database_url: String,
    /// `tracing_subscriber::EnvFilter` directives, e.g. `info,zhengwu_server=debug`.
    pub log: String,
    pub log_format: LogFormat,
    /// Mark cookies `Secure` and send HSTS: set when the server sits behind TLS.
    pub cookie_secure: bool,
    pub session_hours: u32,
    /// Login attempts allowed per client address per minute.
    pub login_per_ip_per_minute: u32,
    /// Login attempts allowed per account name per minute (whether or not the account exists).
    pub login_per_account_per_minute: u32,
    /// Consecutive failures after which an account name is locked.
    pub lockout_failures: u32,
    pub lockout_minutes: u32,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            bind: SocketAddr::from(([127, 0, 0, 1], 8080)),
            database_url: DEFAULT_DB.to_string(),
            log: "info".to_string(),
            log_format: LogFormat::Text,
            cookie_secure: false,
            session_hours: 12,
            login_per_ip_per_minute: 30,
            login_per_account_per_minute: 10,
            lockout_failures: 5,
            lockout_minutes: 15,
        }
    }
}

/// The TOML file: every key optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    bind: Option<String>,
    database_url: Option<String>,
    log: Option<String>,
    log_format: Option<LogFormat>,
    #[serde(default)]
    security: FileSecurity,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileSecurity {
    cookie_secure: Option<bool>,
    session_hours: Option<u32>,
    login_per_ip_per_minute: Option<u32>,
    login_per_account_per_minute: Option<u32>,
    lockout_failures: Option<u32>,
    lockout_minutes: Option<u32>,
}

/// Values given as command-line flags (None = not given).
#[derive(Debug, Default, Clone)]
pub struct Flags {
    pub bind: Option<String>,
    pub database_url: Option<String>,
    pub log: Option<String>,
    pub log_format: Option<LogFormat>,
    pub cookie_secure: Option<bool>,
}

#[derive(Debug, thiserror::Error, PartialEq)]
#[error("配置错误：{zh} (configuration error: {en})")]
pub struct ConfigError {
    pub zh: String,
    pub en: String,
}

fn err(zh: impl Into<String>, en: impl Into<String>) -> ConfigError {
    ConfigError {
        zh: zh.into(),
        en: en.into(),
    }
}

impl Config {
    /// Resolves the configuration: defaults, then the file, then `env` (a lookup, so tests need not
    /// touch the process environment), then `flags`.
    pub fn resolve(
        file: Option<&Path>,
        env: &dyn Fn(&str) -> Option<String>,
        flags: &Flags,
    ) -> Result<Config, ConfigError> {
        let mut c = Config::default();
        let mut bind: Option<(String, &str)> = None;
        if let Some(path) = file {
            let text = std::fs::read_to_string(path).map_err(|e| {
                err(
                    format!("无法读取配置文件 {}：{e}", path.display()),
                    format!("cannot read config file {}: {e}", path.display()),
                )
            })?;
            let f: FileConfig = toml::from_str(&text).map_err(|e| {
                err(
                    format!("配置文件 {} 无效：{e}", path.display()),
                    format!("invalid config file {}: {e}", path.display()),
                )
            })?;
            if let Some(b) = f.bind {
                bind = Some((b, "config file"));
            }
            if let Some(v) = f.database_url {
                c.database_url = v;
            }
            if let Some(v) = f.log {
                c.log = v;
            }
            if let Some(v) = f.log_format {
                c.log_format = v;
            }
            let s = f.security;
            if let Some(v) = s.cookie_secure {
                c.cookie_secure = v;
            }
            if let Some(v) = s.session_hours {
                c.session_hours = v;
            }
            if let Some(v) = s.login_per_ip_per_minute {
                c.login_per_ip_per_minute = v;
            }
            if let Some(v) = s.login_per_account_per_minute {
                c.login_per_account_per_minute = v;
            }
            if let Some(v) = s.lockout_failures {
                c.lockout_failures = v;
            }
            if let Some(v) = s.lockout_minutes {
                c.lockout_minutes = v;
            }
        }
        if let Some(b) = env("ZHENGWU_BIND") {
            bind = Some((b, "ZHENGWU_BIND"));
        }
        if let Some(v) = env("ZHENGWU_DATABASE_URL") {
            c.database_url = v;
        }
        if let Some(v) = env("ZHENGWU_LOG").or_else(|| env("RUST_LOG")) {
            c.log = v;
        }
        if let Some(v) = env("ZHENGWU_LOG_FORMAT") {
            c.log_format = match v.as_str() {
                "text" => LogFormat::Text,
                "json" => LogFormat::Json,
                _ => {
                    return Err(err(
                        format!("ZHENGWU_LOG_FORMAT 须为 text 或 json，而非 \"{v}\""),
                        format!("ZHENGWU_LOG_FORMAT must be text or json, not \"{v}\""),
                    ));
                }
            };
        }
        if let Some(v) = env("ZHENGWU_COOKIE_SECURE") {
            c.cookie_secure = match v.as_str() {
                "1" | "true" | "yes" => true,
                "0" | "false" | "no" => false,
                _ => {
                    return Err(err(
                        format!("ZHENGWU_COOKIE_SECURE 须为 true 或 false，而非 \"{v}\""),
                        format!("ZHENGWU_COOKIE_SECURE must be true or false, not \"{v}\""),
                    ));
                }
            };
        }
        if let Some(b) = &flags.bind {
            bind = Some((b.clone(), "--bind"));
        }
        if let Some(v) = &flags.database_url {
            c.database_url = v.clone();
        }
        if let Some(v) = &flags.log {
            c.log = v.clone();
        }
        if let Some(v) = flags.log_format {
            c.log_format = v;
        }
        if let Some(v) = flags.cookie_secure {
            c.cookie_secure = v;
        }
        if let Some((b, from)) = bind {
            c.bind = b.parse().map_err(|_| {
                err(
                    format!("{from} 的监听地址 \"{b}\" 无效，应形如 127.0.0.1:8080"),
                    format!("listen address \"{b}\" from {from} is invalid; expected e.g. 127.0.0.1:8080"),
                )
            })?;
        }
        if c.session_hours == 0
            || c.login_per_ip_per_minute == 0
            || c.login_per_account_per_minute == 0
        {
            return Err(err(
                "会话时长与登录频率限制须大于 0",
                "session_hours and login rate limits must be greater than 0",
            ));
        }
        Ok(c)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly on purpose
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env_of(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |k| map.get(k).cloned()
    }

    #[test]
    fn defaults_need_nothing() {
        let c = Config::resolve(None, &env_of(&[]), &Flags::default()).unwrap();
        assert_eq!(c.bind.to_string(), DEFAULT_BIND);
        assert_eq!(c.database_url, DEFAULT_DB);
        assert!(!c.cookie_secure);
    }

    #[test]
    fn file_then_env_then_flags() {
        let dir = std::env::temp_dir().join(format!("zhengwu-cfg-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("server.toml");
        std::fs::write(
            &path,
            "bind = \"0.0.0.0:9000\"\ndatabase_url = \"sqlite://file.db\"\nlog = \"debug\"\n[security]\ncookie_secure = true\nlockout_failures = 3\n",
        )
        .unwrap();
        let c = Config::resolve(Some(&path), &env_of(&[]), &Flags::default()).unwrap();
        assert_eq!(c.bind.to_string(), "0.0.0.0:9000");
        assert_eq!(c.database_url, "sqlite://file.db");
        assert!(c.cookie_secure);
        assert_eq!(c.lockout_failures, 3);

        let env = env_of(&[
            ("ZHENGWU_DATABASE_URL", "postgres://db/zw"),
            ("ZHENGWU_BIND", "127.0.0.1:9001"),
        ]);
        let c = Config::resolve(Some(&path), &env, &Flags::default()).unwrap();
        assert_eq!(c.database_url, "postgres://db/zw");
        assert_eq!(c.bind.to_string(), "127.0.0.1:9001");
        assert_eq!(
            c.log, "debug",
            "the file's value stays where env says nothing"
        );

        let flags = Flags {
            database_url: Some("sqlite://flag.db".into()),
            cookie_secure: Some(false),
            ..Flags::default()
        };
        let c = Config::resolve(Some(&path), &env, &flags).unwrap();
        assert_eq!(c.database_url, "sqlite://flag.db");
        assert!(!c.cookie_secure);
        assert_eq!(c.bind.to_string(), "127.0.0.1:9001");
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn bad_values_are_named() {
        let flags = Flags {
            bind: Some("localhost".into()),
            ..Flags::default()
        };
        let e = Config::resolve(None, &env_of(&[]), &flags).unwrap_err();
        assert!(e.en.contains("--bind"), "{e}");
        let e = Config::resolve(
            None,
            &env_of(&[("ZHENGWU_LOG_FORMAT", "xml")]),
            &Flags::default(),
        )
        .unwrap_err();
        assert!(e.zh.contains("ZHENGWU_LOG_FORMAT"));
        let dir = std::env::temp_dir().join(format!("zhengwu-cfg-bad-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("server.toml");
        std::fs::write(&path, "bnd = \"x\"\n").unwrap();
        let e = Config::resolve(Some(&path), &env_of(&[]), &Flags::default()).unwrap_err();
        assert!(e.en.contains("bnd"), "unknown keys are named: {e}");
        std::fs::remove_dir_all(&dir).ok();
    }
}
