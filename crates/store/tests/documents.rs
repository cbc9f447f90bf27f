//! Conformance of the documents store (收文/发文) on SQLite, and on PostgreSQL when
//! `ZHENGWU_TEST_POSTGRES_URL` is set (otherwise a banner says it did not run): creation with
//! attachments and their SHA-256, inboxes, 退文 records, version conflicts, gap-free numbering under
//! concurrency, idempotency, and the audit event of every write.

#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;

use common::on_each_backend;
use serde_json::json;
use zhengwu_store::documents::{
    DocumentChange, InboxOp, NewAttachment, NewDocument, NormativeEntry, NormativeNotice,
    NumberRequest,
};
use zhengwu_store::{Audit, FollowupChange, FollowupWrite, NewFollowup, StoreError};

fn audit(action: &str) -> Audit {
    Audit::new("acct-clerk", action)
}

fn new_doc(title: &str, inbox: Vec<InboxOp>) -> NewDocument {
    NewDocument {
        government_id: "lc".into(),
        direction: "in".into(),
        status: "registered".into(),
        title: title.into(),
        unit: "fin".into(),
        due_on: None,
        data: json!({"title": title, "status": "registered"}),
        attachments: Vec::new(),
        inbox,
        returned: None,
        idempotency_key: None,
    }
}

#[tokio::test]
async fn documents_attachments_inboxes_and_returns() {
    on_each_backend(|db| async move {
        let store = db.open().await;
        let mut new = new_doc("关于预算的请示", vec![InboxOp::Todo("office:lc".into())]);
        new.attachments.push(NewAttachment {
            name: "附件1.pdf".into(),
            media_type: "application/pdf".into(),
            content: b"hello".to_vec(),
        });
        let d = store
            .create_document(&audit("document.register"), new)
            .await
            .unwrap()
            .value;
        assert_eq!(d.version, 1);
        let a = store.document_attachments(&d.id).await.unwrap();
        assert_eq!(a.len(), 1);
        assert_eq!(a[0].size, 5);
        assert_eq!(
            a[0].sha256,
            "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"
        );
        // A type not accepted, and an empty file, are refused with clear errors.
        let mut bad = new_doc("x", vec![]);
        bad.attachments.push(NewAttachment {
            name: "a.exe".into(),
            media_type: "application/x-msdownload".into(),
            content: b"MZ".to_vec(),
        });
        let e = store
            .create_document(&audit("document.register"), bad)
            .await
            .unwrap_err();
        assert!(matches!(e, StoreError::Invalid { .. }), "{e}");
        assert!(e.to_string().contains("application/pdf"), "{e}");

        let todo = store
            .document_inbox("office:lc", "todo", None, 50)
            .await
            .unwrap();
        assert_eq!(todo.len(), 1);
        assert_eq!(todo[0].doc_id, d.id);

        // 退文: out of the clerk's 待办 into 已办, the unit's record grows, one audit event.
        let d2 = store
            .update_document(
                &audit("document.return"),
                &d.id,
                1,
                DocumentChange {
                    status: "returned".into(),
                    data: json!({"status": "returned"}),
                    inbox: vec![
                        InboxOp::Done("office:lc".into()),
                        InboxOp::Cc("unit:fin".into()),
                    ],
                    returned: Some(json!([{"rule": "R3.04"}])),
                    ..DocumentChange::default()
                },
            )
            .await
            .unwrap();
        assert_eq!(d2.version, 2);
        assert!(
            store
                .document_inbox("office:lc", "todo", None, 50)
                .await
                .unwrap()
                .is_empty()
        );
        assert_eq!(
            store
                .document_inbox("office:lc", "done", None, 50)
                .await
                .unwrap()
                .len(),
            1
        );
        assert_eq!(
            store
                .document_inbox("unit:fin", "cc", None, 50)
                .await
                .unwrap()
                .len(),
            1
        );
        let returns = store.document_returns("fin").await.unwrap();
        assert_eq!(returns.len(), 1);
        assert_eq!(returns[0].reasons, json!([{"rule": "R3.04"}]));

        // A stale version is a conflict naming the current one.
        let e = store
            .update_document(
                &audit("document.accept"),
                &d.id,
                1,
                DocumentChange::default(),
            )
            .await
            .unwrap_err();
        assert!(matches!(e, StoreError::Conflict { current: 2, .. }), "{e}");

        let events = store.audit_events(0, 1000).await.unwrap();
        let mine: Vec<_> = events.iter().filter(|e| e.object_id == d.id).collect();
        assert_eq!(mine.len(), 2);
        assert_eq!(mine[1].action, "document.return");
        assert!(store.verify_audit().await.unwrap().ok());
    })
    .await;
}

