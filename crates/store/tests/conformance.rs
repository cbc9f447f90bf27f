//! The ONE conformance suite: every test runs on SQLite, and on PostgreSQL when
//! `ZHENGWU_TEST_POSTGRES_URL` is set (otherwise a banner says it did not run).

#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;

use common::{on_each_backend, t0};
use serde_json::json;
use std::sync::Arc;
use zhengwu_store::{
    Audit, BadKind, ManualClock, NewAccount, NewRecord, Store, StoreError, schema_version,
};

fn audit(action: &str) -> Audit {
    Audit::new("acct-clerk", action)
}

fn new_doc(n: i64) -> NewRecord {
    NewRecord {
        kind: "document".into(),
        id: None,
        data: json!({"title": format!("文件{n}")}),
        idempotency_key: None,
    }
}

async fn fill(store: &Store, n: i64) -> Vec<String> {
    let mut ids = Vec::new();
    for i in 0..n {
        ids.push(
            store
                .create_record(&audit("document.register"), new_doc(i))
                .await
                .unwrap()
                .value
                .id,
        );
    }
    ids
}

async fn exec(store: &Store, sql: &str) {
    sqlx::query(sql).execute(store.pool()).await.unwrap();
}

async fn event_count(store: &Store) -> i64 {
    store.audit_events(0, 1_000_000).await.unwrap().len() as i64
}

#[tokio::test]
async fn migrations_run_once_and_record_the_version() {
    on_each_backend(|db| async move {
        let store = db.open().await;
        assert_eq!(
            store.current_schema_version().await.unwrap(),
            schema_version()
        );
        let again = store.migrate().await.unwrap();
        assert!(again.applied.is_empty());
        assert_eq!(again.from_version, schema_version());
        store.close().await;
        // Reopening an existing database keeps its data.
        let store = db.open().await;
        fill(&store, 1).await;
        store.close().await;
        let store = db.open().await;
        assert_eq!(store.count_records("document").await.unwrap(), 1);
    })
    .await;
}

#[tokio::test]
async fn refuses_a_database_newer_than_the_binary() {
    on_each_backend(|db| async move {
        let store = db.open().await;
        exec(
            &store,
            "INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', 'x')",
        )
        .await;
        store.close().await;
        match Store::open(&db.url).await {
            Err(StoreError::SchemaTooNew { database, binary }) => {
                assert_eq!(database, 999);
                assert_eq!(binary, schema_version());
            }
            other => panic!("expected SchemaTooNew, got {other:?}"),
        }
        let msg = StoreError::SchemaTooNew {
            database: 999,
            binary: 1,
        }
        .to_string();
        assert!(msg.starts_with("数据库结构版本 999"), "{msg}");
        assert!(msg.contains("upgrade zhengwu"), "{msg}");
    })
    .await;
}

#[tokio::test]
async fn stale_version_is_a_conflict_naming_the_current_version() {
    on_each_backend(|db| async move {
        let store = db.open().await;
        let rec = store
            .create_record(&audit("document.register"), new_doc(1))
            .await
            .unwrap()
            .value;
        assert_eq!(rec.version, 1);
        let v2 = store
            .update_record(
                &audit("document.edit"),
                "document",
                &rec.id,
                1,
                json!({"title": "改"}),
            )
            .await
            .unwrap();
        assert_eq!(v2.version, 2);
        let err = store
            .update_record(
                &audit("document.edit"),
                "document",
                &rec.id,
                1,
                json!({"title": "旧副本"}),
            )
            .await
            .unwrap_err();
        match &err {
            StoreError::Conflict {
                expected, current, ..
            } => assert_eq!((*expected, *current), (1, 2)),
            other => panic!("expected conflict, got {other:?}"),
        }
        assert!(err.to_string().contains("当前版本为 2"), "{err}");
        let now = store
            .get_record("document", &rec.id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(now.data, json!({"title": "改"}));
        // The failed write left no audit event.
        assert_eq!(event_count(&store).await, 2);
        // Delete also checks the version.
        assert!(matches!(
            store
                .delete_record(&audit("document.delete"), "document", &rec.id, 1)
                .await,
            Err(StoreError::Conflict { current: 2, .. })
        ));
        store
            .delete_record(&audit("document.delete"), "document", &rec.id, 2)
            .await
            .unwrap();
        assert!(
            store
                .get_record("document", &rec.id)
                .await
                .unwrap()
                .is_none()
        );
        assert!(matches!(
            store
                .update_record(&audit("x"), "document", &rec.id, 2, json!({}))
                .await,
            Err(StoreError::NotFound { .. })
        ));
    })
    .await;
}

#[tokio::test]
async fn concurrent_updates_from_the_same_version_never_lose_one() {
    on_each_backend(|db| async move {
        let store = db.open().await;
        let rec = store
            .create_record(&audit("document.register"), new_doc(1))
            .await
            .unwrap()
            .value;
        let mut tasks = Vec::new();
        for i in 0..8 {
            let store = store.clone();
            let id = rec.id.clone();
            tasks.push(tokio::spawn(async move {
                store
                    .update_record(
                        &audit("document.edit"),
                        "document",
                        &id,
                        1,
                        json!({"by": i}),
                    )
                    .await
            }));
        }
        let mut ok = Vec::new();
        let mut conflicts = 0;
        for t in tasks {
            match t.await.unwrap() {
                Ok(r) => ok.push(r),
                Err(StoreError::Conflict { current: 2, .. }) => conflicts += 1,
                Err(e) => panic!("unexpected error {e}"),
            }
        }
        assert_eq!(ok.len(), 1);
        assert_eq!(conflicts, 7);
        let stored = store
            .get_record("document", &rec.id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(stored.data, ok[0].data);
        assert_eq!(stored.version, 2);
    })
    .await;
}

#[tokio::test]
async fn idempotency_keys_replay_and_refuse_a_different_payload() {
    on_each_backend(|db| async move {
        let store = db.open().await;
        let mut req = new_doc(1);
        req.idempotency_key = Some("key-1".into());
        let first = store
            .create_record(&audit("document.register"), req.clone())
            .await
            .unwrap();
        assert!(!first.replayed);
        let again = store
            .create_record(&audit("document.register"), req.clone())
            .await
            .unwrap();
        assert!(again.replayed);
        assert_eq!(again.value, first.value);
        assert_eq!(store.count_records("document").await.unwrap(), 1);
        assert_eq!(event_count(&store).await, 1);

        let mut other = req.clone();
        other.data = json!({"title": "另一份"});
        let err = store
            .create_record(&audit("document.register"), other)
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::IdempotencyMismatch { ref key } if key == "key-1"));
        assert!(err.to_string().contains("未重复办理"), "{err}");
        assert_eq!(store.count_records("document").await.unwrap(), 1);

        // Keys are per actor: another clerk's identical key is a separate request.
        let theirs = store
            .create_record(&Audit::new("acct-other", "document.register"), req)
            .await
            .unwrap();
        assert!(!theirs.replayed);
        assert_ne!(theirs.value.id, first.value.id);

        // Concurrent retries with one key file exactly once.
        let mut req = new_doc(9);
        req.idempotency_key = Some("key-race".into());
        let mut tasks = Vec::new();
        for _ in 0..6 {
            let (store, req) = (store.clone(), req.clone());
            tasks.push(tokio::spawn(async move {
                store.create_record(&audit("document.register"), req).await
            }));
        }
        let mut ids = std::collections::BTreeSet::new();
        let mut fresh = 0;
        for t in tasks {
            let c = t.await.unwrap().unwrap();
            fresh += usize::from(!c.replayed);
            ids.insert(c.value.id);
        }
        assert_eq!((fresh, ids.len()), (1, 1));
        assert_eq!(store.count_records("document").await.unwrap(), 3);
    })
    .await;
}

