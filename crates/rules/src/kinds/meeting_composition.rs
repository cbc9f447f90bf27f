//! Kind `meeting_composition` (CASES.md #23): who sits in the meeting, who attends, how often, and
//! whether minutes are made, each with its citation. Members are the profile's `members` (stable
//! roles where one exists, the seed's words always); attendees are the standing ones (常规/全程列席).

use crate::date::CaseDate;
use crate::engine::{Ctx, Out};
use crate::error::CheckError;
use crate::kinds::Kind;
use crate::profile::meetings::{
    AttendeeBasis, GapAbout, MeetingType, MinutesTopic, cite_of, manual,
};
use crate::role::Role;
use serde::Deserialize;
use serde_json::{Value, json};
use zhengwu_calendar::Date;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Meeting {
    #[serde(rename = "type")]
    pub kind: MeetingType,
    #[serde(default)]
    pub date: Option<CaseDate>,
}

crate::case_struct! {
    pub struct Case {
        pub meeting: Meeting,
    }
}

fn dedup(v: Vec<Role>) -> Vec<Role> {
    let mut out: Vec<Role> = Vec::new();
    for r in v {
        if !out.contains(&r) {
            out.push(r);
        }
    }
    out
}

impl Kind for Case {
    fn main_date(&self) -> Option<Date> {
        self.meeting.date.map(|d| d.0)
    }

    fn evaluate(&self, ctx: &Ctx<'_>, out: &mut Out) -> Result<(), CheckError> {
        let m = &ctx.profile.meetings;
        let t = self.meeting.kind;
        let Some(def) = m.require(ctx, out, t) else {
            return Ok(());
        };
        let mut cites = serde_json::Map::new();
        let mut st = serde_json::Map::new();
        st.insert("type".into(), json!(t));
        st.insert("name".into(), json!(m.name_of(t)));

        let members = def.and_then(|d| d.members.as_ref());
        st.insert(
            "members".into(),
            json!(dedup(
                members
                    .map(|ms| ms.who.iter().filter_map(|w| w.role).collect())
                    .unwrap_or_default()
            )),
        );
        st.insert(
            "members_titles".into(),
            json!(
                members
                    .map(|ms| ms.who.iter().map(|w| w.title.clone()).collect::<Vec<_>>())
                    .unwrap_or_default()
            ),
        );
        if let Some(ms) = members {
            cites.insert("members".into(), json!(cite_of(ctx, &ms.cite)));
        }

        let groups = def.map(|d| d.attendees.as_slice()).unwrap_or(&[]);
        let standing = |g: &&crate::profile::meetings::AttendeeGroup| {
            matches!(g.basis, AttendeeBasis::Standing | AttendeeBasis::Throughout)
        };
        let att: Vec<Role> = groups
            .iter()
            .filter(standing)
            .flat_map(|g| g.who.iter().filter_map(|w| w.role))
            .collect();
        st.insert("attendees".into(), json!(dedup(att)));
        st.insert(
            "attendees_titles".into(),
            json!(
                groups
                    .iter()
                    .filter(standing)
                    .flat_map(|g| g.who.iter().map(|w| w.title.clone()))
                    .collect::<Vec<_>>()
            ),
        );
        st.insert(
            "optional_attendees_titles".into(),
            json!(
                groups
                    .iter()
                    .filter(|g| !standing(g))
                    .flat_map(|g| g.who.iter().map(|w| w.title.clone()))
                    .collect::<Vec<_>>()
            ),
        );
        if !groups.is_empty() {
            cites.insert(
                "attendees".into(),
                json!(
                    groups
                        .iter()
                        .map(|g| cite_of(ctx, &g.cite))
                        .collect::<Vec<_>>()
                ),
            );
        }

        let conveners = def.and_then(|d| d.convener.as_ref());
        st.insert(
            "conveners".into(),
            json!(conveners.map(|c| c.roles.clone()).unwrap_or_default()),
        );
        if let Some(c) = conveners {
            cites.insert("conveners".into(), json!(cite_of(ctx, &c.cite)));
        } else if let Some(g) = m.gap(GapAbout::Convener, Some(t)) {
            cites.insert("conveners".into(), json!(cite_of(ctx, &g.cite)));
            out.manual(manual::CONVENER, "not_stated", Some(cite_of(ctx, &g.cite)));
        }

        let cadence: Value = match def.and_then(|d| d.cadence.as_ref()) {
            Some(c) => {
                cites.insert("cadence".into(), json!(cite_of(ctx, &c.cite)));
                json!({ "per": c.per, "min": c.min, "max": c.max, "strength": c.strength })
            }
            None => json!("not_stated"),
        };
        st.insert("cadence".into(), cadence);
        let weekday: Value = match def.and_then(|d| d.weekday.as_ref()) {
            Some(w) => {
                cites.insert("usual_weekday".into(), json!(cite_of(ctx, &w.cite)));
                json!(w.day)
            }
            None => Value::Null,
        };
        st.insert("usual_weekday".into(), weekday);

        let minutes = match m.minutes_row(t, false, &[MinutesTopic::General], None) {
            Some(r) => {
                cites.insert("minutes".into(), json!(cite_of(ctx, &r.cite)));
                if r.optional { "optional" } else { "required" }
            }
            None => {
                if let Some(g) = m.gap(GapAbout::MinutesSigner, Some(t)) {
                    cites.insert("minutes".into(), json!(cite_of(ctx, &g.cite)));
                }
                "not_stated"
            }
        };
        st.insert("minutes".into(), json!(minutes));

        let news: Value = match def.and_then(|d| d.news.as_ref()) {
            Some(n) => {
                cites.insert("news".into(), json!(cite_of(ctx, &n.cite)));
                json!(n.text)
            }
            None => Value::Null,
        };
        st.insert("news".into(), news);

        let quorum: Value = match def.and_then(|d| d.quorum.as_ref()) {
            Some(q) => {
                cites.insert("quorum".into(), json!(cite_of(ctx, &q.cite)));
                json!({ "fraction": q.fraction, "compare": q.compare })
            }
            None => json!("not_stated"),
        };
        st.insert("quorum".into(), quorum);
        let video = def.and_then(|d| d.video.as_ref());
        st.insert(
            "video".into(),
            match video {
                Some(v) => {
                    cites.insert("video".into(), json!(cite_of(ctx, &v.cite)));
                    json!(if v.head_consent {
                        "with_head_consent"
                    } else {
                        "allowed"
                    })
                }
                None => json!("not_stated"),
            },
        );
        st.insert("citations".into(), Value::Object(cites));
        out.status(Value::Object(st));
        Ok(())
    }
}
