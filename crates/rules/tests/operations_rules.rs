//! Tests of the organisation / supervision / discipline / events / openness area beyond the public
//! case suite: coverage of the MATRIX ids, citations (national vs local), profile validation, input
//! errors, and the stop-the-clock arithmetic. Expected dates are derived by hand from the 2025
//! calendar of MATRIX C1.

#![allow(clippy::expect_used, clippy::unwrap_used)] // tests may panic on broken fixtures

use serde_json::{Value, json};
use std::path::Path;
use zhengwu_calendar::Calendar;
use zhengwu_rules::catalog::{Coverage, coverage};
use zhengwu_rules::{CheckError, Registry, check_json};

fn fixture() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fengyuan.toml")
}

fn registry() -> Registry {
    let mut reg = Registry::builtin().expect("built-in profiles load");
    reg.add_file(&fixture()).expect("fixture loads");
    reg
}

fn check(reg: &Registry, case: Value) -> Value {
    let cal = Calendar::official();
    let v = check_json(reg, &cal, &case.to_string(), None).expect("case evaluates");
    serde_json::to_value(v).expect("verdict serialises")
}

fn check_err(reg: &Registry, case: Value) -> CheckError {
    let cal = Calendar::official();
    check_json(reg, &cal, &case.to_string(), None).expect_err("input error expected")
}

const MY_SECTIONS: [&str; 6] = ["R1.", "R5.", "R6.", "R7.", "R8.", "R9."];

#[test]
fn every_profile_accounts_for_every_rule_of_the_area() {
    let reg = registry();
    for id in [
        "liaocheng",
        "jining",
        "taian",
        "changle",
        "zhangdian",
        "fengyuan",
    ] {
        let loaded = reg.in_force(id, None).expect("profile exists");
        let mut seen = 0;
        for (rule, _, cov) in coverage(&loaded.raw) {
            if MY_SECTIONS.iter().any(|p| rule.starts_with(p)) {
                seen += 1;
                assert!(
                    cov != Coverage::Missing,
                    "{id}: {rule} is neither encoded nor not_stated"
                );
            }
        }
        // R1.01–R1.14, R5.01–R5.12, R6.01–R6.08, R7.01–R7.09, R8.01–R8.12, R9.01–R9.04
        assert_eq!(seen, 59, "{id}");
    }
}

#[test]
fn disclosure_deadline_cites_national_law_unless_a_local_limit_is_configured() {
    let reg = registry();
    let case =
        json!({"kind": "disclosure_request", "received_on": "2025-03-03", "as_of": "2025-03-04"});
    let mut c = case.clone();
    c["profile"] = json!("changle");
    let v = check(&reg, c);
    let cit = &v["deadlines"][0]["citation"];
    assert_eq!(cit["profile"], "national");
    assert_eq!(cit["article"], "第三十三条");
    assert_eq!(v["deadlines"][0]["due"], "2025-03-31");
    let mut c = case;
    c["profile"] = json!("fengyuan");
    let v = check(&reg, c);
    let cit = &v["deadlines"][0]["citation"];
    assert_eq!(cit["profile"], "fengyuan");
    assert_eq!(cit["article"], "三十");
    assert_eq!(v["deadlines"][0]["due"], "2025-03-24");
}

#[test]
fn consultation_time_is_capped_at_the_third_partys_fifteen_working_days() {
    // Consulted 03-04; the third party answers only on 05-30, long after its 15 working days
    // (→ 03-25). Only (03-04, 03-25] = 15 working days are not counted: 20 + 15 after 03-03 → 04-22.
    let reg = registry();
    let v = check(
        &reg,
        json!({"kind": "disclosure_request", "profile": "taian", "received_on": "2025-03-03", "as_of": "2025-04-01",
               "third_party_consulted_on": "2025-03-04", "third_party_replied_on": "2025-05-30"}),
    );
    assert_eq!(v["deadlines"][0]["due"], "2025-03-25");
    assert_eq!(v["deadlines"][0]["status"], "missed");
    assert_eq!(v["deadlines"][1]["due"], "2025-04-22");
    assert_eq!(v["status"], "on_time");
    assert!(
        v["deadlines"][1]["explain"]
            .as_str()
            .unwrap_or("")
            .contains("15个工作日不计入")
    );
}

