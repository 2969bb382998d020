//! Teams: `/api/teams*` (OSS routes of `teamapi.registerRoutes`).
//!
//! * `POST /api/teams`, `GET /api/teams/search`
//! * `GET/PUT/DELETE /api/teams/{id}`
//! * `GET/POST /api/teams/{id}/members`,
//!   `PUT/DELETE /api/teams/{id}/members/{userId}`
//! * `GET/PUT /api/teams/{id}/preferences` (the model is
//!   [`crate::api::preferences`])
//!
//! A non-numeric `{id}` is taken as the team's uid
//! (`team.MiddlewareTeamUIDResolver`: 404 `Not found` when no team of the
//! org has it). The external-group routes (`/api/teams/{id}/groups`) are
//! Grafana Enterprise and not served here.
//!
//! Permissions (`pkg/services/team/teamapi/api.go`, the fixed team roles of
//! `pkg/api/accesscontrol.go` and the managed team permissions): an org
//! Admin holds every team action on every team; a team member holds
//! `teams:read` on that team, and a team admin (permission 4, e.g. the
//! user who created it) also `teams:write`, `teams:delete` and
//! `teams.permissions:read/write` on it. `GET /api/teams/search` lists the
//! teams the caller may read (403 when none).
//!
//! Sources: `pkg/services/team/teamapi/team.go` (`createTeam`, `updateTeam`,
//! `deleteTeamByID`, `searchTeams`, `getTeamByID`, `getTeamPreferences`,
//! `updateTeamPreferences`), `pkg/services/team/teamapi/team_members.go`
//! (`getTeamMembers`, `addTeamMember`, `updateTeamMember`,
//! `removeTeamMember`), `pkg/services/team/model.go` (`TeamDTO`,
//! `TeamMemberDTO`, commands), `pkg/services/team/teamimpl/store.go`.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use super::{ApiResult, Ctx};
use crate::api::user::user_uid;
use crate::api::{body, respond};
use crate::auth::Identity;
use crate::avatar::{gravatar_url, gravatar_url_with_default};
use crate::role::{Action, Evaluator, Role};
use crate::routes::Route;
use crate::state::State;
use crate::store::Table;

/// The routes of this area.
pub(crate) const ROUTES: &[Route] = &[
    Route::new("POST", "/api/teams", create),
    Route::new("GET", "/api/teams/search", search),
    Route::new("GET", "/api/teams/{id}", get),
    Route::new("PUT", "/api/teams/{id}", update),
    Route::new("DELETE", "/api/teams/{id}", delete),
    Route::new("GET", "/api/teams/{id}/members", members),
    Route::new("POST", "/api/teams/{id}/members", add_member),
    Route::new("PUT", "/api/teams/{id}/members/{userId}", update_member),
    Route::new("DELETE", "/api/teams/{id}/members/{userId}", remove_member),
    Route::new("GET", "/api/teams/{id}/preferences", get_preferences),
    Route::new("PUT", "/api/teams/{id}/preferences", put_preferences),
];

const TEAMS_CREATE: Action = Action::new("teams:create", Role::Admin);
const TEAMS_READ: Action = Action::new("teams:read", Role::Admin);
const TEAMS_WRITE: Action = Action::new("teams:write", Role::Admin);
const TEAMS_DELETE: Action = Action::new("teams:delete", Role::Admin);
const TEAMS_PERMISSIONS_READ: Action = Action::new("teams.permissions:read", Role::Admin);
const TEAMS_PERMISSIONS_WRITE: Action = Action::new("teams.permissions:write", Role::Admin);

/// Team permission of an admin member (`team.PermissionTypeAdmin`).
const PERMISSION_ADMIN: i64 = 4;

/// A team.
#[derive(Debug, Clone)]
pub(crate) struct Team {
    pub(crate) id: i64,
    pub(crate) uid: String,
    pub(crate) org_id: i64,
    pub(crate) name: String,
    pub(crate) email: String,
    /// Unix seconds of the last change.
    pub(crate) updated: i64,
    /// Member user id → permission (0 member, 4 admin).
    pub(crate) members: BTreeMap<i64, i64>,
}

