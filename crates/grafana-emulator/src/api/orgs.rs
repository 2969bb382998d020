//! Organizations, server-admin side (`pkg/api/org.go`, `pkg/api/org_users.go`,
//! route table in `pkg/api/api.go` `registerRoutes`):
//!
//! - `POST /api/orgs`, `GET /api/orgs`, `GET /api/orgs/name/{name}`
//! - `GET|PUT|DELETE /api/orgs/{orgId}`, `PUT /api/orgs/{orgId}/address`
//! - `GET|POST /api/orgs/{orgId}/users`, `GET /api/orgs/{orgId}/users/search`
//! - `PATCH|DELETE /api/orgs/{orgId}/users/{userId}`
//!
//! It also holds what the org areas share: org membership (including the
//! `None` basic role, which [`crate::state::User::orgs`] cannot express),
//! org addresses, `authorizeInOrg`-style checks and the `OrgUserDTO` shape.

use std::collections::{BTreeMap, BTreeSet};

use axum::response::Response;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::{json, Map, Value};

use super::{ApiResult, Ctx};
use crate::api::respond;
use crate::auth::Identity;
use crate::role::{self, Action, Evaluator, Role};
use crate::routes::Route;
use crate::state::{State, User, ADMIN_USER_ID};

/// `orgs:read`: every basic role holds it in its own org
/// (`pkg/api/accesscontrol.go`, `fixed:organization:reader` → Viewer).
pub(crate) const ORGS_READ: Action = Action::new("orgs:read", Role::Viewer);
/// `orgs:write`: org Admins (`fixed:organization:writer` → Admin).
pub(crate) const ORGS_WRITE: Action = Action::new("orgs:write", Role::Admin);
/// `orgs:create`: Grafana Admin only while `allow_org_create` is off (the
/// default; `fixed:organization:maintainer`).
pub(crate) const ORGS_CREATE: Action = Action::new("orgs:create", Role::Admin);
/// `orgs:delete`: Grafana Admin only.
pub(crate) const ORGS_DELETE: Action = Action::new("orgs:delete", Role::Admin);
/// `org.users:read`: org Admins.
pub(crate) const ORG_USERS_READ: Action = Action::new("org.users:read", Role::Admin);
/// `org.users:add`: org Admins.
pub(crate) const ORG_USERS_ADD: Action = Action::new("org.users:add", Role::Admin);
/// `org.users:write` (role update): org Admins.
pub(crate) const ORG_USERS_WRITE: Action = Action::new("org.users:write", Role::Admin);
/// `org.users:remove`: org Admins.
pub(crate) const ORG_USERS_REMOVE: Action = Action::new("org.users:remove", Role::Admin);

/// The routes of this area.
pub(crate) const ROUTES: &[Route] = &[
    Route::new("POST", "/api/orgs", create),
    Route::new("GET", "/api/orgs", search),
    Route::new("GET", "/api/orgs/name/{name}", get_by_name),
    Route::new("GET", "/api/orgs/{orgId}", get_by_id),
    Route::new("PUT", "/api/orgs/{orgId}", update),
    Route::new("PUT", "/api/orgs/{orgId}/address", update_address),
    Route::new("DELETE", "/api/orgs/{orgId}", delete),
    Route::new("GET", "/api/orgs/{orgId}/users", list_users),
    Route::new("GET", "/api/orgs/{orgId}/users/search", search_users),
    Route::new("POST", "/api/orgs/{orgId}/users", add_user),
    Route::new("PATCH", "/api/orgs/{orgId}/users/{userId}", update_user),
    Route::new("DELETE", "/api/orgs/{orgId}/users/{userId}", remove_user),
];

/// An org's postal address (`org.Address`); empty strings when unset.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Address {
    pub(crate) address1: String,
    pub(crate) address2: String,
    pub(crate) city: String,
    pub(crate) zip_code: String,
    pub(crate) state: String,
    pub(crate) country: String,
}

