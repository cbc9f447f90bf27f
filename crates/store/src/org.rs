//! The organisation model: governments (each bound to a rule profile), their departments, people,
//! leadership positions (with CASES.md role ids), portfolios (分管: which position covers which
//! departments and matters) and substitution pairs (工作补位), plus subordinate governments
//! (`parent`).
//!
//! # Versioning
//! A government is the aggregate root: its `version` guards its whole organisation. Every change
//! to a government or anything under it bumps that version ([`Store::replace_government_org`]
//! takes the expected version and fails with a conflict on a stale one).
//!
//! # The file format (CSV, and the first sheet of an xlsx workbook)
//! One table, header row first, one entity per row; the `kind` column says which, and a row uses
//! only its kind's columns (the others must be empty):
//!
//! | kind           | required                          | optional            |
//! |----------------|-----------------------------------|---------------------|
//! | `government`   | `id`, `name`, `profile`           | `parent`            |
//! | `department`   | `government`, `id`, `name`        |                     |
//! | `person`       | `government`, `id`, `name`        | `department`        |
//! | `position`     | `government`, `id`, `name`, `role`| `person`, `rank`    |
//! | `portfolio`    | `government`, `position`, and exactly one of `department` / `matter` | |
//! | `substitution` | `government`, `position`, `substitute` |                |
//!
//! Columns: `kind,government,id,name,profile,parent,role,person,department,rank,position,matter,substitute`
//! (any order; all must be present). For a position, `name` is the title (e.g. 常务副市长) and `role`
//! the role id (e.g. `executive_deputy`). Import replaces, in ONE transaction, the whole organisation
//! of every government in the file (governments not in the file are untouched); any problem —
//! reported with its line number and column — means nothing is written.

use crate::canonical::to_canonical;
use crate::db::{EventDraft, Store, WriteTx};
use crate::error::{DbContext, ImportProblem, Result, StoreError};
use crate::records::Audit;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sqlx::Row;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::Path;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Government {
    pub id: String,
    pub name: String,
    /// The rule profile id (e.g. `liaocheng`) whose Work Rules this government runs by.
    pub profile_id: String,
    /// The government this one is subordinate to.
    pub parent_id: Option<String>,
    /// Aggregate version (0 in a file that has not been stored yet).
    #[serde(default)]
    pub version: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Department {
    pub government_id: String,
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub government_id: String,
    pub id: String,
    pub name: String,
    pub department_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Position {
    pub government_id: String,
    pub id: String,
    /// Role id from CASES.md (`head`, `executive_deputy`, `deputy`, `secretary_general`, …).
    pub role: String,
    /// The title as the profile words it (市长, 常务副县长, …).
    pub title: String,
    pub person_id: Option<String>,
    /// Order among the leaders (lower first).
    pub rank: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SubjectKind {
    Department,
    Matter,
}

impl SubjectKind {
    fn as_str(self) -> &'static str {
        match self {
            SubjectKind::Department => "department",
            SubjectKind::Matter => "matter",
        }
    }
}

/// One item of a leader's portfolio (分管): a department, or a matter described in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Portfolio {
    pub government_id: String,
    pub position_id: String,
    pub subject_kind: SubjectKind,
    /// A department id, or the matter's description.
    pub subject: String,
}

/// A substitution pair (工作补位): `substitute_id` stands in when `position_id` is away.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Substitution {
    pub government_id: String,
    pub position_id: String,
    pub substitute_id: String,
}

/// A whole organisation (one or several governments), in a stable order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Org {
    pub governments: Vec<Government>,
    pub departments: Vec<Department>,
    pub people: Vec<Person>,
    pub positions: Vec<Position>,
    pub portfolios: Vec<Portfolio>,
    pub substitutions: Vec<Substitution>,
}

/// What an import may refer to: the known profile ids and role ids (from the rules crate's
/// registry). `None` accepts any non-empty id.
#[derive(Debug, Clone, Default)]
pub struct OrgRules {
    pub profiles: Option<BTreeSet<String>>,
    pub roles: Option<BTreeSet<String>>,
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportSummary {
    pub governments: usize,
    pub departments: usize,
    pub people: usize,
    pub positions: usize,
    pub portfolios: usize,
    pub substitutions: usize,
}

impl Org {
    fn sort(&mut self) {
        self.governments.sort_by(|a, b| a.id.cmp(&b.id));
        self.departments
            .sort_by(|a, b| (&a.government_id, &a.id).cmp(&(&b.government_id, &b.id)));
        self.people
            .sort_by(|a, b| (&a.government_id, &a.id).cmp(&(&b.government_id, &b.id)));
        self.positions.sort_by(|a, b| {
            (&a.government_id, a.rank, &a.id).cmp(&(&b.government_id, b.rank, &b.id))
        });
        self.portfolios.sort_by(|a, b| {
            (&a.government_id, &a.position_id, a.subject_kind, &a.subject).cmp(&(
                &b.government_id,
                &b.position_id,
                b.subject_kind,
                &b.subject,
            ))
        });
        self.substitutions.sort_by(|a, b| {
            (&a.government_id, &a.position_id, &a.substitute_id).cmp(&(
                &b.government_id,
                &b.position_id,
                &b.substitute_id,
            ))
        });
    }

