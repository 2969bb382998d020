//! Users, server-admin side (`pkg/api/user.go`,
//! `pkg/services/searchusers/searchusers.go`; route table in
//! `pkg/api/api.go` `registerRoutes`, group `/api/users`):
//!
//! - `GET /api/users`, `GET /api/users/search`, `GET /api/users/lookup`
//! - `GET|PUT /api/users/{id}`, `GET /api/users/{id}/orgs`,
//!   `GET /api/users/{id}/teams`, `POST /api/users/{id}/using/{orgId}`
//!
//! It also owns what the user areas share: user uids, themes, avatar URLs,
//! the profile shape and deleting a user everywhere.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::{json, Value};

use super::{ApiResult, Ctx};
use crate::api::orgs::{self, age_string, last_seen, role_name};
use crate::api::respond;
use crate::role::{Action, Evaluator, Role};
use crate::routes::Route;
use crate::state::{State, User, MAIN_ORG_ID};

/// `users:read` (global users; Grafana Admin only).
pub(crate) const USERS_READ: Action = Action::new("users:read", Role::Admin);
/// `users:write` (global users; Grafana Admin only).
pub(crate) const USERS_WRITE: Action = Action::new("users:write", Role::Admin);
/// `users.teams:read` (Grafana Admin only).
pub(crate) const USERS_TEAMS_READ: Action = Action::new("users.teams:read", Role::Admin);

/// The routes of this area.
pub(crate) const ROUTES: &[Route] = &[
    Route::new("GET", "/api/users", search),
    Route::new("GET", "/api/users/search", search_with_paging),
    Route::new("GET", "/api/users/lookup", lookup),
    Route::new("GET", "/api/users/{id}", get_by_id),
    Route::new("PUT", "/api/users/{id}", update),
    Route::new("GET", "/api/users/{id}/orgs", user_orgs),
    Route::new("GET", "/api/users/{id}/teams", user_teams),
    Route::new("POST", "/api/users/{id}/using/{orgId}", using_org),
];

/// This area's stored state (held by [`crate::state::State`]).
#[derive(Debug, Default)]
pub(crate) struct Store {
    /// User id → theme set through `PUT /api/users/{id}` (`""` otherwise).
    pub(crate) themes: BTreeMap<i64, String>,
}

/// Adds this area's part of the demo data set (`--seed demo`): `editor`
/// (Editor of org 1, Viewer of org 2, password `editor`) and `viewer`
/// (Viewer of org 1, password `viewer`).
pub(crate) fn seed_demo(st: &mut State, now: i64) {
    for (login, role) in [("editor", Role::Editor), ("viewer", Role::Viewer)] {
        let id = st.add_user(login, login, MAIN_ORG_ID, role);
        if let Some(u) = st.users.get_mut(&id) {
            u.created = now;
            u.updated = now;
        }
        if login == "editor" && st.orgs.contains_key(&2) {
            orgs::set_membership(st, 2, id, Some(Role::Viewer));
        }
    }
}

/// A user's uid: the one the signed-in-user area derives from the id
/// ([`crate::api::user::user_uid`]), so both areas agree.
pub(crate) fn user_uid(_st: &State, id: i64) -> String {
    crate::api::user::user_uid(id)
}

/// A user's theme as set through `PUT /api/users/{id}` (`""` when never set).
pub(crate) fn theme_of(st: &State, id: i64) -> String {
    st.users_admin.themes.get(&id).cloned().unwrap_or_default()
}

/// The org a user acts in when a request names none: the one last switched
/// to, else the first membership (Grafana's `user.org_id`).
pub(crate) fn current_org_of(st: &State, u: &User) -> i64 {
    u.current_org
        .filter(|o| u.orgs.contains_key(o))
        .or_else(|| u.orgs.keys().next().copied())
        .or_else(|| orgs::orgs_of_user(st, u.id).first().map(|(o, _)| *o))
        .unwrap_or(0)
}

