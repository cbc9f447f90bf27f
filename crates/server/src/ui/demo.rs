//! The demo government: `zhengwu demo` and `zhengwu serve --demo` load, per rule profile, a
//! realistic organisation (departments, people, leadership positions with the profile's own titles,
//! portfolios 分管, substitution pairs 工作补位) and an account for every role, all with the
//! documented demo password [`DEMO_PASSWORD`]. Deterministic and idempotent: a government that is
//! already stored is left as it is, and existing accounts are not touched.
//!
//! Everything that differs per government comes from the profile: titles from `[roles]`, the
//! 秘书长 only where the profile has that role, the level (city / county / district) for the
//! department names. The workflow areas add their own records through [`seed_workflows`].

use serde::Serialize;
use zhengwu_rules::Registry;
use zhengwu_rules::Role;
use zhengwu_rules::profile::{Level, Profile};
use zhengwu_store::org::{
    Department, Government, Org, Person, Portfolio, Position, SubjectKind, Substitution,
};
use zhengwu_store::{Audit, NewAccount, Store, StoreError};

/// The password of every demo account. Demo data only: never use it in production.
pub const DEMO_PASSWORD: &str = "zhengwu-demo";

/// Who performs the demo writes in the audit trail.
pub const DEMO_ACTOR: &str = "system:demo";

/// One demo account, as printed by `zhengwu demo`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DemoAccount {
    pub username: String,
    pub display_name: String,
    pub roles: Vec<String>,
    /// What the account is for, in Chinese (the title or department).
    pub what: String,
}

/// What seeding one government did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DemoReport {
    pub profile: String,
    pub government_id: String,
    pub government: String,
    /// False when the government was already stored (nothing written for it).
    pub created_org: bool,
    /// Accounts created now.
    pub created_accounts: usize,
    pub accounts: Vec<DemoAccount>,
}

/// Why the demo could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("没有规则配置 \"{0}\" (no profile \"{0}\")")]
    UnknownProfile(String),
    #[error("{0}")]
    Store(#[from] StoreError),
}

/// The government id used for a profile's demo government.
pub fn government_id(profile: &str) -> String {
    format!("demo-{profile}")
}

/// Departments: (id, name after the level prefix; city name, county/district name).
const DEPARTMENTS: [(&str, &str, &str); 10] = [
    ("fgw", "发展和改革委员会", "发展和改革局"),
    ("czj", "财政局", "财政局"),
    ("sfj", "司法局", "司法局"),
    ("jyj", "教育局", "教育和体育局"),
    ("gaj", "公安局", "公安分局"),
    ("zrzyj", "自然资源和规划局", "自然资源局"),
    ("zjj", "住房和城乡建设局", "住房和城乡建设局"),
    ("nyj", "农业农村局", "农业农村局"),
    ("wjw", "卫生健康委员会", "卫生健康局"),
    ("yjj", "应急管理局", "应急管理局"),
];

/// Fictional names; each government starts at its own offset so they differ.
const NAMES: [&str; 28] = [
    "王建国",
    "李明华",
    "张志强",
    "刘晓燕",
    "陈立新",
    "杨卫东",
    "赵文静",
    "黄海涛",
    "周慧敏",
    "吴国平",
    "徐春梅",
    "孙长青",
    "马俊峰",
    "朱丽娟",
    "胡振华",
    "郭建军",
    "何雪梅",
    "林志远",
    "高振宇",
    "罗晓峰",
    "郑红霞",
    "梁永健",
    "宋佳怡",
    "谢天明",
    "韩志刚",
    "唐秀英",
    "冯建平",
    "董丽华",
];

/// Leadership positions: (position id, role, portfolio departments, portfolio matters).
const LEADERS: [(&str, Role, &[&str], &[&str]); 6] = [
    ("head", Role::Head, &[], &["政府全面工作"]),
    (
        "exec",
        Role::ExecutiveDeputy,
        &["fgw", "czj"],
        &["政府常务工作"],
    ),
    ("deputy1", Role::Deputy, &["jyj", "wjw"], &[]),
    ("deputy2", Role::Deputy, &["gaj", "sfj", "yjj"], &[]),
    ("deputy3", Role::Deputy, &["zrzyj", "zjj"], &[]),
    ("deputy4", Role::Deputy, &["nyj"], &["乡村振兴"]),
];

/// Substitution pairs (工作补位), both ways.
const SUBSTITUTES: [(&str, &str); 2] = [("deputy1", "deputy2"), ("deputy3", "deputy4")];

