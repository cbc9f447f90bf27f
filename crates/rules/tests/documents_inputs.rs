//! Invalid document cases are input errors that name the field, never verdicts or panics.

// Tests may panic on broken fixtures (BRIEFING: tests may use expect).
#![allow(clippy::expect_used)]

use zhengwu_calendar::Calendar;
use zhengwu_rules::{CheckError, Registry, check_json};

fn field_of(json: &str, profile: &str) -> String {
    let reg = Registry::builtin().expect("built-in profiles load");
    match check_json(&reg, &Calendar::official(), json, Some(profile)) {
        Err(CheckError::Input { path, .. }) => path,
        other => panic!("expected an input error, got {other:?}"),
    }
}

#[test]
fn unknown_document_type_names_the_field() {
    let j = r#"{"kind":"incoming_document","doc_type":"汇报","signed_by":"principal","submitter":"department","submitted_on":"2025-03-12"}"#;
    assert_eq!(field_of(j, "liaocheng"), "doc_type");
}

#[test]
fn zero_matters_is_rejected() {
    let j = r#"{"kind":"incoming_document","doc_type":"请示","matters":0,"signed_by":"principal","submitter":"department","submitted_on":"2025-03-12"}"#;
    assert_eq!(field_of(j, "jining"), "matters");
}

#[test]
fn issue_date_after_submission_is_rejected() {
    let j = r#"{"kind":"incoming_document","doc_type":"请示","signed_by":"principal","submitter":"department","written_on":"2025-03-13","submitted_on":"2025-03-12"}"#;
    assert_eq!(field_of(j, "liaocheng"), "written_on");
}

#[test]
fn office_category_needs_office_issuer() {
    let j = r#"{"kind":"outgoing_document","issuer":"government","category":"office_routine"}"#;
    assert_eq!(field_of(j, "taian"), "category");
}

#[test]
fn zero_portfolios_is_rejected() {
    let j =
        r#"{"kind":"outgoing_document","issuer":"government","category":"general","portfolios":0}"#;
    assert_eq!(field_of(j, "zhangdian"), "portfolios");
}

#[test]
fn reply_before_request_is_rejected() {
    let j = r#"{"kind":"countersign","requested_on":"2025-03-10","as_of":"2025-03-14","replied_on":"2025-03-07"}"#;
    assert_eq!(field_of(j, "jining"), "replied_on");
}

#[test]
fn reply_after_today_is_rejected() {
    let j = r#"{"kind":"countersign","requested_on":"2025-03-10","as_of":"2025-03-14","replied_on":"2025-03-17"}"#;
    assert_eq!(field_of(j, "zhangdian"), "replied_on");
}

#[test]
fn impossible_date_names_the_field() {
    let j = r#"{"kind":"document_lead_time","needed_by":"2025-02-30","submitted_on":"2025-02-20"}"#;
    assert_eq!(field_of(j, "changle"), "needed_by");
}

#[test]
fn unknown_field_is_rejected() {
    let j = r#"{"kind":"seal_use","seal":"head","approved_by":"head","authorized_by_head":true}"#;
    let reg = Registry::builtin().expect("built-in profiles load");
    let e = check_json(&reg, &Calendar::official(), j, Some("jining"))
        .expect_err("typo must be an error");
    assert!(e.to_string().contains("authorized_by_head"), "{e}");
}