/// `user.UserProfileDTO` as `getUserUserProfile` fills it
/// (`pkg/api/user.go`): `authLabels` `[]`, `avatarUrl` set.
pub(crate) fn profile_json(st: &State, u: &User) -> Value {
    json!({
        "id": u.id,
        "uid": user_uid(st, u.id),
        "email": u.email,
        "name": u.name,
        "login": u.login,
        "theme": theme_of(st, u.id),
        "orgId": current_org_of(st, u),
        "isGrafanaAdmin": u.is_admin,
        "isDisabled": u.disabled,
        "isExternal": false,
        "isExternallySynced": false,
        "isGrafanaAdminExternallySynced": false,
        "authLabels": [],
        "updatedAt": crate::clock::rfc3339(u.updated),
        "createdAt": crate::clock::rfc3339(u.created),
        "avatarUrl": crate::avatar::gravatar_url(&u.email),
        "isProvisioned": false,
    })
}

/// `user.UserSearchHitDTO` (`pkg/services/user/model.go`).
fn search_hit_json(st: &State, u: &User, now: i64) -> Value {
    let seen = last_seen(u, now);
    json!({
        "id": u.id,
        "uid": user_uid(st, u.id),
        "name": u.name,
        "login": u.login,
        "email": u.email,
        "avatarUrl": crate::avatar::gravatar_url(&u.email),
        "isAdmin": u.is_admin,
        "isDisabled": u.disabled,
        "lastSeenAt": crate::clock::rfc3339(seen),
        "lastSeenAtAge": age_string(now - seen),
        "authLabels": null,
        "isProvisioned": false,
    })
}

/// Removes a user and its memberships (`userService.Delete` plus
/// `orgService.DeleteUserFromAll`). Returns whether the user existed.
pub(crate) fn delete_user_everywhere(st: &mut State, user_id: i64) -> bool {
    let existed = st.users.remove(&user_id).is_some();
    st.orgs_admin.none_members.retain(|(_, u)| *u != user_id);
    st.users_admin.themes.remove(&user_id);
    existed
}

/// The users search of `searchusers.go`: `query` (login, email or name
/// contains it, case-insensitively), `perpage` (≤ 0 → 1000), `page`
/// (< 1 → 1); ordered by login then email. Returns (page of hits, total,
/// page, per page).
fn run_search(ctx: &Ctx) -> (Vec<Value>, usize, i64, i64) {
    let mut per_page = ctx.query.int("perpage");
    if per_page <= 0 {
        per_page = 1000;
    }
    let page = ctx.query.int("page").max(1);
    let q = ctx.query.get("query").unwrap_or("").to_lowercase();
    let st = ctx.app.state.read();
    let mut users: Vec<&User> = st
        .users
        .values()
        .filter(|u| {
            q.is_empty()
                || u.login.to_lowercase().contains(&q)
                || u.email.to_lowercase().contains(&q)
                || u.name.to_lowercase().contains(&q)
        })
        .collect();
    users.sort_by(|a, b| (&a.login, &a.email).cmp(&(&b.login, &b.email)));
    let total = users.len();
    let hits = users
        .into_iter()
        .skip(((page - 1) * per_page) as usize)
        .take(per_page as usize)
        .map(|u| search_hit_json(&st, u, ctx.now))
        .collect();
    (hits, total, page, per_page)
}

/// `GET /api/users` (`SearchUsers`): Grafana Admin; `[UserSearchHitDTO]`.
fn search(ctx: &Ctx) -> ApiResult {
    ctx.require_server_admin(Evaluator::One(USERS_READ))?;
    let (hits, ..) = run_search(ctx);
    Ok(respond::json(200, &Value::Array(hits)))
}

/// `GET /api/users/search` (`SearchUsersWithPaging`): Grafana Admin;
/// `{"totalCount","users","page","perPage"}`.
fn search_with_paging(ctx: &Ctx) -> ApiResult {
    ctx.require_server_admin(Evaluator::One(USERS_READ))?;
    let (hits, total, page, per_page) = run_search(ctx);
    Ok(respond::json(
        200,
        &json!({"totalCount": total, "users": hits, "page": page, "perPage": per_page}),
    ))
}

