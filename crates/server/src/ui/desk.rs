//! The rule desk: a form over `check` for every question kind. Pick the government and the kind;
//! the form is filled with an example case of that kind from the public case suite (`cases/`),
//! which the user edits; the verdict shows each cited article with its quote, each deadline with
//! how it was computed, the approval chain and the steps left to people.

use super::html::{citation, esc, options};
use super::{Ctx, ctx, page, to_login};
use crate::AppState;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use serde::Deserialize;
use serde_json::Value;
use std::collections::BTreeMap;
use std::sync::OnceLock;
use zhengwu_rules::kinds::KINDS;
use zhengwu_rules::verdict::{DeadlineStatus, Finding, Step};
use zhengwu_rules::{Outcome, Verdict};

/// The public case suite, embedded: the first case of each (profile, kind) is the example.
const CASES: [&str; 20] = [
    include_str!("../../../../cases/liaocheng/meetings.jsonl"),
    include_str!("../../../../cases/liaocheng/documents.jsonl"),
    include_str!("../../../../cases/liaocheng/operations.jsonl"),
    include_str!("../../../../cases/liaocheng/workdays.jsonl"),
    include_str!("../../../../cases/jining/meetings.jsonl"),
    include_str!("../../../../cases/jining/documents.jsonl"),
    include_str!("../../../../cases/jining/operations.jsonl"),
    include_str!("../../../../cases/jining/workdays.jsonl"),
    include_str!("../../../../cases/taian/meetings.jsonl"),
    include_str!("../../../../cases/taian/documents.jsonl"),
    include_str!("../../../../cases/taian/operations.jsonl"),
    include_str!("../../../../cases/taian/workdays.jsonl"),
    include_str!("../../../../cases/changle/meetings.jsonl"),
    include_str!("../../../../cases/changle/documents.jsonl"),
    include_str!("../../../../cases/changle/operations.jsonl"),
    include_str!("../../../../cases/changle/workdays.jsonl"),
    include_str!("../../../../cases/zhangdian/meetings.jsonl"),
    include_str!("../../../../cases/zhangdian/documents.jsonl"),
    include_str!("../../../../cases/zhangdian/operations.jsonl"),
    include_str!("../../../../cases/zhangdian/workdays.jsonl"),
];

/// (profile, kind) → the first case of the suite.
fn examples() -> &'static BTreeMap<(String, String), Value> {
    static EX: OnceLock<BTreeMap<(String, String), Value>> = OnceLock::new();
    EX.get_or_init(|| {
        let mut m = BTreeMap::new();
        for file in CASES {
            for line in file.lines().filter(|l| !l.trim().is_empty()) {
                let Ok(v) = serde_json::from_str::<Value>(line) else {
                    continue;
                };
                let Some(case) = v.get("case") else { continue };
                let (Some(p), Some(k)) = (
                    case.get("profile").and_then(Value::as_str),
                    case.get("kind").and_then(Value::as_str),
                ) else {
                    continue;
                };
                m.entry((p.to_string(), k.to_string()))
                    .or_insert_with(|| case.clone());
            }
        }
        m
    })
}

/// The example case of a kind for a profile (another profile's, re-targeted, when it has none).
pub fn example(profile: &str, kind: &str) -> String {
    let ex = examples();
    let found = ex
        .get(&(profile.to_string(), kind.to_string()))
        .or_else(|| ex.get(&("liaocheng".to_string(), kind.to_string())))
        .or_else(|| ex.iter().find(|((_, k), _)| k == kind).map(|(_, v)| v));
    let mut v = found
        .cloned()
        .unwrap_or_else(|| serde_json::json!({"kind": kind}));
    if let Some(o) = v.as_object_mut() {
        o.insert("profile".into(), Value::from(profile));
    }
    serde_json::to_string_pretty(&v).unwrap_or_default()
}

#[derive(Deserialize, Default)]
pub struct DeskQuery {
    profile: Option<String>,
    kind: Option<String>,
    lang: Option<String>,
}

