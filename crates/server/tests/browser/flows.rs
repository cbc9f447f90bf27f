//! End-to-end flows through the web UI in headless Chromium, each on its own server whose clock
//! is a `ManualClock` (the store's clock is the server's "today"): a department's 请示 from 退文 to
//! 办结, a late agenda item admitted by a recorded exception, and a supervised item that goes
//! overdue when the clock moves, then is reported, verified and closed. Plus the leave and
//! disclosure screens. Screenshots of each main screen go to the screenshot folder.

use super::Env;
use jiff::SignedDuration;

/// Monday 2026-03-02, 09:00 in Beijing.
const MONDAY: &str = "2026-03-02T01:00:00Z";

fn day(n: i64) -> SignedDuration {
    SignedDuration::from_hours(24 * n)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_goes_from_return_to_closing() {
    let Some(e) = Env::start(MONDAY).await else {
        return;
    };
    // The education bureau submits a 请示 without 签发人 and without the contact in the 附注:
    // it is returned at once, every reason with its article and quote.
    e.login_as("liaocheng-jyj").await;
    e.goto("/ui/documents/new").await;
    e.fill("title", "关于申请校舍维修资金的请示").await;
    e.select("doc_type", "请示").await;
    e.fill("doc_number", "聊教发〔2026〕3号").await;
    e.fill("signer_name", "").await;
    e.fill("main_recipients", "市人民政府").await;
    e.fill("contact", "").await;
    e.fill(
        "text",
        "关于申请校舍维修资金的请示\n拟申请校舍维修资金80万元。\n妥否，请批示。",
    )
    .await;
    e.click("#register-submit").await;
    let reasons = e.text("#return-reasons").await;
    assert!(reasons.contains("聊城 第五十六条"), "{reasons}");
    assert!(
        reasons.contains("请示报告应当在公文“附注”的位置注明联系人姓名和电话号码"),
        "the quote: {reasons}"
    );
    e.shot("10-document-returned").await;

    // Fix it from the reasons and resubmit.
    e.click("#resubmit-link").await;
    assert!(e.text("#fix-reasons").await.contains("第五十六条"));
    e.fill("signer_name", "王局长").await;
    e.fill("contact", "联系人：李科长，电话 0635-8888888").await;
    e.click("#register-submit").await;
    let status = e.text("#doc-status").await;
    assert!(status.contains("待签收"), "registered: {status}");
    let doc = e.path().await;

    // The office accepts it and routes it to the vice mayor whose portfolio covers education.
    e.login_as("liaocheng-office").await;
    e.goto(&doc).await;
    if let Ok(b) =
        e.c.find(fantoccini::Locator::Css(
            "#accept-form input[name=confirm_warnings]",
        ))
        .await
    {
        b.click().await.unwrap();
    }
    e.click("#accept-submit").await;
    e.click("#route-submit").await;
    let routed = e.text("#routed-to").await;
    assert!(routed.contains("副市长"), "{routed}");

    // The leader writes the 批示.
    e.login_as("liaocheng-deputy1").await;
    e.goto(&doc).await;
    e.fill("opinion", "同意。请市教育局抓紧组织实施，确保安全。")
        .await;
    e.click("#instruct-submit").await;
    let instruction = e.text("#instruction").await;
    assert!(instruction.contains("抓紧组织实施"), "{instruction}");
    e.shot("11-document-instructed").await;

    // The office dispatches it to the bureau with the handling deadline and how it was computed.
    e.login_as("liaocheng-office").await;
    e.goto(&doc).await;
    e.click("#dispatch-submit").await;
    assert!(e.text("#doc-status").await.contains("已转办"));

    // The bureau replies; the office closes.
    e.login_as("liaocheng-jyj").await;
    e.goto(&doc).await;
    e.fill("reply-text", "已完成校舍维修招标，工程于三月底开工。")
        .await;
    e.click("#reply-submit").await;
    e.login_as("liaocheng-office").await;
    e.goto(&doc).await;
    e.click("#close-submit").await;
    let status = e.text("#doc-status").await;
    assert!(status.contains("已办结"), "{status}");
    e.shot("12-document-closed").await;
    e.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_late_agenda_item_needs_an_exception() {
    let Some(e) = Env::start(MONDAY).await else {
        return;
    };
    // Proposed on Monday for the executive meeting on Thursday: later than five working days
    // before the meeting (聊城 第四十七条), so refused with the article and its quote.
    e.login_as("liaocheng-jyj").await;
    e.goto("/ui/agenda").await;
    e.fill("a-title", "关于调整中小学课后服务收费标准的议题")
        .await;
    e.set("a-date", "2026-03-05").await;
    e.set("a-sub", "2026-03-02").await;
    e.click("#propose button[type=submit]").await;
    let gate = e.text("#gate").await;
    assert!(gate.contains("聊城 第四十七条"), "{gate}");
    assert!(
        gate.contains("会议议题一般应于会前５个工作日报送市政府办公室"),
        "{gate}"
    );
    assert_eq!(
        e.c.find(fantoccini::Locator::Id("gate-outcome"))
            .await
            .unwrap()
            .attr("class")
            .await
            .unwrap()
            .as_deref(),
        Some("outcome refused")
    );
    let deadline = e.text("#deadline").await;
    // Five working days before Thursday 5 March, counting the make-up working Saturday.
    assert!(deadline.contains("2026-02-27"), "{deadline}");
    assert!(
        deadline.contains("调休上班"),
        "how it was computed: {deadline}"
    );
    e.shot("13-agenda-refused-late").await;

    // The prerequisites are met and the head decides to admit it: the exception is recorded
    // with its reason and who decided.
    for cb in
        e.c.find_all(fantoccini::Locator::Css(
            "#facts fieldset:nth-of-type(2) input[type=checkbox]",
        ))
        .await
        .unwrap()
    {
        if cb.prop("checked").await.unwrap().as_deref() != Some("true") {
            cb.click().await.unwrap();
        }
    }
    e.select("f-ground", "superior_deployment").await;
    e.fill("f-reason", "贯彻省政府关于课后服务的紧急部署").await;
    e.select("f-by", "head").await;
    e.click("#save-facts").await;
    let exception = e.text("#exception").await;
    assert!(
        exception.contains("贯彻省政府关于课后服务的紧急部署"),
        "{exception}"
    );
    let outcome = e.text("#gate-outcome").await;
    assert!(
        outcome.contains("通过"),
        "admitted with the exception: {outcome}"
    );
    e.shot("14-agenda-exception").await;
    e.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_supervised_item_goes_overdue_and_is_closed() {
    let Some(e) = Env::start(MONDAY).await else {
        return;
    };
    // 立项: the office registers a leader's instruction for the education bureau, 5 working days.
    e.login_as("liaocheng-office").await;
    e.goto("/ui/supervision").await;
    assert!(
        e.text("#ledger").await.contains("背街小巷路灯维修"),
        "the demo items"
    );
    e.shot("15-supervision-ledger").await;
    e.tap("#new-item summary").await;
    e.fill("sv-title", "市长批示：校园周边交通秩序整治").await;
    e.select("sv-source", "leader_instruction").await;
    select_by_text(&e, "sv-lead", "市教育局").await;
    e.fill("sv-resp", "王局长").await;
    e.set("sv-assigned", "2026-03-02").await;
    e.fill("sv-days", "5").await;
    e.click("#sv-new-submit").await;
    let item = e.path().await;
    assert!(item.starts_with("/ui/supervision/"), "{item}");
    let status = attr(&e, "#item-status", "data-status").await;
    assert!(
        status == "on_time" || status == "due_soon",
        "a fresh item: {status}"
    );
    let deadlines = e.text("#deadlines").await;
    assert!(
        deadlines.contains("2026-03-09"),
        "due in 5 working days: {deadlines}"
    );

    // Two weeks later (the scheduler has run) it is overdue: red in the ledger and on the item.
    e.advance(day(14)).await;
    e.login_as("liaocheng-office").await;
    e.goto(&item).await;
    let status = attr(&e, "#item-status", "data-status").await;
    assert!(
        matches!(status.as_str(), "overdue" | "long_overdue" | "escalate"),
        "after two weeks: {status}"
    );
    assert!(
        e.c.find(fantoccini::Locator::Css("#item-status.sv-red"))
            .await
            .is_ok()
    );
    e.goto(&format!("/ui/supervision?status={status}")).await;
    let ledger = e.text("#ledger").await;
    assert!(ledger.contains("校园周边交通秩序整治"), "{ledger}");
    e.shot("16-supervision-overdue").await;

    // The office sends a reminder and grants an extension; the bureau reports completion.
    e.goto(&item).await;
    e.click("#remind-submit").await;
    e.fill("extend-days", "3").await;
    e.fill("extend-by", "常务副市长").await;
    e.fill("extend-reason", "涉及多部门协调").await;
    e.click("#extend-submit").await;
    let timeline = e.text("#timeline").await;
    assert!(timeline.contains("催办"), "{timeline}");
    assert!(timeline.contains("延期"), "{timeline}");
    e.login_as("liaocheng-jyj").await;
    e.goto(&item).await;
    e.fill(
        "report-text",
        "已完成校园周边交通秩序整治，设置护学岗12处。",
    )
    .await;
    e.c.find(fantoccini::Locator::Id("report-completed"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    e.click("#report-submit").await;
    assert!(e.text("#timeline").await.contains("护学岗12处"));

    // The office verifies and closes (销号); the on-time chart and the printable ledger.
    e.login_as("liaocheng-office").await;
    e.goto(&item).await;
    e.shot("17-supervision-item").await;
    e.fill("verify-note", "现场核查属实").await;
    e.click("#verify-submit").await;
    if e.c
        .find(fantoccini::Locator::Id("close-submit"))
        .await
        .is_ok()
    {
        e.click("#close-submit").await;
    }
    let stage = e.text("#item-stage").await;
    assert!(
        stage.contains("已核查") || stage.contains("已销号"),
        "{stage}"
    );
    e.goto("/ui/supervision/report").await;
    let chart = e.text("#on-time-chart").await;
    assert!(chart.contains("教育局"), "{chart}");
    assert!(
        e.c.find(fantoccini::Locator::Css("#on-time-chart .bar-fill"))
            .await
            .is_ok(),
        "a bar"
    );
    e.shot("18-supervision-on-time").await;
    e.goto("/ui/supervision/print?open=all").await;
    assert!(e.text("#print-head").await.contains("截至"));
    e.shot("19-supervision-print").await;

    // The 督办 tab of the inbox lists the open items with their due dates.
    e.goto("/ui/inbox?tab=supervise").await;
    let inbox = e.text("main").await;
    assert!(inbox.contains("督办事项"), "{inbox}");
    assert!(
        inbox.contains("个工作日"),
        "the due date explains itself: {inbox}"
    );
    e.shot("20-inbox-supervise").await;
    e.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn leave_and_disclosure_screens() {
    let Some(e) = Env::start(MONDAY).await else {
        return;
    };
    e.login_as("liaocheng-office").await;

    // A vice mayor's business trip with the mutual substitute acting.
    e.goto("/ui/leave").await;
    select_by_text(&e, "lv-position", "副市长").await;
    e.select("lv-requester", "deputy").await;
    e.select("lv-purpose", "business_trip").await;
    e.set("lv-departs", "2026-03-09").await;
    e.set("lv-returns", "2026-03-11").await;
    e.set("lv-submitted", "2026-03-02").await;
    select_by_text(&e, "lv-acting", "常务副市长").await;
    e.fill("lv-reason", "赴省教育厅汇报工作").await;
    e.fill("lv-itinerary", "济南 省教育厅").await;
    e.click("#leave-submit").await;
    let path = e.path().await;
    assert!(path.starts_with("/ui/leave/"), "recorded: {path}");
    assert!(e.text("#leave-status").await.contains("待审批"));
    assert!(e.text("#leave-acting").await.contains("常务副市长"));
    assert!(
        e.text("#leave-chain").await.contains("第七十六条"),
        "the approver's article"
    );
    e.shot("21-leave-request").await;
    e.fill("approve-by", "市长").await;
    e.click("#approve-submit").await;
    assert!(e.text("#leave-status").await.contains("已批准"));
    // On the first day away the list shows who acts for the leader.
    e.advance(day(7)).await;
    e.login_as("liaocheng-office").await;
    e.goto("/ui/leave").await;
    let acting = e.text("#acting-today").await;
    assert!(acting.contains("→ 常务副市长"), "{acting}");

    // A disclosure request: registered, 补正 asked, the public status page, a reply.
    e.goto("/ui/openness").await;
    e.fill("ds-applicant", "张三").await;
    e.fill("ds-content", "2025年本市中小学校舍维修资金使用情况")
        .await;
    e.set("ds-received", "2026-03-02").await;
    e.click("#disclosure-submit").await;
    let due = e.text("#disclosure-due").await;
    assert!(due.starts_with("2026-"), "{due}");
    assert!(e.text("#deadlines").await.contains("工作日"));
    e.fill("correction-what", "请明确所需信息的年度和范围")
        .await;
    e.click("#request_correction-submit").await;
    e.shot("22-disclosure").await;
    let public =
        e.c.find(fantoccini::Locator::Id("public-link"))
            .await
            .unwrap()
            .attr("href")
            .await
            .unwrap()
            .unwrap();
    e.click("#correction_received-submit").await;
    e.select("reply-form", "disclosed").await;
    e.click("#reply-submit").await;
    assert!(e.text("#disclosure-status").await.contains("答复"));
    // The applicant's page needs no login.
    e.click(".who button").await;
    e.goto(&public).await;
    let st = e.text("#public-status").await;
    assert!(st.contains("答复"), "{st}");
    e.shot("23-disclosure-public").await;

    // The menu reaches the new areas in English too.
    e.login_as("liaocheng-office").await;
    e.goto("/ui/supervision?lang=en").await;
    assert!(e.text("h1").await.contains("Supervision ledger"));
    e.goto("/ui/?lang=zh").await;
    e.finish().await;
}

async fn attr(e: &Env, css: &str, name: &str) -> String {
    e.c.wait()
        .at_most(std::time::Duration::from_secs(10))
        .for_element(fantoccini::Locator::Css(css))
        .await
        .unwrap()
        .attr(name)
        .await
        .unwrap()
        .unwrap_or_default()
}

/// Selects the first option whose label starts with `label`.
async fn select_by_text(e: &Env, id: &str, label: &str) {
    let opts =
        e.c.find_all(fantoccini::Locator::Css(&format!("#{id} option")))
            .await
            .unwrap();
    for o in opts {
        if o.text().await.unwrap().trim().starts_with(label) {
            let v = o.attr("value").await.unwrap().unwrap_or_default();
            e.select(id, &v).await;
            return;
        }
    }
    panic!("no option {label} in #{id}");
}
