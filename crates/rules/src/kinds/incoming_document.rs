//! Kind `incoming_document` (CASES.md 6): accept a document submitted to the government, or return it
//! (退文)? Every ground the profile states is checked and every failure is listed, so the submitting
//! unit learns all reasons at once; the office's reply window is given for accepted documents.

use crate::citation::{Citation, national};
use crate::date::CaseDate;
use crate::engine::{Ctx, Out};
use crate::error::CheckError;
use crate::kinds::Kind;
use crate::msg;
use crate::profile::documents::eval::{citation, cite};
use crate::profile::documents::{
    DocType, Form, ReplyWhat, Secrecy, Signer, SkipException, Submitter, SubmitterExemption,
};
use serde::Deserialize;
use zhengwu_calendar::Date;

/// Where the document was sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AddressedTo {
    #[default]
    Office,
    LeaderPersonally,
}

fn one() -> u32 {
    1
}

crate::case_struct! {
    pub struct Case {
        pub doc_type: DocType,
        #[serde(default)]
        pub form: Form,
        #[serde(default = "one")]
        pub matters: u32,
        #[serde(default)]
        pub contains_request: bool,
        pub signed_by: Signer,
        #[serde(default)]
        pub doc_number: Option<String>,
        #[serde(default)]
        pub contact_in_note: bool,
        pub submitter: Submitter,
        #[serde(default)]
        pub via_competent_department: bool,
        #[serde(default = "one")]
        pub main_recipients: u32,
        #[serde(default)]
        pub skips_level: bool,
        #[serde(default)]
        pub emergency: bool,
        #[serde(default)]
        pub addressed_to: AddressedTo,
        #[serde(default)]
        pub secrecy: Secrecy,
        #[serde(default)]
        pub written_on: Option<CaseDate>,
        pub submitted_on: CaseDate,
        #[serde(default)]
        pub within_department_authority: bool,
        #[serde(default)]
        pub involves_other_departments: bool,
        #[serde(default)]
        pub countersigned: bool,
        #[serde(default)]
        pub options: u32,
        #[serde(default)]
        pub preferred_option_given: bool,
        // Optional facts beyond CASES.md, for grounds some governments state.
        /// Submitted jointly with the departments concerned (会签或联合报…审批).
        #[serde(default)]
        pub joint_submission: bool,
        /// The level-skip was approved (未经批准不得越级行文).
        #[serde(default)]
        pub level_skip_approved: bool,
        /// A matter a leader assigned directly (领导同志直接交办事项).
        #[serde(default)]
        pub assigned_by_leader: bool,
        /// A foreign-affairs matter (部分涉外事项).
        #[serde(default)]
        pub foreign_affairs: bool,
        /// The submitter is a superior government's unit stationed locally (上属驻潍单位).
        #[serde(default)]
        pub stationed_superior_unit: bool,
        /// The submitter has no (clear) competent department (无主管部门或主管部门不明确).
        #[serde(default)]
        pub no_competent_department: bool,
        /// Conflicts with current laws or policies (与…现行法律、政策规定相抵触).
        #[serde(default)]
        pub conflicts_with_law: bool,
        /// Poor quality or no substance (文稿质量差、无实质性内容).
        #[serde(default)]
        pub poor_quality: bool,
        /// A special case for the office's reply window (特殊情况 / 急件).
        #[serde(default)]
        pub special: bool,
    }
}

/// Secrecy levels the system itself never takes in (DESIGN §6: 涉密信息不上网): a networked,
/// non-classified system may not store or process them. A property of the system, not of a
/// government, so it is the same for every profile; only the citation differs.
const REFUSED_SECRECY: [Secrecy; 2] = [Secrecy::Confidential, Secrecy::TopSecret];

/// The national rule cited where a profile does not state 涉密信息不上网 itself.
fn national_secrecy() -> Citation {
    national(
        "第三十一条（三）",
        "《中华人民共和国保守国家秘密法》（2024年修订）第三十一条（三）",
        "使用非涉密信息系统、非涉密信息设备存储或者处理国家秘密",
    )
}

impl Case {
    fn check_input(&self) -> Result<(), CheckError> {
        if self.matters == 0 {
            return Err(CheckError::input(
                "matters",
                "事项数至少为 1 (matters must be ≥ 1)",
            ));
        }
        if self.main_recipients == 0 {
            return Err(CheckError::input(
                "main_recipients",
                "主送机关数至少为 1 (main_recipients must be ≥ 1)",
            ));
        }
        if let Some(w) = self.written_on
            && w > self.submitted_on
        {
            return Err(CheckError::input(
                "written_on",
                format!(
                    "成文日期 {w} 晚于报送日期 {} (written_on is after submitted_on)",
                    self.submitted_on
                ),
            ));
        }
        Ok(())
    }

    fn asks_for_decision(&self) -> bool {
        self.contains_request || self.doc_type == DocType::Request
    }
}

