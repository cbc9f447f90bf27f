//! Conformance of the follow-up table (events, proactive disclosure register, suggestions and
//! proposals, 12345 tickets; migration 0006) on every backend (SQLite always; PostgreSQL when
//! `ZHENGWU_TEST_POSTGRES_URL` is set, otherwise the harness prints that it did NOT RUN).

#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;

use common::on_each_backend;
use serde_json::json;
use zhengwu_store::{Audit, FollowupChange, FollowupQuery, NewFollowup, StoreError};

fn ticket(unit: &str, opened: &str) -> NewFollowup {
    NewFollowup {
        government_id: "city".into(),
        kind: "hotline_ticket".into(),
        unit_id: Some(unit.into()),
        status: "open".into(),
        opened_on: opened.into(),
        due_on: Some("2026-03-09".into()),
        ref_id: None,
        data: json!({"category": "供水", "text": "停水"}),
    }
}

#[tokio::test]
async fn followup_items_create_update_list_and_audit() {
    on_each_backend(|db| async move {
        let store = db.open().await;
        let a = Audit::new("acct-office", "hotline.intake");
        let t1 = store
            .create_followup(&a, ticket("water", "2026-03-02"))
            .await
            .unwrap();
        let t2 = store
            .create_followup(&a, ticket("water", "2026-04-01"))
            .await
            .unwrap();
        store
            .create_followup(&a, ticket("roads", "2026-03-15"))
            .await
            .unwrap();
        // A register entry refers to its document once.
        let entry = NewFollowup {
            government_id: "city".into(),
            kind: "publication".into(),
            unit_id: None,
            status: "pending".into(),
            opened_on: "2026-03-02".into(),
            due_on: Some("2026-03-30".into()),
            ref_id: Some("doc-1".into()),
            data: json!({}),
        };
        store.create_followup(&a, entry.clone()).await.unwrap();
        assert!(matches!(
            store.create_followup(&a, entry).await,
            Err(StoreError::Invalid { .. })
        ));
        assert!(
            store
                .followup_by_ref("publication", "doc-1")
                .await
                .unwrap()
                .is_some()
        );
        // Another kind's id is not found.
        assert!(store.get_followup("publication", &t1.id).await.is_err());
        // Update with the version; a stale version is a conflict.
        let change = FollowupChange {
            unit_id: Some("water".into()),
            status: "replied".into(),
            due_on: Some("2026-03-09".into()),
            data: json!({"category": "供水", "replied_on": "2026-03-05"}),
        };
        let u = store
            .update_followup(
                &a.with_action("hotline.reply"),
                "hotline_ticket",
                &t1.id,
                1,
                change.clone(),
            )
            .await
            .unwrap();
        assert_eq!((u.version, u.status.as_str()), (2, "replied"));
        assert!(matches!(
            store
                .update_followup(&a, "hotline_ticket", &t1.id, 1, change)
                .await,
            Err(StoreError::Conflict { current: 2, .. })
        ));
        assert_eq!(
            store
                .get_followup("hotline_ticket", &t1.id)
                .await
                .unwrap()
                .data["replied_on"],
            "2026-03-05"
        );
        // Lists: by kind, unit, status and month.
        let q =
            |unit: Option<&str>, status: Option<&str>, from: Option<&str>, before: Option<&str>| {
                FollowupQuery {
                    government_id: "city".into(),
                    kind: "hotline_ticket".into(),
                    unit_id: unit.map(str::to_string),
                    status: status.map(str::to_string),
                    opened_from: from.map(str::to_string),
                    opened_before: before.map(str::to_string),
                    limit: 0,
                }
            };
        assert_eq!(
            store
                .list_followup(&q(None, None, None, None))
                .await
                .unwrap()
                .len(),
            3
        );
        let water = store
            .list_followup(&q(Some("water"), None, None, None))
            .await
            .unwrap();
        assert_eq!(
            water.iter().map(|r| &r.id).collect::<Vec<_>>(),
            vec![&t1.id, &t2.id]
        );
        let march = store
            .list_followup(&q(None, None, Some("2026-03-01"), Some("2026-04-01")))
            .await
            .unwrap();
        assert_eq!(march.len(), 2);
        let open = store
            .list_followup(&q(None, Some("open"), None, None))
            .await
            .unwrap();
        assert_eq!(open.len(), 2);
        // Every write is in the audit chain.
        let ev = store.audit_events(0, 1000).await.unwrap();
        assert!(
            ev.iter()
                .any(|e| e.action == "hotline.reply" && e.object_id == t1.id)
        );
        assert!(store.verify_audit().await.unwrap().ok());
    })
    .await;
}