#[tokio::test]
async fn numbers_are_gap_free_under_concurrency() {
    on_each_backend(|db| async move {
        let store = db.open().await;
        let mut ids = Vec::new();
        for i in 0..12 {
            ids.push(
                store
                    .create_document(
                        &audit("document.draft"),
                        new_doc(&format!("通知{i}"), vec![]),
                    )
                    .await
                    .unwrap()
                    .value
                    .id,
            );
        }
        let mut tasks = Vec::new();
        for id in ids {
            let store = store.clone();
            tasks.push(tokio::spawn(async move {
                store
                    .update_document(
                        &audit("document.issue"),
                        &id,
                        1,
                        DocumentChange {
                            status: "issued".into(),
                            data: json!({}),
                            number: Some(NumberRequest {
                                issuer: "lc".into(),
                                series: "聊政发".into(),
                                year: 2026,
                            }),
                            number_field: "doc_number".into(),
                            ..DocumentChange::default()
                        },
                    )
                    .await
                    .unwrap()
            }));
        }
        let mut numbers = Vec::new();
        for t in tasks {
            let d = t.await.unwrap();
            assert_eq!(d.data["doc_number"].as_str(), d.doc_number.as_deref());
            numbers.push(d.doc_number.unwrap());
        }
        numbers.sort();
        let mut expected: Vec<String> = (1..=12).map(|n| format!("聊政发〔2026〕{n}号")).collect();
        expected.sort();
        assert_eq!(numbers, expected);
        // Another series and another year start at 1.
        let n = NumberRequest {
            issuer: "lc".into(),
            series: "聊政发".into(),
            year: 2026,
        };
        assert_eq!(store.document_counter(&n).await.unwrap(), 12);
        let other = NumberRequest { year: 2027, ..n };
        assert_eq!(store.document_counter(&other).await.unwrap(), 0);
    })
    .await;
}

#[tokio::test]
async fn registration_is_idempotent() {
    on_each_backend(|db| async move {
        let store = db.open().await;
        let mut a = new_doc("请示", vec![InboxOp::Todo("office:lc".into())]);
        a.idempotency_key = Some("k1".into());
        let first = store
            .create_document(&audit("document.register"), a.clone())
            .await
            .unwrap();
        let again = store
            .create_document(&audit("document.register"), a.clone())
            .await
            .unwrap();
        assert!(!first.replayed);
        assert!(again.replayed);
        assert_eq!(first.value.id, again.value.id);
        a.title = "另一件".into();
        a.data = json!({"title": "另一件"});
        let e = store
            .create_document(&audit("document.register"), a)
            .await
            .unwrap_err();
        assert!(matches!(e, StoreError::IdempotencyMismatch { .. }), "{e}");
        assert_eq!(
            store
                .document_inbox("office:lc", "todo", None, 50)
                .await
                .unwrap()
                .len(),
            1
        );
    })
    .await;
}

