//! The signed-in user: `/api/user*` (Grafana's `reqSignedInNoAnonymous`
//! group, `pkg/api/api.go` `registerRoutes`).
//!
//! * `GET /api/user`, `PUT /api/user`
//! * `GET /api/user/orgs`, `GET /api/user/teams`
//! * `POST /api/user/using/{id}`
//! * `PUT /api/user/password`
//! * `GET /api/user/stars`, `POST/DELETE /api/user/stars/dashboard/uid/{uid}`
//! * the preferences routes are in [`crate::api::preferences`], whose store
//!   lives here ([`Store::prefs`]).
//!
//! Sources: `pkg/api/user.go` (`GetSignedInUser`, `getUserUserProfile`,
//! `UpdateSignedInUser`, `handleUpdateUser`, `GetSignedInUserOrgList`,
//! `GetSignedInUserTeamList`, `UserSetUsingOrg`, `ChangeUserPassword`,
//! `getUserID`), `pkg/services/user/error.go`, `pkg/services/user/password.go`
//! (`ValidatePassword`), `pkg/services/user/userimpl/user.go` (`Update`),
//! `pkg/services/star/api/api.go` (`GetStars`, `StarDashboardByUID`,
//! `UnstarDashboardByUID`), `pkg/api/dtos/models.go` (`GetGravatarUrl`).

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;
use serde_json::{json, Value};

use super::{ApiResult, Ctx};
use crate::api::respond;
use crate::auth::Identity;
use crate::role::Role;
use crate::routes::Route;
use crate::state::State;

/// The routes of this area.
pub(crate) const ROUTES: &[Route] = &[
    Route::new("GET", "/api/user", get_user),
    Route::new("PUT", "/api/user", update_user),
    Route::new("GET", "/api/user/orgs", orgs),
    Route::new("GET", "/api/user/teams", teams),
    Route::new("POST", "/api/user/using/{id}", using_org),
    Route::new("PUT", "/api/user/password", change_password),
    Route::new("GET", "/api/user/stars", stars),
    Route::new("POST", "/api/user/stars/dashboard/uid/{uid}", star),
    Route::new("DELETE", "/api/user/stars/dashboard/uid/{uid}", unstar),
];

/// This area's stored state (held by [`crate::state::State`]).
#[derive(Debug, Default)]
pub(crate) struct Store {
    /// Preferences of users, teams and orgs (see [`crate::api::preferences`]).
    pub(crate) prefs: crate::api::preferences::Store,
    /// Stars: (user id, org id) → dashboard uids.
    stars: BTreeMap<(i64, i64), BTreeSet<String>>,
}

/// The uids of the dashboards `user_id` starred in `org_id` that still
/// exist, sorted (for the search area's `starred` filter and `isStarred`).
pub(crate) fn starred_dashboard_uids(st: &State, user_id: i64, org_id: i64) -> Vec<String> {
    st.user
        .stars
        .get(&(user_id, org_id))
        .map(|set| {
            set.iter()
                .filter(|uid| st.dashboard(org_id, uid).is_some())
                .cloned()
                .collect()
        })
        .unwrap_or_default()
}

/// A user's uid. The core user record has no uid, so the emulator derives a
/// stable 14-character one from the id (Grafana generates a random short
/// uid at creation).
pub(crate) fn user_uid(id: i64) -> String {
    format!("u{id:013}")
}

/// `getUserID`: the handlers that only users may call answer a service
/// account with 304 "Endpoint only available for users" (`response.Error
/// (http.StatusNotModified, …)`; a 304 carries no body on the wire).
fn user_only(who: &Identity) -> Result<(), axum::response::Response> {
    if who.is_service_account {
        Err(respond::message(304, "Endpoint only available for users"))
    } else {
        Ok(())
    }
}

/// `user.UserProfileDTO` of user `id`, as the users area builds it for
/// `GET /api/users/{id}` (one shape for both routes).
fn profile(st: &State, id: i64) -> Option<Value> {
    st.users
        .get(&id)
        .map(|u| crate::api::users::profile_json(st, u))
}

/// `GET /api/user`: the caller's `UserProfileDTO` (`orgId` is the user's
/// current org). A service account gets 200 with a skeleton profile built
/// from its identity (`GetSignedInUser`: typed uid `service-account:<id>`,
/// zero times, no avatar).
pub(crate) fn get_user(ctx: &Ctx) -> ApiResult {
    let who = ctx.signed_in()?;
    let st = ctx.app.state.read();
    if who.is_service_account {
        let name = st
            .service_accounts
            .get(&who.id)
            .map(|s| s.name.clone())
            .unwrap_or_else(|| who.login.clone());
        return Ok(respond::json(
            200,
            &json!({
                "id": 0,
                "uid": format!("service-account:{}", who.id),
                "email": "",
                "name": name,
                "login": who.login,
                "theme": "",
                "orgId": who.org_id,
                "isGrafanaAdmin": false,
                "isDisabled": false,
                "isExternal": false,
                "isExternallySynced": false,
                "isGrafanaAdminExternallySynced": false,
                "authLabels": null,
                "updatedAt": "0001-01-01T00:00:00Z",
                "createdAt": "0001-01-01T00:00:00Z",
                "avatarUrl": "",
                "isProvisioned": false,
            }),
        ));
    }
    // `user.ErrUserNotFound` → 404 `user not found`.
    let body = profile(&st, who.id).ok_or_else(|| respond::message(404, "user not found"))?;
    Ok(respond::json(200, &body))
}