/// What the rule desk evaluates: the selects' kind and profile and the rest of the case.
struct DeskForm {
    profile: String,
    kind: String,
    case: String,
}

fn default_profile(c: &Ctx) -> String {
    c.user
        .as_ref()
        .and_then(|u| u.government.as_ref())
        .map(|g| g.profile_id.clone())
        .unwrap_or_else(|| "liaocheng".to_string())
}

fn form_html(state: &AppState, c: &Ctx, profile: &str, kind: &str, case: &str) -> String {
    let profiles = state.registry.ids().map(|id| {
        let name = state
            .registry
            .versions(id)
            .last()
            .map(|l| l.profile.short_name.clone())
            .unwrap_or_default();
        (id, format!("{name}（{id}）"))
    });
    let kinds = KINDS.iter().map(|k| (*k, k.to_string()));
    let fields = serde_json::from_str::<Value>(case)
        .ok()
        .map(|v| fields_html(&v))
        .unwrap_or_default();
    format!(
        r#"<form method="get" action="/ui/desk" class="row" id="example-form">
<label for="ex-profile">{gov}</label><select id="ex-profile" name="profile" data-autosubmit>{po}</select>
<label for="ex-kind">{kind_l}</label><select id="ex-kind" name="kind" data-autosubmit>{ko}</select>
<button type="submit">{load}</button>
</form>
<form method="post" action="/ui/desk" class="card fields" id="fields-form">
{csrf}
<input type="hidden" name="profile" value="{p}">
<input type="hidden" name="kind" value="{k}">
<p class="hint">{fields_hint}</p>
<div class="grid">{fields}</div>
<button type="submit" id="fields-submit">{go}</button>
</form>
<details class="card"><summary>{json_l}</summary>
<form method="post" action="/ui/desk" id="desk-form">
{csrf}
<input type="hidden" name="profile" value="{p}">
<input type="hidden" name="kind" value="{k}">
<label for="case">{case_l}</label>
<textarea id="case" name="case" rows="14" spellcheck="false">{case}</textarea>
<button type="submit" id="desk-submit">{go}</button>
</form></details>"#,
        gov = c.t("政府", "Government"),
        kind_l = c.t("问题类型", "Question kind"),
        load = c.t("载入示例", "Load example"),
        fields_hint = c.t(
            "按示例案例生成的表单：修改各字段后点“判定”；清空的字段不提交；列表以逗号分隔。",
            "A form made from the example case: change the fields and press Check; emptied fields are left out; lists are comma-separated."
        ),
        json_l = c.t("以 JSON 编辑整个案例", "Edit the whole case as JSON"),
        case_l = c.t(
            "案例（JSON，可修改；字段见 docs/check.md）",
            "Case (JSON, editable; fields in docs/check.md)"
        ),
        go = c.t("判定", "Check"),
        po = options(profiles, profile),
        ko = options(kinds, kind),
        csrf = c.csrf_field(),
        p = esc(profile),
        k = esc(kind),
        case = esc(case),
    )
}

/// One input per leaf of the case (except kind and profile): `v:<path>` holds the value and
/// `t:<path>` its type (s string, n number, b boolean, l list of strings, j any JSON).
fn fields_html(v: &Value) -> String {
    let mut leaves = Vec::new();
    flatten(v, "", &mut leaves);
    let mut s = String::new();
    for (path, ty, value) in leaves {
        if path == "kind" || path == "profile" {
            continue;
        }
        let id = format!("f-{}", path.replace(['.', '[', ']'], "_"));
        let is_date = ty == 's'
            && value.len() == 10
            && value.as_bytes().get(4) == Some(&b'-')
            && value.as_bytes().get(7) == Some(&b'-');
        let input = match ty {
            'b' => format!(
                r#"<select id="{id}" name="v:{p}">{}</select>"#,
                options(
                    [("true", "true".to_string()), ("false", "false".to_string())],
                    &value
                ),
                p = esc(&path)
            ),
            'j' => format!(
                r#"<textarea id="{id}" name="v:{p}" rows="2" spellcheck="false">{}</textarea>"#,
                esc(&value),
                p = esc(&path)
            ),
            _ => format!(
                r#"<input id="{id}" name="v:{p}" value="{}"{}>"#,
                esc(&value),
                match (ty, is_date) {
                    ('n', _) => r#" inputmode="decimal""#,
                    (_, true) => r#" type="date""#,
                    _ => "",
                },
                p = esc(&path)
            ),
        };
        s.push_str(&format!(
            r#"<label for="{id}"><code>{p}</code></label>{input}<input type="hidden" name="t:{p}" value="{ty}">"#,
            p = esc(&path)
        ));
    }
    s
}