/// This area's stored state (held by [`crate::state::State`]).
#[derive(Debug, Default)]
pub(crate) struct Store {
    /// (org id, user id) of members whose basic role is `None` (no
    /// permissions). They are not in [`User::orgs`], so authentication treats
    /// them as outside the org, which gives the same RBAC denials.
    pub(crate) none_members: BTreeSet<(i64, i64)>,
    /// Org id → address (absent = all empty).
    pub(crate) addresses: BTreeMap<i64, Address>,
}

/// Adds this area's part of the demo data set (`--seed demo`): org 2
/// `Demo Org 2`, with the built-in admin as its Admin.
pub(crate) fn seed_demo(st: &mut State, _now: i64) {
    st.create_org("Demo Org 2");
}

// ---------------------------------------------------------------------------
// Shared helpers (used by `org`, `users` and `admin` too)
// ---------------------------------------------------------------------------

/// A membership's role: `Some(role)`, or `None` for Grafana's `None` basic role.
pub(crate) type OrgRole = Option<Role>;

/// The wire name of a membership role (`"None"` for no basic role).
pub(crate) fn role_name(role: OrgRole) -> &'static str {
    role.map(Role::as_str).unwrap_or("None")
}

/// Parses a role as `RoleType.IsValid` accepts it (`pkg/services/org/model.go`):
/// `Viewer`, `Editor`, `Admin` or `None`; the outer `None` = invalid.
pub(crate) fn parse_role(s: &str) -> Option<OrgRole> {
    if s == "None" {
        Some(None)
    } else {
        Role::parse(s).map(Some)
    }
}

/// A user's membership of `org_id`: `None` = not a member.
pub(crate) fn membership(st: &State, org_id: i64, user_id: i64) -> Option<OrgRole> {
    let u = st.users.get(&user_id)?;
    if let Some(r) = u.orgs.get(&org_id) {
        return Some(Some(*r));
    }
    st.orgs_admin
        .none_members
        .contains(&(org_id, user_id))
        .then_some(None)
}

/// Sets (adds or changes) a user's membership of `org_id`.
pub(crate) fn set_membership(st: &mut State, org_id: i64, user_id: i64, role: OrgRole) {
    match role {
        Some(r) => {
            st.orgs_admin.none_members.remove(&(org_id, user_id));
            if let Some(u) = st.users.get_mut(&user_id) {
                u.orgs.insert(org_id, r);
            }
        }
        None => {
            if let Some(u) = st.users.get_mut(&user_id) {
                u.orgs.remove(&org_id);
            }
            st.orgs_admin.none_members.insert((org_id, user_id));
        }
    }
}

/// Removes a user's membership of `org_id` (and resets the user's current
/// org when it was this one).
pub(crate) fn remove_membership(st: &mut State, org_id: i64, user_id: i64) {
    st.orgs_admin.none_members.remove(&(org_id, user_id));
    if let Some(u) = st.users.get_mut(&user_id) {
        u.orgs.remove(&org_id);
        if u.current_org == Some(org_id) {
            u.current_org = None;
        }
    }
}

/// Every org a user belongs to, with the role there, in org id order.
pub(crate) fn orgs_of_user(st: &State, user_id: i64) -> Vec<(i64, OrgRole)> {
    let mut out: Vec<(i64, OrgRole)> = st
        .users
        .get(&user_id)
        .map(|u| u.orgs.iter().map(|(o, r)| (*o, Some(*r))).collect())
        .unwrap_or_default();
    out.extend(
        st.orgs_admin
            .none_members
            .iter()
            .filter(|(_, u)| *u == user_id)
            .map(|(o, _)| (*o, None)),
    );
    out.sort_by_key(|(o, _)| *o);
    out
}