    /// The part of the organisation that belongs to one government (its aggregate).
    pub fn of_government(&self, gov: &str) -> Org {
        Org {
            governments: self
                .governments
                .iter()
                .filter(|g| g.id == gov)
                .cloned()
                .collect(),
            departments: self
                .departments
                .iter()
                .filter(|x| x.government_id == gov)
                .cloned()
                .collect(),
            people: self
                .people
                .iter()
                .filter(|x| x.government_id == gov)
                .cloned()
                .collect(),
            positions: self
                .positions
                .iter()
                .filter(|x| x.government_id == gov)
                .cloned()
                .collect(),
            portfolios: self
                .portfolios
                .iter()
                .filter(|x| x.government_id == gov)
                .cloned()
                .collect(),
            substitutions: self
                .substitutions
                .iter()
                .filter(|x| x.government_id == gov)
                .cloned()
                .collect(),
        }
    }

    /// The same organisation without versions (to compare content).
    pub fn without_versions(&self) -> Org {
        let mut o = self.clone();
        for g in &mut o.governments {
            g.version = 0;
        }
        o
    }
}

// ---------------------------------------------------------------------------------------------
// File format

/// The columns of the file, in the order export writes them.
pub const COLUMNS: [&str; 13] = [
    "kind",
    "government",
    "id",
    "name",
    "profile",
    "parent",
    "role",
    "person",
    "department",
    "rank",
    "position",
    "matter",
    "substitute",
];

/// One data row of a file with its line number.
#[derive(Debug, Clone)]
struct FileRow {
    line: u64,
    cells: HashMap<&'static str, String>,
}

impl FileRow {
    fn get(&self, col: &str) -> &str {
        self.cells.get(col).map_or("", |s| s.as_str())
    }
    fn opt(&self, col: &str) -> Option<String> {
        let v = self.get(col);
        (!v.is_empty()).then(|| v.to_string())
    }
}

fn problem(line: u64, column: &str, zh: impl Into<String>, en: impl Into<String>) -> ImportProblem {
    ImportProblem {
        line,
        column: column.into(),
        message_zh: zh.into(),
        message_en: en.into(),
    }
}

/// Map header cells to the known columns; report unknown, duplicate and missing ones on line 1.
fn header_map(
    header: &[String],
) -> std::result::Result<Vec<Option<&'static str>>, Vec<ImportProblem>> {
    let mut problems = Vec::new();
    let mut seen = HashSet::new();
    let mut map = Vec::new();
    for (i, h) in header.iter().enumerate() {
        let h = h.trim().trim_start_matches('\u{feff}').to_lowercase();
        match COLUMNS.iter().find(|c| **c == h) {
            Some(c) => {
                if !seen.insert(*c) {
                    problems.push(problem(1, c, "列名重复", "duplicate column"));
                }
                map.push(Some(*c));
            }
            None => {
                let shown = if h.is_empty() {
                    format!("#{}", i + 1)
                } else {
                    h.clone()
                };
                problems.push(problem(
                    1,
                    &shown,
                    format!("未知的列名，应为：{}", COLUMNS.join(",")),
                    format!("unknown column; expected: {}", COLUMNS.join(",")),
                ));
                map.push(None);
            }
        }
    }
    for c in COLUMNS {
        if !seen.contains(c) {
            problems.push(problem(1, c, "缺少此列", "column missing"));
        }
    }
    if problems.is_empty() {
        Ok(map)
    } else {
        Err(problems)
    }
}

fn to_rows(
    header: &[String],
    data: Vec<(u64, Vec<String>)>,
) -> std::result::Result<Vec<FileRow>, Vec<ImportProblem>> {
    let map = header_map(header)?;
    let mut rows = Vec::new();
    for (line, cells) in data {
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let mut row = FileRow {
            line,
            cells: HashMap::new(),
        };
        for (i, v) in cells.into_iter().enumerate() {
            if let Some(Some(col)) = map.get(i) {
                row.cells.insert(col, v.trim().to_string());
            }
        }
        rows.push(row);
    }
    Ok(rows)
}

fn read_csv_rows(bytes: &[u8]) -> std::result::Result<Vec<FileRow>, Vec<ImportProblem>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut header: Option<Vec<String>> = None;
    let mut data = Vec::new();
    let mut problems = Vec::new();
    for rec in rdr.records() {
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                let msg = match e.kind() {
                    csv::ErrorKind::Utf8 { .. } => {
                        ("不是 UTF-8 编码".to_string(), "not UTF-8 text".to_string())
                    }
                    _ => (format!("无法解析：{e}"), format!("cannot parse: {e}")),
                };
                problems.push(problem(line, "*", msg.0, msg.1));
                continue;
            }
        };
        let line = rec.position().map_or(0, |p| p.line());
        let cells: Vec<String> = rec.iter().map(str::to_string).collect();
        match &header {
            None => header = Some(cells),
            Some(h) => {
                if cells.len() != h.len() && !cells.iter().all(|c| c.trim().is_empty()) {
                    problems.push(problem(
                        line,
                        "*",
                        format!("有 {} 个字段，表头有 {} 个", cells.len(), h.len()),
                        format!("has {} fields but the header has {}", cells.len(), h.len()),
                    ));
                    continue;
                }
                data.push((line, cells));
            }
        }
    }
    let Some(header) = header else {
        return Err(vec![problem(1, "*", "文件为空", "the file is empty")]);
    };
    match to_rows(&header, data) {
        Ok(rows) if problems.is_empty() => Ok(rows),
        Ok(_) => Err(problems),
        Err(mut p) => {
            p.extend(problems);
            Err(p)
        }
    }
}

