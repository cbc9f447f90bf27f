//! The stable role ids of CASES.md. Titles are per profile (`[roles]` in a profile file).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Head,
    ExecutiveDeputy,
    PresidingDeputy,
    Deputy,
    DeputyInCharge,
    DeputiesConcerned,
    SecretaryGeneral,
    DeputySecretaryGeneralBusiness,
    DeputySecretaryGeneralDocuments,
    OfficeDirector,
    OfficeDeputyDirector,
    Office,
    Convener,
    Delegator,
    DepartmentHead,
    SubordinateHead,
    JusticeBureau,
    PartyCommittee,
    SupervisionCenter,
}

impl Role {
    pub const ALL: [Role; 19] = [
        Role::Head,
        Role::ExecutiveDeputy,
        Role::PresidingDeputy,
        Role::Deputy,
        Role::DeputyInCharge,
        Role::DeputiesConcerned,
        Role::SecretaryGeneral,
        Role::DeputySecretaryGeneralBusiness,
        Role::DeputySecretaryGeneralDocuments,
        Role::OfficeDirector,
        Role::OfficeDeputyDirector,
        Role::Office,
        Role::Convener,
        Role::Delegator,
        Role::DepartmentHead,
        Role::SubordinateHead,
        Role::JusticeBureau,
        Role::PartyCommittee,
        Role::SupervisionCenter,
    ];

    /// The stable id, as in CASES.md.
    pub fn id(self) -> &'static str {
        match self {
            Role::Head => "head",
            Role::ExecutiveDeputy => "executive_deputy",
            Role::PresidingDeputy => "presiding_deputy",
            Role::Deputy => "deputy",
            Role::DeputyInCharge => "deputy_in_charge",
            Role::DeputiesConcerned => "deputies_concerned",
            Role::SecretaryGeneral => "secretary_general",
            Role::DeputySecretaryGeneralBusiness => "deputy_secretary_general_business",
            Role::DeputySecretaryGeneralDocuments => "deputy_secretary_general_documents",
            Role::OfficeDirector => "office_director",
            Role::OfficeDeputyDirector => "office_deputy_director",
            Role::Office => "office",
            Role::Convener => "convener",
            Role::Delegator => "delegator",
            Role::DepartmentHead => "department_head",
            Role::SubordinateHead => "subordinate_head",
            Role::JusticeBureau => "justice_bureau",
            Role::PartyCommittee => "party_committee",
            Role::SupervisionCenter => "supervision_center",
        }
    }

    pub fn from_id(s: &str) -> Option<Role> {
        Role::ALL.iter().copied().find(|r| r.id() == s)
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id())
    }
}
