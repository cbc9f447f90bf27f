//! Kind `outgoing_document` (CASES.md 5): who reviews and who signs a document in the government's or
//! the office's name? The review chain comes from `[[documents.review_chain]]`, the signer from the
//! signing table `[[documents.signing]]` (FIRST hit; `extend` rows add delegations). With `signed_by`,
//! the verdict says whether that person may sign in these circumstances.

use crate::engine::{Ctx, Out};
use crate::error::CheckError;
use crate::kinds::Kind;
use crate::msg;
use crate::profile::documents::eval::{citation, ids, role_covers, titles};
use crate::profile::documents::{Category, Delegate, Issuer, SigningFacts, SigningRow};
use crate::role::Role;
use crate::verdict::Step;
use serde::Deserialize;
use zhengwu_calendar::Date;

/// The disclosure attribute given at drafting (公开属性).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Disclosure {
    /// 主动公开
    Proactive,
    /// 依申请公开
    OnRequest,
    /// 不予公开
    Withheld,
    /// Not yet determined.
    Unset,
}

/// What a government-name document rests on (R3.27).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    MeetingDecision,
    SuperiorRequirement,
    WrittenRequest,
    None,
}

fn one() -> u32 {
    1
}

crate::case_struct! {
    pub struct Case {
        pub issuer: Issuer,
        pub category: Category,
        #[serde(default = "one")]
        pub portfolios: u32,
        #[serde(default)]
        pub broad_or_disputed: bool,
        #[serde(default)]
        pub special_urgent: bool,
        #[serde(default)]
        pub head_away: bool,
        #[serde(default)]
        pub signed_by: Option<Role>,
        #[serde(default)]
        pub authorised_by: Option<Role>,
        // Optional drafting facts beyond CASES.md.
        /// Whether the general office reviewed the draft (审理/审核) before it reached the signer.
        #[serde(default)]
        pub office_reviewed: Option<bool>,
        #[serde(default)]
        pub disclosure: Option<Disclosure>,
        /// Reasons stated for 依申请公开 / 不予公开.
        #[serde(default)]
        pub disclosure_reasons_given: bool,
        #[serde(default)]
        pub basis: Option<Basis>,
    }
}

impl Case {
    fn facts(&self) -> SigningFacts {
        SigningFacts {
            issuer: self.issuer,
            category: self.category,
            portfolios: self.portfolios,
            broad_or_disputed: self.broad_or_disputed,
            special_urgent: self.special_urgent,
            head_away: self.head_away,
        }
    }

    fn check_input(&self) -> Result<(), CheckError> {
        if self.portfolios == 0 {
            return Err(CheckError::input(
                "portfolios",
                "分管领域数至少为 1 (portfolios must be ≥ 1)",
            ));
        }
        if self.issuer == Issuer::Government && self.category.office_only() {
            return Err(CheckError::input(
                "category",
                "office_business / office_routine 只适用于以办公室名义发文 (these categories need issuer = office)",
            ));
        }
        Ok(())
    }

    /// Drafting gates: office review, disclosure attribute, prior basis.
    fn drafting(&self, ctx: &Ctx<'_>, out: &mut Out) {
        let docs = &ctx.profile.documents;
        if let Some(g) = &docs.office_review
            && self.office_reviewed == Some(false)
        {
            let office = ctx.title(Role::Office);
            out.fail_rule(
                ctx,
                g,
                msg!(
                    "文稿未经{office}审理，领导同志不直接签批",
                    "leaders do not sign drafts the office has not reviewed"
                ),
            );
        }
        if let (Some(g), Some(d)) = (&docs.disclosure_attribute, self.disclosure) {
            if d == Disclosure::Unset {
                out.fail_rule(
                    ctx,
                    g,
                    msg!(
                        "拟制公文须明确公开属性",
                        "the disclosure attribute must be fixed at drafting"
                    ),
                );
            } else if let Some(r) = &g.reasons
                && matches!(d, Disclosure::OnRequest | Disclosure::Withheld)
                && !self.disclosure_reasons_given
            {
                out.fail(
                    ctx,
                    &r.matrix,
                    g.strength,
                    citation(ctx, &r.cite),
                    msg!(
                        "拟依申请公开或不予公开的，须依法依规说明理由",
                        "on-request or withheld disclosure needs stated reasons"
                    ),
                );
            }
        }
        if let Some(g) = &docs.prior_basis
            && self.basis == Some(Basis::None)
        {
            out.fail_rule(
                ctx,
                g,
                msg!(
                    "发文既无会议议定也无上级明确要求，应当先行书面请示",
                    "no meeting decision or superior requirement: a written request must come first"
                ),
            );
        }
    }
}

impl Kind for Case {
    fn main_date(&self) -> Option<Date> {
        None
    }