fn cell_text(c: &calamine::Data) -> String {
    use calamine::Data;
    match c {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        // Whole numbers (ranks typed into Excel) come back as floats.
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        other => other.to_string(),
    }
}

fn read_xlsx_rows(path: &Path) -> std::result::Result<Vec<FileRow>, Vec<ImportProblem>> {
    use calamine::Reader;
    let fail = |zh: String, en: String| vec![problem(0, "*", zh, en)];
    let mut wb = calamine::open_workbook_auto(path).map_err(|e| {
        fail(
            format!("无法打开工作簿 {}：{e}", path.display()),
            format!("cannot open workbook {}: {e}", path.display()),
        )
    })?;
    let names = wb.sheet_names();
    let name = names
        .iter()
        .find(|n| n.as_str() == "org")
        .or_else(|| names.first())
        .cloned();
    let Some(name) = name else {
        return Err(fail(
            "工作簿没有工作表".into(),
            "the workbook has no sheet".into(),
        ));
    };
    let range = wb.worksheet_range(&name).map_err(|e| {
        fail(
            format!("无法读取工作表 {name}：{e}"),
            format!("cannot read sheet {name}: {e}"),
        )
    })?;
    // Line numbers are spreadsheet row numbers, counting from the sheet's first row.
    let first_row = range.start().map_or(0, |(r, _)| r as u64);
    let mut header = None;
    let mut data = Vec::new();
    for (i, row) in range.rows().enumerate() {
        let cells: Vec<String> = row.iter().map(cell_text).collect();
        let line = first_row + i as u64 + 1;
        if header.is_none() {
            header = Some(cells);
        } else {
            data.push((line, cells));
        }
    }
    let Some(header) = header else {
        return Err(vec![problem(1, "*", "工作表为空", "the sheet is empty")]);
    };
    to_rows(&header, data)
}

const KIND_COLUMNS: [(&str, &[&str]); 6] = [
    ("government", &["id", "name", "profile", "parent"]),
    ("department", &["government", "id", "name"]),
    ("person", &["government", "id", "name", "department"]),
    (
        "position",
        &["government", "id", "name", "role", "person", "rank"],
    ),
    (
        "portfolio",
        &["government", "position", "department", "matter"],
    ),
    ("substitution", &["government", "position", "substitute"]),
];

