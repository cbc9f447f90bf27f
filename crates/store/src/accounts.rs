//! Accounts (argon2id password hashes), sessions with expiry, and API tokens stored hashed.
//!
//! Secrets handed to clients (session tokens, API tokens) are 32 random bytes in hex; only their
//! SHA-256 is stored (they are high-entropy, so a fast hash suffices; passwords get argon2id).
//! Audit events about accounts never contain a hash or a token.

use crate::audit::sha256_hex;
use crate::clock::{format_ts, parse_ts};
use crate::db::{EventDraft, Store};
use crate::error::{DbContext, Result, StoreError};
use crate::records::{Audit, check_name, new_id};
use argon2::Argon2;
use argon2::password_hash::rand_core::{OsRng, RngCore};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use sqlx::Row;
use sqlx::any::AnyRow;

/// `n` random bytes from the OS, as hex.
pub(crate) fn random_hex(n: usize) -> String {
    let mut buf = vec![0u8; n];
    OsRng.fill_bytes(&mut buf);
    crate::audit::hex(&buf)
}

/// Minimum password length in characters.
pub const MIN_PASSWORD_CHARS: usize = 8;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    pub id: String,
    pub username: String,
    pub display_name: String,
    /// Role ids (CASES.md, e.g. `head`, `office`) or application roles (e.g. `admin`, `clerk`).
    pub roles: Vec<String>,
    pub government_id: Option<String>,
    pub department_id: Option<String>,
    pub person_id: Option<String>,
    pub disabled: bool,
    pub version: i64,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewAccount {
    pub username: String,
    pub display_name: String,
    pub password: String,
    #[serde(default)]
    pub roles: Vec<String>,
    #[serde(default)]
    pub government_id: Option<String>,
    #[serde(default)]
    pub department_id: Option<String>,
    #[serde(default)]
    pub person_id: Option<String>,
}

/// Changes to an account; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountPatch {
    pub display_name: Option<String>,
    pub roles: Option<Vec<String>>,
    pub government_id: Option<Option<String>>,
    pub department_id: Option<Option<String>>,
    pub person_id: Option<Option<String>>,
    pub disabled: Option<bool>,
    /// A new password (hashed with argon2id before it is stored).
    pub password: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    pub id: String,
    pub account_id: String,
    /// The per-session CSRF token the server checks on state-changing requests.
    pub csrf_token: String,
    pub created_at: Timestamp,
    pub expires_at: Timestamp,
}

/// A session just created: `token` is the secret for the cookie, shown only now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NewSession {
    pub token: String,
    pub session: Session,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiToken {
    pub id: String,
    pub account_id: String,
    pub name: String,
    pub created_at: Timestamp,
    pub expires_at: Option<Timestamp>,
    pub revoked_at: Option<Timestamp>,
}

/// An API token just created: `token` is the secret, shown only now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NewApiToken {
    pub token: String,
    pub info: ApiToken,
}

const ACCOUNT_COLUMNS: &str = "id, username, display_name, roles, government_id, department_id, person_id, disabled, version, created_at, updated_at";

fn c(e: sqlx::Error) -> StoreError {
    StoreError::Database {
        context: "读取账号",
        context_en: "reading an account",
        source: e,
    }
}

fn account_from_row(row: &AnyRow) -> Result<Account> {
    let roles: String = row.try_get("roles").map_err(c)?;
    let created: String = row.try_get("created_at").map_err(c)?;
    let updated: String = row.try_get("updated_at").map_err(c)?;
    let disabled: i64 = row.try_get("disabled").map_err(c)?;
    Ok(Account {
        id: row.try_get("id").map_err(c)?,
        username: row.try_get("username").map_err(c)?,
        display_name: row.try_get("display_name").map_err(c)?,
        roles: serde_json::from_str(&roles)
            .map_err(|e| StoreError::Corrupt(format!("account roles: {e}")))?,
        government_id: row.try_get("government_id").map_err(c)?,
        department_id: row.try_get("department_id").map_err(c)?,
        person_id: row.try_get("person_id").map_err(c)?,
        disabled: disabled != 0,
        version: row.try_get("version").map_err(c)?,
        created_at: parse_ts(&created)?,
        updated_at: parse_ts(&updated)?,
    })
}

