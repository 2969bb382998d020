//! Server administration (`pkg/api/admin.go`, `pkg/api/admin_users.go`,
//! `pkg/api/user_token.go`; route table in `pkg/api/api.go`
//! `registerRoutes`, groups `/api/admin` and `/api/admin/users`). Every
//! route needs a Grafana server admin.
//!
//! - `GET /api/admin/settings`, `GET /api/admin/stats`
//! - `POST /api/admin/users`, `DELETE /api/admin/users/{id}`
//! - `PUT /api/admin/users/{id}/password`, `PUT /api/admin/users/{id}/permissions`
//! - `POST /api/admin/users/{id}/logout`, `POST /api/admin/users/{id}/disable`,
//!   `POST /api/admin/users/{id}/enable`
//! - `GET /api/admin/users/{id}/auth-tokens`,
//!   `POST /api/admin/users/{id}/revoke-auth-token`
//!
//! `POST /api/admin/pause-all-alerts` is gone from Grafana 11+ and is
//! answered by the removed-routes area.

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;
use serde_json::{json, Value};

use super::{ApiResult, Ctx};
use crate::api::orgs;
use crate::api::respond;
use crate::api::users::{self, user_not_found};
use crate::role::{Action, Evaluator, Role};
use crate::routes::Route;
use crate::state::{State, User, MAIN_ORG_ID};

const SETTINGS_READ: Action = Action::new("settings:read", Role::Admin);
const SERVER_STATS_READ: Action = Action::new("server.stats:read", Role::Admin);
const USERS_CREATE: Action = Action::new("users:create", Role::Admin);
const USERS_PASSWORD_WRITE: Action = Action::new("users.password:write", Role::Admin);
const USERS_PERMISSIONS_WRITE: Action = Action::new("users.permissions:write", Role::Admin);
const USERS_DELETE: Action = Action::new("users:delete", Role::Admin);
const USERS_DISABLE: Action = Action::new("users:disable", Role::Admin);
const USERS_ENABLE: Action = Action::new("users:enable", Role::Admin);
const USERS_LOGOUT: Action = Action::new("users:logout", Role::Admin);
const USERS_AUTHTOKEN_READ: Action = Action::new("users.authtoken:read", Role::Admin);
const USERS_AUTHTOKEN_WRITE: Action = Action::new("users.authtoken:write", Role::Admin);

/// The routes of this area.
pub(crate) const ROUTES: &[Route] = &[
    Route::new("GET", "/api/admin/settings", settings),
    Route::new("GET", "/api/admin/stats", stats),
    Route::new("POST", "/api/admin/users", create_user),
    Route::new("DELETE", "/api/admin/users/{id}", delete_user),
    Route::new("PUT", "/api/admin/users/{id}/password", set_password),
    Route::new("PUT", "/api/admin/users/{id}/permissions", set_permissions),
    Route::new("POST", "/api/admin/users/{id}/logout", logout),
    Route::new("POST", "/api/admin/users/{id}/disable", disable),
    Route::new("POST", "/api/admin/users/{id}/enable", enable),
    Route::new("GET", "/api/admin/users/{id}/auth-tokens", auth_tokens),
    Route::new(
        "POST",
        "/api/admin/users/{id}/revoke-auth-token",
        revoke_auth_token,
    ),
];

/// The `{id}` parameter with the handlers' 400 `id is invalid`.
fn id_param(ctx: &Ctx) -> Result<i64, axum::response::Response> {
    orgs::path_id(ctx, 0, "id is invalid")
}