/// The normative-document register (migration 0007): written with the issue in one transaction,
/// registration numbers unique per government, listed by the end of validity; expiry notices are
/// sent once per document, kind and period, with the document in the office's 待办.
#[tokio::test]
async fn normative_register_and_notices() {
    on_each_backend(|db| async move {
        let store = db.open().await;
        let mut ids = Vec::new();
        for (title, reg, until) in [
            ("甲规范性文件", Some("JNFR-2026-001"), Some("2026-06-30")),
            ("乙规范性文件", Some("JNFR-2026-002"), Some("2026-03-31")),
            ("丙规范性文件", None, None),
        ] {
            let mut new = new_doc(title, vec![]);
            new.direction = "out".into();
            new.status = "signed".into();
            let d = store
                .create_document(&audit("document.draft"), new)
                .await
                .unwrap()
                .value;
            store
                .update_document(
                    &audit("document.issue"),
                    &d.id,
                    1,
                    DocumentChange {
                        status: "issued".into(),
                        data: json!({"draft": {"title": title}, "status": "issued"}),
                        number: Some(NumberRequest {
                            issuer: "lc".into(),
                            series: "济政发".into(),
                            year: 2026,
                        }),
                        number_field: "doc_number".into(),
                        normative: Some(NormativeEntry {
                            registration_number: reg.map(String::from),
                            issued_on: "2026-03-02".into(),
                            valid_until: until.map(String::from),
                        }),
                        ..DocumentChange::default()
                    },
                )
                .await
                .unwrap();
            ids.push(d.id);
        }
        let all = store
            .normative_documents(Some("lc"), None, 100)
            .await
            .unwrap();
        let titles: Vec<&str> = all.iter().map(|r| r.title.as_str()).collect();
        assert_eq!(titles, ["乙规范性文件", "甲规范性文件", "丙规范性文件"]);
        assert_eq!(all[0].doc_number.as_deref(), Some("济政发〔2026〕2号"));
        let soon = store
            .normative_documents(Some("lc"), Some("2026-04-30"), 100)
            .await
            .unwrap();
        assert_eq!(soon.len(), 1);
        assert_eq!(
            soon[0].registration_number.as_deref(),
            Some("JNFR-2026-002")
        );
        assert!(
            store
                .normative_documents(Some("other"), None, 100)
                .await
                .unwrap()
                .is_empty()
        );

        // A registration number used by another document is refused; nothing is written.
        let mut new = new_doc("丁规范性文件", vec![]);
        new.direction = "out".into();
        let d = store
            .create_document(&audit("document.draft"), new)
            .await
            .unwrap()
            .value;
        let e = store
            .update_document(
                &audit("document.issue"),
                &d.id,
                1,
                DocumentChange {
                    status: "issued".into(),
                    data: json!({"status": "issued"}),
                    normative: Some(NormativeEntry {
                        registration_number: Some("JNFR-2026-001".into()),
                        issued_on: "2026-03-02".into(),
                        valid_until: None,
                    }),
                    ..DocumentChange::default()
                },
            )
            .await
            .unwrap_err();
        assert!(matches!(e, StoreError::Invalid { .. }), "{e}");
        assert!(e.to_string().contains("JNFR-2026-001"), "{e}");
        assert_eq!(store.get_document(&d.id).await.unwrap().unwrap().version, 1);

        // Notices: once per document, kind and period.
        let n = NormativeNotice {
            doc_id: ids[1].clone(),
            kind: "expiring".into(),
            period: "2026-03-31".into(),
            government_id: "lc".into(),
            message: "有效期即将届满".into(),
            sent_at: String::new(),
        };
        let a = Audit::new("system:scheduler", "document.normative.expiring");
        assert!(
            store
                .send_normative_notice(&a, &n, "office:lc")
                .await
                .unwrap()
        );
        assert!(
            !store
                .send_normative_notice(&a, &n, "office:lc")
                .await
                .unwrap()
        );
        let sent = store.normative_notices("lc").await.unwrap();
        assert_eq!(sent.len(), 1);
        assert_eq!(sent[0].period, "2026-03-31");
        let todo = store
            .document_inbox("office:lc", "todo", None, 50)
            .await
            .unwrap();
        assert!(todo.iter().any(|i| i.doc_id == ids[1]));
        let events = store.audit_events(0, 1000).await.unwrap();
        assert_eq!(
            events
                .iter()
                .filter(|e| e.action == "document.normative.expiring")
                .count(),
            1
        );
    })
    .await;
}