#[test]
fn correction_before_consultation_counts_from_the_corrected_application() {
    // 补正 completed 04-01 → 20 working days → 04-29 (skipping 04-04).
    let reg = registry();
    let v = check(
        &reg,
        json!({"kind": "disclosure_request", "profile": "jining", "received_on": "2025-03-20", "as_of": "2025-04-02",
               "correction": {"requested_on": "2025-03-25", "completed_on": "2025-04-01"}}),
    );
    assert_eq!(v["deadlines"][1]["due"], "2025-04-29");
    assert_eq!(v["deadlines"][1]["citation"]["profile"], "national");
}

#[test]
fn jining_colours_are_marked_as_a_project_setting() {
    // Limit set at 立项 on 2025-03-12; on 03-11 one working day remains → due soon → 黄 (project setting).
    let reg = registry();
    let v = check(
        &reg,
        json!({"kind": "supervision_item", "profile": "jining", "source": "other", "assigned_on": "2025-03-03",
               "as_of": "2025-03-11", "due_on": "2025-03-12"}),
    );
    assert_eq!(v["status"], "due_soon");
    let explain = v["deadlines"][0]["explain"].as_str().unwrap_or("");
    assert!(
        explain.contains("黄") && explain.contains("本项目设定"),
        "{explain}"
    );
    // 聊城 has no colours: nothing about them in the explanation.
    let v = check(
        &reg,
        json!({"kind": "supervision_item", "profile": "liaocheng", "source": "other", "assigned_on": "2025-03-03",
               "as_of": "2025-03-11", "due_on": "2025-03-12"}),
    );
    assert!(
        !v["deadlines"][0]["explain"]
            .as_str()
            .unwrap_or("")
            .contains("台账标识")
    );
}

#[test]
fn completed_items_do_not_escalate() {
    let reg = registry();
    let v = check(
        &reg,
        json!({"kind": "supervision_item", "profile": "taian", "source": "other", "assigned_on": "2025-03-03",
               "as_of": "2025-04-01", "completed_on": "2025-03-31", "reminders_unanswered": 5}),
    );
    assert_eq!(v["outcome"], "allowed");
    assert_eq!(v["status"], "on_time");
    assert_eq!(v["chain"], json!([]));
}

#[test]
fn input_errors_name_the_field() {
    let reg = registry();
    let e = check_err(
        &reg,
        json!({"kind": "leave_request", "profile": "taian", "requester": "deputy", "purpose": "vacation",
               "departs_on": "2025-03-10", "returns_on": "2025-03-09", "submitted_on": "2025-03-01"}),
    );
    assert!(
        matches!(&e, CheckError::Input { path, .. } if path == "returns_on"),
        "{e}"
    );
    let e = check_err(
        &reg,
        json!({"kind": "invitation", "profile": "taian", "event_on": "2025-03-10", "submitted_on": "2025-03-01",
               "event_kind": "banquet", "sent_to": "office"}),
    );
    assert!(
        matches!(&e, CheckError::Input { path, message } if path == "event_kind" && message.contains("ribbon_cutting")),
        "{e}"
    );
    let e = check_err(
        &reg,
        json!({"kind": "supervision_item", "profile": "taian", "source": "other", "assigned_on": "2025-03-10",
               "as_of": "2025-03-01"}),
    );
    assert!(
        matches!(&e, CheckError::Input { path, .. } if path == "as_of"),
        "{e}"
    );
    let e = check_err(
        &reg,
        json!({"kind": "disclosure_request", "profile": "taian", "received_on": "2025-02-30", "as_of": "2025-03-01"}),
    );
    assert!(
        matches!(&e, CheckError::Input { path, .. } if path == "received_on"),
        "{e}"
    );
}

/// The fixture with one of its sections replaced.
fn fixture_with(section: &str, body: &str) -> String {
    let src = std::fs::read_to_string(fixture()).expect("fixture readable");
    fixture_with_src(&src, section, body)
}