crate::store::impl_row!(Team);

/// This area's stored state (held by [`crate::state::State`]).
#[derive(Debug, Default)]
pub(crate) struct Store {
    pub(crate) teams: Table<Team>,
}

/// Adds this area's part of the demo data set (`--seed demo`): team
/// `Demo Team` in org 1 with the demo users `editor` and `viewer` (those
/// that exist) as members.
pub(crate) fn seed_demo(st: &mut State, now: i64) {
    let org = crate::state::MAIN_ORG_ID;
    if st
        .teams
        .teams
        .find(org, |t| t.name == "Demo Team")
        .is_some()
    {
        return;
    }
    let members: BTreeMap<i64, i64> = st
        .users
        .values()
        .filter(|u| (u.login == "editor" || u.login == "viewer") && u.orgs.contains_key(&org))
        .map(|u| (u.id, 0))
        .collect();
    let id = st.teams.teams.alloc_id();
    st.teams.teams.insert(Team {
        id,
        uid: crate::ids::generate_uid(),
        org_id: org,
        name: "Demo Team".into(),
        email: "demo-team@localhost".into(),
        updated: now,
        members,
    });
}

/// Members of `t` that still exist and still belong to its org (Grafana
/// drops team memberships with the user or the org membership).
fn live_members<'a>(st: &'a State, t: &'a Team) -> impl Iterator<Item = (i64, i64)> + 'a {
    t.members.iter().filter_map(move |(uid, perm)| {
        st.users
            .get(uid)
            .filter(|u| u.orgs.contains_key(&t.org_id))
            .map(|_| (*uid, *perm))
    })
}

/// The caller's permission in `t`: `None` = not a member.
fn membership(st: &State, t: &Team, who: &Identity) -> Option<i64> {
    if who.is_service_account {
        return None;
    }
    live_members(st, t)
        .find(|(u, _)| *u == who.id)
        .map(|(_, p)| p)
}

/// Whether `who` holds `action` on team `t` (see the module doc).
fn allowed_on(st: &State, t: Option<&Team>, who: &Identity, action: Action) -> bool {
    if crate::role::allows(who.role, action) {
        return true;
    }
    let Some(perm) = t.and_then(|t| membership(st, t, who)) else {
        return false;
    };
    action == TEAMS_READ || perm == PERMISSION_ADMIN
}

/// The `accessControl` metadata of `?accesscontrol=true`: the team actions
/// the caller holds on the team.
fn access_control(st: &State, t: &Team, who: &Identity) -> Value {
    let mut m = Map::new();
    for a in [
        TEAMS_READ,
        TEAMS_WRITE,
        TEAMS_DELETE,
        TEAMS_PERMISSIONS_READ,
        TEAMS_PERMISSIONS_WRITE,
    ] {
        if allowed_on(st, Some(t), who, a) {
            m.insert(a.name().into(), json!(true));
        }
    }
    Value::Object(m)
}

/// `team.TeamDTO` in Go field order. `permission` is the caller's
/// permission in the team (0 when not a member); `accessControl` is `null`
/// unless asked for.
fn team_dto(st: &State, t: &Team, who: Option<&Identity>, with_ac: bool) -> Value {
    let perm = who.and_then(|w| membership(st, t, w)).unwrap_or(0);
    let ac = match who {
        Some(w) if with_ac => access_control(st, t, w),
        _ => Value::Null,
    };
    json!({
        "id": t.id,
        "uid": t.uid,
        "orgId": t.org_id,
        "name": t.name,
        "email": t.email,
        "externalUID": "",
        "isProvisioned": false,
        "avatarUrl": gravatar_url_with_default(&t.email, &t.name),
        "memberCount": live_members(st, t).count(),
        "permission": perm,
        "accessControl": ac,
    })
}

