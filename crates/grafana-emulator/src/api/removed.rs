//! Routes the client knows that open-source Grafana 12 does not serve:
//! removed ones, and Grafana Enterprise ones.
//!
//! # Removed (404 `{"message":"Not found"}` everywhere, also with `enterprise`)
//!
//! None of these is in `pkg/api/api.go` `registerRoutes` of Grafana 12, so
//! the router's `NotFoundHandler` answers them; the emulator's unknown-route
//! 404 does the same (fidelity audit §1a).
//!
//! | Client method(s) | Request | Evidence |
//! |---|---|---|
//! | `dashboard.get_dashboard_by_name` | `GET /api/dashboards/db/{slug}` | the `/dashboards` group has no `db/:slug` |
//! | `admin.pause_all_alerts` | `POST /api/admin/pause-all-alerts` | not in the `/api/admin` group (legacy alerting removed in 11) |
//! | `notifications.*` (9) | `/api/alert-notifications[/lookup, /{id}, /uid/{uid}]` | only `GET /api/alert-notifiers` remains |
//! | `user.star_dashboard(i64)` / `unstar_dashboard(i64)`, `star_actual_user_dashboard`, `unstar_actual_user_dashboard` | `POST/DELETE /api/user/stars/dashboard/{id}` | only `/stars/dashboard/uid/:uid` is registered |
//! | `datasource.enable_/disable_datasource_permissions`, `remove_datasource_permissions` | `/api/datasources/{id}/enable-permissions`, `…/disable-permissions`, `…/permissions/{id}` | legacy Enterprise routes, gone since 10.2.3 |
//! | API keys | `/api/auth/keys` | migrated to service accounts and removed in 12 |
//!
//! # Enterprise-only (404 on OSS; served minimally with [`Settings::enterprise`](crate::Settings::enterprise))
//!
//! | Client method(s) | Request | Evidence |
//! |---|---|---|
//! | `rbac.get_rbac_roles_all`, `create_rbac_role` | `GET/POST /api/access-control/roles` | spec tag `enterprise`; OSS `AccessControlAPI.RegisterAPIEndpoints` (`pkg/services/accesscontrol/api/api.go`) registers only the `user/…` and `users/permissions/search` routes |
//! | `rbac.add_rbac_role_team`, `add_rbac_roles_team`, `remove_rbac_role_team` | `POST/PUT /api/access-control/teams/{teamId}/roles`, `DELETE …/roles/{roleUid}` | same |
//! | `teams.get/add/remove_team_external_group` | `GET/POST /api/teams/{teamId}/groups`, `DELETE …/groups?groupId=` | spec tags `sync_team_groups, enterprise`; absent from `pkg/api/team.go` `registerRoutes` |
//! | `datasource.get/add_datasource_permissions`, `rbac.get_rbac_datasources`, `set_rbac_datasources_builtin_roles`, `set_rbac_datasources_teams` | `/api/access-control/datasources/{uid}[/builtInRoles/{role} \| /teams/{id} \| /users/{id}]` | OSS `ProvideDatasourcePermissionsService` registers no routes (`pkg/services/accesscontrol/ossaccesscontrol`); newest main builds it with `resourcepermissions.New` (levels `Query`/`Edit`/`Admin`), release not pinned, so the emulator serves them only with `enterprise` |
//!
//! With `enterprise` on, the answers follow the spec (`RoleDTO`,
//! `TeamGroupDTO`, `resourcePermissionDTO`) and the messages of
//! `pkg/services/accesscontrol/resourcepermissions/api.go`
//! (`Permission updated`, `Permissions updated`). Simplifications: teams,
//! users and data sources named in a path are not looked up (any id is
//! accepted); every org Admin may call them (`teams:write`,
//! `roles:write`, `datasources.permissions:write` are Admin actions).

use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::{ApiResult, Ctx};
use crate::api::{body, respond};
use crate::auth::Identity;
use crate::role::{Action, Evaluator, Role};
use crate::routes::Route;

const ROLES_READ: Action = Action::new("roles:read", Role::Admin);
const ROLES_WRITE: Action = Action::new("roles:write", Role::Admin);
const TEAMS_READ: Action = Action::new("teams:read", Role::Admin);
const TEAMS_WRITE: Action = Action::new("teams:write", Role::Admin);
const DS_PERMISSIONS_READ: Action = Action::new("datasources.permissions:read", Role::Admin);
const DS_PERMISSIONS_WRITE: Action = Action::new("datasources.permissions:write", Role::Admin);

