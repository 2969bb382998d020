//! Service accounts (minimal): `POST /api/serviceaccounts`,
//! `GET /api/serviceaccounts/search`, `POST /api/serviceaccounts/{id}/tokens`.
//!
//! Source: `pkg/services/serviceaccounts/api/api.go`,
//! `pkg/services/serviceaccounts/errors.go` (errutil ids as recalled from
//! there; the exact public messages were not re-verified) and the spec's
//! `ServiceAccountDTO`, `NewApiKeyResult`, `SearchOrgServiceAccountsResult`.

use serde_json::{json, Value};

use super::{ApiResult, Ctx};
use crate::api::{body, respond};
use crate::role::{Action, Evaluator, Role};
use crate::routes::Route;
use crate::state::{ServiceAccount, State};

/// The routes of this area.
pub(crate) const ROUTES: &[Route] = &[
    Route::new("POST", "/api/serviceaccounts", create),
    Route::new("GET", "/api/serviceaccounts/search", search),
    Route::new(
        "POST",
        "/api/serviceaccounts/{serviceAccountId}/tokens",
        create_token,
    ),
];

fn bad() -> axum::response::Response {
    respond::message(400, "Bad request data")
}

fn role_name(r: Option<Role>) -> &'static str {
    r.map_or("None", Role::as_str)
}

/// `ServiceAccountDTO` in Grafana's field order.
fn dto(st: &State, sa: &ServiceAccount) -> Value {
    let tokens = st.tokens.values().filter(|t| t.sa_id == sa.id).count();
    json!({
        "id": sa.id,
        "uid": sa.uid,
        "name": sa.name,
        "login": sa.login,
        "orgId": sa.org_id,
        "isDisabled": sa.disabled,
        "role": role_name(sa.role),
        "tokens": tokens,
        "avatarUrl": "/avatar/00000000000000000000000000000000",
    })
}

/// `POST /api/serviceaccounts` `{name, role?, isDisabled?}`: needs
/// `serviceaccounts:create`. 400 `Bad request data` when the body does not
/// bind or `name` is empty (`binding:"Required"`); 400
/// `serviceaccounts.ErrInvalidRoleSpecified` for an unknown role; 403
/// `serviceaccounts.ErrRoleForbidden` for a role above the caller's; 400
/// `serviceaccounts.ErrAlreadyExists` for a name already used in the org.
/// `role` defaults to Viewer. 201 `ServiceAccountDTO`.
pub(crate) fn create(ctx: &Ctx) -> ApiResult {
    let who = ctx.require(Evaluator::One(Action::SERVICE_ACCOUNTS_CREATE))?;
    let body = body::parse_object(ctx.body).ok_or_else(bad)?;
    let name = body::str_field(&body, "name").ok_or_else(bad)?;
    let role = body::str_field(&body, "role").ok_or_else(bad)?;
    let disabled = body::bool_field(&body, "isDisabled").ok_or_else(bad)?;
    if name.is_empty() {
        return Err(bad());
    }
    let role: Option<Role> = match role.as_str() {
        "" => Some(Role::Viewer),
        "None" => None,
        other => Some(Role::parse(other).ok_or_else(|| {
            respond::errutil(
                400,
                "invalid role specified",
                "serviceaccounts.ErrInvalidRoleSpecified",
            )
        })?),
    };
    if role > who.role {
        return Err(respond::errutil(
            403,
            "can not assign a role higher than user's role",
            "serviceaccounts.ErrRoleForbidden",
        ));
    }
    let mut st = ctx.app.state.write();
    if st
        .service_accounts
        .values()
        .any(|s| s.org_id == who.org_id && s.name == name)
    {
        return Err(respond::errutil(
            400,
            "service account already exists",
            "serviceaccounts.ErrAlreadyExists",
        ));
    }
    let id = st.create_service_account(who.org_id, &name, role, disabled);
    let sa = st.service_accounts[&id].clone();
    Ok(respond::json(201, &dto(&st, &sa)))
}

/// `GET /api/serviceaccounts/search?query&perpage&page`: needs
/// `serviceaccounts:read`. `query` is a case-insensitive substring of name or
/// login; `perpage` default 1000; `page` 1-based. 200
/// `{"totalCount","serviceAccounts","page","perPage"}`.
pub(crate) fn search(ctx: &Ctx) -> ApiResult {
    let who = ctx.require(Evaluator::One(Action::SERVICE_ACCOUNTS_READ))?;
    let query = ctx.query.get("query").unwrap_or("").to_lowercase();
    let per_page = match ctx.query.int("perpage") {
        p if p < 1 => 1000,
        p => p,
    };
    let page = ctx.query.int("page").max(1);
    let st = ctx.app.state.read();
    let mut all: Vec<&ServiceAccount> = st
        .service_accounts
        .values()
        .filter(|s| s.org_id == who.org_id)
        .filter(|s| {
            query.is_empty()
                || s.name.to_lowercase().contains(&query)
                || s.login.to_lowercase().contains(&query)
        })
        .collect();
    all.sort_by_key(|s| s.name.to_lowercase());
    let total = all.len();
    let items: Vec<Value> = all
        .into_iter()
        .skip(((page - 1).saturating_mul(per_page)) as usize)
        .take(per_page as usize)
        .map(|s| dto(&st, s))
        .collect();
    Ok(respond::json(
        200,
        &json!({
            "totalCount": total,
            "serviceAccounts": items,
            "page": page,
            "perPage": per_page,
        }),
    ))
}

/// `POST /api/serviceaccounts/{id}/tokens` `{name, secondsToLive?}`: needs
/// `serviceaccounts:write`. 400 `Service Account ID is invalid` for a
/// non-numeric id; 404 `serviceaccounts.ErrNotFound` when the account is not
/// in the caller's org; 400 `Bad request data` when the body does not bind
/// or `name` is empty; 409 `serviceaccounts.ErrTokenAlreadyExists` for a
/// duplicate token name. `secondsToLive` > 0 sets an expiry on the test
/// clock. 200 `{"id","name","key"}` with a `glsa_` key.
pub(crate) fn create_token(ctx: &Ctx) -> ApiResult {
    let who = ctx.require(Evaluator::One(Action::SERVICE_ACCOUNTS_WRITE))?;
    let sa_id: i64 = ctx
        .param()
        .parse()
        .map_err(|_| respond::message(400, "Service Account ID is invalid"))?;
    let body = body::parse_object(ctx.body).ok_or_else(bad)?;
    let name = body::str_field(&body, "name").ok_or_else(bad)?;
    let ttl = body::int_field(&body, "secondsToLive").ok_or_else(bad)?;
    let mut st = ctx.app.state.write();
    if st
        .service_accounts
        .get(&sa_id)
        .is_none_or(|s| s.org_id != who.org_id)
    {
        return Err(respond::errutil(
            404,
            "service account not found",
            "serviceaccounts.ErrNotFound",
        ));
    }
    if name.is_empty() {
        return Err(bad());
    }
    if st
        .tokens
        .values()
        .any(|t| t.sa_id == sa_id && t.name == name)
    {
        return Err(respond::errutil(
            409,
            "service account token with given name already exists",
            "serviceaccounts.ErrTokenAlreadyExists",
        ));
    }
    let expires = (ttl > 0).then(|| ctx.now.saturating_add(ttl));
    let (id, key) = st.create_token(sa_id, &name, expires);
    Ok(respond::json(
        200,
        &json!({"id": id, "name": name, "key": key}),
    ))
}
