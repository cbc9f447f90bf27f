//! 12345 hotline tickets: intake routed by category from the configuration, the owning unit's
//! reply, re-routing, callback with satisfaction, the monthly statistics per unit and the
//! configuration with what the seed says.

use super::*;

const SATISFACTION: &[(&str, &str, &str)] = &[
    ("satisfied", "满意", "satisfied"),
    ("basically_satisfied", "基本满意", "basically satisfied"),
    ("dissatisfied", "不满意", "dissatisfied"),
];

fn month_of(state: &AppState, m: Option<String>) -> String {
    m.filter(|m| m.len() == 7)
        .unwrap_or_else(|| state.today().to_string().chars().take(7).collect())
}

fn tabs(c: &Ctx) -> String {
    format!(
        r#"<p class="filters"><a href="/ui/hotline">{}</a> · <a href="/ui/hotline?status=overdue">{}</a>{}</p>"#,
        c.t("工单", "Tickets"),
        c.t("逾期", "Overdue"),
        if office(c) {
            format!(
                r#" · <a href="/ui/hotline/stats" id="hotline-stats-link">{}</a> · <a href="/ui/hotline/config" id="hotline-config-link">{}</a>"#,
                c.t("月度统计", "Monthly statistics"),
                c.t("热线配置", "Configuration")
            )
        } else {
            String::new()
        }
    )
}

/// `GET /ui/hotline?status=&month=`: the office sees every ticket and takes calls in; a unit
/// sees its own.
pub async fn hotline_list(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<FuQuery>,
) -> Response {
    let c = ctx(&state, &headers, q.lang.as_deref()).await;
    if c.user.is_none() {
        return to_login();
    }
    render_list(&state, &c, &q, None).await
}

