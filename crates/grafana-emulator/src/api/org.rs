//! The caller's current org (`pkg/api/org.go`, `pkg/api/org_users.go`; route
//! table in `pkg/api/api.go` `registerRoutes`, the `/api/org` groups):
//!
//! - `GET|PUT /api/org`, `PUT /api/org/address`
//! - `GET|POST /api/org/users`, `GET /api/org/users/search`,
//!   `GET /api/org/users/lookup`
//! - `PATCH|DELETE /api/org/users/{userId}`
//!
//! Org preferences (`/api/org/preferences`) belong to the preferences area.

use serde_json::{json, Value};

use super::{ApiResult, Ctx};
use crate::api::orgs::{
    self, AddUserForm, NameForm, RoleForm, ORGS_READ, ORGS_WRITE, ORG_USERS_ADD, ORG_USERS_READ,
    ORG_USERS_REMOVE, ORG_USERS_WRITE,
};
use crate::api::respond;
use crate::role::{Action, Evaluator, Role};
use crate::routes::Route;

/// `teams.permissions:write` (OSS lookup evaluator).
const TEAMS_PERMISSIONS_WRITE: Action = Action::new("teams.permissions:write", Role::Admin);
/// `dashboards.permissions:write` (OSS lookup evaluator).
const DASHBOARDS_PERMISSIONS_WRITE: Action =
    Action::new("dashboards.permissions:write", Role::Admin);
/// `folders.permissions:write` (OSS lookup evaluator).
const FOLDERS_PERMISSIONS_WRITE: Action = Action::new("folders.permissions:write", Role::Admin);

/// `GET /api/org/users/lookup` in OSS: any of these (`registerRoutes`,
/// `lookupEvaluator`).
const LOOKUP: &[Action] = &[
    ORG_USERS_READ,
    TEAMS_PERMISSIONS_WRITE,
    DASHBOARDS_PERMISSIONS_WRITE,
    FOLDERS_PERMISSIONS_WRITE,
];

/// The routes of this area.
pub(crate) const ROUTES: &[Route] = &[
    Route::new("GET", "/api/org", current),
    Route::new("PUT", "/api/org", update),
    Route::new("PUT", "/api/org/address", update_address),
    Route::new("GET", "/api/org/users", users),
    Route::new("GET", "/api/org/users/search", users_search),
    Route::new("GET", "/api/org/users/lookup", users_lookup),
    Route::new("POST", "/api/org/users", add_user),
    Route::new("PATCH", "/api/org/users/{userId}", update_user),
    Route::new("DELETE", "/api/org/users/{userId}", remove_user),
];

/// `GET /api/org` (`GetCurrentOrg`): `authorize(orgs:read)`, which every
/// basic role holds. 200 `OrgDetailsDTO` `{"id","name","address"}`. A user
/// acting in an org they do not belong to has no role there (org `-1`, see
/// `crate::auth`) and gets the RBAC 403 (fidelity audit O1).
pub(crate) fn current(ctx: &Ctx) -> ApiResult {
    let who = ctx.require(Evaluator::One(ORGS_READ))?;
    orgs::org_details_response(&ctx.app.state.read(), who.org_id)
}

/// `PUT /api/org` (`UpdateCurrentOrg`): `orgs:write`; `{"name"}` →
/// `Organization updated`, 400 `Organization name taken`, 400 `bad request
/// data` without a name.
fn update(ctx: &Ctx) -> ApiResult {
    let who = ctx.require(Evaluator::One(ORGS_WRITE))?;
    let form: NameForm = orgs::bind(ctx)?;
    orgs::update_org_name(ctx, who.org_id, form)
}

/// `PUT /api/org/address` (`UpdateCurrentOrgAddress`): `orgs:write`;
/// `Address updated`.
fn update_address(ctx: &Ctx) -> ApiResult {
    let who = ctx.require(Evaluator::One(ORGS_WRITE))?;
    orgs::update_org_address(ctx, who.org_id)
}

/// `GET /api/org/users` (`GetOrgUsersForCurrentOrg`): `org.users:read`;
/// `[OrgUserDTO]`, filtered by `query` and cut at `limit`.
fn users(ctx: &Ctx) -> ApiResult {
    let who = ctx.require(Evaluator::One(ORG_USERS_READ))?;
    let st = ctx.app.state.read();
    let list = orgs::org_users(
        &st,
        who.org_id,
        ctx.query.get("query").unwrap_or(""),
        ctx.query.int("limit"),
        ctx.now,
    );
    Ok(respond::json(200, &Value::Array(list)))
}

/// `GET /api/org/users/search` (`SearchOrgUsersWithPaging`):
/// `org.users:read`; `{"totalCount","orgUsers","page","perPage"}`.
fn users_search(ctx: &Ctx) -> ApiResult {
    let who = ctx.require(Evaluator::One(ORG_USERS_READ))?;
    orgs::search_org_users_page(ctx, who.org_id)
}

/// `GET /api/org/users/lookup` (`GetOrgUsersForCurrentOrgLookup`): any of
/// the OSS lookup permissions; `[{"userId","uid","login","avatarUrl"}]`
/// (`dtos.UserLookupDTO`, the handler leaves `uid` empty).
fn users_lookup(ctx: &Ctx) -> ApiResult {
    let who = ctx.require(Evaluator::Any(LOOKUP))?;
    let st = ctx.app.state.read();
    let list: Vec<Value> = orgs::org_users(
        &st,
        who.org_id,
        ctx.query.get("query").unwrap_or(""),
        ctx.query.int("limit"),
        ctx.now,
    )
    .into_iter()
    .map(|u| {
        json!({
            "userId": u["userId"],
            "uid": "",
            "login": u["login"],
            "avatarUrl": u["avatarUrl"],
        })
    })
    .collect();
    Ok(respond::json(200, &Value::Array(list)))
}

/// `POST /api/org/users` (`AddOrgUserToCurrentOrg`): `org.users:add`;
/// `{"loginOrEmail","role"}` → `{"message":"User added to organization",
/// "userId"}`; 404 `User not found`, 409 `User is already member of this
/// organization` (with `userId`), 400 `Invalid role specified`.
fn add_user(ctx: &Ctx) -> ApiResult {
    let who = ctx.require(Evaluator::One(ORG_USERS_ADD))?;
    let form: AddUserForm = orgs::bind(ctx)?;
    orgs::add_org_user(ctx, who, who.org_id, form)
}

/// `PATCH /api/org/users/{userId}` (`UpdateOrgUserForCurrentOrg`):
/// `org.users:write`; `{"role"}` → `Organization user updated`; 400
/// `Cannot change role so that there is no organization admin left`.
fn update_user(ctx: &Ctx) -> ApiResult {
    let who = ctx.require(Evaluator::One(ORG_USERS_WRITE))?;
    let form: RoleForm = orgs::bind(ctx)?;
    let user_id = orgs::path_id(ctx, 0, "userId is invalid")?;
    orgs::update_org_user(ctx, who, who.org_id, user_id, form)
}

/// `DELETE /api/org/users/{userId}` (`RemoveOrgUserForCurrentOrg`):
/// `org.users:remove`; `User removed from organization`, or `User deleted`
/// when the user belonged to no other org (`ShouldDeleteOrphanedUser`); 400
/// `Cannot remove last organization admin`.
fn remove_user(ctx: &Ctx) -> ApiResult {
    let who = ctx.require(Evaluator::One(ORG_USERS_REMOVE))?;
    let user_id = orgs::path_id(ctx, 0, "userId is invalid")?;
    orgs::remove_org_user(ctx, who.org_id, user_id, true)
}
