//! The background scheduler inside `zhengwu serve`: moves the supervision ledger's statuses by the
//! clock, sends the notices (临期提醒, 催办, 升级提示) as audited events with a row in
//! `supervision_notices` (the unit's work items), and re-projects every open deadline when a new
//! calendar year is loaded.
//!
//! - **Restart-safe**: a notice is keyed by (item, kind, due period); the key is inserted in the same
//!   transaction as the item's change and the audit event, so a notice is never sent twice and never
//!   lost (a run that dies before COMMIT leaves nothing behind, the next run sends it).
//! - **Several instances on one database**: each tick first takes the lease row `job_leases`
//!   (`supervision.scheduler`) for [`LEASE_SECONDS`]; only its holder runs the job.
//! - An overdue item gets one 催办 per [`REMINDER_EVERY_WORKING_DAYS`] working days after its due date
//!   (a SETTING — the seeds set no interval); each counts toward the profile's escalation trigger
//!   (泰安: 3 unanswered → 约谈 after a leader agrees), whose notice goes to the office.
//! - Normative documents near or past the end of their validity: one notice each to the office's
//!   待办 (`api::documents::send_expiry_notices`).
//! - The follow-up areas (`api::followup::send_due_notices`, docs/followup.md): register entries
//!   not yet published, suggestions/proposals and 12345 tickets not yet replied to, due within the
//!   profile's `supervision.due_soon_working_days` or overdue — one keyed notice per (item, kind,
//!   due date) in `supervision_notices`, to the office or the assigned unit, citing the deadline.

use crate::AppState;
use crate::api::supervision::projection;
use std::time::Duration;
use zhengwu_calendar::Date;
use zhengwu_domain::supervision::{Command, Env, Item, notices};
use zhengwu_store::{Audit, SupItem, SupNotice};

pub const LEASE_NAME: &str = "supervision.scheduler";
pub const LEASE_SECONDS: i64 = 120;
/// SETTING: working days between two automatic 催办 of an overdue item.
pub const REMINDER_EVERY_WORKING_DAYS: u32 = 5;
/// Items due within this many calendar days are looked at on every run (their status can move).
const HORIZON_DAYS: i64 = 45;
const BATCH: u32 = 500;

/// What one run did.
#[derive(Debug, Default, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RunReport {
    /// False when another instance holds the lease.
    pub ran: bool,
    pub examined: usize,
    pub updated: usize,
    pub notices: usize,
    /// True when this run picked up a change of the loaded calendar years (every open deadline
    /// re-projected, `calendar::refresh`).
    pub reprojected: bool,
    /// Expiry notices of normative documents sent in this run (once per document, kind, end date).
    pub normative_notices: usize,
    /// Reminders about proactive disclosure register entries not yet published (due soon or
    /// overdue; once per entry, kind, due date).
    pub publication_notices: usize,
    /// Reminders about NPC suggestions and CPPCC proposals not yet replied to.
    pub proposal_notices: usize,
    /// Reminders about 12345 tickets not yet replied to.
    pub hotline_notices: usize,
}

/// The supervision rules on the server's registry and `calendar` (no thresholds of its own).
pub(crate) fn sup_env<'a>(
    state: &'a AppState,
    calendar: &'a zhengwu_calendar::Calendar,
) -> Env<'a> {
    Env {
        registry: &state.registry,
        calendar,
        thresholds: None,
    }
}

/// Every open supervision item, a page of [`BATCH`] at a time in id order: the walk of the full
/// run here and of the calendar's re-projection (`calendar::reproject`).
#[derive(Debug, Default)]
pub(crate) struct OpenItems {
    after: String,
}

impl OpenItems {
    /// The next page; `None` once every open item was given.
    pub(crate) async fn next_page(
        &mut self,
        state: &AppState,
    ) -> Result<Option<Vec<SupItem>>, crate::Problem> {
        let page = state
            .store
            .sup_open_after(&self.after, BATCH)
            .await
            .map_err(crate::store_problem)?;
        let Some(last) = page.last() else {
            return Ok(None);
        };
        self.after = last.id.clone();
        Ok(Some(page))
    }
}

