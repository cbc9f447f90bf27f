//! Authorisation: one pure function over (actor, action, object). Every handler asks it before it
//! reads or writes, so the whole policy is here and the role-walk test covers it.
//!
//! Roles come from the account's org positions (CASES.md role ids) and map to a reach:
//! - the office (政府办公室, 秘书长 and the office leaders) and the head see and handle everything;
//! - a deputy head (常务/主持工作/分管副职) sees the departments of the portfolio (分管);
//! - a department (部门, 司法局, a subordinate government) sees and files its own records;
//! - everybody else, signed in or not, sees only what is published (公开).

use std::collections::BTreeSet;
use zhengwu_rules::Role;

/// How far an actor sees.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reach {
    /// Only published records.
    Public,
    /// Records of one department (plus published ones).
    Department(String),
    /// Records of the departments in the portfolio (plus published ones).
    Portfolio(BTreeSet<String>),
    /// Everything.
    All,
}

/// Who is asking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// Account id; `None` for an anonymous request.
    pub account_id: Option<String>,
    pub username: String,
    pub roles: Vec<Role>,
    pub department_id: Option<String>,
    /// Department ids in the portfolio of the actor's positions.
    pub portfolio: BTreeSet<String>,
}

impl Actor {
    pub fn anonymous() -> Actor {
        Actor {
            account_id: None,
            username: String::new(),
            roles: Vec::new(),
            department_id: None,
            portfolio: BTreeSet::new(),
        }
    }

    pub fn is_authenticated(&self) -> bool {
        self.account_id.is_some()
    }

    /// The id written into audit events.
    pub fn audit_id(&self) -> String {
        match &self.account_id {
            Some(id) => id.clone(),
            None => "anonymous".to_string(),
        }
    }

    /// The widest reach among the actor's roles.
    pub fn reach(&self) -> Reach {
        if !self.is_authenticated() {
            return Reach::Public;
        }
        let mut reach = Reach::Public;
        for role in &self.roles {
            let r = match role {
                Role::Head
                | Role::SecretaryGeneral
                | Role::DeputySecretaryGeneralBusiness
                | Role::DeputySecretaryGeneralDocuments
                | Role::OfficeDirector
                | Role::OfficeDeputyDirector
                | Role::Office
                | Role::SupervisionCenter => return Reach::All,
                Role::ExecutiveDeputy
                | Role::PresidingDeputy
                | Role::Deputy
                | Role::DeputyInCharge
                | Role::DeputiesConcerned => Reach::Portfolio(self.portfolio.clone()),
                Role::DepartmentHead | Role::JusticeBureau | Role::SubordinateHead => {
                    match &self.department_id {
                        Some(d) => Reach::Department(d.clone()),
                        None => Reach::Public,
                    }
                }
                // Situational roles (a meeting's convener, a delegator) and bodies outside the
                // government (the party committee) carry no standing reach here.
                Role::Convener | Role::Delegator | Role::PartyCommittee => Reach::Public,
            };
            reach = wider(reach, r);
        }
        reach
    }
}

fn rank(r: &Reach) -> u8 {
    match r {
        Reach::Public => 0,
        Reach::Department(_) => 1,
        Reach::Portfolio(_) => 2,
        Reach::All => 3,
    }
}

fn wider(a: Reach, b: Reach) -> Reach {
    if rank(&b) > rank(&a) { b } else { a }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Read,
    Create,
    Update,
    Delete,
    /// Make a record public (公开).
    Publish,
    /// The supervision office's acts on a ledger item: 立项, 催办, 核查, 销号, 回头看, recording a
    /// leader's consent, escalating, extending.
    Supervise,
}