/// A register entry written with the document's change (the proactive disclosure register at issue,
/// its update at publication) is in the same transaction: both are written, each with its audit event,
/// the entry carrying the number the issue allocated; or, when the entry cannot be written, neither.
#[tokio::test]
async fn a_followup_is_written_in_the_documents_transaction() {
    on_each_backend(|db| async move {
        let store = db.open().await;
        let mut new = new_doc("主动公开的通知", vec![]);
        new.direction = "out".into();
        new.status = "signed".into();
        let d = store
            .create_document(&audit("document.draft"), new)
            .await
            .unwrap()
            .value;
        let entry = |status: &str| NewFollowup {
            government_id: "lc".into(),
            kind: "publication".into(),
            unit_id: Some("fin".into()),
            status: status.into(),
            opened_on: "2026-03-02".into(),
            due_on: Some("2026-03-23".into()),
            ref_id: Some(d.id.clone()),
            data: json!({"document_id": d.id, "doc_number": null}),
        };
        let seq_before = store.audit_events(0, 10_000).await.unwrap().len();
        let issued = store
            .update_document(
                &audit("document.issue"),
                &d.id,
                1,
                DocumentChange {
                    status: "issued".into(),
                    data: json!({"status": "issued"}),
                    number: Some(NumberRequest {
                        issuer: "lc".into(),
                        series: "聊政发".into(),
                        year: 2026,
                    }),
                    number_field: "doc_number".into(),
                    followup: Some(FollowupWrite::Create {
                        audit: audit("openness.publication.register"),
                        new: entry("pending"),
                        number_key: Some("doc_number".into()),
                    }),
                    ..DocumentChange::default()
                },
            )
            .await
            .unwrap();
        let row = store
            .followup_by_ref("publication", &d.id)
            .await
            .unwrap()
            .expect("the entry is written with the issue");
        assert_eq!(issued.doc_number.as_deref(), Some("聊政发〔2026〕1号"));
        assert_eq!(row.data["doc_number"], json!("聊政发〔2026〕1号"));
        let events = store.audit_events(0, 10_000).await.unwrap();
        let actions: Vec<&str> = events[seq_before..]
            .iter()
            .map(|e| e.action.as_str())
            .collect();
        assert_eq!(actions, ["document.issue", "openness.publication.register"]);

        // The publication and the entry's update, the entry expected at `version`.
        let publish = |version: i64| DocumentChange {
            status: "issued".into(),
            data: json!({"status": "issued", "publications": [{"channel": "门户网站"}]}),
            followup: Some(FollowupWrite::Update {
                audit: audit("openness.publication.publish"),
                kind: "publication".into(),
                id: row.id.clone(),
                expected_version: version,
                change: FollowupChange {
                    unit_id: row.unit_id.clone(),
                    status: "on_time".into(),
                    due_on: row.due_on.clone(),
                    data: row.data.clone(),
                },
            }),
            ..DocumentChange::default()
        };

        // An entry that cannot be written (here: a stale version) refuses the document's change too.
        let n_events = events.len();
        let e = store
            .update_document(
                &audit("document.publish"),
                &d.id,
                issued.version,
                publish(row.version + 1),
            )
            .await
            .unwrap_err();
        assert!(matches!(e, StoreError::Conflict { .. }), "{e:?}");
        let now = store.get_document(&d.id).await.unwrap().unwrap();
        assert_eq!(now.version, issued.version);
        assert_eq!(now.data, issued.data);
        assert_eq!(store.audit_events(0, 10_000).await.unwrap().len(), n_events);
        let same = store
            .followup_by_ref("publication", &d.id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(same.version, row.version);

        // With the entry's version right, both are written.
        let published = store
            .update_document(
                &audit("document.publish"),
                &d.id,
                issued.version,
                publish(row.version),
            )
            .await
            .unwrap();
        assert_eq!(published.version, issued.version + 1);
        let after = store
            .followup_by_ref("publication", &d.id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (after.version, after.status.as_str()),
            (row.version + 1, "on_time")
        );
    })
    .await;
}
