//! Conformance of the supervision ledger's tables on every backend (SQLite always; PostgreSQL when
//! `ZHENGWU_TEST_POSTGRES_URL` is set, otherwise the harness prints that it did NOT RUN).

#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;

use common::on_each_backend;
use serde_json::json;
use zhengwu_store::{Audit, LedgerQuery, NewSupItem, ReportBy, Store, SupNotice, SupProjection};

fn proj(due: Option<&str>, status: &str, open: bool) -> SupProjection {
    SupProjection {
        stage: if open { "assigned" } else { "closed" }.into(),
        is_open: open,
        due_on: due.map(str::to_string),
        status: status.into(),
        colour: None,
        provisional: false,
        completed_on: (!open).then(|| "2026-03-05".to_string()),
        closed_on: None,
        on_time: (!open).then_some(true),
        reminders_total: 0,
    }
}

fn new_item(n: usize, unit: &str, due: Option<&str>, open: bool) -> NewSupItem {
    NewSupItem {
        government_id: "city".into(),
        profile_id: "taian".into(),
        source: if n.is_multiple_of(2) {
            "meeting_decision"
        } else {
            "leader_instruction"
        }
        .into(),
        title: format!("督办事项{n}"),
        lead_unit: unit.into(),
        responsible: "张三".into(),
        assigned_on: "2026-03-02".into(),
        data: json!({"n": n}),
        projection: proj(due, "on_time", open),
    }
}

async fn seed(store: &Store) -> Vec<String> {
    let a = Audit::new("acct-office", "supervision.create");
    let mut ids = Vec::new();
    let specs = [
        ("市住建局", Some("2026-03-05"), true),
        ("市住建局", Some("2026-03-20"), true),
        ("市财政局", Some("2026-03-09"), true),
        ("市财政局", None, true),
        ("市财政局", Some("2026-03-04"), false),
    ];
    for (i, (u, d, o)) in specs.iter().enumerate() {
        ids.push(
            store
                .create_sup_item(&a, new_item(i, u, *d, *o))
                .await
                .unwrap()
                .id,
        );
    }
    ids
}

#[tokio::test]
async fn ledger_pages_scan_and_report() {
    on_each_backend(|db| async move {
        let store = db.open().await;
        let ids = seed(&store).await;
        // Overdue scan.
        let over = store.sup_overdue_ids("2026-03-10").await.unwrap();
        assert_eq!(over, vec![ids[0].clone(), ids[2].clone()]);
        // Ledger pages in due order, the undated item last.
        let mut q = LedgerQuery {
            government_id: "city".into(),
            open: Some(true),
            limit: 2,
            ..LedgerQuery::default()
        };
        let (p1, next) = store.sup_ledger(&q).await.unwrap();
        assert_eq!(
            p1.iter().map(|i| &i.id).collect::<Vec<_>>(),
            vec![&ids[0], &ids[2]]
        );
        q.after = next;
        let (p2, next) = store.sup_ledger(&q).await.unwrap();
        assert_eq!(
            p2.iter().map(|i| &i.id).collect::<Vec<_>>(),
            vec![&ids[1], &ids[3]]
        );
        assert!(next.is_none());
        assert_eq!(p2[1].projection.due_on, None);
        q.after = None;
        q.lead_unit = Some("市财政局".into());
        assert_eq!(store.sup_ledger(&q).await.unwrap().0.len(), 2);
        // Reports.
        let r = store
            .sup_report("city", ReportBy::Unit, "2026-03-10")
            .await
            .unwrap();
        let cz = r.iter().find(|r| r.key == "市财政局").unwrap();
        assert_eq!((cz.total, cz.open, cz.overdue, cz.completed), (3, 2, 1, 1));
        assert_eq!(cz.on_time_rate, Some(1.0));
        let r = store
            .sup_report("city", ReportBy::Source, "2026-03-10")
            .await
            .unwrap();
        assert_eq!(r.len(), 2);
        // xlsx export.
        let bytes = store
            .sup_export_xlsx(&LedgerQuery {
                government_id: "city".into(),
                ..LedgerQuery::default()
            })
            .await
            .unwrap();
        assert!(bytes.starts_with(b"PK"));
        assert!(store.verify_audit().await.unwrap().ok());
    })
    .await;
}

#[tokio::test]
async fn notices_are_sent_once() {
    on_each_backend(|db| async move {
        let store = db.open().await;
        let ids = seed(&store).await;
        let it = store.get_sup_item(&ids[0]).await.unwrap();
        let n = SupNotice {
            item_id: it.id.clone(),
            kind: "overdue".into(),
            period: "2026-03-05#1".into(),
            government_id: "city".into(),
            recipient: "市住建局".into(),
            message: "催办".into(),
            sent_at: String::new(),
        };
        let a = Audit::new("system:scheduler", "supervision.remind");
        let mut p = it.projection.clone();
        p.reminders_total = 1;
        let first = store
            .update_sup_item(&a, &it.id, it.version, json!({"r": 1}), p.clone(), Some(&n))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(first.version, 2);
        // A second run (e.g. after a restart) with the same (item, kind, period) changes nothing.
        let again = store
            .update_sup_item(&a, &it.id, first.version, json!({"r": 2}), p, Some(&n))
            .await
            .unwrap();
        assert!(again.is_none());
        let cur = store.get_sup_item(&it.id).await.unwrap();
        assert_eq!(cur.version, 2);
        assert_eq!(cur.projection.reminders_total, 1);
        assert_eq!(store.sup_notices(&it.id).await.unwrap().len(), 1);
        // Stale versions conflict.
        assert!(
            store
                .update_sup_item(&a, &it.id, 1, json!({}), cur.projection.clone(), None)
                .await
                .is_err()
        );
        assert!(store.verify_audit().await.unwrap().ok());
    })
    .await;
}

#[tokio::test]
async fn one_lease_holder_at_a_time() {
    on_each_backend(|db| async move {
        let clock = std::sync::Arc::new(zhengwu_store::ManualClock::new(common::t0()));
        let a = db.open_with_clock(clock.clone()).await;
        let b = db.open_with_clock(clock.clone()).await;
        assert!(a.try_lease("scheduler", "a", 60).await.unwrap());
        assert!(!b.try_lease("scheduler", "b", 60).await.unwrap());
        assert!(a.try_lease("scheduler", "a", 60).await.unwrap());
        // Expired: the other instance takes over.
        clock.advance(jiff::SignedDuration::from_secs(61));
        assert!(b.try_lease("scheduler", "b", 60).await.unwrap());
        assert!(!a.try_lease("scheduler", "a", 60).await.unwrap());
        b.release_lease("scheduler", "b").await.unwrap();
        assert!(a.try_lease("scheduler", "a", 60).await.unwrap());
    })
    .await;
}