/// Check the rows and build the organisation. Every problem is collected (not just the first).
fn build_org(
    rows: Vec<FileRow>,
    rules: &OrgRules,
    stored_governments: &BTreeSet<String>,
) -> std::result::Result<Org, Vec<ImportProblem>> {
    let mut p = Vec::new();
    let mut org = Org::default();
    let required = |row: &FileRow, col: &str, p: &mut Vec<ImportProblem>| -> Option<String> {
        let v = row.get(col);
        if v.is_empty() {
            p.push(problem(row.line, col, "不能为空", "must not be empty"));
            None
        } else if v.chars().any(char::is_control) || v.len() > 500 {
            p.push(problem(
                row.line,
                col,
                "含控制字符或过长",
                "contains control characters or is too long",
            ));
            None
        } else {
            Some(v.to_string())
        }
    };
    // Pass 1: shape of each row, and the ids it defines.
    let mut gov_lines: HashMap<String, u64> = HashMap::new();
    let mut ids: HashMap<(&'static str, String, String), u64> = HashMap::new();
    let mut checked: Vec<(&FileRow, &'static str)> = Vec::new();
    for row in &rows {
        let kind = row.get("kind");
        let Some((kind, allowed)) = KIND_COLUMNS.iter().find(|(k, _)| *k == kind).copied() else {
            p.push(problem(
                row.line,
                "kind",
                format!("未知类型 {kind:?}，应为 government/department/person/position/portfolio/substitution"),
                format!("unknown kind {kind:?}; expected government/department/person/position/portfolio/substitution"),
            ));
            continue;
        };
        for col in COLUMNS.iter().skip(1) {
            let is_gov_self = kind == "government" && *col == "government";
            if !allowed.contains(col) && !row.get(col).is_empty() && !is_gov_self {
                p.push(problem(
                    row.line,
                    col,
                    format!("{kind} 行不使用此列，应为空"),
                    format!("not used by a {kind} row; must be empty"),
                ));
            }
        }
        if kind == "government" {
            if let Some(id) = required(row, "id", &mut p) {
                let g = row.get("government");
                if !g.is_empty() && g != id {
                    p.push(problem(
                        row.line,
                        "government",
                        "应为空或与 id 相同",
                        "must be empty or equal to id",
                    ));
                }
                if let Some(first) = gov_lines.insert(id.clone(), row.line) {
                    p.push(problem(
                        row.line,
                        "id",
                        format!("政府 {id} 重复（第 {first} 行已定义）"),
                        format!("government {id} defined twice (first on line {first})"),
                    ));
                }
            }
        } else if matches!(kind, "department" | "person" | "position")
            && let (Some(g), Some(id)) = (
                required(row, "government", &mut p),
                required(row, "id", &mut p),
            )
        {
            // Departments, people and positions each have their own id space per government.
            if let Some(first) = ids.insert((kind, g, id.clone()), row.line) {
                p.push(problem(
                    row.line,
                    "id",
                    format!("{id} 重复（第 {first} 行已定义）"),
                    format!("{id} defined twice (first on line {first})"),
                ));
            }
        }
        checked.push((row, kind));
    }
    let has = |kind: &'static str, g: &str, id: &str| {
        ids.contains_key(&(kind, g.to_string(), id.to_string()))
    };
    let mut pairs = HashSet::new();
    // Pass 2: values and references.
    for (row, kind) in checked {
        let line = row.line;
        let gov = if kind == "government" {
            row.opt("id")
        } else {
            required(row, "government", &mut p)
        };
        let Some(gov) = gov else { continue };
        if kind != "government" && !gov_lines.contains_key(&gov) {
            p.push(problem(
                line,
                "government",
                format!("政府 {gov} 未在文件中定义"),
                format!("government {gov} is not defined in the file"),
            ));
        }
        match kind {
            "government" => {
                let name = required(row, "name", &mut p);
                let profile = required(row, "profile", &mut p);
                if let (Some(pr), Some(known)) = (&profile, &rules.profiles)
                    && !known.contains(pr)
                {
                    p.push(problem(
                        line,
                        "profile",
                        format!("未知的规则配置 {pr}，可用：{}", join(known)),
                        format!("unknown profile {pr}; known: {}", join(known)),
                    ));
                }
                let parent = row.opt("parent");
                if let Some(par) = &parent {
                    if *par == gov {
                        p.push(problem(
                            line,
                            "parent",
                            "上级政府不能是自身",
                            "a government cannot be its own parent",
                        ));
                    } else if !gov_lines.contains_key(par) && !stored_governments.contains(par) {
                        p.push(problem(
                            line,
                            "parent",
                            format!("上级政府 {par} 不存在"),
                            format!("parent government {par} does not exist"),
                        ));
                    }
                }
                if let (Some(name), Some(profile_id)) = (name, profile) {
                    org.governments.push(Government {
                        id: gov,
                        name,
                        profile_id,
                        parent_id: parent,
                        version: 0,
                    });
                }
            }
            "department" => {
                if let (Some(id), Some(name)) = (row.opt("id"), required(row, "name", &mut p)) {
                    org.departments.push(Department {
                        government_id: gov,
                        id,
                        name,
                    });
                }
            }
            "person" => {
                let dept = row.opt("department");
                if let Some(d) = &dept
                    && !has("department", &gov, d)
                {
                    p.push(problem(
                        line,
                        "department",
                        format!("部门 {d} 未在政府 {gov} 下定义"),
                        format!("department {d} is not defined under government {gov}"),
                    ));
                }
                if let (Some(id), Some(name)) = (row.opt("id"), required(row, "name", &mut p)) {
                    org.people.push(Person {
                        government_id: gov,
                        id,
                        name,
                        department_id: dept,
                    });
                }
            }
            "position" => {
                let title = required(row, "name", &mut p);
                let role = required(row, "role", &mut p);
                if let (Some(r), Some(known)) = (&role, &rules.roles)
                    && !known.contains(r)
                {
                    p.push(problem(
                        line,
                        "role",
                        format!("未知的角色 {r}，可用：{}", join(known)),
                        format!("unknown role {r}; known: {}", join(known)),
                    ));
                }
                let person = row.opt("person");
                if let Some(pe) = &person
                    && !has("person", &gov, pe)
                {
                    p.push(problem(
                        line,
                        "person",
                        format!("人员 {pe} 未在政府 {gov} 下定义"),
                        format!("person {pe} is not defined under government {gov}"),
                    ));
                }
                let rank = match row.get("rank") {
                    "" => Some(0),
                    r => match r.parse::<i64>() {
                        Ok(n) => Some(n),
                        Err(_) => {
                            p.push(problem(
                                line,
                                "rank",
                                format!("应为整数，实为 {r:?}"),
                                format!("must be an integer, got {r:?}"),
                            ));
                            None
                        }
                    },
                };
                if let (Some(id), Some(title), Some(role), Some(rank)) =
                    (row.opt("id"), title, role, rank)
                {
                    org.positions.push(Position {
                        government_id: gov,
                        id,
                        role,
                        title,
                        person_id: person,
                        rank,
                    });
                }
            }
            "portfolio" => {
                let pos = required(row, "position", &mut p);
                if let Some(pos) = &pos
                    && !has("position", &gov, pos)
                {
                    p.push(problem(
                        line,
                        "position",
                        format!("职位 {pos} 未在政府 {gov} 下定义"),
                        format!("position {pos} is not defined under government {gov}"),
                    ));
                }
                let subject = match (row.opt("department"), row.opt("matter")) {
                    (Some(d), None) => {
                        if !has("department", &gov, &d) {
                            p.push(problem(
                                line,
                                "department",
                                format!("部门 {d} 未在政府 {gov} 下定义"),
                                format!("department {d} is not defined under government {gov}"),
                            ));
                        }
                        Some((SubjectKind::Department, d))
                    }
                    (None, Some(m)) => Some((SubjectKind::Matter, m)),
                    (Some(_), Some(_)) => {
                        p.push(problem(
                            line,
                            "matter",
                            "department 与 matter 只能填一个",
                            "fill either department or matter, not both",
                        ));
                        None
                    }
                    (None, None) => {
                        p.push(problem(
                            line,
                            "department",
                            "department 或 matter 须填一个",
                            "fill department or matter",
                        ));
                        None
                    }
                };
                if let (Some(position_id), Some((subject_kind, subject))) = (pos, subject) {
                    if !pairs.insert((
                        "portfolio",
                        gov.clone(),
                        position_id.clone(),
                        subject_kind.as_str(),
                        subject.clone(),
                    )) {
                        p.push(problem(
                            line,
                            "position",
                            "分管事项重复",
                            "duplicate portfolio item",
                        ));
                    }
                    org.portfolios.push(Portfolio {
                        government_id: gov,
                        position_id,
                        subject_kind,
                        subject,
                    });
                }
            }
            "substitution" => {
                let pos = required(row, "position", &mut p);
                let sub = required(row, "substitute", &mut p);
                for (col, v) in [("position", &pos), ("substitute", &sub)] {
                    if let Some(v) = v
                        && !has("position", &gov, v)
                    {
                        p.push(problem(
                            line,
                            col,
                            format!("职位 {v} 未在政府 {gov} 下定义"),
                            format!("position {v} is not defined under government {gov}"),
                        ));
                    }
                }
                if let (Some(a), Some(b)) = (pos, sub) {
                    if a == b {
                        p.push(problem(
                            line,
                            "substitute",
                            "不能为自身补位",
                            "a position cannot substitute for itself",
                        ));
                    } else {
                        if !pairs.insert(("substitution", gov.clone(), a.clone(), "", b.clone())) {
                            p.push(problem(
                                line,
                                "substitute",
                                "补位关系重复",
                                "duplicate substitution pair",
                            ));
                        }
                        org.substitutions.push(Substitution {
                            government_id: gov,
                            position_id: a,
                            substitute_id: b,
                        });
                    }
                }
            }
            _ => {}
        }
    }
    if org.governments.is_empty() && p.is_empty() {
        p.push(problem(
            1,
            "kind",
            "文件中没有任何政府",
            "the file defines no government",
        ));
    }
    if !p.is_empty() {
        p.sort_by_key(|a| a.line);
        return Err(p);
    }
    // Subordinate-government cycles (A under B under A) within the file.
    let parents: HashMap<&str, &str> = org
        .governments
        .iter()
        .filter_map(|g| g.parent_id.as_deref().map(|par| (g.id.as_str(), par)))
        .collect();
    for g in &org.governments {
        let mut cur = g.id.as_str();
        let mut steps = 0;
        while let Some(par) = parents.get(cur) {
            cur = par;
            steps += 1;
            if cur == g.id || steps > parents.len() {
                let line = gov_lines.get(&g.id).copied().unwrap_or(0);
                return Err(vec![problem(
                    line,
                    "parent",
                    "上下级关系成环",
                    "the parent chain forms a cycle",
                )]);
            }
        }
    }
    org.sort();
    Ok(org)
}

fn join(s: &BTreeSet<String>) -> String {
    s.iter().cloned().collect::<Vec<_>>().join(", ")
}

/// File format, from the extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrgFormat {
    Csv,
    Xlsx,
}

