//! The proactive disclosure register (主动公开): every outgoing document marked 主动公开 gets an
//! entry; its publication date is checked against the national limit, 政府信息公开条例 第二十六条
//! ("属于主动公开范围的政府信息，应当自该政府信息形成或者变更之日起20个工作日内及时公开"). The
//! Work Rules of the five governments defer to that regulation and state no shorter limit, so the
//! limit is the national one for every government (its citation says `national`). The information
//! is taken as formed on the day the document was issued (印发, else signed).

use crate::deadline::Deadline;
use serde::{Deserialize, Serialize};
use zhengwu_calendar::{Calendar, Date};
use zhengwu_rules::{Citation, Period};

/// The national limit: 20 working days from formation (第二十六条).
pub fn limit() -> (Period, Citation) {
    (
        Period::WorkingDaysAfter(20),
        zhengwu_rules::citation::national(
            "第二十六条",
            "政府信息公开条例 第二十六条",
            "属于主动公开范围的政府信息，应当自该政府信息形成或者变更之日起20个工作日内及时公开",
        ),
    )
}

/// A register entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    pub document_id: String,
    pub title: String,
    pub doc_number: Option<String>,
    /// The day the information was formed (the document's issue date).
    pub formed_on: Date,
    #[serde(default)]
    pub published_on: Option<Date>,
    /// Where: 政府公报, 政府网站, … (the first publication's and every later one's).
    #[serde(default)]
    pub channels: Vec<String>,
    /// The channels the government's own rule names for this document (R3.48: 《…人民政府公报》
    /// and the portal), fixed at registration from the profile version in force on the issue day;
    /// empty where the profile states no such rule or it does not cover the document (聊城:
    /// normative documents only).
    #[serde(default)]
    pub required_channels: Vec<String>,
    /// The article that names `required_channels`.
    #[serde(default)]
    pub channel_rule: Option<Citation>,
    /// Changes of the information (信息变更): each restarts the 20 working days (第二十六条
    /// "形成或者变更之日起") for publishing the changed information.
    #[serde(default)]
    pub changes: Vec<Change>,
}

/// A change of the information after it was formed (信息变更).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change {
    pub changed_on: Date,
    /// What changed (e.g. the document revised, its validity extended, a correction).
    pub note: String,
    #[serde(default)]
    pub published_on: Option<Date>,
    #[serde(default)]
    pub channels: Vec<String>,
}

/// Channel names compared without the title marks and spaces a clerk may or may not type
/// (《聊城市人民政府公报》 = 聊城市人民政府公报 = «聊城市人民政府公报»).
fn channel_key(s: &str) -> String {
    s.chars()
        .filter(|c| !matches!(c, '《' | '》' | '«' | '»' | '<' | '>') && !c.is_whitespace())
        .collect()
}

impl Entry {
    /// The publication currently owed: the latest change's where there is one, else the first.
    fn current(&self) -> (Date, Option<Date>, &[String]) {
        match self.changes.last() {
            Some(c) => (c.changed_on, c.published_on, &c.channels),
            None => (self.formed_on, self.published_on, &self.channels),
        }
    }

    /// The required channels not yet used for the publication currently owed.
    pub fn channels_missing(&self) -> Vec<String> {
        let (_, _, used) = self.current();
        let used: Vec<String> = used.iter().map(|c| channel_key(c)).collect();
        self.required_channels
            .iter()
            .filter(|r| !used.contains(&channel_key(r)))
            .cloned()
            .collect()
    }

    /// Records a publication of the information currently owed (the latest change's, else the
    /// first) on `on` in `channels`. A later publication in further channels keeps the first date
    /// (the limit is judged by the first) and adds the channels; repeating only channels already
    /// recorded is refused, as is a date before the information was formed or changed.
    pub fn record_publication(&mut self, on: Date, channels: &[String]) -> Result<(), String> {
        let (basis, _, _) = self.current();
        if on < basis {
            return Err(if self.changes.is_empty() {
                "公开日期早于印发日期 (published before issue)".into()
            } else {
                "公开日期早于信息变更日期 (published before the change)".into()
            });
        }
        let (published_on, used) = match self.changes.last_mut() {
            Some(c) => (&mut c.published_on, &mut c.channels),
            None => (&mut self.published_on, &mut self.channels),
        };
        let fresh: Vec<String> = channels
            .iter()
            .map(|c| c.trim().to_string())
            .filter(|c| !c.is_empty())
            .filter(|c| !used.iter().any(|u| channel_key(u) == channel_key(c)))
            .collect();
        if published_on.is_some() && fresh.is_empty() {
            return Err("已在这些渠道公开 (already published in these channels)".into());
        }
        *published_on = Some(published_on.map_or(on, |p| p.min(on)));
        used.extend(fresh);
        Ok(())
    }

    /// Records a change of the information (信息变更) on `on`: the 20 working days run again.
    pub fn record_change(&mut self, on: Date, note: &str) -> Result<(), String> {
        let (basis, _, _) = self.current();
        if on < basis {
            return Err(
                "变更日期早于信息形成或上次变更 (the change predates the information or the last change)"
                    .into(),
            );
        }
        let note = note.trim();
        if note.is_empty() || note.chars().count() > 500 {
            return Err(
                "变更内容须填写，500 字以内 (say what changed, up to 500 characters)".into(),
            );
        }
        self.changes.push(Change {
            changed_on: on,
            note: note.to_string(),
            published_on: None,
            channels: Vec::new(),
        });
        Ok(())
    }
}

/// Where an entry stands on a day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Standing {
    pub due_on: Date,
    /// `pending` (not yet published, within the limit), `overdue` (not published, limit passed),
    /// `on_time`, `late` (published after the limit).
    pub status: &'static str,
    /// Working days past the limit (late or overdue), 0 otherwise.
    pub working_days_late: i64,
    pub provisional: bool,
    pub explain: String,
    pub citation: Citation,
    /// The day the limit runs from: the issue day, or the latest change (信息变更).
    pub basis_on: Date,
    /// `formed` or `changed`.
    pub basis: &'static str,
    /// The channels the government's rule names that the publication owed has not used yet.
    pub channels_missing: Vec<String>,
    pub channel_rule: Option<Citation>,
}

/// The entry's standing on `as_of`.
pub fn assess(cal: &Calendar, e: &Entry, as_of: Date) -> Result<Standing, String> {
    let (period, citation) = limit();
    let (basis_on, published_on, _) = e.current();
    let d = Deadline::new("主动公开", basis_on, period, citation.clone());
    let p = d.project(cal, as_of).map_err(|x| x.to_string())?;
    let against = published_on.unwrap_or(as_of);
    let late_by = if against > p.due {
        cal.working_days_between(p.due, against)
            .map(|a| i64::from(a.value))
            .unwrap_or(0)
            .max(1)
    } else {
        0
    };
    let status = match (published_on, against > p.due) {
        (None, false) => "pending",
        (None, true) => "overdue",
        (Some(_), false) => "on_time",
        (Some(_), true) => "late",
    };
    Ok(Standing {
        due_on: p.due,
        status,
        working_days_late: late_by,
        provisional: p.provisional,
        explain: if e.changes.is_empty() {
            p.explain
        } else {
            format!("信息变更于 {basis_on}，重新计算：{}", p.explain)
        },
        citation,
        basis_on,
        basis: if e.changes.is_empty() {
            "formed"
        } else {
            "changed"
        },
        channels_missing: e.channels_missing(),
        channel_rule: e.channel_rule.clone(),
    })
}
