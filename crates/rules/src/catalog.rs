//! A generic view of a profile's rules, read from its raw table: every table with a `cite` is a rule.
//! Used by `profile show`, `profile diff`, `profile coverage` and the seed-quote test, so these work
//! for any section schema and any government without code changes.

use crate::citation::Cite;
use crate::profile::load::matrix_ids;
use std::collections::BTreeMap;
use toml::{Table, Value};

/// One rule of a profile.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleEntry {
    /// Where the rule sits (`meetings.types[1].agenda.deadline`).
    pub path: String,
    pub matrix: Option<String>,
    pub strength: Option<String>,
    pub cites: Vec<Cite>,
    /// The rule's own values (everything but cite/matrix/strength), rendered compactly.
    pub value: String,
}

/// A MATRIX rule a profile records as not stated.
#[derive(Debug, Clone, PartialEq)]
pub struct NotStatedEntry {
    pub path: String,
    pub matrix: String,
    pub note: String,
}

fn cites_of(v: &Value) -> Vec<Cite> {
    let one = |t: &Table| {
        Some(Cite::new(
            t.get("article")?.as_str()?,
            t.get("quote")?.as_str()?,
        ))
    };
    match v {
        Value::Table(t) => one(t).into_iter().collect(),
        Value::Array(a) => a
            .iter()
            .filter_map(|x| x.as_table().and_then(one))
            .collect(),
        _ => Vec::new(),
    }
}

/// Renders a value compactly for tables, without nested rules' citations.
pub fn render(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Integer(i) => i.to_string(),
        Value::Float(f) => f.to_string(),
        Value::Boolean(b) => b.to_string(),
        Value::Datetime(d) => d.to_string(),
        Value::Array(a) => format!("[{}]", a.iter().map(render).collect::<Vec<_>>().join(", ")),
        Value::Table(t) => {
            let inner: Vec<String> = t
                .iter()
                .filter(|(k, _)| !matches!(k.as_str(), "cite" | "matrix" | "strength"))
                .map(|(k, v)| format!("{k}={}", render(v)))
                .collect();
            format!("{{{}}}", inner.join(", "))
        }
    }
}

fn walk(t: &Table, path: &str, rules: &mut Vec<RuleEntry>, not_stated: &mut Vec<NotStatedEntry>) {
    if let Some(c) = t.get("cite") {
        let value: Vec<String> = t
            .iter()
            .filter(|(k, _)| !matches!(k.as_str(), "cite" | "matrix" | "strength"))
            .map(|(k, v)| format!("{k}={}", render(v)))
            .collect();
        rules.push(RuleEntry {
            path: path.to_string(),
            matrix: t.get("matrix").and_then(Value::as_str).map(String::from),
            strength: t.get("strength").and_then(Value::as_str).map(String::from),
            cites: cites_of(c),
            value: value.join(", "),
        });
    }
    for (k, v) in t {
        if k == "cite" {
            continue;
        }
        let here = if path.is_empty() {
            k.clone()
        } else {
            format!("{path}.{k}")
        };
        match v {
            Value::Table(sub) => walk(sub, &here, rules, not_stated),
            Value::Array(a) => {
                for (i, item) in a.iter().enumerate() {
                    if let Value::Table(sub) = item {
                        if k == "not_stated" {
                            if let Some(m) = sub.get("matrix").and_then(Value::as_str) {
                                not_stated.push(NotStatedEntry {
                                    path: format!("{here}[{i}]"),
                                    matrix: m.to_string(),
                                    note: sub
                                        .get("note")
                                        .and_then(Value::as_str)
                                        .unwrap_or("")
                                        .to_string(),
                                });
                            }
                        } else {
                            walk(sub, &format!("{here}[{i}]"), rules, not_stated);
                        }
                    }
                }
            }
            _ => {}
        }
    }
}

/// Every rule and every not-stated record of a profile, in file order.
pub fn rules(raw: &Table) -> (Vec<RuleEntry>, Vec<NotStatedEntry>) {
    let mut r = Vec::new();
    let mut n = Vec::new();
    walk(raw, "", &mut r, &mut n);
    (r, n)
}

/// How a profile accounts for one MATRIX rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Coverage {
    /// Encoded by this many rule tables.
    Encoded(usize),
    NotStated(String),
    /// Neither encoded nor recorded as not stated: a gap.
    Missing,
}

/// Coverage of every MATRIX rule id by one profile.
pub fn coverage(raw: &Table) -> Vec<(String, String, Coverage)> {
    let (rules, not_stated) = rules(raw);
    let mut encoded: BTreeMap<&str, usize> = BTreeMap::new();
    for r in &rules {
        if let Some(m) = &r.matrix {
            *encoded.entry(m.as_str()).or_default() += 1;
        }
    }
    matrix_ids()
        .iter()
        .map(|(id, title)| {
            let c = match encoded.get(id.as_str()) {
                Some(n) => Coverage::Encoded(*n),
                None => match not_stated.iter().find(|n| &n.matrix == id) {
                    Some(n) => Coverage::NotStated(n.note.clone()),
                    None => Coverage::Missing,
                },
            };
            (id.clone(), title.clone(), c)
        })
        .collect()
}

/// One row of a diff between two profiles: a MATRIX rule (or an untagged rule path) and what each side says.
#[derive(Debug, Clone, PartialEq)]
pub struct DiffRow {
    pub key: String,
    pub title: String,
    pub left: Vec<RuleEntry>,
    pub right: Vec<RuleEntry>,
    pub left_not_stated: bool,
    pub right_not_stated: bool,
}

/// Every rule that differs between two profiles, grouped by MATRIX id. Rules are compared by their
/// path, value and strength; citations naturally differ between governments and do not count.
pub fn diff(left: &Table, right: &Table) -> Vec<DiffRow> {
    let (lr, ln) = rules(left);
    let (rr, rn) = rules(right);
    let key = |r: &RuleEntry| r.matrix.clone().unwrap_or_else(|| r.path.clone());
    let mut keys: Vec<String> = Vec::new();
    for r in lr.iter().chain(rr.iter()) {
        let k = key(r);
        if !keys.contains(&k) {
            keys.push(k);
        }
    }
    for n in ln.iter().chain(rn.iter()) {
        if !keys.contains(&n.matrix) {
            keys.push(n.matrix.clone());
        }
    }
    let titles: BTreeMap<&str, &str> = matrix_ids()
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let shape = |v: &[RuleEntry]| -> Vec<(String, String, Option<String>)> {
        v.iter()
            .map(|r| (r.path.clone(), r.value.clone(), r.strength.clone()))
            .collect()
    };
    let mut rows: Vec<DiffRow> = keys
        .into_iter()
        .filter_map(|k| {
            let l: Vec<RuleEntry> = lr.iter().filter(|r| key(r) == k).cloned().collect();
            let r: Vec<RuleEntry> = rr.iter().filter(|r| key(r) == k).cloned().collect();
            let lns = ln.iter().any(|n| n.matrix == k);
            let rns = rn.iter().any(|n| n.matrix == k);
            if shape(&l) == shape(&r) && lns == rns {
                return None;
            }
            Some(DiffRow {
                title: titles
                    .get(k.as_str())
                    .map(|s| s.to_string())
                    .unwrap_or_default(),
                key: k,
                left: l,
                right: r,
                left_not_stated: lns,
                right_not_stated: rns,
            })
        })
        .collect();
    rows.sort_by(|a, b| a.key.cmp(&b.key));
    rows
}
