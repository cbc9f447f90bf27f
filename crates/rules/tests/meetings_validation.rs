//! Validation of the `[meetings]` and `[decisions]` sections: a profile that names a meeting type it
//! does not define, a role it has no title for, or a malformed decision table is rejected with the
//! field path.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use zhengwu_rules::profile::load_profile;

const HEAD: &str = r#"
id = "testcounty"
government = "测试县人民政府"
government_en = "Test County"
short_name = "测试"
level = "county"
effective_from = 2024-01-01
superior = "测试市人民政府"
article_style = "bare"

[source]
title = "测试"
date = 2024-01-01
articles = 60

[roles]
head = "县长"
deputy = "副县长"
deputy_in_charge = "分管副县长"
office = "县政府办公室"
office_director = "县政府办公室主任"
convener = "会议召集人"
delegator = "委托人"
"#;

const SYSTEM: &str = r#"
[meetings.system]
matrix = "R2.01"
types = ["plenary", "executive", "special_topic"]
cite = { article = "四十", quote = "实行全体会议、常务会议和专题会议制度" }
"#;

fn load(body: &str) -> Result<(), String> {
    let src = format!("{HEAD}\n[meetings]\n{SYSTEM}\n{body}");
    match load_profile("test.toml", &src) {
        Ok((p, _)) => {
            let mut errs = Vec::new();
            p.meetings.validate_roles(&p.roles, &mut errs);
            p.decisions.validate_meetings(&p.meetings, &mut errs);
            if errs.is_empty() {
                Ok(())
            } else {
                Err(format!("{errs:?}"))
            }
        }
        Err(e) => Err(e.to_string()),
    }
}

#[test]
fn a_well_formed_section_loads() {
    let body = r#"
[meetings.executive]
name = "县政府常务会议"
[meetings.executive.members]
matrix = "R2.06"
who = [{ title = "县长", role = "head" }, { title = "副县长", role = "deputy" }]
cite = { article = "四十一", quote = "常务会议由县长、副县长组成" }
[meetings.executive.quorum]
matrix = "R2.08"
fraction = [1, 2]
compare = "more_than"
cite = { article = "四十一", quote = "出席人数须超过应到人数的二分之一" }

[[meetings.minutes]]
matrix = "R2.35"
when = { meeting = ["executive"] }
steps = [{ step = "review", role = "office_director" }, { step = "sign", role = "head" }]
cite = { article = "四十二", quote = "纪要由县长签发" }
"#;
    assert_eq!(load(body), Ok(()));
}

#[test]
fn a_meeting_type_not_in_the_system_is_rejected() {
    // head_office is referenced by an absence row but the system lists no such meeting.
    let body = r#"
[[meetings.absence]]
matrix = "R2.31"
when = { absentee = ["leader"], meeting = ["head_office"] }
ask = ["head"]
chain = [{ step = "approve", role = "head" }]
cite = { article = "四十三", quote = "须向县长请假" }
"#;
    let e = load(body).unwrap_err();
    assert!(
        e.contains("meetings.absence[0].when.meeting") && e.contains("head_office"),
        "{e}"
    );

    let body = r#"
[meetings.head_office]
name = "县长办公会议"
"#;
    let e = load(body).unwrap_err();
    assert!(e.contains("meetings.head_office"), "{e}");
}

#[test]
fn a_decision_table_row_naming_a_role_without_title_is_rejected() {
    // The profile has no 秘书长 (no `secretary_general` title).
    let body = r#"
[[meetings.minutes]]
matrix = "R2.35"
when = { meeting = ["executive"] }
steps = [{ step = "review", role = "secretary_general" }, { step = "sign", role = "head" }]
cite = { article = "四十二", quote = "纪要由县长签发" }
"#;
    let e = load(body).unwrap_err();
    assert!(
        e.contains("meetings.minutes[0].steps[0].role") && e.contains("secretary_general"),
        "{e}"
    );
}

#[test]
fn a_minutes_row_needs_exactly_one_signer() {
    let body = r#"
[[meetings.minutes]]
matrix = "R2.35"
when = { meeting = ["executive"] }
steps = [{ step = "sign", role = "deputy" }, { step = "sign", role = "head" }]
cite = { article = "四十二", quote = "纪要由县长签发" }
"#;
    let e = load(body).unwrap_err();
    assert!(e.contains("meetings.minutes[0].steps"), "{e}");
}

#[test]
fn a_quorum_needs_members_and_a_sane_fraction() {
    let body = r#"
[meetings.executive]
name = "县政府常务会议"
[meetings.executive.quorum]
matrix = "R2.08"
fraction = [3, 2]
compare = "more_than"
cite = { article = "四十一", quote = "出席人数须超过应到人数的二分之一" }
"#;
    let e = load(body).unwrap_err();
    assert!(e.contains("meetings.executive.quorum.fraction"), "{e}");
    assert!(e.contains("quorum without members"), "{e}");
}

#[test]
fn an_agenda_deadline_must_count_backwards_from_the_meeting() {
    let body = r#"
[[meetings.agenda.deadlines]]
matrix = "R2.27"
meetings = ["executive"]
period = { working_days_after = 5 }
what = "议题材料"
cite = { article = "四十四", quote = "会前5个工作日报送" }
"#;
    let e = load(body).unwrap_err();
    assert!(e.contains("meetings.agenda.deadlines[0].period"), "{e}");
}

#[test]
fn decisions_may_only_name_existing_meetings() {
    let src = format!(
        "{HEAD}\n[meetings]\n{SYSTEM}\n[decisions]\n[decisions.collective]\nmatrix = \"R4.03\"\nmeetings = [\"head_office\"]\ntopics = [\"budget\"]\ncite = {{ article = \"二十\", quote = \"由县长办公会议决定\" }}\n"
    );
    // The loader runs the cross-section check itself: the file is refused, naming the field.
    let e = load_profile("test.toml", &src).unwrap_err();
    assert!(
        e.issues
            .iter()
            .any(|i| i.field == "decisions.collective.meetings"),
        "{e}"
    );
}

#[test]
fn a_coordination_clause_is_a_strength_or_a_cited_strength() {
    let rule = |agreement: &str| {
        format!(
            r#"
[meetings.agenda.coordination]
matrix = "R2.22"
meetings = ["executive"]
agreement = {agreement}
cite = {{ article = "四十五", quote = "与相关部门协调一致" }}
"#
        )
    };
    assert_eq!(load(&rule(r#""hard""#)), Ok(()));
    assert_eq!(
        load(&rule(
            r#"{ strength = "soft", cite = { article = "四十五", quote = "原则上协调一致" } }"#
        )),
        Ok(())
    );
    let e = load(&rule(r#""hardd""#)).unwrap_err();
    assert!(
        e.contains("meetings.agenda.coordination.agreement") && e.contains("strength"),
        "{e}"
    );
    // The clause's own citation is checked like every citation (here: an article out of range).
    let e = load(&rule(
        r#"{ strength = "hard", cite = { article = "九十九", quote = "协调一致" } }"#,
    ))
    .unwrap_err();
    assert!(
        e.contains("meetings.agenda.coordination.agreement.cite"),
        "{e}"
    );
}
