//! NPC suggestions (人大代表建议) and CPPCC proposals (政协提案): assignment to a lead unit with
//! co-units, the reply deadline and the source of its limit, contact, reply, rating, publication.

use super::*;

const SATISFACTION: &[(&str, &str, &str)] = &[
    ("satisfied", "满意", "satisfied"),
    ("basically_satisfied", "基本满意", "basically satisfied"),
    ("dissatisfied", "不满意", "dissatisfied"),
];

fn kind_label(c: &Ctx, k: &str) -> String {
    match k {
        "suggestion" => c.t("人大代表建议", "NPC suggestion").to_string(),
        "proposal" => c.t("政协提案", "CPPCC proposal").to_string(),
        o => esc(o),
    }
}

/// `GET /ui/proposals?kind=`: the office sees all, a unit those it leads.
pub async fn proposals_list(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<FuQuery>,
) -> Response {
    let c = ctx(&state, &headers, q.lang.as_deref()).await;
    if c.user.is_none() {
        return to_login();
    }
    render_list(&state, &c, q.kind.filter(|k| !k.is_empty()), None).await
}

async fn render_list(
    state: &AppState,
    c: &Ctx,
    kind: Option<String>,
    problem: Option<Problem>,
) -> Response {
    let Some(cl) = caller(c) else {
        return to_login();
    };
    let is_office = office(c);
    let title = c.t("人大代表建议 · 政协提案", "Suggestions and proposals");
    let names = units(state, c).await;
    let mut b = String::new();
    if let Some(p) = &problem {
        b.push_str(&problem_html(c, p));
    }
    let g = gov(c);
    b.push_str(&format!(
        r#"<p class="filters"><a href="/ui/proposals">{}</a> <a href="/ui/proposals?kind=suggestion">{}</a> <a href="/ui/proposals?kind=proposal">{}</a> · <a href="/api/v1/public/proposals?government_id={}" id="public-results">{}</a></p>"#,
        c.t("全部", "all"),
        c.t("人大代表建议", "NPC suggestions"),
        c.t("政协提案", "CPPCC proposals"),
        esc(&g),
        c.t("公开的办理结果", "published results"),
    ));
    let mut q = params(c);
    q.kind = kind;
    if !is_office {
        q.unit_id = own_unit(c);
    }
    match api::list_proposals(State(state.clone()), cl, Query(q)).await {
        Ok(axum::Json(rows)) => {
            let rows: Vec<_> = rows
                .into_iter()
                .filter(|r| is_office || r.unit_id.as_deref().is_some_and(|u| sees(c, u)))
                .collect();
            if rows.is_empty() {
                b.push_str(&format!(
                    r#"<p class="empty" id="proposal-empty">{}</p>"#,
                    c.t("没有建议提案。", "No suggestions or proposals.")
                ));
            } else {
                b.push_str(&format!(
                    r#"<table class="list" id="proposal-list"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>"#,
                    c.t("类别", "Kind"),
                    c.t("编号与标题", "Number and title"),
                    c.t("提出人", "Proposer"),
                    c.t("主办 / 协办", "Lead / co-units"),
                    c.t("交办日期", "Assigned on"),
                    c.t("答复期限", "Due"),
                    c.t("状态", "Status"),
                ));
                for r in &rows {
                    let i = &r.item;
                    let co = i
                        .get("co_units")
                        .and_then(Value::as_array)
                        .map(|a| {
                            a.iter()
                                .filter_map(Value::as_str)
                                .map(|u| uname(&names, u))
                                .collect::<Vec<_>>()
                                .join("、")
                        })
                        .unwrap_or_default();
                    let due = txt(&r.standing, "due_on");
                    b.push_str(&format!(
                        r#"<tr><td>{}</td><td><a href="/ui/proposals/{}">{} {}</a></td><td>{}</td><td>{}<br><small>{}</small></td><td>{}</td><td>{}<br><small>{}</small></td><td>{}</td></tr>"#,
                        kind_label(c, &r.kind),
                        esc(&r.id),
                        esc(&txt(i, "number")),
                        esc(&txt(i, "title")),
                        esc(&txt(i, "proposer")),
                        uname(&names, &txt(i, "lead_unit")),
                        co,
                        esc(&txt(i, "assigned_on")),
                        if due.is_empty() { c.t("未规定", "not stated").to_string() } else { esc(&due) },
                        source_label(c, &txt(&r.standing["limit"], "source")),
                        badge(c, &r.status),
                    ));
                }
                b.push_str("</tbody></table>");
            }
        }
        Err(p) => b.push_str(&problem_html(c, &p)),
    }
    if is_office {
        let mut depts: Vec<(&String, &String)> = names.iter().collect();
        depts.sort();
        let unit_opts = options(depts.iter().map(|(id, n)| (id.as_str(), (*n).clone())), "");
        b.push_str(&format!(
            r#"<section class="card"><h2>{h}</h2><form method="post" action="/ui/proposals" class="act" id="proposal-form">{csrf}<div class="grid2">
<label for="pr-kind">{kind}</label><select id="pr-kind" name="kind"><option value="suggestion">{sug}</option><option value="proposal">{pro}</option></select>
<label for="pr-number">{num}</label><input id="pr-number" name="number" required>
<label for="pr-title">{t}</label><input id="pr-title" name="title" required>
<label for="pr-proposer">{prop}</label><input id="pr-proposer" name="proposer" required>
<label for="pr-lead">{lead}</label><select id="pr-lead" name="lead_unit">{unit_opts}</select>
<label for="pr-co">{co}</label><select id="pr-co" name="co_units" multiple size="4">{unit_opts}</select>
<label for="pr-assigned">{assigned}</label><input id="pr-assigned" name="assigned_on" type="date" value="{today}">
<span></span><label class="check"><input type="checkbox" name="complex" value="1" id="pr-complex"> {complex}</label>
</div><button type="submit" id="proposal-submit">{submit}</button></form></section>"#,
            h = c.t("交办", "Assign"),
            csrf = c.csrf_field(),
            kind = c.t("类别", "Kind"),
            sug = c.t("人大代表建议", "NPC suggestion"),
            pro = c.t("政协提案", "CPPCC proposal"),
            num = c.t("编号", "Number"),
            t = c.t("标题", "Title"),
            prop = c.t("提出人", "Proposer"),
            lead = c.t("主办单位", "Lead unit"),
            co = c.t("协办单位", "Co-units"),
            assigned = c.t("交办日期", "Assigned on"),
            today = state.today(),
            complex = c.t(
                "涉及面广、处理难度大",
                "complex (wide-ranging, difficult)"
            ),
            submit = c.t("交办", "Assign"),
        ));
    }
    page_status(c, status_of(problem.as_ref()), title, "/ui/proposals", &b)
}

