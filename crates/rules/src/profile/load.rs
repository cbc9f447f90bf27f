//! Loading and validating a profile file. Errors name the file, the line and the field.

use super::{ArticleStyle, Profile};
use std::fmt;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// One problem in a profile file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileIssue {
    pub line: usize,
    pub field: String,
    pub message: String,
}

/// All problems found in one profile file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileError {
    pub file: String,
    pub issues: Vec<ProfileIssue>,
}

impl fmt::Display for ProfileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, is) in self.issues.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            let field = if is.field.is_empty() {
                String::new()
            } else {
                format!(" 字段 {}:", is.field)
            };
            write!(f, "{}:{}:{field} {}", self.file, is.line, is.message)?;
        }
        Ok(())
    }
}

impl std::error::Error for ProfileError {}

/// The MATRIX rule ids a `matrix` key may name.
pub fn matrix_ids() -> &'static [(String, String)] {
    static IDS: std::sync::OnceLock<Vec<(String, String)>> = std::sync::OnceLock::new();
    IDS.get_or_init(|| {
        #[derive(serde::Deserialize)]
        struct M {
            rule: Vec<R>,
        }
        #[derive(serde::Deserialize)]
        struct R {
            id: String,
            title: String,
        }
        // The list ships in the repository; a parse failure would be a build defect caught by tests.
        toml::from_str::<M>(include_str!("../../../../profiles/matrix.toml"))
            .map(|m| m.rule.into_iter().map(|r| (r.id, r.title)).collect())
            .unwrap_or_default()
    })
}

