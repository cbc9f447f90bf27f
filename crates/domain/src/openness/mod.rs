//! 依申请公开: disclosure requests under the national 政府信息公开条例, as pure decisions.
//!
//! A [`Request`] records what happened (receipt, 补正 asked and received, the one extension, the
//! third-party consultation, the reply). Its deadlines and status are never stored as the truth: they
//! are computed by **building the `disclosure_request` case and evaluating it through the rules
//! crate**, exactly as `zhengwu check` does (补正 restarts the reply clock on the corrected
//! application, 第三十条; 20 working days, 第三十三条; one extension of 20 with the approval of the
//! head of the disclosure office; third-party time not counted, 第三十二条).

use serde::{Deserialize, Serialize};
use zhengwu_calendar::{Calendar, Date};
use zhengwu_rules::{Registry, Verdict};

/// Reply forms (政府信息公开条例 第三十六条).
pub const REPLY_FORMS: &[(&str, &str)] = &[
    ("disclosed", "予以公开"),
    ("partly_disclosed", "部分公开"),
    ("not_disclosed", "不予公开"),
    ("not_held", "本机关不掌握相关政府信息"),
    ("elsewhere", "告知通过其他途径获取（已主动公开）"),
    ("other_agency", "告知由其他机关负责公开"),
    ("not_processed", "不予处理（重复申请等）"),
    ("not_information", "不属于政府信息公开申请"),
];

pub fn reply_form_label(id: &str) -> Option<&'static str> {
    REPLY_FORMS.iter().find(|(f, _)| *f == id).map(|(_, l)| *l)
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Correction {
    pub requested_on: Date,
    #[serde(default)]
    pub completed_on: Option<Date>,
    #[serde(default)]
    pub what: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Request {
    pub profile: String,
    /// 收到申请之日 (第三十一条).
    pub received_on: Date,
    /// 当面 | 邮寄 | 网络 | 传真
    pub channel: String,
    pub applicant: String,
    pub content: String,
    #[serde(default)]
    pub correction: Option<Correction>,
    /// The extension and who approved it (信息公开工作机构负责人).
    #[serde(default)]
    pub extended_by: Option<String>,
    #[serde(default)]
    pub third_party_consulted_on: Option<Date>,
    #[serde(default)]
    pub third_party_replied_on: Option<Date>,
    #[serde(default)]
    pub replied_on: Option<Date>,
    #[serde(default)]
    pub reply_form: Option<String>,
    #[serde(default)]
    pub archived: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "command", rename_all = "snake_case")]
pub enum Command {
    /// 一次性告知补正.
    RequestCorrection {
        what: String,
    },
    /// The corrected application arrived: the reply clock restarts.
    CorrectionReceived,
    /// 延长答复期限 (once).
    Extend {
        approved_by: String,
    },
    ConsultThirdParty,
    ThirdPartyReplied,
    Reply {
        form: String,
    },
    Archive,
}