/// `GET /api/admin/settings` (`AdminGetSettings`): the effective
/// `grafana.ini` as `{section: {key: value}}`, every value a string, secrets
/// shown as `*********` (`setting.RedactedValue`). The emulator reports the
/// options it honours plus Grafana's defaults for a few common ones.
fn settings(ctx: &Ctx) -> ApiResult {
    ctx.require_server_admin(Evaluator::One(SETTINGS_READ))?;
    let s = &ctx.app.settings;
    let root_url = ctx.app.root_url();
    let b = |v: bool| if v { "true" } else { "false" };
    let body = json!({
        "DEFAULT": {"app_mode": "production", "instance_name": "grafana-emulator"},
        "analytics": {"reporting_enabled": "false", "check_for_updates": "false"},
        "auth": {"disable_login_form": "false", "disable_signout_menu": "false"},
        "auth.anonymous": {"enabled": "false", "org_name": "Main Org.", "org_role": "Viewer"},
        "auth.basic": {"enabled": "true"},
        "database": {"type": "sqlite3", "host": "127.0.0.1:3306", "name": "grafana", "user": "root", "password": "*********"},
        "paths": {"data": "data", "logs": "data/log", "plugins": "data/plugins", "provisioning": "conf/provisioning"},
        "security": {"admin_user": "admin", "admin_password": "*********", "secret_key": "*********", "disable_gravatar": "false"},
        "server": {"protocol": "http", "http_addr": "", "http_port": "3000", "domain": "localhost", "root_url": root_url, "serve_from_sub_path": "false"},
        "snapshots": {
            "enabled": b(s.snapshots_enabled),
            "external_enabled": b(s.external_snapshots_enabled),
            "external_snapshot_url": s.external_snapshot_url,
            "external_snapshot_name": s.external_snapshot_name,
            "public_mode": b(s.snapshots_public_mode),
        },
        "users": {
            "allow_sign_up": "false",
            "allow_org_create": "false",
            "auto_assign_org": "true",
            "auto_assign_org_id": "1",
            "auto_assign_org_role": "Viewer",
            "default_theme": "dark",
        },
        "unified_alerting": {"enabled": "true"},
        "buildinfo": {"version": s.version, "commit": s.commit},
    });
    Ok(respond::json(200, &body))
}

/// `GET /api/admin/stats` (`AdminGetStats` → `stats.AdminStats`): counts
/// from the emulator's state. `admins`/`editors`/`viewers` count each user
/// once, by their highest org role. The emulator records no sign-ins or
/// sessions, and stars, playlists and alert rules live in other areas, so
/// the activity counts and those are 0.
fn stats(ctx: &Ctx) -> ApiResult {
    ctx.require_server_admin(Evaluator::One(SERVER_STATS_READ))?;
    let st = ctx.app.state.read();
    Ok(respond::json(200, &compute_stats(&st)))
}

fn compute_stats(st: &State) -> Value {
    let (mut admins, mut editors, mut viewers) = (0, 0, 0);
    for u in st.users.values() {
        match u.orgs.values().max() {
            Some(Role::Admin) => admins += 1,
            Some(Role::Editor) => editors += 1,
            Some(Role::Viewer) => viewers += 1,
            None => {}
        }
    }
    let tags: BTreeSet<&str> = st
        .dashboards
        .values()
        .flat_map(|d| d.tags.iter().map(String::as_str))
        .collect();
    json!({
        "orgs": st.orgs.len(),
        "dashboards": st.dashboards.len(),
        "snapshots": st.snapshots.len(),
        "tags": tags.len(),
        "datasources": st.datasources.rows.all().count(),
        "playlists": 0,
        "stars": 0,
        "alerts": 0,
        "users": st.users.len(),
        "admins": admins,
        "editors": editors,
        "viewers": viewers,
        "activeUsers": 0,
        "activeAdmins": 0,
        "activeEditors": 0,
        "activeViewers": 0,
        "activeSessions": 0,
        "dailyActiveUsers": 0,
        "dailyActiveAdmins": 0,
        "dailyActiveEditors": 0,
        "dailyActiveViewers": 0,
        "dailyActiveSessions": 0,
        "monthlyActiveUsers": 0,
        "activeDevices": 0,
    })
}

/// `dtos.AdminCreateUserForm`; `password` is `binding:"Required"`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CreateUserForm {
    #[serde(default, deserialize_with = "crate::api::body::nullable")]
    email: String,
    #[serde(default, deserialize_with = "crate::api::body::nullable")]
    login: String,
    #[serde(default, deserialize_with = "crate::api::body::nullable")]
    name: String,
    #[serde(default, deserialize_with = "crate::api::body::nullable")]
    password: String,
    #[serde(default, deserialize_with = "crate::api::body::nullable")]
    org_id: i64,
}

/// `user.ValidatePassword` (`pkg/services/user/password.go`) with the
/// default (non-strong) policy: at least 4 characters.
fn password_too_short(p: &str) -> bool {
    p.chars().count() < 4
}

/// 400 errutil `password.password-policy-too-short`.
fn password_error() -> axum::response::Response {
    respond::errutil(
        400,
        "New password is too short",
        "password.password-policy-too-short",
    )
}