/// The routes of this area: all Enterprise-only, answering the router's 404
/// unless [`crate::Settings::enterprise`] is on.
pub(crate) const ROUTES: &[Route] = &[
    Route::new("GET", "/api/access-control/roles", list_roles),
    Route::new("POST", "/api/access-control/roles", create_role),
    Route::new(
        "GET",
        "/api/access-control/teams/{teamId}/roles",
        team_roles,
    ),
    Route::new(
        "POST",
        "/api/access-control/teams/{teamId}/roles",
        add_team_role,
    ),
    Route::new(
        "PUT",
        "/api/access-control/teams/{teamId}/roles",
        set_team_roles,
    ),
    Route::new(
        "DELETE",
        "/api/access-control/teams/{teamId}/roles/{roleUID}",
        remove_team_role,
    ),
    Route::new("GET", "/api/teams/{teamId}/groups", team_groups),
    Route::new("POST", "/api/teams/{teamId}/groups", add_team_group),
    Route::new("DELETE", "/api/teams/{teamId}/groups", remove_team_group),
    Route::new(
        "GET",
        "/api/access-control/datasources/{uid}",
        ds_permissions,
    ),
    Route::new(
        "POST",
        "/api/access-control/datasources/{uid}",
        set_ds_permissions,
    ),
    Route::new(
        "POST",
        "/api/access-control/datasources/{uid}/builtInRoles/{builtInRole}",
        set_ds_builtin,
    ),
    Route::new(
        "POST",
        "/api/access-control/datasources/{uid}/teams/{teamId}",
        set_ds_team,
    ),
    Route::new(
        "POST",
        "/api/access-control/datasources/{uid}/users/{userId}",
        set_ds_user,
    ),
];

/// A custom role (`RoleDTO`).
#[derive(Clone, Debug)]
struct CustomRole {
    org_id: i64,
    body: Value,
}

/// Who a data-source permission is for.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Subject {
    BuiltIn(String),
    Team(i64),
    User(i64),
}

/// This area's stored state (held by [`crate::state::State`]): what the
/// Enterprise routes wrote.
#[derive(Debug, Default)]
pub(crate) struct Store {
    /// Role uid → role.
    roles: BTreeMap<String, CustomRole>,
    /// (org, team id) → role uids.
    team_roles: BTreeMap<(i64, i64), Vec<String>>,
    /// (org, team id) → external group ids.
    team_groups: BTreeMap<(i64, i64), Vec<String>>,
    /// (org, data source uid) → subject → permission level.
    ds_permissions: BTreeMap<(i64, String), BTreeMap<Subject, String>>,
}

/// Open-source Grafana never registered these routes: the router's 404.
fn enterprise<'a>(ctx: &'a Ctx, ev: Evaluator) -> Result<&'a Identity, axum::response::Response> {
    if !ctx.app.settings.enterprise {
        return Err(respond::not_found_route());
    }
    ctx.require(ev)
}

fn team_id(ctx: &Ctx, i: usize) -> Result<i64, axum::response::Response> {
    ctx.param_at(i)
        .parse()
        .map_err(|_| respond::message(400, "teamId is invalid"))
}

/// `GET /api/access-control/roles`: the org's custom roles (`RoleDTO`s).
pub(crate) fn list_roles(ctx: &Ctx) -> ApiResult {
    let who = enterprise(ctx, Evaluator::One(ROLES_READ))?;
    let st = ctx.app.state.read();
    let list: Vec<Value> = st
        .removed
        .roles
        .values()
        .filter(|r| r.org_id == who.org_id || r.body["global"] == true)
        .map(|r| r.body.clone())
        .collect();
    Ok(respond::json(200, &Value::Array(list)))
}

/// `POST /api/access-control/roles` (`CreateRoleForm`): `name` required
/// (400 `bad request data` otherwise); `uid` generated when absent; 409
/// `role with the same uid already exists`. 201 `RoleDTO`.
pub(crate) fn create_role(ctx: &Ctx) -> ApiResult {
    let who = enterprise(ctx, Evaluator::One(ROLES_WRITE))?;
    let form = body::parse_object(ctx.body)
        .ok_or_else(|| respond::message_with_trace(400, "bad request data"))?;
    let name = body::str_field(&form, "name").unwrap_or_default();
    if name.is_empty() {
        return Err(respond::message_with_trace(400, "bad request data"));
    }
    let uid = body::str_field(&form, "uid")
        .filter(|u| !u.is_empty())
        .unwrap_or_else(crate::ids::generate_uid);
    let mut st = ctx.app.state.write();
    if st.removed.roles.contains_key(&uid) {
        return Err(respond::message(
            409,
            "role with the same uid already exists",
        ));
    }
    let text = |k: &str| body::str_field(&form, k).unwrap_or_default();
    let now = crate::clock::rfc3339(ctx.now);
    let role = json!({
        "version": body::int_field(&form, "version").unwrap_or(0).max(1),
        "uid": uid,
        "name": name,
        "displayName": text("displayName"),
        "description": text("description"),
        "group": text("group"),
        "permissions": form.get("permissions").cloned().unwrap_or(json!([])),
        "hidden": body::bool_field(&form, "hidden").unwrap_or(false),
        "global": body::bool_field(&form, "global").unwrap_or(false),
        "updated": now,
        "created": now,
    });
    st.removed.roles.insert(
        uid,
        CustomRole {
            org_id: who.org_id,
            body: role.clone(),
        },
    );
    Ok(respond::json(201, &role))
}

