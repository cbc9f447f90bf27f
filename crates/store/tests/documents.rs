//! Conformance of the documents store (收文/发文) on SQLite, and on PostgreSQL when
//! `ZHENGWU_TEST_POSTGRES_URL` is set (otherwise a banner says it did not run): creation with
//! attachments and their SHA-256, inboxes, 退文 records, version conflicts, gap-free numbering under
//! concurrency, idempotency, and the audit event of every write.

#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;

use common::on_each_backend;
use serde_json::json;
use zhengwu_store::documents::{
    DocumentChange, InboxOp, NewAttachment, NewDocument, NumberRequest,
};
use zhengwu_store::{Audit, StoreError};

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
