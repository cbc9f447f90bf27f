//! The organisation file format: validation with line numbers and column names (no database).

#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;

use std::collections::BTreeSet;
use zhengwu_store::StoreError;
use zhengwu_store::org::{OrgRules, org_to_csv, parse_org_csv, parse_org_xlsx, write_org_xlsx};

fn problems(csv: &str, rules: &OrgRules) -> Vec<(u64, String)> {
    match parse_org_csv(csv.as_bytes(), rules, &BTreeSet::new()) {
        Err(StoreError::Import(p)) => p.into_iter().map(|p| (p.line, p.column)).collect(),
        other => panic!("expected import problems, got {other:?}"),
    }
}

const HEADER: &str = "kind,government,id,name,profile,parent,role,person,department,rank,position,matter,substitute\n";

#[test]
fn sample_parses_and_round_trips_through_csv_text() {
    let org = parse_org_csv(
        common::SAMPLE_ORG_CSV.as_bytes(),
        &OrgRules::default(),
        &BTreeSet::new(),
    )
    .unwrap();
    let text = org_to_csv(&org).unwrap();
    let again = parse_org_csv(text.as_bytes(), &OrgRules::default(), &BTreeSet::new()).unwrap();
    assert_eq!(again, org);
}

#[test]
fn every_problem_is_reported_with_its_line_and_column() {
    let csv = format!(
        "{HEADER}\
government,,g,甲政府,liaocheng,,,,,,,,
department,g,d1,办公室,,,,,,,,,
department,g,d1,重复部门,,,,,,,,,
person,g,p1,,,,,,d9,,,,
position,g,pos1,县长,,,head,p9,,x,,,
portfolio,g,,,,,,,d1,,pos1,某事项,
substitution,g,,,,,,,,,pos1,,pos1
meeting,g,m,会议,,,,,,,,,
department,nowhere,d2,部门,,,,,,,,,
"
    );
    let mut got = problems(&csv, &OrgRules::default());
    got.sort();
    let expect: Vec<(u64, String)> = vec![
        (4, "id".into()),
        (5, "department".into()),
        (5, "name".into()),
        (6, "person".into()),
        (6, "rank".into()),
        (7, "matter".into()),
        (8, "substitute".into()),
        (9, "kind".into()),
        (10, "government".into()),
    ];
    assert_eq!(got, expect);
}

#[test]
fn unknown_profiles_and_roles_are_named() {
    let rules = OrgRules {
        profiles: Some(["liaocheng".to_string()].into()),
        roles: Some(["head".to_string()].into()),
    };
    let csv =
        format!("{HEADER}government,,g,甲,taiyuan,,,,,,,,\nposition,g,x,市长,,,mayor,,,,,,\n");
    let err = parse_org_csv(csv.as_bytes(), &rules, &BTreeSet::new())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("第 2 行，profile 列：未知的规则配置 taiyuan"),
        "{err}"
    );
    assert!(err.contains("第 3 行，role 列：未知的角色 mayor"), "{err}");
    assert!(
        err.contains("line 3, column role: unknown role mayor"),
        "{err}"
    );
}

#[test]
fn header_problems_are_on_line_one() {
    let got = problems("kind,government,id,nam\n", &OrgRules::default());
    assert!(got.contains(&(1, "nam".into())));
    assert!(got.contains(&(1, "name".into())));
    assert!(got.contains(&(1, "substitute".into())));
}

#[test]
fn columns_of_another_kind_must_be_empty() {
    let csv = format!("{HEADER}government,,g,甲,liaocheng,,head,,,,,,\n");
    assert_eq!(
        problems(&csv, &OrgRules::default()),
        vec![(2, "role".into())]
    );
}

#[test]
fn parent_cycles_and_unknown_parents_are_refused() {
    let csv = format!(
        "{HEADER}government,,a,甲,liaocheng,b,,,,,,,\ngovernment,,b,乙,liaocheng,a,,,,,,,\n"
    );
    assert_eq!(problems(&csv, &OrgRules::default())[0].1, "parent");
    let csv = format!("{HEADER}government,,a,甲,liaocheng,zz,,,,,,,\n");
    assert_eq!(
        problems(&csv, &OrgRules::default()),
        vec![(2, "parent".into())]
    );
    // A parent already stored in the database is fine.
    let stored: BTreeSet<String> = ["zz".to_string()].into();
    assert!(parse_org_csv(csv.as_bytes(), &OrgRules::default(), &stored).is_ok());
}

#[test]
fn ragged_rows_and_non_utf8_are_reported_not_panicked() {
    let csv = format!("{HEADER}government,,g,甲\n");
    assert_eq!(problems(&csv, &OrgRules::default()), vec![(2, "*".into())]);
    let mut bytes = HEADER.as_bytes().to_vec();
    bytes.extend_from_slice(b"government,,g,\xff\xfe,liaocheng,,,,,,,,\n");
    match parse_org_csv(&bytes, &OrgRules::default(), &BTreeSet::new()) {
        Err(StoreError::Import(p)) => assert_eq!(p[0].line, 2),
        other => panic!("{other:?}"),
    }
    // A UTF-8 BOM (Excel's CSV export) is accepted.
    let with_bom = format!("\u{feff}{}", common::SAMPLE_ORG_CSV);
    assert!(parse_org_csv(with_bom.as_bytes(), &OrgRules::default(), &BTreeSet::new()).is_ok());
}

#[test]
fn xlsx_round_trip_and_line_numbers() {
    let dir = common::TempDir::new();
    let org = parse_org_csv(
        common::SAMPLE_ORG_CSV.as_bytes(),
        &OrgRules::default(),
        &BTreeSet::new(),
    )
    .unwrap();
    let path = dir.path("org.xlsx");
    write_org_xlsx(&org, &path).unwrap();
    assert_eq!(
        parse_org_xlsx(&path, &OrgRules::default(), &BTreeSet::new()).unwrap(),
        org
    );

    // Break one cell of the workbook: the error names the spreadsheet row and the column.
    let mut broken = org.clone();
    broken.positions[1].person_id = Some("ghost".into());
    write_org_xlsx(&broken, &path).unwrap();
    let rows_before_positions =
        1 + org.governments.len() + org.departments.len() + org.people.len();
    match parse_org_xlsx(&path, &OrgRules::default(), &BTreeSet::new()) {
        Err(StoreError::Import(p)) => {
            assert_eq!(p.len(), 1, "{p:?}");
            assert_eq!(
                (p[0].line, p[0].column.as_str()),
                (rows_before_positions as u64 + 2, "person")
            );
        }
        other => panic!("{other:?}"),
    }
    // Not a workbook at all.
    std::fs::write(&path, b"not a zip").unwrap();
    assert!(matches!(
        parse_org_xlsx(&path, &OrgRules::default(), &BTreeSet::new()),
        Err(StoreError::Import(_))
    ));
}