/// The members of an org with their roles, ordered by login then email
/// (the org store's default order in `SearchOrgUsers`).
pub(crate) fn members(st: &State, org_id: i64) -> Vec<(&User, OrgRole)> {
    let mut out: Vec<(&User, OrgRole)> = st
        .users
        .values()
        .filter_map(|u| membership(st, org_id, u.id).map(|r| (u, r)))
        .collect();
    out.sort_by(|a, b| (&a.0.login, &a.0.email).cmp(&(&b.0.login, &b.0.email)));
    out
}

/// The caller's permissions evaluated in `org_id` (`authorizeInOrg` with
/// `UseOrgFromContextParams`, `pkg/services/accesscontrol/middleware.go`): a
/// Grafana Admin holds every org action in every org; anyone else holds what
/// their basic role in that org grants. 401 when not signed in, the RBAC
/// 403 body otherwise.
pub(crate) fn authorize_in_org<'a>(
    ctx: &'a Ctx,
    org_id: i64,
    action: Action,
) -> Result<&'a Identity, Response> {
    let id = ctx.signed_in()?;
    if id.server_admin {
        return Ok(id);
    }
    let role = if id.is_service_account {
        (id.org_id == org_id).then_some(id.role).flatten()
    } else {
        membership(&ctx.app.state.read(), org_id, id.id).flatten()
    };
    if role::allows(role, action) {
        Ok(id)
    } else {
        Err(respond::rbac_denied(Evaluator::One(action)))
    }
}

/// Binds a body as `web.Bind` does for handlers that answer a binding error
/// with `response.Error(400, "bad request data", err)`: `{"message"}` only.
pub(crate) fn bind<T: DeserializeOwned>(ctx: &Ctx) -> Result<T, Response> {
    serde_json::from_slice(ctx.body).map_err(|_| bad_request())
}

/// 400 `{"message":"bad request data"}` (`response.Error`, no trace id).
pub(crate) fn bad_request() -> Response {
    respond::message(400, "bad request data")
}

/// A path id as the org handlers read it (`strconv.ParseInt`), with their
/// 400 `response.Error` (`"orgId is invalid"`, `"userId is invalid"`).
pub(crate) fn path_id(ctx: &Ctx, i: usize, msg: &str) -> Result<i64, Response> {
    ctx.param_at(i)
        .parse()
        .map_err(|_| respond::message(400, msg))
}

/// `OrgDetailsDTO` `{"id","name","address":{…}}`.
pub(crate) fn org_details(st: &State, org_id: i64) -> Option<Value> {
    let org = st.orgs.get(&org_id)?;
    let a = st
        .orgs_admin
        .addresses
        .get(&org_id)
        .cloned()
        .unwrap_or_default();
    Some(json!({
        "id": org_id,
        "name": org.name,
        "address": {
            "address1": a.address1,
            "address2": a.address2,
            "city": a.city,
            "zipCode": a.zip_code,
            "state": a.state,
            "country": a.country,
        },
    }))
}

/// `getOrgHelper` (`pkg/api/org.go`): 200 `OrgDetailsDTO` or 404
/// `Organization not found`.
pub(crate) fn org_details_response(st: &State, org_id: i64) -> ApiResult {
    org_details(st, org_id)
        .map(|v| respond::json(200, &v))
        .ok_or_else(|| respond::message(404, "Organization not found"))
}

/// Whether another org than `except` already has this name (the org
/// store's `isOrgNameTaken`: exact match).
fn name_taken(st: &State, name: &str, except: i64) -> bool {
    st.orgs
        .iter()
        .any(|(id, o)| *id != except && o.name == name)
}

/// `dtos.UpdateOrgForm` / `org.CreateOrgCommand`: `name` is
/// `binding:"Required"`.
#[derive(Deserialize)]
pub(crate) struct NameForm {
    #[serde(default, deserialize_with = "crate::api::body::nullable")]
    name: String,
}