/// The scheduler's memory between runs.
#[derive(Debug, Default)]
pub struct Scheduler {
    pub holder: String,
    /// Whether this scheduler has looked at every open item once.
    seen: bool,
}

impl Scheduler {
    pub fn new(holder: impl Into<String>) -> Scheduler {
        Scheduler {
            holder: holder.into(),
            seen: false,
        }
    }

    /// One run: pick up newly loaded calendar years (every instance: each holds its own calendar),
    /// then, under the lease, (re-)assess the items whose status can move and send their notices.
    pub async fn run_once(&mut self, state: &AppState) -> Result<RunReport, crate::Problem> {
        let mut report = RunReport::default();
        // A year loaded by another process reaches this one here (re-projected and audited by
        // `calendar::refresh`); a failure leaves the calendar as it was until the next tick.
        let changed = match crate::calendar::refresh(state).await {
            Ok(r) => {
                report.reprojected = r.changed && !r.first;
                r.changed
            }
            Err(p) => {
                tracing::warn!(detail = %p.detail, "calendar refresh failed");
                false
            }
        };
        let leased = state
            .store
            .try_lease(LEASE_NAME, &self.holder, LEASE_SECONDS)
            .await
            .map_err(crate::store_problem)?;
        if !leased {
            return Ok(report);
        }
        report.ran = true;
        let cal = state.calendar();
        let today = state.today();
        let env = sup_env(state, &cal);
        // A changed calendar (or the first run after a start): every open item's status and notices.
        if changed || !self.seen {
            let mut items = OpenItems::default();
            while let Some(page) = items.next_page(state).await? {
                for it in &page {
                    report.examined += 1;
                    if self.refresh(state, &env, it, today, &mut report).await? {
                        report.updated += 1;
                    }
                }
            }
            self.seen = true;
        }
        let horizon = today
            .checked_add(jiff::Span::new().days(HORIZON_DAYS))
            .unwrap_or(today)
            .to_string();
        let mut after: Option<(String, String)> = None;
        loop {
            let page = state
                .store
                .sup_due_before(
                    &horizon,
                    after.as_ref().map(|(d, i)| (d.as_str(), i.as_str())),
                    BATCH,
                )
                .await
                .map_err(crate::store_problem)?;
            let Some(last) = page.last() else { break };
            after = Some((
                last.projection.due_on.clone().unwrap_or_default(),
                last.id.clone(),
            ));
            for it in &page {
                report.examined += 1;
                if self.refresh(state, &env, it, today, &mut report).await? {
                    report.updated += 1;
                }
            }
        }
        // Expiry notices of normative documents; a failure here (e.g. a calendar year not loaded)
        // does not stop the supervision work above.
        match crate::api::documents::send_expiry_notices(state, &cal, today).await {
            Ok(n) => report.normative_notices = n,
            Err(e) => tracing::warn!(error = %e.detail, "normative expiry notices skipped"),
        }
        // Reminders of the follow-up areas (register, suggestions/proposals, 12345).
        match crate::api::followup::send_due_notices(state, &cal, today).await {
            Ok(n) => {
                report.publication_notices = n.publications;
                report.proposal_notices = n.proposals;
                report.hotline_notices = n.hotline;
            }
            Err(e) => tracing::warn!(error = %e.detail, "follow-up notices skipped"),
        }
        Ok(report)
    }