/// The `{id}` path parameter, with the handlers' 400 `id is invalid`.
fn id_param(ctx: &Ctx) -> Result<i64, axum::response::Response> {
    orgs::path_id(ctx, 0, "id is invalid")
}

/// 404 `{"message":"user not found"}` (`user.ErrUserNotFound.Error()`).
pub(crate) fn user_not_found() -> axum::response::Response {
    respond::message(404, "user not found")
}

/// `GET /api/users/{id}` (`GetUserByID`): Grafana Admin; the profile, 404
/// `user not found`, 400 `id is invalid`.
fn get_by_id(ctx: &Ctx) -> ApiResult {
    ctx.require_server_admin(Evaluator::One(USERS_READ))?;
    let id = id_param(ctx)?;
    let st = ctx.app.state.read();
    let u = st.users.get(&id).ok_or_else(user_not_found)?;
    Ok(respond::json(200, &profile_json(&st, u)))
}

/// `GET /api/users/lookup?loginOrEmail=` (`GetUserByLoginOrEmail`): the
/// login first, then the email; 404 `user not found`. The handler builds the
/// DTO from the user row, so `uid` and `avatarUrl` are empty, `isDisabled`
/// is false and `authLabels` is `null`, whatever the user.
fn lookup(ctx: &Ctx) -> ApiResult {
    ctx.require_server_admin(Evaluator::One(USERS_READ))?;
    let key = ctx.query.get("loginOrEmail").unwrap_or("");
    let st = ctx.app.state.read();
    let u = st
        .users
        .values()
        .find(|u| u.login == key)
        .or_else(|| st.users.values().find(|u| u.email == key))
        .filter(|_| !key.is_empty())
        .ok_or_else(user_not_found)?;
    Ok(respond::json(
        200,
        &json!({
            "id": u.id,
            "uid": "",
            "email": u.email,
            "name": u.name,
            "login": u.login,
            "theme": theme_of(&st, u.id),
            "orgId": current_org_of(&st, u),
            "isGrafanaAdmin": u.is_admin,
            "isDisabled": false,
            "isExternal": false,
            "isExternallySynced": false,
            "isGrafanaAdminExternallySynced": false,
            "authLabels": null,
            "updatedAt": crate::clock::rfc3339(u.updated),
            "createdAt": crate::clock::rfc3339(u.created),
            "avatarUrl": "",
            "isProvisioned": false,
        }),
    ))
}

/// `user.UpdateUserCommand` as bound from the body.
#[derive(Deserialize)]
struct UpdateForm {
    #[serde(default, deserialize_with = "crate::api::body::nullable")]
    name: String,
    #[serde(default, deserialize_with = "crate::api::body::nullable")]
    email: String,
    #[serde(default, deserialize_with = "crate::api::body::nullable")]
    login: String,
    #[serde(default, deserialize_with = "crate::api::body::nullable")]
    theme: String,
}