fn line_of(src: &str, offset: usize) -> usize {
    src.as_bytes()[..offset.min(src.len())]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

/// Loads one profile version from its text. `file` names it in errors.
pub fn load_profile(file: &str, src: &str) -> Result<(Profile, toml::Table), ProfileError> {
    let err = |issues| ProfileError {
        file: file.to_string(),
        issues,
    };
    let tree = DeTable::parse(src).map_err(|e| {
        err(vec![ProfileIssue {
            line: e.span().map(|s| line_of(src, s.start)).unwrap_or(1),
            field: String::new(),
            message: format!("TOML 语法错误 (syntax error): {}", e.message()),
        }])
    })?;
    let de = toml::Deserializer::parse(src).map_err(|e| {
        err(vec![ProfileIssue {
            line: 1,
            field: String::new(),
            message: e.message().to_string(),
        }])
    })?;
    let profile: Profile = serde_path_to_error::deserialize(de).map_err(|e| {
        let field = e.path().to_string();
        let inner = e.into_inner();
        let line = inner
            .span()
            .map(|s| line_of(src, s.start))
            .or_else(|| find_span(tree.get_ref(), &field).map(|s| line_of(src, s.start)))
            .unwrap_or(1);
        err(vec![ProfileIssue {
            line,
            field,
            message: inner.message().to_string(),
        }])
    })?;
    let raw: toml::Table = toml::from_str(src).map_err(|e| {
        err(vec![ProfileIssue {
            line: 1,
            field: String::new(),
            message: e.message().to_string(),
        }])
    })?;

    let mut found: Vec<(String, String)> = Vec::new();
    walk_rules(tree.get_ref(), "", &profile, &mut found);
    profile.org.validate(&mut found);
    profile.meetings.validate(&mut found);
    profile.decisions.validate(&mut found);
    // Cross-section checks: roles named by rules need titles; decisions name existing meeting types.
    profile.meetings.validate_roles(&profile.roles, &mut found);
    profile
        .decisions
        .validate_meetings(&profile.meetings, &mut found);
    profile.documents.validate_roles(&profile.roles, &mut found);
    profile.documents.validate(&mut found);
    profile.supervision.validate(&mut found);
    profile.discipline.validate(&mut found);
    profile.events.validate(&mut found);
    profile.openness.validate(&mut found);
    profile.other.validate(&mut found);
    if !profile
        .id
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        || profile.id.is_empty()
    {
        found.push((
            "id".into(),
            "id 只能包含小写字母、数字和下划线 (id: lowercase letters, digits, _)".into(),
        ));
    }
    if found.is_empty() {
        return Ok((profile, raw));
    }
    let issues = found
        .into_iter()
        .map(|(field, message)| ProfileIssue {
            line: find_span(tree.get_ref(), &field)
                .map(|s| line_of(src, s.start))
                .unwrap_or(1),
            field,
            message,
        })
        .collect();
    Err(err(issues))
}

/// Finds the span of a dotted field path (`meetings.types[1].cite.article`) in the parsed tree.
pub fn find_span(root: &DeTable<'_>, path: &str) -> Option<std::ops::Range<usize>> {
    let mut table = Some(root);
    let mut best = None;
    for part in path.split('.').filter(|p| !p.is_empty()) {
        let (key, idx) = match part.find('[') {
            Some(i) => (
                &part[..i],
                part[i + 1..part.len().saturating_sub(1)]
                    .parse::<usize>()
                    .ok(),
            ),
            None => (part, None),
        };
        let t = table?;
        let (_, v) = t.iter().find(|(k, _)| k.get_ref().as_ref() == key)?;
        let mut cur: &Spanned<DeValue<'_>> = v;
        best = Some(v.span());
        if let (Some(i), DeValue::Array(a)) = (idx, v.get_ref()) {
            let item = a.get(i)?;
            cur = item;
            best = Some(item.span());
        }
        table = match cur.get_ref() {
            DeValue::Table(t) => Some(t),
            _ => None,
        };
    }
    best
}

const NUMERALS: &str = "零一二三四五六七八九十百";

/// Parses a Chinese numeral up to 999 (四十九, 一百零三).
pub fn chinese_number(s: &str) -> Option<u32> {
    if s.is_empty() || !s.chars().all(|c| NUMERALS.contains(c)) {
        return None;
    }
    let digit = |c: char| {
        "零一二三四五六七八九"
            .chars()
            .position(|d| d == c)
            .map(|p| p as u32)
    };
    let mut total = 0;
    let mut cur = 0;
    let mut any = false;
    for c in s.chars() {
        match c {
            '百' => {
                total += cur.max(1) * 100;
                cur = 0;
            }
            '十' => {
                total += cur.max(1) * 10;
                cur = 0;
            }
            _ => {
                cur = digit(c)?;
                any = true;
            }
        }
    }
    let n = total + cur;
    (any || n > 0).then_some(n)
}

/// Splits an article citation into its number and optional item, checking the profile's style.
pub fn parse_article(style: ArticleStyle, article: &str) -> Result<(u32, Option<u32>), String> {
    let (main, item) = match article.find('（') {
        Some(i) => {
            let rest = &article[i..];
            let inner = rest.strip_prefix('（').and_then(|r| r.strip_suffix('）'));
            match inner.and_then(chinese_number) {
                Some(n) => (&article[..i], Some(n)),
                None => {
                    return Err(format!(
                        "条目应写作全角括号中文数字，如（四）: \"{article}\""
                    ));
                }
            }
        }
        None => (article, None),
    };
    let num = match style {
        ArticleStyle::DiTiao => main
            .strip_prefix('第')
            .and_then(|m| m.strip_suffix('条'))
            .and_then(chinese_number),
        ArticleStyle::Bare => chinese_number(main),
    };
    match (num, style) {
        (Some(n), _) => Ok((n, item)),
        (None, ArticleStyle::DiTiao) => Err(format!(
            "条文应按原文写作“第X条”: \"{article}\" (article must read 第X条)"
        )),
        (None, ArticleStyle::Bare) => Err(format!(
            "条文应按原文写作中文数字，如“四十九”: \"{article}\" (article must be a bare numeral)"
        )),
    }
}

fn de_str<'a>(v: &'a DeValue<'_>) -> Option<&'a str> {
    match v {
        DeValue::String(s) => Some(s.as_ref()),
        _ => None,
    }
}

/// Every table with a `cite` is a rule: its citations must be well formed for this profile, and its
/// `matrix` id must exist.
fn walk_rules(t: &DeTable<'_>, path: &str, p: &Profile, found: &mut Vec<(String, String)>) {
    let join = |k: &str| {
        if path.is_empty() {
            k.to_string()
        } else {
            format!("{path}.{k}")
        }
    };
    for (k, v) in t.iter() {
        let key = k.get_ref().as_ref();
        let here = join(key);
        match v.get_ref() {
            DeValue::Table(sub) => {
                if key == "cite" {
                    check_cite(sub, &here, p, found);
                } else {
                    walk_rules(sub, &here, p, found);
                }
            }
            DeValue::Array(a) => {
                for (i, item) in a.iter().enumerate() {
                    if let DeValue::Table(sub) = item.get_ref() {
                        if key == "cite" {
                            check_cite(sub, &format!("{here}[{i}]"), p, found);
                        } else {
                            walk_rules(sub, &format!("{here}[{i}]"), p, found);
                        }
                    }
                }
            }
            DeValue::String(s) if key == "matrix" => {
                let s: &str = s.as_ref();
                if !matrix_ids().iter().any(|(id, _)| id == s) {
                    found.push((
                        here,
                        format!("未知的 MATRIX 规则编号 \"{s}\" (unknown MATRIX rule id)"),
                    ));
                }
            }
            _ => {}
        }
    }
}

fn check_cite(t: &DeTable<'_>, path: &str, p: &Profile, found: &mut Vec<(String, String)>) {
    let get = |k: &str| {
        t.iter()
            .find(|(key, _)| key.get_ref().as_ref() == k)
            .and_then(|(_, v)| de_str(v.get_ref()))
    };
    match get("article") {
        Some(a) => match parse_article(p.article_style, a) {
            Ok((n, _)) if n == 0 || n > p.source.articles => found.push((
                format!("{path}.article"),
                format!(
                    "条文 {a} 超出原文条数 {} (article out of range)",
                    p.source.articles
                ),
            )),
            Ok(_) => {}
            Err(m) => found.push((format!("{path}.article"), m)),
        },
        None => found.push((
            path.to_string(),
            "引用缺少 article (citation lacks article)".into(),
        )),
    }
    match get("quote") {
        Some(q) if q.trim().is_empty() => found.push((
            format!("{path}.quote"),
            "引文不能为空 (quote must not be empty)".into(),
        )),
        Some(q) if q.chars().count() > 120 => found.push((
            format!("{path}.quote"),
            "引文过长，应为简短原文摘录 (quote too long: ≤ 120 characters)".into(),
        )),
        Some(_) => {}
        None => found.push((
            path.to_string(),
            "引用缺少 quote (citation lacks quote)".into(),
        )),
    }
}