    fn evaluate(&self, ctx: &Ctx<'_>, out: &mut Out) -> Result<(), CheckError> {
        self.check_input()?;
        self.drafting(ctx, out);
        let docs = &ctx.profile.documents;
        let facts = self.facts();

        // Modifier rows add delegations; the first ordinary matching row decides (FIRST hit).
        let extends: Vec<&SigningRow> = docs
            .signing
            .iter()
            .filter(|r| r.extend && r.when.matches(&facts))
            .collect();
        let row = docs
            .signing
            .iter()
            .find(|r| !r.extend && r.when.matches(&facts));

        // A category this government does not have is refused before any review is routed.
        if let Some(r) = row.filter(|r| r.not_available) {
            out.violation(
                &r.matrix,
                citation(ctx, &r.cite),
                msg!(
                    "本级政府没有此类公文（见所引条文）",
                    "this government has no such document category (see the article cited)"
                ),
            );
            out.status(serde_json::json!({ "signer": null }));
            return Ok(());
        }
        for s in docs
            .review_chain
            .iter()
            .filter(|s| s.issuer.is_none_or(|i| i == self.issuer))
        {
            out.step(ctx, s.step, s.role, Some(citation(ctx, &s.cite)));
        }

        let Some(row) = row else {
            out.manual("sign", "not_stated", None);
            out.status(serde_json::json!({ "signer": null }));
            return Ok(());
        };
        let row_cit = citation(ctx, &row.cite);
        let Some(signer) = row.sign else {
            // Rejected by validate(); kept as a manual step rather than a panic.
            out.manual("sign", "not_stated", Some(row_cit));
            return Ok(());
        };

        for s in &row.steps {
            out.step(ctx, s.step, s.role, Some(row_cit.clone()));
        }
        let mut alternatives: Vec<Role> = row.alternatives.clone();
        let mut delegates: Vec<(&Delegate, &SigningRow)> =
            row.delegates.iter().map(|d| (d, row)).collect();
        for e in &extends {
            alternatives.extend(e.alternatives.iter().copied().filter(|a| *a != signer));
            delegates.extend(e.delegates.iter().map(|d| (d, *e)));
        }
        alternatives.dedup();
        out.step_alt(
            ctx,
            Step::Sign,
            signer,
            &alternatives,
            Some(row_cit.clone()),
        );
        let mut notes = Vec::new();
        if !row.authorised_by.is_empty() {
            notes.push(format!("受{}委托签发", titles(ctx, &row.authorised_by)));
        }
        for (d, _) in &delegates {
            notes.push(format!(
                "经{}授权，可由{}签发",
                titles(ctx, &d.authorised_by),
                ctx.title(d.role)
            ));
        }
        if let Some(last) = out.chain.last_mut() {
            last.note = notes.join("；");
        }
        out.status(serde_json::json!({
            "signer": signer,
            "alternatives": alternatives,
            "delegates": delegates.iter().map(|(d, _)| serde_json::json!({"role": d.role, "authorised_by": d.authorised_by})).collect::<Vec<_>>(),
        }));

        let Some(by) = self.signed_by else {
            return Ok(());
        };
        let auth_ok = |needed: &[Role]| {
            self.authorised_by
                .is_some_and(|a| needed.iter().any(|n| role_covers(*n, a)))
        };
        if role_covers(signer, by) && (row.authorised_by.is_empty() || auth_ok(&row.authorised_by))
        {
            return Ok(());
        }
        if alternatives.iter().any(|a| role_covers(*a, by)) {
            return Ok(());
        }
        if delegates
            .iter()
            .any(|(d, _)| role_covers(d.role, by) && auth_ok(&d.authorised_by))
        {
            return Ok(());
        }
        let who = ctx.title(by);
        // The person could sign with the right authorisation: say whose authorisation is missing.
        let needed: Option<(Vec<Role>, &SigningRow)> =
            if role_covers(signer, by) && !row.authorised_by.is_empty() {
                Some((row.authorised_by.clone(), row))
            } else {
                delegates
                    .iter()
                    .find(|(d, _)| role_covers(d.role, by))
                    .map(|(d, r)| (d.authorised_by.clone(), *r))
            };
        match needed {
            Some((roles, r)) => {
                let (t, i) = (titles(ctx, &roles), ids(&roles));
                out.violation(
                    &r.matrix,
                    citation(ctx, &r.cite),
                    msg!(
                        "{who}须经{t}授权（委托）方可签发此公文",
                        "{by} may sign only when authorised by {i}"
                    ),
                );
            }
            None => {
                let mut allowed = vec![signer];
                allowed.extend(alternatives.iter().copied());
                let (t, i) = (titles(ctx, &allowed), ids(&allowed));
                out.violation(
                    &row.matrix,
                    row_cit,
                    msg!(
                        "{who}无权签发此公文，应由{t}签发",
                        "{by} may not sign this document; it is signed by {i}"
                    ),
                );
            }
        }
        Ok(())
    }
}