fn role_exists(ctx: &Ctx, uid: &str) -> bool {
    ctx.app.state.read().removed.roles.contains_key(uid)
}

/// `GET /api/access-control/teams/{teamId}/roles`: the team's roles.
pub(crate) fn team_roles(ctx: &Ctx) -> ApiResult {
    let who = enterprise(ctx, Evaluator::One(TEAMS_READ))?;
    let team = team_id(ctx, 0)?;
    let st = ctx.app.state.read();
    let list: Vec<Value> = st
        .removed
        .team_roles
        .get(&(who.org_id, team))
        .into_iter()
        .flatten()
        .filter_map(|uid| st.removed.roles.get(uid).map(|r| r.body.clone()))
        .collect();
    Ok(respond::json(200, &Value::Array(list)))
}

/// `POST /api/access-control/teams/{teamId}/roles` `{"roleUid"}`: 404
/// `role not found` for an unknown role. 200 `Role added to the team.`
pub(crate) fn add_team_role(ctx: &Ctx) -> ApiResult {
    let who = enterprise(ctx, Evaluator::One(TEAMS_WRITE))?;
    let team = team_id(ctx, 0)?;
    let form = body::parse_object(ctx.body)
        .ok_or_else(|| respond::message_with_trace(400, "bad request data"))?;
    let uid = body::str_field(&form, "roleUid").unwrap_or_default();
    if !role_exists(ctx, &uid) {
        return Err(respond::message(404, "role not found"));
    }
    let mut st = ctx.app.state.write();
    let list = st.removed.team_roles.entry((who.org_id, team)).or_default();
    if !list.contains(&uid) {
        list.push(uid);
    }
    Ok(respond::message(200, "Role added to the team."))
}

/// `PUT /api/access-control/teams/{teamId}/roles` `{"roleUids": [...]}`:
/// replaces the team's roles. 200 `Team roles have been updated.`
pub(crate) fn set_team_roles(ctx: &Ctx) -> ApiResult {
    let who = enterprise(ctx, Evaluator::One(TEAMS_WRITE))?;
    let team = team_id(ctx, 0)?;
    #[derive(serde::Deserialize)]
    struct Form {
        #[serde(
            default,
            rename = "roleUids",
            deserialize_with = "crate::api::body::nullable"
        )]
        role_uids: Vec<String>,
    }
    let form: Form = ctx.body_json()?;
    if let Some(missing) = form.role_uids.iter().find(|u| !role_exists(ctx, u)) {
        return Err(respond::message(404, &format!("role {missing} not found")));
    }
    ctx.app
        .state
        .write()
        .removed
        .team_roles
        .insert((who.org_id, team), form.role_uids);
    Ok(respond::message(200, "Team roles have been updated."))
}

/// `DELETE /api/access-control/teams/{teamId}/roles/{roleUID}`: 200 `Role
/// removed from team.` (also when the team did not have it).
pub(crate) fn remove_team_role(ctx: &Ctx) -> ApiResult {
    let who = enterprise(ctx, Evaluator::One(TEAMS_WRITE))?;
    let team = team_id(ctx, 0)?;
    let uid = ctx.param_at(1).to_string();
    if let Some(list) = ctx
        .app
        .state
        .write()
        .removed
        .team_roles
        .get_mut(&(who.org_id, team))
    {
        list.retain(|u| *u != uid);
    }
    Ok(respond::message(200, "Role removed from team."))
}

/// `GET /api/teams/{teamId}/groups`: `[{"orgId","teamId","groupId"}]`.
pub(crate) fn team_groups(ctx: &Ctx) -> ApiResult {
    let who = enterprise(ctx, Evaluator::One(TEAMS_READ))?;
    let team = team_id(ctx, 0)?;
    let st = ctx.app.state.read();
    let list: Vec<Value> = st
        .removed
        .team_groups
        .get(&(who.org_id, team))
        .into_iter()
        .flatten()
        .map(|g| json!({"orgId": who.org_id, "teamId": team, "groupId": g}))
        .collect();
    Ok(respond::json(200, &Value::Array(list)))
}