/// What is being acted on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Object<'a> {
    /// Public reference data: profiles, the check service, health.
    Reference,
    /// The organisation (departments, people, positions): public to read, the office maintains it.
    Org,
    /// A record owned by a department.
    Record {
        department_id: &'a str,
        published: bool,
    },
    /// The audit log.
    Audit,
    /// The actor's own session and API tokens.
    OwnCredentials,
    /// A meeting, its agenda, attendance, decisions and minutes, or a major decision (issue #6):
    /// government staff read; the office and the head run them. Who approves an agenda item or signs
    /// minutes is decided by the profile's chain (the meetings module), not here.
    Meeting,
    /// An agenda item (议题) proposed by a department (or by a leader or the office).
    AgendaItem { department_id: Option<&'a str> },
    /// A supervision ledger item (督办事项), led by a department.
    Supervision { lead_unit: &'a str },
    /// A disclosure request (依申请公开), handled by the office (its public status page is
    /// reached by tracking code, not through this policy).
    Disclosure,
    /// A leader's leave request (请销假), recorded and approved through the office.
    Leave,
    /// Event invitations, the proactive disclosure register, suggestions and proposals, 12345
    /// tickets (issue #7 follow-up): run by the office.
    Followup,
    /// Work assigned to a unit (a 12345 ticket, a suggestion or proposal): the office runs it, the
    /// unit it is assigned to replies (Update), as for a supervision item.
    Assigned { unit: &'a str },
    /// The holiday schedules (节假日安排): everybody reads the calendar in force; only the office
    /// (政府办公室 and its leaders, not the head or the supervision centre) loads a year.
    Calendar,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    Allow,
    /// Refused; the reason is shown to the caller (Chinese, with English).
    Deny(&'static str),
}

impl Decision {
    pub fn allowed(&self) -> bool {
        matches!(self, Decision::Allow)
    }
}

const NEED_LOGIN: &str = "需要登录 (authentication required)";
const OFFICE_ONLY: &str = "仅政府办公室可以办理 (only the government office may do this)";
const NOT_YOURS: &str = "只能办理本部门的记录 (you may only handle your own department's records)";
const NOT_VISIBLE: &str = "无权查看该记录 (you may not see this record)";
const PUBLISHED_FROZEN: &str =
    "已公开的记录只能由政府办公室修改 (a published record may only be changed by the office)";

/// The policy. Pure: the same inputs always give the same answer.
pub fn authorize(actor: &Actor, action: Action, object: Object<'_>) -> Decision {
    let reach = actor.reach();
    match object {
        Object::Reference => match action {
            Action::Read => Decision::Allow,
            _ => Decision::Deny(OFFICE_ONLY),
        },
        Object::Org => match action {
            Action::Read => Decision::Allow,
            _ if reach == Reach::All => Decision::Allow,
            _ if !actor.is_authenticated() => Decision::Deny(NEED_LOGIN),
            _ => Decision::Deny(OFFICE_ONLY),
        },
        Object::Audit => {
            if reach == Reach::All && action == Action::Read {
                Decision::Allow
            } else if !actor.is_authenticated() {
                Decision::Deny(NEED_LOGIN)
            } else {
                Decision::Deny(OFFICE_ONLY)
            }
        }
        Object::OwnCredentials => {
            if actor.is_authenticated() {
                Decision::Allow
            } else {
                Decision::Deny(NEED_LOGIN)
            }
        }
        Object::Meeting => meeting_policy(actor, &reach, action),
        Object::AgendaItem { department_id } => {
            agenda_item_policy(actor, &reach, action, department_id)
        }
        Object::Record {
            department_id,
            published,
        } => {
            let sees = published || sees_department(&reach, department_id);
            match action {
                Action::Read if sees => Decision::Allow,
                Action::Read => Decision::Deny(NOT_VISIBLE),
                _ if !actor.is_authenticated() => Decision::Deny(NEED_LOGIN),
                _ if reach == Reach::All => Decision::Allow,
                // Leaders read their portfolio; filing and editing is the department's or the office's.
                Action::Create | Action::Update | Action::Delete => match &reach {
                    Reach::Department(d) if d == department_id => {
                        if published && action != Action::Create {
                            Decision::Deny(PUBLISHED_FROZEN)
                        } else {
                            Decision::Allow
                        }
                    }
                    _ => Decision::Deny(NOT_YOURS),
                },
                Action::Publish | Action::Supervise => Decision::Deny(OFFICE_ONLY),
            }
        }
        Object::Disclosure | Object::Leave | Object::Followup => {
            if reach == Reach::All {
                Decision::Allow
            } else if !actor.is_authenticated() {
                Decision::Deny(NEED_LOGIN)
            } else {
                Decision::Deny(OFFICE_ONLY)
            }
        }
        // The office runs the ledger; the lead unit reads its items and reports progress (Update);
        // leaders read the items of their portfolio.
        Object::Supervision { lead_unit } | Object::Assigned { unit: lead_unit } => {
            let sees = sees_department(&reach, lead_unit);
            match action {
                Action::Read if sees => Decision::Allow,
                _ if !actor.is_authenticated() => Decision::Deny(NEED_LOGIN),
                Action::Read => Decision::Deny(NOT_VISIBLE),
                _ if reach == Reach::All => Decision::Allow,
                Action::Update if reach == Reach::Department(lead_unit.to_string()) => {
                    Decision::Allow
                }
                Action::Update => Decision::Deny(NOT_YOURS),
                _ => Decision::Deny(OFFICE_ONLY),
            }
        }
        Object::Calendar => match action {
            Action::Read => Decision::Allow,
            _ if !actor.is_authenticated() => Decision::Deny(NEED_LOGIN),
            _ if actor.roles.iter().any(is_office_role) => Decision::Allow,
            _ => Decision::Deny(OFFICE_ONLY),
        },
    }
}

/// The roles of the government office itself.
fn is_office_role(r: &Role) -> bool {
    matches!(
        r,
        Role::Office
            | Role::SecretaryGeneral
            | Role::DeputySecretaryGeneralBusiness
            | Role::DeputySecretaryGeneralDocuments
            | Role::OfficeDirector
            | Role::OfficeDeputyDirector
    )
}

const STAFF_ONLY: &str = "仅政府工作人员可以查看 (government staff only)";

fn meeting_policy(actor: &Actor, reach: &Reach, action: Action) -> Decision {
    match action {
        _ if !actor.is_authenticated() => Decision::Deny(NEED_LOGIN),
        Action::Read if *reach != Reach::Public => Decision::Allow,
        Action::Read => Decision::Deny(STAFF_ONLY),
        _ if *reach == Reach::All => Decision::Allow,
        _ => Decision::Deny(OFFICE_ONLY),
    }
}

fn agenda_item_policy(
    actor: &Actor,
    reach: &Reach,
    action: Action,
    department_id: Option<&str>,
) -> Decision {
    match action {
        _ if !actor.is_authenticated() => Decision::Deny(NEED_LOGIN),
        _ if *reach == Reach::All => Decision::Allow,
        Action::Read if *reach != Reach::Public => Decision::Allow,
        Action::Read => Decision::Deny(STAFF_ONLY),
        Action::Create | Action::Update => match (reach, department_id) {
            (Reach::Department(d), Some(x)) if d == x => Decision::Allow,
            (Reach::Portfolio(_), _) => Decision::Allow,
            (Reach::Public, _) => Decision::Deny(STAFF_ONLY),
            _ => Decision::Deny(NOT_YOURS),
        },
        _ => Decision::Deny(OFFICE_ONLY),
    }
}

fn sees_department(reach: &Reach, department_id: &str) -> bool {
    match reach {
        Reach::All => true,
        Reach::Portfolio(p) => p.contains(department_id),
        Reach::Department(d) => d == department_id,
        Reach::Public => false,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly on purpose
mod tests {
    use super::*;

    fn actor(roles: &[Role], dept: Option<&str>, portfolio: &[&str]) -> Actor {
        Actor {
            account_id: Some("a".into()),
            username: "u".into(),
            roles: roles.to_vec(),
            department_id: dept.map(str::to_string),
            portfolio: portfolio.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn the_widest_role_wins() {
        let a = actor(&[Role::DepartmentHead, Role::Deputy], Some("edu"), &["fin"]);
        assert_eq!(a.reach(), Reach::Portfolio(["fin".to_string()].into()));
        let a = actor(&[Role::Deputy, Role::SecretaryGeneral], None, &[]);
        assert_eq!(a.reach(), Reach::All);
        // A department role without a department sees only what is public.
        assert_eq!(
            actor(&[Role::DepartmentHead], None, &[]).reach(),
            Reach::Public
        );
        let mut anon = actor(&[Role::Office], None, &[]);
        anon.account_id = None;
        assert_eq!(
            anon.reach(),
            Reach::Public,
            "roles without an account count for nothing"
        );
    }

    #[test]
    fn deputy_reads_portfolio_but_does_not_file() {
        let d = actor(&[Role::Deputy], None, &["fin"]);
        let fin = Object::Record {
            department_id: "fin",
            published: false,
        };
        let edu = Object::Record {
            department_id: "edu",
            published: false,
        };
        assert!(authorize(&d, Action::Read, fin).allowed());
        assert!(!authorize(&d, Action::Read, edu).allowed());
        assert!(!authorize(&d, Action::Update, fin).allowed());
        assert!(!authorize(&d, Action::Publish, fin).allowed());
    }

    #[test]
    fn published_records_are_frozen_for_departments() {
        let dept = actor(&[Role::DepartmentHead], Some("edu"), &[]);
        let published = Object::Record {
            department_id: "edu",
            published: true,
        };
        assert!(authorize(&dept, Action::Read, published).allowed());
        assert_eq!(
            authorize(&dept, Action::Update, published),
            Decision::Deny(PUBLISHED_FROZEN)
        );
        let office = actor(&[Role::Office], None, &[]);
        assert!(authorize(&office, Action::Update, published).allowed());
    }
}