impl OrgFormat {
    pub fn from_path(path: &Path) -> Result<OrgFormat> {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("csv") => Ok(OrgFormat::Csv),
            Some("xlsx") => Ok(OrgFormat::Xlsx),
            _ => Err(StoreError::invalid(
                format!("文件 {} 须以 .csv 或 .xlsx 结尾", path.display()),
                format!("file {} must end in .csv or .xlsx", path.display()),
            )),
        }
    }
}

/// Parse and validate an organisation from CSV bytes.
pub fn parse_org_csv(
    bytes: &[u8],
    rules: &OrgRules,
    stored_governments: &BTreeSet<String>,
) -> Result<Org> {
    let rows = read_csv_rows(bytes).map_err(StoreError::Import)?;
    build_org(rows, rules, stored_governments).map_err(StoreError::Import)
}

/// Parse and validate an organisation from the first sheet (or the sheet named `org`) of a
/// workbook.
pub fn parse_org_xlsx(
    path: &Path,
    rules: &OrgRules,
    stored_governments: &BTreeSet<String>,
) -> Result<Org> {
    let rows = read_xlsx_rows(path).map_err(StoreError::Import)?;
    build_org(rows, rules, stored_governments).map_err(StoreError::Import)
}

fn file_rows(org: &Org) -> Vec<[String; 13]> {
    let mut out = Vec::new();
    let row = |pairs: &[(&str, &str)]| -> [String; 13] {
        let mut r: [String; 13] = Default::default();
        for (k, v) in pairs {
            if let Some(i) = COLUMNS.iter().position(|c| c == k) {
                r[i] = (*v).to_string();
            }
        }
        r
    };
    for g in &org.governments {
        out.push(row(&[
            ("kind", "government"),
            ("id", &g.id),
            ("name", &g.name),
            ("profile", &g.profile_id),
            ("parent", g.parent_id.as_deref().unwrap_or("")),
        ]));
    }
    for d in &org.departments {
        out.push(row(&[
            ("kind", "department"),
            ("government", &d.government_id),
            ("id", &d.id),
            ("name", &d.name),
        ]));
    }
    for x in &org.people {
        out.push(row(&[
            ("kind", "person"),
            ("government", &x.government_id),
            ("id", &x.id),
            ("name", &x.name),
            ("department", x.department_id.as_deref().unwrap_or("")),
        ]));
    }
    for x in &org.positions {
        let rank = x.rank.to_string();
        out.push(row(&[
            ("kind", "position"),
            ("government", &x.government_id),
            ("id", &x.id),
            ("name", &x.title),
            ("role", &x.role),
            ("person", x.person_id.as_deref().unwrap_or("")),
            ("rank", &rank),
        ]));
    }
    for x in &org.portfolios {
        let col = match x.subject_kind {
            SubjectKind::Department => "department",
            SubjectKind::Matter => "matter",
        };
        out.push(row(&[
            ("kind", "portfolio"),
            ("government", &x.government_id),
            ("position", &x.position_id),
            (col, &x.subject),
        ]));
    }
    for x in &org.substitutions {
        out.push(row(&[
            ("kind", "substitution"),
            ("government", &x.government_id),
            ("position", &x.position_id),
            ("substitute", &x.substitute_id),
        ]));
    }
    out
}

