//! The server's one calendar: the years shipped in the binary plus the years loaded into the
//! database (`calendar_years`: `zhengwu calendar load --db`, `POST /api/v1/calendar/years`, the
//! 节假日安排 page). Every area reads it through [`AppState::calendar`], a clone of an `Arc` under a
//! read lock, built once per change of the loaded years — never per request.
//!
//! [`refresh`] compares the loaded years' stamps (year, version, time loaded) with those the
//! calendar was built from; on a change it rebuilds the calendar, swaps it in and re-projects every
//! open deadline that was counted on the calendar ([`reproject`]), each moved one written with its
//! audit event (actor `system:calendar`). The scheduler calls it on every tick in every instance
//! (so a year loaded by another process arrives within a minute), `serve` before it listens, and
//! the load endpoint right after its write.

use crate::{AppState, Problem};
use std::sync::RwLock;
use zhengwu_calendar::{Calendar, Date, YearSchedule};
use zhengwu_store::Audit;

/// The actor of the re-projection writes.
pub const ACTOR: &str = "system:calendar";
const BATCH: u32 = 500;

/// A loaded year's stamp: (year, version, loaded_at).
type Stamp = (i64, i64, String);

/// What [`AppState`] holds.
pub(crate) struct Shared {
    current: RwLock<Current>,
    /// One refresh at a time per process (the API's load and the scheduler may meet).
    gate: tokio::sync::Mutex<()>,
}

struct Current {
    calendar: Calendar,
    /// The stamps of the loaded years `calendar` was built from; `None` before the first refresh.
    stamps: Option<Vec<Stamp>>,
    /// False while the re-projection after a change has not finished (it is retried).
    projected: bool,
}

impl Shared {
    pub(crate) fn new() -> Shared {
        Shared {
            current: RwLock::new(Current {
                calendar: Calendar::official(),
                stamps: None,
                projected: true,
            }),
            gate: tokio::sync::Mutex::new(()),
        }
    }

    pub(crate) fn get(&self) -> Calendar {
        self.current
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .calendar
            .clone()
    }
}

/// What a [`refresh`] did.
#[derive(Debug, Default, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Refresh {
    /// The loaded years differ from those the calendar was built from (it was rebuilt).
    pub changed: bool,
    /// This was the process's first look at the loaded years.
    pub first: bool,
    /// Open deadlines re-projected (when `changed`, or retrying an unfinished re-projection).
    pub reprojected: Option<Reprojection>,
}

/// Deadlines moved by a re-projection, per area.
#[derive(Debug, Default, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Reprojection {
    /// Open items looked at.
    pub examined: usize,
    pub supervision: usize,
    pub disclosure: usize,
    pub followup: usize,
    pub assigned_work: usize,
}

impl Reprojection {
    pub fn moved(&self) -> usize {
        self.supervision + self.disclosure + self.followup + self.assigned_work
    }
}

/// Builds the calendar from the loaded years. A stored year that does not parse (it was validated
/// when loaded, so only a damaged database has one) is logged and left out: the year stays
/// provisional rather than the server refusing to count.
fn build(years: &[zhengwu_store::CalendarYear]) -> Calendar {
    with_loaded(Calendar::official(), years)
}

/// `base` with the years loaded into a database added (for the CLI commands that open one).
pub fn with_loaded(base: Calendar, years: &[zhengwu_store::CalendarYear]) -> Calendar {
    let mut list: Vec<YearSchedule> = Vec::new();
    for y in years {
        match YearSchedule::parse(&y.source, &format!("{}.toml", y.year)) {
            Ok(s) => list.push(s),
            Err(e) => {
                tracing::error!(year = y.year, error = %e.en(), "loaded calendar year does not parse; left out")
            }
        }
    }
    base.with_years(list)
}