/// `PUT /api/users/{id}` (`UpdateUser` → `handleUpdateUser`): email and login
/// trimmed, an empty login takes the email, both empty → 400 errutil
/// `user.empty-username-and-email`; a login or email another user has →
/// 409 `Update would result in user login conflict`; an unknown user → 500
/// `Failed to update user`. Empty fields keep their value (the store
/// updates only non-zero columns). `User updated`.
fn update(ctx: &Ctx) -> ApiResult {
    ctx.require_server_admin(Evaluator::One(USERS_WRITE))?;
    let form: UpdateForm = orgs::bind(ctx)?;
    let id = id_param(ctx)?;
    let email = form.email.trim().to_string();
    let mut login = form.login.trim().to_string();
    if login.is_empty() {
        login = email.clone();
    }
    if login.is_empty() {
        return Err(respond::errutil(
            400,
            "Need to specify either username or email",
            "user.empty-username-and-email",
        ));
    }
    let mut st = ctx.app.state.write();
    if !st.users.contains_key(&id) {
        return Err(respond::message(500, "Failed to update user"));
    }
    let clash = |s: &str| {
        !s.is_empty()
            && st.users.values().any(|u| {
                u.id != id && (u.login.eq_ignore_ascii_case(s) || u.email.eq_ignore_ascii_case(s))
            })
    };
    if clash(&login) || clash(&email) {
        return Err(respond::message(
            409,
            "Update would result in user login conflict",
        ));
    }
    let now = ctx.now;
    if let Some(u) = st.users.get_mut(&id) {
        u.login = login;
        if !email.is_empty() {
            u.email = email;
        }
        if !form.name.is_empty() {
            u.name = form.name;
        }
        u.updated = now;
    }
    if !form.theme.is_empty() {
        st.users_admin.themes.insert(id, form.theme);
    }
    Ok(respond::message(200, "User updated"))
}

/// `GET /api/users/{id}/orgs` (`GetUserOrgList`): Grafana Admin;
/// `[{"orgId","name","role"}]` ordered by org name (`[]` for an unknown user).
fn user_orgs(ctx: &Ctx) -> ApiResult {
    ctx.require_server_admin(Evaluator::One(USERS_READ))?;
    let id = id_param(ctx)?;
    let st = ctx.app.state.read();
    Ok(respond::json(200, &Value::Array(user_org_list(&st, id))))
}

/// `org.UserOrgDTO`s of a user, ordered by org name (`GetUserOrgList`).
pub(crate) fn user_org_list(st: &State, user_id: i64) -> Vec<Value> {
    let mut list: Vec<(String, i64, &'static str)> = orgs::orgs_of_user(st, user_id)
        .into_iter()
        .filter_map(|(o, r)| {
            st.orgs
                .get(&o)
                .map(|org| (org.name.clone(), o, role_name(r)))
        })
        .collect();
    list.sort();
    list.into_iter()
        .map(|(name, o, role)| json!({"orgId": o, "name": name, "role": role}))
        .collect()
}

/// `GET /api/users/{id}/teams` (`GetUserTeams` → `getUserTeamList`): Grafana
/// Admin; the `TeamDTO`s of the user's teams in the caller's current org
/// (`[]` for an unknown user).
fn user_teams(ctx: &Ctx) -> ApiResult {
    let caller = ctx.require_server_admin(Evaluator::One(USERS_TEAMS_READ))?;
    let id = id_param(ctx)?;
    let st = ctx.app.state.read();
    let list = crate::api::teams::teams_of_user(&st, caller.org_id, id);
    Ok(respond::json(200, &Value::Array(list)))
}

/// `POST /api/users/{id}/using/{orgId}` (`UpdateUserActiveOrg`): Grafana
/// Admin; 401 `Not a valid organization` when the user is not a member,
/// else `Active organization changed`.
fn using_org(ctx: &Ctx) -> ApiResult {
    ctx.require_server_admin(Evaluator::One(USERS_WRITE))?;
    let id = id_param(ctx)?;
    let org_id = orgs::path_id(ctx, 1, "orgId is invalid")?;
    let mut st = ctx.app.state.write();
    if orgs::membership(&st, org_id, id).is_none() {
        return Err(respond::message(401, "Not a valid organization"));
    }
    if let Some(u) = st.users.get_mut(&id) {
        u.current_org = Some(org_id);
    }
    Ok(respond::message(200, "Active organization changed"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_use_the_largest_unit() {
        assert_eq!(age_string(10 * 365 * 86_400), "10y");
        assert_eq!(age_string(40 * 86_400), "1M");
        assert_eq!(age_string(2 * 86_400), "2d");
        assert_eq!(age_string(3 * 3_600), "3h");
        assert_eq!(age_string(120), "2m");
        assert_eq!(age_string(5), "< 1 minute");
    }
}