/// The `TeamDTO`s of the teams of `org_id` that `user_id` belongs to, in id
/// order (`GET /api/user/teams`, `GET /api/users/{id}/teams`).
pub(crate) fn teams_of_user(st: &State, org_id: i64, user_id: i64) -> Vec<Value> {
    st.teams
        .teams
        .in_org(org_id)
        .filter(|t| live_members(st, t).any(|(u, _)| u == user_id))
        .map(|t| {
            let mut v = team_dto(st, t, None, false);
            if let Some(p) = t.members.get(&user_id) {
                v["permission"] = json!(p);
            }
            v
        })
        .collect()
}

/// Resolves `{id}` (a number, or a team uid: `MiddlewareTeamUIDResolver`)
/// and parses it as `c.ParamsInt64` would: `Err` is 404 `Not found` for an
/// unknown uid, 400 `teamId is invalid` otherwise.
fn team_id(ctx: &Ctx, org_id: i64) -> Result<i64, axum::response::Response> {
    let raw = ctx.param();
    if let Ok(id) = raw.parse::<i64>() {
        return Ok(id);
    }
    if raw.is_empty() {
        return Err(respond::message(400, "teamId is invalid"));
    }
    let st = ctx.app.state.read();
    st.teams
        .teams
        .by_uid(org_id, raw)
        .map(|t| t.id)
        .ok_or_else(|| respond::message(404, "Not found"))
}

/// Signed in, `{id}` resolved, and `action` held on that team (403 RBAC
/// body otherwise).
fn authorize(ctx: &Ctx, action: Action) -> Result<(Identity, i64), axum::response::Response> {
    let who = ctx.signed_in()?.clone();
    let id = team_id(ctx, who.org_id)?;
    let st = ctx.app.state.read();
    if allowed_on(&st, st.teams.teams.get(who.org_id, id), &who, action) {
        Ok((who, id))
    } else {
        Err(respond::rbac_denied(Evaluator::One(action)))
    }
}

/// A field of a bound JSON object as Go's decoder finds it: the exact key,
/// else a case-insensitive match.
fn field_ci<'a>(obj: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    obj.get(key).or_else(|| {
        obj.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v)
    })
}

/// A `string` field (absent/null → `""`; another type → binding error).
fn str_ci(obj: &Map<String, Value>, key: &str) -> Result<String, axum::response::Response> {
    match field_ci(obj, key) {
        None | Some(Value::Null) => Ok(String::new()),
        Some(Value::String(s)) => Ok(s.clone()),
        Some(_) => Err(bad_request()),
    }
}

/// An `int64` field (absent/null → 0; another type → binding error).
fn int_ci(obj: &Map<String, Value>, key: &str) -> Result<i64, axum::response::Response> {
    match field_ci(obj, key) {
        None | Some(Value::Null) => Ok(0),
        Some(Value::Number(n)) => n.as_i64().ok_or_else(bad_request),
        Some(_) => Err(bad_request()),
    }
}

/// `response.Error(http.StatusBadRequest, "bad request data", err)`.
fn bad_request() -> axum::response::Response {
    respond::message(400, "bad request data")
}

fn object(ctx: &Ctx) -> Result<Map<String, Value>, axum::response::Response> {
    body::parse_object(ctx.body).ok_or_else(bad_request)
}

/// `POST /api/teams` `{name, email}`: needs `teams:create`. 400 `bad
/// request data` when the body does not bind or `name` is empty
/// (`binding:"Required"`); 409 `Team name taken` when the org has a team of
/// that name. A user (not a service account) who creates a team becomes its
/// admin member. 200 `{"message":"Team created","teamId","uid"}`.
pub(crate) fn create(ctx: &Ctx) -> ApiResult {
    let who = ctx.require(Evaluator::One(TEAMS_CREATE))?;
    let obj = object(ctx)?;
    let name = str_ci(&obj, "name")?;
    let email = str_ci(&obj, "email")?;
    if name.is_empty() {
        return Err(bad_request());
    }
    let mut st = ctx.app.state.write();
    if st
        .teams
        .teams
        .find(who.org_id, |t| t.name == name)
        .is_some()
    {
        return Err(respond::message(409, "Team name taken"));
    }
    let id = st.teams.teams.alloc_id();
    let uid = crate::ids::generate_uid();
    let mut members = BTreeMap::new();
    if !who.is_service_account {
        members.insert(who.id, PERMISSION_ADMIN);
    }
    st.teams.teams.insert(Team {
        id,
        uid: uid.clone(),
        org_id: who.org_id,
        name,
        email,
        updated: ctx.now,
        members,
    });
    Ok(respond::json(
        200,
        &json!({"teamId": id, "uid": uid, "message": "Team created"}),
    ))
}