#[test]
fn profile_validation_rejects_inconsistent_rules() {
    let bad = [
        (
            "events",
            "[events]\n[events.invitation_lead]\nmatrix = \"R7.02\"\napplies_to = \"all\"\nperiod = { days_after = 3 }\ncite = { article = \"七十五\", quote = \"x\" }\n",
            "events.invitation_lead.period",
        ),
        (
            "openness",
            "[openness]\n[openness.disclosure]\nmatrix = \"R8.01\"\ncite = { article = \"三十\", quote = \"x\" }\nreply = { working_days = 20 }\n",
            "openness.disclosure.reply",
        ),
        (
            "org",
            "[org]\n[org.acting_head]\nmatrix = \"R1.04\"\ntriggers = [\"vacation\"]\nacting = \"executive_deputy\"\nhead_may_designate = [\"deputy\"]\ncite = { article = \"六\", quote = \"x\" }\n",
            "org.acting_head.designate_cite",
        ),
        (
            "discipline",
            "[discipline]\n[[discipline.leave.rows]]\nmatrix = \"R6.03\"\nwhen = { requester = [\"deputy\"] }\ncite = { article = \"七十\", quote = \"x\" }\n",
            "discipline.leave.rows[0]",
        ),
        (
            "supervision",
            "[supervision]\n[supervision.escalation]\nmatrix = \"R5.07\"\nafter_unanswered_reminders = 0\nmeasure = \"约谈\"\nby = \"office\"\ncite = { article = \"六十三\", quote = \"x\" }\n",
            "supervision.escalation.after_unanswered_reminders",
        ),
    ];
    for (section, body, field) in bad {
        let src = fixture_with(section, body);
        let err = Registry::empty()
            .add_str("bad.toml", &src)
            .map(|_| ())
            .expect_err(field);
        assert!(
            err.issues.iter().any(|i| i.field == field),
            "{field}: {err}"
        );
    }
    // An unknown reason id is a type error naming the field.
    let src = fixture_with(
        "org",
        "[org]\n[org.substitution]\nmatrix = \"R1.05\"\ntriggers = [\"holiday\"]\nacting = \"deputy\"\ncite = { article = \"七\", quote = \"x\" }\n",
    );
    let err = Registry::empty()
        .add_str("bad.toml", &src)
        .map(|_| ())
        .expect_err("unknown trigger");
    assert!(err.to_string().contains("holiday"), "{err}");
}

#[test]
fn a_profile_without_the_rules_leaves_decisions_to_people() {
    // An otherwise valid government whose file says nothing on these matters: no checks, manual steps.
    let mut src = std::fs::read_to_string(fixture()).expect("fixture readable");
    for s in ["org", "supervision", "discipline", "events", "openness"] {
        src = fixture_with_src(&src, s, &format!("[{s}]"));
    }
    let mut reg = Registry::empty();
    reg.add_str("bare.toml", &src).expect("bare profile loads");
    let v = check(
        &reg,
        json!({"kind": "acting_leader", "profile": "fengyuan", "absent": "head", "reason": "vacation", "on": "2025-03-10"}),
    );
    assert_eq!(v["outcome"], "allowed");
    assert_eq!(v["manual_steps"][0]["step"], "presiding_person");
    let v = check(
        &reg,
        json!({"kind": "leave_request", "profile": "fengyuan", "requester": "deputy", "purpose": "vacation",
               "departs_on": "2025-03-10", "returns_on": "2025-03-12", "submitted_on": null}),
    );
    assert_eq!(v["outcome"], "allowed");
    assert_eq!(v["manual_steps"][0]["step"], "leave_approver");
    let v = check(
        &reg,
        json!({"kind": "invitation", "profile": "fengyuan", "event_on": "2025-03-10", "submitted_on": "2025-03-09",
               "important": true, "event_kind": "ribbon_cutting", "sent_to": "leader_personally"}),
    );
    assert_eq!(v["outcome"], "allowed");
    assert_eq!(v["deadlines"], json!([]));
    let v = check(
        &reg,
        json!({"kind": "disclosure_request", "profile": "fengyuan", "received_on": "2025-03-03", "as_of": "2025-03-04"}),
    );
    assert_eq!(v["manual_steps"][0]["step"], "reply_limit");
}

fn fixture_with_src(src: &str, section: &str, body: &str) -> String {
    let begin = format!("# ==== begin {section} (owner: ops) ====\n");
    let end = format!("# ==== end {section} ====\n");
    let (a, rest) = src.split_once(&begin).expect("begin marker");
    let (_, b) = rest.split_once(&end).expect("end marker");
    format!("{a}{begin}{body}\n{end}{b}")
}