/// `POST /api/teams/{teamId}/groups` `{"groupId"}`: 400 `bad request data`
/// without a group; 409 `Group is already added to this team`. 200 `Group
/// added to Team`.
pub(crate) fn add_team_group(ctx: &Ctx) -> ApiResult {
    let who = enterprise(ctx, Evaluator::One(TEAMS_WRITE))?;
    let team = team_id(ctx, 0)?;
    let form = body::parse_object(ctx.body)
        .ok_or_else(|| respond::message_with_trace(400, "bad request data"))?;
    let group = body::str_field(&form, "groupId").unwrap_or_default();
    if group.is_empty() {
        return Err(respond::message_with_trace(400, "bad request data"));
    }
    let mut st = ctx.app.state.write();
    let list = st
        .removed
        .team_groups
        .entry((who.org_id, team))
        .or_default();
    if list.contains(&group) {
        return Err(respond::message(409, "Group is already added to this team"));
    }
    list.push(group);
    Ok(respond::message(200, "Group added to Team"))
}

/// `DELETE /api/teams/{teamId}/groups?groupId=`: 400 `groupId is
/// required` without it; 404 `Team group not found`. 200 `Team Group
/// removed`.
pub(crate) fn remove_team_group(ctx: &Ctx) -> ApiResult {
    let who = enterprise(ctx, Evaluator::One(TEAMS_WRITE))?;
    let team = team_id(ctx, 0)?;
    let group = ctx.query.get("groupId").unwrap_or("").to_string();
    if group.is_empty() {
        return Err(respond::message(400, "groupId is required"));
    }
    let mut st = ctx.app.state.write();
    let list = st
        .removed
        .team_groups
        .entry((who.org_id, team))
        .or_default();
    let before = list.len();
    list.retain(|g| *g != group);
    if list.len() == before {
        return Err(respond::message(404, "Team group not found"));
    }
    Ok(respond::message(200, "Team Group removed"))
}

/// The actions a data-source permission level grants.
fn level_actions(level: &str) -> Vec<&'static str> {
    let mut a = vec!["datasources:query", "datasources:read"];
    if level == "Edit" || level == "Admin" {
        a.extend(["datasources:delete", "datasources:write"]);
    }
    if level == "Admin" {
        a.extend([
            "datasources.permissions:read",
            "datasources.permissions:write",
        ]);
    }
    a
}

/// The stored permissions of a data source, with Grafana's defaults for a
/// new one (Viewer and Editor `Query`, Admin `Admin`) when none were set.
fn ds_current(ctx: &Ctx, org: i64, uid: &str) -> BTreeMap<Subject, String> {
    let st = ctx.app.state.read();
    st.removed
        .ds_permissions
        .get(&(org, uid.to_string()))
        .cloned()
        .unwrap_or_else(|| {
            BTreeMap::from([
                (Subject::BuiltIn("Admin".into()), "Admin".into()),
                (Subject::BuiltIn("Editor".into()), "Query".into()),
                (Subject::BuiltIn("Viewer".into()), "Query".into()),
            ])
        })
}

/// `GET /api/access-control/datasources/{uid}`: `resourcePermissionDTO`s.
pub(crate) fn ds_permissions(ctx: &Ctx) -> ApiResult {
    let who = enterprise(ctx, Evaluator::One(DS_PERMISSIONS_READ))?;
    let uid = ctx.param();
    let list: Vec<Value> = ds_current(ctx, who.org_id, uid)
        .into_iter()
        .enumerate()
        .map(|(i, (subject, level))| {
            let mut v = json!({
                "id": i + 1,
                "roleName": "",
                "isManaged": true,
                "isInherited": false,
                "isServiceAccount": false,
                "userId": 0,
                "userLogin": "",
                "userAvatarUrl": "",
                "teamId": 0,
                "teamAvatarUrl": "",
                "team": "",
                "builtInRole": "",
                "actions": level_actions(&level),
                "permission": level,
            });
            match subject {
                Subject::BuiltIn(r) => {
                    v["roleName"] =
                        json!(format!("managed:builtins:{}:permissions", r.to_lowercase()));
                    v["builtInRole"] = json!(r);
                }
                Subject::Team(t) => {
                    v["roleName"] = json!(format!("managed:teams:{t}:permissions"));
                    v["teamId"] = json!(t);
                }
                Subject::User(u) => {
                    v["roleName"] = json!(format!("managed:users:{u}:permissions"));
                    v["userId"] = json!(u);
                }
            }
            v
        })
        .collect();
    Ok(respond::json(200, &Value::Array(list)))
}