/// `GET /api/teams/search?query&name&teamId&page&perpage&sort&accesscontrol`:
/// needs `teams:read` (on some team). `query` is a case-insensitive part of
/// the name, `name` the exact name, `teamId` (repeatable) restricts to those
/// ids; `perpage` default 1000, `page` from 1; `sort` one of `name-asc`
/// (default), `name-desc`, `email-asc`, `email-desc`, `memberCount-asc`,
/// `memberCount-desc`. 200 `{"totalCount","teams","page","perPage"}`.
pub(crate) fn search(ctx: &Ctx) -> ApiResult {
    let who = ctx.signed_in()?;
    let st = ctx.app.state.read();
    let readable: Vec<&Team> = st
        .teams
        .teams
        .in_org(who.org_id)
        .filter(|t| allowed_on(&st, Some(t), who, TEAMS_READ))
        .collect();
    if readable.is_empty() && !crate::role::allows(who.role, TEAMS_READ) {
        return Err(respond::rbac_denied(Evaluator::One(TEAMS_READ)));
    }
    let per_page = match ctx.query.int("perpage") {
        p if p <= 0 => 1000,
        p => p,
    };
    let page = ctx.query.int("page").max(1);
    let query = ctx.query.get("query").unwrap_or("").to_lowercase();
    let name = ctx.query.get("name").unwrap_or("");
    let ids: Vec<i64> = ctx
        .query
        .all("teamId")
        .into_iter()
        .filter_map(|v| v.parse().ok())
        .collect();
    let mut hits: Vec<&Team> = readable
        .into_iter()
        .filter(|t| query.is_empty() || t.name.to_lowercase().contains(&query))
        .filter(|t| name.is_empty() || t.name == name)
        .filter(|t| ids.is_empty() || ids.contains(&t.id))
        .collect();
    let count = |t: &Team| live_members(&st, t).count();
    match ctx.query.get("sort").unwrap_or("") {
        "name-desc" => hits.sort_by(|a, b| b.name.cmp(&a.name)),
        "email-asc" => hits.sort_by(|a, b| a.email.cmp(&b.email)),
        "email-desc" => hits.sort_by(|a, b| b.email.cmp(&a.email)),
        "memberCount-asc" => hits.sort_by_key(|t| count(t)),
        "memberCount-desc" => hits.sort_by_key(|t| std::cmp::Reverse(count(t))),
        _ => hits.sort_by(|a, b| a.name.cmp(&b.name)),
    }
    let total = hits.len();
    let with_ac = ctx.query.bool("accesscontrol");
    let teams: Vec<Value> = hits
        .into_iter()
        .skip(((page - 1).saturating_mul(per_page)) as usize)
        .take(per_page as usize)
        .map(|t| team_dto(&st, t, Some(who), with_ac))
        .collect();
    Ok(respond::json(
        200,
        &json!({"totalCount": total, "teams": teams, "page": page, "perPage": per_page}),
    ))
}

/// `GET /api/teams/{id}`: needs `teams:read` on the team. 400 `teamId is
/// invalid`; 404 `Team not found`. 200 `TeamDTO`.
pub(crate) fn get(ctx: &Ctx) -> ApiResult {
    let (who, id) = authorize(ctx, TEAMS_READ)?;
    let st = ctx.app.state.read();
    let t = st
        .teams
        .teams
        .get(who.org_id, id)
        .ok_or_else(|| respond::message(404, "Team not found"))?;
    Ok(respond::json(
        200,
        &team_dto(&st, t, Some(&who), ctx.query.bool("accesscontrol")),
    ))
}