/// `updateOrgHelper` (`pkg/api/org.go`): 400 `bad request data` for a
/// missing name, 400 `Organization name taken`, else renames.
pub(crate) fn update_org_name(ctx: &Ctx, org_id: i64, form: NameForm) -> ApiResult {
    if form.name.is_empty() {
        return Err(bad_request());
    }
    let mut st = ctx.app.state.write();
    if name_taken(&st, &form.name, org_id) {
        return Err(respond::message(400, "Organization name taken"));
    }
    // For an unknown org the org service updates no row and reports no error.
    if let Some(o) = st.orgs.get_mut(&org_id) {
        o.name = form.name;
    }
    Ok(respond::message(200, "Organization updated"))
}

/// `updateOrgAddressHelper` (`pkg/api/org.go`): binds
/// `dtos.UpdateOrgAddressForm` (Go matches JSON keys case-insensitively, so
/// `zipcode` and `zipCode` both bind) and answers `Address updated`.
pub(crate) fn update_org_address(ctx: &Ctx, org_id: i64) -> ApiResult {
    let obj: Map<String, Value> = bind(ctx)?;
    let mut a = Address::default();
    for (k, v) in obj {
        let v = match v {
            Value::String(s) => s,
            Value::Null => String::new(),
            _ => return Err(bad_request()),
        };
        match k.to_ascii_lowercase().as_str() {
            "address1" => a.address1 = v,
            "address2" => a.address2 = v,
            "city" => a.city = v,
            "zipcode" => a.zip_code = v,
            "state" => a.state = v,
            "country" => a.country = v,
            _ => {}
        }
    }
    let mut st = ctx.app.state.write();
    if st.orgs.contains_key(&org_id) {
        st.orgs_admin.addresses.insert(org_id, a);
    }
    Ok(respond::message(200, "Address updated"))
}

/// Last seen time of a user: the emulator records no sign-ins, so every
/// user looks as Grafana's user store leaves a new user who never signed
/// in: created minus ten years (`pkg/services/user/userimpl/store.go`).
pub(crate) fn last_seen(u: &User, now: i64) -> i64 {
    let created = if u.created == 0 { now } else { u.created };
    created - 10 * 365 * 86_400
}

/// `util.GetAgeString` (`pkg/util/strings.go`): the largest whole unit.
pub(crate) fn age_string(secs: i64) -> String {
    let minutes = secs / 60;
    let (years, months, days, hours) = (
        minutes / 525_600,
        minutes / 43_800,
        minutes / 1_440,
        minutes / 60,
    );
    if years > 0 {
        format!("{years}y")
    } else if months > 0 {
        format!("{months}M")
    } else if days > 0 {
        format!("{days}d")
    } else if hours > 0 {
        format!("{hours}h")
    } else if minutes > 0 {
        format!("{minutes}m")
    } else {
        "< 1 minute".to_string()
    }
}

/// `org.OrgUserDTO` (`pkg/services/org/model.go`); `authLabels` is `null`
/// (no external auth module), `accessControl` is omitted.
pub(crate) fn org_user_json(st: &State, org_id: i64, u: &User, role: OrgRole, now: i64) -> Value {
    let seen = last_seen(u, now);
    json!({
        "orgId": org_id,
        "userId": u.id,
        "uid": crate::api::users::user_uid(st, u.id),
        "email": u.email,
        "name": u.name,
        "avatarUrl": crate::avatar::gravatar_url(&u.email),
        "login": u.login,
        "role": role_name(role),
        "lastSeenAt": crate::clock::rfc3339(seen),
        "lastSeenAtAge": age_string(now - seen),
        "authLabels": null,
        "isExternallySynced": false,
        "isDisabled": u.disabled,
        "isProvisioned": false,
    })
}

/// The members of `org_id` as `OrgUserDTO`s, filtered by `query` (login,
/// email or name contains it, case-insensitively) and cut at `limit` (> 0).
pub(crate) fn org_users(st: &State, org_id: i64, query: &str, limit: i64, now: i64) -> Vec<Value> {
    let q = query.to_lowercase();
    let matches = |u: &User| {
        q.is_empty()
            || u.login.to_lowercase().contains(&q)
            || u.email.to_lowercase().contains(&q)
            || u.name.to_lowercase().contains(&q)
    };
    let it = members(st, org_id)
        .into_iter()
        .filter(|(u, _)| matches(u))
        .map(|(u, r)| org_user_json(st, org_id, u, r, now));
    if limit > 0 {
        it.take(limit as usize).collect()
    } else {
        it.collect()
    }
}

