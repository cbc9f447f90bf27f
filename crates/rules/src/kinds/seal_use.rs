//! Kind `seal_use` (CASES.md 17): may this person approve use of this seal? Only where the profile
//! names who approves (`[[documents.seals]]`); otherwise a manual step (C8).

use crate::engine::{Ctx, Out};
use crate::error::CheckError;
use crate::kinds::Kind;
use crate::msg;
use crate::profile::documents::Seal;
use crate::profile::documents::eval::{citation, ids, role_covers, titles};
use crate::role::Role;
use zhengwu_calendar::Date;

crate::case_struct! {
    pub struct Case {
        pub seal: Seal,
        pub approved_by: Role,
        #[serde(default)]
        pub authorised_by_head: bool,
    }
}

impl Kind for Case {
    fn main_date(&self) -> Option<Date> {
        None
    }

    fn evaluate(&self, ctx: &Ctx<'_>, out: &mut Out) -> Result<(), CheckError> {
        let Some(rule) = ctx
            .profile
            .documents
            .seals
            .iter()
            .find(|s| s.seal == self.seal)
        else {
            out.manual("seal_approval", "not_stated", None);
            return Ok(());
        };
        let by = self.approved_by;
        if rule.approvers.iter().any(|a| role_covers(*a, by)) {
            return Ok(());
        }
        let delegate = rule.delegates.iter().find(|d| role_covers(d.role, by));
        if let Some(d) = delegate
            && self.authorised_by_head
            && d.authorised_by.contains(&Role::Head)
        {
            return Ok(());
        }
        let (seal, who) = (self.seal.zh(), ctx.title(by));
        let msg = match delegate {
            Some(d) => {
                let (t, i) = (titles(ctx, &d.authorised_by), ids(&d.authorised_by));
                msg!(
                    "{who}须经{t}授权方可同意使用{seal}",
                    "{by} may approve this seal only when authorised by {i}"
                )
            }
            None => {
                let mut allowed = rule.approvers.clone();
                allowed.extend(rule.delegates.iter().map(|d| d.role));
                let (t, i) = (titles(ctx, &allowed), ids(&allowed));
                msg!(
                    "{who}无权同意使用{seal}，须经{t}同意",
                    "{by} may not approve this seal; approvers: {i}"
                )
            }
        };
        out.violation(&rule.matrix, citation(ctx, &rule.cite), msg);
        Ok(())
    }
}