/// `user.UpdateUserCommand` (`name`, `email`, `login`, `theme`).
#[derive(Deserialize, Default)]
#[serde(default)]
struct UpdateUserIn {
    #[serde(deserialize_with = "crate::api::body::nullable")]
    name: String,
    #[serde(deserialize_with = "crate::api::body::nullable")]
    email: String,
    #[serde(deserialize_with = "crate::api::body::nullable")]
    login: String,
    #[serde(deserialize_with = "crate::api::body::nullable")]
    theme: String,
}

/// `PUT /api/user` `{name, email, login, theme}`: 400 `bad request data`;
/// 304 for a service account; login defaults to the email, and with neither
/// the errutil 400 `user.empty-username-and-email`; 409 errutil
/// `user.email-conflict` when another user has the email, 409 `Update would
/// result in user login conflict` when another user has the login
/// (case-insensitive). Empty fields keep their value (the store updates
/// non-zero columns). 200 `User updated`.
pub(crate) fn update_user(ctx: &Ctx) -> ApiResult {
    let mut cmd: UpdateUserIn = ctx.body_json()?;
    let who = ctx.signed_in()?;
    user_only(who)?;
    cmd.email = cmd.email.trim().to_string();
    cmd.login = cmd.login.trim().to_string();
    if cmd.login.is_empty() {
        cmd.login = cmd.email.clone();
    }
    if cmd.login.is_empty() {
        return Err(respond::errutil(
            400,
            "Need to specify either username or email",
            "user.empty-username-and-email",
        ));
    }
    let mut st = ctx.app.state.write();
    let others = || st.users.values().filter(|u| u.id != who.id);
    if !cmd.email.is_empty()
        && others().any(|u| {
            u.email.eq_ignore_ascii_case(&cmd.email) || u.login.eq_ignore_ascii_case(&cmd.email)
        })
    {
        return Err(respond::errutil(
            409,
            "Email is already being used",
            "user.email-conflict",
        ));
    }
    if others().any(|u| {
        u.login.eq_ignore_ascii_case(&cmd.login) || u.email.eq_ignore_ascii_case(&cmd.login)
    }) {
        return Err(respond::message(
            409,
            "Update would result in user login conflict",
        ));
    }
    let now = ctx.now;
    let Some(u) = st.users.get_mut(&who.id) else {
        return Err(respond::message(404, "user not found"));
    };
    u.login = cmd.login;
    if !cmd.email.is_empty() {
        u.email = cmd.email;
    }
    if !cmd.name.is_empty() {
        u.name = cmd.name;
    }
    u.updated = now;
    if !cmd.theme.is_empty() {
        // The user table's `theme` column, shared with `PUT /api/users/{id}`.
        st.users_admin.themes.insert(who.id, cmd.theme);
    }
    Ok(respond::message(200, "User updated"))
}

/// `GET /api/user/orgs`: `[{orgId, name, role}]` of the caller's orgs,
/// ordered by org name (`GetUserOrgList`). 304 for a service account.
pub(crate) fn orgs(ctx: &Ctx) -> ApiResult {
    let who = ctx.signed_in()?;
    user_only(who)?;
    let st = ctx.app.state.read();
    // Memberships with the "None" basic role are listed too.
    let mut list: Vec<(String, i64, &'static str)> = crate::api::orgs::orgs_of_user(&st, who.id)
        .into_iter()
        .filter_map(|(id, role)| {
            st.orgs
                .get(&id)
                .map(|o| (o.name.clone(), id, role.map_or("None", Role::as_str)))
        })
        .collect();
    list.sort();
    let out: Vec<Value> = list
        .into_iter()
        .map(|(name, id, role)| json!({"orgId": id, "name": name, "role": role}))
        .collect();
    Ok(respond::json(200, &Value::Array(out)))
}

/// `GET /api/user/teams`: the `TeamDTO`s of the teams of the current org the
/// caller belongs to. 304 for a service account.
pub(crate) fn teams(ctx: &Ctx) -> ApiResult {
    let who = ctx.signed_in()?;
    user_only(who)?;
    let st = ctx.app.state.read();
    let list = crate::api::teams::teams_of_user(&st, who.org_id, who.id);
    Ok(respond::json(200, &Value::Array(list)))
}

/// `POST /api/user/using/{id}`: makes org `id` the caller's current org.
/// 400 `id is invalid`; 304 for a service account; 401 `Not a valid
/// organization` when the caller is not a member. 200 `Active organization
/// changed`.
pub(crate) fn using_org(ctx: &Ctx) -> ApiResult {
    let org_id: i64 = ctx
        .param()
        .parse()
        .map_err(|_| respond::message(400, "id is invalid"))?;
    let who = ctx.signed_in()?;
    user_only(who)?;
    let mut st = ctx.app.state.write();
    // `validateUsingOrg`: any membership counts, the "None" role included.
    let member = crate::api::orgs::orgs_of_user(&st, who.id)
        .iter()
        .any(|(o, _)| *o == org_id);
    match st.users.get_mut(&who.id) {
        Some(u) if member => {
            u.current_org = Some(org_id);
            Ok(respond::message(200, "Active organization changed"))
        }
        _ => Err(respond::message(401, "Not a valid organization")),
    }
}

/// `user.ChangeUserPasswordCommand`.
#[derive(Deserialize, Default)]
#[serde(default)]
struct ChangePasswordIn {
    #[serde(
        rename = "oldPassword",
        deserialize_with = "crate::api::body::nullable"
    )]
    old_password: String,
    #[serde(
        rename = "newPassword",
        deserialize_with = "crate::api::body::nullable"
    )]
    new_password: String,
}