/// `org.AddOrgUserCommand`: both fields `binding:"Required"`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct AddUserForm {
    #[serde(default, deserialize_with = "crate::api::body::nullable")]
    login_or_email: String,
    #[serde(default, deserialize_with = "crate::api::body::nullable")]
    role: String,
}

/// `addOrgUserHelper` (`pkg/api/org_users.go`).
pub(crate) fn add_org_user(
    ctx: &Ctx,
    caller: &Identity,
    org_id: i64,
    form: AddUserForm,
) -> ApiResult {
    if form.login_or_email.is_empty() || form.role.is_empty() {
        return Err(bad_request());
    }
    let role =
        parse_role(&form.role).ok_or_else(|| respond::message(400, "Invalid role specified"))?;
    check_assignable(caller, role)?;
    let mut st = ctx.app.state.write();
    // `GetByLogin` matches the login, then the email.
    let user_id = st
        .users
        .values()
        .find(|u| u.login == form.login_or_email)
        .or_else(|| st.users.values().find(|u| u.email == form.login_or_email))
        .map(|u| u.id)
        .ok_or_else(|| respond::message(404, "User not found"))?;
    if membership(&st, org_id, user_id).is_some() {
        // `org.ErrOrgUserAlreadyAdded` → 409 with the user id.
        return Err(respond::json(
            409,
            &json!({"message": "User is already member of this organization", "userId": user_id}),
        ));
    }
    if !st.orgs.contains_key(&org_id) {
        // The org store refuses an unknown org; the handler reports any
        // other error as this 500.
        return Err(respond::message(500, "Could not add user to organization"));
    }
    set_membership(&mut st, org_id, user_id, role);
    Ok(respond::json(
        200,
        &json!({"message": "User added to organization", "userId": user_id}),
    ))
}

/// "Cannot assign a role higher than user's role" (`addOrgUserHelper`,
/// `updateOrgUserHelper`): the caller's role in its current org must
/// include the new role, unless the caller is a Grafana Admin.
fn check_assignable(caller: &Identity, role: OrgRole) -> Result<(), Response> {
    let includes = match (caller.role, role) {
        (_, None) => true,
        (Some(mine), Some(new)) => mine >= new,
        (None, Some(_)) => false,
    };
    if includes || caller.server_admin {
        Ok(())
    } else {
        Err(respond::message(
            403,
            "Cannot assign a role higher than user's role",
        ))
    }
}

/// Whether `org_id` would keep at least one Admin if `user_id`'s membership
/// became `new` (`validateOneAdminLeftInOrg` in the org store).
fn admin_left(st: &State, org_id: i64, user_id: i64, new: Option<OrgRole>) -> bool {
    st.users.values().any(|u| {
        let role = if u.id == user_id {
            new.flatten()
        } else {
            u.orgs.get(&org_id).copied()
        };
        role == Some(Role::Admin)
    })
}

/// `org.UpdateOrgUserCommand`: `role` is `binding:"Required"`.
#[derive(Deserialize)]
pub(crate) struct RoleForm {
    #[serde(default, deserialize_with = "crate::api::body::nullable")]
    role: String,
}

/// `updateOrgUserHelper` (`pkg/api/org_users.go`).
pub(crate) fn update_org_user(
    ctx: &Ctx,
    caller: &Identity,
    org_id: i64,
    user_id: i64,
    form: RoleForm,
) -> ApiResult {
    if form.role.is_empty() {
        return Err(bad_request());
    }
    let role =
        parse_role(&form.role).ok_or_else(|| respond::message(400, "Invalid role specified"))?;
    check_assignable(caller, role)?;
    let mut st = ctx.app.state.write();
    if membership(&st, org_id, user_id).is_none() {
        // `org.ErrOrgUserNotFound` is not mapped by the handler.
        return Err(respond::message(500, "Failed update org user"));
    }
    if !admin_left(&st, org_id, user_id, Some(role)) {
        return Err(respond::message(
            400,
            "Cannot change role so that there is no organization admin left",
        ));
    }
    set_membership(&mut st, org_id, user_id, role);
    Ok(respond::message(200, "Organization user updated"))
}