fn flatten(v: &Value, path: &str, out: &mut Vec<(String, char, String)>) {
    let join = |k: &str| {
        if path.is_empty() {
            k.to_string()
        } else {
            format!("{path}.{k}")
        }
    };
    match v {
        Value::Object(o) if !o.is_empty() => {
            for (k, x) in o {
                flatten(x, &join(k), out);
            }
        }
        Value::String(x) => out.push((path.to_string(), 's', x.clone())),
        Value::Number(n) => out.push((path.to_string(), 'n', n.to_string())),
        Value::Bool(b) => out.push((path.to_string(), 'b', b.to_string())),
        Value::Array(a) if a.iter().all(|x| x.is_string()) && !a.is_empty() => {
            let items: Vec<&str> = a.iter().filter_map(Value::as_str).collect();
            out.push((path.to_string(), 'l', items.join(", ")));
        }
        other => out.push((path.to_string(), 'j', other.to_string())),
    }
}

/// Rebuilds a case from the fields of [`fields_html`].
fn unflatten(pairs: &[(String, String)]) -> Result<Value, String> {
    let ty = |p: &str| {
        pairs
            .iter()
            .find(|(k, _)| k.strip_prefix("t:") == Some(p))
            .map_or("s", |(_, v)| v.as_str())
    };
    let mut root = serde_json::Map::new();
    for (k, raw) in pairs {
        let Some(path) = k.strip_prefix("v:") else {
            continue;
        };
        let raw = raw.trim();
        if raw.is_empty() {
            continue;
        }
        let value = match ty(path) {
            "n" => serde_json::from_str::<serde_json::Number>(raw)
                .map(Value::Number)
                .map_err(|_| format!("{path}: {raw}"))?,
            "b" => Value::Bool(raw == "true"),
            "l" => Value::Array(
                raw.split([',', '，', '、'])
                    .map(str::trim)
                    .filter(|x| !x.is_empty())
                    .map(Value::from)
                    .collect(),
            ),
            "j" => serde_json::from_str(raw).map_err(|e| format!("{path}: {e}"))?,
            _ => Value::from(raw),
        };
        let mut parts: Vec<&str> = path.split('.').collect();
        let last = parts.pop().unwrap_or_default();
        let mut at = &mut root;
        for p in parts {
            let entry = at
                .entry(p.to_string())
                .or_insert_with(|| Value::Object(serde_json::Map::new()));
            if !entry.is_object() {
                *entry = Value::Object(serde_json::Map::new());
            }
            let Value::Object(m) = entry else {
                return Err(path.to_string());
            };
            at = m;
        }
        at.insert(last.to_string(), value);
    }
    Ok(Value::Object(root))
}

pub async fn form(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<DeskQuery>,
) -> Response {
    let c = ctx(&state, &headers, q.lang.as_deref()).await;
    if c.user.is_none() {
        return to_login();
    }
    let profile = q.profile.unwrap_or_else(|| default_profile(&c));
    let kind = q
        .kind
        .filter(|k| KINDS.contains(&k.as_str()))
        .unwrap_or_else(|| "agenda_item".to_string());
    let body = form_html(&state, &c, &profile, &kind, &example(&profile, &kind));
    page(&c, c.t("规则问答", "Rule desk"), "/ui/desk", &body)
}