/// Picks up the years loaded into the database: cheap when nothing changed (one small query).
pub async fn refresh(state: &AppState) -> Result<Refresh, Problem> {
    let shared = &state.calendar;
    let _one = shared.gate.lock().await;
    let stamps = state
        .store
        .calendar_year_stamps()
        .await
        .map_err(crate::store_problem)?;
    let (known, projected) = {
        let c = shared.current.read().unwrap_or_else(|p| p.into_inner());
        (c.stamps.clone(), c.projected)
    };
    let mut out = Refresh {
        first: known.is_none(),
        ..Refresh::default()
    };
    if known.as_ref() != Some(&stamps) {
        let years = state
            .store
            .calendar_years()
            .await
            .map_err(crate::store_problem)?;
        let cal = build(&years);
        let stamps: Vec<Stamp> = years
            .iter()
            .map(|y| {
                (
                    y.year,
                    y.version,
                    zhengwu_store::clock::format_ts(y.loaded_at),
                )
            })
            .collect();
        tracing::info!(
            years = ?stamps.iter().map(|s| s.0).collect::<Vec<_>>(),
            "calendar: loaded years picked up"
        );
        let mut c = shared.current.write().unwrap_or_else(|p| p.into_inner());
        c.calendar = cal;
        c.stamps = Some(stamps);
        c.projected = false;
        out.changed = true;
    } else if projected {
        return Ok(out);
    }
    let cal = shared.get();
    let r = reproject(state, &cal, state.today()).await?;
    shared
        .current
        .write()
        .unwrap_or_else(|p| p.into_inner())
        .projected = true;
    if r.moved() > 0 {
        tracing::info!(?r, "calendar: open deadlines re-projected");
    }
    out.reprojected = Some(r);
    Ok(out)
}

/// Re-counts every open deadline kept by an area on `cal`, writing those whose due date (or
/// provisional mark) moved, each with its audit event. Conflicting writes (the record changed
/// meanwhile, so it was just counted on this calendar) are skipped.
pub async fn reproject(
    state: &AppState,
    cal: &Calendar,
    today: Date,
) -> Result<Reprojection, Problem> {
    let mut r = Reprojection::default();
    supervision(state, cal, today, &mut r).await?;
    disclosure(state, cal, today, &mut r).await?;
    r.followup += crate::api::followup::reproject(state, cal, today, &mut r.examined).await?;
    assigned_work(state, cal, &mut r).await?;
    Ok(r)
}

/// The audit of a moved deadline: `action` by [`ACTOR`], citing each rule it was counted on.
fn cited<C: serde::Serialize>(action: &str, citations: impl IntoIterator<Item = C>) -> Audit {
    citations
        .into_iter()
        .fold(Audit::new(ACTOR, action), |audit, c| audit.cite(c))
}

/// Counts a re-projection written into `moved`; one that met a newer version (the item changed
/// meanwhile, counted by its own writer) is skipped.
fn written<T>(result: zhengwu_store::Result<T>, moved: &mut usize) -> Result<(), Problem> {
    match result {
        Ok(_) => {
            *moved += 1;
            Ok(())
        }
        Err(zhengwu_store::StoreError::Conflict { .. }) => Ok(()),
        Err(e) => Err(crate::store_problem(e)),
    }
}

/// 督办事项: the ledger's due date and provisional mark (the status follows on the scheduler's run).
async fn supervision(
    state: &AppState,
    cal: &Calendar,
    today: Date,
    r: &mut Reprojection,
) -> Result<(), Problem> {
    use zhengwu_domain::supervision::Item;
    let env = crate::scheduler::sup_env(state, cal);
    let mut items = crate::scheduler::OpenItems::default();
    while let Some(page) = items.next_page(state).await? {
        for it in &page {
            r.examined += 1;
            let Ok(item) = serde_json::from_value::<Item>(it.data.clone()) else {
                tracing::error!(id = %it.id, "stored supervision item does not decode; skipped");
                continue;
            };
            let a = match env.assess(&item, today) {
                Ok(a) => a,
                Err(e) => {
                    tracing::warn!(id = %it.id, error = %e.message_en, "cannot re-project item");
                    continue;
                }
            };
            let p = crate::api::supervision::projection(&item, &a);
            if p.due_on == it.projection.due_on && p.provisional == it.projection.provisional {
                continue;
            }
            let audit = cited(
                "supervision.reproject",
                a.verdict.deadlines.iter().map(|d| &d.citation),
            );
            let result = state
                .store
                .update_sup_item(&audit, &it.id, it.version, it.data.clone(), p, None)
                .await;
            written(result, &mut r.supervision)?;
        }
    }
    Ok(())
}