#[tokio::test]
async fn every_write_carries_its_audit_event_with_injected_time_and_citations() {
    on_each_backend(|db| async move {
        let clock = Arc::new(ManualClock::new(t0()));
        let store = db.open_with_clock(clock.clone()).await;
        let cite = json!({"profile": "liaocheng", "article": "第四十七条", "quote": "会议议题一般应于会前５个工作日报送市政府办公室"});
        let a = Audit::new("acct-7", "agenda.submit").cite(cite.clone());
        let rec = store
            .create_record(&a, NewRecord { kind: "agenda_item".into(), id: Some("A-1".into()), data: json!({"t": 1}), idempotency_key: None })
            .await
            .unwrap()
            .value;
        clock.advance(jiff::SignedDuration::from_hours(2));
        store.update_record(&a.with_action("agenda.revise"), "agenda_item", "A-1", rec.version, json!({"t": 2})).await.unwrap();
        let evs = store.audit_for_object("agenda_item", "A-1").await.unwrap();
        assert_eq!(evs.len(), 2);
        assert_eq!(evs[0].actor, "acct-7");
        assert_eq!(evs[0].action, "agenda.submit");
        assert_eq!(evs[0].at, t0());
        assert_eq!(evs[0].before, None);
        assert_eq!(evs[0].after.as_ref().unwrap()["data"], json!({"t": 1}));
        assert_eq!(evs[0].citations, vec![cite]);
        assert_eq!(evs[1].at, t0() + jiff::SignedDuration::from_hours(2));
        assert_eq!(evs[1].before.as_ref().unwrap()["data"], json!({"t": 1}));
        assert_eq!(evs[1].after.as_ref().unwrap()["data"], json!({"t": 2}));
        assert_eq!(evs[1].prev_hash, evs[0].hash);
        assert_eq!(evs[0].prev_hash, zhengwu_store::audit::ZERO_HASH);
        // The stored hash is SHA-256 of the documented canonical form.
        let canon = evs[0].canonical();
        assert!(canon.starts_with(r#"{"action":"agenda.submit","actor":"acct-7","after":{"data":{"t":1},"id":"A-1","kind":"agenda_item","version":1},"at":"2026-03-02T01:00:00.000000Z","before":null,"citations":[{"#), "{canon}");
        assert!(canon.ends_with(r#""object_id":"A-1","object_type":"agenda_item","prev_hash":"0000000000000000000000000000000000000000000000000000000000000000","seq":1}"#), "{canon}");
        assert_eq!(evs[0].hash, evs[0].compute_hash());
        let report = store.verify_audit().await.unwrap();
        assert!(report.ok(), "{report:?}");
        assert_eq!((report.checked, report.head_seq), (2, 2));
        assert_eq!(report.head_hash, evs[1].hash);
    })
    .await;
}

async fn tampered(store: &Store) -> zhengwu_store::BadEvent {
    let r = store.verify_audit().await.unwrap();
    match r.first_bad {
        Some(b) => b,
        None => panic!("tampering not detected: {r:?}"),
    }
}

#[tokio::test]
async fn verify_names_an_edited_event() {
    on_each_backend(|db| async move {
        let store = db.open().await;
        fill(&store, 10).await;
        assert!(store.verify_audit().await.unwrap().ok());
        exec(
            &store,
            r#"UPDATE audit_events SET after_json = '{"title":"伪造"}' WHERE seq = 6"#,
        )
        .await;
        let bad = tampered(&store).await;
        assert_eq!((bad.seq, bad.kind), (6, BadKind::HashMismatch));
        assert!(bad.message_zh.contains("事件 6"));
    })
    .await;
}

#[tokio::test]
async fn verify_names_an_edited_actor_or_time() {
    on_each_backend(|db| async move {
        let store = db.open().await;
        fill(&store, 5).await;
        exec(
            &store,
            "UPDATE audit_events SET actor = 'someone-else' WHERE seq = 3",
        )
        .await;
        assert_eq!(tampered(&store).await.seq, 3);
        exec(
            &store,
            "UPDATE audit_events SET actor = 'acct-clerk' WHERE seq = 3",
        )
        .await;
        assert!(
            store.verify_audit().await.unwrap().ok(),
            "restoring the value restores the chain"
        );
        exec(
            &store,
            "UPDATE audit_events SET at = '2020-01-01T00:00:00.000000Z' WHERE seq = 2",
        )
        .await;
        assert_eq!(tampered(&store).await.seq, 2);
    })
    .await;
}

#[tokio::test]
async fn verify_names_a_deleted_event() {
    on_each_backend(|db| async move {
        let store = db.open().await;
        fill(&store, 10).await;
        exec(&store, "DELETE FROM audit_events WHERE seq = 4").await;
        let bad = tampered(&store).await;
        assert_eq!((bad.seq, bad.kind), (4, BadKind::Missing));
    })
    .await;
}

#[tokio::test]
async fn verify_detects_events_deleted_at_the_end() {
    on_each_backend(|db| async move {
        let store = db.open().await;
        fill(&store, 6).await;
        exec(&store, "DELETE FROM audit_events WHERE seq >= 5").await;
        let bad = tampered(&store).await;
        assert_eq!((bad.seq, bad.kind), (5, BadKind::HeadMismatch));
    })
    .await;
}

#[tokio::test]
async fn verify_names_an_inserted_event() {
    on_each_backend(|db| async move {
        let store = db.open().await;
        fill(&store, 10).await;
        let ev4 = store.audit_events(3, 1).await.unwrap().remove(0);
        assert_eq!(ev4.seq, 4);
        // Make room at 5 and forge an event that links to event 4.
        exec(&store, "UPDATE audit_events SET seq = -seq WHERE seq >= 5").await;
        exec(&store, "UPDATE audit_events SET seq = 1 - seq WHERE seq < 0").await;
        let forged = format!(
            "INSERT INTO audit_events (seq, at, actor, action, object_type, object_id, before_json, after_json, citations, prev_hash, hash) \
             VALUES (5, '2026-01-01T00:00:00.000000Z', 'intruder', 'document.register', 'document', 'X', NULL, '{{}}', '[]', '{}', '{}')",
            ev4.hash,
            "ab".repeat(32)
        );
        exec(&store, &forged).await;
        let bad = tampered(&store).await;
        assert_eq!((bad.seq, bad.kind), (5, BadKind::HashMismatch));
    })
    .await;
}

#[tokio::test]
async fn verify_names_the_first_of_reordered_events() {
    on_each_backend(|db| async move {
        let store = db.open().await;
        fill(&store, 10).await;
        // Swap events 7 and 8.
        exec(&store, "UPDATE audit_events SET seq = -1 WHERE seq = 7").await;
        exec(&store, "UPDATE audit_events SET seq = 7 WHERE seq = 8").await;
        exec(&store, "UPDATE audit_events SET seq = 8 WHERE seq = -1").await;
        let bad = tampered(&store).await;
        assert_eq!((bad.seq, bad.kind), (7, BadKind::BrokenLink));
    })
    .await;
}

#[tokio::test]
async fn concurrent_writers_do_not_fork_the_chain() {
    on_each_backend(|db| async move {
        let store = db.open().await;
        let mut tasks = Vec::new();
        for w in 0..8 {
            let store = store.clone();
            tasks.push(tokio::spawn(async move {
                for i in 0..25 {
                    store
                        .create_record(
                            &Audit::new(format!("writer-{w}"), "document.register"),
                            new_doc(i),
                        )
                        .await
                        .unwrap();
                }
            }));
        }
        for t in tasks {
            t.await.unwrap();
        }
        let evs = store.audit_events(0, 10_000).await.unwrap();
        assert_eq!(evs.len(), 200);
        for (i, e) in evs.iter().enumerate() {
            assert_eq!(e.seq, i as i64 + 1);
        }
        let report = store.verify_audit().await.unwrap();
        assert!(report.ok(), "{report:?}");
        assert_eq!(report.head_seq, 200);
    })
    .await;
}

#[tokio::test]
async fn batch_is_all_or_nothing() {
    on_each_backend(|db| async move {
        use zhengwu_store::RecordOp;
        let store = db.open().await;
        let rec = store
            .create_record(&audit("document.register"), new_doc(0))
            .await
            .unwrap()
            .value;
        let ops = vec![
            RecordOp::Create(new_doc(1)),
            RecordOp::Update {
                kind: "document".into(),
                id: rec.id.clone(),
                expected_version: 99,
                data: json!({}),
            },
        ];
        assert!(matches!(
            store.batch(&audit("import"), ops).await,
            Err(StoreError::Conflict { current: 1, .. })
        ));
        assert_eq!(store.count_records("document").await.unwrap(), 1);
        assert_eq!(event_count(&store).await, 1);
        let ops = vec![
            RecordOp::Create(new_doc(1)),
            RecordOp::Update {
                kind: "document".into(),
                id: rec.id.clone(),
                expected_version: 1,
                data: json!({"x": 1}),
            },
            RecordOp::Delete {
                kind: "document".into(),
                id: rec.id.clone(),
                expected_version: 2,
            },
        ];
        let out = store.batch(&audit("import"), ops).await.unwrap();
        assert_eq!(out.len(), 3);
        assert_eq!(store.count_records("document").await.unwrap(), 1);
        assert_eq!(event_count(&store).await, 4);
        assert!(store.verify_audit().await.unwrap().ok());
    })
    .await;
}

fn new_account(name: &str) -> NewAccount {
    NewAccount {
        username: name.into(),
        display_name: "张三".into(),
        password: "correct horse battery".into(),
        roles: vec!["office".into()],
        government_id: Some("liaocheng".into()),
        department_id: None,
        person_id: None,
    }
}

#[tokio::test]
async fn accounts_hash_passwords_with_argon2id_and_authenticate() {
    on_each_backend(|db| async move {
        let store = db.open().await;
        let acc = store
            .create_account(
                &Audit::new("system:cli", "account.create"),
                new_account("zhangsan"),
            )
            .await
            .unwrap();
        assert_eq!(acc.version, 1);
        let hash: String = sqlx::query_scalar("SELECT password_hash FROM accounts WHERE id = $1")
            .bind(&acc.id)
            .fetch_one(store.pool())
            .await
            .unwrap();
        assert!(hash.starts_with("$argon2id$"), "{hash}");
        assert!(!hash.contains("correct horse"));
        assert_eq!(
            store
                .authenticate("zhangsan", "correct horse battery")
                .await
                .unwrap()
                .unwrap()
                .id,
            acc.id
        );
        assert!(
            store
                .authenticate("zhangsan", "wrong password!")
                .await
                .unwrap()
                .is_none()
        );
        assert!(
            store
                .authenticate("nobody", "correct horse battery")
                .await
                .unwrap()
                .is_none()
        );
        assert!(matches!(
            store
                .create_account(
                    &Audit::new("system:cli", "account.create"),
                    new_account("zhangsan")
                )
                .await,
            Err(StoreError::AlreadyExists { .. })
        ));
        let mut short = new_account("lisi");
        short.password = "short".into();
        assert!(matches!(
            store
                .create_account(&Audit::new("x", "account.create"), short)
                .await,
            Err(StoreError::Invalid { .. })
        ));
        // No secret reaches the audit log.
        for e in store.audit_events(0, 100).await.unwrap() {
            let text = serde_json::to_string(&e).unwrap();
            assert!(
                !text.contains("argon2") && !text.contains("correct horse"),
                "{text}"
            );
        }
        // Password change with optimistic concurrency.
        let patch = zhengwu_store::AccountPatch {
            password: Some("new password 2".into()),
            ..Default::default()
        };
        let acc2 = store
            .update_account(
                &Audit::new("acct-admin", "account.password"),
                &acc.id,
                1,
                patch.clone(),
            )
            .await
            .unwrap();
        assert_eq!(acc2.version, 2);
        assert!(matches!(
            store
                .update_account(
                    &Audit::new("acct-admin", "account.password"),
                    &acc.id,
                    1,
                    patch
                )
                .await,
            Err(StoreError::Conflict { current: 2, .. })
        ));
        assert!(
            store
                .authenticate("zhangsan", "correct horse battery")
                .await
                .unwrap()
                .is_none()
        );
        assert!(
            store
                .authenticate("zhangsan", "new password 2")
                .await
                .unwrap()
                .is_some()
        );
        // Disabled accounts cannot log in.
        let patch = zhengwu_store::AccountPatch {
            disabled: Some(true),
            ..Default::default()
        };
        store
            .update_account(
                &Audit::new("acct-admin", "account.disable"),
                &acc.id,
                2,
                patch,
            )
            .await
            .unwrap();
        assert!(
            store
                .authenticate("zhangsan", "new password 2")
                .await
                .unwrap()
                .is_none()
        );
    })
    .await;
}

#[tokio::test]
async fn sessions_expire_and_end() {
    on_each_backend(|db| async move {
        let clock = Arc::new(ManualClock::new(t0()));
        let store = db.open_with_clock(clock.clone()).await;
        let acc = store
            .create_account(
                &Audit::new("system:cli", "account.create"),
                new_account("wangwu"),
            )
            .await
            .unwrap();
        let s = store
            .create_session(
                &Audit::new(&acc.id, "session.login"),
                &acc.id,
                jiff::SignedDuration::from_hours(8),
            )
            .await
            .unwrap();
        assert_eq!(s.token.len(), 64);
        assert_eq!(
            s.session.expires_at,
            t0() + jiff::SignedDuration::from_hours(8)
        );
        let (found, who) = store.session_by_token(&s.token).await.unwrap().unwrap();
        assert_eq!(
            (found.id.as_str(), who.id.as_str()),
            (s.session.id.as_str(), acc.id.as_str())
        );
        assert!(
            store
                .session_by_token("not-a-token")
                .await
                .unwrap()
                .is_none()
        );
        // The token itself is not stored.
        let n: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM sessions WHERE token_hash = $1 OR csrf_token = $1",
        )
        .bind(&s.token)
        .fetch_one(store.pool())
        .await
        .unwrap();
        assert_eq!(n, 0);
        clock.advance(jiff::SignedDuration::from_hours(8));
        assert!(
            store.session_by_token(&s.token).await.unwrap().is_none(),
            "expired at exactly 8h"
        );
        assert_eq!(
            store
                .purge_expired_sessions(&Audit::new("system:scheduler", "session.purge"))
                .await
                .unwrap(),
            1
        );
        let s2 = store
            .create_session(
                &Audit::new(&acc.id, "session.login"),
                &acc.id,
                jiff::SignedDuration::from_hours(1),
            )
            .await
            .unwrap();
        store
            .delete_session(&Audit::new(&acc.id, "session.logout"), &s2.session.id)
            .await
            .unwrap();
        assert!(store.session_by_token(&s2.token).await.unwrap().is_none());
        assert!(store.verify_audit().await.unwrap().ok());
    })
    .await;
}

#[tokio::test]
async fn api_tokens_are_stored_hashed_and_can_be_revoked() {
    on_each_backend(|db| async move {
        let clock = Arc::new(ManualClock::new(t0()));
        let store = db.open_with_clock(clock.clone()).await;
        let acc = store
            .create_account(
                &Audit::new("system:cli", "account.create"),
                new_account("zhaoliu"),
            )
            .await
            .unwrap();
        let a = Audit::new(&acc.id, "api_token.create");
        let t = store
            .create_api_token(&a, &acc.id, "ci", None)
            .await
            .unwrap();
        let expiring = store
            .create_api_token(
                &a,
                &acc.id,
                "short",
                Some(t0() + jiff::SignedDuration::from_hours(1)),
            )
            .await
            .unwrap();
        let raw: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM api_tokens WHERE token_hash = $1")
            .bind(&t.token)
            .fetch_one(store.pool())
            .await
            .unwrap();
        assert_eq!(raw, 0, "the plain token must not be stored");
        assert_eq!(
            store
                .api_token_account(&t.token)
                .await
                .unwrap()
                .unwrap()
                .1
                .id,
            acc.id
        );
        assert!(
            store
                .api_token_account(&expiring.token)
                .await
                .unwrap()
                .is_some()
        );
        clock.advance(jiff::SignedDuration::from_hours(1));
        assert!(
            store
                .api_token_account(&expiring.token)
                .await
                .unwrap()
                .is_none()
        );
        store
            .revoke_api_token(&Audit::new(&acc.id, "api_token.revoke"), &t.info.id)
            .await
            .unwrap();
        assert!(store.api_token_account(&t.token).await.unwrap().is_none());
        assert_eq!(store.list_api_tokens(&acc.id).await.unwrap().len(), 2);
        assert!(matches!(
            store
                .revoke_api_token(&Audit::new(&acc.id, "api_token.revoke"), "nope")
                .await,
            Err(StoreError::NotFound { .. })
        ));
    })
    .await;
}

#[tokio::test]
async fn calendar_years_are_stored_and_replaced() {
    on_each_backend(|db| async move {
        let store = db.open().await;
        let a = Audit::new("system:cli", "calendar.load");
        let y = store
            .put_calendar_year(&a, 2027, "2027 schedule v1")
            .await
            .unwrap();
        assert_eq!(y.version, 1);
        let y = store
            .put_calendar_year(&a, 2027, "2027 schedule v2")
            .await
            .unwrap();
        assert_eq!(y.version, 2);
        let all = store.calendar_years().await.unwrap();
        assert_eq!(all.len(), 1);
        assert_eq!(all[0].source, "2027 schedule v2");
        assert!(store.put_calendar_year(&a, 99, "x").await.is_err());
        assert_eq!(
            store
                .audit_for_object("calendar_year", "2027")
                .await
                .unwrap()
                .len(),
            2
        );
    })
    .await;
}

async fn populate(store: &Store) {
    let acc = store
        .create_account(
            &Audit::new("system:cli", "account.create"),
            new_account("backup-user"),
        )
        .await
        .unwrap();
    store
        .create_session(
            &Audit::new(&acc.id, "session.login"),
            &acc.id,
            jiff::SignedDuration::from_hours(1),
        )
        .await
        .unwrap();
    store
        .create_api_token(
            &Audit::new(&acc.id, "api_token.create"),
            &acc.id,
            "ci",
            None,
        )
        .await
        .unwrap();
    let mut req = new_doc(1);
    req.idempotency_key = Some("k".into());
    store
        .create_record(&audit("document.register"), req)
        .await
        .unwrap();
    fill(store, 5).await;
    store
        .put_calendar_year(&Audit::new("system:cli", "calendar.load"), 2027, "2027")
        .await
        .unwrap();
    let org = zhengwu_store::org::parse_org_csv(
        common::SAMPLE_ORG_CSV.as_bytes(),
        &Default::default(),
        &Default::default(),
    )
    .unwrap();
    store
        .import_org(&Audit::new("system:cli", "org.import"), &org)
        .await
        .unwrap();
}

/// Every table, as canonical JSON rows, for comparing two databases.
async fn dump(store: &Store) -> Vec<(String, Vec<String>)> {
    let path = common::TempDir::new();
    let file = path.path("dump.jsonl");
    store.backup(&file).await.unwrap();
    let text = std::fs::read_to_string(&file).unwrap();
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    for line in text.lines().skip(1) {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        if let Some(t) = v["t"].as_str() {
            match out.last_mut() {
                Some((name, rows)) if name == t => rows.push(v["r"].to_string()),
                _ => out.push((t.to_string(), vec![v["r"].to_string()])),
            }
        }
    }
    out
}

#[tokio::test]
async fn backup_while_writing_then_restore_round_trips() {
    on_each_backend(|db| async move {
        let store = db.open().await;
        populate(&store).await;
        // Keep writing while the backup runs: the backup is one consistent snapshot.
        let writer = {
            let store = store.clone();
            tokio::spawn(async move {
                for i in 0..30 {
                    store
                        .create_record(&audit("document.register"), new_doc(100 + i))
                        .await
                        .unwrap();
                }
            })
        };
        let file = db.scratch().path(&format!("backup-{}.bak", db.name));
        let report = store.backup(&file).await.unwrap();
        writer.await.unwrap();
        assert!(report.bytes > 0);
        let expected_format = if db.name == "sqlite" {
            zhengwu_store::backup::BackupFormat::SqliteFile
        } else {
            zhengwu_store::backup::BackupFormat::Jsonl
        };
        assert_eq!(report.format, expected_format);
        assert!(
            matches!(store.backup(&file).await, Err(StoreError::Backup { .. })),
            "no overwrite"
        );

        // Restore into a fresh database of the same backend.
        let fresh = common::backends()
            .await
            .into_iter()
            .find(|d| d.name == db.name)
            .unwrap();
        let target = fresh.open().await;
        let r = target
            .restore(&Audit::new("system:cli", "backup.restore"), &file, false)
            .await
            .unwrap();
        assert_eq!(r.audit_seq, report.audit_seq);
        let v = target.verify_audit().await.unwrap();
        assert!(v.ok(), "{v:?}");
        assert_eq!(
            v.head_seq,
            report.audit_seq + 1,
            "the restore itself is audited"
        );
        // Content equals the source as of the snapshot: the events up to the snapshot agree.
        let src_events = store.audit_events(0, report.audit_seq).await.unwrap();
        let dst_events = target.audit_events(0, report.audit_seq).await.unwrap();
        assert_eq!(src_events, dst_events);
        assert_eq!(target.org().await.unwrap(), store.org().await.unwrap());
        assert_eq!(
            target.list_accounts().await.unwrap(),
            store.list_accounts().await.unwrap()
        );
        assert!(
            target
                .authenticate("backup-user", "correct horse battery")
                .await
                .unwrap()
                .is_some()
        );
        // A non-empty database is not overwritten without --force.
        assert!(matches!(
            target
                .restore(&Audit::new("system:cli", "backup.restore"), &file, false)
                .await,
            Err(StoreError::Backup { .. })
        ));
        target.close().await;
        fresh.cleanup().await;
    })
    .await;
}

#[tokio::test]
async fn logical_backup_restores_identically_and_rejects_damage() {
    on_each_backend(|db| async move {
        let store = db.open().await;
        populate(&store).await;
        let file = db.scratch().path(&format!("logical-{}.jsonl", db.name));
        let report = store.backup(&file).await.unwrap();
        assert_eq!(report.format, zhengwu_store::backup::BackupFormat::Jsonl);
        let before = dump(&store).await;
        // Every table of the schema is in the backup.
        let names: Vec<&str> = before.iter().map(|(n, _)| n.as_str()).collect();
        for t in [
            "audit_events",
            "accounts",
            "sessions",
            "api_tokens",
            "records",
            "idempotency_keys",
            "governments",
            "departments",
            "people",
            "positions",
            "portfolios",
            "substitutions",
            "calendar_years",
            "audit_head",
        ] {
            assert!(names.contains(&t), "{t} missing from backup");
        }

        // Restore over the same database (force) gives identical tables plus the restore event.
        store
            .restore(&Audit::new("system:cli", "backup.restore"), &file, true)
            .await
            .unwrap();
        let after = dump(&store).await;
        for ((n1, r1), (n2, r2)) in before.iter().zip(&after) {
            assert_eq!(n1, n2);
            if n1 == "audit_events" {
                assert_eq!(r2.len(), r1.len() + 1);
                assert_eq!(&r2[..r1.len()], &r1[..]);
            } else if n1 != "audit_head" {
                assert_eq!(r1, r2, "table {n1}");
            }
        }
        assert!(store.verify_audit().await.unwrap().ok());

        // Damaged backups are refused and change nothing.
        let text = std::fs::read_to_string(&file).unwrap();
        let truncated = db.scratch().path(&format!("truncated-{}.jsonl", db.name));
        let lines: Vec<&str> = text.lines().collect();
        std::fs::write(&truncated, lines[..lines.len() - 1].join("\n")).unwrap();
        let edited = db.scratch().path(&format!("edited-{}.jsonl", db.name));
        std::fs::write(
            &edited,
            text.replacen("\"document.register\"", "\"document.forged\"", 1),
        )
        .unwrap();
        let head = store.audit_head().await.unwrap();
        for bad in [&truncated, &edited] {
            let err = store
                .restore(&Audit::new("system:cli", "backup.restore"), bad, true)
                .await
                .unwrap_err();
            assert!(matches!(err, StoreError::Backup { .. }), "{err}");
        }
        assert_eq!(store.audit_head().await.unwrap(), head);
        assert!(store.verify_audit().await.unwrap().ok());
    })
    .await;
}

#[tokio::test]
async fn org_imports_exports_and_round_trips_through_csv_and_xlsx() {
    on_each_backend(|db| async move {
        use zhengwu_store::org::{OrgRules, SubjectKind};
        let store = db.open().await;
        let a = Audit::new("system:cli", "org.import");
        let src = db.scratch().path(&format!("org-{}.csv", db.name));
        std::fs::write(&src, common::SAMPLE_ORG_CSV).unwrap();
        let s = store
            .import_org_file(&a, &src, &OrgRules::default())
            .await
            .unwrap();
        assert_eq!(
            (
                s.governments,
                s.departments,
                s.people,
                s.positions,
                s.portfolios,
                s.substitutions
            ),
            (2, 3, 3, 4, 3, 2)
        );
        let org = store.org().await.unwrap();
        let county = org.governments.iter().find(|g| g.id == "county").unwrap();
        assert_eq!(county.parent_id.as_deref(), Some("city"));
        assert_eq!(county.profile_id, "changle");
        let exec = org.positions.iter().find(|p| p.id == "exec").unwrap();
        assert_eq!(
            (
                exec.role.as_str(),
                exec.title.as_str(),
                exec.person_id.as_deref()
            ),
            ("executive_deputy", "常务副市长", Some("p2"))
        );
        let covered: Vec<&str> = org
            .portfolios
            .iter()
            .filter(|p| p.position_id == "exec")
            .map(|p| p.subject.as_str())
            .collect();
        assert_eq!(covered, vec!["czj", "fgw"]);
        assert!(
            org.portfolios
                .iter()
                .any(|p| p.subject_kind == SubjectKind::Matter && p.subject == "安全生产")
        );
        assert_eq!(
            store
                .audit_for_object("government", "city")
                .await
                .unwrap()
                .len(),
            1
        );

        for ext in ["csv", "xlsx"] {
            let out = db.scratch().path(&format!("export-{}.{ext}", db.name));
            store.export_org_file(&out).await.unwrap();
            // Import the export into a fresh database: same organisation.
            let fresh = common::backends()
                .await
                .into_iter()
                .find(|d| d.name == db.name)
                .unwrap();
            let other = fresh.open().await;
            other
                .import_org_file(&a, &out, &OrgRules::default())
                .await
                .unwrap();
            assert_eq!(
                other.org().await.unwrap().without_versions(),
                org.without_versions(),
                "{ext}"
            );
            other.close().await;
            fresh.cleanup().await;
        }

        // Re-import replaces the government's organisation and bumps its version.
        let smaller = common::SAMPLE_ORG_CSV
            .replace("department,city,czj,市财政局,,,,,,,,,\n", "")
            .replace("portfolio,city,,,,,,,czj,,exec,,\n", "");
        std::fs::write(&src, smaller).unwrap();
        store
            .import_org_file(&a, &src, &OrgRules::default())
            .await
            .unwrap();
        let org2 = store.org().await.unwrap();
        assert_eq!(org2.departments.len(), 2);
        assert_eq!(
            org2.governments
                .iter()
                .find(|g| g.id == "city")
                .unwrap()
                .version,
            2
        );
        let evs = store.audit_for_object("government", "city").await.unwrap();
        assert!(
            evs[1]
                .before
                .as_ref()
                .unwrap()
                .to_string()
                .contains("市财政局")
        );
        assert!(
            !evs[1]
                .after
                .as_ref()
                .unwrap()
                .to_string()
                .contains("市财政局")
        );
    })
    .await;
}

#[tokio::test]
async fn a_bad_org_file_writes_nothing_and_names_line_and_column() {
    on_each_backend(|db| async move {
        use zhengwu_store::org::OrgRules;
        let store = db.open().await;
        let a = Audit::new("system:cli", "org.import");
        let src = db.scratch().path(&format!("good-{}.csv", db.name));
        std::fs::write(&src, common::SAMPLE_ORG_CSV).unwrap();
        store
            .import_org_file(&a, &src, &OrgRules::default())
            .await
            .unwrap();
        let before = store.org().await.unwrap();
        let head = store.audit_head().await.unwrap();

        let rules = OrgRules {
            profiles: Some(["liaocheng", "changle"].map(String::from).into()),
            roles: Some(
                ["head", "executive_deputy", "deputy"]
                    .map(String::from)
                    .into(),
            ),
        };
        // Line 10 (header = line 1; the 常务副市长 row) gets an unknown role; everything else is as before plus a new
        // department that must NOT appear.
        let bad = common::SAMPLE_ORG_CSV
            .replace("executive_deputy,p2", "vice_mayor,p2")
            .replace(
                "department,city,czj,市财政局",
                "department,city,czj,新财政局",
            );
        let path = db.scratch().path(&format!("bad-{}.csv", db.name));
        std::fs::write(&path, bad).unwrap();
        let err = store.import_org_file(&a, &path, &rules).await.unwrap_err();
        let StoreError::Import(problems) = &err else {
            panic!("expected import error, got {err}")
        };
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(
            (problems[0].line, problems[0].column.as_str()),
            (10, "role")
        );
        assert!(err.to_string().contains("第 10 行，role 列"), "{err}");
        assert_eq!(store.org().await.unwrap(), before);
        assert_eq!(store.audit_head().await.unwrap(), head);
    })
    .await;
}

#[tokio::test]
async fn government_org_edits_use_optimistic_concurrency() {
    on_each_backend(|db| async move {
        let store = db.open().await;
        let org = zhengwu_store::org::parse_org_csv(
            common::SAMPLE_ORG_CSV.as_bytes(),
            &Default::default(),
            &Default::default(),
        )
        .unwrap();
        let city = org.of_government("city");
        let a = Audit::new("acct-admin", "org.edit");
        assert_eq!(store.replace_government_org(&a, &city, 0).await.unwrap(), 1);
        assert!(matches!(
            store.replace_government_org(&a, &city, 0).await,
            Err(StoreError::Conflict { current: 1, .. })
        ));
        let mut edited = store.government_org("city").await.unwrap();
        edited.people[0].name = "王某某".into();
        assert_eq!(
            store.replace_government_org(&a, &edited, 1).await.unwrap(),
            2
        );
        assert!(matches!(
            store.replace_government_org(&a, &edited, 1).await,
            Err(StoreError::Conflict { current: 2, .. })
        ));
        assert_eq!(
            store.government_org("city").await.unwrap().people[0].name,
            "王某某"
        );
        // An edit that breaks a reference is refused.
        let mut broken = store.government_org("city").await.unwrap();
        broken.positions[0].person_id = Some("ghost".into());
        assert!(matches!(
            store.replace_government_org(&a, &broken, 2).await,
            Err(StoreError::Import(_))
        ));
    })
    .await;
}

#[tokio::test]
async fn a_failed_write_in_a_shared_commit_does_not_disturb_the_others() {
    on_each_backend(|db| async move {
        let store = db.open().await;
        let dup = |n: i64| NewRecord {
            kind: "document".into(),
            id: Some("DUP".into()),
            data: json!({"n": n}),
            idempotency_key: None,
        };
        store
            .create_record(&audit("document.register"), dup(0))
            .await
            .unwrap();
        // Many concurrent writers share commits; every second one collides on the primary key.
        let mut tasks = Vec::new();
        for i in 0..40 {
            let store = store.clone();
            tasks.push(tokio::spawn(async move {
                if i % 2 == 0 {
                    store
                        .create_record(&audit("document.register"), dup(i))
                        .await
                        .map(|_| ())
                } else {
                    store
                        .create_record(&audit("document.register"), new_doc(i))
                        .await
                        .map(|_| ())
                }
            }));
        }
        let mut exists = 0;
        for t in tasks {
            match t.await.unwrap() {
                Ok(()) => {}
                Err(StoreError::AlreadyExists { id, .. }) => {
                    assert_eq!(id, "DUP");
                    exists += 1;
                }
                Err(e) => panic!("unexpected {e}"),
            }
        }
        assert_eq!(exists, 20);
        assert_eq!(store.count_records("document").await.unwrap(), 21);
        assert_eq!(
            store
                .get_record("document", "DUP")
                .await
                .unwrap()
                .unwrap()
                .data,
            json!({"n": 0})
        );
        let report = store.verify_audit().await.unwrap();
        assert!(report.ok(), "{report:?}");
        assert_eq!(report.head_seq, 21);
    })
    .await;
}

#[tokio::test]
async fn cancelled_writers_neither_block_nor_half_write() {
    on_each_backend(|db| async move {
        let store = db.open().await;
        let mut tasks = Vec::new();
        for i in 0..60 {
            let store = store.clone();
            tasks.push(tokio::spawn(async move {
                store
                    .create_record(&audit("document.register"), new_doc(i))
                    .await
                    .map(|c| c.value.id)
            }));
        }
        // Cancel every third writer at some point of its life.
        for (i, t) in tasks.iter().enumerate() {
            if i % 3 == 0 {
                t.abort();
            }
            if i % 7 == 0 {
                tokio::task::yield_now().await;
            }
        }
        let mut acked = Vec::new();
        for t in tasks {
            if let Ok(r) = tokio::time::timeout(std::time::Duration::from_secs(30), t)
                .await
                .expect("a writer hung")
            {
                acked.push(r.unwrap());
            }
        }
        // Writes go on afterwards, and what was acknowledged is there.
        store
            .create_record(&audit("document.register"), new_doc(999))
            .await
            .unwrap();
        for id in &acked {
            assert!(store.get_record("document", id).await.unwrap().is_some());
        }
        let n = store.count_records("document").await.unwrap();
        assert!(
            n as usize > acked.len(),
            "{n} records, {} acknowledged",
            acked.len()
        );
        let report = store.verify_audit().await.unwrap();
        assert!(report.ok(), "{report:?}");
        assert_eq!(
            report.head_seq, n,
            "one event per record: nothing half-written"
        );
    })
    .await;
}

#[tokio::test]
async fn two_app_instances_on_one_database_share_one_chain() {
    on_each_backend(|db| async move {
        // Two independent handles (as two server processes, or the server and the CLI).
        let a = db.open().await;
        let b = db.open().await;
        let mut tasks = Vec::new();
        for (k, store) in [a.clone(), b.clone()].into_iter().enumerate() {
            for w in 0..4 {
                let store = store.clone();
                tasks.push(tokio::spawn(async move {
                    for i in 0..15 {
                        store
                            .create_record(
                                &Audit::new(format!("instance-{k}-{w}"), "document.register"),
                                new_doc(i),
                            )
                            .await
                            .unwrap();
                    }
                }));
            }
        }
        for t in tasks {
            t.await.unwrap();
        }
        for s in [&a, &b] {
            let report = s.verify_audit().await.unwrap();
            assert!(report.ok(), "{report:?}");
            assert_eq!(report.head_seq, 120);
            assert_eq!(s.count_records("document").await.unwrap(), 120);
        }
    })
    .await;
}

// The login guard (migration 0008): rate limits and lockout kept in the database, so every
// instance on it shares them.

const LOCKOUT: jiff::SignedDuration = jiff::SignedDuration::from_mins(15);

#[tokio::test]
async fn login_attempt_windows_limit_per_address_and_per_name() {
    on_each_backend(|db| async move {
        let clock = Arc::new(ManualClock::new(t0()));
        let store = db.open_with_clock(clock.clone()).await;
        // Name budget 2, address budget 4; names compare trimmed and case-insensitively.
        assert_eq!(
            store.login_admit("10.0.0.1", "alice", 4, 2).await.unwrap(),
            None
        );
        assert_eq!(
            store.login_admit("10.0.0.1", " ALICE", 4, 2).await.unwrap(),
            None
        );
        clock.advance(jiff::SignedDuration::from_secs(20));
        let retry = store.login_admit("10.0.0.1", "alice", 4, 2).await.unwrap();
        assert_eq!(retry, Some(40), "the window began 20 s ago");
        // Every attempt from the address counts against it, refused or not: 3 of 4 are spent.
        assert_eq!(
            store.login_admit("10.0.0.1", "bob", 4, 2).await.unwrap(),
            None
        );
        assert_eq!(
            store.login_admit("10.0.0.1", "carol", 4, 2).await.unwrap(),
            Some(40),
            "the address budget of 4 is spent"
        );
        // ... and an attempt the address refused did not count against carol.
        for ip in ["10.0.0.2", "10.0.0.3"] {
            assert_eq!(store.login_admit(ip, "carol", 4, 2).await.unwrap(), None);
        }
        // Rounded up to whole seconds, at least 1.
        clock.advance(jiff::SignedDuration::from_millis(39_500));
        assert_eq!(
            store.login_admit("10.0.0.9", "alice", 4, 2).await.unwrap(),
            Some(1)
        );
        // A new window when the minute is over.
        clock.advance(jiff::SignedDuration::from_millis(500));
        assert_eq!(
            store.login_admit("10.0.0.1", "alice", 4, 2).await.unwrap(),
            None
        );
        assert_eq!(
            store.login_admit("10.0.0.1", "alice", 4, 2).await.unwrap(),
            None
        );
        assert!(
            store
                .login_admit("10.0.0.1", "alice", 4, 2)
                .await
                .unwrap()
                .is_some()
        );
        // A limit of 0 is taken as 1.
        assert_eq!(
            store.login_admit("10.9.9.9", "zed", 0, 0).await.unwrap(),
            None
        );
        assert!(
            store
                .login_admit("10.9.9.8", "zed", 0, 0)
                .await
                .unwrap()
                .is_some()
        );
    })
    .await;
}

#[tokio::test]
async fn login_lockout_after_consecutive_failures_runs_out_and_success_resets() {
    on_each_backend(|db| async move {
        let clock = Arc::new(ManualClock::new(t0()));
        let store = db.open_with_clock(clock.clone()).await;
        assert!(!store.login_failed("a", 3, LOCKOUT).await.unwrap());
        store.login_succeeded("A ").await.unwrap();
        assert!(!store.login_failed("a", 3, LOCKOUT).await.unwrap());
        assert!(!store.login_failed("a", 3, LOCKOUT).await.unwrap());
        assert!(!store.login_is_locked("a").await.unwrap());
        assert!(
            store.login_failed("a", 3, LOCKOUT).await.unwrap(),
            "the third consecutive failure locks"
        );
        assert!(store.login_is_locked(" A").await.unwrap());
        assert!(!store.login_is_locked("b").await.unwrap());
        // A failure while locked neither locks again nor lengthens the lock.
        assert!(!store.login_failed("a", 3, LOCKOUT).await.unwrap());
        clock.advance(LOCKOUT - jiff::SignedDuration::from_secs(1));
        assert!(store.login_is_locked("a").await.unwrap());
        clock.advance(jiff::SignedDuration::from_secs(1));
        assert!(
            !store.login_is_locked("a").await.unwrap(),
            "the lock ran out"
        );
        // A fresh streak after the lock.
        assert!(!store.login_failed("a", 3, LOCKOUT).await.unwrap());
        assert!(!store.login_failed("a", 3, LOCKOUT).await.unwrap());
        assert!(store.login_failed("a", 3, LOCKOUT).await.unwrap());
        // A success ends a lock and a streak.
        store.login_succeeded("a").await.unwrap();
        assert!(!store.login_is_locked("a").await.unwrap());
        assert!(!store.login_failed("a", 3, LOCKOUT).await.unwrap());
        // A streak is forgotten after the lockout period without failures.
        assert!(!store.login_failed("a", 3, LOCKOUT).await.unwrap());
        clock.advance(LOCKOUT);
        assert!(!store.login_failed("a", 3, LOCKOUT).await.unwrap());
        assert!(!store.login_failed("a", 3, LOCKOUT).await.unwrap());
        assert!(store.login_failed("a", 3, LOCKOUT).await.unwrap());
        // Threshold 1 (and 0, taken as 1) locks at the first failure of a new name.
        assert!(store.login_failed("one", 1, LOCKOUT).await.unwrap());
        assert!(store.login_failed("zero", 0, LOCKOUT).await.unwrap());
        // Attempt windows and lockout are separate: admitting does not count a failure.
        for _ in 0..5 {
            store.login_admit("10.0.0.1", "c", 100, 100).await.unwrap();
        }
        assert!(!store.login_failed("c", 2, LOCKOUT).await.unwrap());
        assert!(store.login_failed("c", 2, LOCKOUT).await.unwrap());
    })
    .await;
}

#[tokio::test]
async fn login_housekeeping_keeps_only_what_still_counts() {
    on_each_backend(|db| async move {
        let clock = Arc::new(ManualClock::new(t0()));
        let store = db.open_with_clock(clock.clone()).await;
        let rows = |store: Store| async move {
            let r = sqlx::query("SELECT COUNT(*) AS n FROM login_guard")
                .fetch_one(store.pool())
                .await
                .unwrap();
            sqlx::Row::try_get::<i64, _>(&r, "n").unwrap()
        };
        store
            .login_admit("10.0.0.1", "spray-1", 100, 100)
            .await
            .unwrap();
        store
            .login_admit("10.0.0.1", "locked", 100, 100)
            .await
            .unwrap();
        assert!(store.login_failed("locked", 1, LOCKOUT).await.unwrap());
        assert!(!store.login_failed("streak", 3, LOCKOUT).await.unwrap());
        assert_eq!(rows(store.clone()).await, 4);
        assert_eq!(
            store.login_housekeeping(LOCKOUT).await.unwrap(),
            0,
            "all live"
        );
        clock.advance(jiff::SignedDuration::from_secs(60));
        // The windows are over: the address and the name without failures go; the lock and the
        // streak stay.
        assert_eq!(store.login_housekeeping(LOCKOUT).await.unwrap(), 2);
        assert!(store.login_is_locked("locked").await.unwrap());
        assert!(!store.login_failed("streak", 3, LOCKOUT).await.unwrap());
        clock.advance(LOCKOUT);
        assert_eq!(store.login_housekeeping(LOCKOUT).await.unwrap(), 2);
        assert_eq!(rows(store.clone()).await, 0);
    })
    .await;
}

#[tokio::test]
async fn two_instances_share_one_login_lockout_and_budget() {
    on_each_backend(|db| async move {
        let clock = Arc::new(ManualClock::new(t0()));
        // Two independent handles, as two server processes behind a load balancer.
        let a = db.open_with_clock(clock.clone()).await;
        let b = db.open_with_clock(clock.clone()).await;
        assert!(!a.login_failed("fin", 3, LOCKOUT).await.unwrap());
        assert!(!b.login_failed("FIN", 3, LOCKOUT).await.unwrap());
        assert!(a.login_failed("fin", 3, LOCKOUT).await.unwrap());
        assert!(
            b.login_is_locked("fin").await.unwrap(),
            "locked on the other instance"
        );
        b.login_succeeded("fin").await.unwrap();
        assert!(!a.login_is_locked("fin").await.unwrap());
        // One budget: 2 attempts on a, the third on b is refused.
        assert_eq!(
            a.login_admit("10.0.0.1", "edu", 100, 2).await.unwrap(),
            None
        );
        assert_eq!(
            a.login_admit("10.0.0.2", "edu", 100, 2).await.unwrap(),
            None
        );
        assert!(
            b.login_admit("10.0.0.3", "edu", 100, 2)
                .await
                .unwrap()
                .is_some()
        );
    })
    .await;
}

#[tokio::test]
async fn concurrent_login_failures_and_attempts_count_exactly() {
    on_each_backend(|db| async move {
        let clock = Arc::new(ManualClock::new(t0()));
        let a = db.open_with_clock(clock.clone()).await;
        let b = db.open_with_clock(clock.clone()).await;
        // 40 failures at once from two instances with a threshold of 25: exactly one locks.
        let mut tasks = Vec::new();
        for i in 0..40 {
            let s = if i % 2 == 0 { a.clone() } else { b.clone() };
            tasks.push(tokio::spawn(async move {
                s.login_failed("target", 25, LOCKOUT).await.unwrap()
            }));
        }
        let mut locked = 0;
        for t in tasks {
            locked += usize::from(t.await.unwrap());
        }
        assert_eq!(locked, 1, "exactly one failure began the lock");
        let r =
            sqlx::query("SELECT failures FROM login_guard WHERE kind = 'name' AND key = 'target'")
                .fetch_one(a.pool())
                .await
                .unwrap();
        assert_eq!(sqlx::Row::try_get::<i64, _>(&r, "failures").unwrap(), 40);
        // 40 attempts at once against a budget of 25: exactly 25 admitted.
        let mut tasks = Vec::new();
        for i in 0..40 {
            let s = if i % 2 == 0 { a.clone() } else { b.clone() };
            tasks.push(tokio::spawn(async move {
                s.login_admit(&format!("10.1.0.{i}"), "busy", 1000, 25)
                    .await
                    .unwrap()
            }));
        }
        let mut admitted = 0;
        for t in tasks {
            admitted += usize::from(t.await.unwrap().is_none());
        }
        assert_eq!(admitted, 25);
    })
    .await;
}