/// `POST /api/admin/users` (`AdminCreateUser` → `userService.Create`):
/// login defaults to the email and the email to the login (both empty →
/// 400 errutil `user.empty-username-and-email`); a password under 4
/// characters → 400 errutil `password.password-policy-too-short`; a login or
/// email already used → 412 `User with email '…' or username '…' already
/// exists`; an `orgId` of no org → 400 `organization not found`. The user
/// joins `orgId`, or org 1 (`auto_assign_org`), as Viewer
/// (`auto_assign_org_role`). `{"id","uid","message":"User created"}`.
fn create_user(ctx: &Ctx) -> ApiResult {
    ctx.require_server_admin(Evaluator::One(USERS_CREATE))?;
    let form: CreateUserForm = orgs::bind(ctx)?;
    if form.password.is_empty() {
        return Err(orgs::bad_request());
    }
    let mut login = form.login.clone();
    let mut email = form.email.clone();
    if login.is_empty() {
        login = email.clone();
    }
    if email.is_empty() {
        email = login.clone();
    }
    if login.is_empty() {
        return Err(respond::errutil(
            400,
            "Need to specify either username or email",
            "user.empty-username-and-email",
        ));
    }
    if password_too_short(&form.password) {
        return Err(password_error());
    }
    let mut st = ctx.app.state.write();
    let org_id = if form.org_id != 0 {
        form.org_id
    } else {
        MAIN_ORG_ID
    };
    if !st.orgs.contains_key(&org_id) {
        return Err(respond::message(400, "organization not found"));
    }
    let taken = st.users.values().any(|u| {
        u.login.eq_ignore_ascii_case(&login)
            || u.email.eq_ignore_ascii_case(&email)
            || u.login.eq_ignore_ascii_case(&email)
            || u.email.eq_ignore_ascii_case(&login)
    });
    if taken {
        return Err(respond::message(
            412,
            &format!(
                "User with email '{}' or username '{}' already exists",
                form.email, form.login
            ),
        ));
    }
    let id = st.alloc_user_id();
    let uid = users::user_uid(&st, id);
    st.users.insert(
        id,
        User {
            id,
            login,
            email,
            password: form.password,
            name: form.name,
            orgs: BTreeMap::from([(org_id, Role::Viewer)]),
            current_org: Some(org_id),
            is_admin: false,
            disabled: false,
            created: ctx.now,
            updated: ctx.now,
        },
    );
    Ok(respond::json(
        200,
        &json!({"id": id, "uid": uid, "message": "User created"}),
    ))
}

/// `dtos.AdminUpdateUserPasswordForm`; `password` is `binding:"Required"`.
#[derive(Deserialize)]
struct PasswordForm {
    #[serde(default, deserialize_with = "crate::api::body::nullable")]
    password: String,
}

/// `PUT /api/admin/users/{id}/password` (`AdminUpdateUserPassword`): the
/// handler reports every failure of `userService.Update` (an unknown user,
/// a password the policy refuses) as 500 `Failed to update user password`.
/// `User password updated`.
fn set_password(ctx: &Ctx) -> ApiResult {
    ctx.require_server_admin(Evaluator::One(USERS_PASSWORD_WRITE))?;
    let form: PasswordForm = orgs::bind(ctx)?;
    if form.password.is_empty() {
        return Err(orgs::bad_request());
    }
    let id = id_param(ctx)?;
    let mut st = ctx.app.state.write();
    let failed = || respond::message(500, "Failed to update user password");
    if password_too_short(&form.password) {
        return Err(failed());
    }
    let u = st.users.get_mut(&id).ok_or_else(failed)?;
    u.password = form.password;
    u.updated = ctx.now;
    Ok(respond::message(200, "User password updated"))
}

/// `dtos.AdminUpdateUserPermissionsForm`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PermissionsForm {
    #[serde(default, deserialize_with = "crate::api::body::nullable")]
    is_grafana_admin: bool,
}