/// 依申请公开: the reply deadline of every request (a replied one keeps its date).
async fn disclosure(
    state: &AppState,
    cal: &Calendar,
    today: Date,
    r: &mut Reprojection,
) -> Result<(), Problem> {
    use zhengwu_domain::openness::{Request, assess};
    let mut after = String::new();
    loop {
        let page = state
            .store
            .disclosures_after(&after, i64::from(BATCH))
            .await
            .map_err(crate::store_problem)?;
        let Some(last) = page.last() else { break };
        after = last.id.clone();
        for d in &page {
            let Ok(req) = serde_json::from_value::<Request>(d.data.clone()) else {
                tracing::error!(id = %d.id, "stored disclosure request does not decode; skipped");
                continue;
            };
            if req.archived || req.replied_on.is_some() {
                continue;
            }
            r.examined += 1;
            let a = match assess(&state.registry, cal, &req, today) {
                Ok(a) => a,
                Err(e) => {
                    tracing::warn!(id = %d.id, error = %e, "cannot re-project request");
                    continue;
                }
            };
            let due_on = a.due_on.map(|x| x.to_string());
            if due_on == d.due_on {
                continue;
            }
            let audit = cited(
                "disclosure.reproject",
                a.verdict.deadlines.iter().map(|x| &x.citation),
            );
            let result = state
                .store
                .update_disclosure(&audit, &d.id, d.version, &a.status, due_on, d.data.clone())
                .await;
            written(result, &mut r.disclosure)?;
        }
    }
    Ok(())
}

/// 会议决定事项: the report deadline of work a decision assigned (start, period and citation are
/// stored; the date and its explanation are counted again).
async fn assigned_work(
    state: &AppState,
    cal: &Calendar,
    r: &mut Reprojection,
) -> Result<(), Problem> {
    let mut after = String::new();
    loop {
        let page = state
            .store
            .assigned_work_after(&after, i64::from(BATCH))
            .await
            .map_err(crate::store_problem)?;
        let Some(last) = page.last() else { break };
        after = last.id.clone();
        for w in &page {
            // Work without a rule (the profile sets no period) has no counted date.
            if w.period.is_null() {
                continue;
            }
            r.examined += 1;
            let (Ok(period), Ok(start)) = (
                serde_json::from_value::<zhengwu_rules::Period>(w.period.clone()),
                w.start_on.parse::<Date>(),
            ) else {
                tracing::error!(id = %w.id, "stored assigned work does not decode; skipped");
                continue;
            };
            let Ok(due) = zhengwu_rules::engine::due(cal, start, period) else {
                continue;
            };
            let cite = w
                .citation
                .get("text")
                .and_then(serde_json::Value::as_str)
                .unwrap_or_default();
            let due_on = due.date.to_string();
            let explain = format!("{}，依据 {cite}", due.explain_zh);
            if due_on == w.due_on && explain == w.explain {
                continue;
            }
            let audit = cited("meeting.assigned_work.reproject", [&w.citation]);
            let result = state
                .store
                .reproject_assigned_work(&audit, &w.id, &due_on, &explain)
                .await;
            written(result, &mut r.assigned_work)?;
        }
    }
    Ok(())
}