/// The level prefix of department names (市/县/区): from the profile's title of the justice
/// bureau (市司法局 → 市), else from its level.
fn prefix(p: &Profile) -> String {
    p.roles
        .get(&Role::JusticeBureau)
        .and_then(|t| t.strip_suffix("司法局"))
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .unwrap_or_else(|| {
            match p.level {
                Level::City => "市",
                Level::County => "县",
                Level::District => "区",
            }
            .to_string()
        })
}

/// The demo organisation and accounts of one profile (pure; nothing stored).
pub fn plan(p: &Profile) -> (Org, Vec<(NewAccount, String)>) {
    let gov = government_id(&p.id);
    let pre = prefix(p);
    let city = matches!(p.level, Level::City);
    let offset = p.id.bytes().map(usize::from).sum::<usize>() % NAMES.len();
    let mut next_name = {
        let mut i = 0usize;
        move || {
            let n = NAMES[(offset + i) % NAMES.len()];
            i += 1;
            n.to_string()
        }
    };
    let mut org = Org {
        governments: vec![Government {
            id: gov.clone(),
            name: p.government.clone(),
            profile_id: p.id.clone(),
            parent_id: None,
            version: 0,
        }],
        ..Org::default()
    };
    let mut accounts: Vec<(NewAccount, String)> = Vec::new();
    let account =
        |user: &str, name: &str, roles: &[&str], dept: Option<&str>, person: &str| NewAccount {
            username: format!("{}-{user}", p.id),
            display_name: name.to_string(),
            password: DEMO_PASSWORD.to_string(),
            roles: roles.iter().map(|r| r.to_string()).collect(),
            government_id: Some(gov.clone()),
            department_id: dept.map(str::to_string),
            person_id: Some(person.to_string()),
        };
    // The office (a department of its own) and the departments.
    let office_name = p.title(Role::Office);
    org.departments.push(Department {
        government_id: gov.clone(),
        id: "office".into(),
        name: office_name.clone(),
    });
    for (id, c, k) in DEPARTMENTS {
        org.departments.push(Department {
            government_id: gov.clone(),
            id: id.into(),
            name: format!("{pre}{}", if city { c } else { k }),
        });
    }
    // The leaders, with the profile's titles.
    let mut rank = 1;
    for (pos, role, depts, matters) in LEADERS {
        let name = next_name();
        let person = format!("p-{pos}");
        org.people.push(Person {
            government_id: gov.clone(),
            id: person.clone(),
            name: name.clone(),
            department_id: None,
        });
        let title = p.title(role);
        org.positions.push(Position {
            government_id: gov.clone(),
            id: pos.into(),
            role: role.id().into(),
            title: title.clone(),
            person_id: Some(person.clone()),
            rank,
        });
        rank += 1;
        for d in depts {
            org.portfolios.push(Portfolio {
                government_id: gov.clone(),
                position_id: pos.into(),
                subject_kind: SubjectKind::Department,
                subject: (*d).into(),
            });
        }
        for m in matters {
            org.portfolios.push(Portfolio {
                government_id: gov.clone(),
                position_id: pos.into(),
                subject_kind: SubjectKind::Matter,
                subject: (*m).into(),
            });
        }
        accounts.push((account(pos, &name, &[role.id()], None, &person), title));
    }
    for (a, b) in SUBSTITUTES {
        for (x, y) in [(a, b), (b, a)] {
            org.substitutions.push(Substitution {
                government_id: gov.clone(),
                position_id: x.into(),
                substitute_id: y.into(),
            });
        }
    }
    // The staff of the office: 秘书长 where the profile has one, the director, a deputy director
    // and a clerk (办公室工作人员).
    let staff: [(&str, Role, &str); 4] = [
        ("sg", Role::SecretaryGeneral, "secretary_general"),
        ("director", Role::OfficeDirector, "office_director"),
        (
            "deputy-director",
            Role::OfficeDeputyDirector,
            "office_deputy_director",
        ),
        ("office", Role::Office, "office"),
    ];
    for (user, role, role_id) in staff {
        let Some(title) = p.roles.get(&role).cloned() else {
            continue;
        };
        let name = next_name();
        let person = format!("p-{user}");
        org.people.push(Person {
            government_id: gov.clone(),
            id: person.clone(),
            name: name.clone(),
            department_id: Some("office".into()),
        });
        let what = if role == Role::Office {
            format!("{title}工作人员")
        } else {
            org.positions.push(Position {
                government_id: gov.clone(),
                id: user.into(),
                role: role_id.into(),
                title: title.clone(),
                person_id: Some(person.clone()),
                rank,
            });
            rank += 1;
            title
        };
        // Everyone in the office acts for the office.
        let roles: Vec<&str> = if role == Role::Office {
            vec!["office"]
        } else {
            vec![role_id, "office"]
        };
        accounts.push((account(user, &name, &roles, Some("office"), &person), what));
    }
    // One head per department (部门主要负责人), who files for it.
    for (id, _, _) in DEPARTMENTS {
        let name = next_name();
        let person = format!("p-{id}");
        let dept_name = org
            .departments
            .iter()
            .find(|d| d.id == id)
            .map(|d| d.name.clone())
            .unwrap_or_default();
        org.people.push(Person {
            government_id: gov.clone(),
            id: person.clone(),
            name: name.clone(),
            department_id: Some(id.into()),
        });
        accounts.push((
            account(id, &name, &["department_head"], Some(id), &person),
            format!("{dept_name}（{}）", p.title(Role::DepartmentHead)),
        ));
    }
    (org, accounts)
}