#[tokio::test]
async fn followup_notices_are_sent_once_and_open_items_listed_by_due_date() {
    on_each_backend(|db| async move {
        let store = db.open().await;
        let a = Audit::new("acct-office", "hotline.intake");
        let late = store
            .create_followup(&a, ticket("water", "2026-03-02"))
            .await
            .unwrap();
        let mut early = ticket("roads", "2026-03-01");
        early.due_on = Some("2026-03-05".into());
        let early = store.create_followup(&a, early).await.unwrap();
        let mut replied = ticket("roads", "2026-03-01");
        replied.status = "replied".into();
        store.create_followup(&a, replied).await.unwrap();
        let mut undated = ticket("roads", "2026-03-01");
        undated.due_on = None;
        store.create_followup(&a, undated).await.unwrap();
        let open = store
            .followup_open_due(&["hotline_ticket", "suggestion"], &["open"], 100)
            .await
            .unwrap();
        let ids: Vec<&str> = open.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, [early.id.as_str(), late.id.as_str()]);
        assert!(
            store
                .followup_open_due(&["publication"], &["open"], 100)
                .await
                .unwrap()
                .is_empty()
        );

        let before = store.audit_events(0, 10_000).await.unwrap().len();
        let notice = zhengwu_store::SupNotice {
            item_id: late.id.clone(),
            kind: "hotline_ticket.due_soon".into(),
            period: "2026-03-09".into(),
            government_id: "city".into(),
            recipient: "water".into(),
            message: "答复12345工单将于 2026-03-09 到期".into(),
            sent_at: String::new(),
        };
        let audit = Audit::new("system:scheduler", "followup.notice.due_soon");
        assert!(
            store
                .send_followup_notice(&audit, "hotline_ticket", &notice)
                .await
                .unwrap()
        );
        // The same (item, kind, period) again: nothing written, no second event.
        assert!(
            !store
                .send_followup_notice(&audit, "hotline_ticket", &notice)
                .await
                .unwrap()
        );
        // Another kind for the same due date is a new notice.
        let overdue = zhengwu_store::SupNotice {
            kind: "hotline_ticket.overdue".into(),
            ..notice.clone()
        };
        assert!(
            store
                .send_followup_notice(&audit, "hotline_ticket", &overdue)
                .await
                .unwrap()
        );
        let sent = store.sup_notices(&late.id).await.unwrap();
        assert_eq!(sent.len(), 2);
        assert_eq!(sent[0].recipient, "water");
        let events = store.audit_events(0, 10_000).await.unwrap();
        assert_eq!(events.len(), before + 2);
        let last = events.last().unwrap();
        assert_eq!(last.object_type, "hotline_ticket");
        assert_eq!(last.object_id, late.id);
        assert!(store.verify_audit().await.unwrap().ok());
        // A desk's reminders: the unit's own, none of another desk's or government's.
        let office = zhengwu_store::SupNotice {
            item_id: early.id.clone(),
            kind: "publication.overdue".into(),
            recipient: "office".into(),
            ..notice.clone()
        };
        assert!(
            store
                .send_followup_notice(&audit, "publication", &office)
                .await
                .unwrap()
        );
        let water = store.notices_for("city", "water", 20).await.unwrap();
        assert_eq!(water.len(), 2);
        assert!(water.iter().all(|n| n.recipient == "water"));
        assert!(water[0].sent_at >= water[1].sent_at, "newest first");
        assert_eq!(
            store.notices_for("city", "water", 1).await.unwrap().len(),
            1
        );
        assert_eq!(
            store.notices_for("city", "office", 20).await.unwrap().len(),
            1
        );
        assert!(
            store
                .notices_for("town", "water", 20)
                .await
                .unwrap()
                .is_empty()
        );
    })
    .await;
}