/// The organisation as CSV text (UTF-8, header first).
pub fn org_to_csv(org: &Org) -> Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let err = |e: csv::Error| {
        StoreError::invalid(
            format!("无法写出 CSV：{e}"),
            format!("cannot write CSV: {e}"),
        )
    };
    w.write_record(COLUMNS).map_err(err)?;
    for r in file_rows(org) {
        w.write_record(&r).map_err(err)?;
    }
    let bytes = w.into_inner().map_err(|e| {
        StoreError::invalid(
            format!("无法写出 CSV：{e}"),
            format!("cannot write CSV: {e}"),
        )
    })?;
    String::from_utf8(bytes).map_err(|e| StoreError::Corrupt(e.to_string()))
}

/// Write the organisation as an xlsx workbook with one sheet `org`.
pub fn write_org_xlsx(org: &Org, path: &Path) -> Result<()> {
    use rust_xlsxwriter::{Format, Workbook};
    let err = |e: rust_xlsxwriter::XlsxError| {
        StoreError::invalid(
            format!("无法写出 xlsx {}：{e}", path.display()),
            format!("cannot write xlsx {}: {e}", path.display()),
        )
    };
    let mut wb = Workbook::new();
    let sheet = wb.add_worksheet();
    sheet.set_name("org").map_err(err)?;
    let bold = Format::new().set_bold();
    for (c, h) in COLUMNS.iter().enumerate() {
        sheet
            .write_string_with_format(0, c as u16, *h, &bold)
            .map_err(err)?;
    }
    for (r, row) in file_rows(org).iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if !v.is_empty() {
                sheet.write_string(r as u32 + 1, c as u16, v).map_err(err)?;
            }
        }
    }
    wb.save(path).map_err(err)
}

// ---------------------------------------------------------------------------------------------
// Storage

fn gov_json(org: &Org) -> Value {
    serde_json::to_value(org.without_versions()).unwrap_or(Value::Null)
}

macro_rules! get {
    ($row:expr, $col:expr) => {
        $row.try_get($col)
            .ctx("读取组织机构", "reading the organisation")?
    };
}

/// Read the organisation (all governments when `only` is `None`) inside any executor.
async fn read_org(ex: &mut sqlx::AnyConnection, only: Option<&str>) -> Result<Org> {
    let filter = |col: &str| match only {
        Some(_) => format!(" WHERE {col} = $1"),
        None => String::new(),
    };
    let mut org = Org::default();
    let sqls = [
        format!(
            "SELECT id, name, profile_id, parent_id, version FROM governments{}",
            filter("id")
        ),
        format!(
            "SELECT government_id, id, name FROM departments{}",
            filter("government_id")
        ),
        format!(
            "SELECT government_id, id, name, department_id FROM people{}",
            filter("government_id")
        ),
        format!(
            "SELECT government_id, id, role, title, person_id, rank FROM positions{}",
            filter("government_id")
        ),
        format!(
            "SELECT government_id, position_id, subject_kind, subject FROM portfolios{}",
            filter("government_id")
        ),
        format!(
            "SELECT government_id, position_id, substitute_id FROM substitutions{}",
            filter("government_id")
        ),
    ];
    let run = |i: usize| {
        let mut query = sqlx::query(&sqls[i]);
        if let Some(g) = only {
            query = query.bind(g.to_string());
        }
        query
    };
    for r in run(0)
        .fetch_all(&mut *ex)
        .await
        .ctx("读取组织机构", "reading the organisation")?
    {
        org.governments.push(Government {
            id: get!(r, "id"),
            name: get!(r, "name"),
            profile_id: get!(r, "profile_id"),
            parent_id: get!(r, "parent_id"),
            version: get!(r, "version"),
        });
    }
    for r in run(1)
        .fetch_all(&mut *ex)
        .await
        .ctx("读取组织机构", "reading the organisation")?
    {
        org.departments.push(Department {
            government_id: get!(r, "government_id"),
            id: get!(r, "id"),
            name: get!(r, "name"),
        });
    }
    for r in run(2)
        .fetch_all(&mut *ex)
        .await
        .ctx("读取组织机构", "reading the organisation")?
    {
        org.people.push(Person {
            government_id: get!(r, "government_id"),
            id: get!(r, "id"),
            name: get!(r, "name"),
            department_id: get!(r, "department_id"),
        });
    }
    for r in run(3)
        .fetch_all(&mut *ex)
        .await
        .ctx("读取组织机构", "reading the organisation")?
    {
        org.positions.push(Position {
            government_id: get!(r, "government_id"),
            id: get!(r, "id"),
            role: get!(r, "role"),
            title: get!(r, "title"),
            person_id: get!(r, "person_id"),
            rank: get!(r, "rank"),
        });
    }
    for r in run(4)
        .fetch_all(&mut *ex)
        .await
        .ctx("读取组织机构", "reading the organisation")?
    {
        let kind: String = get!(r, "subject_kind");
        let subject_kind = match kind.as_str() {
            "department" => SubjectKind::Department,
            "matter" => SubjectKind::Matter,
            other => {
                return Err(StoreError::Corrupt(format!(
                    "portfolio subject_kind {other:?}"
                )));
            }
        };
        org.portfolios.push(Portfolio {
            government_id: get!(r, "government_id"),
            position_id: get!(r, "position_id"),
            subject_kind,
            subject: get!(r, "subject"),
        });
    }
    for r in run(5)
        .fetch_all(&mut *ex)
        .await
        .ctx("读取组织机构", "reading the organisation")?
    {
        org.substitutions.push(Substitution {
            government_id: get!(r, "government_id"),
            position_id: get!(r, "position_id"),
            substitute_id: get!(r, "substitute_id"),
        });
    }
    org.sort();
    Ok(org)
}