/// Sets (or, with `""`, removes) one subject's level; 400 `invalid
/// permission` for a level other than `Query`, `Edit`, `Admin`, `""`.
fn set_one(
    ctx: &Ctx,
    org: i64,
    uid: &str,
    subject: Subject,
    level: &str,
) -> Result<(), axum::response::Response> {
    if !matches!(level, "" | "Query" | "Edit" | "Admin") {
        return Err(respond::message(400, "invalid permission"));
    }
    let mut current = ds_current(ctx, org, uid);
    if level.is_empty() {
        current.remove(&subject);
    } else {
        current.insert(subject, level.to_string());
    }
    ctx.app
        .state
        .write()
        .removed
        .ds_permissions
        .insert((org, uid.to_string()), current);
    Ok(())
}

fn permission_body(ctx: &Ctx) -> Result<String, axum::response::Response> {
    let form = body::parse_object(ctx.body)
        .ok_or_else(|| respond::message_with_trace(400, "bad request data"))?;
    body::str_field(&form, "permission")
        .ok_or_else(|| respond::message_with_trace(400, "bad request data"))
}

/// `POST /api/access-control/datasources/{uid}` `{"permissions": [{userId |
/// teamId | builtInRole, permission}]}`: 200 `Permissions updated`.
pub(crate) fn set_ds_permissions(ctx: &Ctx) -> ApiResult {
    let who = enterprise(ctx, Evaluator::One(DS_PERMISSIONS_WRITE))?;
    let uid = ctx.param().to_string();
    let form = body::parse_object(ctx.body)
        .ok_or_else(|| respond::message_with_trace(400, "bad request data"))?;
    let Some(Value::Array(list)) = form.get("permissions") else {
        return Err(respond::message_with_trace(400, "bad request data"));
    };
    for entry in list {
        let level = entry["permission"].as_str().unwrap_or("");
        let subject = if let Some(r) = entry["builtInRole"].as_str().filter(|r| !r.is_empty()) {
            Subject::BuiltIn(r.to_string())
        } else if let Some(t) = entry["teamId"].as_i64().filter(|t| *t > 0) {
            Subject::Team(t)
        } else if let Some(u) = entry["userId"].as_i64().filter(|u| *u > 0) {
            Subject::User(u)
        } else {
            return Err(respond::message(400, "invalid permission"));
        };
        set_one(ctx, who.org_id, &uid, subject, level)?;
    }
    Ok(respond::message(200, "Permissions updated"))
}

/// `POST …/builtInRoles/{builtInRole}` `{"permission"}`: 400 for a role
/// other than Viewer, Editor, Admin. 200 `Permission updated`.
pub(crate) fn set_ds_builtin(ctx: &Ctx) -> ApiResult {
    let who = enterprise(ctx, Evaluator::One(DS_PERMISSIONS_WRITE))?;
    let role = ctx.param_at(1);
    if Role::parse(role).is_none() {
        return Err(respond::message(400, "invalid role"));
    }
    let level = permission_body(ctx)?;
    set_one(
        ctx,
        who.org_id,
        ctx.param(),
        Subject::BuiltIn(role.to_string()),
        &level,
    )?;
    Ok(respond::message(200, "Permission updated"))
}

/// `POST …/teams/{teamId}` `{"permission"}`: 200 `Permission updated`.
pub(crate) fn set_ds_team(ctx: &Ctx) -> ApiResult {
    let who = enterprise(ctx, Evaluator::One(DS_PERMISSIONS_WRITE))?;
    let team = team_id(ctx, 1)?;
    let level = permission_body(ctx)?;
    set_one(ctx, who.org_id, ctx.param(), Subject::Team(team), &level)?;
    Ok(respond::message(200, "Permission updated"))
}

/// `POST …/users/{userId}` `{"permission"}`: 200 `Permission updated`.
pub(crate) fn set_ds_user(ctx: &Ctx) -> ApiResult {
    let who = enterprise(ctx, Evaluator::One(DS_PERMISSIONS_WRITE))?;
    let user: i64 = ctx
        .param_at(1)
        .parse()
        .map_err(|_| respond::message(400, "userId is invalid"))?;
    let level = permission_body(ctx)?;
    set_one(ctx, who.org_id, ctx.param(), Subject::User(user), &level)?;
    Ok(respond::message(200, "Permission updated"))
}
