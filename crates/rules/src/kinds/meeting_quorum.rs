//! Kind `meeting_quorum` (CASES.md #2): is the meeting quorate?
//!
//! C6: only members (the profile's `members`) count, attendees never; the quorum is strictly more
//! than the stated fraction where the text says 超过; members on video count only where the profile
//! has a `video` rule for the meeting (and, where it says so, the head consented). With
//! `present_roles` the profile decides who of those present is a member.

use crate::date::CaseDate;
use crate::engine::{Ctx, Out};
use crate::error::CheckError;
use crate::kinds::Kind;
use crate::profile::meetings::{MeetingType, cite_of, manual, role_fits};
use crate::role::Role;
use crate::verdict::StatusObj;
use serde::Deserialize;
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
        pub members_expected: u32,
        /// Members in the room; may be left out when `present_roles` is given.
        #[serde(default)]
        pub members_present: Option<u32>,
        #[serde(default)]
        pub members_by_video: u32,
        #[serde(default)]
        pub video_consented_by_head: bool,
        /// The roles of those in the room (one entry per person); the profile decides who is a member.
        #[serde(default)]
        pub present_roles: Option<Vec<Role>>,
    }
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
        if self.members_expected == 0 {
            return Err(CheckError::input(
                "members_expected",
                "应到人数须至少为 1 (members_expected must be at least 1)",
            ));
        }

        // Who counts: from the roles present when given (the profile's member list decides).
        let mut not_members: Vec<Role> = Vec::new();
        let in_room = match (&self.present_roles, self.members_present) {
            (Some(roles), _) => {
                let member_roles: Vec<Role> = def
                    .and_then(|d| d.members.as_ref())
                    .map(|ms| ms.who.iter().filter_map(|w| w.role).collect())
                    .unwrap_or_default();
                if member_roles.is_empty() {
                    return Err(CheckError::input(
                        "present_roles",
                        "本规则配置未列出该会议的组成人员，无法按角色判断 (the profile lists no members for this meeting; give members_present)",
                    ));
                }
                let mut n = 0u32;
                for r in roles {
                    if member_roles.iter().any(|mr| role_fits(*mr, *r)) {
                        n += 1;
                    } else {
                        not_members.push(*r);
                    }
                }
                n
            }
            (None, Some(n)) => n,
            (None, None) => {
                return Err(CheckError::input(
                    "members_present",
                    "缺少 members_present 或 present_roles (give members_present or present_roles)",
                ));
            }
        };
        if in_room.saturating_add(self.members_by_video) > self.members_expected {
            return Err(CheckError::input(
                "members_present",
                format!(
                    "到会人数 {in_room} 加视频出席 {} 超过应到人数 {} (present plus video exceeds members_expected)",
                    self.members_by_video, self.members_expected
                ),
            ));
        }

        // Video attendance counts only where the profile allows it.
        let video = def.and_then(|d| d.video.as_ref());
        let video_counts = match video {
            Some(v) => !v.head_consent || self.video_consented_by_head,
            None => false,
        };
        let counted = in_room
            + if video_counts {
                self.members_by_video
            } else {
                0
            };

        let Some(q) = def.and_then(|d| d.quorum.as_ref()) else {
            out.manual(manual::QUORUM, "not_stated", None);
            out.status(
                StatusObj::new()
                    .int("members_counted", counted)
                    .int("members_expected", self.members_expected)
                    .roles("not_members", &not_members)
                    .str("quorum", "not_stated")
                    .finish(),
            );
            return Ok(());
        };

        let needed = q.minimum(self.members_expected);
        let met = q.met(counted, self.members_expected);
        if !met {
            let rule = q.describe_zh();
            let expected = self.members_expected;
            let mut zh = crate::cat!(256;
                "出席 ", counted, " 人，应到 ", expected, " 人，", rule, "，至少须 ", needed, " 人");
            let mut en = crate::cat!(192;
                counted, " of ", expected, " members present; at least ", needed, " are needed");
            if self.members_by_video > 0 && !video_counts {
                match video {
                    Some(_) => {
                        // The head's title only on this path (it is a fresh String).
                        let head = ctx.title(Role::Head);
                        zh.push_str(&format!("；视频出席须经{head}同意方可计入"));
                        en.push_str("; video attendance counts only with the head's consent");
                    }
                    None => {
                        zh.push_str("；本规则未规定视频出席可计入出席人数");
                        en.push_str("; the rules do not count video attendance");
                    }
                }
            }
            if !not_members.is_empty() {
                zh.push_str("；列席人员不计入");
                en.push_str("; attendees who are not members do not count");
            }
            out.fail_rule(ctx, q, crate::engine::Msg { zh, en });
        }
        let video_rule = video.map(|v| cite_of(ctx, &v.cite));
        out.status(
            StatusObj::new()
                .int("members_by_video", self.members_by_video)
                .int("members_counted", counted)
                .int("members_expected", self.members_expected)
                .int("members_in_room", in_room)
                .int("minimum", needed)
                .roles("not_members", &not_members)
                .str("quorum", if met { "met" } else { "not_met" })
                .bool("video_counted", video_counts && self.members_by_video > 0)
                .citation("video_rule", video_rule.as_ref())
                .finish(),
        );
        Ok(())
    }
}
