//! The server runs store calls inside spawned tasks: every public future must be `Send`.
#![allow(dead_code, clippy::let_underscore_future)]
#![allow(clippy::unwrap_used, clippy::expect_used)]
use serde_json::json;
use zhengwu_store::*;

fn send<T: Send>(_: T) {}

fn all_public_futures_are_send(s: Store, a: Audit, p: &std::path::Path) {
    send(Store::open("x"));
    send(s.migrate());
    send(s.current_schema_version());
    send(s.verify_audit());
    send(s.audit_events(0, 1));
    send(s.audit_for_object("a", "b"));
    send(s.audit_head());
    send(s.record_event(&a, "t", "i", None));
    send(s.create_record(
        &a,
        NewRecord {
            kind: "k".into(),
            id: None,
            data: json!({}),
            idempotency_key: None,
        },
    ));
    send(s.update_record(&a, "k", "i", 1, json!({})));
    send(s.delete_record(&a, "k", "i", 1));
    send(s.batch(&a, vec![]));
    send(s.get_record("k", "i"));
    send(s.list_records("k", None, 1));
    send(s.count_records("k"));
    send(s.create_account(
        &a,
        NewAccount {
            username: "u".into(),
            display_name: "d".into(),
            password: "p".into(),
            roles: vec![],
            government_id: None,
            department_id: None,
            person_id: None,
        },
    ));
    send(s.get_account("i"));
    send(s.account_by_username("u"));
    send(s.list_accounts());
    send(s.authenticate("u", "p"));
    send(s.update_account(&a, "i", 1, AccountPatch::default()));
    send(s.create_session(&a, "i", jiff::SignedDuration::from_hours(1)));
    send(s.session_by_token("t"));
    send(s.delete_session(&a, "i"));
    send(s.purge_expired_sessions(&a));
    send(s.create_api_token(&a, "i", "n", None));
    send(s.api_token_account("t"));
    send(s.list_api_tokens("i"));
    send(s.revoke_api_token(&a, "i"));
    send(s.put_calendar_year(&a, 2027, "x"));
    send(s.calendar_years());
    send(s.org());
    send(s.government_org("g"));
    send(s.government_ids());
    send(s.import_org(&a, &org::Org::default()));
    send(s.import_org_file(&a, p, &org::OrgRules::default()));
    send(s.export_org_file(p));
    send(s.replace_government_org(&a, &org::Org::default(), 0));
}
