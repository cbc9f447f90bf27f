//! The `[documents]` sections of the five profiles and the fictional fixture: they load, every role
//! they name has a title, every MATRIX rule R3.01–R3.60 is accounted for, and the signing tables give
//! the signers the seeds name.

// Tests may panic on broken fixtures (BRIEFING: tests may use expect).
#![allow(clippy::expect_used)]

use std::path::Path;
use zhengwu_rules::Registry;
use zhengwu_rules::catalog::{Coverage, coverage};
use zhengwu_rules::profile::documents::{Category, Issuer, SigningFacts};
use zhengwu_rules::role::Role;

const FIVE: [&str; 5] = ["liaocheng", "jining", "taian", "changle", "zhangdian"];

fn registry() -> Registry {
    let mut reg = Registry::builtin().expect("built-in profiles load");
    reg.add_file(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fengyuan.toml"))
        .expect("fixture loads");
    reg
}

#[test]
fn every_document_rule_is_accounted_for() {
    let reg = registry();
    for id in FIVE {
        let loaded = &reg.versions(id)[0];
        let cov = coverage(&loaded.raw);
        let missing: Vec<&String> = cov
            .iter()
            .filter(|(rid, _, c)| rid.starts_with("R3.") && *c == Coverage::Missing)
            .map(|(rid, _, _)| rid)
            .collect();
        assert!(
            missing.is_empty(),
            "{id}: R3 rules neither encoded nor not_stated: {missing:?}"
        );
    }
}

#[test]
fn named_roles_have_titles() {
    let reg = registry();
    for id in FIVE.iter().copied().chain(["fengyuan"]) {
        let p = &reg.versions(id)[0].profile;
        let mut errors = Vec::new();
        p.documents.validate_roles(&p.roles, &mut errors);
        assert!(errors.is_empty(), "{id}: {errors:?}");
    }
}

fn signer(
    id: &str,
    issuer: Issuer,
    category: Category,
    portfolios: u32,
    head_away: bool,
) -> Option<Role> {
    let reg = registry();
    let p = &reg.versions(id)[0].profile;
    let f = SigningFacts {
        issuer,
        category,
        portfolios,
        broad_or_disputed: false,
        special_urgent: false,
        head_away,
    };
    p.documents
        .signing
        .iter()
        .find(|r| !r.extend && r.when.matches(&f))
        .and_then(|r| r.sign)
}

#[test]
fn ordinary_government_documents_are_signed_as_the_seeds_say() {
    // 聊城 第五十九条（五） 分管副市长; 济宁 六十一（五） 分管领导; 泰安 第六十五条 / 昌乐 六十（五） /
    // 张店 六十四（一）: the head.
    let g = |id| signer(id, Issuer::Government, Category::General, 1, false);
    assert_eq!(g("liaocheng"), Some(Role::DeputyInCharge));
    assert_eq!(g("jining"), Some(Role::DeputyInCharge));
    assert_eq!(g("taian"), Some(Role::Head));
    assert_eq!(g("changle"), Some(Role::Head));
    assert_eq!(g("zhangdian"), Some(Role::Head));
    // 泰安 第六十五条: the 市长 away → the 常务副市长 by 委托.
    assert_eq!(
        signer("taian", Issuer::Government, Category::General, 1, true),
        Some(Role::ExecutiveDeputy)
    );
    // 昌乐 六十（六）: office routine → 办公室主任; 张店 六十四（二）: the 区长 (主任 never signs).
    assert_eq!(
        signer("changle", Issuer::Office, Category::OfficeRoutine, 1, false),
        Some(Role::OfficeDirector)
    );
    assert_eq!(
        signer(
            "zhangdian",
            Issuer::Office,
            Category::OfficeRoutine,
            1,
            false
        ),
        Some(Role::Head)
    );
}

fn load_err(body: &str) -> String {
    let base = include_str!("fixtures/fengyuan.toml");
    let start = base.find("# ==== begin documents").expect("marker");
    let end = base.find("# ==== end documents ====").expect("marker");
    let src = format!(
        "{}# ==== begin documents\n{body}\n{}",
        &base[..start],
        &base[end..]
    );
    match zhengwu_rules::profile::load_profile("test.toml", &src) {
        Ok(_) => String::new(),
        Err(e) => e.to_string(),
    }
}

#[test]
fn shadowed_signing_rows_are_rejected() {
    let body = r#"[documents]
[[documents.signing]]
matrix = "R3.36"
when = { issuer = "government" }
sign = "head"
cite = { article = "四十五", quote = "x" }
[[documents.signing]]
matrix = "R3.36"
when = { issuer = "government", category = ["general"] }
sign = "deputy_in_charge"
cite = { article = "四十五", quote = "y" }
"#;
    let e = load_err(body);
    assert!(
        e.contains("documents.signing[1]") && e.contains("FIRST"),
        "{e}"
    );
}

#[test]
fn rows_without_signer_or_with_impossible_portfolios_are_rejected() {
    let body = r#"[documents]
[[documents.signing]]
matrix = "R3.36"
when = { issuer = "government", min_portfolios = 3, max_portfolios = 2 }
cite = { article = "四十五", quote = "x" }
"#;
    let e = load_err(body);
    assert!(e.contains("documents.signing[0].sign"), "{e}");
    assert!(e.contains("min > max"), "{e}");
}

#[test]
fn a_reply_window_must_point_forward() {
    let body = r#"[documents]
[[documents.reply_windows]]
matrix = "R3.23"
what = "office_reply"
period = { working_days_before = 3 }
cite = { article = "四十二", quote = "x" }
"#;
    let e = load_err(body);
    assert!(e.contains("documents.reply_windows[0]"), "{e}");
}
