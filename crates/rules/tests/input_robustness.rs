//! Bad input never panics: malformed JSON, unknown kinds and fields, wrong types and impossible dates
//! all come back as `CheckError::Input` naming the field path. (A cargo-fuzz target over the same entry
//! point lives in `fuzz/`.)
#![allow(clippy::expect_used, clippy::unwrap_used)] // a failed expectation in a test is the test failing

use proptest::prelude::*;
use zhengwu_calendar::Calendar;
use zhengwu_rules::{CheckError, Registry, check_json, kinds::KINDS};

fn reg() -> &'static Registry {
    static R: std::sync::OnceLock<Registry> = std::sync::OnceLock::new();
    R.get_or_init(|| Registry::builtin().expect("profiles"))
}

fn cal() -> &'static Calendar {
    static C: std::sync::OnceLock<Calendar> = std::sync::OnceLock::new();
    C.get_or_init(Calendar::official)
}

fn input_err(json: &str) -> (String, String) {
    match check_json(reg(), cal(), json, None) {
        Err(CheckError::Input { path, message }) => (path, message),
        other => panic!("expected an input error for {json}, got {other:?}"),
    }
}

#[test]
fn malformed_json_is_an_input_error() {
    let (_, m) = input_err("{\"kind\": ");
    assert!(!m.is_empty());
    input_err("[]");
    input_err("");
}

#[test]
fn unknown_kind_names_the_kinds() {
    let (path, m) = input_err(r#"{"kind":"agenda","profile":"liaocheng"}"#);
    assert_eq!(path, "kind");
    assert!(m.contains("agenda_item"), "{m}");
}

#[test]
fn unknown_profile_is_named() {
    let (path, m) = input_err(r#"{"kind":"agenda_item","profile":"beijing"}"#);
    assert_eq!(path, "profile");
    assert!(m.contains("liaocheng"), "{m}");
}

#[test]
fn unknown_field_is_named() {
    for kind in KINDS {
        let json =
            format!(r#"{{"kind":"{kind}","profile":"liaocheng","definitely_not_a_field":1}}"#);
        match check_json(reg(), cal(), &json, None) {
            Err(CheckError::Input { message, .. }) => {
                // Either the unknown field or a missing required field is reported first; both are input errors.
                assert!(!message.is_empty());
            }
            other => panic!("{kind}: expected an input error, got {other:?}"),
        }
    }
}

#[test]
fn impossible_date_is_named() {
    let d = zhengwu_rules::CaseDate::parse("2025-02-30");
    assert!(d.is_err_and(|m| m.contains("2025-02-30")));
    assert!(zhengwu_rules::CaseDate::parse("2025-2-3").is_err());
    assert!(zhengwu_rules::CaseDate::parse("2024-02-29").is_ok());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn arbitrary_text_never_panics(s in ".{0,200}") {
        let _ = check_json(reg(), cal(), &s, None);
    }

    #[test]
    fn arbitrary_fields_never_panic(
        kind in prop::sample::select(KINDS.to_vec()),
        profile in prop::sample::select(vec!["liaocheng", "jining", "taian", "changle", "zhangdian", "x"]),
        key in "[a-z_]{1,20}",
        val in prop_oneof![
            Just("null".to_string()), Just("true".to_string()), Just("-1".to_string()),
            Just("\"2025-02-30\"".to_string()), Just("\"2025-03-19\"".to_string()),
            Just("{}".to_string()), Just("[]".to_string()), Just("1e400".to_string()),
        ],
    ) {
        let json = format!(r#"{{"kind":"{kind}","profile":"{profile}","{key}":{val}}}"#);
        let _ = check_json(reg(), cal(), &json, None);
    }
}