impl Kind for Case {
    fn main_date(&self) -> Option<Date> {
        Some(self.submitted_on.0)
    }

    fn evaluate(&self, ctx: &Ctx<'_>, out: &mut Out) -> Result<(), CheckError> {
        self.check_input()?;
        let docs = &ctx.profile.documents;
        let inc = &docs.incoming;
        let t = self.doc_type;
        let tz = t.zh();

        // The system never takes in 机密/绝密 content, whatever the government's exceptions.
        if REFUSED_SECRECY.contains(&self.secrecy) {
            let cit = match &docs.secrecy_offline {
                Some(g) => citation(ctx, &g.cite),
                None => national_secrecy(),
            };
            let lvl = self.secrecy.zh();
            out.violation(
                "R3.18",
                cit,
                msg!(
                    "{lvl}级公文不得在本系统（非涉密信息系统）中报送和处理：涉密信息不上网，请按机要渠道报送",
                    "a {lvl} (classified) document may not be submitted or processed in this non-classified system; use the confidential channel"
                ),
            );
        }

        if let Some(g) = &inc.direct_to_leader
            && self.addressed_to == AddressedTo::LeaderPersonally
            && !g.exempt_forms.contains(&self.form)
        {
            let excepted = (g.assigned_exception && self.assigned_by_leader)
                || (g.emergency_exception && self.emergency)
                || (g.foreign_affairs_exception && self.foreign_affairs)
                || g.secrecy_exception.contains(&self.secrecy);
            if !excepted {
                let office = ctx.title(crate::role::Role::Office);
                out.fail_rule(ctx, g,
                    msg!(
                        "公文不得直接报送领导同志个人，应一律送{office}按规定程序统一办理",
                        "documents may not be sent to a leader personally; they go through the general office"
                    ),
                );
            }
        }

        if let Some(g) = &inc.department_remit
            && self.within_department_authority
            && g.applies_to(t)
        {
            out.fail_rule(ctx, g,
                msg!(
                    "属于部门职责范围内的事项，应直接报送有关部门协商处理，不得报政府",
                    "a matter within a department's remit goes to that department, not to the government"
                ),
            );
        }

        self.check_forms(ctx, out);

        if let Some(g) = &inc.signer
            && g.applies_to(t)
            && !g.accepted.contains(&self.signed_by)
        {
            out.fail_rule(
                ctx,
                g,
                msg!(
                    "{tz}未由报送单位规定的负责人签发",
                    "the {tz} is not signed by the head the rules require"
                ),
            );
        }

        if let Some(g) = &inc.doc_number
            && g.applies_to(t)
            && self
                .doc_number
                .as_deref()
                .is_none_or(|n| n.trim().is_empty())
        {
            out.fail_rule(
                ctx,
                g,
                msg!("未标注发文字号", "no document number (发文字号)"),
            );
        }

        if let Some(g) = &inc.contact_in_note
            && g.applies_to(t)
            && !self.contact_in_note
        {
            out.fail_rule(
                ctx,
                g,
                msg!(
                    "未在“附注”处注明联系人姓名和电话号码",
                    "no contact person and telephone in the 附注"
                ),
            );
        }

        if let Some(g) = &inc.submit_within
            && g.applies_to(t)
            && let Some(written) = self.written_on
        {
            let d = ctx.deadline(
                msg!("成文后报送", "submission after the document was issued"),
                written,
                g.period,
                cite(&g.cite),
                Some(self.submitted_on),
                None,
            )?;
            if d.status == crate::verdict::DeadlineStatus::Missed {
                let due = d.due.clone();
                let sub = self.submitted_on;
                out.fail(
                    ctx,
                    &g.matrix,
                    g.strength,
                    d.citation.clone(),
                    msg!(
                        "成文后逾期报送：应不迟于 {due}，实际 {sub}",
                        "submitted late after issue: due {due}, submitted {sub}"
                    ),
                );
            }
            out.deadline(d);
        }

        if let Some(g) = &inc.one_matter
            && g.applies_to(t)
            && self.matters > 1
        {
            let n = self.matters;
            out.fail_rule(
                ctx,
                g,
                msg!(
                    "{tz}应一文一事，本件含 {n} 个事项",
                    "a {tz} must carry one matter; this one carries {n}"
                ),
            );
        }

        if let Some(g) = &inc.no_request_in_report
            && g.applies_to(t)
            && self.contains_request
        {
            out.fail_rule(
                ctx,
                g,
                msg!("{tz}中不得夹带请示事项", "a {tz} may not carry requests"),
            );
        }

        if let Some(g) = &inc.level_skipping
            && self.skips_level
        {
            let excepted = (g.unless.contains(&SkipException::Emergency) && self.emergency)
                || (g.unless.contains(&SkipException::Approved) && self.level_skip_approved);
            if !excepted {
                out.fail_rule(
                    ctx,
                    g,
                    msg!("不得越级行文", "level-skipping submission (越级行文)"),
                );
            }
        }

        if let Some(g) = &inc.main_recipients
            && self.main_recipients > g.max
        {
            let (n, max) = (self.main_recipients, g.max);
            out.fail_rule(
                ctx,
                g,
                msg!(
                    "主送 {n} 个机关，不得多头报送（至多 {max} 个）",
                    "{n} main recipients; at most {max} (no multiple submission)"
                ),
            );
        }

        for g in &inc.submitters {
            if !g.submitters.contains(&self.submitter) {
                continue;
            }
            let excepted = (g.via_competent_department && self.via_competent_department)
                || (g
                    .exemptions
                    .contains(&SubmitterExemption::StationedSuperiorUnit)
                    && self.stationed_superior_unit)
                || (g
                    .exemptions
                    .contains(&SubmitterExemption::NoCompetentDepartment)
                    && self.no_competent_department);
            if !excepted {
                let who = self.submitter.zh();
                out.fail_rule(
                    ctx,
                    g,
                    msg!(
                        "{who}不得直接向政府报送公文，应由其主管部门报送",
                        "a {who} may not submit directly; its competent department submits"
                    ),
                );
            }
        }

        if let Some(g) = &inc.preferred_option
            && g.applies_to(t)
            && self.options > 1
            && !self.preferred_option_given
        {
            out.fail_rule(
                ctx,
                g,
                msg!(
                    "提报多个方案，未提出倾向性意见",
                    "several options without a preferred one"
                ),
            );
        }

        if let Some(g) = &inc.coordination
            && g.applies_to(t)
            && self.involves_other_departments
            && !(self.countersigned || (g.joint_submission_allowed && self.joint_submission))
        {
            out.fail_rule(ctx, g,
                msg!(
                    "涉及其他部门职权，未与相关部门会签（或联合报送）",
                    "touches other departments' remit but was not countersigned (or submitted jointly)"
                ),
            );
        }

        for (g, flag, zh, en) in [
            (
                &inc.conflicts_with_law,
                self.conflicts_with_law,
                "与现行法律、政策规定相抵触",
                "conflicts with current laws or policies",
            ),
            (
                &inc.poor_quality,
                self.poor_quality,
                "文稿质量差、无实质性内容",
                "poor quality or no substance",
            ),
        ] {
            if let Some(g) = g
                && flag
            {
                out.fail_rule(ctx, g, msg!("{zh}", "{en}"));
            }
        }

        let accepted = out.violations.is_empty();
        if accepted {
            self.reply_deadline(ctx, out)?;
        }
        out.status(crate::verdict::Status::id(if accepted {
            "accepted"
        } else {
            "returned"
        }));
        Ok(())
    }
}