/// `POST /ui/proposals`.
pub async fn create(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(pairs): Form<Pairs>,
) -> Response {
    let (c, cl) = match act::form_caller(&state, &headers, &pairs).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let lead = field(&pairs, "lead_unit");
    let co: Vec<String> = super::super::documents::fields(&pairs, "co_units")
        .into_iter()
        .filter(|u| *u != lead)
        .collect();
    let v = json!({
        "government_id": gov(&c),
        "kind": field(&pairs, "kind"),
        "number": field(&pairs, "number"),
        "title": field(&pairs, "title"),
        "proposer": field(&pairs, "proposer"),
        "lead_unit": lead,
        "co_units": co,
        "assigned_on": opt(&pairs, "assigned_on"),
        "complex": field(&pairs, "complex") == "1",
    });
    let r = act::call(v, "form", |n: api::NewProposal| {
        api::create_proposal(State(state.clone()), cl, ApiJson(n))
    })
    .await;
    match r {
        Ok(res) => act::to_created(res, "/ui/proposals").await,
        Err(p) => render_list(&state, &c, None, Some(p)).await,
    }
}

/// `GET /ui/proposals/{id}`.
pub async fn proposal_show(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(q): Query<FuQuery>,
) -> Response {
    let c = ctx(&state, &headers, q.lang.as_deref()).await;
    if c.user.is_none() {
        return to_login();
    }
    render(&state, &c, &id, None).await
}