/// Loads the demo government of one profile (idempotent).
pub async fn seed(
    store: &Store,
    registry: &Registry,
    profile: &str,
) -> Result<DemoReport, DemoError> {
    let loaded = registry
        .versions(profile)
        .last()
        .ok_or_else(|| DemoError::UnknownProfile(profile.to_string()))?;
    let p = &loaded.profile;
    let (org, accounts) = plan(p);
    let gov = government_id(&p.id);
    let audit = Audit::new(DEMO_ACTOR, "demo.seed");
    let created_org = if store.government_ids().await?.contains(&gov) {
        false
    } else {
        store.replace_government_org(&audit, &org, 0).await?;
        true
    };
    let mut created_accounts = 0;
    let mut listed = Vec::new();
    for (new, what) in accounts {
        listed.push(DemoAccount {
            username: new.username.clone(),
            display_name: new.display_name.clone(),
            roles: new.roles.clone(),
            what,
        });
        if store.account_by_username(&new.username).await?.is_none() {
            store.create_account(&audit, new).await?;
            created_accounts += 1;
        }
    }
    seed_workflows(store, registry, &gov, created_org).await?;
    Ok(DemoReport {
        profile: p.id.clone(),
        government_id: gov,
        government: p.government.clone(),
        created_org,
        created_accounts,
        accounts: listed,
    })
}

/// The hooks where each workflow area loads its own demo records for a government. Each area's
/// `seed_demo(store, government_id, …)` must be deterministic and idempotent: this is called on
/// every `zhengwu demo` run, also for a government stored earlier (`fresh` is false then).
pub async fn seed_workflows(
    store: &Store,
    registry: &Registry,
    government_id: &str,
    fresh: bool,
) -> Result<(), StoreError> {
    // Documents (#5): a few hundred incoming and outgoing documents across their life cycles.
    crate::api::documents::seed_demo_once(store, registry, government_id).await?;
    // Meetings (#6): meetings across their life cycles (held and decided, agenda confirmed,
    // scheduled), agenda items, a major decision in procedure; loaded once per government.
    super::meetings::seed_demo(store, registry, government_id)
        .await
        .map_err(|e| StoreError::Invalid {
            zh: format!("会议演示数据未能生成：{e}"),
            en: format!("the meetings demo could not be seeded: {e}"),
        })?;
    // Supervision (#7): ledger items in every colour, reminders and reports; idempotent.
    crate::api::supervision::seed_demo(store, registry, government_id, fresh).await?;
    // Events, proactive disclosure register, suggestions/proposals, 12345 (#7 follow-up).
    crate::api::followup::seed_demo(store, registry, government_id).await?;
    Ok(())
}

/// Seeds the demo governments of several profiles; `all` means every loaded profile.
pub async fn seed_profiles(
    store: &Store,
    registry: &Registry,
    which: &str,
) -> Result<Vec<DemoReport>, DemoError> {
    let ids: Vec<String> = if which == "all" {
        registry.ids().map(str::to_string).collect()
    } else {
        vec![which.to_string()]
    };
    let mut out = Vec::new();
    for id in ids {
        out.push(seed(store, registry, &id).await?);
    }
    Ok(out)
}

/// True when the database holds no government yet (then `serve --demo` loads the demo).
pub async fn is_empty(store: &Store) -> Result<bool, StoreError> {
    Ok(store.government_ids().await?.is_empty())
}

/// The accounts as a table for the terminal.
pub fn accounts_table(reports: &[DemoReport]) -> String {
    let mut s = String::new();
    for r in reports {
        s.push_str(&format!(
            "\n{}（{}，政府 id {}）\n",
            r.government, r.profile, r.government_id
        ));
        for a in &r.accounts {
            s.push_str(&format!(
                "  {:<28} {:<8} {}\n",
                a.username, a.display_name, a.what
            ));
        }
    }
    s.push_str(&format!(
        "\n演示账号的密码均为 (every demo account's password is): {DEMO_PASSWORD}\n仅供演示，切勿用于生产 (demo only: never in production)\n"
    ));
    s
}
