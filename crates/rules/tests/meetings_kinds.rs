//! Input handling and arithmetic of the meeting kinds that the case files do not show: impossible
//! inputs are errors naming the field, and the quorum of C6 (strictly more than half) holds for every
//! size of meeting.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use zhengwu_calendar::Calendar;
use zhengwu_rules::{CheckError, Outcome, Registry, check_json};

fn check(json: &str) -> Result<zhengwu_rules::Verdict, CheckError> {
    let reg = Registry::builtin().unwrap();
    check_json(&reg, &Calendar::official(), json, None)
}

fn input_path(r: Result<zhengwu_rules::Verdict, CheckError>) -> String {
    match r {
        Err(CheckError::Input { path, .. }) => path,
        other => panic!("expected an input error, got {other:?}"),
    }
}

#[test]
fn more_present_than_expected_is_an_input_error() {
    let r = check(
        r#"{"kind":"meeting_quorum","profile":"jining","meeting":{"type":"executive"},"members_expected":5,"members_present":4,"members_by_video":2}"#,
    );
    assert_eq!(input_path(r), "members_present");
}

#[test]
fn an_item_submitted_after_the_meeting_is_an_input_error() {
    let r = check(
        r#"{"kind":"agenda_item","profile":"taian","meeting":{"type":"executive","date":"2025-03-19"},"submitted_on":"2025-03-20"}"#,
    );
    assert_eq!(input_path(r), "submitted_on");
}

#[test]
fn an_impossible_meeting_date_names_the_field() {
    let r = check(
        r#"{"kind":"agenda_item","profile":"taian","meeting":{"type":"executive","date":"2025-02-30"},"submitted_on":"2025-02-01"}"#,
    );
    assert_eq!(input_path(r), "meeting.date");
}

#[test]
fn an_unknown_ground_lists_the_allowed_values() {
    let r = check(
        r#"{"kind":"agenda_item","profile":"liaocheng","meeting":{"type":"executive","date":"2025-03-19"},"submitted_on":"2025-03-13","urgent_ground":"holiday"}"#,
    );
    match r {
        Err(CheckError::Input { path, message }) => {
            assert_eq!(path, "urgent_ground");
            assert!(
                message.contains("superior_deployment") && message.contains("emergency"),
                "{message}"
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_misspelt_field_is_refused() {
    let r = check(
        r#"{"kind":"meeting_absence","profile":"jining","meeting":{"type":"executive"},"absentee":"leader","askd":"head"}"#,
    );
    assert!(matches!(r, Err(CheckError::Input { .. })), "{r:?}");
}

#[test]
fn a_convener_signed_minutes_needs_the_convener() {
    // 聊城 第四十九条: the convener signs; without knowing the convener the signature cannot be checked.
    let r = check(
        r#"{"kind":"minutes_signoff","profile":"liaocheng","meeting":{"type":"special_topic"},"signed_by":"deputy"}"#,
    );
    assert_eq!(input_path(r), "meeting.convened_by");
}

#[test]
fn quorum_is_strictly_more_than_half_for_every_size() {
    // C6 with 聊城 第四十七条「出席人数须超过应到人数的二分之一」: p members of e → quorate iff 2p > e.
    let reg = Registry::builtin().unwrap();
    let cal = Calendar::official();
    for e in 1..=25u32 {
        for p in 0..=e {
            let json = format!(
                r#"{{"kind":"meeting_quorum","profile":"liaocheng","meeting":{{"type":"executive"}},"members_expected":{e},"members_present":{p}}}"#
            );
            let v = check_json(&reg, &cal, &json, None).unwrap();
            let want = if 2 * p > e {
                Outcome::Allowed
            } else {
                Outcome::Refused
            };
            assert_eq!(v.outcome, want, "{p} of {e}");
        }
    }
}

#[test]
fn a_huge_meeting_is_judged_without_counting_one_by_one() {
    // Exactly half of 4 000 000 000 is not a quorum; one more is (C6).
    let half = r#"{"kind":"meeting_quorum","profile":"taian","meeting":{"type":"executive"},"members_expected":4000000000,"members_present":2000000000}"#;
    let v = check(half).unwrap();
    assert_eq!(v.outcome, Outcome::Refused);
    assert_eq!(v.status.value()["minimum"], 2_000_000_001u64);
    let more = half.replace("2000000000}", "2000000001}");
    assert_eq!(check(&more).unwrap().outcome, Outcome::Allowed);
}

#[test]
fn the_fictional_two_thirds_quorum_is_at_least_two_thirds() {
    // 丰源 (fixture) 四十二「出席人数不得少于应到人数的三分之二」: p of e → quorate iff 3p ≥ 2e.
    let mut reg = Registry::builtin().unwrap();
    reg.add_file(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fengyuan.toml"),
    )
    .unwrap();
    let cal = Calendar::official();
    for e in 1..=20u32 {
        for p in 0..=e {
            let json = format!(
                r#"{{"kind":"meeting_quorum","profile":"fengyuan","meeting":{{"type":"executive"}},"members_expected":{e},"members_present":{p}}}"#
            );
            let v = check_json(&reg, &cal, &json, None).unwrap();
            let want = if 3 * p >= 2 * e {
                Outcome::Allowed
            } else {
                Outcome::Refused
            };
            assert_eq!(v.outcome, want, "{p} of {e}");
        }
    }
}

/// The quote of every violation of an `agenda_item` case, with the rule id.
fn violation_quotes(json: &str) -> Vec<(String, String)> {
    let v = serde_json::to_value(check(json).unwrap()).unwrap();
    v["violations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["citation"]["quote"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn a_clause_of_the_coordination_rule_cites_its_own_sentence() {
    // 泰安 第五十条: escalated and still in dispute → the agreement sentence; agreed but not
    // countersigned → the countersignature sentence (the case files compare articles only).
    let base = r#""kind":"agenda_item","profile":"taian","meeting":{"type":"executive","date":"2025-03-19"},"submitted_on":"2025-03-12""#;
    assert_eq!(
        violation_quotes(&format!(
            r#"{{{base},"disagreement":"documented_with_preference"}}"#
        )),
        [(
            "R2.22".to_string(),
            "提交议题的部门会前应与相关部门协调一致".to_string()
        )]
    );
    assert_eq!(
        violation_quotes(&format!(
            r#"{{{base},"involves_other_departments":true,"countersigned":false}}"#
        )),
        [(
            "R2.22".to_string(),
            "协调一致后,有关部门主要负责人必须在会签意见上签字".to_string()
        )]
    );
}

#[test]
fn a_clause_without_its_own_citation_reads_the_rule_s() {
    // 济宁 四十八 writes `agreement = "hard"`: the rule's own citation.
    let q = violation_quotes(
        r#"{"kind":"agenda_item","profile":"jining","meeting":{"type":"executive","date":"2025-05-07"},"submitted_on":"2025-04-25","legality_reviewed":true,"disagreement":"unresolved"}"#,
    );
    assert_eq!(q, [("R2.22".to_string(), "与相关部门协调一致".to_string())]);
}