fn session_from_row(row: &AnyRow) -> Result<Session> {
    let created: String = row.try_get("s_created_at").map_err(c)?;
    let expires: String = row.try_get("s_expires_at").map_err(c)?;
    Ok(Session {
        id: row.try_get("s_id").map_err(c)?,
        account_id: row.try_get("s_account_id").map_err(c)?,
        csrf_token: row.try_get("s_csrf_token").map_err(c)?,
        created_at: parse_ts(&created)?,
        expires_at: parse_ts(&expires)?,
    })
}

fn token_from_row(row: &AnyRow) -> Result<ApiToken> {
    let created: String = row.try_get("t_created_at").map_err(c)?;
    let expires: Option<String> = row.try_get("t_expires_at").map_err(c)?;
    let revoked: Option<String> = row.try_get("t_revoked_at").map_err(c)?;
    Ok(ApiToken {
        id: row.try_get("t_id").map_err(c)?,
        account_id: row.try_get("t_account_id").map_err(c)?,
        name: row.try_get("t_name").map_err(c)?,
        created_at: parse_ts(&created)?,
        expires_at: expires.as_deref().map(parse_ts).transpose()?,
        revoked_at: revoked.as_deref().map(parse_ts).transpose()?,
    })
}

/// The audit view of an account: everything but secrets.
fn account_json(a: &Account) -> Value {
    json!({
        "id": a.id, "username": a.username, "display_name": a.display_name, "roles": a.roles,
        "government_id": a.government_id, "department_id": a.department_id, "person_id": a.person_id,
        "disabled": a.disabled, "version": a.version,
    })
}

fn check_password(pw: &str) -> Result<()> {
    if pw.chars().count() < MIN_PASSWORD_CHARS {
        return Err(StoreError::invalid(
            format!("密码至少 {MIN_PASSWORD_CHARS} 个字符"),
            format!("the password must have at least {MIN_PASSWORD_CHARS} characters"),
        ));
    }
    Ok(())
}

/// argon2id (the crate's default parameters: m=19 MiB, t=2, p=1) with a random salt, in PHC form.
/// CPU-heavy, so it runs off the async threads.
async fn hash_password(pw: String) -> Result<String> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(pw.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| {
                StoreError::invalid(
                    format!("无法计算密码哈希：{e}"),
                    format!("cannot hash the password: {e}"),
                )
            })
    })
    .await
    .map_err(|e| StoreError::Corrupt(format!("password hashing task failed: {e}")))?
}

