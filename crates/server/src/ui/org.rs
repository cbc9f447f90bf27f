//! The organisation: the government, its departments, the leaders with their titles, portfolios
//! (分管) and substitutes (工作补位), and the people of each department.

use super::html::esc;
use super::{LangQuery, ctx, page, to_login};
use crate::AppState;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use zhengwu_store::org::SubjectKind;

pub async fn org(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<LangQuery>,
) -> Response {
    let c = ctx(&state, &headers, q.lang.as_deref()).await;
    let Some(u) = &c.user else {
        return to_login();
    };
    // The user's own government; an account outside any government sees them all.
    let org = match &u.account.government_id {
        Some(g) => state.store.government_org(g).await,
        None => state.store.org().await,
    };
    let org = match org {
        Ok(o) => o,
        Err(e) => return super::failure(&c, e),
    };
    let mut body = String::new();
    if org.governments.is_empty() {
        body.push_str(&format!(
            r#"<p class="empty">{}</p>"#,
            c.t(
                "尚无组织机构数据。可用 zhengwu org import 导入，或运行 zhengwu demo 载入演示数据。",
                "No organisation yet. Import one with zhengwu org import, or load the demo with zhengwu demo."
            )
        ));
    }
    let person = |id: &Option<String>| -> String {
        id.as_ref()
            .and_then(|p| org.people.iter().find(|x| &x.id == p))
            .map_or_else(String::new, |p| p.name.clone())
    };
    let dept = |id: &str| -> String {
        org.departments
            .iter()
            .find(|d| d.id == id)
            .map_or_else(|| id.to_string(), |d| d.name.clone())
    };
    for g in &org.governments {
        body.push_str(&format!(
            r#"<section class="card"><h2>{}</h2><p class="meta">{} <a href="/ui/profiles/{}">{}</a> · <a href="/ui/audit?type=government&amp;id={}">{}</a></p>"#,
            esc(&g.name),
            c.t("工作规则：", "Work Rules: "),
            esc(&g.profile_id),
            esc(&g.profile_id),
            esc(&g.id),
            c.t("变更记录", "History"),
        ));
        body.push_str(&format!(
            r#"<p class="row"><a class="button" href="/ui/org.xlsx" download id="org-xlsx">{}</a> <a class="button" href="/ui/org.csv" download>CSV</a> <button type="button" data-print>{}</button></p>"#,
            c.t("导出 Excel", "Export to Excel"),
            c.t("打印", "Print"),
        ));
        body.push_str(&format!(
            r#"<h3>{}</h3><table class="list" id="leaders"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>"#,
            c.t("领导分工", "Division of work"),
            c.t("职务", "Title"),
            c.t("姓名", "Name"),
            c.t("分管", "Portfolio"),
            c.t("工作补位", "Substitute"),
        ));
        for p in org.positions.iter().filter(|p| p.government_id == g.id) {
            let portfolio: Vec<String> = org
                .portfolios
                .iter()
                .filter(|x| x.government_id == g.id && x.position_id == p.id)
                .map(|x| match x.subject_kind {
                    SubjectKind::Department => dept(&x.subject),
                    SubjectKind::Matter => x.subject.clone(),
                })
                .collect();
            let subs: Vec<String> = org
                .substitutions
                .iter()
                .filter(|s| s.government_id == g.id && s.position_id == p.id)
                .filter_map(|s| org.positions.iter().find(|x| x.id == s.substitute_id))
                .map(|x| format!("{} {}", x.title, person(&x.person_id)))
                .collect();
            body.push_str(&format!(
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&p.title),
                esc(&person(&p.person_id)),
                esc(&portfolio.join("、")),
                esc(&subs.join("、"))
            ));
        }
        body.push_str("</tbody></table>");
        body.push_str(&format!(
            r#"<h3>{}</h3><table class="list" id="departments"><thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>"#,
            c.t("部门", "Departments"),
            c.t("部门", "Department"),
            c.t("分管领导", "Leader in charge"),
            c.t("人员", "People"),
        ));
        for d in org.departments.iter().filter(|d| d.government_id == g.id) {
            let leader: Vec<String> = org
                .portfolios
                .iter()
                .filter(|x| {
                    x.government_id == g.id
                        && x.subject_kind == SubjectKind::Department
                        && x.subject == d.id
                })
                .filter_map(|x| org.positions.iter().find(|p| p.id == x.position_id))
                .map(|p| format!("{} {}", p.title, person(&p.person_id)))
                .collect();
            let people: Vec<&str> = org
                .people
                .iter()
                .filter(|p| p.government_id == g.id && p.department_id.as_deref() == Some(&d.id))
                .map(|p| p.name.as_str())
                .collect();
            body.push_str(&format!(
                "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&d.name),
                esc(&leader.join("、")),
                esc(&people.join("、"))
            ));
        }
        body.push_str("</tbody></table></section>");
    }
    page(&c, c.t("组织机构", "Organisation"), "/ui/org", &body)
}

/// The organisation as a file (the same format `zhengwu org import` reads): `xlsx` or `csv`.
async fn export(state: &AppState, headers: &HeaderMap, xlsx: bool) -> Response {
    use axum::http::{HeaderValue, header};
    use axum::response::IntoResponse;
    let c = ctx(state, headers, None).await;
    let Some(u) = &c.user else {
        return to_login();
    };
    let org = match &u.account.government_id {
        Some(g) => state.store.government_org(g).await,
        None => state.store.org().await,
    };
    let org = match org {
        Ok(o) => o,
        Err(e) => return super::failure(&c, e),
    };
    let (bytes, ctype, name) = if xlsx {
        let dir = std::env::temp_dir().join(format!(
            "zhengwu-org-{}-{}",
            std::process::id(),
            u.session_id.get(..12).unwrap_or("x")
        ));
        let path = dir.join("org.xlsx");
        let written = std::fs::create_dir_all(&dir)
            .map_err(|e| e.to_string())
            .and_then(|()| {
                zhengwu_store::org::write_org_xlsx(&org, &path).map_err(|e| e.to_string())
            })
            .and_then(|()| std::fs::read(&path).map_err(|e| e.to_string()));
        let _ = std::fs::remove_dir_all(&dir);
        match written {
            Ok(b) => (
                b,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "org.xlsx",
            ),
            Err(e) => return super::failure(&c, e),
        }
    } else {
        match zhengwu_store::org::org_to_csv(&org) {
            Ok(s) => (s.into_bytes(), "text/csv; charset=utf-8", "org.csv"),
            Err(e) => return super::failure(&c, e),
        }
    };
    let mut res = bytes.into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(ctype));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    res
}

pub async fn export_xlsx(State(state): State<AppState>, headers: HeaderMap) -> Response {
    export(&state, &headers, true).await
}

pub async fn export_csv(State(state): State<AppState>, headers: HeaderMap) -> Response {
    export(&state, &headers, false).await
}