/// Replace one government's aggregate inside a write transaction; returns the new version.
async fn write_government(
    w: &mut WriteTx,
    audit: &Audit,
    part: &Org,
    expected_version: Option<i64>,
) -> Result<i64> {
    let Some(g) = part.governments.first() else {
        return Err(StoreError::invalid("缺少政府", "no government given"));
    };
    let before = read_org(w.c()?, Some(&g.id)).await?;
    let now = crate::clock::format_ts(w.now);
    let new_version = match before.governments.first() {
        Some(old) => {
            if let Some(exp) = expected_version
                && exp != old.version
            {
                return Err(StoreError::Conflict {
                    object_type: "government".into(),
                    id: g.id.clone(),
                    expected: exp,
                    current: old.version,
                });
            }
            let res = sqlx::query("UPDATE governments SET name = $1, profile_id = $2, parent_id = $3, version = version + 1, updated_at = $4 WHERE id = $5 AND version = $6")
                .bind(&g.name)
                .bind(&g.profile_id)
                .bind(&g.parent_id)
                .bind(&now)
                .bind(&g.id)
                .bind(old.version)
                .execute(w.c()?)
                .await
                .ctx("写入政府", "writing a government")?;
            if res.rows_affected() != 1 {
                return Err(StoreError::Conflict {
                    object_type: "government".into(),
                    id: g.id.clone(),
                    expected: old.version,
                    current: old.version + 1,
                });
            }
            for t in [
                "substitutions",
                "portfolios",
                "positions",
                "people",
                "departments",
            ] {
                let sql = format!("DELETE FROM {t} WHERE government_id = $1");
                sqlx::query(&sql)
                    .bind(&g.id)
                    .execute(w.c()?)
                    .await
                    .ctx("写入组织机构", "writing the organisation")?;
            }
            old.version + 1
        }
        None => {
            if let Some(exp) = expected_version
                && exp != 0
            {
                return Err(StoreError::not_found("government", &g.id));
            }
            sqlx::query("INSERT INTO governments (id, name, profile_id, parent_id, version, created_at, updated_at) VALUES ($1, $2, $3, $4, 1, $5, $5)")
                .bind(&g.id)
                .bind(&g.name)
                .bind(&g.profile_id)
                .bind(&g.parent_id)
                .bind(&now)
                .execute(w.c()?)
                .await
                .ctx("写入政府", "writing a government")?;
            1
        }
    };
    for d in &part.departments {
        sqlx::query("INSERT INTO departments (government_id, id, name) VALUES ($1, $2, $3)")
            .bind(&d.government_id)
            .bind(&d.id)
            .bind(&d.name)
            .execute(w.c()?)
            .await
            .ctx("写入部门", "writing a department")?;
    }
    for x in &part.people {
        sqlx::query(
            "INSERT INTO people (government_id, id, name, department_id) VALUES ($1, $2, $3, $4)",
        )
        .bind(&x.government_id)
        .bind(&x.id)
        .bind(&x.name)
        .bind(&x.department_id)
        .execute(w.c()?)
        .await
        .ctx("写入人员", "writing a person")?;
    }
    for x in &part.positions {
        sqlx::query("INSERT INTO positions (government_id, id, role, title, person_id, rank) VALUES ($1, $2, $3, $4, $5, $6)")
            .bind(&x.government_id)
            .bind(&x.id)
            .bind(&x.role)
            .bind(&x.title)
            .bind(&x.person_id)
            .bind(x.rank)
            .execute(w.c()?)
            .await
            .ctx("写入职位", "writing a position")?;
    }
    for x in &part.portfolios {
        sqlx::query("INSERT INTO portfolios (government_id, position_id, subject_kind, subject) VALUES ($1, $2, $3, $4)")
            .bind(&x.government_id)
            .bind(&x.position_id)
            .bind(x.subject_kind.as_str())
            .bind(&x.subject)
            .execute(w.c()?)
            .await
            .ctx("写入分管", "writing a portfolio")?;
    }
    for x in &part.substitutions {
        sqlx::query("INSERT INTO substitutions (government_id, position_id, substitute_id) VALUES ($1, $2, $3)")
            .bind(&x.government_id)
            .bind(&x.position_id)
            .bind(&x.substitute_id)
            .execute(w.c()?)
            .await
            .ctx("写入补位", "writing a substitution")?;
    }
    let before_json = (!before.governments.is_empty()).then(|| gov_json(&before));
    let mut after_json = gov_json(part);
    after_json["version"] = Value::from(new_version);
    w.event(EventDraft {
        actor: &audit.actor,
        action: &audit.action,
        object_type: "government",
        object_id: &g.id,
        before: before_json.as_ref(),
        after: Some(&after_json),
        citations: &audit.citations,
    })
    .await?;
    Ok(new_version)
}