async fn render(state: &AppState, c: &Ctx, id: &str, problem: Option<Problem>) -> Response {
    let Some(cl) = caller(c) else {
        return to_login();
    };
    let title = c.t("建议提案", "Suggestion or proposal");
    let r = match api::get_proposal(State(state.clone()), cl, Path(id.to_string())).await {
        Ok(axum::Json(r)) => r,
        Err(p) => {
            return page_status(
                c,
                p.status_code(),
                title,
                "/ui/proposals",
                &problem_html(c, &p),
            );
        }
    };
    let lead = r.unit_id.clone().unwrap_or_default();
    if r.government_id != gov(c) || !(office(c) || sees(c, &lead)) {
        let p = Problem::not_found();
        return page_status(
            c,
            p.status_code(),
            title,
            "/ui/proposals",
            &problem_html(c, &p),
        );
    }
    let names = units(state, c).await;
    let i = &r.item;
    let mut b = String::new();
    if let Some(p) = &problem {
        b.push_str(&problem_html(c, p));
    }
    let co = i
        .get("co_units")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(|u| uname(&names, u))
                .collect::<Vec<_>>()
                .join("、")
        })
        .unwrap_or_default();
    let contacts = i
        .get("contacts")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .map(|x| {
                    format!(
                        "<li>{} {} {}</li>",
                        esc(&txt(x, "on")),
                        esc(&txt(x, "how")),
                        esc(&txt(x, "note"))
                    )
                })
                .collect::<String>()
        })
        .unwrap_or_default();
    let sat = txt(i, "satisfaction");
    b.push_str(&format!(
        r#"<section class="card"><h2>{} {} {}</h2><p>{}</p><table class="list kv"><tbody>
<tr><th>{}</th><td>{}</td></tr><tr><th>{}</th><td id="pr-lead-unit">{}</td></tr><tr><th>{}</th><td>{}</td></tr>
<tr><th>{}</th><td>{}</td></tr><tr><th>{}</th><td id="pr-due"><strong>{}</strong> {}</td></tr>
<tr><th>{}</th><td><ul id="pr-contacts">{}</ul></td></tr><tr><th>{}</th><td id="pr-reply">{} {}</td></tr>
<tr><th>{}</th><td>{}</td></tr><tr><th>{}</th><td>{}</td></tr>
</tbody></table></section>"#,
        kind_label(c, &r.kind),
        esc(&txt(i, "number")),
        esc(&txt(i, "title")),
        badge(c, &r.status),
        c.t("提出人", "Proposer"),
        esc(&txt(i, "proposer")),
        c.t("主办单位", "Lead unit"),
        uname(&names, &lead),
        c.t("协办单位", "Co-units"),
        co,
        c.t("交办日期", "Assigned on"),
        esc(&txt(i, "assigned_on")),
        c.t("答复期限", "Reply due"),
        esc(&txt(&r.standing, "due_on")),
        limit_html(c, &r.standing, &txt(i, "assigned_on")),
        c.t("联系沟通", "Contacts"),
        contacts,
        c.t("答复", "Reply"),
        esc(&txt(i, "replied_on")),
        esc(&txt(i, "reply_summary")),
        c.t("满意度", "Rating"),
        if sat.is_empty() { String::new() } else { label(c, SATISFACTION, &sat) },
        c.t("公开办理结果", "Results published"),
        esc(&txt(i, "published_on")),
    ));
    let action = format!("/ui/proposals/{}/act", r.id);
    let replied = !txt(i, "replied_on").is_empty();
    let mut acts = String::new();
    if acts_for(c, &lead) && !replied {
        acts.push_str(&act_form(
            c,
            &action,
            r.version,
            "contact",
            "contact",
            &format!(
                r#"<label>{} <input name="how" id="contact-how" required></label> <label>{} <input name="note" id="contact-note"></label> "#,
                c.t("方式", "How"),
                c.t("情况", "Note")
            ),
            c.t("记录联系沟通", "Record the contact"),
        ));
        acts.push_str(&act_form(
            c,
            &action,
            r.version,
            "reply",
            "reply",
            &format!(
                r#"<label>{} <input name="summary" id="reply-summary" required></label> "#,
                c.t("答复（A/B/C类及摘要）", "Reply (A/B/C and summary)")
            ),
            c.t("记录答复", "Record the reply"),
        ));
    }
    if office(c) && replied {
        if sat.is_empty() {
            acts.push_str(&act_form(
                c,
                &action,
                r.version,
                "rate",
                "rate",
                &format!(
                    r#"<select name="satisfaction" id="rate-satisfaction" aria-label="{}">{}</select> "#,
                    c.t("满意度", "Rating"),
                    kind_options(c, SATISFACTION, "satisfied")
                ),
                c.t("记录满意度测评", "Record the rating"),
            ));
        }
        if txt(i, "published_on").is_empty() {
            acts.push_str(&act_form(
                c,
                &action,
                r.version,
                "publish",
                "publish",
                "",
                c.t("公开办理结果", "Publish the results"),
            ));
        }
    }
    if !acts.is_empty() {
        b.push_str(&format!(
            r#"<section class="card" id="actions"><h2>{}</h2>{acts}</section>"#,
            c.t("办理", "Act")
        ));
    }
    b.push_str(&format!(
        r#"<p><a href="/ui/audit?type={}&amp;id={}">{}</a> · <a href="/ui/proposals">{}</a></p>"#,
        esc(&r.kind),
        esc(&r.id),
        c.t("审计记录", "Audit trail"),
        c.t("返回", "Back")
    ));
    page_status(c, status_of(problem.as_ref()), title, "/ui/proposals", &b)
}

/// `POST /ui/proposals/{id}/act`: contact | reply | rate | publish.
pub async fn act(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(pairs): Form<Pairs>,
) -> Response {
    let (c, cl) = match act::form_caller(&state, &headers, &pairs).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let version = field(&pairs, "version").parse::<i64>().unwrap_or(0);
    let cmd = field(&pairs, "command");
    let v = match cmd.as_str() {
        "contact" => json!({"version": version, "command": "contact",
            "how": field(&pairs, "how"), "note": field(&pairs, "note")}),
        "reply" => {
            json!({"version": version, "command": "reply", "summary": field(&pairs, "summary")})
        }
        "rate" => json!({"version": version, "command": "rate",
            "satisfaction": field(&pairs, "satisfaction")}),
        _ => json!({"version": version, "command": cmd}),
    };
    let r = act::call(v, "form", |a: api::ProposalAction| {
        api::proposal_action(State(state.clone()), cl, Path(id.clone()), ApiJson(a))
    })
    .await
    .map(|_| ());
    match r {
        Ok(()) => Redirect::to(&format!("/ui/proposals/{id}")).into_response(),
        Err(p) => render(&state, &c, &id, Some(p)).await,
    }
}