impl Command {
    pub fn action(&self) -> &'static str {
        match self {
            Command::RequestCorrection { .. } => "disclosure.correction_requested",
            Command::CorrectionReceived => "disclosure.correction_received",
            Command::Extend { .. } => "disclosure.extend",
            Command::ConsultThirdParty => "disclosure.third_party",
            Command::ThirdPartyReplied => "disclosure.third_party_replied",
            Command::Reply { .. } => "disclosure.reply",
            Command::Archive => "disclosure.archive",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assessment {
    pub status: String,
    /// The reply deadline's date (for the index), when the clock runs.
    pub due_on: Option<Date>,
    pub verdict: Verdict,
}

/// A refusal, bilingual.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{zh} ({en})")]
pub struct Refusal {
    pub zh: String,
    pub en: String,
}

fn refuse(zh: impl Into<String>, en: impl Into<String>) -> Refusal {
    Refusal {
        zh: zh.into(),
        en: en.into(),
    }
}

/// The case of kind `disclosure_request` for this request on `as_of`.
pub fn case(r: &Request, as_of: Date) -> serde_json::Value {
    let mut c = serde_json::json!({
        "kind": "disclosure_request",
        "profile": r.profile,
        "received_on": r.received_on.to_string(),
        "as_of": as_of.max(r.received_on).to_string(),
        "extended": r.extended_by.is_some(),
    });
    if let Some(k) = &r.correction {
        let mut cc = serde_json::json!({"requested_on": k.requested_on.to_string()});
        if let Some(d) = k.completed_on {
            cc["completed_on"] = serde_json::Value::String(d.to_string());
        }
        c["correction"] = cc;
    }
    if let Some(d) = r.third_party_consulted_on {
        c["third_party_consulted_on"] = serde_json::Value::String(d.to_string());
    }
    if let Some(d) = r.third_party_replied_on {
        c["third_party_replied_on"] = serde_json::Value::String(d.to_string());
    }
    if let Some(d) = r.replied_on {
        c["replied_on"] = serde_json::Value::String(d.to_string());
    }
    c
}

/// Evaluates the request through the rules crate on `as_of`.
pub fn assess(
    reg: &Registry,
    cal: &Calendar,
    r: &Request,
    as_of: Date,
) -> Result<Assessment, Refusal> {
    let v = zhengwu_rules::check_json(reg, cal, &case(r, as_of).to_string(), None)
        .map_err(|e| refuse(e.to_string(), e.to_string()))?;
    let status = v.status.as_str().unwrap_or("on_time").to_string();
    let due_on = v
        .deadlines
        .iter()
        .rev()
        .find(|d| d.what.contains("答复"))
        .and_then(|d| zhengwu_calendar::parse_date(&d.due).ok());
    Ok(Assessment {
        status,
        due_on,
        verdict: v,
    })
}

/// Applies a command on `today`; the result is re-assessed by the caller.
pub fn apply(
    reg: &Registry,
    cal: &Calendar,
    r: &Request,
    cmd: &Command,
    today: Date,
) -> Result<Request, Refusal> {
    let mut n = r.clone();
    if r.archived {
        return Err(refuse("申请已归档", "the request is archived"));
    }
    let replied = r.replied_on.is_some();
    if replied && !matches!(cmd, Command::Archive) {
        return Err(refuse("已答复的申请不能再办理", "the request was answered"));
    }
    match cmd {
        Command::RequestCorrection { what } => {
            if r.correction.is_some() {
                return Err(refuse(
                    "补正应一次性告知，已告知过",
                    "a correction is asked once (第三十条: 一次性告知)",
                ));
            }
            n.correction = Some(Correction {
                requested_on: today,
                completed_on: None,
                what: what.clone(),
            });
        }
        Command::CorrectionReceived => match &mut n.correction {
            Some(c) if c.completed_on.is_none() => c.completed_on = Some(today),
            _ => return Err(refuse("没有待补正的事项", "no correction is pending")),
        },
        Command::Extend { approved_by } => {
            if r.extended_by.is_some() {
                return Err(refuse(
                    "答复期限只能延长一次",
                    "the reply period may be extended once",
                ));
            }
            n.extended_by = Some(approved_by.clone());
        }
        Command::ConsultThirdParty => {
            if r.third_party_consulted_on.is_some() {
                return Err(refuse("已征求第三方意见", "already consulted"));
            }
            n.third_party_consulted_on = Some(today);
        }
        Command::ThirdPartyReplied => {
            if r.third_party_consulted_on.is_none() || r.third_party_replied_on.is_some() {
                return Err(refuse(
                    "没有进行中的第三方意见征询",
                    "no consultation is running",
                ));
            }
            n.third_party_replied_on = Some(today);
        }
        Command::Reply { form } => {
            if reply_form_label(form).is_none() {
                return Err(refuse(
                    format!("未知的答复形式 \"{form}\""),
                    format!("unknown reply form \"{form}\""),
                ));
            }
            if r.correction
                .as_ref()
                .is_some_and(|c| c.completed_on.is_none())
            {
                // Allowed (e.g. 视为放弃), recorded as such by the form chosen.
            }
            n.replied_on = Some(today);
            n.reply_form = Some(form.clone());
        }
        Command::Archive => {
            if !replied {
                return Err(refuse(
                    "答复后方可归档",
                    "only an answered request is archived",
                ));
            }
            n.archived = true;
        }
    }
    // The rules must accept the new state (e.g. an extension where the profile has none).
    assess(reg, cal, &n, today)?;
    Ok(n)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use jiff::civil::date;

    fn req() -> Request {
        Request {
            profile: "liaocheng".into(),
            received_on: date(2025, 9, 26),
            channel: "网络".into(),
            applicant: "王某".into(),
            content: "2024年老旧小区改造资金使用情况".into(),
            correction: None,
            extended_by: None,
            third_party_consulted_on: None,
            third_party_replied_on: None,
            replied_on: None,
            reply_form: None,
            archived: false,
        }
    }

    #[test]
    fn twenty_working_days_correction_extension_reply() {
        let reg = Registry::builtin().unwrap();
        let cal = Calendar::official();
        let r = req();
        let a = assess(&reg, &cal, &r, date(2025, 9, 26)).unwrap();
        let due = a.due_on.unwrap();
        assert_eq!(
            cal.working_days_between(r.received_on, due).unwrap().value,
            20
        );
        // 补正: the clock waits, then restarts from the corrected application.
        let r = apply(
            &reg,
            &cal,
            &r,
            &Command::RequestCorrection {
                what: "明确年份".into(),
            },
            date(2025, 9, 29),
        )
        .unwrap();
        assert_eq!(
            assess(&reg, &cal, &r, date(2025, 9, 30)).unwrap().status,
            "awaiting_correction"
        );
        let r = apply(
            &reg,
            &cal,
            &r,
            &Command::CorrectionReceived,
            date(2025, 10, 9),
        )
        .unwrap();
        let a = assess(&reg, &cal, &r, date(2025, 10, 9)).unwrap();
        assert_eq!(
            cal.working_days_between(date(2025, 10, 9), a.due_on.unwrap())
                .unwrap()
                .value,
            20
        );
        let r = apply(
            &reg,
            &cal,
            &r,
            &Command::Extend {
                approved_by: "信息公开工作机构负责人".into(),
            },
            date(2025, 10, 20),
        )
        .unwrap();
        let b = assess(&reg, &cal, &r, date(2025, 10, 20)).unwrap();
        assert_eq!(
            cal.working_days_between(a.due_on.unwrap(), b.due_on.unwrap())
                .unwrap()
                .value,
            20
        );
        assert!(
            apply(
                &reg,
                &cal,
                &r,
                &Command::Extend {
                    approved_by: "x".into()
                },
                date(2025, 10, 21)
            )
            .is_err()
        );
        let r = apply(
            &reg,
            &cal,
            &r,
            &Command::Reply {
                form: "disclosed".into(),
            },
            date(2025, 10, 27),
        )
        .unwrap();
        assert_eq!(
            assess(&reg, &cal, &r, date(2025, 10, 27)).unwrap().status,
            "replied"
        );
    }
}