impl Store {
    /// The whole organisation (every government), in a stable order.
    pub async fn org(&self) -> Result<Org> {
        let mut tx = self.begin_read().await?;
        read_org(&mut tx, None).await
    }

    /// One government's organisation (empty when the government does not exist).
    pub async fn government_org(&self, government_id: &str) -> Result<Org> {
        let mut tx = self.begin_read().await?;
        read_org(&mut tx, Some(government_id)).await
    }

    /// Ids of the stored governments.
    pub async fn government_ids(&self) -> Result<BTreeSet<String>> {
        let rows = sqlx::query("SELECT id FROM governments")
            .fetch_all(&self.inner.pool)
            .await
            .ctx("读取政府", "reading governments")?;
        rows.iter().map(|r| Ok(get!(r, "id"))).collect()
    }

    /// Replace one government's organisation (the government row and everything under it) if the
    /// stored government is still at `expected_version` (0 = must not exist yet). Returns the new
    /// version. `part` must contain exactly that government and only rows under it.
    pub async fn replace_government_org(
        &self,
        audit: &Audit,
        part: &Org,
        expected_version: i64,
    ) -> Result<i64> {
        let [g] = part.governments.as_slice() else {
            return Err(StoreError::invalid(
                "须恰好包含一个政府",
                "must contain exactly one government",
            ));
        };
        let csv = org_to_csv(part)?;
        let stored = self.government_ids().await?;
        // Re-validate through the file checks so both paths accept exactly the same data.
        let checked = parse_org_csv(csv.as_bytes(), &OrgRules::default(), &stored)?;
        if checked.without_versions() != part.without_versions().sorted() {
            return Err(StoreError::invalid(
                "组织机构数据不一致",
                "inconsistent organisation data",
            ));
        }
        let mut w = self.begin_write().await?;
        let v = write_government(
            &mut w,
            audit,
            &checked.of_government(&g.id),
            Some(expected_version),
        )
        .await?;
        w.commit().await?;
        Ok(v)
    }

    /// Import an organisation (already parsed and validated) in ONE transaction: every government
    /// in it is replaced with its rows; one audit event per government.
    pub async fn import_org(&self, audit: &Audit, org: &Org) -> Result<ImportSummary> {
        // Parents first, so a reader never sees a child whose parent is missing.
        let mut order: Vec<&Government> = Vec::new();
        let mut placed: HashSet<&str> = HashSet::new();
        let in_file: HashSet<&str> = org.governments.iter().map(|g| g.id.as_str()).collect();
        while order.len() < org.governments.len() {
            let before = order.len();
            for g in &org.governments {
                if placed.contains(g.id.as_str()) {
                    continue;
                }
                let ready = g
                    .parent_id
                    .as_deref()
                    .is_none_or(|p| !in_file.contains(p) || placed.contains(p));
                if ready {
                    placed.insert(&g.id);
                    order.push(g);
                }
            }
            if order.len() == before {
                return Err(StoreError::invalid(
                    "上下级关系成环",
                    "the parent chain forms a cycle",
                ));
            }
        }
        let mut w = self.begin_write().await?;
        for g in order {
            write_government(&mut w, audit, &org.of_government(&g.id), None).await?;
        }
        w.commit().await?;
        Ok(ImportSummary {
            governments: org.governments.len(),
            departments: org.departments.len(),
            people: org.people.len(),
            positions: org.positions.len(),
            portfolios: org.portfolios.len(),
            substitutions: org.substitutions.len(),
        })
    }

    /// Parse, validate and import a `.csv` or `.xlsx` file; all or nothing.
    pub async fn import_org_file(
        &self,
        audit: &Audit,
        path: &Path,
        rules: &OrgRules,
    ) -> Result<ImportSummary> {
        let stored = self.government_ids().await?;
        let org = match OrgFormat::from_path(path)? {
            OrgFormat::Csv => {
                let bytes = std::fs::read(path).map_err(|e| StoreError::io(path.display(), e))?;
                parse_org_csv(&bytes, rules, &stored)?
            }
            OrgFormat::Xlsx => parse_org_xlsx(path, rules, &stored)?,
        };
        self.import_org(audit, &org).await
    }

    /// Export the whole organisation to a `.csv` or `.xlsx` file.
    pub async fn export_org_file(&self, path: &Path) -> Result<Org> {
        let org = self.org().await?;
        match OrgFormat::from_path(path)? {
            OrgFormat::Csv => {
                let text = org_to_csv(&org)?;
                std::fs::write(path, text).map_err(|e| StoreError::io(path.display(), e))?;
            }
            OrgFormat::Xlsx => write_org_xlsx(&org, path)?,
        }
        Ok(org)
    }
}

impl Org {
    fn sorted(mut self) -> Org {
        self.sort();
        self
    }
}

/// A digest of an organisation's content, for quick equality checks in tools.
pub fn org_digest(org: &Org) -> String {
    crate::audit::sha256_hex(to_canonical(&gov_json(org)).as_bytes())
}
