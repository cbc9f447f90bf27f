//! Bad input never panics: malformed JSON, unknown kinds and fields, wrong types and impossible dates
//! all come back as `CheckError::Input` naming the field path. The properties start from the valid
//! cases of the public suite (every kind), break one field, and check that the error names that
//! field's path. (A cargo-fuzz target over the same entry point lives in `fuzz/`.)
#![allow(clippy::expect_used, clippy::unwrap_used)] // a failed expectation in a test is the test failing

use proptest::prelude::*;
use serde_json::Value;
use std::path::Path;
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

/// The valid cases of the public suite (the built-in governments' own files): each evaluates.
fn bases() -> &'static [Value] {
    static B: std::sync::OnceLock<Vec<Value>> = std::sync::OnceLock::new();
    B.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../cases");
        let mut files = Vec::new();
        for id in reg().ids() {
            for f in std::fs::read_dir(root.join(id)).expect("cases/<id>/ readable") {
                files.push(f.expect("case file").path());
            }
        }
        files.sort();
        let mut out = Vec::new();
        for f in files {
            for line in std::fs::read_to_string(&f).expect("readable").lines() {
                let Ok(entry) = serde_json::from_str::<Value>(line) else {
                    continue;
                };
                let case = entry["case"].clone();
                if check_json(reg(), cal(), &case.to_string(), None).is_ok() {
                    out.push(case);
                }
            }
        }
        out
    })
}

#[derive(Debug, Clone)]
enum Seg {
    Key(String),
    Idx(usize),
}

/// A field path as the errors write it (`meeting.date`, `topics[0]`).
fn show(path: &[Seg]) -> String {
    let mut s = String::new();
    for seg in path {
        match seg {
            Seg::Key(k) => {
                if !s.is_empty() {
                    s.push('.');
                }
                s.push_str(k);
            }
            Seg::Idx(i) => s.push_str(&format!("[{i}]")),
        }
    }
    s
}

/// Every field path of a value (objects' keys and arrays' elements, at any depth).
fn paths(v: &Value, here: &mut Vec<Seg>, out: &mut Vec<Vec<Seg>>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                here.push(Seg::Key(k.clone()));
                out.push(here.clone());
                paths(x, here, out);
                here.pop();
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                here.push(Seg::Idx(i));
                out.push(here.clone());
                paths(x, here, out);
                here.pop();
            }
        }
        _ => {}
    }
}

fn all_paths(v: &Value) -> Vec<Vec<Seg>> {
    let mut out = Vec::new();
    paths(v, &mut Vec::new(), &mut out);
    out
}

fn at<'a>(v: &'a mut Value, path: &[Seg]) -> &'a mut Value {
    path.iter().fold(v, |v, seg| match seg {
        Seg::Key(k) => &mut v[k.as_str()],
        Seg::Idx(i) => &mut v[*i],
    })
}

fn is_date(v: &Value) -> bool {
    v.as_str().is_some_and(|s| {
        s.len() == 10
            && s.bytes().enumerate().all(|(i, c)| {
                if i == 4 || i == 7 {
                    c == b'-'
                } else {
                    c.is_ascii_digit()
                }
            })
    })
}