pub async fn submit(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let c = ctx(&state, &headers, None).await;
    if c.user.is_none() {
        return to_login();
    }
    let get = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    };
    if !c.csrf_ok(&get("csrf").unwrap_or_default()) {
        state.metrics.refusal("csrf");
        return super::bad_request(
            &c,
            c.t(
                "缺少或错误的 CSRF 令牌，请刷新页面后重试。",
                "Missing or wrong CSRF token; reload the page and retry.",
            ),
        );
    }
    let f = DeskForm {
        profile: get("profile").unwrap_or_default(),
        kind: get("kind").unwrap_or_default(),
        // The JSON form sends `case`; the field form sends `v:`/`t:` pairs.
        case: match get("case") {
            Some(case) => case,
            None => match unflatten(&pairs) {
                Ok(v) => serde_json::to_string_pretty(&v).unwrap_or_default(),
                Err(e) => format!("{{\"_invalid_field\": {}}}", Value::from(e)),
            },
        },
    };
    // The selects decide kind and profile; the text holds the rest of the case.
    let result = match serde_json::from_str::<Value>(&f.case) {
        Ok(Value::Object(mut o)) => {
            o.insert("kind".into(), Value::from(f.kind.clone()));
            o.insert("profile".into(), Value::from(f.profile.clone()));
            let text = Value::Object(o).to_string();
            zhengwu_rules::check_json(&state.registry, &state.calendar(), &text, None)
                .map_err(|e| e.to_string())
        }
        Ok(_) => Err(c
            .t("案例须为 JSON 对象", "the case must be a JSON object")
            .to_string()),
        Err(e) => Err(format!("JSON: {e}")),
    };
    let mut body = String::new();
    match result {
        Ok(v) => {
            state.metrics.check(match v.outcome {
                Outcome::Allowed => "allowed",
                Outcome::AllowedWithWarning => "allowed_with_warning",
                Outcome::Refused => "refused",
            });
            body.push_str(&verdict_html(&c, &v));
        }
        Err(e) => {
            state.metrics.check("invalid");
            body.push_str(&format!(
                r#"<section class="card"><p class="refused" role="alert" id="desk-error">{}</p></section>"#,
                esc(&e)
            ));
        }
    }
    body.push_str(&form_html(&state, &c, &f.profile, &f.kind, &f.case));
    page(&c, c.t("规则问答", "Rule desk"), "/ui/desk", &body)
}

fn step_label(c: &Ctx, s: Step) -> &'static str {
    let l = c.lang;
    match s {
        Step::Review => l.t("审核", "review"),
        Step::Recheck => l.t("复核", "recheck"),
        Step::Countersign => l.t("会签", "countersign"),
        Step::Approve => l.t("审批", "approve"),
        Step::Sign => l.t("签发", "sign"),
        Step::Confirm => l.t("确定", "confirm"),
        Step::Report => l.t("报告", "report"),
        Step::Act => l.t("代行", "act"),
        Step::Escalate => l.t("督办升级", "escalate"),
        Step::File => l.t("报备", "file"),
        Step::Preside => l.t("主持", "preside"),
    }
}