/// `PUT /api/admin/users/{id}/permissions` (`AdminUpdateUserPermissions`):
/// `{"isGrafanaAdmin"}` → `User permissions updated`; removing the last
/// server admin → 400 `cannot remove last grafana admin`
/// (`user.ErrLastGrafanaAdmin`); an unknown user → 500 `Failed to update
/// user permissions`.
fn set_permissions(ctx: &Ctx) -> ApiResult {
    ctx.require_server_admin(Evaluator::One(USERS_PERMISSIONS_WRITE))?;
    let form: PermissionsForm = orgs::bind(ctx)?;
    let id = id_param(ctx)?;
    let mut st = ctx.app.state.write();
    if !st.users.contains_key(&id) {
        return Err(respond::message(500, "Failed to update user permissions"));
    }
    if !form.is_grafana_admin && !st.users.values().any(|u| u.id != id && u.is_admin) {
        return Err(respond::message(400, "cannot remove last grafana admin"));
    }
    if let Some(u) = st.users.get_mut(&id) {
        u.is_admin = form.is_grafana_admin;
        u.updated = ctx.now;
    }
    Ok(respond::message(200, "User permissions updated"))
}

/// `DELETE /api/admin/users/{id}` (`AdminDeleteUser`): 404 `user not found`;
/// `User deleted`, the user and its memberships gone.
fn delete_user(ctx: &Ctx) -> ApiResult {
    ctx.require_server_admin(Evaluator::One(USERS_DELETE))?;
    let id = id_param(ctx)?;
    let mut st = ctx.app.state.write();
    if !users::delete_user_everywhere(&mut st, id) {
        return Err(user_not_found());
    }
    Ok(respond::message(200, "User deleted"))
}

/// `POST /api/admin/users/{id}/logout` (`AdminLogoutUser` →
/// `logoutUserFromAllDevicesInternal`): 400 `You cannot logout yourself`,
/// 404 `User not found`; `User logged out` (the emulator has no sessions
/// to revoke).
fn logout(ctx: &Ctx) -> ApiResult {
    let caller = ctx.require_server_admin(Evaluator::One(USERS_LOGOUT))?;
    let id = id_param(ctx)?;
    if !caller.is_service_account && caller.id == id {
        return Err(respond::message(400, "You cannot logout yourself"));
    }
    if !ctx.app.state.read().users.contains_key(&id) {
        return Err(respond::message(404, "User not found"));
    }
    Ok(respond::message(200, "User logged out"))
}

/// Sets a user's `disabled` flag; 404 `user not found`.
fn set_disabled(ctx: &Ctx, disabled: bool) -> Result<(), axum::response::Response> {
    let id = id_param(ctx)?;
    let mut st = ctx.app.state.write();
    let u = st.users.get_mut(&id).ok_or_else(user_not_found)?;
    u.disabled = disabled;
    u.updated = ctx.now;
    Ok(())
}

/// `POST /api/admin/users/{id}/disable` (`AdminDisableUser`): `User
/// disabled`; the user's basic auth then fails with `identity.disabled`.
fn disable(ctx: &Ctx) -> ApiResult {
    ctx.require_server_admin(Evaluator::One(USERS_DISABLE))?;
    set_disabled(ctx, true)?;
    Ok(respond::message(200, "User disabled"))
}

/// `POST /api/admin/users/{id}/enable` (`AdminEnableUser`): `User enabled`.
fn enable(ctx: &Ctx) -> ApiResult {
    ctx.require_server_admin(Evaluator::One(USERS_ENABLE))?;
    set_disabled(ctx, false)?;
    Ok(respond::message(200, "User enabled"))
}

/// `GET /api/admin/users/{id}/auth-tokens` (`AdminGetUserAuthTokens`): the
/// user's sessions; the emulator signs in with basic auth only, so `[]`.
fn auth_tokens(ctx: &Ctx) -> ApiResult {
    ctx.require_server_admin(Evaluator::One(USERS_AUTHTOKEN_READ))?;
    id_param(ctx)?;
    Ok(respond::json(200, &json!([])))
}

/// `auth.RevokeAuthTokenCmd`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RevokeForm {
    #[serde(default, deserialize_with = "crate::api::body::nullable")]
    #[allow(dead_code)] // bound for the binding error only
    auth_token_id: i64,
}

/// `POST /api/admin/users/{id}/revoke-auth-token`
/// (`AdminRevokeUserAuthToken` → `revokeUserAuthTokenInternal`): there are
/// no sessions, so 404 `User auth token not found` (400 `bad request data`
/// for a body that does not bind).
fn revoke_auth_token(ctx: &Ctx) -> ApiResult {
    ctx.require_server_admin(Evaluator::One(USERS_AUTHTOKEN_WRITE))?;
    let _form: RevokeForm = orgs::bind(ctx)?;
    id_param(ctx)?;
    Err(respond::message(404, "User auth token not found"))
}