/// `removeOrgUserHelper` (`pkg/api/org_users.go`) over the org store's
/// `RemoveOrgUser`: 500 for an unknown user, 400 `Cannot remove last
/// organization admin`; with `delete_orphan` (the current-org route) a user
/// left in no org is deleted and the answer is `User deleted`.
pub(crate) fn remove_org_user(
    ctx: &Ctx,
    org_id: i64,
    user_id: i64,
    delete_orphan: bool,
) -> ApiResult {
    let mut st = ctx.app.state.write();
    if !st.users.contains_key(&user_id) {
        return Err(respond::message(
            500,
            "Failed to remove user from organization",
        ));
    }
    if membership(&st, org_id, user_id).is_some() && !admin_left(&st, org_id, user_id, None) {
        return Err(respond::message(
            400,
            "Cannot remove last organization admin",
        ));
    }
    remove_membership(&mut st, org_id, user_id);
    if delete_orphan && orgs_of_user(&st, user_id).is_empty() {
        crate::api::users::delete_user_everywhere(&mut st, user_id);
        return Ok(respond::message(200, "User deleted"));
    }
    Ok(respond::message(200, "User removed from organization"))
}

/// Deletes an org and what belongs to it (`org.Service.Delete` removes every
/// org-scoped table): memberships, folders, dashboards, snapshots, service
/// accounts and their tokens, data sources.
fn delete_org_everywhere(st: &mut State, org_id: i64) {
    st.orgs.remove(&org_id);
    st.orgs_admin.addresses.remove(&org_id);
    st.orgs_admin.none_members.retain(|(o, _)| *o != org_id);
    for u in st.users.values_mut() {
        u.orgs.remove(&org_id);
        if u.current_org == Some(org_id) {
            u.current_org = None;
        }
    }
    st.folders.retain(|(o, _), _| *o != org_id);
    st.dashboards.retain(|(o, _), _| *o != org_id);
    st.snapshots.retain(|_, s| s.org_id != org_id);
    let sas: BTreeSet<i64> = st
        .service_accounts
        .values()
        .filter(|sa| sa.org_id == org_id)
        .map(|sa| sa.id)
        .collect();
    st.service_accounts.retain(|id, _| !sas.contains(id));
    st.tokens.retain(|_, t| !sas.contains(&t.sa_id));
    st.datasources
        .rows
        .retain(|d| crate::store::Row::org_id(d) != org_id);
}

// ---------------------------------------------------------------------------
// Handlers
// ---------------------------------------------------------------------------

/// `POST /api/orgs` (`CreateOrg`): `authorizeInOrg(reqSignedIn, UseGlobalOrg,
/// orgs:create)`, which only a Grafana Admin holds while `allow_org_create`
/// is off. 400 `bad request data` without a name, 409 `Organization name
/// taken`; the creator becomes Admin of the new org (`CreateWithMember`).
fn create(ctx: &Ctx) -> ApiResult {
    let caller = ctx.require_server_admin(Evaluator::One(ORGS_CREATE))?;
    let form: NameForm = bind(ctx)?;
    if form.name.is_empty() {
        return Err(bad_request());
    }
    let mut st = ctx.app.state.write();
    if name_taken(&st, &form.name, 0) {
        return Err(respond::message(409, "Organization name taken"));
    }
    let org_id = st.create_org(&form.name);
    if caller.id != ADMIN_USER_ID {
        // `create_org` makes the built-in admin a member; Grafana adds the creator.
        if let Some(admin) = st.users.get_mut(&ADMIN_USER_ID) {
            admin.orgs.remove(&org_id);
        }
        set_membership(&mut st, org_id, caller.id, Some(Role::Admin));
    }
    Ok(respond::json(
        200,
        &json!({"orgId": org_id, "message": "Organization created"}),
    ))
}