impl Case {
    fn check_forms(&self, ctx: &Ctx<'_>, out: &mut Out) {
        if self.form == Form::Formal {
            return;
        }
        let gates = &ctx.profile.documents.incoming.forms;
        let f = self.form.zh();
        for g in gates
            .iter()
            .filter(|g| g.applies_to(self.doc_type) && !g.exempt_forms.contains(&self.form))
        {
            let named = g.forms.contains(&self.form) || g.formal_required;
            if named {
                if g.only_when_request && !self.asks_for_decision() {
                    continue;
                }
                out.fail_rule(
                    ctx,
                    g,
                    msg!(
                        "不得以“{f}”形式报送，应以正式公文报送",
                        "may not be submitted as a {f}; a formal document is required"
                    ),
                );
            } else if g.open_list
                && !gates.iter().any(|o| {
                    o.applies_to(self.doc_type)
                        && (o.forms.contains(&self.form) || o.formal_required)
                })
            {
                // C10: the list ends with 等; an unnamed informal form of the same kind is for the office to judge.
                out.warning(
                    &g.matrix,
                    citation(ctx, &g.cite),
                    msg!(
                        "“{f}”未列名，但属同类不规范形式（列举以“等”结尾），由政府办公室判断",
                        "{f} is not named, but the list ends with 等: the office judges this informal form"
                    ),
                );
            }
        }
    }

    fn reply_deadline(&self, ctx: &Ctx<'_>, out: &mut Out) -> Result<(), CheckError> {
        let Some(w) = ctx
            .profile
            .documents
            .reply_windows
            .iter()
            .find(|w| w.what == ReplyWhat::OfficeReply)
        else {
            return Ok(());
        };
        if !(w.doc_types.is_empty() || w.doc_types.contains(&self.doc_type)) {
            return Ok(());
        }
        let period = if self.special {
            w.special_period.or(w.period)
        } else {
            w.period
        };
        if let Some(p) = period {
            let d = ctx.deadline(
                msg!("政府办公室答复", "office reply"),
                self.submitted_on,
                p,
                cite(&w.cite),
                None,
                None,
            )?;
            out.deadline(d);
        }
        Ok(())
    }
}
