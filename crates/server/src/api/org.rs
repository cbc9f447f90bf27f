//! The organisation as the public may see it: governments, departments, leadership positions with
//! their holders and portfolios (all published information). Staff lists of departments are not
//! exposed here.

use crate::AppState;
use crate::auth::Caller;
use crate::policy::{Action, Object, authorize};
use crate::problem::Problem;
use axum::Json;
use axum::extract::{Query, State};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use utoipa::{IntoParams, ToSchema};
use zhengwu_store::org::SubjectKind;

#[derive(Serialize, ToSchema)]
pub struct GovernmentView {
    pub id: String,
    pub name: String,
    pub profile_id: String,
    pub parent_id: Option<String>,
    pub version: i64,
}

#[derive(Serialize, ToSchema)]
pub struct DepartmentView {
    pub government_id: String,
    pub id: String,
    pub name: String,
}

#[derive(Serialize, ToSchema)]
pub struct LeaderView {
    pub government_id: String,
    pub position_id: String,
    /// CASES.md role id.
    pub role: String,
    pub title: String,
    pub name: Option<String>,
    pub rank: i64,
    /// Department ids in charge (分管).
    pub departments: Vec<String>,
    /// Matters in charge, in words.
    pub matters: Vec<String>,
}

#[derive(Serialize, ToSchema)]
pub struct OrgView {
    pub governments: Vec<GovernmentView>,
    pub departments: Vec<DepartmentView>,
    pub leaders: Vec<LeaderView>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OrgQuery {
    /// Only this government.
    pub government: Option<String>,
}

async fn load(
    state: &AppState,
    caller: &Caller,
    government: Option<&str>,
) -> Result<zhengwu_store::org::Org, Problem> {
    if let crate::policy::Decision::Deny(why) = authorize(&caller.actor, Action::Read, Object::Org)
    {
        return Err(Problem::forbidden(why));
    }
    match government {
        Some(g) => state.store.government_org(g).await,
        None => state.store.org().await,
    }
    .map_err(crate::store_problem)
}

/// The organisation: governments, departments, leaders and their portfolios.
#[utoipa::path(get, path = "/api/v1/org", tag = "org", params(OrgQuery),
    responses((status = 200, description = "组织机构 (the organisation)", body = OrgView)))]
pub async fn org(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<OrgQuery>,
) -> Result<Json<OrgView>, Problem> {
    let o = load(&state, &caller, q.government.as_deref()).await?;
    let names: HashMap<(&str, &str), &str> = o
        .people
        .iter()
        .map(|p| ((p.government_id.as_str(), p.id.as_str()), p.name.as_str()))
        .collect();
    let leaders = o
        .positions
        .iter()
        .map(|p| {
            let items = o
                .portfolios
                .iter()
                .filter(|f| f.government_id == p.government_id && f.position_id == p.id);
            LeaderView {
                government_id: p.government_id.clone(),
                position_id: p.id.clone(),
                role: p.role.clone(),
                title: p.title.clone(),
                name: p
                    .person_id
                    .as_deref()
                    .and_then(|id| names.get(&(p.government_id.as_str(), id)))
                    .map(|s| s.to_string()),
                rank: p.rank,
                departments: items
                    .clone()
                    .filter(|f| f.subject_kind == SubjectKind::Department)
                    .map(|f| f.subject.clone())
                    .collect(),
                matters: items
                    .filter(|f| f.subject_kind == SubjectKind::Matter)
                    .map(|f| f.subject.clone())
                    .collect(),
            }
        })
        .collect();
    Ok(Json(OrgView {
        governments: o
            .governments
            .iter()
            .map(|g| GovernmentView {
                id: g.id.clone(),
                name: g.name.clone(),
                profile_id: g.profile_id.clone(),
                parent_id: g.parent_id.clone(),
                version: g.version,
            })
            .collect(),
        departments: o.departments.iter().map(dept).collect(),
        leaders,
    }))
}

fn dept(d: &zhengwu_store::org::Department) -> DepartmentView {
    DepartmentView {
        government_id: d.government_id.clone(),
        id: d.id.clone(),
        name: d.name.clone(),
    }
}

/// The departments.
#[utoipa::path(get, path = "/api/v1/org/departments", tag = "org", params(OrgQuery),
    responses((status = 200, description = "部门列表 (the departments)", body = Vec<DepartmentView>)))]
pub async fn departments(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<OrgQuery>,
) -> Result<Json<Vec<DepartmentView>>, Problem> {
    let o = load(&state, &caller, q.government.as_deref()).await?;
    Ok(Json(o.departments.iter().map(dept).collect()))
}