/// `GET /api/orgs` (`SearchOrgs`): Grafana Admin. `query` (name contains,
/// case-insensitive as SQL `LIKE`), `name` (exact), `perpage` (≤ 0 → 1000)
/// and `page`; ordered by name; `[{"id","name"}]`.
fn search(ctx: &Ctx) -> ApiResult {
    ctx.require_server_admin(Evaluator::One(ORGS_READ))?;
    let q = ctx.query.get("query").unwrap_or("").to_lowercase();
    let name = ctx.query.get("name").unwrap_or("");
    let mut per_page = ctx.query.int("perpage");
    if per_page <= 0 {
        per_page = 1000;
    }
    let page = ctx.query.int("page");
    let offset = if page > 0 { (page - 1) * per_page } else { 0 };
    let st = ctx.app.state.read();
    let mut hits: Vec<(&i64, &crate::state::Org)> = st
        .orgs
        .iter()
        .filter(|(_, o)| q.is_empty() || o.name.to_lowercase().contains(&q))
        .filter(|(_, o)| name.is_empty() || o.name == name)
        .collect();
    hits.sort_by(|a, b| a.1.name.cmp(&b.1.name));
    let out: Vec<Value> = hits
        .into_iter()
        .skip(offset.max(0) as usize)
        .take(per_page as usize)
        .map(|(id, o)| json!({"id": id, "name": o.name}))
        .collect();
    Ok(respond::json(200, &Value::Array(out)))
}

/// `GET /api/orgs/name/{name}` (`GetOrgByName`): Grafana Admin; 404
/// `Organization not found`.
fn get_by_name(ctx: &Ctx) -> ApiResult {
    ctx.require_server_admin(Evaluator::One(ORGS_READ))?;
    let st = ctx.app.state.read();
    let id = st
        .orgs
        .iter()
        .find(|(_, o)| o.name == ctx.param())
        .map(|(id, _)| *id)
        .ok_or_else(|| respond::message(404, "Organization not found"))?;
    org_details_response(&st, id)
}

/// `GET /api/orgs/{orgId}` (`GetOrgByID`): `orgs:read` in that org; 400
/// `orgId is invalid`, 404 `Organization not found`.
fn get_by_id(ctx: &Ctx) -> ApiResult {
    let org_id = org_param(ctx, ORGS_READ)?;
    org_details_response(&ctx.app.state.read(), org_id)
}

/// The `{orgId}` parameter after the caller's `action` check in that org.
fn org_param(ctx: &Ctx, action: Action) -> Result<i64, Response> {
    match ctx.param().parse::<i64>() {
        Ok(org_id) => {
            authorize_in_org(ctx, org_id, action)?;
            Ok(org_id)
        }
        Err(_) => {
            ctx.require_server_admin(Evaluator::One(action))?;
            Err(respond::message(400, "orgId is invalid"))
        }
    }
}

/// `PUT /api/orgs/{orgId}` (`UpdateOrg`): `orgs:write` in that org;
/// `Organization updated`, 400 `Organization name taken`.
fn update(ctx: &Ctx) -> ApiResult {
    let org_id = org_param(ctx, ORGS_WRITE)?;
    let form: NameForm = bind(ctx)?;
    update_org_name(ctx, org_id, form)
}

/// `PUT /api/orgs/{orgId}/address` (`UpdateOrgAddress`): `Address updated`.
fn update_address(ctx: &Ctx) -> ApiResult {
    let org_id = org_param(ctx, ORGS_WRITE)?;
    update_org_address(ctx, org_id)
}

