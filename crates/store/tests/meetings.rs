//! Conformance of the meetings tables (migration 0003) on SQLite, and on PostgreSQL when
//! `ZHENGWU_TEST_POSTGRES_URL` is set (otherwise a banner says it did not run).

#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;

use common::on_each_backend;
use serde_json::json;
use zhengwu_store::{Audit, DocTable, NewAssignedWork, StoreError};

fn audit(action: &str) -> Audit {
    Audit::new("acct-office", action).cite(json!({"profile": "liaocheng", "article": "第四十七条"}))
}

#[tokio::test]
async fn meetings_items_work_and_decisions_round_trip_with_audit_and_concurrency() {
    on_each_backend(|db| async move {
        let store = db.open().await;
        // Meetings: indexed by government, type and date; cadence counts skip cancelled ones.
        let mut ids = Vec::new();
        for (n, day) in ["2026-03-04", "2026-03-11", "2026-03-18"]
            .iter()
            .enumerate()
        {
            let m = store
                .create_doc(
                    &audit("meeting.schedule"),
                    DocTable::Meeting,
                    "lc",
                    if n == 2 { "cancelled" } else { "scheduled" },
                    json!({"type": "executive", "date": day, "name": "市政府常务会议"}),
                )
                .await
                .unwrap();
            assert_eq!(m.version, 1);
            ids.push(m.id);
        }
        store
            .create_doc(
                &audit("meeting.schedule"),
                DocTable::Meeting,
                "ta",
                "scheduled",
                json!({"type": "executive", "date": "2026-03-11"}),
            )
            .await
            .unwrap();
        assert_eq!(
            store
                .count_meetings("lc", "executive", "2026-03-01", "2026-03-31")
                .await
                .unwrap(),
            2
        );
        assert_eq!(
            store
                .count_meetings("lc", "executive", "2026-03-05", "2026-03-31")
                .await
                .unwrap(),
            1
        );
        let page = store
            .list_docs(DocTable::Meeting, "lc", None, 2)
            .await
            .unwrap();
        assert_eq!(page.len(), 2);
        let rest = store
            .list_docs(DocTable::Meeting, "lc", Some(&page[1].id), 10)
            .await
            .unwrap();
        assert_eq!(rest.len(), 1);

        // Optimistic concurrency on every document.
        let up = store
            .update_doc(
                &audit("meeting.attendance"),
                DocTable::Meeting,
                &ids[0],
                1,
                "held",
                json!({"type": "executive", "date": "2026-03-04"}),
            )
            .await
            .unwrap();
        assert_eq!((up.version, up.status.as_str()), (2, "held"));
        let stale = store
            .update_doc(
                &audit("meeting.attendance"),
                DocTable::Meeting,
                &ids[0],
                1,
                "held",
                json!({"type": "executive", "date": "2026-03-04"}),
            )
            .await
            .unwrap_err();
        assert!(
            matches!(stale, StoreError::Conflict { current: 2, .. }),
            "{stale:?}"
        );

        // An item placed on a meeting is found through the meeting; its decision and the work it
        // assigns are written together.
        let item = store
            .create_doc(
                &audit("agenda_item.propose"),
                DocTable::AgendaItem,
                "lc",
                "proposed",
                json!({"title": "议题", "meeting_id": null}),
            )
            .await
            .unwrap();
        assert!(store.items_of_meeting(&ids[0]).await.unwrap().is_empty());
        let placed = store
            .update_docs(
                &audit("meeting.agenda"),
                vec![(
                    DocTable::AgendaItem,
                    item.id.clone(),
                    1,
                    "on_agenda".into(),
                    json!({"title": "议题", "meeting_id": ids[0]}),
                )],
            )
            .await
            .unwrap();
        assert_eq!(placed[0].version, 2);
        assert_eq!(store.items_of_meeting(&ids[0]).await.unwrap().len(), 1);
        let work = |unit: &str, due: &str| NewAssignedWork {
            unit: unit.into(),
            task: "落实".into(),
            start_on: "2026-03-04".into(),
            period: json!({"months_after": 1}),
            citation: json!({"profile": "liaocheng", "article": "第七十一条（二）"}),
            due_on: due.into(),
            explain: "会后１个月内".into(),
        };
        let (decided, assigned) = store
            .record_item_decision(
                &audit("meeting.decision"),
                &item.id,
                2,
                "decided",
                json!({"title": "议题", "meeting_id": ids[0], "decision": {"outcome": "adopted"}}),
                vec![work("fin", "2026-04-07"), work("edu", "2026-04-03")],
            )
            .await
            .unwrap();
        assert_eq!(decided.version, 3);
        assert_eq!(assigned.len(), 2);
        // The ledger's view: by due date.
        let ledger = store.list_assigned_work("lc", None, 10).await.unwrap();
        assert_eq!(
            ledger.iter().map(|w| w.unit.as_str()).collect::<Vec<_>>(),
            vec!["edu", "fin"]
        );
        assert_eq!(ledger[0].period, json!({"months_after": 1}));
        let after = store
            .list_assigned_work("lc", Some((&ledger[0].due_on, &ledger[0].id)), 10)
            .await
            .unwrap();
        assert_eq!(after.len(), 1);
        assert_eq!(
            store.assigned_work_of_meeting(&ids[0]).await.unwrap().len(),
            2
        );
        // A decision that fails writes nothing (stale version): no half-written work.
        let err = store
            .record_item_decision(
                &audit("meeting.decision"),
                &item.id,
                2,
                "decided",
                json!({}),
                vec![work("x", "2026-04-01")],
            )
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::Conflict { .. }));
        assert_eq!(
            store
                .list_assigned_work("lc", None, 10)
                .await
                .unwrap()
                .len(),
            2
        );

        // Major decisions.
        let d = store
            .create_doc(
                &audit("major_decision.open"),
                DocTable::MajorDecision,
                "lc",
                "in_procedure",
                json!({"title": "决策"}),
            )
            .await
            .unwrap();
        let got = store
            .get_doc(DocTable::MajorDecision, &d.id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(got, d);
        assert!(
            store
                .get_doc(DocTable::Meeting, &d.id)
                .await
                .unwrap()
                .is_none()
        );

        // Every change is in the audit chain, with its citations.
        let events = store.audit_events(0, 1000).await.unwrap();
        assert!(events.iter().any(|e| e.action == "meeting.decision"
            && e.object_type == "agenda_item"
            && !e.citations.is_empty()));
        assert_eq!(
            events
                .iter()
                .filter(|e| e.action == "meeting.work_assigned")
                .count(),
            2
        );
        assert!(store.verify_audit().await.unwrap().ok());
    })
    .await;
}