/// `PUT /api/user/password` `{oldPassword, newPassword}` (through
/// `userService.Update`): 400 `bad request data`; 304 for a service account;
/// errutil 400 `user.password-missmatch` "Invalid old password"; errutil 400
/// `password-policy-too-short` "New password is too short" (4 characters or
/// fewer, the default policy). 200 `User password changed`.
pub(crate) fn change_password(ctx: &Ctx) -> ApiResult {
    let cmd: ChangePasswordIn = ctx.body_json()?;
    let who = ctx.signed_in()?;
    user_only(who)?;
    let mut st = ctx.app.state.write();
    let now = ctx.now;
    let Some(u) = st.users.get_mut(&who.id) else {
        return Err(respond::message(404, "user not found"));
    };
    if u.password != cmd.old_password {
        return Err(respond::errutil(
            400,
            "Invalid old password",
            "user.password-missmatch",
        ));
    }
    if cmd.new_password.len() <= 4 {
        return Err(respond::errutil(
            400,
            "New password is too short",
            "password-policy-too-short",
        ));
    }
    u.password = cmd.new_password;
    u.updated = now;
    Ok(respond::message(200, "User password changed"))
}

/// `GET /api/user/stars`: the uids of the dashboards the caller starred, in
/// every org (Grafana returns its map's keys unordered; the emulator sorts).
pub(crate) fn stars(ctx: &Ctx) -> ApiResult {
    let who = ctx.signed_in()?;
    let st = ctx.app.state.read();
    let mut uids: BTreeSet<String> = BTreeSet::new();
    for ((user, org), set) in &st.user.stars {
        if *user == who.id {
            uids.extend(
                set.iter()
                    .filter(|uid| st.dashboard(*org, uid).is_some())
                    .cloned(),
            );
        }
    }
    Ok(respond::json(200, &json!(uids)))
}

/// `POST /api/user/stars/dashboard/uid/{uid}`: 404 `Dashboard not found`
/// when the org has no such dashboard; starring twice is a 500 `Failed to
/// star dashboard` (the star table's unique key). Grafana 13 stores stars
/// as a collection resource: no dashboard check, and starring is idempotent.
/// 200 `Dashboard starred!`.
pub(crate) fn star(ctx: &Ctx) -> ApiResult {
    let who = ctx.signed_in()?;
    let uid = ctx.param().to_string();
    if uid.is_empty() {
        return Err(respond::message(400, "Invalid dashboard UID"));
    }
    let mut st = ctx.app.state.write();
    let v13 = ctx.version().0 >= 13;
    if !v13 && st.dashboard(who.org_id, &uid).is_none() {
        return Err(respond::message(404, "Dashboard not found"));
    }
    let set = st.user.stars.entry((who.id, who.org_id)).or_default();
    if !set.insert(uid) && !v13 {
        return Err(respond::message(500, "Failed to star dashboard"));
    }
    Ok(respond::message(200, "Dashboard starred!"))
}

/// `DELETE /api/user/stars/dashboard/uid/{uid}`: removes the star if there is
/// one (no dashboard check). 200 `Dashboard unstarred`.
pub(crate) fn unstar(ctx: &Ctx) -> ApiResult {
    let who = ctx.signed_in()?;
    let uid = ctx.param();
    if uid.is_empty() {
        return Err(respond::message(400, "Invalid dashboard UID"));
    }
    let mut st = ctx.app.state.write();
    if let Some(set) = st.user.stars.get_mut(&(who.id, who.org_id)) {
        set.remove(uid);
    }
    Ok(respond::message(200, "Dashboard unstarred"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_uids() {
        assert_eq!(user_uid(7).len(), 14);
    }
}