/// `DELETE /api/orgs/{orgId}` (`DeleteOrgByID`): Grafana Admin. 400 `Can not
/// delete org for current user` for the org the caller acts in, 404
/// `Failed to delete organization. ID not found`, else `Organization
/// deleted` and the org's data is gone.
fn delete(ctx: &Ctx) -> ApiResult {
    let caller = ctx.require_server_admin(Evaluator::One(ORGS_DELETE))?;
    let org_id = path_id(ctx, 0, "orgId is invalid")?;
    if caller.org_id == org_id {
        return Err(respond::message(400, "Can not delete org for current user"));
    }
    let mut st = ctx.app.state.write();
    if !st.orgs.contains_key(&org_id) {
        return Err(respond::message(
            404,
            "Failed to delete organization. ID not found",
        ));
    }
    delete_org_everywhere(&mut st, org_id);
    Ok(respond::message(200, "Organization deleted"))
}

/// `GET /api/orgs/{orgId}/users` (`GetOrgUsers`): `org.users:read` in that
/// org; `[OrgUserDTO]` (`[]` for an unknown org).
fn list_users(ctx: &Ctx) -> ApiResult {
    let org_id = org_param(ctx, ORG_USERS_READ)?;
    let st = ctx.app.state.read();
    Ok(respond::json(
        200,
        &Value::Array(org_users(&st, org_id, "", 0, ctx.now)),
    ))
}

/// `GET /api/orgs/{orgId}/users/search` (`SearchOrgUsers`): `query`,
/// `perpage` (≤ 0 → 1000), `page` (< 1 → 1); `{"orgUsers","totalCount",
/// "page","perPage"}`.
fn search_users(ctx: &Ctx) -> ApiResult {
    let org_id = org_param(ctx, ORG_USERS_READ)?;
    search_org_users_page(ctx, org_id)
}

/// The paged org-user search shared by `/api/orgs/{id}/users/search` and
/// `/api/org/users/search` (`SearchOrgUsersQueryResult`).
pub(crate) fn search_org_users_page(ctx: &Ctx, org_id: i64) -> ApiResult {
    let mut per_page = ctx.query.int("perpage");
    if per_page <= 0 {
        per_page = 1000;
    }
    let page = ctx.query.int("page").max(1);
    let st = ctx.app.state.read();
    let all = org_users(
        &st,
        org_id,
        ctx.query.get("query").unwrap_or(""),
        0,
        ctx.now,
    );
    let total = all.len();
    let users: Vec<Value> = all
        .into_iter()
        .skip(((page - 1) * per_page) as usize)
        .take(per_page as usize)
        .collect();
    Ok(respond::json(
        200,
        &json!({"totalCount": total, "orgUsers": users, "page": page, "perPage": per_page}),
    ))
}

/// `POST /api/orgs/{orgId}/users` (`AddOrgUser`).
fn add_user(ctx: &Ctx) -> ApiResult {
    let org_id = org_param(ctx, ORG_USERS_ADD)?;
    let caller = ctx.signed_in()?;
    let form: AddUserForm = bind(ctx)?;
    add_org_user(ctx, caller, org_id, form)
}

/// `PATCH /api/orgs/{orgId}/users/{userId}` (`UpdateOrgUser`).
fn update_user(ctx: &Ctx) -> ApiResult {
    let org_id = org_param(ctx, ORG_USERS_WRITE)?;
    let caller = ctx.signed_in()?;
    let form: RoleForm = bind(ctx)?;
    let user_id = path_id(ctx, 1, "userId is invalid")?;
    update_org_user(ctx, caller, org_id, user_id, form)
}

/// `DELETE /api/orgs/{orgId}/users/{userId}` (`RemoveOrgUser`): never
/// deletes the user.
fn remove_user(ctx: &Ctx) -> ApiResult {
    let user_id = path_id(ctx, 1, "userId is invalid");
    let org_id = org_param(ctx, ORG_USERS_REMOVE)?;
    remove_org_user(ctx, org_id, user_id?, false)
}