fn findings(c: &Ctx, title: &str, class: &str, list: &[Finding]) -> String {
    if list.is_empty() {
        return String::new();
    }
    let mut s = format!(r#"<h3>{}</h3><ol class="{class}">"#, esc(title));
    for f in list {
        let msg = if c.lang == super::Lang::En {
            &f.message_en
        } else {
            &f.message
        };
        s.push_str(&format!(
            r#"<li><p>{}</p><p>{} <small class="rule">{}</small></p></li>"#,
            esc(msg),
            citation(&f.citation),
            esc(&f.rule)
        ));
    }
    s.push_str("</ol>");
    s
}

/// The verdict: outcome, violations and warnings with their citations, deadlines with how they
/// were computed, the chain, the manual steps and the kind's own answer.
pub fn verdict_html(c: &Ctx, v: &Verdict) -> String {
    let en = c.lang == super::Lang::En;
    let (class, label) = match v.outcome {
        Outcome::Allowed => ("allowed", c.t("符合规定", "Allowed")),
        Outcome::AllowedWithWarning => (
            "warning",
            c.t("符合规定，但有提醒", "Allowed with warnings"),
        ),
        Outcome::Refused => ("refused", c.t("不符合规定", "Refused")),
    };
    let mut s = format!(
        r#"<section class="card verdict" id="verdict" aria-live="polite"><h2>{} <span class="outcome {class}" id="outcome" data-outcome="{}">{label}</span></h2><p class="meta">{} {} · {} {}{}</p>"#,
        c.t("判定结果", "Verdict"),
        match v.outcome {
            Outcome::Allowed => "allowed",
            Outcome::AllowedWithWarning => "allowed_with_warning",
            Outcome::Refused => "refused",
        },
        c.t("规则配置", "Profile"),
        esc(&v.profile),
        c.t("版本", "version"),
        esc(&v.rules_version),
        if v.provisional {
            c.t(
                " · 含推算的节假日安排（未公布年份）",
                " · provisional calendar (year not announced)",
            )
        } else {
            ""
        }
    );
    s.push_str(&findings(
        c,
        c.t("违反的规定", "Violations"),
        "violations",
        &v.violations,
    ));
    s.push_str(&findings(
        c,
        c.t("提醒", "Warnings"),
        "warnings",
        &v.warnings,
    ));
    if !v.deadlines.is_empty() {
        s.push_str(&format!(
            r#"<h3>{}</h3><table class="list deadlines"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>"#,
            c.t("期限", "Deadlines"),
            c.t("事项", "What"),
            c.t("期限", "Due"),
            c.t("状态", "Status"),
            c.t("计算方法与依据", "How it was computed, and on what basis"),
        ));
        for d in &v.deadlines {
            let status = match d.status {
                DeadlineStatus::Pending => c.t("未到期", "pending"),
                DeadlineStatus::Met => c.t("已满足", "met"),
                DeadlineStatus::Missed => c.t("已逾期", "missed"),
            };
            s.push_str(&format!(
                r#"<tr><td>{}</td><td class="due">{}</td><td class="st-{:?}">{status}</td><td><p class="explain">{}</p>{}</td></tr>"#,
                esc(if en { &d.what_en } else { &d.what }),
                esc(&d.due),
                d.status,
                esc(if en { &d.explain_en } else { &d.explain }),
                citation(&d.citation),
            ));
        }
        s.push_str("</tbody></table>");
    }
    if !v.chain.is_empty() {
        s.push_str(&format!(
            r#"<h3>{}</h3><ol class="chain">"#,
            c.t("办理流程", "Chain")
        ));
        for step in &v.chain {
            let cite = step.citation.as_ref().map(citation).unwrap_or_default();
            s.push_str(&format!(
                r#"<li><strong>{}</strong> · {} {} {}</li>"#,
                esc(&step.title),
                step_label(c, step.step),
                esc(&step.note),
                cite
            ));
        }
        s.push_str("</ol>");
    }
    if !v.manual_steps.is_empty() {
        s.push_str(&format!(
            r#"<h3>{}</h3><ul class="manual">"#,
            c.t("须由人工判断的事项", "Left to a person")
        ));
        for m in &v.manual_steps {
            let cite = m.citation.as_ref().map(citation).unwrap_or_default();
            s.push_str(&format!(
                "<li>{} — {} {}</li>",
                esc(&m.step),
                esc(&m.reason),
                cite
            ));
        }
        s.push_str("</ul>");
    }
    let status = v.status.value();
    if !status.is_null() && status != Value::Object(Default::default()) {
        s.push_str(&format!(
            r#"<details><summary>{}</summary><pre>{}</pre></details>"#,
            c.t("详细结果", "Details"),
            esc(&serde_json::to_string_pretty(&status).unwrap_or_default())
        ));
    }
    s.push_str("</section>");
    s
}