/// `PUT /api/teams/{id}` `{name, email}` (Go's case-insensitive keys): needs
/// `teams:write`. 400 `bad request data`; 404 `Team not found`; 400 `Team
/// name taken` when another team of the org has the name. An empty name
/// keeps the old one; the email is always replaced. 200 `Team updated`.
pub(crate) fn update(ctx: &Ctx) -> ApiResult {
    let (who, id) = authorize(ctx, TEAMS_WRITE)?;
    let obj = object(ctx)?;
    let name = str_ci(&obj, "name")?;
    let email = str_ci(&obj, "email")?;
    let mut st = ctx.app.state.write();
    if st.teams.teams.get(who.org_id, id).is_none() {
        return Err(respond::message(404, "Team not found"));
    }
    if !name.is_empty()
        && st
            .teams
            .teams
            .find(who.org_id, |t| t.name == name && t.id != id)
            .is_some()
    {
        return Err(respond::message(400, "Team name taken"));
    }
    let now = ctx.now;
    if let Some(t) = st.teams.teams.get_mut(who.org_id, id) {
        if !name.is_empty() {
            t.name = name;
        }
        t.email = email;
        t.updated = now;
    }
    Ok(respond::message(200, "Team updated"))
}

/// `DELETE /api/teams/{id}`: needs `teams:delete`. 400 `teamId is invalid`;
/// 404 `Team not found`. Members and preferences go with the team. 200
/// `Team deleted`.
pub(crate) fn delete(ctx: &Ctx) -> ApiResult {
    let (who, id) = authorize(ctx, TEAMS_DELETE)?;
    let mut st = ctx.app.state.write();
    if st.teams.teams.remove(who.org_id, id).is_none() {
        return Err(respond::message(404, "Team not found"));
    }
    st.user.prefs.remove_team(who.org_id, id);
    Ok(respond::message(200, "Team deleted"))
}

/// `GET /api/teams/{id}/members`: needs `teams.permissions:read`. The
/// members' `TeamMemberDTO`s ordered by login; an unknown team has none.
pub(crate) fn members(ctx: &Ctx) -> ApiResult {
    let (who, id) = authorize(ctx, TEAMS_PERMISSIONS_READ)?;
    let st = ctx.app.state.read();
    let Some(t) = st.teams.teams.get(who.org_id, id) else {
        return Ok(respond::json(200, &json!([])));
    };
    let mut list: Vec<(&crate::state::User, i64)> = live_members(&st, t)
        .filter_map(|(u, p)| st.users.get(&u).map(|u| (u, p)))
        .collect();
    list.sort_by(|a, b| a.0.login.cmp(&b.0.login).then(a.0.email.cmp(&b.0.email)));
    let out: Vec<Value> = list
        .into_iter()
        .map(|(u, p)| {
            json!({
                "orgId": t.org_id,
                "teamId": t.id,
                "teamUID": t.uid,
                "userId": u.id,
                "userUID": user_uid(u.id),
                "auth_module": "",
                "email": u.email,
                "name": u.name,
                "login": u.login,
                "avatarUrl": gravatar_url(&u.email),
                "labels": [],
                "permission": p,
            })
        })
        .collect();
    Ok(respond::json(200, &Value::Array(out)))
}