fn days_in_month(y: u32, m: u32) -> u32 {
    match m {
        2 if (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Whether an error path names the field at `field` (itself or something inside it).
fn names(path: &str, field: &str) -> bool {
    path == field
        || path.starts_with(&format!("{field}."))
        || path.starts_with(&format!("{field}["))
}

/// The valid cases that have date fields, with the paths of those fields.
fn dated() -> &'static [(Value, Vec<Vec<Seg>>)] {
    static D: std::sync::OnceLock<Vec<(Value, Vec<Vec<Seg>>)>> = std::sync::OnceLock::new();
    D.get_or_init(|| {
        bases()
            .iter()
            .filter_map(|c| {
                let mut probe = c.clone();
                let fields: Vec<Vec<Seg>> = all_paths(c)
                    .into_iter()
                    .filter(|p| is_date(at(&mut probe, p)))
                    .collect();
                (!fields.is_empty()).then(|| (c.clone(), fields))
            })
            .collect()
    })
}

/// The wrong values a field is given: (JSON text, whether no field can accept it).
const WRONG: &[(&str, bool)] = &[
    (r#"{"zz_wrong":1}"#, true),
    (r#"[{"zz_wrong":1}]"#, true),
    (r#""zz-not-a-value""#, false),
    ("-1", false),
    ("1.5", false),
    ("1e400", false),
    ("true", false),
    ("null", false),
];

/// The case with the value at `field` replaced by the JSON text `val` (written into the text:
/// 1e400 is no number serde_json can hold).
fn with_value(case: &Value, field: &[Seg], val: &str) -> String {
    let mut case = case.clone();
    *at(&mut case, field) = Value::String("\u{1}MARK\u{1}".into());
    case.to_string().replace("\"\\u0001MARK\\u0001\"", val)
}

/// What a wrong value at `field` gave, when it is not what the contract says.
fn wrong_value_problem(case: &Value, field: &[Seg], val: &str, must_fail: bool) -> Option<String> {
    let json = with_value(case, field, val);
    let f = show(field);
    match check_json(reg(), cal(), &json, None) {
        Ok(_) if must_fail => Some(format!("{json}: {val} at {f} was accepted")),
        Ok(_) => None,
        // A value that parses may break a rule between two fields (`present_roles: null` without
        // `members_present`): the error is then at the other field and names this one in its message.
        Err(CheckError::Input { path, message }) => (!(names(&path, &f) || message.contains(&f)))
            .then(|| format!("{json}: {val} at {f}, but the error names {path:?}: {message}")),
        Err(e) => Some(format!("{json}: expected an input error, got {e:?}")),
    }
}

/// Every field of every valid case of the suite, with every wrong value (the property below samples
/// the same space; this walks all of it).
#[test]
fn every_wrong_value_of_every_suite_case_is_named() {
    let mut tried = 0;
    let mut problems = Vec::new();
    for case in bases() {
        for field in all_paths(case) {
            for (val, must_fail) in WRONG {
                tried += 1;
                problems.extend(wrong_value_problem(case, &field, val, *must_fail));
            }
        }
    }
    eprintln!("{tried} wrong values tried over {} cases", bases().len());
    assert!(tried > 1000, "only {tried} wrong values tried");
    assert!(
        problems.is_empty(),
        "{} of {tried}:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn the_bases_cover_every_kind() {
    for kind in KINDS {
        assert!(
            bases().iter().any(|c| c["kind"] == *kind),
            "no valid case of kind {kind} in the public suite"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// Text that is not a JSON object is an input error (never a panic, never another error).
    #[test]
    fn arbitrary_text_is_an_input_error(s in ".{0,200}") {
        let r = check_json(reg(), cal(), &s, None);
        if serde_json::from_str::<serde_json::Map<String, Value>>(&s).is_err() {
            prop_assert!(matches!(r, Err(CheckError::Input { .. })), "{s:?}: {r:?}");
        }
    }

    /// An arbitrary field on a bare case: the error names that field, the profile, or the required
    /// field that is missing.
    #[test]
    fn arbitrary_fields_are_named(
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
        match check_json(reg(), cal(), &json, None) {
            Ok(_) => {}
            Err(CheckError::Input { path, message }) => {
                let named = if path.is_empty() {
                    // The whole document: a required field is missing, or `kind`/`profile` repeated.
                    message.contains("missing field `") || message.contains("duplicate field `")
                } else {
                    names(&path, &key) || path == "profile"
                };
                prop_assert!(named, "{json}: error at {path:?} does not name a field: {message}");
                prop_assert!(path != "profile" || profile == "x" || key == "profile", "{json}: {message}");
            }
            Err(e) => prop_assert!(false, "{json}: expected an input error, got {e:?}"),
        }
    }

    /// An unknown field, at the top of a valid case or inside one of its objects, is named with
    /// its full path.
    #[test]
    fn an_unknown_field_is_named_with_its_path(
        i in any::<prop::sample::Index>(),
        j in any::<prop::sample::Index>(),
        suffix in "[a-z_]{0,12}",
    ) {
        let mut case = i.get(bases()).clone();
        let mut objects: Vec<Vec<Seg>> = vec![Vec::new()];
        objects.extend(all_paths(&case).into_iter().filter(|p| {
            let mut c = case.clone();
            at(&mut c, p).is_object()
        }));
        let loc = j.get(&objects).clone();
        let key = format!("zz_{suffix}");
        at(&mut case, &loc)[key.as_str()] = Value::from(1);
        let mut want = loc.clone();
        want.push(Seg::Key(key.clone()));
        let json = case.to_string();
        match check_json(reg(), cal(), &json, None) {
            Err(CheckError::Input { path, message }) => {
                prop_assert_eq!(&path, &show(&want), "{}: {}", json, message);
                prop_assert!(message.contains(&key), "{json}: {message}");
            }
            other => prop_assert!(false, "{json}: expected an input error, got {other:?}"),
        }
    }

    /// A field of a valid case given a value of the wrong shape: the error names that field (or
    /// something inside it). An object or an array of objects fits no field, so those must fail;
    /// a string or a number may happen to be valid there.
    #[test]
    fn a_wrong_value_is_named_with_its_path(
        i in any::<prop::sample::Index>(),
        j in any::<prop::sample::Index>(),
        k in any::<prop::sample::Index>(),
    ) {
        let case = i.get(bases());
        let fields = all_paths(case);
        let field = j.get(&fields);
        let (val, must_fail) = k.get(WRONG);
        let problem = wrong_value_problem(case, field, val, *must_fail);
        prop_assert!(problem.is_none(), "{}", problem.unwrap_or_default());
    }

    /// An impossible date in any date field of a valid case is named with its path and quoted.
    #[test]
    fn an_impossible_date_is_named_with_its_path(
        i in any::<prop::sample::Index>(),
        j in any::<prop::sample::Index>(),
        y in 2000u32..2100,
        m in 0u32..100,
        d in 0u32..100,
    ) {
        prop_assume!(m == 0 || m > 12 || d == 0 || d > days_in_month(y, m));
        let (case, fields) = i.get(dated());
        let mut case = case.clone();
        let field = j.get(fields).clone();
        let bad = format!("{y:04}-{m:02}-{d:02}");
        *at(&mut case, &field) = Value::String(bad.clone());
        let json = case.to_string();
        match check_json(reg(), cal(), &json, None) {
            Err(CheckError::Input { path, message }) => {
                prop_assert_eq!(&path, &show(&field), "{}: {}", json, message);
                prop_assert!(message.contains(&bad), "{json}: {message}");
            }
            other => prop_assert!(false, "{json}: expected an input error, got {other:?}"),
        }
    }
}