    /// Re-assesses one item: sends its due notices (each in its own idempotent write) and stores a
    /// moved projection. True when something was written.
    async fn refresh(
        &self,
        state: &AppState,
        env: &Env<'_>,
        it: &SupItem,
        today: Date,
        report: &mut RunReport,
    ) -> Result<bool, crate::Problem> {
        let Ok(mut item) = serde_json::from_value::<Item>(it.data.clone()) else {
            tracing::error!(id = %it.id, "stored supervision item does not decode; skipped");
            return Ok(false);
        };
        let mut version = it.version;
        let mut wrote = false;
        let mut a = match env.assess(&item, today) {
            Ok(a) => a,
            Err(e) => {
                tracing::warn!(id = %it.id, error = %e.message_en, "cannot assess item");
                return Ok(false);
            }
        };
        // A sent notice can make another one due (the third 催办 reaches 泰安's escalation trigger):
        // look again until nothing new is due (bounded).
        for _ in 0..4 {
            let before = report.notices;
            for n in notices(env.calendar, &item, &a, today, REMINDER_EVERY_WORKING_DAYS) {
                let mut next = item.clone();
                let mut action = "supervision.notice";
                if n.kind == "overdue" {
                    // An automatic 催办: counts as a reminder.
                    if let Ok((x, _)) = env.apply(&item, &Command::Remind, today) {
                        next = x;
                    }
                    action = "supervision.remind";
                }
                let na = env.assess(&next, today).unwrap_or_else(|_| a.clone());
                let recipient = if n.kind == "escalation_due" {
                    "office".to_string()
                } else {
                    item.lead_unit.clone()
                };
                let mut audit = Audit::new("system:scheduler", action);
                for d in &na.verdict.deadlines {
                    audit = audit.cite(&d.citation);
                }
                let notice = SupNotice {
                    item_id: it.id.clone(),
                    kind: n.kind.to_string(),
                    period: n.period.clone(),
                    government_id: it.government_id.clone(),
                    recipient,
                    message: n.message.clone(),
                    sent_at: String::new(),
                };
                let data = serde_json::to_value(&next)
                    .map_err(|e| crate::Problem::internal(e.to_string()))?;
                match state
                    .store
                    .update_sup_item(
                        &audit,
                        &it.id,
                        version,
                        data,
                        projection(&next, &na),
                        Some(&notice),
                    )
                    .await
                {
                    Ok(Some(saved)) => {
                        version = saved.version;
                        item = next;
                        a = na;
                        report.notices += 1;
                        wrote = true;
                    }
                    Ok(None) => {} // already sent
                    Err(zhengwu_store::StoreError::Conflict { .. }) => return Ok(wrote), // changed meanwhile; next run
                    Err(e) => return Err(crate::store_problem(e)),
                }
            }
            if report.notices == before {
                break;
            }
        }
        let p = projection(&item, &a);
        let current = if wrote { None } else { Some(&it.projection) };
        if current.is_some_and(|c| *c != p) {
            let audit = Audit::new("system:scheduler", "supervision.status");
            let data =
                serde_json::to_value(&item).map_err(|e| crate::Problem::internal(e.to_string()))?;
            match state
                .store
                .update_sup_item(&audit, &it.id, version, data, p, None)
                .await
            {
                Ok(_) => wrote = true,
                Err(zhengwu_store::StoreError::Conflict { .. }) => {}
                Err(e) => return Err(crate::store_problem(e)),
            }
        }
        Ok(wrote)
    }
}

/// Starts the scheduler loop (every `ZHENGWU_SCHEDULER_SECONDS`, default 60 s); the task runs until
/// aborted. A failed run is logged and retried on the next tick.
pub fn spawn(state: AppState) -> tokio::task::JoinHandle<()> {
    let secs = std::env::var("ZHENGWU_SCHEDULER_SECONDS")
        .ok()
        .and_then(|s| s.parse::<u64>().ok())
        .unwrap_or(60)
        .max(1);
    let holder = format!(
        "{}-{}",
        std::process::id(),
        state.store.now().as_nanosecond()
    );
    tokio::spawn(async move {
        let mut s = Scheduler::new(holder);
        let mut tick = tokio::time::interval(Duration::from_secs(secs));
        loop {
            tick.tick().await;
            match s.run_once(&state).await {
                Ok(r) if r.ran => tracing::debug!(?r, "supervision scheduler ran"),
                Ok(_) => {}
                Err(p) => tracing::warn!(detail = %p.detail, "supervision scheduler run failed"),
            }
        }
    })
}