async fn verify_password(pw: String, phc: String) -> bool {
    tokio::task::spawn_blocking(move || match PasswordHash::new(&phc) {
        Ok(parsed) => Argon2::default()
            .verify_password(pw.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    })
    .await
    .unwrap_or(false)
}

/// A fixed hash to verify against when the user does not exist, so a login attempt takes the same
/// time whether or not the name is known.
async fn dummy_hash() -> String {
    static DUMMY: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();
    DUMMY
        .get_or_init(|| async {
            hash_password("dummy-password-for-timing".into())
                .await
                .unwrap_or_default()
        })
        .await
        .clone()
}

impl Store {
    pub async fn create_account(&self, audit: &Audit, new: NewAccount) -> Result<Account> {
        check_name("用户名", "user name", &new.username)?;
        check_name("姓名", "display name", &new.display_name)?;
        check_password(&new.password)?;
        let hash = hash_password(new.password.clone()).await?;
        let mut w = self.begin_write().await?;
        let exists = sqlx::query("SELECT id FROM accounts WHERE username = $1")
            .bind(&new.username)
            .fetch_optional(w.c()?)
            .await
            .ctx("读取账号", "reading an account")?;
        if exists.is_some() {
            return Err(StoreError::AlreadyExists {
                object_type: "account".into(),
                id: new.username,
            });
        }
        let now = format_ts(w.now);
        let acc = Account {
            id: new_id(w.now),
            username: new.username,
            display_name: new.display_name,
            roles: new.roles,
            government_id: new.government_id,
            department_id: new.department_id,
            person_id: new.person_id,
            disabled: false,
            version: 1,
            created_at: parse_ts(&now)?,
            updated_at: parse_ts(&now)?,
        };
        sqlx::query(&format!(
            "INSERT INTO accounts ({ACCOUNT_COLUMNS}, password_hash) VALUES ($1, $2, $3, $4, $5, $6, $7, 0, 1, $8, $8, $9)"
        ))
        .bind(&acc.id)
        .bind(&acc.username)
        .bind(&acc.display_name)
        .bind(serde_json::to_string(&acc.roles).unwrap_or_else(|_| "[]".into()))
        .bind(&acc.government_id)
        .bind(&acc.department_id)
        .bind(&acc.person_id)
        .bind(&now)
        .bind(&hash)
        .execute(w.c()?)
        .await
        .ctx("写入账号", "writing an account")?;
        let after = account_json(&acc);
        w.event(EventDraft {
            actor: &audit.actor,
            action: &audit.action,
            object_type: "account",
            object_id: &acc.id,
            before: None,
            after: Some(&after),
            citations: &audit.citations,
        })
        .await?;
        w.commit().await?;
        Ok(acc)
    }

    pub async fn get_account(&self, id: &str) -> Result<Option<Account>> {
        let row = sqlx::query(&format!(
            "SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.inner.pool)
        .await
        .ctx("读取账号", "reading an account")?;
        row.as_ref().map(account_from_row).transpose()
    }

    pub async fn account_by_username(&self, username: &str) -> Result<Option<Account>> {
        let row = sqlx::query(&format!(
            "SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE username = $1"
        ))
        .bind(username)
        .fetch_optional(&self.inner.pool)
        .await
        .ctx("读取账号", "reading an account")?;
        row.as_ref().map(account_from_row).transpose()
    }

    pub async fn list_accounts(&self) -> Result<Vec<Account>> {
        let rows = sqlx::query(&format!(
            "SELECT {ACCOUNT_COLUMNS} FROM accounts ORDER BY username"
        ))
        .fetch_all(&self.inner.pool)
        .await
        .ctx("读取账号", "reading accounts")?;
        rows.iter().map(account_from_row).collect()
    }

    /// Check a user name and password. `Ok(None)` for an unknown user, a wrong password or a
    /// disabled account (the caller should not tell which). Does not write; record failed
    /// logins with [`Store::record_event`] if wanted.
    pub async fn authenticate(&self, username: &str, password: &str) -> Result<Option<Account>> {
        let row = sqlx::query(&format!(
            "SELECT {ACCOUNT_COLUMNS}, password_hash FROM accounts WHERE username = $1"
        ))
        .bind(username)
        .fetch_optional(&self.inner.pool)
        .await
        .ctx("读取账号", "reading an account")?;
        let Some(row) = row else {
            let _ = verify_password(password.to_string(), dummy_hash().await).await;
            return Ok(None);
        };
        let acc = account_from_row(&row)?;
        let phc: String = row.try_get("password_hash").map_err(c)?;
        let ok = verify_password(password.to_string(), phc).await;
        Ok((ok && !acc.disabled).then_some(acc))
    }

    /// Change an account if still at `expected_version`. Disabling an account ends its sessions.
    pub async fn update_account(
        &self,
        audit: &Audit,
        id: &str,
        expected_version: i64,
        patch: AccountPatch,
    ) -> Result<Account> {
        if let Some(n) = &patch.display_name {
            check_name("姓名", "display name", n)?;
        }
        let new_hash = match &patch.password {
            Some(pw) => {
                check_password(pw)?;
                Some(hash_password(pw.clone()).await?)
            }
            None => None,
        };
        let mut w = self.begin_write().await?;
        let row = sqlx::query(&format!(
            "SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(w.c()?)
        .await
        .ctx("读取账号", "reading an account")?;
        let Some(row) = row else {
            return Err(StoreError::not_found("account", id));
        };
        let old = account_from_row(&row)?;
        if old.version != expected_version {
            return Err(StoreError::Conflict {
                object_type: "account".into(),
                id: id.into(),
                expected: expected_version,
                current: old.version,
            });
        }
        let mut acc = old.clone();
        if let Some(v) = patch.display_name {
            acc.display_name = v;
        }
        if let Some(v) = patch.roles {
            acc.roles = v;
        }
        if let Some(v) = patch.government_id {
            acc.government_id = v;
        }
        if let Some(v) = patch.department_id {
            acc.department_id = v;
        }
        if let Some(v) = patch.person_id {
            acc.person_id = v;
        }
        if let Some(v) = patch.disabled {
            acc.disabled = v;
        }
        acc.version += 1;
        acc.updated_at = parse_ts(&format_ts(w.now))?;
        let res = sqlx::query(
            "UPDATE accounts SET display_name = $1, roles = $2, government_id = $3, department_id = $4, person_id = $5, \
             disabled = $6, version = $7, updated_at = $8, password_hash = COALESCE($9, password_hash) WHERE id = $10 AND version = $11",
        )
        .bind(&acc.display_name)
        .bind(serde_json::to_string(&acc.roles).unwrap_or_else(|_| "[]".into()))
        .bind(&acc.government_id)
        .bind(&acc.department_id)
        .bind(&acc.person_id)
        .bind(i64::from(acc.disabled))
        .bind(acc.version)
        .bind(format_ts(acc.updated_at))
        .bind(new_hash.as_deref())
        .bind(id)
        .bind(expected_version)
        .execute(w.c()?)
        .await
        .ctx("更新账号", "updating an account")?;
        if res.rows_affected() != 1 {
            return Err(StoreError::Conflict {
                object_type: "account".into(),
                id: id.into(),
                expected: expected_version,
                current: old.version,
            });
        }
        if acc.disabled || new_hash.is_some() {
            // A disabled account or a changed password must not keep old sessions alive.
            sqlx::query("DELETE FROM sessions WHERE account_id = $1")
                .bind(id)
                .execute(w.c()?)
                .await
                .ctx("结束会话", "ending sessions")?;
        }
        let before = account_json(&old);
        let mut after = account_json(&acc);
        if new_hash.is_some() {
            after["password_changed"] = Value::Bool(true);
        }
        w.event(EventDraft {
            actor: &audit.actor,
            action: &audit.action,
            object_type: "account",
            object_id: id,
            before: Some(&before),
            after: Some(&after),
            citations: &audit.citations,
        })
        .await?;
        w.commit().await?;
        Ok(acc)
    }

    /// Start a session for an account, valid for `ttl` from the clock's now.
    pub async fn create_session(
        &self,
        audit: &Audit,
        account_id: &str,
        ttl: SignedDuration,
    ) -> Result<NewSession> {
        let mut w = self.begin_write().await?;
        let row = sqlx::query("SELECT disabled FROM accounts WHERE id = $1")
            .bind(account_id)
            .fetch_optional(w.c()?)
            .await
            .ctx("读取账号", "reading an account")?;
        let Some(row) = row else {
            return Err(StoreError::not_found("account", account_id));
        };
        let disabled: i64 = row.try_get("disabled").map_err(c)?;
        if disabled != 0 {
            return Err(StoreError::BadCredentials);
        }
        let token = random_hex(32);
        let expires = w.now.checked_add(ttl).map_err(|e| {
            StoreError::invalid(
                format!("会话有效期无效：{e}"),
                format!("invalid session lifetime: {e}"),
            )
        })?;
        let session = Session {
            id: new_id(w.now),
            account_id: account_id.into(),
            csrf_token: random_hex(32),
            created_at: parse_ts(&format_ts(w.now))?,
            expires_at: parse_ts(&format_ts(expires))?,
        };
        sqlx::query(
            "INSERT INTO sessions (id, token_hash, account_id, csrf_token, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&session.id)
        .bind(sha256_hex(token.as_bytes()))
        .bind(account_id)
        .bind(&session.csrf_token)
        .bind(format_ts(session.created_at))
        .bind(format_ts(session.expires_at))
        .execute(w.c()?)
        .await
        .ctx("写入会话", "writing a session")?;
        let after = json!({"account_id": account_id, "expires_at": format_ts(session.expires_at)});
        w.event(EventDraft {
            actor: &audit.actor,
            action: &audit.action,
            object_type: "session",
            object_id: &session.id,
            before: None,
            after: Some(&after),
            citations: &audit.citations,
        })
        .await?;
        w.commit().await?;
        Ok(NewSession { token, session })
    }

    /// The live session and its (enabled) account for a cookie token; `None` if unknown, expired or
    /// the account is disabled.
    pub async fn session_by_token(&self, token: &str) -> Result<Option<(Session, Account)>> {
        let row = sqlx::query(&format!(
            "SELECT s.id AS s_id, s.account_id AS s_account_id, s.csrf_token AS s_csrf_token, s.created_at AS s_created_at, \
             s.expires_at AS s_expires_at, {} FROM sessions s JOIN accounts a ON a.id = s.account_id WHERE s.token_hash = $1",
            ACCOUNT_COLUMNS.split(", ").map(|col| format!("a.{col}")).collect::<Vec<_>>().join(", ")
        ))
        .bind(sha256_hex(token.as_bytes()))
        .fetch_optional(&self.inner.pool)
        .await
        .ctx("读取会话", "reading a session")?;
        let Some(row) = row else { return Ok(None) };
        let session = session_from_row(&row)?;
        let acc = account_from_row(&row)?;
        if session.expires_at <= self.now() || acc.disabled {
            return Ok(None);
        }
        Ok(Some((session, acc)))
    }

    /// End a session (logout). Ending an unknown session is not an error.
    pub async fn delete_session(&self, audit: &Audit, session_id: &str) -> Result<()> {
        let mut w = self.begin_write().await?;
        let res = sqlx::query("DELETE FROM sessions WHERE id = $1")
            .bind(session_id)
            .execute(w.c()?)
            .await
            .ctx("结束会话", "ending a session")?;
        if res.rows_affected() == 0 {
            return Ok(());
        }
        w.event(EventDraft {
            actor: &audit.actor,
            action: &audit.action,
            object_type: "session",
            object_id: session_id,
            before: None,
            after: None,
            citations: &audit.citations,
        })
        .await?;
        w.commit().await?;
        Ok(())
    }

    /// Delete expired sessions; returns how many.
    pub async fn purge_expired_sessions(&self, audit: &Audit) -> Result<u64> {
        let mut w = self.begin_write().await?;
        let now = format_ts(w.now);
        let res = sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
            .bind(&now)
            .execute(w.c()?)
            .await
            .ctx("清理过期会话", "purging expired sessions")?;
        let n = res.rows_affected();
        if n > 0 {
            let after = json!({"purged": n, "expired_before": now});
            w.event(EventDraft {
                actor: &audit.actor,
                action: &audit.action,
                object_type: "session",
                object_id: "*",
                before: None,
                after: Some(&after),
                citations: &audit.citations,
            })
            .await?;
            w.commit().await?;
        }
        Ok(n)
    }

    /// Issue an API token for an account.
    pub async fn create_api_token(
        &self,
        audit: &Audit,
        account_id: &str,
        name: &str,
        expires_at: Option<Timestamp>,
    ) -> Result<NewApiToken> {
        check_name("令牌名称", "token name", name)?;
        let mut w = self.begin_write().await?;
        let exists = sqlx::query("SELECT id FROM accounts WHERE id = $1")
            .bind(account_id)
            .fetch_optional(w.c()?)
            .await
            .ctx("读取账号", "reading an account")?;
        if exists.is_none() {
            return Err(StoreError::not_found("account", account_id));
        }
        let token = format!("zw_{}", random_hex(32));
        let info = ApiToken {
            id: new_id(w.now),
            account_id: account_id.into(),
            name: name.into(),
            created_at: parse_ts(&format_ts(w.now))?,
            expires_at: expires_at.map(|t| parse_ts(&format_ts(t))).transpose()?,
            revoked_at: None,
        };
        sqlx::query(
            "INSERT INTO api_tokens (id, token_hash, account_id, name, created_at, expires_at, revoked_at) VALUES ($1, $2, $3, $4, $5, $6, NULL)",
        )
        .bind(&info.id)
        .bind(sha256_hex(token.as_bytes()))
        .bind(account_id)
        .bind(name)
        .bind(format_ts(info.created_at))
        .bind(info.expires_at.map(format_ts))
        .execute(w.c()?)
        .await
        .ctx("写入令牌", "writing an API token")?;
        let after = json!({"account_id": account_id, "name": name, "expires_at": info.expires_at.map(format_ts)});
        w.event(EventDraft {
            actor: &audit.actor,
            action: &audit.action,
            object_type: "api_token",
            object_id: &info.id,
            before: None,
            after: Some(&after),
            citations: &audit.citations,
        })
        .await?;
        w.commit().await?;
        Ok(NewApiToken { token, info })
    }

    /// The token record and its account for a presented API token; `None` if unknown, revoked,
    /// expired or the account is disabled.
    pub async fn api_token_account(&self, token: &str) -> Result<Option<(ApiToken, Account)>> {
        let row = sqlx::query(&format!(
            "SELECT t.id AS t_id, t.account_id AS t_account_id, t.name AS t_name, t.created_at AS t_created_at, \
             t.expires_at AS t_expires_at, t.revoked_at AS t_revoked_at, {} FROM api_tokens t JOIN accounts a ON a.id = t.account_id \
             WHERE t.token_hash = $1",
            ACCOUNT_COLUMNS.split(", ").map(|col| format!("a.{col}")).collect::<Vec<_>>().join(", ")
        ))
        .bind(sha256_hex(token.as_bytes()))
        .fetch_optional(&self.inner.pool)
        .await
        .ctx("读取令牌", "reading an API token")?;
        let Some(row) = row else { return Ok(None) };
        let tok = token_from_row(&row)?;
        let acc = account_from_row(&row)?;
        let now = self.now();
        if tok.revoked_at.is_some() || tok.expires_at.is_some_and(|e| e <= now) || acc.disabled {
            return Ok(None);
        }
        Ok(Some((tok, acc)))
    }

    pub async fn list_api_tokens(&self, account_id: &str) -> Result<Vec<ApiToken>> {
        let rows = sqlx::query(
            "SELECT id AS t_id, account_id AS t_account_id, name AS t_name, created_at AS t_created_at, \
             expires_at AS t_expires_at, revoked_at AS t_revoked_at FROM api_tokens WHERE account_id = $1 ORDER BY id",
        )
        .bind(account_id)
        .fetch_all(&self.inner.pool)
        .await
        .ctx("读取令牌", "reading API tokens")?;
        rows.iter().map(token_from_row).collect()
    }

    /// Revoke an API token (idempotent: revoking twice keeps the first time).
    pub async fn revoke_api_token(&self, audit: &Audit, token_id: &str) -> Result<()> {
        let mut w = self.begin_write().await?;
        let res = sqlx::query(
            "UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL",
        )
        .bind(format_ts(w.now))
        .bind(token_id)
        .execute(w.c()?)
        .await
        .ctx("吊销令牌", "revoking an API token")?;
        if res.rows_affected() == 0 {
            let exists = sqlx::query("SELECT id FROM api_tokens WHERE id = $1")
                .bind(token_id)
                .fetch_optional(w.c()?)
                .await
                .ctx("读取令牌", "reading an API token")?;
            return match exists {
                Some(_) => Ok(()),
                None => Err(StoreError::not_found("api_token", token_id)),
            };
        }
        let after = json!({"revoked": true});
        w.event(EventDraft {
            actor: &audit.actor,
            action: &audit.action,
            object_type: "api_token",
            object_id: token_id,
            before: None,
            after: Some(&after),
            citations: &audit.citations,
        })
        .await?;
        w.commit().await?;
        Ok(())
    }
}