async fn render_list(
    state: &AppState,
    c: &Ctx,
    fq: &FuQuery,
    problem: Option<Problem>,
) -> Response {
    let Some(cl) = caller(c) else {
        return to_login();
    };
    let is_office = office(c);
    let title = c.t("12345热线工单", "12345 hotline tickets");
    let names = units(state, c).await;
    let mut b = String::new();
    if let Some(p) = &problem {
        b.push_str(&problem_html(c, p));
    }
    b.push_str(&tabs(c));
    let mut q = params(c);
    q.status = fq.status.clone().filter(|s| !s.is_empty());
    q.month = fq.month.clone().filter(|s| !s.is_empty());
    if !is_office {
        q.unit_id = own_unit(c);
    }
    match api::list_tickets(State(state.clone()), cl.clone(), Query(q)).await {
        Ok(axum::Json(rows)) => {
            let rows: Vec<_> = rows
                .into_iter()
                .filter(|r| is_office || r.unit_id.as_deref().is_some_and(|u| sees(c, u)))
                .collect();
            if rows.is_empty() {
                b.push_str(&format!(
                    r#"<p class="empty" id="ticket-empty">{}</p>"#,
                    c.t("没有工单。", "No tickets.")
                ));
            } else {
                b.push_str(&format!(
                    r#"<table class="list" id="ticket-list"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>"#,
                    c.t("编号", "Number"),
                    c.t("受理日期", "Received"),
                    c.t("类别", "Category"),
                    c.t("诉求", "Request"),
                    c.t("承办单位", "Owning unit"),
                    c.t("答复期限", "Reply due"),
                    c.t("状态", "Status"),
                ));
                for r in rows.iter().rev() {
                    let i = &r.item;
                    b.push_str(&format!(
                        r#"<tr><td><a href="/ui/hotline/{}">{}</a></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>"#,
                        esc(&r.id),
                        esc(&txt(i, "number")),
                        esc(&txt(i, "received_on")),
                        esc(&txt(i, "category")),
                        esc(&txt(i, "content")),
                        uname(&names, &txt(i, "unit_id")),
                        esc(&txt(&r.standing, "due_on")),
                        badge(c, &r.status),
                    ));
                }
                b.push_str("</tbody></table>");
            }
        }
        Err(p) => b.push_str(&problem_html(c, &p)),
    }
    if is_office {
        let cfg = api::get_config(
            State(state.clone()),
            cl,
            Query(api::ConfigParams {
                government_id: Some(gov(c)),
            }),
        )
        .await
        .map(|j| j.0.config)
        .unwrap_or(Value::Null);
        let cats: Vec<(String, String)> = cfg
            .get("routes")
            .and_then(Value::as_object)
            .map(|o| {
                o.iter()
                    .map(|(k, v)| {
                        (
                            k.clone(),
                            format!(
                                "{k} → {}",
                                names
                                    .get(v.as_str().unwrap_or(""))
                                    .map_or(v.as_str().unwrap_or(""), String::as_str)
                            ),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        let cat_opts = options(cats.iter().map(|(k, l)| (k.as_str(), l.clone())), "");
        b.push_str(&format!(
            r#"<section class="card"><h2>{h}</h2><p class="explain">{note}</p><form method="post" action="/ui/hotline" class="act" id="ticket-form">{csrf}<div class="grid2">
<label for="tk-number">{num}</label><input id="tk-number" name="number" required>
<label for="tk-received">{rec}</label><input id="tk-received" name="received_on" type="date" value="{today}">
<label for="tk-caller">{caller}</label><input id="tk-caller" name="caller" required>
<label for="tk-phone">{phone}</label><input id="tk-phone" name="phone">
<label for="tk-category">{cat}</label><select id="tk-category" name="category">{cat_opts}</select>
<label for="tk-content">{content}</label><textarea id="tk-content" name="content" rows="2" required></textarea>
</div><button type="submit" id="ticket-submit">{submit}</button></form></section>"#,
            h = c.t("受理来电", "Take a call in"),
            note = c.t(
                "按热线配置的分类派单到承办单位。",
                "Routed to the owning unit by the configured category."
            ),
            csrf = c.csrf_field(),
            num = c.t("工单编号", "Ticket number"),
            rec = c.t("受理日期", "Received on"),
            today = state.today(),
            caller = c.t("来电人", "Caller"),
            phone = c.t("电话", "Phone"),
            cat = c.t("类别", "Category"),
            content = c.t("诉求内容", "Request"),
            submit = c.t("受理并派单", "Take in and route"),
        ));
    }
    page_status(c, status_of(problem.as_ref()), title, "/ui/hotline", &b)
}

/// `POST /ui/hotline`: intake.
pub async fn create(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(pairs): Form<Pairs>,
) -> Response {
    let (c, cl) = match act::form_caller(&state, &headers, &pairs).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let v = json!({
        "government_id": gov(&c),
        "number": field(&pairs, "number"),
        "received_on": opt(&pairs, "received_on"),
        "caller": field(&pairs, "caller"),
        "phone": field(&pairs, "phone"),
        "category": field(&pairs, "category"),
        "content": field(&pairs, "content"),
    });
    let r = act::call(v, "form", |n: api::NewTicket| {
        api::create_ticket(State(state.clone()), cl, ApiJson(n))
    })
    .await;
    match r {
        Ok(res) => act::to_created(res, "/ui/hotline").await,
        Err(p) => render_list(&state, &c, &FuQuery::default(), Some(p)).await,
    }
}

/// `GET /ui/hotline/{id}`.
pub async fn hotline_show(
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
    let title = c.t("12345工单", "12345 ticket");
    let mut q = params(c);
    if !office(c) {
        q.unit_id = own_unit(c);
    }
    let found = match api::list_tickets(State(state.clone()), cl, Query(q)).await {
        Ok(axum::Json(rows)) => rows.into_iter().find(|r| r.id == id),
        Err(p) => {
            return page_status(
                c,
                p.status_code(),
                title,
                "/ui/hotline",
                &problem_html(c, &p),
            );
        }
    };
    let unit = found
        .as_ref()
        .and_then(|r| r.unit_id.clone())
        .unwrap_or_default();
    let Some(r) = found.filter(|_| office(c) || sees(c, &unit)) else {
        let p = Problem::not_found();
        return page_status(
            c,
            p.status_code(),
            title,
            "/ui/hotline",
            &problem_html(c, &p),
        );
    };
    let names = units(state, c).await;
    let i = &r.item;
    let mut b = String::new();
    if let Some(p) = &problem {
        b.push_str(&problem_html(c, p));
    }
    let cb = &i["callback"];
    let callback = if cb.is_object() {
        format!(
            "{} {} {}",
            esc(&txt(cb, "on")),
            label(c, SATISFACTION, &txt(cb, "satisfaction")),
            esc(&txt(cb, "note"))
        )
    } else {
        String::new()
    };
    b.push_str(&format!(
        r#"<section class="card"><h2>{} {}</h2><p id="ticket-status">{}</p><table class="list kv"><tbody>
<tr><th>{}</th><td>{}</td></tr><tr><th>{}</th><td>{} {}</td></tr><tr><th>{}</th><td>{}</td></tr>
<tr><th>{}</th><td>{}</td></tr><tr><th>{}</th><td id="ticket-unit" data-unit="{}">{}</td></tr>
<tr><th>{}</th><td id="ticket-due"><strong>{}</strong> {}</td></tr>
<tr><th>{}</th><td id="ticket-reply">{} {}</td></tr><tr><th>{}</th><td id="ticket-callback">{}</td></tr>
</tbody></table></section>"#,
        c.t("工单", "Ticket"),
        esc(&txt(i, "number")),
        badge(c, &r.status),
        c.t("受理日期", "Received on"),
        esc(&txt(i, "received_on")),
        c.t("来电人", "Caller"),
        esc(&txt(i, "caller")),
        esc(&txt(i, "phone")),
        c.t("类别", "Category"),
        esc(&txt(i, "category")),
        c.t("诉求", "Request"),
        esc(&txt(i, "content")),
        c.t("承办单位", "Owning unit"),
        esc(&unit),
        uname(&names, &unit),
        c.t("答复期限", "Reply due"),
        esc(&txt(&r.standing, "due_on")),
        limit_html(c, &r.standing, &txt(i, "received_on")),
        c.t("答复", "Reply"),
        esc(&txt(i, "replied_on")),
        esc(&txt(i, "reply")),
        c.t("回访", "Callback"),
        callback,
    ));
    let action = format!("/ui/hotline/{}/act", r.id);
    let replied = !txt(i, "replied_on").is_empty();
    let mut acts = String::new();
    if !replied && acts_for(c, &unit) {
        acts.push_str(&act_form(
            c,
            &action,
            r.version,
            "reply",
            "reply",
            &format!(
                r#"<label>{} <textarea name="reply" id="reply-text" rows="2" required></textarea></label> "#,
                c.t("答复内容", "Reply")
            ),
            c.t("答复来电人", "Reply"),
        ));
    }
    if office(c) && !replied {
        let mut depts: Vec<(&String, &String)> = names.iter().collect();
        depts.sort();
        acts.push_str(&act_form(
            c,
            &action,
            r.version,
            "reroute",
            "reroute",
            &format!(
                r#"<select name="unit_id" id="reroute-unit" aria-label="{}">{}</select> "#,
                c.t("改派单位", "Re-route to"),
                options(
                    depts.iter().map(|(id, n)| (id.as_str(), (*n).clone())),
                    &unit
                )
            ),
            c.t("改派", "Re-route"),
        ));
    }
    if office(c) && replied && !cb.is_object() {
        acts.push_str(&act_form(
            c,
            &action,
            r.version,
            "callback",
            "callback",
            &format!(
                r#"<select name="satisfaction" id="callback-satisfaction" aria-label="{}">{}</select> <input name="note" id="callback-note" aria-label="{}"> "#,
                c.t("满意度", "Satisfaction"),
                kind_options(c, SATISFACTION, "satisfied"),
                c.t("回访记录", "Note"),
            ),
            c.t("记录回访", "Record the callback"),
        ));
    }
    if !acts.is_empty() {
        b.push_str(&format!(
            r#"<section class="card" id="actions"><h2>{}</h2>{acts}</section>"#,
            c.t("办理", "Act")
        ));
    }
    b.push_str(&format!(
        r#"<p><a href="/ui/audit?type=hotline_ticket&amp;id={}">{}</a> · <a href="/ui/hotline">{}</a></p>"#,
        esc(&r.id),
        c.t("审计记录", "Audit trail"),
        c.t("返回", "Back")
    ));
    page_status(c, status_of(problem.as_ref()), title, "/ui/hotline", &b)
}

/// `POST /ui/hotline/{id}/act`: reply | reroute | callback.
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
        "reply" => json!({"version": version, "command": "reply", "reply": field(&pairs, "reply")}),
        "reroute" => {
            json!({"version": version, "command": "reroute", "unit_id": field(&pairs, "unit_id")})
        }
        "callback" => json!({"version": version, "command": "callback",
            "satisfaction": field(&pairs, "satisfaction"), "note": field(&pairs, "note")}),
        _ => json!({"version": version, "command": cmd}),
    };
    let r = act::call(v, "form", |a: api::TicketAction| {
        api::ticket_action(State(state.clone()), cl, Path(id.clone()), ApiJson(a))
    })
    .await
    .map(|_| ());
    match r {
        Ok(()) => Redirect::to(&format!("/ui/hotline/{id}")).into_response(),
        Err(p) => render(&state, &c, &id, Some(p)).await,
    }
}

fn pct(v: &Value) -> Option<f64> {
    v.as_f64().map(|x| if x <= 1.0 { x * 100.0 } else { x })
}

/// `GET /ui/hotline/stats?month=YYYY-MM`: per unit, an HTML table with bars.
pub async fn hotline_stats(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<FuQuery>,
) -> Response {
    let c = ctx(&state, &headers, q.lang.as_deref()).await;
    let Some(cl) = caller(&c) else {
        return to_login();
    };
    if !office(&c) {
        return not_office(&c);
    }
    let title = c.t("12345月度统计", "12345 monthly statistics");
    let month = month_of(&state, q.month);
    let names = units(&state, &c).await;
    let mut b = tabs(&c);
    b.push_str(&format!(
        r#"<form method="get" action="/ui/hotline/stats" class="act"><label for="st-month">{}</label> <input id="st-month" name="month" type="month" value="{}"> <button type="submit">{}</button></form>"#,
        c.t("月份", "Month"),
        esc(&month),
        c.t("查看", "Show")
    ));
    let mut gp = params(&c);
    gp.month = Some(month.clone());
    let status = match api::stats(State(state.clone()), cl, Query(gp)).await {
        Ok(axum::Json(s)) => {
            let list = s.units.as_array().cloned().unwrap_or_default();
            let max = list
                .iter()
                .filter_map(|u| u.get("received").and_then(Value::as_u64))
                .max()
                .unwrap_or(0)
                .max(1);
            if list.is_empty() {
                b.push_str(&format!(
                    r#"<p class="empty" id="stats-empty">{}</p>"#,
                    c.t("本月没有工单。", "No tickets this month.")
                ));
            } else {
                b.push_str(&format!(
                    r#"<table class="list" id="hotline-stats"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>"#,
                    c.t("承办单位", "Unit"),
                    c.t("受理", "Received"),
                    c.t("已答复", "Replied"),
                    c.t("按时 / 逾期答复", "On time / late"),
                    c.t("未答复（逾期）", "Open (overdue)"),
                    c.t("回访", "Called back"),
                    c.t("满意 / 基本满意 / 不满意", "Satisfied / basically / dissatisfied"),
                    c.t("按时答复率", "On-time rate"),
                    c.t("满意率", "Satisfaction rate"),
                ));
                let n = |u: &Value, k: &str| u.get(k).and_then(Value::as_u64).unwrap_or(0);
                let rate = |v: Option<f64>| match v {
                    Some(p) => format!(
                        r#"<meter min="0" max="100" low="60" high="85" optimum="100" value="{p:.0}"></meter> {p:.0}%"#
                    ),
                    None => "—".to_string(),
                };
                for u in &list {
                    let received = n(u, "received");
                    b.push_str(&format!(
                        r#"<tr><td>{}</td><td><meter min="0" max="{max}" value="{received}"></meter> {received}</td><td>{}</td><td>{} / {}</td><td>{} ({})</td><td>{}</td><td>{} / {} / {}</td><td>{}</td><td>{}</td></tr>"#,
                        uname(&names, &txt(u, "unit_id")),
                        n(u, "replied"),
                        n(u, "replied_on_time"),
                        n(u, "replied_late"),
                        n(u, "open"),
                        n(u, "overdue"),
                        n(u, "called_back"),
                        n(u, "satisfied"),
                        n(u, "basically_satisfied"),
                        n(u, "dissatisfied"),
                        rate(u.get("on_time_rate").and_then(pct)),
                        rate(u.get("satisfaction_rate").and_then(pct)),
                    ));
                }
                b.push_str("</tbody></table>");
            }
            if s.limit_source == "unset" {
                b.push_str(&format!(
                    r#"<p class="explain">{}</p>"#,
                    c.t(
                        "未配置办理时限：工单不计逾期。",
                        "No reply limit is configured: tickets are not counted overdue."
                    )
                ));
            }
            StatusCode::OK
        }
        Err(p) => {
            b.push_str(&problem_html(&c, &p));
            p.status_code()
        }
    };
    page_status(&c, status, title, "/ui/hotline", &b)
}

/// `GET /ui/hotline/config`: the routing table, the limit and its basis, what the seed says.
pub async fn hotline_config(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<FuQuery>,
) -> Response {
    let c = ctx(&state, &headers, q.lang.as_deref()).await;
    let Some(cl) = caller(&c) else {
        return to_login();
    };
    if !office(&c) {
        return not_office(&c);
    }
    let title = c.t("12345热线配置", "12345 configuration");
    let names = units(&state, &c).await;
    let mut b = tabs(&c);
    let v = match api::get_config(
        State(state.clone()),
        cl,
        Query(api::ConfigParams {
            government_id: Some(gov(&c)),
        }),
    )
    .await
    {
        Ok(axum::Json(v)) => v,
        Err(p) => {
            b.push_str(&problem_html(&c, &p));
            return page_status(&c, p.status_code(), title, "/ui/hotline", &b);
        }
    };
    b.push_str(&format!(
        r#"<section class="card"><h2>{}</h2><table class="list" id="hotline-routes"><thead><tr><th>{}</th><th>{}</th></tr></thead><tbody>"#,
        c.t("派单表", "Routing table"),
        c.t("类别", "Category"),
        c.t("承办单位", "Owning unit"),
    ));
    if let Some(o) = v.config.get("routes").and_then(Value::as_object) {
        for (k, u) in o {
            b.push_str(&format!(
                "<tr><td>{}</td><td>{}</td></tr>",
                esc(k),
                uname(&names, u.as_str().unwrap_or(""))
            ));
        }
    }
    b.push_str("</tbody></table></section>");
    let days = v
        .config
        .get("reply_working_days")
        .and_then(Value::as_u64)
        .map(|d| match c.lang {
            Lang::Zh => format!("{d}个工作日"),
            Lang::En => format!("{d} working days"),
        })
        .unwrap_or_else(|| c.t("未设定", "not set").to_string());
    b.push_str(&format!(
        r#"<section class="card" id="hotline-limit"><h2>{}</h2><p><strong>{}</strong> · {}：{}</p><p class="explain">{}</p>{}<p>{} {}</p></section>"#,
        c.t("办理时限", "Reply limit"),
        esc(&days),
        c.t("来源", "source"),
        esc(&txt(&v.limit, "source")),
        esc(&txt(&v.limit, "note")),
        cite_v(&v.limit["citation"]),
        c.t("依据：", "Basis:"),
        esc(&txt(&v.config, "basis")),
    ));
    b.push_str(&format!(
        r#"<section class="card" id="hotline-seed"><h2>{}</h2>"#,
        c.t("本级工作规则的规定", "What the Work Rules say")
    ));
    let provisions = v
        .seed
        .get("provisions")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    if provisions.is_empty() {
        b.push_str(&format!(
            r#"<p class="explain unset">{}</p>"#,
            esc(&txt(&v.seed["not_stated"], "note"))
        ));
    } else {
        b.push_str("<ul>");
        for p in &provisions {
            let cites: String = p
                .get("citations")
                .and_then(Value::as_array)
                .map(|a| a.iter().map(cite_v).collect())
                .unwrap_or_default();
            b.push_str(&format!("<li>{} {cites}</li>", esc(&txt(p, "summary"))));
        }
        b.push_str("</ul>");
    }
    b.push_str("</section>");
    page_status(&c, StatusCode::OK, title, "/ui/hotline", &b)
}