/// `POST /api/teams/{id}/members` `{userId}`: needs
/// `teams.permissions:write`. 400 `bad request data` (no `userId`:
/// `binding:"Required"`); 400 `User is already added to this team`; 500
/// `Failed to add Member to Team` when the team or the user (in the org)
/// does not exist (the permission service's validation error). 200
/// `{"message":"Member added to Team"}`.
pub(crate) fn add_member(ctx: &Ctx) -> ApiResult {
    let (who, id) = authorize(ctx, TEAMS_PERMISSIONS_WRITE)?;
    let obj = object(ctx)?;
    let user_id = int_ci(&obj, "userId")?;
    if user_id == 0 {
        return Err(bad_request());
    }
    let mut st = ctx.app.state.write();
    let user_in_org = st
        .users
        .get(&user_id)
        .is_some_and(|u| u.orgs.contains_key(&who.org_id));
    let already = st
        .teams
        .teams
        .get(who.org_id, id)
        .is_some_and(|t| t.members.contains_key(&user_id) && user_in_org);
    if already {
        return Err(respond::message(400, "User is already added to this team"));
    }
    let failed = || respond::message(500, "Failed to add Member to Team");
    if !user_in_org {
        return Err(failed());
    }
    let t = st.teams.teams.get_mut(who.org_id, id).ok_or_else(failed)?;
    t.members.insert(user_id, 0);
    Ok(respond::message(200, "Member added to Team"))
}

/// `PUT /api/teams/{id}/members/{userId}` `{permission}`: needs
/// `teams.permissions:write`. 400 `bad request data`, `teamId is invalid`,
/// `userId is invalid`; 404 `Team member not found.`. 200 `Team member
/// updated`.
pub(crate) fn update_member(ctx: &Ctx) -> ApiResult {
    let (who, id) = authorize(ctx, TEAMS_PERMISSIONS_WRITE)?;
    let obj = object(ctx)?;
    let permission = int_ci(&obj, "permission")?;
    let user_id: i64 = ctx
        .param_at(1)
        .parse()
        .map_err(|_| respond::message(400, "userId is invalid"))?;
    let mut st = ctx.app.state.write();
    let in_org = st
        .users
        .get(&user_id)
        .is_some_and(|u| u.orgs.contains_key(&who.org_id));
    match st.teams.teams.get_mut(who.org_id, id) {
        Some(t) if in_org && t.members.contains_key(&user_id) => {
            // Only "Member" (0) and "Admin" (4) exist; anything else is Member.
            let p = if permission == PERMISSION_ADMIN {
                PERMISSION_ADMIN
            } else {
                0
            };
            t.members.insert(user_id, p);
            Ok(respond::message(200, "Team member updated"))
        }
        _ => Err(respond::message(404, "Team member not found.")),
    }
}

/// `DELETE /api/teams/{id}/members/{userId}`: needs
/// `teams.permissions:write`. 400 `teamId is invalid` / `userId is
/// invalid`; 404 `Team not found`; 404 `Team member not found`. 200 `Team
/// Member removed`.
pub(crate) fn remove_member(ctx: &Ctx) -> ApiResult {
    let (who, id) = authorize(ctx, TEAMS_PERMISSIONS_WRITE)?;
    let user_id: i64 = ctx
        .param_at(1)
        .parse()
        .map_err(|_| respond::message(400, "userId is invalid"))?;
    let mut st = ctx.app.state.write();
    let Some(t) = st.teams.teams.get_mut(who.org_id, id) else {
        return Err(respond::message(404, "Team not found"));
    };
    if t.members.remove(&user_id).is_none() {
        return Err(respond::message(404, "Team member not found"));
    }
    Ok(respond::message(200, "Team Member removed"))
}

/// `GET /api/teams/{id}/preferences`: needs `teams:read` on the team. 400
/// `teamId is invalid`. The team's preferences (no existence check, as in
/// Grafana: an unknown team has none).
pub(crate) fn get_preferences(ctx: &Ctx) -> ApiResult {
    let (who, id) = authorize(ctx, TEAMS_READ)?;
    crate::api::preferences::get_for(&ctx.app.state.read(), (who.org_id, 0, id))
}

/// `PUT /api/teams/{id}/preferences`: needs `teams:write` on the team; then
/// as [`crate::api::preferences::update_for`].
pub(crate) fn put_preferences(ctx: &Ctx) -> ApiResult {
    let (who, id) = authorize(ctx, TEAMS_WRITE)?;
    crate::api::preferences::update_for(ctx, (who.org_id, 0, id))
}
